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

#: Format name → (module, writer class): the one list of report formats. The CLI's
#: ``--format`` choices derive from it; modules are imported only when their format is used.
FORMATS: dict[str, tuple[str, str]] = {
    "text": ("audit.report.terminal", "TerminalWriter"),
    "json": ("audit.report.jsonout", "JsonWriter"),
    "jsonl": ("audit.report.jsonout", "JsonLinesWriter"),
    "html": ("audit.report.html", "HtmlWriter"),
    "markdown": ("audit.report.markdown", "MarkdownWriter"),
    "csv": ("audit.report.csvout", "CsvWriter"),
}


def writer_for(name: str) -> WriterFactory:
    """The writer class of one format (a broken writer module raises: it is a bug, not an
    unavailable format)."""
    from importlib import import_module

    module, cls = FORMATS[name]
    return getattr(import_module(module), cls)


def writers() -> dict[str, WriterFactory]:
    """Format name → writer class, every format imported."""
    return {name: writer_for(name) for name in FORMATS}
