"""number-mismatch's and locale-convention's fast paths give what the full scans give (issue
13): the compiled scans against their patterns, the required-character gates, the one-bead
matching, locale's digit marks, on real and crafted text; a gate planted wrong fails here."""

from __future__ import annotations

import importlib
import re

import pytest

from audit import languages
from audit.checks import REGISTRY, CheckContext, run_check
from audit.checks import locale
from audit.checks.numbers import digits, lexicon_for
from audit.checks.numbers.extract import extract
from conftest import compiled, read_lines, require_compiled

extract_module = importlib.import_module("audit.checks.numbers.extract")
words_module = importlib.import_module("audit.checks.numbers.words")
compare_module = importlib.import_module("audit.checks.numbers.compare")

EDGES = [
    "", "7", "x", "12 ab 345", "a1b22c333", "٣٤ and ５６ and ४२ and 𝟗𝟖 (other scripts' digits)",
    "1.500.000,50 and 1/8/2023, 2023-12-20, 20.35 WIB", "²³ and ½ are no decimal digits",
    "World War II, Pope John Paul II, XIV. Louis XVIII, CCC, VIIIIIII, IIa, II_, _II, ⅫI",
    "MCMXC MMXX ii IIII XLII LXXVII C. C L X",
    "Posted 2024-01-05, updated 2024-01-06T08:00 (20240107 and 2019-3-1 are not ISO dates)", "Ⅻ (U+216B) and İI and Iİ", "XI\nIX\tLV", "IVXLCIV IVXLCI",
]


def _texts() -> list[str]:
    lines = read_lines("news_test.en")[:400] + read_lines("news_test.id")[:400]
    return EDGES + lines + ["\n\n".join(lines[k:k + 8]) for k in range(0, 400, 8)]


def test_the_compiled_digit_runs_are_the_patterns_runs():
    native = compiled("_native_text")
    require_compiled(native, "_native_text")
    for text in _texts():
        assert native.digit_run_starts(text) == [m.start() for m in re.finditer(r"\d+", text)], text
        assert native.digit_run_ends(text) == [m.end() for m in re.finditer(r"\d+", text)], text


def test_the_compiled_roman_runs_are_the_patterns_matches():
    native = compiled("_native_text")
    require_compiled(native, "_native_text")
    found = 0
    for text in _texts():
        expected = [m.span() for m in words_module._ROMAN.finditer(text)]  # noqa: SLF001
        assert native.roman_runs(text) == expected, text
        found += len(expected)
    assert found >= 10


def test_roman_numerals_are_the_same_with_and_without_the_compiled_scan(monkeypatch):
    texts = _texts()
    with_native = [words_module.roman_numerals(t) for t in texts]
    monkeypatch.setattr(words_module, "_NATIVE", None)
    monkeypatch.setattr(digits, "_NATIVE", None)
    assert [words_module.roman_numerals(t) for t in texts] == with_native
    assert ("II", "XIV", "XVIII") == tuple(n for _, _, n in words_module.roman_numerals(EDGES[8])[1:4])



NAME_EDGES = ['Joko Widodo met "Prabowo and (Anies) in \u201cJakarta', "Ab Abc A-b- X\u2019s O'Neil",
              " \u00c9ric Abc", "x\u00a0Abc\u2003Def Gh_ Ij\tKl\nMno", "(AB) (ABC) AB\u2019 Ab-",
              "\u201cZ\u00fcrich\u201d \u041c\u043e\u0441\u043a\u0432\u0430 Qatar's"]


def test_the_compiled_names_are_the_patterns():
    native = compiled("_native_text")
    require_compiled(native, "_native_text")
    align = importlib.import_module("audit.checks.numbers.align")
    found = 0
    for text in NAME_EDGES + EDGES + _texts():
        expected = frozenset(align._NAME.findall(text))  # noqa: SLF001
        assert native.names(text) == expected, text
        found += len(expected)
    assert found > 1000

def _gated_and_full(monkeypatch, texts):
    lex = lexicon_for("id")
    gated = [(extract(t, "en", lex), extract(t, "id", lex)) for t in texts]
    with monkeypatch.context() as patch:
        patch.setattr(extract_module, "may_match", lambda pattern, text: True)
        full = [(extract(t, "en", lex), extract(t, "id", lex)) for t in texts]
    return gated, full


def test_the_required_character_gates_agree_with_the_full_scans(monkeypatch):
    texts = _texts()
    gated, full = _gated_and_full(monkeypatch, texts)
    assert gated == full
    for pattern, char in digits._REQUIRED.items():  # noqa: SLF001
        matches = [m.group() for t in texts for m in pattern.finditer(t)]
        assert len(matches) >= 3 and all(char in m for m in matches), pattern.pattern
        assert not digits.may_match(pattern, "On 20 December 2023 at 8.35, 1.500 people came.")


@pytest.mark.parametrize("name", ["_ISO_DATE", "_SLASH_DATE"])
def test_a_wrong_required_character_is_caught(monkeypatch, name):
    pattern = getattr(digits, name)
    monkeypatch.setitem(digits._REQUIRED, pattern, "§")  # noqa: SLF001 - planted wrong
    gated, full = _gated_and_full(monkeypatch, _texts())
    assert gated != full


def _side(mentions):
    return compare_module._Side(mentions, [], [])  # noqa: SLF001 - one bead


def test_one_bead_matching_needs_no_rounds_across_beads():
    """``_all_matched`` pairs within one bead only: the rounds across beads pair nothing more
    there (real pairs, and numbers repeated past the candidate window)."""
    lex = lexicon_for("id")
    english, indonesian = read_lines("news_test.en")[:600], read_lines("news_test.id")[:600]
    pairs = [("\n\n".join(english[k:k + 6]), "\n\n".join(indonesian[k:k + 6]))
             for k in range(0, 600, 6)]
    pairs.append((" ".join(["12"] * 300 + ["13"] * 5), " ".join(["12"] * 290 + ["13"] * 9)))
    paired = 0
    for text, source in pairs:
        results = []
        for across in (True, False):
            src, tgt = _side(extract(source, "id", lex)), _side(extract(text, "en", lex))
            compare_module._match(src, tgt, across=across)  # noqa: SLF001
            results.append((src.partner, tgt.partner))
        assert results[0] == results[1]
        paired += sum(p is not None for p in results[0][0])
    assert paired > 300



def _word_texts():
    packs = [example[key] for pack in languages.builtin_packs().values()
             for example in pack.get("examples", []) for key in ("flag", "ok") if key in example]
    return _texts() + packs + [
        "One, TWO, Three hundred, a hundred and five, Pertama, kedua, SATU, İki, ÜÇ, trentacinque",
        "Dos mil, vingt et un, fünfunddreißig, Sultan Bima, Mr Two, ke-dua, dua persen"]


def test_one_word_runs_read_from_the_memo_as_the_full_reading_does(monkeypatch):
    """Every real run of one word: the memo's readings are those of reading the run in its
    text; and whole texts read the same with the memo bypassed."""
    lex = lexicon_for("id")
    texts = _word_texts()
    checked = 0
    for text in texts:
        for language in lex.languages.values():
            for run in extract_module._number_word_runs(text, language):  # noqa: SLF001
                if run.group().isalpha():
                    expected = [r for _, _, r in words_module._run_readings(  # noqa: SLF001
                        text, run.start(), run.end(), language)]
                    assert list(words_module._word_reading(run.group(), language)) == expected  # noqa: SLF001
                    checked += 1
    assert checked > 300
    with_memo = [(extract(t, "en", lex), extract(t, "id", lex)) for t in texts]
    monkeypatch.setattr(words_module, "_word_reading", lambda word, language: tuple(
        r for _, _, r in words_module._run_readings(word, 0, len(word), language)))  # noqa: SLF001
    assert [(extract(t, "en", lex), extract(t, "id", lex)) for t in texts] == with_memo


def test_the_memo_used_for_a_run_of_several_words_is_caught(monkeypatch):
    """Planted wrong: every run read from the memo, as if it were one word (its numbers then
    span the whole run: "first two", "dua ratus lima" read apart are lost)."""
    lex = lexicon_for("id")
    texts = _word_texts()
    right = [(extract(t, "en", lex), extract(t, "id", lex)) for t in texts]
    monkeypatch.setattr(words_module, "_one_word", lambda run: True)
    assert [(extract(t, "en", lex), extract(t, "id", lex)) for t in texts] != right

# --- locale-convention: the digit marks ----------------------------------------------------

LOCALE_TEXTS = [
    "The vote closed at 20 h 35 with 1,5 million ballots; 15h30 was the deadline.",
    "Rp 1.500.000 and 20.000 people, 300 000 more, at 20.35 hours or 14.30 o'clock.",
    "It happened on 20.12.2023, on the 1. January meeting; 12 o'clock is fine, 14 o'clock not.",
    "Leaders met at 20.35 WIB in Jakarta on Wednesday (20/12), paying US$1,7 billion.",
    "192.168.100.200, v1.500, 1,2 and 3, 10.30 in London and 1,500 people are English.",
    "٣٤ h ٣٥ and 1٢.٥٠٠ mix scripts; 2 000 May; Boeing 737 800; 0800 555 111.",
]


def _locale_texts():
    packs = [example[key] for pack in languages.builtin_packs().values()
             for example in pack.get("examples", []) for key in ("flag", "ok") if key in example]
    return LOCALE_TEXTS + EDGES + packs + _texts()


def _locale_findings(texts):
    check = REGISTRY["locale-convention"]
    return [[(f.start, f.end, f.message, f.suggestion) for f in run_check(
        check, CheckContext(text=t, language="en"))] for t in texts]


def _every_position(text):
    """The marks of a gate that knows nothing: every position of a text with a digit."""
    return list(range(len(text))) if re.search(r"\d", text) else None


def test_the_locale_digit_marks_agree_with_the_full_scans(monkeypatch):
    texts = _locale_texts()
    gated = _locale_findings(texts)
    monkeypatch.setattr(locale, "_digit_marks", _every_position)
    assert _locale_findings(texts) == gated
    assert sum(map(len, gated[:len(LOCALE_TEXTS)])) >= 12   # the conventions were found


def test_the_locale_digit_marks_are_the_same_without_the_compiled_scan(monkeypatch):
    texts = _locale_texts()
    marks = [locale._digit_marks(t) for t in texts]  # noqa: SLF001
    monkeypatch.setattr(locale, "_NATIVE", None)
    assert [locale._digit_marks(t) for t in texts] == marks  # noqa: SLF001


def test_the_compiled_digit_run_ends_are_the_patterns():
    native = compiled("_native_text")
    require_compiled(native, "_native_text")
    for text in _locale_texts():
        assert native.digit_run_ends(text) == [m.end() for m in re.finditer(r"\d+", text)], text


def test_a_locale_mark_that_misses_a_convention_is_caught(monkeypatch):
    texts = LOCALE_TEXTS + _texts()
    full = _locale_findings(texts)
    # planted wrong: the thousands-space convention's digits no longer open a mark
    tails = [f"(?:{gate.pattern[2:]})" for name, gate in locale._GATES.items()  # noqa: SLF001
             if name != "thousands-space"] + [locale._DOT_GROUP.pattern[2:]]  # noqa: SLF001
    monkeypatch.setattr(locale, "_AFTER_MARK", re.compile("|".join(tails)))
    assert _locale_findings(texts) != full
