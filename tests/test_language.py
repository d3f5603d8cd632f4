"""Language detection (seeded, per paragraph) and origin-language inference with evidence."""

from __future__ import annotations

import subprocess
import sys

from audit.language import detect, detect_language, infer_origin
from audit.model import Attribution, Finding, Language

# Real English sentences from general_valid.en (Wikipedia-like, not translated news):
# no Indonesian conventions, no outlet datelines.
PLAIN_ENGLISH = (
    "The decision also raises questions about the separation of powers in the United Kingdom; it "
    "has been consistently maintained that it is Parliament, not the executive, which passes "
    "legislation.\n\nAt that time, a player was not allowed to join the NFL until four years after "
    "graduating from high school.\n\nHe received the title of Honorary President when leaving "
    "office, but resigned in April 2013."
)


def test_seed_is_english_and_short_lines_get_no_paragraph_language(seed_text):
    language = detect_language(seed_text)
    assert language.code == "en" and language.confidence > 0.9
    first = language.paragraphs[0]
    assert seed_text[first.start:first.end] == "Wednesday, 20 Dec 2023 20:35 IWST"
    dateline = next(p for p in language.paragraphs
                    if seed_text[p.start:p.end] == "Jakarta, CNN Indonesia —")
    assert (dateline.code, dateline.method) == (None, "too-short")
    assert all(p.code == "en" for p in language.paragraphs if p.method != "too-short")


def test_real_indonesian_is_detected(news_id):
    text = "\n\n".join(news_id[10:16])
    language = detect_language(text)
    assert language.code == "id"


def test_indonesian_paragraph_inside_english_article_is_visible(news_en, news_id):
    english = "\n\n".join(news_en[20:26])
    indonesian = " ".join(news_id[40:43])
    text = english + "\n\n" + indonesian
    language = detect_language(text)
    assert language.code == "en"
    last = language.paragraphs[-1]
    assert text[last.start:last.end] == indonesian
    assert (last.code, last.method) == ("id", "py3langid")


def test_detection_is_reproducible_across_processes(news_en):
    text = " ".join(news_en[:2])
    here = detect(text)
    code = ("import sys; from audit.language import detect; "
            "print(repr(detect(sys.stdin.read())))")
    other = subprocess.run([sys.executable, "-c", code], input=text, capture_output=True,
                           text=True, check=True).stdout.strip()
    assert repr(here) == other


def test_too_short_text_has_no_language():
    assert detect("Ok.") == (None, 0.0)
    assert detect_language("Ok.").code is None


def _finding(code: str, text: str, start: int) -> Finding:
    return Finding(code, "x", "minor", "m", text, start, start + len(text))


def test_origin_unknown_without_evidence():
    language = detect_language(PLAIN_ENGLISH)
    assert language.code == "en"
    assert infer_origin(PLAIN_ENGLISH, language, [], [], {}) is None


def test_origin_from_dateline_tokens_and_conventions(seed_text):
    language = Language("en", 1.0)
    dateline = Attribution("CNN Indonesia", "dateline", "Jakarta, CNN Indonesia —", 10, 34)
    credit = Attribution("AFP", "photo_credit", "(AFP/ANWAR AMRO)", 0, 16)
    findings = [_finding("untranslated-token", "AS", 50), _finding("locale-convention", "IWST", 2),
                _finding("missing-space", "HamasIsmail", 70)]
    origin = infer_origin(seed_text, language, [credit, dateline], findings,
                          {"CNN Indonesia": "id"})
    assert origin is not None and origin.code == "id"
    kinds = [e.kind for e in origin.evidence]
    assert sorted(kinds) == ["dateline", "source-convention", "source-token"]
    # 1 - (1-0.6)(1-0.35)(1-0.2): the three independent clues combined
    assert origin.confidence == round(1 - 0.4 * 0.65 * 0.8, 3)
    assert [e.start for e in origin.evidence] == sorted(e.start for e in origin.evidence)


def test_a_single_weak_clue_is_not_enough():
    language = Language("en", 1.0)
    one_convention = [_finding("locale-convention", "(1/8)", 5)]
    assert infer_origin("x" * 20, language, [], one_convention, {}) is None
    two = one_convention + [_finding("locale-convention", "WIB", 12)]
    origin = infer_origin("x" * 20, language, [], two, {})
    assert origin is not None and origin.code == "id" and origin.confidence == 0.36


def test_wire_dateline_is_not_evidence_of_translation():
    language = Language("en", 1.0)
    dateline = Attribution("Reuters", "dateline", "JAKARTA (Reuters) -", 0, 19)
    assert infer_origin("x" * 30, language, [dateline], [], {}) is None


def test_article_written_in_indonesian_originates_in_indonesian(news_id):
    text = "\n\n".join(news_id[100:105])
    language = detect_language(text)
    origin = infer_origin(text, language, [], [], {})
    assert origin.code == "id"
    (evidence,) = origin.evidence
    assert evidence.kind == "language"
    assert text[evidence.start:evidence.end] == evidence.text


def test_declared_source_language_wins():
    origin = infer_origin("Some text here.", Language("en", 1.0), [], [], {}, declared="ms")
    assert (origin.code, origin.confidence, origin.evidence[0].kind) == ("ms", 1.0, "declared")


def test_supplied_source_text_gives_the_origin(news_en, news_id):
    text, source = " ".join(news_en[10:14]), " ".join(news_id[10:14])
    origin = infer_origin(text, detect_language(text), [], [], {}, source_text=source)
    assert origin.code == "id" and origin.confidence > 0.9
    assert [e.kind for e in origin.evidence] == ["source-text"]
    # the declared language still wins, and an English "source" says nothing about origin
    assert infer_origin(text, detect_language(text), [], [], {}, declared="ms",
                        source_text=source).code == "ms"
    assert infer_origin(text, detect_language(text), [], [], {}, source_text=text) is None


def test_lower_words_are_the_words_lower_cased_ascii_or_not(news_en, news_id):
    """The ASCII shortcut (lower-case the text, then find words) gives what finding the words
    and lower-casing each gives; non-ASCII text, where lowering can split a word, keeps that."""
    from audit.language import _WORD, _lower_words

    texts = news_en[:300] + news_id[:300] + [
        "İSTANBUL (AA) - Türkiye'nin", "ẞtraße GROẞ", "ǅemal Bijedić", "ΣΊΣΥΦΟΣ", "x_Y 3D C-3PO"]
    for text in texts:
        assert _lower_words(text) == [w.lower() for w in _WORD.findall(text)], text
    assert _lower_words("İSTANBUL") == ["i̇stanbul"]  # one word, as before: not "i" + "stanbul"


def test_one_paragraph_article_is_detected_once_with_the_same_answer(news_id, monkeypatch):
    """A paragraph that is the whole article gets the article's detection, not a second call
    that would give the same: real Indonesian sentences the screen does not settle."""
    from audit import detectors

    engine = detectors.get()
    calls = []
    original = engine.detect
    monkeypatch.setattr(engine, "detect", lambda text: calls.append(text) or original(text))
    checked = 0
    for sentence in news_id[:200]:
        calls.clear()
        language = detect_language(sentence)
        [para] = language.paragraphs
        if para.method != engine.name:
            continue  # screened or too short: no detection of its own
        checked += 1
        assert len(calls) == 1, sentence
        assert (para.code, para.confidence) == original(sentence) == (language.code, language.confidence)
    assert checked >= 5
