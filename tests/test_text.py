"""The one sentence splitter: offsets exact, abbreviations and quotes handled."""

from __future__ import annotations

import pytest

from audit.text import paragraphs, sentences, words


@pytest.mark.parametrize("text, expected", [
    ("Mr. Smith went to Washington. He said hi.", ["Mr. Smith went to Washington.", "He said hi."]),
    ('He said "Go." Then he left.', ['He said "Go."', "Then he left."]),
    ("The U.S. Army is here. J. Smith said so.", ["The U.S. Army is here.", "J. Smith said so."]),
    ("It cost Rp 1.5 billion. That is a lot... Yes!", ["It cost Rp 1.5 billion.", "That is a lot...", "Yes!"]),
    ("Joko S. Widodo arrived at 10 a.m. Tuesday.", ["Joko S. Widodo arrived at 10 a.m. Tuesday."]),
    ("Jl. Sudirman No. 5 is closed. Traffic is heavy.", ["Jl. Sudirman No. 5 is closed.", "Traffic is heavy."]),
    ("“This is our duty. I am responsible,” Netanyahu said.",
     ["“This is our duty.", "I am responsible,” Netanyahu said."]),
    ("Haniyeh visits Egypt. (AFP/ANWAR AMRO)", ["Haniyeh visits Egypt. (AFP/ANWAR AMRO)"]),
    ("He said.The talks ended.", ["He said.The talks ended."]),  # glued: a check's job, not a split
])
def test_sentences(text, expected):
    assert [s.text for s in sentences(text)] == expected


def test_offsets_index_the_text_exactly(seed_text):
    spans = sentences(seed_text)
    assert len(spans) == 20
    for span in spans:
        assert seed_text[span.start:span.end] == span.text
    assert all(a.end <= b.start for a, b in zip(spans, spans[1:]))


def test_short_lines_are_their_own_sentences_and_wrapped_lines_are_joined():
    text = ("Jakarta, CNN Indonesia —\nHaniyeh visited Egypt today, officials said, adding that the\n"
            "talks would continue.")
    assert [s.text for s in sentences(text)] == [
        "Jakarta, CNN Indonesia —",
        "Haniyeh visited Egypt today, officials said, adding that the\ntalks would continue."]


def test_paragraphs_by_blank_lines_or_by_lines():
    assert [p.text for p in paragraphs("A.\n\n  B.\nC.\n\n")] == ["A.", "B.\nC."]
    assert [p.text for p in paragraphs("A.\nB.")] == ["A.", "B."]


def test_words_offsets_are_the_tokens_own(news_en, news_id):
    """Every word's offsets point at its own text, in order, as the regex finds them."""
    from audit.text import _WORD

    for text in ["\n\n".join(news_en[:300]), "\n\n".join(news_id[:300]), "a-a a--a a.a. ..a. 1.5.",
                 "İstanbul’da O’Neill’s ‘quote’ __x__ 中文 ２０２４", ""]:
        expected = [(m.start(), m.end(), m.group()) for m in _WORD.finditer(text)]
        assert [tuple(w) for w in words(text)] == expected
        assert all(text[w.start:w.end] == w.text for w in words(text))


def test_words_keep_inner_punctuation():
    assert [w.text for w in words("Amir-Abdollahian met O’Neill at Kompas.com, 1.5 km away.")] == [
        "Amir-Abdollahian", "met", "O’Neill", "at", "Kompas.com", "1.5", "km", "away"]
