"""The back-translation step: round-trips each chunk of articles in a few large batches.

The pipeline calls ``Backtranslator(options).process(items)`` on chunks of processed
articles (``(Article, ArticleReport)`` pairs with ``report.language`` and
``report.origin_language`` set) and ``close()`` at the end. For every article this fills
``report.backtranslation`` (see docs/backtranslation.md for the JSON) and appends
``round-trip-divergence`` findings. Nothing here raises for one bad article, a missing
model or an unusable cache: those become a "skipped" or "error" status in the report.
"""

from __future__ import annotations

import logging
from typing import Any, Iterable

from audit.backtranslate.cache import TranslationCache, open_cache
from audit.backtranslate.device import Device, resolve_device
from audit.backtranslate.engine import DecodingOptions, Engine, EngineStats, ModelLoadError, \
    Outcome, machine_threads
from audit.backtranslate.models import InstalledModel, best_by_pair, scan
from audit.backtranslate.options import BacktranslateOptions
from audit.backtranslate.plan import PIVOT, ArticlePlan, Leg, plan_article
from audit.backtranslate.scoring import corpus_scores, divergence_finding, sentence_scores
from audit.model import Article, ArticleReport, Backtranslation
from audit.text import Segment, sentences, words

log = logging.getLogger("audit.backtranslate")


class Backtranslator:
    """Round-trips the sentences of each chunk of articles in a few large batches."""

    def __init__(self, options: BacktranslateOptions):
        self.options = options
        self._by_pair: dict[tuple[str, str], InstalledModel] | None = None
        self._engine: Engine | None = None
        self._cache: TranslationCache | None = None
        self.problems: list[str] = []  # installed folders that are not usable packages
        self.stats = EngineStats()  # totals over every chunk: for the run summary
        self.device: Device | None = None  # where CTranslate2 runs, once set up

    # --- setup ----------------------------------------------------------------------

    def _setup(self) -> None:
        if self._engine is not None:
            return
        models, self.problems = scan(self.options.models_dir)
        for problem in self.problems:
            log.warning("%s", problem)
        # Only with a model to run (resolving imports CTranslate2); a DeviceError here
        # becomes every article's error record.
        self.device = resolve_device(self.options.device) if models else None
        self._by_pair = best_by_pair(models)
        path = self.options.resolved_cache_path()
        self._cache = open_cache(path) if path is not None else None
        placed = ({"device": self.device.name, "compute_type": self.device.compute_type}
                  if self.device else {})  # no models: nothing will run
        self._engine = Engine(decoding=DecodingOptions(beam_size=self.options.beam_size, **placed),
                              cache=self._cache, stats=self.stats,
                              threads=self.options.threads or machine_threads())

    # --- the pipeline's entry points ------------------------------------------------

    def process(self, items: Iterable[tuple[Article, ArticleReport]]) -> None:
        """Fill ``report.backtranslation`` (and add findings) for (article, report) pairs."""
        items = list(items)
        if not self.options.enabled:
            for _, report in items:
                report.backtranslation = _record(
                    "skipped", reason="back-translation is turned off (--no-backtranslate)",
                    threshold=self.options.effective_threshold)
            return
        try:
            self._setup()
            self._process(items)
        except Exception as exc:  # never take the rest of the audit down
            log.exception("back-translation failed for a chunk of %d articles", len(items))
            for _, report in items:
                if report.backtranslation is None:
                    report.backtranslation = _record(
                        "error", reason=f"back-translation failed: {exc}",
                        threshold=self.options.effective_threshold)

    def close(self) -> None:
        if self._engine is not None:
            self._engine.close()
        if self._cache is not None:
            self._cache.close()
        self._engine = None
        self._cache = None

    # --- one chunk ------------------------------------------------------------------

    def _process(self, items: list[tuple[Article, ArticleReport]]) -> None:
        assert self._by_pair is not None
        work: list[tuple[Article, ArticleReport, ArticlePlan, list[Segment], list[Segment]]] = []
        first: dict[Leg, set[str]] = {}
        for article, report in items:
            text = article.text or ""
            segs = sentences(text) if text.strip() and not article.error else []
            source = article.source_text or ""
            source_segs = sentences(source) if source.strip() else []
            language = report.language.code if report.language else None
            origin = report.origin_language.code if report.origin_language else None
            plan = plan_article(language, origin, via=self.options.via, by_pair=self._by_pair,
                                models_dir=self.options.models_dir,
                                source_language=article.source_language,
                                has_source=bool(source_segs), has_text=bool(segs))
            work.append((article, report, plan, segs, source_segs))
            if plan.forward is not None:
                first.setdefault(plan.forward, set()).update(s.text for s in segs)
            if plan.reference is not None:
                first.setdefault(plan.reference, set()).update(s.text for s in source_segs)

        done: dict[Leg, dict[str, Outcome]] = {leg: self._run(leg, texts)
                                               for leg, texts in first.items()}
        second: dict[Leg, set[str]] = {}
        for _, _, plan, segs, _ in work:
            if plan.back is not None:
                forward = done[plan.forward]
                second.setdefault(plan.back, set()).update(
                    forward[s.text].text for s in segs if forward[s.text].error is None)
        back_done = {leg: self._run(leg, texts) for leg, texts in second.items()}

        threshold = self.options.effective_threshold
        for article, report, plan, segs, source_segs in work:
            try:
                record, findings = self._article_record(
                    article, plan, segs, source_segs, done, back_done, threshold)
            except Exception as exc:  # one odd article must not sink the chunk
                log.exception("back-translation of article %s failed", article.id)
                record, findings = _record("error", reason=f"back-translation failed: {exc}",
                                           threshold=threshold), []
            report.backtranslation = record
            report.findings.extend(findings)

    def _run(self, leg: Leg, texts: set[str]) -> dict[str, Outcome]:
        """Translate one leg for the whole chunk; a model that will not load fails its leg."""
        assert self._engine is not None
        ordered = sorted(texts, key=len)
        try:
            return self._engine.translate_chain(leg.models, ordered)
        except ModelLoadError as exc:
            log.error("%s", exc)
            return {text: Outcome(None, str(exc)) for text in ordered}

    def _article_record(self, article: Article, plan: ArticlePlan, segs: list[Segment],
                        source_segs: list[Segment], done: dict[Leg, dict[str, Outcome]],
                        back_done: dict[Leg, dict[str, Outcome]], threshold: float):
        reference = _reference_record(article, plan, segs, source_segs, done)
        if plan.forward is None or plan.back is None:
            return _record("skipped", reason=plan.skip_reason,
                           install=" && ".join(plan.install) or None, direction=plan.direction,
                           threshold=threshold, reference=reference), []
        forward, back = done[plan.forward], back_done[plan.back]
        gloss = plan.forward.src != PIVOT
        entries: list[dict[str, Any]] = []
        findings = []
        hyps: list[str] = []
        refs: list[str] = []
        errors: list[str] = []
        for seg in segs:
            fwd = forward[seg.text]
            rt = back[fwd.text] if fwd.error is None else fwd
            entry: dict[str, Any] = {"start": seg.start, "end": seg.end, "source": seg.text,
                                     "forward": fwd.text, "round_trip": rt.text,
                                     "chrf": None, "bleu": None, "ter": None, "error": None}
            if rt.error is not None:
                entry["error"] = rt.error
                errors.append(rt.error)
            else:
                entry.update(sentence_scores(rt.text, seg.text))
                hyps.append(rt.text)
                refs.append(seg.text)
                if len(words(seg.text)) >= self.options.min_words:
                    finding = divergence_finding(
                        text=article.text[seg.start:seg.end], start=seg.start, end=seg.end,
                        chrf=entry["chrf"], threshold=threshold, direction=plan.direction,
                        forward=fwd.text, round_trip=rt.text, gloss=gloss)
                    if finding is not None:
                        findings.append(finding)
            entries.append(entry)
        if hyps:
            status = "ok"
            reason = (f"{len(errors)} of {len(segs)} sentences could not be translated"
                      if errors else None)
        else:
            status, reason = "error", (errors[0] if errors else "no sentences to translate")
        models = _unique_ids(list(plan.forward.models) + list(plan.back.models))
        route = "→".join([plan.forward.src] + [m.to_code for m in plan.forward.models]
                         + [m.to_code for m in plan.back.models])
        return _record(status, reason=reason, direction=plan.direction, route=route,
                       models=models, threshold=threshold, scores=corpus_scores(hyps, refs),
                       sentences=entries, reference=reference, device=self.device), findings


def _unique_ids(models: list[InstalledModel]) -> list[str]:
    return list(dict.fromkeys(m.id for m in models))


def error_record(reason: str) -> Backtranslation:
    """The record of an article whose back-translation failed as a whole."""
    return _record("error", reason=reason)


def _record(status: str, *, reason: str | None = None, install: str | None = None,
            direction: str | None = None, route: str | None = None,
            models: list[str] | None = None, threshold: float | None = None,
            scores: dict[str, float] | None = None, sentences: list[dict] | None = None,
            reference: dict[str, Any] | None = None,
            device: Device | None = None) -> Backtranslation:
    """``report.backtranslation``: the same keys in the same order whatever the status.

    ``device``/``compute_type``: where the models ran (``cpu``/``cuda``; null when nothing
    was translated), so a report says whether a GPU made it."""
    return Backtranslation(status, reason=reason, install=install, direction=direction,
                           route=route, models=models or [], threshold=threshold,
                           scores=scores, sentences=sentences or [], reference=reference,
                           device=device.name if device else None,
                           compute_type=device.compute_type if device else None)


def _reference_record(article: Article, plan: ArticlePlan, segs: list[Segment],
                      source_segs: list[Segment],
                      done: dict[Leg, dict[str, Outcome]]) -> dict[str, Any] | None:
    """The published translation scored against the model's translation of source_text."""
    if not source_segs or (plan.reference is None and plan.reference_skip is None):
        return None
    base = {"status": "skipped", "reason": plan.reference_skip,
            "install": " && ".join(plan.reference_install) or None, "direction": None,
            "models": [], "scores": None, "sentences": []}
    leg = plan.reference
    if leg is None:
        return base
    outcomes = done[leg]
    entries = [{"start": s.start, "end": s.end, "source": s.text,
                "translation": outcomes[s.text].text, "error": outcomes[s.text].error}
               for s in source_segs]
    translated = [e["translation"] for e in entries if e["error"] is None]
    base.update(direction=f"{leg.src}→{leg.dst}", models=_unique_ids(list(leg.models)),
                sentences=entries)
    if not translated:
        base.update(status="error", reason=entries[0]["error"] if entries else None)
        return base
    failed = len(entries) - len(translated)
    published = " ".join(s.text for s in segs)
    base.update(status="ok", scores=sentence_scores(published, " ".join(translated)),
                reason=f"{failed} of {len(entries)} source sentences could not be translated"
                if failed else None)
    return base
