"""Reading a saved report back (``audit report``, ``audit diff``): tolerant, with clear errors.

Accepted: the JSON document of ``--format json`` (``{"version", "schema", "articles",
"summary"}``), the JSONL of ``--format jsonl`` (one article a line), a JSON list of articles
or a single article object. Missing optional fields are fine (writers tolerate them);
what cannot be used is refused with a :class:`ReportError` that names the file, the line
or the article, and what is wrong, so the CLI can print it and exit 2.
"""

from __future__ import annotations

import json
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from audit.report import SCHEMA_VERSION

if TYPE_CHECKING:
    from audit.summary import Summary


class ReportError(Exception):
    """A saved report that cannot be used; the message is meant for the user."""


@dataclass
class SavedReport:
    path: str
    articles: list[dict]
    summary: dict | None = None      # as saved (None for JSONL, lists and single articles)
    version: str | None = None       # audit version that wrote it, when known
    schema: int | None = None
    notes: list[str] = field(default_factory=list)  # harmless oddities worth a warning


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
    articles = []
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
        _check_article(name, record, f"line {number}")
        articles.append(record)
    return SavedReport(name, articles)


def _articles(name: str, items: list, label: str) -> list[dict]:
    for number, item in enumerate(items, 1):
        where = f"{label} {number}"
        if not isinstance(item, dict):
            raise ReportError(f"{name}: {where} is {_type(item)}, not an article object")
        _check_article(name, item, where)
    return items


def _check_article(name: str, article: dict, where: str) -> None:
    """The few fields a writer cannot do without; everything else is optional."""
    article_id = article.get("id")
    if not isinstance(article_id, str) or not article_id:
        raise ReportError(f"{name}: {where} has no \"id\" (every article of an audit report "
                          "has one)")
    for key in ("findings", "attributions"):
        if key in article and article[key] is not None and not isinstance(article[key], list):
            raise ReportError(f"{name}: {where} ({article_id}): \"{key}\" should be a list, "
                              f"found {_type(article[key])}")
    if article.get("findings"):
        for index, finding in enumerate(article["findings"], 1):
            if not isinstance(finding, dict):
                raise ReportError(f"{name}: {where} ({article_id}): finding {index} is "
                                  f"{_type(finding)}, not an object")
    if "text" in article and article["text"] is not None and not isinstance(article["text"], str):
        raise ReportError(f"{name}: {where} ({article_id}): \"text\" should be a string")


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
    (the files skipped while reading inputs) is carried over from the saved summary.
    """
    from audit.summary import Summary

    summary = Summary()
    for article in report.articles:
        summary.add(_summarisable(article))
    if report.summary and isinstance(report.summary.get("skipped_files"), list):
        summary.skipped_files = [str(p) for p in report.summary["skipped_files"]]
    return summary


def _summarisable(article: dict) -> dict:
    """A view of the article that ``Summary.add`` cannot trip over (unknown severities...)."""
    from audit.model import SEVERITIES

    findings = []
    for finding in article.get("findings") or []:
        severity = finding.get("severity")
        findings.append({**finding, "severity": severity if severity in SEVERITIES else "info",
                         "code": str(finding.get("code") or "?")})
    prov = article.get("provenance") if isinstance(article.get("provenance"), dict) else {}
    agencies = prov.get("agencies") if isinstance(prov.get("agencies"), list) else []
    language = article.get("language") if isinstance(article.get("language"), dict) else None
    origin = article.get("origin_language") if isinstance(article.get("origin_language"), dict) \
        else None
    if origin is not None and "code" not in origin:
        origin = None
    bt = article.get("backtranslation") if isinstance(article.get("backtranslation"), dict) \
        else None
    return {**article, "findings": findings, "language": language, "origin_language": origin,
            "provenance": {"outlet": prov.get("outlet"), "agencies": [str(a) for a in agencies],
                           "declared": prov.get("declared")},
            "backtranslation": bt}
