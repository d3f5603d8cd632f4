"""The compiled tokeniser (``audit._native_text``) gives what audit/text.py's Python gives:
the same words, runs, sentences and offsets, and its gates never hide a finding.

Both are compared on real news (English, Indonesian), on text in other scripts (CJK,
Arabic, Cyrillic, Devanagari with its combining marks, Turkish dotted and dotless i), on
edge cases and on random strings of the characters that decide a token's ends; the tests skip
with the reason where the module was not built, except under ``AUDIT_REQUIRE_NATIVE=1`` or
``CI=true`` (conftest.require_compiled).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from audit import text as text_module
from audit.text import Segment
from conftest import REPO, compiled, read_lines, require_compiled

NATIVE = compiled("_native_text")  # whatever AUDIT_NATIVE says: both are compared
EXTERNAL = REPO.parent / "shared" / "data" / "external"

OTHER_LANGUAGES = [
    "据欧盟委员会估计，欧盟的申根国家去年收到超92万份庇护申请，比前一年增加近半。",
    "政府は来年度の予算案を閣議決定し、防衛費は過去最大となった。「検討する」と述べた。",
    "대통령은 오늘 서울에서 기자회견을 열고 새로운 경제 정책을 발표했다.",
    "أعلنت وزارة الصحة عن تسجيل 1٬250 حالة جديدة في عدد من المحافظات خلال الأسبوع الماضي.",
    "Президент подписал указ о мерах поддержки семей с детьми, сообщил Кремль.",
    "प्रधानमंत्री ने आज नई दिल्ली में एक कार्यक्रम को संबोधित किया। २०२४ में चुनाव होंगे।",
    "İSTANBUL (AA) - Cumhurbaşkanı, Ankara'da düzenlenen törende ISPARTA'lı ıhlamur İzmir’de "
    "konuştu; DİYARBAKIR ılık.",
    "Thủ tướng Chính phủ đã chủ trì cuộc họp về tình hình phát triển kinh tế - xã hội.",
    "Die Bundesregierung hat am Mittwoch neue Maßnahmen beschlossen (ß, Œuvre, ǅemal).",
    "שר החוץ אמר כי המגעים יימשכו גם בשבוע הבא.",
    "Ο πρωθυπουργός δήλωσε ότι οι ΣΥΡΙΖΑ-ΠΑΣΟΚ συνομιλίες ΟΔΟΣ οδός συνεχίζονται.",
]
EDGES = [
    "", " ", "a", "_", "-", "'", ".", "a-", "-a", "a--a", "a-.a", "a.-b", "a.b.c.", "..a..",
    "a'b’c‘d", "don't", "O’Neill’s", "1.5.6", "__init__", "x_y-z", "a\u00adb", "e\u0301t\u00e9",
    "x" * 5000, "a-" * 2000, "\x00a\x01b\x02", "\ud800ab\udfffcd", "𝔘𝔫𝔦𝔠𝔬𝔡𝔢 😀 x😀y", "①②③ Ⅻ ¼ ½",
    "٣٤٥ ۱۲۳ ０１２ ＡＢＣ", "ǅ ǈ ᾈ", "a\u200bb\u200dc", "tab\tnew\nline\r\nend",
]

# The characters at a token's edges: word characters of several kinds, the joiners and others.
EDGE_ALPHABET = list("aZ9_-'’‘.` ,\n") + ["İ", "ı", "中", "٣", "\u0301", "\u00ad", "😀", "\ud800", "ß"]


def _native_words(text: str) -> list[tuple]:
    return [tuple(w) for w in NATIVE.words(text, Segment)]


def _python_words(text: str) -> list[tuple]:
    return [tuple(w) for w in text_module._words(text)]  # noqa: SLF001 - the fallback itself


def _python_runs(text: str) -> frozenset[str]:
    return frozenset(text_module._WORD_RUN.findall(text))  # noqa: SLF001


def _assert_same(text: str) -> None:
    native = NATIVE.words(text, Segment)
    assert [tuple(w) for w in native] == _python_words(text)
    assert all(type(w) is Segment for w in native)
    assert NATIVE.word_runs(text) == _python_runs(text)
    assert type(NATIVE.word_runs(text)) is frozenset


@pytest.fixture(autouse=True)
def _native():
    require_compiled(NATIVE, "_native_text")


def _external_texts(name: str, count: int) -> list[str]:
    path = EXTERNAL / name
    if not path.is_file():
        pytest.skip(f"real data not found at {path}")
    with path.open(encoding="utf-8") as handle:
        return [json.loads(line)["text"] for _, line in zip(range(count), handle)]


def test_real_news_in_english_and_indonesian():
    for name in ("news_valid.en", "news_valid.id", "general_valid.en", "general_valid.id"):
        lines = read_lines(name)
        _assert_same("\n\n".join(lines))
        for line in lines[:500]:
            _assert_same(line)


@pytest.mark.parametrize("name", ["en_bbc_fulltext.jsonl", "id_detik_1000.jsonl",
                                  "id_news_multisource_2025-06-18.jsonl",
                                  "en_articles_scrapinghub.jsonl"])
def test_real_articles(name):
    texts = _external_texts(name, 300)
    assert sum(len(NATIVE.words(t, Segment)) for t in texts) > 10_000
    for text in texts:
        _assert_same(text)


@pytest.mark.parametrize("text", OTHER_LANGUAGES + EDGES)
def test_other_languages_and_edge_cases(text):
    _assert_same(text)


def test_turkish_dotted_and_dotless_i_and_cjk_are_word_characters():
    text = "İzmir’de ılık ISPARTA'lı 中文 ２０２４"
    assert [w.text for w in NATIVE.words(text, Segment)] == ["İzmir’de", "ılık", "ISPARTA'lı",
                                                             "中文", "２０２４"]
    assert NATIVE.word_runs(text) == {"İzmir", "de", "ılık", "ISPARTA", "lı", "中文", "２０２４"}


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet=st.sampled_from(EDGE_ALPHABET), max_size=40))
def test_random_strings_of_edge_characters(text):
    _assert_same(text)


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=60))
def test_random_unicode(text):
    _assert_same(text)


def test_unlisted_gives_the_fallback_s_indices():
    """text.unlisted: the indices of the tokens whose text is in none of the sets."""
    lines = read_lines("news_valid.en")[:200] + read_lines("news_valid.id")[:100] + OTHER_LANGUAGES
    seen: set[str] = set()
    for n, line in enumerate(lines):
        tokens = text_module.words(line)
        frozen = frozenset(w.text for w in tokens[::3])
        for sets in ((), (seen,), (seen, frozen), (frozen, set())):
            expected = text_module._unlisted(tokens, sets)  # noqa: SLF001 - the fallback
            assert NATIVE.unlisted(tokens, sets) == expected
        if n % 2:
            seen.update(w.text for w in tokens)
    assert NATIVE.unlisted([], (seen,)) == []
    with pytest.raises(TypeError):
        NATIVE.unlisted([(0, 1)], ())
    with pytest.raises(TypeError):
        NATIVE.unlisted([], ([],))


DOUBLES = ["the the", "The the", "to\nto", "to \r\n to", "well-being well-being", "O’Neill O’Neill",
           "anak anak", "İstanbul istanbul", "ſs ſs", "ΟΔΟΣ οδοσ", "KELVIN Kelvin", "ab\u00a0ab",
           "x the the.", "(the the)", "a-b a-B", "ı ı", "Ǆ ǆ", "½ ½"]


def _doubled_lines() -> list[str]:
    lines = []
    for name in ("news_valid.en", "news_valid.id", "news_test.en", "news_test.id",
                 "general_valid.en", "general_valid.id"):
        lines += read_lines(name)
    return lines + DOUBLES + OTHER_LANGUAGES + EDGES


def test_may_double_never_rules_out_a_doubled_word():
    """may_double says no only where doubled-word's pattern finds nothing (real text, crafted
    doubles in several scripts and cases, random strings), and does say no on most text."""
    from audit.checks.punctuation import _DOUBLED
    lines = _doubled_lines()
    matched = [line for line in lines if _DOUBLED.search(line)]
    assert len(matched) > 30 and all(NATIVE.may_double(line) for line in matched)
    assert sum(map(NATIVE.may_double, lines)) < 2 * len(matched)
    for text in DOUBLES[:-4]:
        assert _DOUBLED.search(text) and NATIVE.may_double(text), text


@settings(max_examples=1500, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("aAbB-'’ \t\n\r\u00a0İiıIKkſsΣσς_1.@/#")), max_size=14))
def test_may_double_on_random_strings(text):
    from audit.checks.punctuation import _DOUBLED
    if _DOUBLED.search(text):
        assert NATIVE.may_double(text)


def test_doubled_word_findings_are_the_same_with_and_without_the_gate(monkeypatch):
    from audit.checks import REGISTRY, CheckContext, run_check
    from audit.checks import punctuation
    check = REGISTRY["doubled-word"]
    lines = _doubled_lines()
    texts = ["\n\n".join(lines[k:k + 8]) for k in range(0, 6000, 8)] + DOUBLES

    def findings():
        return [[(f.start, f.end, f.message) for f in run_check(
            check, CheckContext(text=text, language=language))]
            for text in texts for language in ("en", "id")]

    gated = findings()
    monkeypatch.setattr(punctuation, "_NATIVE", None)
    assert gated == findings() and sum(map(len, gated)) > 20


SENTENCE_EDGES = [
    "Mr. Smith went to Washington. He said hi.", 'He said "Go." Then he left.',
    "The U.S. Army is here. J. Smith said so.", "It cost Rp 1.5 billion. That is a lot... Yes!",
    "Jl. Sudirman No. 5 is closed. Traffic is heavy.", "Haniyeh visits Egypt. (AFP/ANWAR AMRO)",
    "End. (" + "a" * 80 + ")", "End. (" + "a" * 81 + ") Next.", "End. () Next.", "End. (a)\n",
    "x" * 70 + "Mr. Smith", "a_. B", "İ. Öztürk geldi. Şimdi gitti.", "ǅ. Next", "Prof.. Next",
    "Who?!? Me.  «Oui.» “Yes.” ‘No.’ (Fine.) [Done.] Next", "1. 2. 3. Item", "So…\tThen",
    "Line one.\u2028Two. \u00a0Three.\u3000Four", "!!!", ". . .", "", " ", "A. B. C.",
    "Tue. Wed. etc. Then", "S.H. M.Si. dkk. Lalu",
]
SENTENCE_ALPHABET = list(".!?…\"'”’»)]“‘«([ \n\tAaZ9É_") + ["Mr", "U.S", "Jl", "(AFP)", "vs", "x" * 30]


def _sentence_pairs(text: str):
    """(compiled, Python) sentences of text, both as plain tuples."""
    native = text_module.sentences(text)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(text_module, "_NATIVE", None)
        python = text_module.sentences(text)
    return [tuple(s) for s in native], [tuple(s) for s in python], native


def test_sentences_are_the_fallback_s_on_real_articles():
    texts = ["\n\n".join(read_lines(name)[:800]) for name in ("news_valid.en", "news_valid.id")]
    for name in ("en_bbc_fulltext.jsonl", "id_detik_1000.jsonl", "en_reuters21578_reut2-000.jsonl",
                 "id_news_multisource_2025-06-18.jsonl", "en_articles_scrapinghub.jsonl"):
        texts += _external_texts(name, 150)
    count = 0
    for text in texts + OTHER_LANGUAGES + EDGES + SENTENCE_EDGES:
        native, python, segments = _sentence_pairs(text)
        assert native == python, text[:200]
        assert all(type(s) is Segment for s in segments)
        count += len(native)
    assert count > 5000


@settings(max_examples=600, deadline=None)
@given(st.lists(st.sampled_from(SENTENCE_ALPHABET), max_size=30).map("".join))
def test_sentences_on_random_strings(text):
    native, python, _ = _sentence_pairs(text)
    assert native == python


def test_split_line_refuses_a_line_outside_the_text():
    out: list = []
    args = (Segment, text_module.ABBREVIATIONS, text_module._ABBREVIATIONS_LOWER)  # noqa: SLF001
    with pytest.raises(IndexError):
        NATIVE.split_line("abc", 0, 9, out, *args)
    with pytest.raises(TypeError):
        NATIVE.split_line("abc", 0, 3, out, Segment, set(), frozenset())
    NATIVE.split_line("Ab. Cd.", 0, 7, out, *args)
    assert [tuple(s) for s in out] == [(0, 3, "Ab."), (4, 7, "Cd.")]


def test_offsets_index_the_text():
    text = "\n\n".join(OTHER_LANGUAGES)
    for start, end, word in NATIVE.words(text, Segment):
        assert text[start:end] == word


def test_bad_arguments_are_type_errors():
    with pytest.raises(TypeError):
        NATIVE.words(b"bytes", Segment)
    with pytest.raises(TypeError):
        NATIVE.words("text", dict)
    with pytest.raises(TypeError):
        NATIVE.word_runs(None)


def test_audit_text_uses_it_unless_audit_native_is_0():
    """text.words and text.word_runs go through the compiled module, and AUDIT_NATIVE=0 turns
    it off (then the Python code runs, with the same tokens)."""
    code = "import audit.text as t; print(t._NATIVE is None, [tuple(w) for w in t.words('a-b c')])"
    for value, off in (("0", "True"), ("1", "False")):
        env = {**os.environ, "AUDIT_NATIVE": value}
        out = subprocess.run([sys.executable, "-c", code], env=env, cwd=Path(REPO),
                             capture_output=True, text=True, check=True).stdout.split(" ", 1)
        assert out[0] == off
        assert out[1].strip() == "[(0, 3, 'a-b'), (4, 5, 'c')]"


# --- unbalanced-quote: the paragraphs that settle themselves ----------------------------------

QUOTE_EDGES = [
    '"Yes," he said. "No."', "“Open here.", 'He said "no.', "Closed here.”", "(a [b] c)", "(a [b) c]",
    "a) b) c)", ":) :-( =)", 'a 14" screen', "a 1.5” sensor", '""word"" and ""this""', '"""x"""',
    "'single' quote", "don't, Egypt’s, players' union, ’90s", "‘Arabiyy ‘Umar", "the ’’end’’",
    "„German“ »Guillemets« «français»", "''Two'' ``tex''", "‘‘curly’’", "‚low‘", "Citroën CitroÃ«n",
    "KÄ«lauea á»¥ yastaá¹­Ä«'u", "-'quote' x-'y'", '"a" "b" "c" "d"', '"nested "inner" done"',
    "（全角）【括弧】「かぎ」『二重』", "‛reversed", "(" * 70 + ")" * 70, '"' * 5, "x\"y\"z",
    'He said: "Go." She added: "Stay."', '"Unclosed, said John Smith.\n\n"Next paragraph.',
    "berhati” kawan” ku", "", "plain words only",
]
QUOTE_ALPHABET = list("\"'`“”‘’‚„‟«»‛()[]（）【】「」『』 \n-:;=*.,!?aA1Ã") + ["\n\n", "said", "ab"]


def _settles_in_python(text: str, para) -> bool:
    """The scanner's own reading of one paragraph (the Python code, no gate) in each language's
    rules: no hit, and nothing open, carried, suspended or reopened at its end."""
    from audit.checks import punctuation
    from audit.checks.lexicon import compiled as lexicon
    from audit.config import DEFAULT
    lex = lexicon("punctuation", DEFAULT, punctuation._build)  # noqa: SLF001
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(punctuation, "_NATIVE", None)
        for lang in ("en", "id", "de"):
            scanner = punctuation._Scanner(text, lex.elision, lex.attribution.get(lang),  # noqa: SLF001
                                           lang in lex.ditto)
            if scanner.scan([para]) or scanner.quotes or scanner.brackets or scanner.pending \
                    or scanner.suspended or scanner.reopened:
                return False
    return True


def _settled_flags(text: str) -> list[bool]:
    """For each paragraph of text: does the compiled gate say it settles itself?"""
    paras = text_module.paragraphs(text)
    return [NATIVE.unsettled(text, paras, k) != k for k in range(len(paras))]


def _quote_texts() -> list[str]:
    texts = QUOTE_EDGES + OTHER_LANGUAGES
    for name in ("en_bbc_fulltext.jsonl", "id_detik_1000.jsonl", "en_reuters21578_reut2-000.jsonl",
                 "id_news_multisource_2025-06-18.jsonl", "en_articles_scrapinghub.jsonl"):
        texts += _external_texts(name, 120)
    lines = read_lines("news_valid.en") + read_lines("general_valid.id")
    return texts + ["\n\n".join(lines[k:k + 8]) for k in range(0, 4000, 8)]


def test_a_paragraph_the_gate_settles_settles_in_the_scanner_itself():
    """unsettled() passes over a paragraph only where the scanner, reading it from nothing open,
    reports nothing and leaves nothing open (real news in English and Indonesian, wire copy,
    other scripts, crafted marks); and it does pass over most paragraphs that have a mark."""
    from audit.checks.punctuation import _MARKS
    settled = marked = 0
    for text in _quote_texts():
        paras = text_module.paragraphs(text)
        for para, flag in zip(paras, _settled_flags(text)):
            has_mark = _MARKS.search(text, para.start, para.end) is not None
            marked += has_mark
            if flag:
                settled += has_mark
                assert _settles_in_python(text, para), para.text[:200]
    assert marked > 3000 and settled > 0.6 * marked


@settings(max_examples=1000, deadline=None)
@given(st.lists(st.sampled_from(QUOTE_ALPHABET), max_size=24).map("".join))
def test_the_quote_gate_on_random_strings_of_marks(text):
    paras = text_module.paragraphs(text)
    for para, flag in zip(paras, _settled_flags(text)):
        if flag:
            assert _settles_in_python(text, para), para.text


def test_unbalanced_quote_findings_are_the_same_with_and_without_the_gate(monkeypatch):
    from audit.checks import REGISTRY, CheckContext, run_check
    from audit.checks import punctuation
    check = REGISTRY["unbalanced-quote"]
    texts = _quote_texts()

    def findings():
        return [[(f.start, f.end, f.message) for f in run_check(
            check, CheckContext(text=text, language=language))]
            for text in texts for language in ("en", "id")]

    gated = findings()
    monkeypatch.setattr(punctuation, "_NATIVE", None)
    assert gated == findings() and sum(map(len, gated)) > 200


def test_the_quote_gate_reads_what_must_be_reported():
    """Texts that must trigger unbalanced-quote are never passed over, and the check fires."""
    from audit.checks import REGISTRY, CheckContext, run_check
    for text in ("“This is our obligation. I am responsible, Netanyahu said.", 'He said "no.',
                 "Closed here.”", "He left (for good.", "a ] b", "(a [b) c]", "'Open single.",
                 '"Unclosed, said John Smith.\n\n"Next paragraph."'):
        assert not all(_settled_flags(text)), text
        assert run_check(REGISTRY["unbalanced-quote"], CheckContext(text=text, language="en")), text


def test_unsettled_refuses_bad_paragraphs():
    assert NATIVE.unsettled("(a) b", [Segment(0, 3, "(a)")], 0) == 1
    assert NATIVE.unsettled("(a b", [Segment(0, 4, "(a b")], 0) == 0
    assert NATIVE.unsettled("abc", [], 0) == 0
    with pytest.raises(IndexError):
        NATIVE.unsettled("abc", [(0, 9)], 0)
    with pytest.raises(TypeError):
        NATIVE.unsettled("abc", [(0,)], 0)
    with pytest.raises(TypeError):
        NATIVE.unsettled("abc", ((0, 3),), 0)


# --- spacing and missing-space: the hint patterns in one pass ----------------------------------

HINT_EDGES = ["said.The", "a,b", "a.1", "a._", "a.½", "A.The", "z!é", "x?中", "a,", ",a", "  ", " \u00a0",
              "\u00a0\u00a0", "a ,", "a\u00a0.", " )", "( a", "[\u00a0", "(\n", "[x", "\u00a0", " ", "",
              "e.g.,the", "x" * 3000 + ".Y", "( " + " " * 50, "a\t,b", "ǅ.ǅ", "z.\u0301"]
HINT_ALPHABET = list(" \u00a0.,;:!?)([]aZz1_é中½\u0301\t\n")


def _python_hints(text: str) -> int:
    from audit.checks import spacing
    return ((spacing.HINT_GLUE if spacing._GLUE_HINT.search(text) else 0)  # noqa: SLF001
            | (spacing.HINT_DOUBLE_SPACE if spacing._DOUBLE_SPACE_HINT[0].search(text) else 0)  # noqa: SLF001
            | (spacing.HINT_SPACE_BEFORE if spacing._SPACE_BEFORE_HINT[0].search(text) else 0)  # noqa: SLF001
            | (spacing.HINT_OPEN_SPACE if spacing._OPEN_SPACE_HINT[0].search(text) else 0))  # noqa: SLF001


def test_spacing_hints_are_the_hint_patterns_on_real_text_and_edge_cases():
    texts = HINT_EDGES + OTHER_LANGUAGES + EDGES + _quote_texts()
    seen = 0
    for text in texts:
        bits = NATIVE.spacing_hints(text)
        assert bits == _python_hints(text), text[:200]
        seen |= bits
    assert seen == 15


@settings(max_examples=1500, deadline=None)
@given(st.text(alphabet=st.sampled_from(HINT_ALPHABET), max_size=12))
def test_spacing_hints_on_random_strings(text):
    assert NATIVE.spacing_hints(text) == _python_hints(text)


def test_spacing_findings_are_the_same_with_and_without_the_hints(monkeypatch):
    from audit.checks import REGISTRY, CheckContext, run_check
    from audit.checks import spacing
    texts = _quote_texts()[::3] + HINT_EDGES + ["The minister said , adding that  talks continue .",
                                                "He said.The talks ( on trade ) end.Then"]

    def findings():
        return [[(f.code, f.start, f.end, f.message) for code in ("spacing", "missing-space")
                 for f in run_check(REGISTRY[code], CheckContext(text=text, language="en"))]
                for text in texts]

    hinted = findings()
    monkeypatch.setattr(spacing, "_NATIVE", None)
    assert hinted == findings()
    assert sum(f[0] == "spacing" for fs in hinted for f in fs) > 20
    assert sum(f[0] == "missing-space" for fs in hinted for f in fs) > 20
