"""One ``audit run``: articles through the pipeline into one report, with the batch summary.

The CLI parses and validates the command line and maps the outcome to an exit code; this is
the rest: each analysed article is counted in the :class:`~audit.summary.Summary` and handed
to the writer as it streams out, and at the end the summary gets the skipped files and the
reproducibility signature of the setup.
"""

from __future__ import annotations

from pathlib import Path
from typing import Callable, Iterable, Iterator

from audit import datacache, patterns, regexes, signature, wordlists
from audit.checks import spacing
from audit.model import Article, ArticleReport
from audit.pipeline import RunOptions, run as run_pipeline
from audit.report import WriterOptions
from audit.report.write import write_report
from audit.summary import Summary


def audit_batch(articles: Iterable[Article], options: RunOptions, output_format: str,
                out: Path | None, writer_options: WriterOptions,
                skipped_files: Callable[[], list[str]] = list,
                tick: Callable[[], None] = lambda: None,
                engine: Callable[[Iterable[Article], RunOptions], Iterator[ArticleReport]]
                = run_pipeline) -> Summary:
    """Audit ``articles`` and write the report (atomically to ``out``, else to stdout).

    ``engine`` runs the pipeline (``audit.pipeline.run``, or an ``audit.engines`` engine's
    ``run``); ``skipped_files()`` is read once the inputs are exhausted (the reader fills it
    as it walks folders). Returns the summary, for the exit code.
    """
    summary = Summary()

    def records():
        for report in engine(articles, options):
            record = report.to_dict()
            summary.add(record)
            yield record
            tick()

    def finished() -> dict:
        summary.skipped_files = list(skipped_files())
        summary.signature = signature.compute(options.config, options.backtranslate,
                                              summary.detectors, summary.models)
        return summary.to_dict()

    write_report(records(), output_format, out, writer_options, finished, timed=True)
    regexes.save()  # the patterns this run compiled, for the next one (audit/regexes.py)
    datacache.save()  # and the data files it parsed (audit/datacache.py)
    patterns.save()  # and the word-list alternations it built (audit/patterns.py)
    wordlists.save()  # and the top words of the languages it screened (audit/wordlists.py)
    spacing.save()  # and missing-space's compound vocabulary (audit/checks/spacing.py)
    return summary
