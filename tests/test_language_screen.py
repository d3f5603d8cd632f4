"""The compiled paragraph screen (``audit._native_langid.Screen``) counts what the Python
screen counts: the words of a text (``language._screen_words``) and how many of them are among
a language's commonest words, on real text, other languages and random input, and leaves to
Python exactly the texts with a letter past ASCII; ``detect_language`` says the same with it
and without it.

Skipped where the extension is not built (fails under AUDIT_REQUIRE_NATIVE=1 / CI=true).
"""

from __future__ import annotations

import json
import random
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from audit import language
from audit.text import paragraphs
from conftest import REPO, compiled, read_lines, require_compiled

NATIVE = compiled("_native_langid")
EXTERNAL_DIR = REPO.parent / "shared" / "data" / "external"

OTHER_LANGUAGES = [
    "Die Bundesregierung hat am Mittwoch neue Massnahmen gegen die steigenden Energiepreise beschlossen.",
    "Le président de la République a annoncé jeudi soir une série de mesures.",
    "El Gobierno aprobo este martes el proyecto de ley de presupuestos generales del Estado.",
    "Президент подписал указ о дополнительных мерах поддержки семей с детьми.",
    "据欧盟委员会估计，欧盟的申根国家去年收到超92万份庇护申请。",
    "JAKARTA, CNN INDONESIA -- PRESIDEN JOKO WIDODO MENGATAKAN BAHWA", "İSTANBUL (AA) - Türkiye",
]


@pytest.fixture(autouse=True)
def _native():
    require_compiled(NATIVE, "_native_langid")


_LETTER = re.compile(r"[^\W\d_]")  # a letter as language._WORD reads it


def _python_counts(text: str, common: frozenset) -> tuple[int, int]:
    tokens = language._screen_words(text)
    return len(tokens), sum(map(common.__contains__, tokens))


def _screen_of(common: frozenset):
    return NATIVE.Screen([w for w in common if isinstance(w, bytes)])


def _assert_same(texts, code: str) -> None:
    common = language._common_words(code)
    screen = _screen_of(common)
    for text in texts:
        _assert_counts(screen, text, common)


def _assert_counts(screen, text: str, common: frozenset) -> None:
    counted = screen.count(text)
    if any(ord(c) > 127 and _LETTER.match(c) for c in text):
        assert counted is None, text
    else:
        assert counted == _python_counts(text, common), text


def _external(name: str, count: int) -> list[str]:
    path = EXTERNAL_DIR / name
    if not path.is_file():
        pytest.skip(f"real data not found at {path}")
    with path.open(encoding="utf-8") as handle:
        return [json.loads(line)["text"] for _, line in zip(range(count), handle)]


@pytest.mark.parametrize("code", ["en", "id"])
def test_real_sentences_and_paragraphs(code):
    texts = read_lines("news_valid.en")[:800] + read_lines("news_valid.id")[:800]
    texts += [p.text for name in ("en_bbc_fulltext.jsonl", "id_detik_1000.jsonl")
              for text in _external(name, 100) for p in paragraphs(text)]
    assert sum(t.isascii() for t in texts) > 1000
    assert sum(not t.isascii() and not any(ord(c) > 127 and _LETTER.match(c) for c in t)
               for t in texts) > 50  # dashes, curly quotes, no-break spaces: counted in C too
    _assert_same(texts, code)


def test_other_languages():
    _assert_same(OTHER_LANGUAGES, "en")
    for code in ("de", "fr", "es", "ru"):
        _assert_same(OTHER_LANGUAGES, code)


def test_word_edges():
    screen = NATIVE.Screen([b"the", b"of", b"The", b"x" * 70, b"", b"don't", b"of"])
    assert screen.count("The cat of THE big") == (5, 3)  # stored "The" never matches: words are lowered
    assert screen.count("X" * 70 + " " + "x" * 69 + " " + "x" * 71) == (3, 1)  # past the 64-byte buffer
    assert screen.count("don't") == (2, 0)  # "don" and "t": no word holds an apostrophe
    assert screen.count("") == (0, 0)
    assert screen.count("123 4,5 ... \t\n") == (0, 0)
    assert screen.count("é") is None
    assert screen.count("the\u2013of \u201cthe\u201d\xa0of\u2026") == (4, 4)  # no letters past ASCII
    assert screen.count("the \u0663 of \U0001F600 the") == (3, 3)  # an Arabic-Indic digit, an emoji
    assert screen.count("the\u00b2") is None  # "²" is no decimal digit: _WORD reads "the²"
    assert screen.count("\u212ane") is None  # the Kelvin sign lowers to "k"
    assert NATIVE.Screen([]).count("a b c") == (3, 0)


def test_bad_arguments():
    with pytest.raises(TypeError):
        NATIVE.Screen(["the"])
    with pytest.raises(TypeError):
        NATIVE.Screen(5)
    with pytest.raises(TypeError):
        NATIVE.Screen([b"the"]).count(b"the")


_WORDS = st.lists(st.binary(max_size=8).map(bytes.lower) | st.sampled_from([b"a", b"ab", b"the", b"A"]),
                  max_size=30)


@settings(max_examples=300, deadline=None)
@given(text=st.text(alphabet=st.characters(max_codepoint=127), max_size=200), words=_WORDS)
def test_random_ascii(text, words):
    common = frozenset(words)
    assert NATIVE.Screen(words).count(text) == _python_counts(text, common)


# ASCII, and characters past it: no letters (dashes, quotes, spaces, digits, marks, an emoji)
# and letters (accented, Greek sigma, the dotted I, the Kelvin sign, a superscript two).
_MIXED = st.sampled_from(list("aAbBtThHeE -.'_09\n") + list(
    "\u2013\u2014\u2019\u201c\u00a0\u2026\u0663\u0301\U0001F600\u3000"
    "\u00e9\u00c9\u03a3\u0130\u212a\u00b2\u00df\u4e2d"))


@settings(max_examples=300, deadline=None)
@given(text=st.text(alphabet=_MIXED, max_size=120), words=_WORDS)
def test_random_text_past_ascii(text, words):
    _assert_counts(NATIVE.Screen(words), text, frozenset(words) | {w.decode() for w in words if w.isascii()})


def test_random_long_words():
    rng = random.Random(13)
    words = [bytes(rng.choice(b"abAB") for _ in range(rng.randint(1, 100))).lower() for _ in range(200)]
    screen = NATIVE.Screen(words)
    for _ in range(300):
        text = " ".join(rng.choice(words).decode().upper() if rng.random() < 0.5 else
                        "".join(rng.choice("abAB-. ") for _ in range(rng.randint(0, 90)))
                        for _ in range(rng.randint(0, 20)))
        assert screen.count(text) == _python_counts(text, frozenset(words))


def test_detect_language_the_same_without_the_screen(monkeypatch):
    texts = ["\n\n".join(read_lines(name)[i:i + 3]) for name in ("news_valid.en", "news_valid.id")
             for i in range(0, 600, 3)]
    texts += _external("en_bbc_fulltext.jsonl", 40) + _external("id_detik_1000.jsonl", 40)
    texts += ["\n\n".join(OTHER_LANGUAGES), "\n\n".join(OTHER_LANGUAGES[:3] + texts[:2])]
    with_screen = [language.detect_language(t).to_dict() for t in texts]
    monkeypatch.setattr(language, "_screen", lambda code: None)
    assert [language.detect_language(t).to_dict() for t in texts] == with_screen
