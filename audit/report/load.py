"""Reading a saved report back (``audit report``, ``audit diff``) into the model's dataclasses.

Accepted: the JSON document of ``--format json`` (``{"version", "schema", "articles",
"summary"}``), the JSONL of ``--format jsonl`` (one article a line), a JSON list of articles
or a single article object. Every article is parsed into an :class:`~audit.model.ArticleReport`
(:func:`parse_article`, driven by the dataclasses' type hints): a missing optional field takes
its default, and anything of the wrong type is refused with a :class:`ReportError` that names
the file, the line or the article and the field, so the CLI can print it and exit 2. Writers
then get the model's own JSON form (``report.to_dict()``), exactly what ``audit run`` gives
them, never a saved dict as found.
"""

from __future__ import annotations

import json
import sys
from dataclasses import MISSING, dataclass, field, fields, is_dataclass
from functools import lru_cache
from pathlib import Path
from types import UnionType
from typing import TYPE_CHECKING, Any, Union, get_args, get_origin, get_type_hints

from audit.model import SEVERITIES, ArticleReport
from audit.report import SCHEMA_VERSION

if TYPE_CHECKING:
    from audit.summary import Summary


class ReportError(Exception):
    """A saved report that cannot be used; the message is meant for the user."""


@dataclass
class SavedReport:
    path: str
    reports: list[ArticleReport]
    summary: dict | None = None      # as saved (None for JSONL, lists and single articles)
    version: str | None = None       # audit version that wrote it, when known
    schema: int | None = None
    notes: list[str] = field(default_factory=list)  # harmless oddities worth a warning

    @property
    def articles(self) -> list[dict]:
        """The articles in the JSON contract's form, as ``audit run`` hands them to writers."""
        return [report.to_dict() for report in self.reports]


def load_report(path: str | Path) -> SavedReport:
    """Read and validate a saved report (``"-"`` reads stdin)."""
    name = str(path)
    raw = _read_bytes(name)
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ReportError(f"{name}: not UTF-8 text (invalid byte at offset {exc.start}); "
                          "is this an audit JSON report?") from None
    if not text.strip():
        raise ReportError(f"{name}: the file is empty")
    try:
        document = json.loads(text)
    except json.JSONDecodeError as exc:
        if exc.msg == "Extra data" and text.lstrip().startswith("{"):
            return _from_lines(name, text)
        raise ReportError(f"{name}: not valid JSON (line {exc.lineno}, column {exc.colno}: "
                          f"{exc.msg})") from None
    return _from_document(name, document)


def _read_bytes(name: str) -> bytes:
    if name == "-":
        return sys.stdin.buffer.read()
    try:
        return Path(name).read_bytes()
    except FileNotFoundError:
        raise ReportError(f"{name}: no such file") from None
    except IsADirectoryError:
        raise ReportError(f"{name}: is a folder, not a report file") from None
    except OSError as exc:
        raise ReportError(f"{name}: cannot read it ({exc.strerror or exc})") from None


def _from_document(name: str, document: object) -> SavedReport:
    if isinstance(document, list):
        return SavedReport(name, _articles(name, document, "item"))
    if not isinstance(document, dict):
        raise ReportError(f"{name}: expected a JSON object or list, found {_type(document)}")
    if "articles" not in document:
        if "id" in document:  # one article on its own
            return SavedReport(name, _articles(name, [document], "item"))
        raise ReportError(f"{name}: not an audit report (no \"articles\" list; write one with "
                          "`audit run --format json`)")
    schema = document.get("schema")
    if schema is not None and (not isinstance(schema, int) or isinstance(schema, bool)):
        raise ReportError(f"{name}: \"schema\" should be a number, found {_type(schema)}")
    if isinstance(schema, int) and schema > SCHEMA_VERSION:
        raise ReportError(f"{name}: written by a newer audit (report schema {schema}; this audit "
                          f"reads schema {SCHEMA_VERSION} and older). Upgrade audit to read it.")
    if not isinstance(document["articles"], list):
        raise ReportError(f"{name}: \"articles\" should be a list, found "
                          f"{_type(document['articles'])}")
    summary = document.get("summary")
    report = SavedReport(name, _articles(name, document["articles"], "article"),
                         summary if isinstance(summary, dict) else None,
                         str(document["version"]) if document.get("version") is not None else None,
                         schema)
    if summary is not None and not isinstance(summary, dict):
        report.notes.append("the saved \"summary\" is not an object; it was ignored")
    return report


def _from_lines(name: str, text: str) -> SavedReport:
    reports = []
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            raise ReportError(f"{name}: line {number} is not valid JSON (column {exc.colno}: "
                              f"{exc.msg}); a JSONL report has one article object a line") from None
        if not isinstance(record, dict):
            raise ReportError(f"{name}: line {number} is {_type(record)}, not an article object")
        reports.append(parse_article(name, record, f"line {number}"))
    return SavedReport(name, reports)


def _articles(name: str, items: list, label: str) -> list[ArticleReport]:
    reports = []
    for number, item in enumerate(items, 1):
        where = f"{label} {number}"
        if not isinstance(item, dict):
            raise ReportError(f"{name}: {where} is {_type(item)}, not an article object")
        reports.append(parse_article(name, item, where))
    return reports


# ---- typed parsing: a saved article into the model's dataclasses -------------------------

def parse_article(name: str, record: dict, where: str) -> ArticleReport:
    """One saved article as the model's :class:`~audit.model.ArticleReport`.

    Driven by the dataclasses' own type hints, so a field added to the model is read (and
    its type checked) without touching this file. Keys the model does not know are ignored;
    a missing optional field takes its default; a value of the wrong type is a
    :class:`ReportError` naming the file, the article and the field path.
    """
    article_id = record.get("id")
    if not isinstance(article_id, str) or not article_id:
        raise ReportError(f"{name}: {where} has no \"id\" (every article of an audit report "
                          "has one)")
    filled = {"source": article_id, "title": None, "text": "", **record}
    place = f"{name}: {where} ({article_id})"
    report = _parse(ArticleReport, filled, place, "")
    for index, finding in enumerate(report.findings):
        if finding.severity not in SEVERITIES:
            raise ReportError(f"{place}: \"findings[{index}].severity\" is "
                              f"{finding.severity!r}, not one of {', '.join(SEVERITIES)}")
    return report


def _parse(cls: type, value: dict, place: str, path: str) -> Any:
    hints = _hints(cls)
    values: dict[str, Any] = {}
    for item in fields(cls):
        here = f"{path}.{item.name}" if path else item.name
        has_default = item.default is not MISSING or item.default_factory is not MISSING
        if item.name not in value or (value[item.name] is None and has_default
                                      and item.default_factory is not MISSING):
            if not has_default:
                raise ReportError(f"{place}: \"{here}\" is missing")
            continue  # absent (or null where a list/object is expected): the default
        values[item.name] = _value(hints[item.name], value[item.name], place, here)
    return cls(**values)


def _value(hint: Any, value: Any, place: str, path: str) -> Any:
    origin, args = get_origin(hint), get_args(hint)
    if hint is Any:
        return value
    if origin in (Union, UnionType):
        if value is None and type(None) in args:
            return None
        options = [a for a in args if a is not type(None)]
        for option in options:  # the first whose outer type fits; its inside must fit too
            if _fits(option, value):
                return _value(option, value, place, path)
        raise ReportError(f"{place}: \"{path}\" should be {_what(hint)}, found {_type(value)}")
    if origin is list or origin is tuple:
        if not isinstance(value, list):
            raise ReportError(f"{place}: \"{path}\" should be a list, found {_type(value)}")
        item_hint = args[0] if args else Any
        items = [_value(item_hint, v, place, f"{path}[{i}]") for i, v in enumerate(value)]
        return tuple(items) if origin is tuple else items
    if origin is dict or hint is dict:
        if not isinstance(value, dict):
            raise ReportError(f"{place}: \"{path}\" should be an object, found {_type(value)}")
        return value
    if is_dataclass(hint):
        if not isinstance(value, dict):
            raise ReportError(f"{place}: \"{path}\" should be an object, found {_type(value)}")
        return _parse(hint, value, place, path)
    if hint is float:
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            return value
    elif hint is int:
        if isinstance(value, int) and not isinstance(value, bool):
            return value
    elif hint is bool:
        if isinstance(value, bool):
            return value
    elif hint is str:
        if isinstance(value, str):
            return value
    else:
        return value
    raise ReportError(f"{place}: \"{path}\" should be {_what(hint)}, found {_type(value)}")


def _fits(hint: Any, value: Any) -> bool:
    """Whether ``value`` has the outer type of ``hint`` (its items are checked later)."""
    origin = get_origin(hint)
    if hint is Any:
        return True
    if origin in (list, tuple):
        return isinstance(value, list)
    if origin is dict or hint is dict or is_dataclass(hint):
        return isinstance(value, dict)
    if hint is float:
        return isinstance(value, (int, float)) and not isinstance(value, bool)
    if hint is int:
        return isinstance(value, int) and not isinstance(value, bool)
    return isinstance(value, hint) if isinstance(hint, type) else True


def _what(hint: Any) -> str:
    names = {str: "a string", int: "a whole number", float: "a number", bool: "true/false"}
    if get_origin(hint) in (list, tuple):
        return "a list"
    if get_origin(hint) in (Union, UnionType):
        parts = [_what(a) for a in get_args(hint) if a is not type(None)]
        return " or ".join(dict.fromkeys(parts)) + (" or null" if type(None) in get_args(hint) else "")
    return names.get(hint, "an object")


@lru_cache(maxsize=None)
def _hints(cls: type) -> dict[str, Any]:
    return get_type_hints(cls)


def _type(value: object) -> str:
    return {dict: "an object", list: "a list", str: "a string", int: "a number",
            float: "a number", bool: "true/false", type(None): "null"}.get(type(value),
                                                                         type(value).__name__)


def recompute_summary(report: SavedReport) -> dict:
    """The batch summary of the saved articles, as a dict (see :func:`resummarise`)."""
    return resummarise(report).to_dict()


def resummarise(report: SavedReport) -> "Summary":
    """The batch summary of the saved articles, computed exactly as ``audit run`` does.

    Recomputed rather than trusted, so a report edited by hand (articles removed, findings
    dismissed) renders consistent totals; only what cannot be recomputed from the articles
    (the files skipped while reading inputs, the signature of the setup) is carried over
    from the saved summary.
    """
    from audit.summary import Summary

    summary = Summary()
    for article in report.articles:
        summary.add(article)
    if report.summary and isinstance(report.summary.get("skipped_files"), list):
        summary.skipped_files = [str(p) for p in report.summary["skipped_files"]]
    if report.summary and isinstance(report.summary.get("signature"), str):
        summary.signature = report.summary["signature"]  # the setup that made it, not ours
    return summary
