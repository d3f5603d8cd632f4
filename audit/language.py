"""The article's language, per-paragraph languages, and the language it was translated from.

Language identification is done by a pluggable detector (``audit.detectors``: py3langid by
default, langdetect on request), both deterministic. Paragraphs are first screened cheaply: a
paragraph whose words are largely the article language's most frequent words inherits the
article language; only the others (a quote in another language, a caption, a paragraph the
translator skipped) are sent to the detector. Calibrated on the real corpus: over 95% of
English sentences have ≥ 18% of their words among the 200 commonest English words, 99% of
Indonesian sentences have ≤ 14%.

The origin language is an *inference with evidence*: a national outlet's dateline, source
tokens left untranslated, source-locale conventions. No evidence, no origin (null).
"""

from __future__ import annotations

import re

from audit import detectors, wordlists
from audit.model import Attribution, Evidence, Finding, Language, Origin, ParagraphLanguage
from audit.text import Segment, paragraphs

MIN_LETTERS = 20          # below this detection is a coin toss: report "unknown"
MIN_PARAGRAPH_WORDS = 4   # shorter paragraphs (datelines, credits) get no language of their own
SCREEN_TOP_WORDS = 200
SCREEN_MIN_SHARE = 0.2
MAX_DETECT_CHARS = 2000   # more text adds cost, not accuracy
# The article-level call reads three windows (start, middle, end) of this many characters.
# langdetect's cost grows with the text (n-gram extraction is pure Python): on the 2,000-
# article benchmark batch, 3×160 characters agreed with full-text detection on 100% of
# articles at 1.7 ms instead of 2.7 ms; three windows keep a mixed article represented.
SAMPLE_WINDOW = 160

# Evidence that an article was translated from a language, with the weight of one item.
# Confidence = 1 - prod(1 - weight): independent clues add up, none alone is certainty.
EVIDENCE_WEIGHTS = {
    "declared": 1.0,            # the input said so (source_language field)
    "language": 1.0,            # the article is written in that language
    "dateline": 0.6,            # dateline of a national-language outlet
    "source-token": 0.35,       # a source-language word left untranslated
    "source-convention": 0.2,   # a source-locale convention (date, time zone, decimal comma)
}
MIN_ORIGIN_CONFIDENCE = 0.3     # one weak clue (a single convention) is not enough
MAX_EVIDENCE_PER_KIND = 5

# Which checks' findings are origin evidence, and for which language, is declared by each
# check (``@check(..., evidence=(kind, language))``): see audit.checks.origin_evidence.

_LETTERS = re.compile(r"[^\W\d_]")
_WORD = re.compile(r"[^\W\d_]+")


def detect(text: str, detector: str | None = None) -> tuple[str | None, float]:
    """The detector's best guess and its probability; (None, 0.0) when the text is too short."""
    if len(_LETTERS.findall(text[:MAX_DETECT_CHARS])) < MIN_LETTERS:
        return None, 0.0
    return detectors.get(detector).detect(text[:MAX_DETECT_CHARS])


def sample(text: str, window: int = SAMPLE_WINDOW) -> str:
    """Start, middle and end of ``text`` (cut at spaces), or all of it when it is short."""
    if len(text) <= 3 * window:
        return text
    pieces = []
    for start in (0, (len(text) - window) // 2, len(text) - window):
        piece = text[start:start + window]
        if start > 0 and " " in piece:
            piece = piece[piece.index(" ") + 1:]
        if start + window < len(text) and " " in piece:
            piece = piece[:piece.rindex(" ")]
        pieces.append(piece)
    return " ".join(pieces)


def detect_language(text: str, paras: list[Segment] | None = None,
                    detector: str | None = None) -> Language:
    """Article language plus one entry per paragraph, so mixed text is visible."""
    method = detectors.get(detector).name
    code, confidence = detect(sample(text), detector)
    result = Language(code, confidence, detector=method)
    common = wordlists.top_words(code, SCREEN_TOP_WORDS) if code else frozenset()
    for para in paras if paras is not None else paragraphs(text):
        tokens = [w.lower() for w in _WORD.findall(para.text)]
        if len(tokens) < MIN_PARAGRAPH_WORDS:
            result.paragraphs.append(ParagraphLanguage(para.start, para.end, None, 0.0, "too-short"))
            continue
        if common and sum(t in common for t in tokens) / len(tokens) >= SCREEN_MIN_SHARE:
            result.paragraphs.append(ParagraphLanguage(para.start, para.end, code, confidence, "screen"))
            continue
        p_code, p_conf = detect(para.text, detector)
        result.paragraphs.append(ParagraphLanguage(para.start, para.end, p_code, p_conf, method))
    return result


def infer_origin(text: str, language: Language, attributions: list[Attribution],
                 findings: list[Finding], outlet_languages: dict[str, str],
                 declared: str | None = None, source_text: str | None = None,
                 detector: str | None = None) -> Origin | None:
    """The language the article was most likely translated from, with its evidence.

    ``outlet_languages`` maps an outlet's canonical name to the language it publishes in (from
    the agency registry); ``findings`` are the article's check findings, some of which
    (untranslated tokens, locale conventions) are evidence of a source language.
    """
    if declared:
        return Origin(declared, 1.0, [Evidence("declared", "", 0, 0, "source_language given in the input")])
    if source_text:  # the original is supplied: its language is the origin, not a guess
        code, confidence = detect(sample(source_text), detector)
        if code and code != language.code:
            return Origin(code, confidence, [Evidence(
                "source-text", "", 0, 0,
                f"the supplied source_text is written in {code} "
                f"({detectors.get(detector).name} {confidence:.2f})")])
    if language.code and language.code != "en":
        para = _longest_paragraph_in(language)
        start, end = (para.start, para.end) if para else (0, 0)
        return Origin(language.code, language.confidence, [Evidence(
            "language", text[start:end][:200], start, min(end, start + 200),
            f"the article itself is written in {language.code} "
            f"({detectors.get(detector).name} {language.confidence:.2f})")])
    candidates: dict[str, list[Evidence]] = {}
    for attribution in attributions:
        outlet_language = outlet_languages.get(attribution.agency)
        if attribution.kind == "dateline" and outlet_language and outlet_language != language.code:
            candidates.setdefault(outlet_language, []).append(Evidence(
                "dateline", attribution.text, attribution.start, attribution.end,
                f"dateline of {attribution.agency}, which publishes in {outlet_language}"))
    from audit.checks import origin_evidence

    evidence_from = origin_evidence()
    for finding in findings:
        declared = evidence_from.get(finding.code)
        if declared is None:
            continue
        candidates.setdefault(declared.language, []).append(Evidence(
            declared.kind, finding.text, finding.start, finding.end, finding.message))
    best: Origin | None = None
    for code, evidence in candidates.items():
        kept = _cap_per_kind(evidence)
        remaining = 1.0
        for item in kept:
            remaining *= 1.0 - EVIDENCE_WEIGHTS[item.kind]
        confidence = round(1.0 - remaining, 3)
        if confidence >= MIN_ORIGIN_CONFIDENCE and (best is None or confidence > best.confidence):
            best = Origin(code, confidence, sorted(kept, key=lambda e: e.start))
    return best


def _cap_per_kind(evidence: list[Evidence]) -> list[Evidence]:
    seen: dict[str, int] = {}
    kept = []
    for item in sorted(evidence, key=lambda e: e.start):
        seen[item.kind] = seen.get(item.kind, 0) + 1
        if seen[item.kind] <= MAX_EVIDENCE_PER_KIND:
            kept.append(item)
    return kept


def _longest_paragraph_in(language: Language) -> ParagraphLanguage | None:
    same = [p for p in language.paragraphs if p.code == language.code]
    return max(same, key=lambda p: p.end - p.start) if same else None
