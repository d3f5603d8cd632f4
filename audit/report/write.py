"""Writing one report: article records through a format's writer, to a file or stdout.

Shared by ``audit run`` (records stream from the pipeline) and ``audit report`` (records
come from a saved report), so both write through exactly the same code. A file is written
atomically (:func:`audit.report.output.atomic_output`): an exception, Ctrl-C included,
leaves any previous report in place.
"""

from __future__ import annotations

import sys
import time
from contextlib import ExitStack
from pathlib import Path
from typing import Callable, Iterable

from audit import interrupts
from audit.report import WriterOptions, writer_for
from audit.report.output import CountingStream, atomic_output


def write_report(records: Iterable[dict], output_format: str, out: Path | None,
                 options: WriterOptions, summary: Callable[[], dict],
                 timed: bool = False) -> int:
    """Write every record, then ``summary()`` (called once all records are written, so it
    may count them as they pass); returns the number of records written.

    ``timed`` sets ``options.elapsed`` to the seconds spent, for writers that show it.
    """
    started = time.perf_counter()
    count = 0
    stdout = CountingStream(sys.stdout) if out is None else None
    try:
        with ExitStack() as stack:
            stream = stack.enter_context(atomic_output(out)) if out is not None else stdout
            writer = writer_for(output_format)(stream, options)
            writer.begin()
            for record in records:
                writer.article(record)
                count += 1
            if timed:
                options.elapsed = time.perf_counter() - started
            writer.end(summary())
            if out is None:
                interrupts.settle()  # the whole report is out: the run's result stands
    except KeyboardInterrupt as exc:
        # Part of a report may already be on stdout: the interrupt message must say so.
        exc.streamed = count if stdout is not None and stdout.written else None  # type: ignore[attr-defined]
        raise
    return count
