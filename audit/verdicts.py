"""Editors' verdicts on findings, from the HTML report into the project's configuration.

In the HTML report an editor marks a finding "wrong" (a false positive: never show it again)
or "fixed" (the copy was corrected). The page keeps the marks in its local storage and
downloads them as an ``audit.toml`` fragment (``ignore_fingerprints = [...]``, the "wrong"
ones) or as JSON (every verdict, with article, check and quoted text). ``audit verdicts
import FILE`` merges either into the project's ``audit.toml`` (or ``[tool.audit]`` of a
``pyproject.toml``) with tomlkit, so the file's comments, order and formatting survive:
only the new fingerprints are appended, each with a comment saying what it silenced.

"fixed" verdicts are not imported: a fixed finding disappears from the next run by itself,
and suppressing it would hide the same mistake if it came back.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

import tomlkit
from tomlkit.exceptions import TOMLKitError

FINGERPRINT = re.compile(r"^[0-9a-f]{12}$")
VERDICTS = ("wrong", "fixed")
JSON_KIND = "audit-verdicts"


class VerdictError(ValueError):
    """The download or the configuration cannot be read; the message says where and why."""


@dataclass(frozen=True)
class Verdict:
    fingerprint: str
    verdict: str  # "wrong" or "fixed"
    note: str = ""  # "article: code “text”", written as the comment beside the fingerprint


def read_verdicts(path: Path) -> list[Verdict]:
    """The verdicts in a download: the JSON file or the ``audit.toml`` fragment."""
    try:
        raw = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise VerdictError(f"cannot read {path}: {getattr(exc, 'strerror', None) or exc}") from None
    if raw.lstrip().startswith("{"):
        return _from_json(raw, path)
    try:
        document = tomlkit.parse(raw)
    except TOMLKitError as exc:
        raise VerdictError(f"{path}: neither verdicts JSON nor a TOML fragment: {exc}") from None
    table = document.get("tool", {}).get("audit", document) if "tool" in document else document
    values = table.get("ignore_fingerprints")
    if not isinstance(values, list):
        raise VerdictError(f"{path}: no ignore_fingerprints list in the fragment")
    return [Verdict(_checked(str(v), path), "wrong") for v in values]


def _from_json(raw: str, path: Path) -> list[Verdict]:
    try:
        data = json.loads(raw)
    except json.JSONDecodeError as exc:
        raise VerdictError(f"{path}: malformed JSON at line {exc.lineno}, column {exc.colno}: "
                           f"{exc.msg}") from None
    if not isinstance(data, dict) or data.get("kind") != JSON_KIND or not isinstance(
            data.get("verdicts"), list):
        raise VerdictError(f"{path}: not an audit verdicts download (expected "
                           f"{{\"kind\": \"{JSON_KIND}\", \"verdicts\": [...]}})")
    out = []
    for number, item in enumerate(data["verdicts"]):
        if not isinstance(item, dict) or item.get("verdict") not in VERDICTS:
            raise VerdictError(f"{path}: verdict {number}: expected {{\"fingerprint\", \"verdict\": "
                               f"\"wrong\" or \"fixed\"}}")
        note = f"{item.get('article', '?')}: {item.get('code', '?')} “{item.get('text', '')}”"
        out.append(Verdict(_checked(str(item.get("fingerprint")), path), item["verdict"],
                           " ".join(note.split())[:120]))
    return out


def _checked(fingerprint: str, path: Path) -> str:
    if not FINGERPRINT.match(fingerprint):
        raise VerdictError(f"{path}: {fingerprint!r} is not a finding fingerprint (12 hex digits)")
    return fingerprint


@dataclass
class ImportResult:
    config: Path
    added: list[str]
    already: int
    fixed: int
    created: bool


def import_verdicts(download: Path, config: Path | None, default: Path) -> ImportResult:
    """Merge the "wrong" verdicts of ``download`` into ``config`` (or create ``default``).

    The file is rewritten only when something is added, atomically, with everything it had
    kept as it was: comments, key order, quoting, blank lines."""
    verdicts = read_verdicts(download)
    wrong = list(dict.fromkeys(v.fingerprint for v in verdicts if v.verdict == "wrong"))
    notes = {v.fingerprint: v.note for v in verdicts if v.note}
    fixed = sum(v.verdict == "fixed" for v in verdicts)
    path = config or default
    created = not path.exists()
    try:
        document = tomlkit.document() if created else tomlkit.parse(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise VerdictError(f"cannot read {path}: {getattr(exc, 'strerror', None) or exc}") from None
    except TOMLKitError as exc:
        raise VerdictError(f"{path}: invalid TOML: {exc}") from None
    table = document
    if path.name == "pyproject.toml":
        tool = document.setdefault("tool", tomlkit.table())
        table = tool.setdefault("audit", tomlkit.table())
    current = table.get("ignore_fingerprints")
    if current is not None and not isinstance(current, list):
        raise VerdictError(f"{path}: ignore_fingerprints must be a list of strings")
    if current is None:
        current = tomlkit.array()
        table["ignore_fingerprints"] = current  # tomlkit places it before the first [table]
    existing = {str(v) for v in current}
    added = [f for f in wrong if f not in existing]
    for fingerprint in added:
        current.add_line(fingerprint, comment=notes.get(fingerprint) or None)
    if added:
        current.add_line(indent="")  # the closing bracket on its own line
    if added or created:
        _write_atomically(path, tomlkit.dumps(document))
    return ImportResult(path, added, len(wrong) - len(added), fixed, created)


def _write_atomically(path: Path, text: str) -> None:
    from audit.fix import AtomicFile

    atomic = AtomicFile(path)
    try:
        atomic.handle.write(text.encode("utf-8"))
        atomic.commit()
    except BaseException:
        atomic.discard()
        raise
