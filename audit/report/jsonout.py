"""JSON (one document) and JSONL (one article a line) writers: the machine contract."""

from __future__ import annotations

import json
import re

from audit.report import ReportWriter, document_header


def _dumps(value: object) -> str:
    """Compact JSON, UTF-8 kept, but U+0085, U+2028 and U+2029 escaped: JSON allows them raw
    inside strings, yet many line readers (JavaScript's, Python's ``str.splitlines``) split
    on them, which would cut a JSONL record in two. Outside strings JSON never has them (the
    other characters ``splitlines`` splits on are control characters, which JSON escapes)."""
    text = _ENCODER.encode(value)
    if text.isascii() or not _HAS_LINE_BREAK.search(text):  # translate() costs as much as dumps
        return text
    return text.translate(_LINE_BREAKS)


# json.dumps with these options would build a new encoder for every record.
_ENCODER = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"))
_LINE_BREAKS = {0x85: "\\u0085", 0x2028: "\\u2028", 0x2029: "\\u2029"}
_HAS_LINE_BREAK = re.compile("[\x85\u2028\u2029]")


class JsonWriter(ReportWriter):
    """``{"version", "schema", "articles": [...], "summary": {...}}``, streamed.

    Articles are written as they arrive, one per line inside the list, so a big batch is
    never held in memory and the file is still a single valid JSON document.
    """

    def begin(self) -> None:
        header = _dumps(document_header())[:-1]  # reopen the object to add articles
        self.stream.write(header + ',"articles":[')
        self._first = True

    def article(self, article: dict) -> None:
        self.stream.write(("\n" if self._first else ",\n") + _dumps(article))
        self._first = False

    def end(self, summary: dict) -> None:
        self.stream.write('\n],"summary":' + _dumps(summary) + "}\n")


class JsonLinesWriter(ReportWriter):
    """One article per line, nothing else: safe to ``split('\\n')`` and to stream."""

    def article(self, article: dict) -> None:
        self.stream.write(_dumps(article) + "\n")
