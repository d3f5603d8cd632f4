"""The CSV report (``--format csv``): one row per finding, for a spreadsheet. Streamed.

The columns and their order are a public API (docs/reports.md): add columns at the end,
never rename, remove or reorder them. An article that could not be processed gets one row
with ``error`` set and the finding columns empty; a clean article gets no row.

Spreadsheets run a cell that starts with ``=``, ``+``, ``-``, ``@`` (or a tab or carriage
return) as a formula, and article text is untrusted: such text cells are written with a
leading ``'`` so that the spreadsheet shows them as text ("CSV injection").
"""

from __future__ import annotations

import csv
from typing import Any

from audit.report import ReportWriter, WriterOptions
from audit.report.common import as_dict, as_list, no_surrogates

COLUMNS: tuple[str, ...] = (
    "id", "source", "title", "language", "origin", "outlet", "agencies", "severity", "code",
    "category", "start", "end", "text", "message", "suggestion", "fingerprint", "error",
)
AGENCY_SEPARATOR = "; "
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def cell(value: Any) -> Any:
    """A value as written to the CSV: None empty, text made safe for spreadsheets."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, (int, float)):
        return value
    text = no_surrogates(str(value))
    return "'" + text if text.startswith(_FORMULA_START) else text


class CsvWriter(ReportWriter):
    """RFC 4180 CSV (CRLF rows, quotes doubled, fields with separators or breaks quoted)."""

    streaming = True

    def __init__(self, stream, options: WriterOptions | None = None):
        super().__init__(stream, options)
        self.writer = csv.writer(stream, quoting=csv.QUOTE_MINIMAL, lineterminator="\r\n")

    def begin(self) -> None:
        self.writer.writerow(COLUMNS)

    def article(self, article: dict) -> None:
        for row in rows(article):
            self.writer.writerow([cell(row[column]) for column in COLUMNS])


def rows(article: dict) -> list[dict[str, Any]]:
    """The article's rows as dicts keyed by :data:`COLUMNS` (values not yet made safe)."""
    language = as_dict(article.get("language"))
    origin = as_dict(article.get("origin_language"))
    prov = as_dict(article.get("provenance"))
    agencies = as_list(prov.get("agencies"))
    base = {"id": article.get("id"), "source": article.get("source"),
            "title": article.get("title"), "language": language.get("code"),
            "origin": origin.get("code"), "outlet": prov.get("outlet"),
            "agencies": AGENCY_SEPARATOR.join(str(a) for a in agencies),
            "error": article.get("error")}
    findings = [f for f in as_list(article.get("findings")) if isinstance(f, dict)]
    out = []
    for finding in findings:
        row = dict(base)
        row.update({key: finding.get(key) for key in ("severity", "code", "category", "start",
                                                      "end", "text", "message", "suggestion",
                                                      "fingerprint")})
        out.append(row)
    if not findings and article.get("error"):
        out.append({**{column: None for column in COLUMNS}, **base})
    return out
