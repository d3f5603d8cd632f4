"""Argos Translate packages on disk: where they live, list, install, remove, package index.

Packages are stored exactly where and how argostranslate stores them (one folder per
package with ``metadata.json``, ``model/`` and a tokenizer), so ``argos-translate`` and
audit share them. What we do differently, and why:

* The models folder is resolved at call time from ``--models-dir`` or argostranslate's own
  settings (``ARGOS_PACKAGES_DIR``, its settings.json, ``XDG_DATA_HOME``) and passed
  explicitly everywhere, instead of patching argostranslate's import-time globals.
* Install validates the archive and swaps the folder in atomically, so an interrupted
  install never leaves a half-extracted package that breaks every later listing
  (argostranslate's ``get_installed_packages`` raises on such a folder).
* The package index is fetched with a timeout and a clear one-line error: offline,
  argostranslate's ``get_available_packages`` recurses forever.
* Nothing here imports ``argostranslate.translate`` (2.6 s: stanza and torch).
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sys
import tempfile
import zipfile
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any, Callable

INDEX_TIMEOUT = 20.0  # seconds, for the index and each download connection
USER_AGENT = "audit (argostranslate-compatible)"
_HASH_WHOLE_LIMIT = 8 << 20  # files up to 8 MiB are hashed whole
_HASH_EDGE = 1 << 20  # bigger ones: size + first and last MiB


class ModelsError(Exception):
    """A models operation failed; ``str(error)`` is one line meant for the user."""


def _settings():
    """argostranslate's settings module (imported lazily: it creates its folders on import)."""
    from argostranslate import settings

    return settings


def default_models_dir() -> Path:
    """Where argostranslate installs packages, honouring its variables at call time."""
    settings = _settings()
    fallback = Path(os.getenv("XDG_DATA_HOME", str(Path.home() / ".local" / "share")))
    value = settings.get_setting("ARGOS_PACKAGES_DIR",
                                 default=str(fallback / "argos-translate" / "packages"))
    return Path(value).expanduser()


def search_dirs(models_dir: Path | None) -> list[Path]:
    """Folders to look for installed packages in: ``models_dir`` alone when given."""
    if models_dir is not None:
        return [Path(models_dir)]
    dirs = [default_models_dir()]
    for extra in getattr(_settings(), "package_dirs", [])[1:]:  # snap bundles
        if Path(extra) not in dirs:
            dirs.append(Path(extra))
    return dirs


@dataclass(eq=False)
class InstalledModel:
    """One installed translate package: an ``argostranslate.package.Package`` plus identity."""

    id: str
    from_code: str
    to_code: str
    version: str
    path: Path
    from_name: str = ""
    to_name: str = ""
    package: Any = field(default=None, repr=False)
    _fingerprint: str | None = field(default=None, repr=False)

    @property
    def pair(self) -> tuple[str, str]:
        return (self.from_code, self.to_code)

    @property
    def fingerprint(self) -> str:
        """Content hash of the package files (part of every cache key), computed once."""
        if self._fingerprint is None:
            self._fingerprint = package_fingerprint(self.path)
        return self._fingerprint

    def describe(self) -> dict[str, Any]:
        return {"id": self.id, "from": self.from_code, "to": self.to_code,
                "version": self.version, "path": str(self.path)}


def package_fingerprint(path: Path) -> str:
    """sha256 over the package's files: names, sizes and contents (edges of big files).

    Reinstalling the same package keeps the fingerprint (mtimes are ignored), any other
    model or tokenizer gets a new one, and a 100 MB ``model.bin`` costs two 1 MiB reads.
    """
    digest = hashlib.sha256()
    for file in sorted(p for p in Path(path).rglob("*") if p.is_file()):
        rel = file.relative_to(path).as_posix()
        if rel.startswith("README") or "/." in f"/{rel}":
            continue
        size = file.stat().st_size
        digest.update(f"{rel}\0{size}\0".encode())
        with open(file, "rb") as handle:
            if size <= _HASH_WHOLE_LIMIT:
                digest.update(handle.read())
            else:
                digest.update(handle.read(_HASH_EDGE))
                handle.seek(size - _HASH_EDGE)
                digest.update(handle.read(_HASH_EDGE))
    return digest.hexdigest()


def package_id(metadata: dict[str, Any]) -> str:
    """The package's code (``translate-en_id``), as argospm names it when metadata has none."""
    code = metadata.get("code")
    if isinstance(code, str) and code:
        return code
    return f"{metadata.get('type', 'translate')}-{metadata.get('from_code')}_{metadata.get('to_code')}"


def _load(path: Path) -> InstalledModel:
    from argostranslate.package import Package

    pkg = Package(path)
    metadata = json.loads((path / "metadata.json").read_text(encoding="utf-8"))
    return InstalledModel(
        id=package_id(metadata), from_code=pkg.from_code, to_code=pkg.to_code,
        version=str(pkg.package_version or ""), path=path, from_name=pkg.from_name or "",
        to_name=pkg.to_name or "", package=pkg)


def scan(models_dir: Path | None = None) -> tuple[list[InstalledModel], list[str]]:
    """Installed translate packages, and one line per folder that is not a usable package."""
    models: list[InstalledModel] = []
    problems: list[str] = []
    for folder in search_dirs(models_dir):
        if not folder.is_dir():
            continue
        for path in sorted(folder.iterdir()):
            if not path.is_dir() or path.name.startswith("."):
                continue
            try:
                model = _load(path)
            except Exception as exc:  # a broken folder must not hide the good ones
                problems.append(f"{path}: not a usable Argos package ({exc})")
                continue
            if getattr(model.package, "type", "translate") != "translate":
                continue
            if not model.from_code or not model.to_code:
                problems.append(f"{path}: metadata.json has no from_code/to_code")
                continue
            if not (path / "model").is_dir():
                problems.append(f"{path}: no model/ folder")
                continue
            models.append(model)
    return models, problems


def installed_models(models_dir: Path | None = None) -> list[InstalledModel]:
    return scan(models_dir)[0]


def best_by_pair(models: list[InstalledModel]) -> dict[tuple[str, str], InstalledModel]:
    """One package per (from, to): the highest version, then the first found."""
    chosen: dict[tuple[str, str], InstalledModel] = {}
    for model in models:
        current = chosen.get(model.pair)
        if current is None or _version_key(model.version) > _version_key(current.version):
            chosen[model.pair] = model
    return chosen


def _version_key(version: str) -> tuple:
    from packaging.version import InvalidVersion, Version

    try:
        return (1, Version(version))
    except InvalidVersion:
        return (0, version)


# --- install / remove -----------------------------------------------------------------


def read_archive_metadata(archive: Path) -> tuple[str, dict[str, Any]]:
    """Validate a ``.argosmodel`` and return (top-level folder, metadata)."""
    archive = Path(archive)
    if not archive.is_file():
        raise ModelsError(f"{archive}: no such file")
    if not zipfile.is_zipfile(archive):
        raise ModelsError(f"{archive}: not an Argos model (must be a zip archive)")
    with zipfile.ZipFile(archive) as zf:
        names = zf.namelist()
        tops = {PurePosixPath(n).parts[0] for n in names if PurePosixPath(n).parts}
        for name in names:
            parts = PurePosixPath(name).parts
            if name.startswith("/") or ".." in parts or (parts and ":" in parts[0]):
                raise ModelsError(f"{archive}: unsafe path in archive: {name}")
        if len(tops) != 1:
            raise ModelsError(f"{archive}: expected one top-level folder, found {len(tops)}")
        top = tops.pop()
        try:
            metadata = json.loads(zf.read(f"{top}/metadata.json").decode("utf-8"))
        except KeyError:
            raise ModelsError(f"{archive}: no {top}/metadata.json") from None
        except (ValueError, UnicodeDecodeError) as exc:
            raise ModelsError(f"{archive}: metadata.json is not valid JSON: {exc}") from None
        if not isinstance(metadata, dict):
            raise ModelsError(f"{archive}: metadata.json must hold an object")
        if metadata.get("type", "translate") == "translate":
            if not metadata.get("from_code") or not metadata.get("to_code"):
                raise ModelsError(f"{archive}: metadata.json has no from_code/to_code")
            if f"{top}/model/model.bin" not in names:
                raise ModelsError(f"{archive}: no {top}/model/model.bin")
    return top, metadata


def install_archive(archive: Path, models_dir: Path | None = None) -> InstalledModel:
    """Install a ``.argosmodel`` file (offline); replaces an installed copy of it."""
    top, metadata = read_archive_metadata(archive)
    if metadata.get("type", "translate") != "translate":
        raise ModelsError(f"{archive}: a {metadata.get('type')!r} package, not a translate one")
    target_root = Path(models_dir) if models_dir is not None else default_models_dir()
    target_root.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".installing-", dir=target_root))
    try:
        with zipfile.ZipFile(archive) as zf:
            zf.extractall(staging)
        target = target_root / top
        if target.exists():
            old = Path(tempfile.mkdtemp(prefix=".removing-", dir=target_root))
            os.replace(target, old / top)
            os.replace(staging / top, target)
            shutil.rmtree(old, ignore_errors=True)
        else:
            os.replace(staging / top, target)
    except OSError as exc:
        raise ModelsError(f"cannot install {archive} into {target_root}: {exc}") from exc
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    _forget_argos_language_cache()
    return _load(target)


def remove_model(model: InstalledModel) -> None:
    try:
        shutil.rmtree(model.path)
    except OSError as exc:
        raise ModelsError(f"cannot remove {model.path}: {exc}") from exc
    _forget_argos_language_cache()


def _forget_argos_language_cache() -> None:
    """Keep argostranslate's cached language list honest, without importing it ourselves."""
    translate = sys.modules.get("argostranslate.translate")
    if translate is not None:
        translate.get_installed_languages.cache_clear()


# --- package index and download -------------------------------------------------------


def index_url() -> str:
    return str(_settings().remote_package_index)


def offline_error(url: str, reason: object) -> ModelsError:
    return ModelsError(f"cannot reach the Argos package index at {url}: {reason}; "
                       "install a local file with `audit models install PATH.argosmodel`")


def _reason(exc: BaseException) -> str:
    import urllib.error

    if isinstance(exc, urllib.error.URLError) and not isinstance(exc, urllib.error.HTTPError):
        return str(exc.reason)
    return str(exc) or type(exc).__name__


def fetch_index(url: str | None = None, timeout: float = INDEX_TIMEOUT) -> list[dict[str, Any]]:
    """Download the package index, store it where argostranslate keeps it, return it."""
    import urllib.request

    url = url or index_url()
    try:
        request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT})
        with urllib.request.urlopen(request, timeout=timeout) as response:
            data = response.read()
    except Exception as exc:  # URLError, timeouts, refused sockets: all mean "offline"
        raise offline_error(url, _reason(exc)) from exc
    try:
        index = json.loads(data.decode("utf-8"))
    except (ValueError, UnicodeDecodeError) as exc:
        raise ModelsError(f"the Argos package index at {url} is not valid JSON: {exc}") from exc
    if not isinstance(index, list):
        raise ModelsError(f"the Argos package index at {url} is not a list of packages")
    try:
        local = Path(_settings().local_package_index)
        local.parent.mkdir(parents=True, exist_ok=True)
        tmp = local.with_name(local.name + ".part")
        tmp.write_bytes(data)
        os.replace(tmp, local)
    except OSError:
        pass  # a read-only data folder must not stop an install
    return [entry for entry in index if isinstance(entry, dict)]


def find_available(index: list[dict[str, Any]], from_code: str,
                   to_code: str) -> dict[str, Any] | None:
    """The newest translate package for (from, to) in the index, or None."""
    matches = [entry for entry in index
               if entry.get("type", "translate") == "translate"
               and entry.get("from_code") == from_code and entry.get("to_code") == to_code]
    if not matches:
        return None
    return max(matches, key=lambda e: _version_key(str(e.get("package_version", ""))))


ProgressCallback = Callable[[int, "int | None"], None]


def download(links: list[str], dest: Path, progress: ProgressCallback | None = None,
             timeout: float = INDEX_TIMEOUT) -> Path:
    """Stream the first link that works to ``dest`` (via ``dest.part``); report progress."""
    import urllib.request

    errors: list[str] = []
    for link in links:
        part = dest.with_name(dest.name + ".part")
        try:
            request = urllib.request.Request(link, headers={"User-Agent": USER_AGENT})
            with urllib.request.urlopen(request, timeout=timeout) as response, \
                    open(part, "wb") as out:
                length = response.headers.get("Content-Length") if response.headers else None
                total = int(length) if length and length.isdigit() else None
                done = 0
                if progress:
                    progress(0, total)
                while chunk := response.read(1 << 20):
                    out.write(chunk)
                    done += len(chunk)
                    if progress:
                        progress(done, total)
            os.replace(part, dest)
            return dest
        except Exception as exc:
            part.unlink(missing_ok=True)
            errors.append(f"{link}: {_reason(exc)}")
    raise ModelsError("download failed: " + ("; ".join(errors) or "the package has no links"))


def install_pair(from_code: str, to_code: str, models_dir: Path | None = None,
                 progress: ProgressCallback | None = None,
                 index: list[dict[str, Any]] | None = None) -> InstalledModel:
    """Download the (from, to) package from the Argos index and install it."""
    index = fetch_index() if index is None else index
    entry = find_available(index, from_code, to_code)
    if entry is None:
        pairs = sorted({f"{e.get('from_code')}→{e.get('to_code')}" for e in index
                        if from_code in (e.get("from_code"), e.get("to_code"))
                        or to_code in (e.get("from_code"), e.get("to_code"))})
        hint = f" (related: {', '.join(pairs)})" if pairs else ""
        raise ModelsError(f"the Argos package index has no {from_code}→{to_code} package{hint}")
    links = [link for link in entry.get("links", []) if isinstance(link, str)]
    downloads = Path(tempfile.mkdtemp(prefix="audit-download-"))
    try:
        path = download(links, downloads / f"{package_id(entry)}.argosmodel", progress)
        return install_archive(path, models_dir)
    finally:
        shutil.rmtree(downloads, ignore_errors=True)
