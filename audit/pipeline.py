"""From articles to reports: analysis, back-translation, and the batch summary.

``analyse`` is the per-article work that needs no model (language, provenance, origin,
checks); it is a pure function of the article and the configuration, so it can run in
worker processes. Back-translation runs in the main process on chunks of analysed
articles, because it batches sentences across articles. ``finalise`` applies the
configuration (ignored codes and fingerprints, severity overrides) to every finding in one
place, whichever part of audit produced it.

Memory is bounded by the chunk size: articles stream in, reports stream out.
"""

from __future__ import annotations

import gc
import os
import signal
import time
import traceback
from collections import deque
from contextlib import contextmanager
from dataclasses import dataclass, field
from itertools import chain, islice
from operator import attrgetter
from typing import TYPE_CHECKING, Callable, Iterable, Iterator

from audit import budget, interrupts, provenance
from audit.backtranslate.options import BacktranslateOptions
from audit.checks import CheckContext, applicability, run_checks
from audit.checks.credit import declared_agencies
from audit.config import DEFAULT, Config
from audit.language import detect_language, follow_origin, infer_origin, language_regions
from audit.model import Article, ArticleReport, fingerprint_of, normalised_quote
from audit.stories import StoryIndex, assign_story

if TYPE_CHECKING:  # imported when a run translates: a --no-backtranslate run never loads it
    from audit.backtranslate.backtranslator import Backtranslator

DEFAULT_CHUNK_SIZE = 128


@dataclass
class RunOptions:
    config: Config = DEFAULT
    backtranslate: BacktranslateOptions = field(default_factory=lambda: BacktranslateOptions(enabled=False))
    workers: int = 1
    chunk_size: int = DEFAULT_CHUNK_SIZE
    stories: bool = True  # group near-duplicates into stories (audit/stories.py)
    time_budget: float | None = budget.DEFAULT_SECONDS  # seconds per article; None: no limit


def analyse(article: Article, config: Config = DEFAULT,
            time_budget: float | None = None) -> ArticleReport:
    """Everything audit can say about one article without a translation model, in at most
    ``time_budget`` seconds (see ``audit.budget``)."""
    report = ArticleReport(id=article.id, source=article.source, title=article.title,
                           text=article.text, url=article.url, published=article.published,
                           error=article.error)
    if article.error:
        return report
    stage = ["start-up"]  # what the analysis is doing, for the message when time runs out
    try:
        with budget.time_limit(time_budget):
            _analyse(article, config, report, stage)
    except budget.OverBudget as cut:
        _cut_short(report, cut, stage[0])
    interrupts.check()  # an interrupt some library swallowed still ends the run
    return report


def _cut_short(report: ArticleReport, cut: budget.OverBudget, stage: str) -> None:
    if cut.check is not None:
        report.findings = report.findings + cut.findings
        report.warnings = report.warnings + cut.warnings + [
            f"check {cut.check!r} cut short: {cut} (--time-budget); the checks after it "
            f"were not run"]
    else:
        report.error = f"analysis stopped: {cut} (--time-budget), during {stage}"


def _analyse(article: Article, config: Config, report: ArticleReport, stage: list[str]) -> None:
    try:
        registry = provenance.load_registry(config.agencies)
        # One context, so the paragraphs split for language detection serve the checks too.
        ctx = CheckContext(text=article.text, source_text=article.source_text,
                           source_language=article.source_language, config=config)
        stage[0] = "language detection"
        report.language = detect_language(article.text, ctx.paragraphs, detector=config.detector)
        ctx.language = report.language.code
        stage[0] = "attribution"
        report.attributions = provenance.find_attributions(article.text, registry)
        report.provenance = provenance.summarize(report.attributions, registry)
        if article.declared is not None:
            article.declared.agencies = declared_agencies(article.declared, registry)
            report.provenance.declared = article.declared
        ctx.declared = article.declared
        ctx.attributions = report.attributions
        # Each paragraph is checked in its own language when that is reliable, else in the
        # article's (audit.language.language_regions; the dispatch: checks.run_by_language).
        ctx.regions = language_regions(article.text, report.language)
        report.findings, report.warnings = run_checks(ctx)
        report.checks_not_applied, report.checks_partly_applied = applicability(ctx)
        stage[0] = "origin inference"
        outlet_languages = {}
        for attribution in report.attributions:
            agency = registry.get(attribution.agency)
            if agency is not None and agency.language:
                outlet_languages[agency.name] = agency.language
        report.origin_language = infer_origin(article.text, report.language, report.attributions,
                                              report.findings, outlet_languages,
                                              declared=article.source_language,
                                              source_text=article.source_text,
                                              detector=config.detector)
        report.findings = follow_origin(report.findings, report.origin_language)
        ctx.origin_record = report.origin_language
        late, late_warnings = run_checks(ctx, late=True)  # checks that need the origin
        report.findings += late
        report.warnings += late_warnings
    except Exception as exc:  # noqa: BLE001 - a bug must cost one article, not the batch
        interrupts.check()  # a library's bare `except:` turned Ctrl-C into this: not a bug
        report.error = f"internal error while analysing: {type(exc).__name__}: {exc}"
        report.warnings.append(traceback.format_exc(limit=3))


_TEXT_ORDER = attrgetter("start", "end", "code")  # findings in text order


def finalise(report: ArticleReport, article: Article, config: Config) -> ArticleReport:
    """Fingerprints, ignores and severity overrides, applied to every finding alike."""
    findings = report.findings
    if not findings:
        return report
    findings.sort(key=_TEXT_ORDER)
    occurrences: dict[tuple[str, str], int] = {}
    kept = []
    ignored = (config.ignore_fingerprints | frozenset(article.ignore) if article.ignore
               else config.ignore_fingerprints)
    ignored_codes, severity = config.ignore, config.severity
    for finding in findings:
        code = finding.code
        quote = normalised_quote(finding.text)
        occurrence = occurrences.get((code, quote), 0)
        occurrences[code, quote] = occurrence + 1
        finding.fingerprint = fingerprint_of(report.id, code, quote, occurrence)
        if code in ignored_codes or finding.fingerprint in ignored:
            continue
        finding.severity = severity.get(code, finding.severity)
        kept.append(finding)
    report.findings = kept
    return report


# Worker processes keep their configuration in a global set once by the pool initialiser.
_worker_config: Config = DEFAULT
_worker_budget: float | None = None

# --workers N: the pool is forked *after* the main process has analysed the first articles, so
# every model, lexicon and word list they needed is loaded once and shared copy-on-write, not
# reloaded by each worker. Results stream back through ``imap`` in input order, a few articles
# per task: enough to amortise the pipe, small enough that no worker idles while another
# finishes a long chunk. Audit analyses in-process when it may use one core only, or when the
# batch is too small to amortise the pool's start.
TASK_SECONDS = 0.05       # aim for tasks of about this much work
MAX_TASK_ARTICLES = 64
WARM_UP_ARTICLES = 8      # analysed in the main process before forking (they load the data)
MIN_PARALLEL_ARTICLES = 200


def _init_worker(config: Config, time_budget: float | None = None) -> None:
    # Ctrl-C is the main process's to handle: a worker killed by it while holding the pool's
    # queue lock would leave the main process waiting on that lock forever. SIGTERM/SIGHUP
    # (the pool's own terminate()) simply end a worker, whatever handler it inherited.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    for name in ("SIGTERM", "SIGHUP"):
        if hasattr(signal, name):
            signal.signal(getattr(signal, name), signal.SIG_DFL)
    global _worker_config, _worker_budget
    _worker_config = config
    _worker_budget = time_budget


def _analyse_in_worker(article: Article) -> ArticleReport:
    return analyse(article, _worker_config, _worker_budget)


def usable_cores() -> int:
    """Cores this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):  # pragma: no cover - not Linux
        return os.cpu_count() or 1


def _analysed(articles: Iterable[Article], options: RunOptions) -> Iterator[tuple[Article, ArticleReport]]:
    """``(article, report)`` for every article, in input order, analysed in workers if it pays."""
    iterator = iter(articles)
    head: list[Article] = list(islice(iterator, WARM_UP_ARTICLES))
    started = time.perf_counter()
    for article in head:
        yield article, analyse(article, options.config, options.time_budget)
    per_article = (time.perf_counter() - started) / max(1, len(head))
    with _data_frozen():
        yield from _analysed_rest(iterator, options, per_article)


@contextmanager
def _data_frozen() -> Iterator[None]:
    """The objects loaded so far (the warm-up loaded the detector, lexicons, word lists and
    patterns every article needs) kept out of the cyclic garbage collector's full passes
    (``gc.freeze``) for the rest of the run, and handed back to it at the end.

    After the warm-up of the pofilter workload (benchmarks/pipeline.py) that is some 37,000
    objects holding 330,000 references, which every full collection walked again, for
    nothing: they live as long as the process. On that workload's 3,921 articles, frozen,
    collecting took 0.07 s instead of 0.10 s of CPU (0.15 s instead of 0.28 s when the word
    lists were dicts).
    Frozen objects are still freed as usual when unreferenced; and forked workers
    (``--workers``) no longer copy the pages the collector would have written to. A caller
    that froze objects itself (its own ``gc.freeze``) is left as it is.

    The youngest generation is also collected less often meanwhile (``YOUNG_COLLECTION``
    allocations instead of Python's 700): an article's analysis allocates thousands of
    tracked objects (segments, findings) that live until it ends, and every 700 of them a
    collection walked all that were still alive, only to find no garbage. Cycles are rare in
    an analysis (its objects die by reference count) and a chunk's reports are freed as they
    stream out, so the count of tracked objects stays below the larger threshold and memory
    stays flat; the caller's thresholds are restored at the end.
    """
    thresholds = gc.get_threshold()
    frozen = not gc.get_freeze_count()
    if frozen:
        gc.freeze()
    if thresholds[0] and thresholds[0] < YOUNG_COLLECTION:  # 0: the caller disabled it
        gc.set_threshold(YOUNG_COLLECTION, *thresholds[1:])
    try:
        yield
    finally:
        if gc.get_threshold()[0] == YOUNG_COLLECTION:
            gc.set_threshold(*thresholds)
        if frozen:
            gc.unfreeze()


YOUNG_COLLECTION = 10_000  # allocations between collections of the youngest generation, in a run


def _analysed_rest(iterator: Iterator[Article], options: RunOptions,
                   per_article: float) -> Iterator[tuple[Article, ArticleReport]]:
    """``_analysed`` after the warm-up: in this process, or in a pool of workers."""
    workers = min(options.workers, usable_cores())
    if workers < 2:
        for article in iterator:
            yield article, analyse(article, options.config, options.time_budget)
        return
    lookahead = list(islice(iterator, MIN_PARALLEL_ARTICLES))
    if len(lookahead) < MIN_PARALLEL_ARTICLES:  # a small batch: the pool would cost more
        for article in lookahead:
            yield article, analyse(article, options.config, options.time_budget)
        return
    # Created after the warm-up (data loaded, shared by fork) and before any model is loaded
    # (forking after CTranslate2 starts threads is unsafe).
    import multiprocessing  # here: a one-worker run never imports it (start-up)

    method = "fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn"
    chunksize = max(1, min(MAX_TASK_ARTICLES, int(TASK_SECONDS / max(per_article, 1e-4))))
    pool = multiprocessing.get_context(method).Pool(
        workers, initializer=_init_worker, initargs=(options.config, options.time_budget))
    try:
        pending: deque[Article] = deque()

        def feed() -> Iterator[Article]:
            for article in chain(lookahead, iterator):
                pending.append(article)
                yield article

        for report in pool.imap(_analyse_in_worker, feed(), chunksize=chunksize):
            yield pending.popleft(), report
    finally:
        pool.terminate()
        pool.join()


def run(articles: Iterable[Article], options: RunOptions,
        on_report: Callable[[ArticleReport], None] | None = None,
        backtranslator: Backtranslator | None = None) -> Iterator[ArticleReport]:
    """Analyse, back-translate and finalise articles, in input order, chunk by chunk.

    ``backtranslator``: one the caller keeps across calls and closes itself (a cluster
    worker keeps its models loaded between partitions, audit.engines); default: a new one.
    """
    analysed = _analysed(articles, options)
    owned = backtranslator is None
    story_index = StoryIndex() if options.stories else None
    try:
        while True:
            pairs = list(islice(analysed, options.chunk_size))
            if not pairs:
                break
            chunk = [article for article, _ in pairs]
            reports = [report for _, report in pairs]
            if options.backtranslate.enabled and backtranslator is None:
                from audit.backtranslate.backtranslator import Backtranslator

                backtranslator = Backtranslator(options.backtranslate)
            if backtranslator is not None:
                _backtranslate(backtranslator, chunk, reports)
            for article, report in zip(chunk, reports):
                interrupts.check()
                finalise(report, article, options.config)
                if story_index is not None and not report.error:
                    report.story = assign_story(story_index, report, article)
                if on_report is not None:
                    on_report(report)
                yield report
    finally:
        if owned and backtranslator is not None:
            backtranslator.close()
        analysed.close()


def _backtranslate(backtranslator: Backtranslator, chunk: list[Article],
                   reports: list[ArticleReport]) -> None:
    items = [(a, r) for a, r in zip(chunk, reports) if not r.error]
    try:
        backtranslator.process(items)
    except Exception as exc:  # noqa: BLE001 - the rest of the audit must survive the engine
        from audit.backtranslate.backtranslator import error_record

        for _article, report in items:
            report.backtranslation = error_record(f"{type(exc).__name__}: {exc}")

