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
from functools import lru_cache

from audit import detectors, native, wordlists
from audit import languages as packs
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
# A convention several languages write the same way (decimal comma, dot thousands, "20.35
# hours") is weak evidence for each of them, never proof of one: three of them stay below
# MIN_ORIGIN_CONFIDENCE. So is the dateline of a service that also publishes in English
# (Bernama, Xinhua, Kyodo in English): its English desk writes English.
SHARED_WEIGHT = 0.1
ENGLISH_SERVICE_WEIGHT = 0.15
MIN_ORIGIN_CONFIDENCE = 0.3     # one weak clue (a single convention) is not enough
# Nor is one clue of any kind on its own. A dateline says who wrote the copy, not in which
# language: dpa, TASS, Interfax, IRNA, VNA and AGI all run English services whose copy is
# English. One left-over word alone is as often an English word or a name read wrong
# ("they #39;ve" in escaped HTML, "Ooh la la", "Maire", "mil"): English originals of
# Reuters-21578 and AG News got de/fr/tr/pt origins from exactly one such word. An origin
# needs this many distinct clues (evidence items with different kinds or texts; the same word
# twice is one clue), unless the input declares it or the article is written in it.
MIN_ORIGIN_CLUES = 2
# The article's own language is its origin only when the detector is this sure of it, or a
# prose paragraph is in it: a table of figures ("Shr 75 cts vs 52 cts / Net 1,699,124 vs
# …") comes out as German or Danish at 0.06-0.17, which says nothing about its origin.
MIN_LANGUAGE_ORIGIN_CONFIDENCE = 0.5
MAX_EVIDENCE_PER_KIND = 5

# Which checks' findings are origin evidence, and for which language, is declared by each
# check (``@check(..., evidence=(kind, language))``): see audit.checks.origin_evidence. A
# finding that names its languages (``Finding.evidence``, from the pack that found it)
# overrides the declared language.

# MIN_LETTERS letters, whatever lies between them: stops at the 20th letter instead of listing
# every letter of the text (possessive: linear when there are fewer).
_ENOUGH_LETTERS = re.compile(rf"(?:[\W\d_]*+[^\W\d_]){{{MIN_LETTERS}}}")
_WORD = re.compile(r"[^\W\d_]+")



def canonical(code: str | None, config=None) -> str | None:
    """The language-pack code for a detector's or the registry's code: langdetect often calls
    Indonesian copy Malay ("ms") or uses the old "in"; "zh-cn" is "zh". The aliases are data
    (``aliases`` in each pack, ``audit/data/languages/``); a code no pack claims is returned
    as it is (lower case, region dropped)."""
    from audit.config import DEFAULT
    return packs.canonical(code, config or DEFAULT)

def detect(text: str, detector: str | None = None) -> tuple[str | None, float]:
    """The detector's best guess and its probability; (None, 0.0) when the text is too short."""
    if not _ENOUGH_LETTERS.match(text, 0, MAX_DETECT_CHARS):  # fewer than MIN_LETTERS letters
        return None, 0.0
    return detectors.get(detector).detect(text[:MAX_DETECT_CHARS])


def sample(text: str, window: int = SAMPLE_WINDOW) -> str:
    """Start, middle and end of ``text`` (cut at spaces), or all of it when it is short."""
    if len(text) <= 3 * window:
        return text
    pieces = []
    for start in (0, (len(text) - window) // 2, len(text) - window):
        piece = text[start:start + window]
        if start > 0 and (space := piece.find(" ")) >= 0:
            piece = piece[space + 1:]
        if start + window < len(text) and (space := piece.rfind(" ")) >= 0:
            piece = piece[:space]
        pieces.append(piece)
    return " ".join(pieces)


# ASCII text: every byte that is not a letter (what _WORD skips there) becomes a space.
_ASCII_NON_LETTERS = bytes(c if chr(c).isascii() and chr(c).isalpha() else 32 for c in range(256))


def _screen_words(text: str) -> list[str] | list[bytes]:
    """``_lower_words(text)``, as bytes when ``text`` is ASCII (a few times cheaper: lower,
    translate and split in C): the same words, for counting and looking up in
    ``_common_words``."""
    if text.isascii():
        return text.encode().lower().translate(_ASCII_NON_LETTERS).split()
    return _lower_words(text)


@lru_cache(maxsize=None)
def _common_words(code: str) -> frozenset:
    """The language's ``SCREEN_TOP_WORDS`` commonest words, as strings and (the ASCII
    ones) as bytes, for ``_screen_words``."""
    words = wordlists.top_words(code, SCREEN_TOP_WORDS)
    return words | frozenset(w.encode() for w in words if w.isascii())


# The compiled screen (audit/_native/langid.c, ``Screen``), or None: then _screen_words and a
# set look-up a word, with the same counts (audit/native.py).
_NATIVE = native.load("_native_langid")


@lru_cache(maxsize=None)
def _screen(code: str | None):
    """The compiled ``Screen`` of ``code``'s commonest words (none for no language): counts a
    paragraph's words and its common ones in place, without a word object (a paragraph with a
    letter past ASCII is left to ``_screen_words``); None without the compiled module."""
    if _NATIVE is None:
        return None
    common = _common_words(code) if code else frozenset()
    return _NATIVE.Screen([w for w in common if isinstance(w, bytes)])


def _screen_counts(text: str, common: frozenset) -> tuple[int, int]:
    """``(words, hits)``: how many words ``text`` has (``_screen_words``) and, when it has at
    least ``MIN_PARAGRAPH_WORDS``, how many of them are in ``common`` (else 0): what
    ``_screen(code).count`` gives, where it gives an answer."""
    tokens = _screen_words(text)
    if len(tokens) < MIN_PARAGRAPH_WORDS or not common:
        return len(tokens), 0
    return len(tokens), sum(map(common.__contains__, tokens))


def _lower_words(text: str) -> list[str]:
    """The words of ``text`` (``_WORD``), lower-cased. ASCII text is lower-cased whole first:
    there that cannot merge, split or drop a word (it can elsewhere: "İ" lowers to "i" and a
    combining dot, which is not a letter)."""
    if text.isascii():
        return _WORD.findall(text.lower())
    return [w.lower() for w in _WORD.findall(text)]


def detect_language(text: str, paras: list[Segment] | None = None,
                    detector: str | None = None) -> Language:
    """Article language plus one entry per paragraph, so mixed text is visible."""
    method = detectors.get(detector).name
    sampled = sample(text)
    code, confidence = detect(sampled, detector)
    result = Language(code, confidence, detector=method)
    common = _common_words(code) if code else frozenset()
    screen = _screen(code)
    other = False  # a paragraph detected in another language than the article's
    for para in paras if paras is not None else paragraphs(text):
        counted = screen.count(para.text) if screen is not None else None
        words, hits = counted if counted is not None else _screen_counts(para.text, common)
        if words < MIN_PARAGRAPH_WORDS:
            result.paragraphs.append(ParagraphLanguage(para.start, para.end, None, 0.0, "too-short"))
            continue
        if common and hits / words >= SCREEN_MIN_SHARE:
            result.paragraphs.append(ParagraphLanguage(para.start, para.end, code, confidence, "screen"))
            continue
        # A paragraph that is the whole sample (a one-paragraph article) was just detected.
        p_code, p_conf = (code, confidence) if para.text == sampled else detect(para.text, detector)
        result.paragraphs.append(ParagraphLanguage(para.start, para.end, p_code, p_conf, method))
        other = other or p_code not in (None, code)
    # Only a paragraph in another language can outvote the first guess (settle's first test).
    return settle_article_language(text, result, detector) if other else result


# --- the article's language from its paragraphs, and the language each paragraph is checked in

# A paragraph "looks like prose" when it has at least this many words and ends a sentence:
# headings, names, bylines, list items and table rows do not vote on the article's language.
PROSE_MIN_WORDS = 8
_SENTENCE_END = re.compile(r"[.!?…:;][\"'”’»)\]]*\s*$")
# PROSE_MIN_WORDS runs of letters (words as _WORD reads them), stopping at the last one.
_ENOUGH_WORDS = re.compile(rf"(?:[\W\d_]*+[^\W\d_]++){{{PROSE_MIN_WORDS}}}")
# A paragraph votes, and is checked in its own language, only when it looks like prose and
# its detection is reliable: the detector this sure of it. Measured on lists of names ("Real
# Madrid, Barcelona, Atletico Madrid, Sevilla": es 0.35; "Manchester United, Liverpool,
# Arsenal …": en 0.34) against sentences (0.97 and more). Everything else (a name, a
# number, a heading, a caption, a list or a table) inherits the article's language.
OWN_LANGUAGE_MIN_CONFIDENCE = 0.8


def looks_like_prose(text: str) -> bool:
    """At least ``PROSE_MIN_WORDS`` words ending in sentence punctuation."""
    return bool(_SENTENCE_END.search(text[-12:])) and bool(_ENOUGH_WORDS.match(text))


def settle_article_language(text: str, language: Language, detector: str | None = None) -> Language:
    """Decide the article's language by its prose, not by a sample of the whole text.

    The first guess (``detect`` on a sample of the article) is kept unless the paragraphs
    that look like prose (``looks_like_prose``) and were detected reliably, weighted by their
    characters, are mostly in another language: an Indonesian article followed by a list of
    English club names, or a table, is Indonesian. Without such paragraphs (a headline, a
    table of figures) the first guess stands. When the article's language changes, the
    paragraphs screened against the first guess's commonest words are detected on their
    own instead, and the confidence becomes the character-weighted mean of the winning
    paragraphs' confidences.
    """
    if all(para.code in (None, language.code) for para in language.paragraphs):
        return language  # no paragraph could outvote the first guess: no need to count votes
    votes = _prose_votes(text, language)
    if not votes:
        return language
    winner = max(sorted(votes), key=lambda code: votes[code][0])
    if winner == language.code:
        return language
    letters, weighted = votes[winner]
    language.code, language.confidence = winner, round(weighted / letters, 3)
    method = detectors.get(detector).name
    for n, para in enumerate(language.paragraphs):
        if para.method == "screen":
            p_code, p_conf = detect(text[para.start:para.end], detector)
            language.paragraphs[n] = ParagraphLanguage(para.start, para.end, p_code, p_conf, method)
    return language


def _prose_votes(text: str, language: Language) -> dict[str, tuple[int, float]]:
    """Language → (characters, characters × confidence) over the prose paragraphs that vote."""
    votes: dict[str, tuple[int, float]] = {}
    for para in language.paragraphs:
        if not _reliable_prose(text, para):
            continue
        letters = min(para.end - para.start, MAX_DETECT_CHARS)  # what the detector read
        total, weighted = votes.get(para.code, (0, 0.0))
        votes[para.code] = (total + letters, weighted + letters * para.confidence)
    return votes


def _reliable_prose(text: str, para: ParagraphLanguage) -> bool:
    if para.code is None or para.method == "too-short":
        return False
    if para.method != "screen" and para.confidence < OWN_LANGUAGE_MIN_CONFIDENCE:
        return False
    return looks_like_prose(text[para.start:para.end])


def checked_language(text: str, para: ParagraphLanguage, article: str | None) -> str | None:
    """The language a paragraph's checks run in: its own when it is prose whose detection is
    reliable and names another language than the article's, else the article's (a
    too-short or screened paragraph, a name, a heading, a list, a caption, a table)."""
    if para.code == article or para.method == "screen" or not _reliable_prose(text, para):
        return article
    if article is not None and packs.canonical(para.code) == packs.canonical(article):
        return article  # "ms" in an Indonesian article
    return para.code


def language_regions(text: str, language: Language | None) -> list[tuple[int, int, str | None]]:
    """The text cut into ``(start, end, language)`` regions that cover it exactly, one per run
    of paragraphs checked in the same language (``checked_language``). The text between two
    paragraphs belongs to the one before it; the text before the first, to the first."""
    if language is None:
        return [(0, len(text), None)]
    regions: list[tuple[int, int, str | None]] = []
    for para in language.paragraphs:
        code = checked_language(text, para, language.code)
        if regions and regions[-1][2] == code:
            continue
        if regions:
            regions[-1] = (regions[-1][0], para.start, regions[-1][2])
        regions.append((0 if not regions else para.start, len(text), code))
    return regions or [(0, len(text), language.code)]


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
    if language.code and language.code != "en" and _written_in(text, language):
        para = _longest_paragraph_in(language)
        start, end = (para.start, para.end) if para else (0, 0)
        return Origin(language.code, language.confidence, [Evidence(
            "language", text[start:end][:200], start, min(end, start + 200),
            f"the article itself is written in {language.code} "
            f"({detectors.get(detector).name} {language.confidence:.2f})")])
    candidates = _candidates(attributions, findings, outlet_languages, language.code)
    best: Origin | None = None
    for code in sorted(candidates):
        scored = candidates[code]
        if not any(not corroborate for _, _, corroborate in scored):
            continue  # "AS" alone: right only where the text is otherwise Indonesian
        kept = _cap_per_kind([item for item, _, _ in scored])
        if len(_clues(kept)) < MIN_ORIGIN_CLUES:
            continue
        weight = {id(item): w for item, w, _ in scored}
        remaining = 1.0
        for item in kept:
            remaining *= 1.0 - weight[id(item)]
        confidence = round(1.0 - remaining, 3)
        if confidence >= MIN_ORIGIN_CONFIDENCE and (best is None or confidence > best.confidence):
            best = Origin(code, confidence, sorted(kept, key=lambda e: e.start))
    return best


def _candidates(attributions: list[Attribution], findings: list[Finding],
                outlet_languages: dict[str, str], article_language: str | None
                ) -> dict[str, list[tuple[Evidence, float, bool]]]:
    """Every candidate language with its evidence: (item, weight, needs corroboration)."""
    english_services = None  # built on the first dateline that needs it
    candidates: dict[str, list[tuple[Evidence, float, bool]]] = {}
    for attribution in attributions:
        outlet_language = packs.canonical(outlet_languages.get(attribution.agency))
        if attribution.kind != "dateline" or not outlet_language \
                or outlet_language == article_language:
            continue
        if english_services is None:
            english_services = packs.english_outlets()
        if attribution.agency in english_services:
            item = Evidence("dateline", attribution.text, attribution.start, attribution.end,
                            f"dateline of {attribution.agency}, which also publishes in English "
                            f"(weak evidence of {outlet_language})")
            candidates.setdefault(outlet_language, []).append((item, ENGLISH_SERVICE_WEIGHT, False))
        else:
            item = Evidence("dateline", attribution.text, attribution.start, attribution.end,
                            f"dateline of {attribution.agency}, which publishes in {outlet_language}")
            candidates.setdefault(outlet_language, []).append(
                (item, EVIDENCE_WEIGHTS["dateline"], False))
    if not findings:  # most articles: no check evidence to look up
        return candidates
    from audit.checks import origin_evidence

    evidence_from = origin_evidence()
    for finding in findings:
        declared = evidence_from.get(finding.code)
        if declared is None:
            continue
        kind, default_language = declared.kind, declared.language
        evidence = finding.evidence
        codes = [packs.canonical(c) for c in evidence.languages] if evidence else [default_language]
        shared = evidence is not None and (evidence.shared or len(codes) > 1)
        weight = SHARED_WEIGHT if shared else EVIDENCE_WEIGHTS[kind]
        corroborate = evidence is not None and evidence.needs_corroboration
        for code in dict.fromkeys(codes):
            detail = finding.message if not shared else (
                f"{finding.message} (a convention shared by {len(codes)} languages: weak evidence)")
            candidates.setdefault(code, []).append(
                (Evidence(kind, finding.text, finding.start, finding.end, detail), weight,
                 corroborate))
    return candidates


def follow_origin(findings: list[Finding], origin: Origin | None) -> list[Finding]:
    """The findings that hold for the article's origin language.

    A check that knows several source languages reports what each pack found; once the origin
    is inferred, a left-over word of another language is dropped (a Spanish "para" in a
    translation from Indonesian is not a Spanish word). Conventions several languages share
    are kept whatever the origin; a hit that needs corroboration ("AS") is dropped when no
    origin is found.
    """
    code = origin.code if origin is not None else None
    kept = []
    for finding in findings:
        evidence = finding.evidence
        if evidence is None or evidence.shared:
            kept.append(finding)
        elif code is None:
            if not evidence.needs_corroboration:
                kept.append(finding)
        elif code in {packs.canonical(c) for c in evidence.languages}:
            kept.append(finding)
    return kept


def _written_in(text: str, language: Language) -> bool:
    """The article is written in its detected language: the detector is sure of it, or one
    of its paragraphs in that language is prose (see ``MIN_LANGUAGE_ORIGIN_CONFIDENCE``)."""
    return language.confidence >= MIN_LANGUAGE_ORIGIN_CONFIDENCE or any(
        p.code == language.code and looks_like_prose(text[p.start:p.end])
        for p in language.paragraphs)


def _clues(evidence: list[Evidence]) -> set[tuple[str, str]]:
    """Distinct clues: the same word or convention seen twice is one clue, not two."""
    return {(item.kind, " ".join(item.text.split()).lower()) for item in evidence}


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
