"""The reproducibility signature: one short line saying what produced a report.

Like sacrebleu's ``nrefs:1|case:mixed|tok:13a|…|version:2.x`` printed with every score, so
that a changed figure can be told from a changed setup::

    audit:0.1.0|detector:py3langid-0.3.0|config:3f9a1c2e|data:b41d07aa|bt:off

* ``audit``: the version; ``detector``: the language detector(s) that ran, with versions;
* ``config``: a hash of the effective configuration (the file's settings after defaults, and
  the back-translation options that change findings), not of the file's bytes;
* ``data``: a hash of every file under ``audit/data/`` (lexicons, registries, language
  packs), whatever adds them: a new data file changes the signature without a code change;
* ``bt``: ``off``, or the Argos models that ran and the beam size (``bt:en_id-1.9,id_en-1.9|beam:2``).

``audit diff`` compares the signatures of two reports and warns when they differ.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
from functools import lru_cache
from pathlib import Path
from typing import Any, Iterable

from audit import __version__, versions

DATA_DIR = Path(__file__).resolve().parent / "data"
_BT_SETTINGS = ("enabled", "threshold", "min_words", "via")  # what changes findings


def compute(config: Any, backtranslate: Any = None, detectors: Iterable[str] = (),
            models: Iterable[str] = (), data_dir: Path = DATA_DIR) -> str:
    """The signature of a run: ``config`` a ``Config``, ``backtranslate`` its
    ``BacktranslateOptions``; ``detectors`` and ``models`` as the articles report them."""
    parts = [f"audit:{__version__}"]
    names = sorted(set(detectors)) or [str(getattr(config, "detector", None) or "unknown")]
    parts.append("detector:" + ",".join(_versioned(n) for n in names))
    parts.append(f"config:{config_hash(config, backtranslate)}")
    parts.append(f"data:{data_hash(data_dir)}")
    used = sorted(set(models))
    if backtranslate is None or not getattr(backtranslate, "enabled", False):
        parts.append("bt:off")
    elif not used:
        parts.append("bt:none")  # enabled, but no article could be round-tripped
    else:
        parts.append("bt:" + ",".join(used))
        parts.append(f"beam:{getattr(backtranslate, 'beam_size', '?')}")
    return "|".join(parts)


def parts(signature: str) -> dict[str, str]:
    """``{"audit": "0.1.0", "config": "3f9a1c2e", …}`` of a signature string."""
    out = {}
    for part in str(signature).split("|"):
        key, _, value = part.partition(":")
        out[key] = value
    return out


def differences(old: str, new: str) -> list[str]:
    """The components two signatures disagree on, in signature order (``["config"]``)."""
    a, b = parts(old), parts(new)
    return [key for key in dict.fromkeys([*a, *b]) if a.get(key) != b.get(key)]


def config_hash(config: Any, backtranslate: Any = None) -> str:
    settings = {"config": _canonical(config, skip={"path"})}
    if backtranslate is not None:
        settings["backtranslation"] = {k: _canonical(getattr(backtranslate, k, None))
                                       for k in _BT_SETTINGS}
    text = json.dumps(settings, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:8]


@lru_cache(maxsize=8)
def data_hash(data_dir: Path = DATA_DIR) -> str:
    """Every file under ``data_dir`` (recursively, names and bytes, hidden files and caches
    left out): the lexicons and packs audit loads."""
    digest = hashlib.sha256()
    root = Path(data_dir)
    for path in sorted(p for p in root.rglob("*") if p.is_file()):
        relative = path.relative_to(root)
        if any(part.startswith(".") or part == "__pycache__" for part in relative.parts):
            continue
        digest.update(relative.as_posix().encode("utf-8") + b"\0")
        digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()[:8]


def _canonical(value: Any, skip: frozenset[str] | set[str] = frozenset()) -> Any:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: _canonical(getattr(value, f.name)) for f in dataclasses.fields(value)
                if f.name not in skip}
    if isinstance(value, dict):
        return {str(k): _canonical(v) for k, v in value.items()}
    if isinstance(value, (set, frozenset)):
        return sorted((_canonical(v) for v in value), key=repr)
    if isinstance(value, (list, tuple)):
        return [_canonical(v) for v in value]
    if isinstance(value, Path):
        return str(value)
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    return repr(value)


def _versioned(detector: str) -> str:
    found = versions.version(detector)  # importlib.metadata's, without importing it (start-up)
    return detector if found is None else f"{detector}-{found}"
