"""sacrebleu scores for round trips and the findings they turn into (pure functions).

Per sentence: chrF, BLEU with effective order (plain BLEU is 0 for most short sentences)
and TER, each comparing the round trip (hypothesis) with the article's sentence
(reference). Per article: the same metrics at corpus level over its sentences.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Sequence

from audit.model import Finding

CODE = "round-trip-divergence"
CATEGORY = "accuracy/mistranslation"

#: Provisional default threshold on round-trip chrF, set without a real model (none can be
#: downloaded where audit is built; see docs/backtranslation.md). On the project corpus it
#: sits above the chrF of unrelated sentence pairs (p99 25.8 English, 29.2 Indonesian: 99.9%
#: flagged) and flags most sentences with three quarters of their words replaced (86% / 70%)
#: but few with half (7% / 2%) and none with a quarter: a low-false-positive choice.
#: Replace it with ``benchmarks/backtranslate.py calibrate`` once real models are installed.
DEFAULT_THRESHOLD = 35.0

#: Severity by how far (in chrF points) a sentence falls below the threshold: the first
#: band whose lower bound the distance reaches. Never "critical": a round trip compounds
#: two models' errors, so it is a strong hint, not proof.
SEVERITY_BANDS: tuple[tuple[float, str], ...] = ((15.0, "major"), (5.0, "minor"), (0.0, "info"))

#: Sentences shorter than this (in words) are scored and reported but never become
#: findings: chrF on three words swings wildly with one synonym.
MIN_WORDS = 4


@lru_cache(maxsize=None)
def _metrics():
    from sacrebleu.metrics import BLEU, CHRF, TER

    return CHRF(), BLEU(effective_order=True), TER()


def _r(value: float) -> float:
    return round(float(value), 2)


def sentence_scores(hypothesis: str, reference: str) -> dict[str, float]:
    chrf, bleu, ter = _metrics()
    return {"chrf": _r(chrf.sentence_score(hypothesis, [reference]).score),
            "bleu": _r(bleu.sentence_score(hypothesis, [reference]).score),
            "ter": _r(ter.sentence_score(hypothesis, [reference]).score)}


def corpus_scores(hypotheses: Sequence[str], references: Sequence[str]) -> dict[str, float] | None:
    """Corpus-level chrF/BLEU/TER, or None when there is nothing to score."""
    if not hypotheses:
        return None
    chrf, bleu, ter = _metrics()
    refs = [list(references)]
    return {"chrf": _r(chrf.corpus_score(list(hypotheses), refs).score),
            "bleu": _r(bleu.corpus_score(list(hypotheses), refs).score),
            "ter": _r(ter.corpus_score(list(hypotheses), refs).score)}


def severity_for(chrf: float, threshold: float) -> str | None:
    """None at or above the threshold, else the band for the distance below it."""
    if chrf >= threshold:
        return None
    distance = threshold - chrf
    for lower, severity in SEVERITY_BANDS:
        if distance >= lower:
            return severity
    return SEVERITY_BANDS[-1][1]


def _clip(text: str, limit: int = 200) -> str:
    """Keep messages readable; the full texts are in ``backtranslation.sentences``."""
    return text if len(text) <= limit else text[:limit - 1].rstrip() + "\u2026"


def divergence_finding(*, text: str, start: int, end: int, chrf: float, threshold: float,
                       direction: str, forward: str, round_trip: str,
                       gloss: bool) -> Finding | None:
    """A ``round-trip-divergence`` finding for one sentence, or None when it is fine."""
    severity = severity_for(chrf, threshold)
    if severity is None:
        return None
    forward, round_trip = _clip(forward), _clip(round_trip)
    if gloss:  # article not in English: the forward leg is the English gloss
        message = (f"The round trip {direction} does not come back to this sentence "
                   f"(chrF {chrf:.1f}, threshold {threshold:g}); it may be ambiguous or "
                   f"garbled. English gloss: \u201c{forward}\u201d; round trip: "
                   f"\u201c{round_trip}\u201d")
    else:
        message = (f"The round trip {direction} does not come back to this sentence "
                   f"(chrF {chrf:.1f}, threshold {threshold:g}); check that its "
                   f"translation is accurate. Round trip: \u201c{round_trip}\u201d")
    return Finding(code=CODE, category=CATEGORY, severity=severity, message=message,
                   text=text, start=start, end=end)
