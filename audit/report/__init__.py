"""Report writers. Every writer consumes the JSON contract (plain dicts), article by article.

A writer gets ``begin()``, then ``article(dict)`` once per article in input order, then
``end(summary_dict)``. Streaming writers (JSON, JSONL, CSV) write as articles arrive, so a
batch never has to fit in memory; the others keep what they need to render at the end.
Because writers read dicts, ``audit report saved.json --format html`` re-renders a saved
report through exactly the same code as ``audit run``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, TextIO

from audit import __version__

SCHEMA_VERSION = 1


@dataclass
class WriterOptions:
    verbose: bool = False
    color: bool = False
    elapsed: float | None = None  # seconds, shown by human-facing writers


class ReportWriter:
    """Base class: subclasses override what they need."""

    streaming = True

    def __init__(self, stream: TextIO, options: WriterOptions | None = None):
        self.stream = stream
        self.options = options or WriterOptions()

    def begin(self) -> None:
        pass

    def article(self, article: dict) -> None:
        raise NotImplementedError

    def end(self, summary: dict) -> None:
        pass


def document_header() -> dict:
    return {"version": __version__, "schema": SCHEMA_VERSION}


WriterFactory = Callable[[TextIO, WriterOptions], ReportWriter]


def writers() -> dict[str, WriterFactory]:
    """Format name → writer class. Imported lazily so `audit run` loads only what it uses."""
    from audit.report.jsonout import JsonLinesWriter, JsonWriter
    from audit.report.terminal import TerminalWriter

    table: dict[str, WriterFactory] = {
        "text": TerminalWriter,
        "json": JsonWriter,
        "jsonl": JsonLinesWriter,
    }
    try:  # formats that land in their own modules
        from audit.report.html import HtmlWriter
        table["html"] = HtmlWriter
    except ImportError:
        pass
    try:
        from audit.report.markdown import MarkdownWriter
        table["markdown"] = MarkdownWriter
    except ImportError:
        pass
    try:
        from audit.report.csvout import CsvWriter
        table["csv"] = CsvWriter
    except ImportError:
        pass
    return table
