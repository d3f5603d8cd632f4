"""The cheap gates in front of the checks' scans answer exactly what the scans answer: a speed-up
must never hide a finding. Each gate is compared with the full scan on real and crafted text,
shown to let the check run and fire when it must, and shown to skip the scan when it may."""

from __future__ import annotations

import importlib
import re

import pytest

from audit import languages
from audit.checks import REGISTRY, CheckContext, run_check
from audit.checks.numbers import lexicon_for
from audit.checks.numbers.extract import extract
from audit.config import DEFAULT, parse_config
from audit.text import leading_runs, word_runs
from conftest import read_lines

# the module (the package exports its function ``extract`` under the same name)
extract_module = importlib.import_module("audit.checks.numbers.extract")

CRAFTED = [
    "Two people died and three hundred were hurt, police said at noon.",
    "A hundred and twenty-five villagers fled; a dozen homes burned at midnight.",
    "Dua orang tewas dan tiga ratus luka-luka pada tengah malam.",
    "The summit, held on the sidelines, was a first for both leaders.",
    "World War II ended; Pope John Paul II visited in the spring.",
    "Visit https://example.com/one-two or www.example.org for the ONE HUNDRED list.",
    "No number in this sentence at all.", "",
]


def _ungated(lex):
    """The same lexicon with the word-run gates switched off (every scan runs)."""
    return lex._replace(noon_heads=None, month_heads=None, languages={
        code: language._replace(heads=None, idiom_runs=None)
        for code, language in lex.languages.items()})


def _texts():
    return CRAFTED + _pack_examples() + read_lines("news_test.en")[:300] \
        + read_lines("news_test.id")[:300]


def _pack_examples():
    """Every language pack's examples (what must be flagged, what must not), all checks'."""
    return [example[key] for pack in languages.builtin_packs().values()
            for example in pack.get("examples", []) for key in ("flag", "ok") if key in example]


# --- number-mismatch: the digit gate and the number-word gate --------------------------------

def test_number_gates_agree_with_the_full_scans_on_real_and_crafted_text(monkeypatch):
    lex = lexicon_for("id")
    texts = _texts()
    gated = [(extract(t, "en", lex), extract(t, "id", lex)) for t in texts]
    # a digit somewhere, as far as the gate knows; every digit-led pattern scans the text
    monkeypatch.setattr(extract_module, "digit_run_starts", lambda text: [0])
    monkeypatch.setattr(extract_module, "matches_at", lambda pattern, text, starts:
                        pattern.finditer(text))
    monkeypatch.setattr(extract_module, "may_match", lambda pattern, text: True)
    monkeypatch.setattr(extract_module, "pukul_may_match", lambda text: True)
    full = [(extract(t, "en", _ungated(lex)), extract(t, "id", _ungated(lex))) for t in texts]
    assert gated == full
    without_digits = [g for t, g in zip(texts, gated) if not re.search(r"\d", t)]
    assert sum(bool(en or id_) for en, id_ in without_digits) > 20  # word numbers were read


NUMBER_TEXTS = [
    "On 2023-12-20, at 20.35 WIB (20/12), 1.500 people met; by 12/31/2023 the 3rd G20 "
    "paid US$1,7 bn, 10-12 Jan. 2024, 5 p.m., pukul 8 malam, Pkl. 09.00, jam 7 pagi.",
    "Jakarta, 20 Desember 2023 - Rabu (20/12) pukul 19.30 WIB; 1.2.3; v1.500; x12; MH370.",
    "December 20, 2023: one-on-one talks, one by one, at sixes and sevens; World War II.",
    "Pukul8 dan jam 10 malam, Pkl 8 WIB, pkl 9 WIB; AS$5 juta; Rp 2,5 triliun; tanggal 17-19 Juni; 1970-an.",
]


def test_the_digit_led_patterns_match_only_where_a_digit_run_starts():
    from audit.checks.numbers import digits
    lex = lexicon_for("id")
    patterns = [getattr(digits, name) for name in digits._DIGIT_LED] + [lex.dmy]  # noqa: SLF001
    texts = NUMBER_TEXTS + _texts()
    found = 0
    for text in texts:
        starts = digits.digit_run_starts(text)
        for pattern in patterns:
            expected = [(m.span(), m.groups()) for m in pattern.finditer(text)]
            assert [(m.span(), m.groups()) for m in digits.matches_at(pattern, text, starts)] \
                == expected, (pattern.pattern[:40], text)
            found += len(expected)
    assert found > 300


def test_the_number_gates_hold_for_every_match_alone():
    """Each match of a gated pattern passes its gate on its own text: a gate that dropped a
    month name, a day part or an idiom's word would fail here."""
    from audit.checks.numbers import digits
    lex = lexicon_for("id")
    texts = NUMBER_TEXTS + _texts()
    counts = {"dates": 0, "pukul": 0, "idioms": 0}
    for text in texts:
        for pattern in (lex.dmy, lex.mdy):
            for m in pattern.finditer(text):
                assert not word_runs(m.group()).isdisjoint(lex.month_heads), m.group()
                counts["dates"] += 1
        for m in digits._PUKUL_HOUR.finditer(text):  # noqa: SLF001
            assert digits.pukul_may_match(text[m.start():m.end() + 8]), m.group()
            counts["pukul"] += 1
        for language in lex.languages.values():
            for m in language.idioms.finditer(text) if language.idioms else ():
                assert extract_module._idioms_may_match(m.group(), language), m.group()  # noqa: SLF001
                counts["idioms"] += 1
    assert min(counts.values()) >= 3, counts


def test_a_text_without_digits_still_has_its_number_words_read_and_compared():
    found = run_check(REGISTRY["number-mismatch"], CheckContext(
        text="Two people died in the fire.", language="en",
        source_text="Tiga orang tewas dalam kebakaran itu.", source_language="id"))
    assert [f.text for f in found] == ["Two"]
    assert "Tiga" in found[0].message


def test_a_text_without_digits_skips_the_digit_readers(monkeypatch):
    def must_not_run(*_args):
        raise AssertionError("a digit reader ran on a text without a digit")

    for name in ("_dates", "_times", "_codes", "_digit_numbers"):
        monkeypatch.setattr(extract_module, name, must_not_run)
    lex = lexicon_for("id")
    assert [m.text for m in extract("Two people died at noon.", "en", lex)] == ["Two", "noon"]
    with pytest.raises(AssertionError):
        extract("51 people died.", "en", lex)


def test_a_text_without_number_words_skips_the_word_scan():
    lex = lexicon_for("id")
    english = lex.languages["en"]
    text = "The minister met the delegation in Jakarta."
    assert word_runs(text).isdisjoint(english.heads)
    assert extract_module._number_word_runs(text, english) == []  # noqa: SLF001
    assert [m.group() for m in extract_module._number_word_runs(  # noqa: SLF001
        "They met a hundred delegates.", english)] == ["a hundred"]


def test_leading_runs_and_word_runs():
    assert leading_runs(["twenty-four", "a.m.", "tengah hari"]) == {"twenty", "a", "tengah"}
    assert leading_runs(["(AS)", "AS"]) is None
    assert word_runs("one-on-one, it's 2,5") == {"one", "on", "it", "s", "2", "5"}


# --- pack codes: the alias table agrees with the scan over the packs -------------------------

def _scan(code, config):
    low = code.lower().replace("_", "-").split("-")[0]
    for pack in languages.packs(config).values():
        if low == pack["code"] or low in pack.get("aliases", []):
            return pack["code"]
    return low


def test_canonical_agrees_with_a_scan_of_the_packs():
    custom = parse_config({"lexicon": {"languages": {
        "nl": {"name": "Dutch", "aliases": ["vl"], "untranslated": {"function": {"volgens": "x"}}},
        "remove": ["tr"]}}})
    codes = ["ms", "in", "id", "ID", "id_ID", "zh-cn", "zh-TW", "en", "en-GB", "tr", "nl", "vl",
             "xx", "pt-BR", "ko"]
    for config in (DEFAULT, custom):
        for code in codes:
            assert languages.canonical(code, config) == _scan(code, config), code
    assert languages.canonical("vl", custom) == "nl" and languages.canonical("vl") == "vl"
    assert languages.canonical("tr", custom) == "tr"


# --- untranslated-token: one look at the article for all packs -------------------------------

def _untranslated_packs():
    from audit.checks.untranslated import _build_pack
    return [languages.compiled(code, "untranslated", DEFAULT, _build_pack)
            for code in languages.with_section("untranslated", DEFAULT)]


def test_the_packs_gate_keeps_every_pack_that_finds_something(monkeypatch):
    from audit.checks import untranslated
    lexes = _untranslated_packs()
    texts = _texts() + ["Media AS Axios reported that Presiden Joko Widodo dan his ministers met.",
                        "The deal, según the minister, is final.", "Herr Scholz said so."]
    check = REGISTRY["untranslated-token"]
    kept = 0
    for text in texts:
        ctx = CheckContext(text=text, language="en")
        passed = [lex for lex, _ in untranslated._gated_packs(lexes, text)]  # noqa: SLF001
        for lex in lexes:
            if untranslated._pack_hits(ctx, lex, fallback=False):  # noqa: SLF001
                assert lex in passed, (lex.code, text)
                kept += 1
    assert kept > 10
    gated = [[(f.start, f.text, f.message) for f in run_check(check, CheckContext(
        text=t, language="en"))] for t in texts]
    monkeypatch.setattr(untranslated, "_gated_packs", lambda lexes, text: [
        (lex, untranslated.Gates(None, True)) for lex in lexes])
    full = [[(f.start, f.text, f.message) for f in run_check(check, CheckContext(
        text=t, language="en"))] for t in texts]
    assert gated == full and any(gated)


def test_the_packs_gate_skips_the_packs_of_a_plain_english_text():
    from audit.checks import untranslated
    lexes = _untranslated_packs()
    assert untranslated._gated_packs(lexes, "The minister met the delegation.") == []  # noqa: SLF001
    found = untranslated._gated_packs(lexes, "Media AS Axios reported it.")  # noqa: SLF001
    assert "id" in [lex.code for lex, _ in found]


PHRASE_TEXTS = [
    "Officials of Amerika Serikat met; AMERIKA SERIKAT and aMeRiKa   Serikat too.",
    "Sin embargo, the talks went on. SIN EMBARGO. ſin embargo (a long s).",
    "The Dışişleri Bakanı spoke; DIŞIŞLERI BAKANI and Dişişleri Bakanı (dotted i) too.",
    "Since the military rose, the sinister premiership of Unionists ended.",
    "The Belediye Başkanı of Izmir and the Estados Unidos envoy met at the Nações Unidas.",
    "Premier ministre Attal, the Segunda-Feira meeting, Quinta-feira: États-Unis.",
]


def test_the_phrase_gate_lets_every_phrase_scan_that_finds_something_run():
    from audit.checks import untranslated
    lexes = [lex for lex in _untranslated_packs() if lex.phrase_re is not None]
    assert all(lex.phrase_variants for lex in lexes)  # every built-in pack's phrases are gated
    texts = PHRASE_TEXTS + _texts()
    found = skipped = 0
    for text in texts:
        passed = {id(lex): gates for lex, gates in untranslated._gated_packs(lexes, text)}  # noqa: SLF001
        for lex in lexes:
            scan = lex.phrase_re.search(text) is not None
            gate = untranslated._phrases_may_match(lex, text)  # noqa: SLF001
            assert gate or not scan, (lex.code, text)
            assert id(lex) in passed and passed[id(lex)].phrases or not scan, (lex.code, text)
            found += scan
            skipped += not gate
    assert found > 10 and skipped > 1000  # both answers are exercised


def test_the_phrase_gate_reads_case_as_the_scan_does():
    from audit.checks import untranslated
    tr, es = (next(lex for lex in _untranslated_packs() if lex.code == code) for code in ("tr", "es"))
    assert "disisleri" not in tr.phrase_variants and "belediye" in tr.phrase_variants
    for text in ("DIŞIŞLERI BAKANI", "Dişişleri Bakanı", "dışişleri bakanı"):
        assert tr.phrase_re.search(text) and untranslated._phrases_may_match(tr, text), text  # noqa: SLF001
    assert es.phrase_re.search("ſin embargo") and untranslated._phrases_may_match(es, "ſin embargo")  # noqa: SLF001
    for text in ("Since the military left.", "Dişişleri"):   # substrings, no phrase head as a word
        assert not untranslated._phrases_may_match(es, text), text  # noqa: SLF001
    # a phrase whose head is not Latin letters gets no gate: always scanned
    greek = untranslated._build({"code": "el", "name": "Greek", "phrases": {"Ηνωμένες Πολιτείες": "US"}})  # noqa: SLF001
    assert greek.phrase_variants is None
    assert untranslated._phrases_may_match(greek, "anything")  # noqa: SLF001


# --- role-confusion: the word-run gates ------------------------------------------------------

ROLE_TEXTS = [
    "An agreement to release Hamas hostages and Israeli prisoners was signed.",
    "HOSTAGES freed; Palestinian Prisoners return. Israeli POWs, Hamas captives.",
    "Director CIA William Burns met the chief of the Mossad; head BIN Budi Gunawan spoke.",
    "The hostage-taking ended; prisoners-of-war exchange; the CIA's report; MI6-run.",
    "Israel sent its spy chief, the Mossad, to Qatar. The deputy CIA said no.",
    "Families of the Hamas hostages met; the release of 80 Hamas hostages was agreed.",
    "Palestinian prisoners held by Hamas, and Israeli detainees, were named.",
]


def test_role_gates_agree_with_the_scans_on_real_and_crafted_text(monkeypatch):
    from audit.checks import roles
    from audit.checks.lexicon import compiled
    lex = compiled("roles", DEFAULT, roles._build)  # noqa: SLF001
    assert lex.role_heads and lex.agency_heads
    texts = ROLE_TEXTS + _texts()
    fired = skipped = 0
    for text in texts:
        for pattern, heads in ((lex.phrase, lex.role_heads), (lex.agency, lex.agency_heads)):
            scan = pattern.search(text) is not None
            gate = roles._may_name(text, heads, ())  # noqa: SLF001
            assert gate or not scan, text
            for m in pattern.finditer(text):   # each match alone passes: none rests on another
                assert roles._may_name(m.group(), heads, ()), m.group()  # noqa: SLF001
            fired += scan
            skipped += not gate
    assert fired >= 5 and skipped > 500
    check = REGISTRY["role-confusion"]
    gated = [[(f.start, f.message) for f in run_check(check, CheckContext(text=t, language="en"))]
             for t in texts]
    monkeypatch.setattr(roles, "_may_name", lambda text, heads, clues: True)
    full = [[(f.start, f.message) for f in run_check(check, CheckContext(text=t, language="en"))]
            for t in texts]
    assert gated == full and sum(map(bool, gated)) >= 3


# --- locale-convention: the digit gate ---------------------------------------------------------

def test_locale_digit_gate_skips_number_rules_and_keeps_the_rest(monkeypatch):
    from audit.checks import locale
    check = REGISTRY["locale-convention"]

    def must_not_run(*_args):
        raise AssertionError("a number rule ran on a text without a digit")

    texts = _texts() + ["The vote closed at 20 h 35 with 1,5 million ballots.",
                        "Leaders met at noon WIB in Jakarta."]
    full = [[(f.start, f.text) for f in run_check(check, CheckContext(text=t, language="en"))]
            for t in texts]
    monkeypatch.setattr(locale, "_number_hits", must_not_run)
    monkeypatch.setattr(locale, "_shared_hits", must_not_run)
    for text, expected in zip(texts, full):
        if not re.search(r"\d", text):   # the gate skips both rules: the findings stay
            assert [(f.start, f.text) for f in run_check(check, CheckContext(
                text=text, language="en"))] == expected
    assert ("20 h 35" in str(full[-2])) and ("WIB" in str(full[-1]))


# --- missing-space: the quiet spellings and the cached compound vocabulary -------------------

def test_missing_space_skips_quiet_spellings_but_still_finds_glued_words():
    from audit.checks import spacing
    check = REGISTRY["missing-space"]
    text = "The minister said the HamasIsmail talks were over; the minister left."
    first = run_check(check, CheckContext(text=text, language="en"))
    memo = spacing._memo(spacing.compiled("spacing", DEFAULT, spacing._build))  # noqa: SLF001
    assert {"The", "minister", "said", "the"} <= memo.quiet | memo.common
    assert "HamasIsmail" not in memo.quiet | memo.common
    again = run_check(check, CheckContext(text=text, language="en"))
    assert [f.text for f in first] == [f.text for f in again] == ["HamasIsmail"]


def _glued_texts():
    """Real English and Indonesian copy, with lost spaces of every kind the check knows."""
    glued = ["China'spresident and China`spresident met the spresident of HamasIsmail.",
             "He said.The talks ended; 20people came, in2019 the JakartaKita kondisikesehatan.",
             "Kondisi mentalyang buruk, kata JakartaKita, di JakartaKita."]
    return glued + read_lines("news_test.en")[:400] + read_lines("news_test.id")[:300] \
        + read_lines("news_valid.en")[:400]


def test_missing_space_memo_skips_agree_with_the_full_scan(monkeypatch):
    """Skipping the spellings the memo knows can never be a hit (no plan, an empty plan, or an
    Indonesian token judged not glued) finds what looking at every token finds, in English and
    in Indonesian, with the memo cold and warm."""
    from audit.checks import spacing
    check = REGISTRY["missing-space"]

    def findings():
        out = []
        for text in _glued_texts():
            for language in ("en", "id"):
                out.append([(f.start, f.end, f.message, f.suggestion, f.fixable)
                            for f in run_check(check, CheckContext(text=text, language=language))])
        return out

    spacing._MEMOS.clear()  # noqa: SLF001
    spacing._LANGUAGE_MEMOS.clear()  # noqa: SLF001
    cold = findings()
    lex = spacing.compiled("spacing", DEFAULT, spacing._build)  # noqa: SLF001
    common = spacing._memo(lex).common  # noqa: SLF001
    assert {"the", "The", "of"} <= common and all(spacing._plan(w, lex) is None for w in common)
    warm = findings()
    monkeypatch.setattr(spacing, "unlisted", lambda tokens, *sets: list(range(len(tokens))))
    spacing._MEMOS.clear()  # noqa: SLF001
    spacing._LANGUAGE_MEMOS.clear()  # noqa: SLF001
    full = findings()
    assert cold == warm == full
    assert sum(map(len, full)) > 10 and any("China`s president" in str(f) for f in full[0])


def test_missing_space_an_inert_spelling_is_still_read_after_a_backtick():
    """"spresident" alone has no part that can be a hit (an empty plan), but glued to a word
    by a "`" its first part is a clitic: the memo's skip must not hide it."""
    from audit.checks import spacing
    check = REGISTRY["missing-space"]
    assert run_check(check, CheckContext(text="The spresident spoke.", language="en")) == []
    memo = spacing._memo(spacing.compiled("spacing", DEFAULT, spacing._build))  # noqa: SLF001
    assert "spresident" in memo.quiet_or_inert and "spresident" not in memo.quiet
    found = run_check(check, CheckContext(text="China`spresident spoke.", language="en"))
    assert [(f.text, f.suggestion) for f in found] == [("China`spresident", "China`s president")]


def test_spacing_hints_agree_with_the_full_scans(monkeypatch):
    """The spacing check's hints (str searches for a space next to a mark, the hint pattern
    where a no-break space is) let every pattern run that can match: the same findings as
    running them all, on real text and on every slip with plain and no-break spaces."""
    from audit.checks import spacing
    check = REGISTRY["spacing"]
    slips = ["He said , then  left ( for good ) .", "f ( x ) = sin ( x + 4 )", "a\u00a0\u00a0b",
             "Attention\u00a0: ici\u00a0!", "(\u00a0x", "[ note ] here", "end .", "a  b", "(a) b"]
    texts = slips + [s.replace(" ", "\u00a0") for s in slips] + _texts()
    for hint in (spacing._DOUBLE_SPACE_HINT, spacing._SPACE_BEFORE_HINT, spacing._OPEN_SPACE_HINT):
        for text in texts:
            assert spacing._hinted(text, hint) == bool(hint[0].search(text)), (text, hint)  # noqa: SLF001

    def findings():
        return [[(f.start, f.end, f.message) for f in run_check(
            check, CheckContext(text=text, language=language))]
            for text in texts for language in ("en", "fr")]

    hinted = findings()
    monkeypatch.setattr(spacing, "_hinted", lambda text, hint: True)
    assert hinted == findings() and sum(map(len, hinted[:2 * len(slips)])) > 10


def test_the_compound_vocabulary_is_read_back_from_its_cache_file(monkeypatch):
    from audit import cachefile
    from audit.checks import spacing
    if spacing._vocabulary_key() is None:  # noqa: SLF001
        pytest.skip("no English word list")
    store = cachefile.Store("compound-vocabulary-test", 1, "k", 4)
    monkeypatch.setattr(spacing, "_VOCABULARY", store)
    spacing._sorted_vocabulary.cache_clear()  # noqa: SLF001
    built = spacing._sorted_vocabulary()  # noqa: SLF001
    assert not store.path().is_file()  # nothing written during the analysis ...
    spacing.save()                     # ... but with the other caches, after the report
    assert store.path().is_file() and built[0] == sorted(built[0]) and "fish" in built[0]
    monkeypatch.setattr(spacing, "_VOCABULARY", cachefile.Store("compound-vocabulary-test", 1, "k", 4))
    monkeypatch.setattr(spacing, "_frequencies", lambda lang: pytest.fail("rebuilt"))
    spacing._sorted_vocabulary.cache_clear()  # noqa: SLF001
    assert spacing._sorted_vocabulary() == built  # noqa: SLF001
    # another word list file (another key): built again, not read
    monkeypatch.setattr(spacing, "_vocabulary_key", lambda: ("other", 1, 2, "x"))
    spacing._sorted_vocabulary.cache_clear()  # noqa: SLF001
    with pytest.raises(pytest.fail.Exception):
        spacing._sorted_vocabulary()  # noqa: SLF001
    spacing._sorted_vocabulary.cache_clear()  # noqa: SLF001


# --- unbalanced-quote: a text without any mark -------------------------------------------------

def test_unbalanced_quote_gate_skips_texts_without_marks_and_keeps_the_rest(monkeypatch):
    from audit.checks import punctuation
    check = REGISTRY["unbalanced-quote"]
    texts = _texts() + ["“This is our obligation, Netanyahu said.", "He left (for good."]
    full = [[(f.start, f.message) for f in run_check(check, CheckContext(text=t, language="en"))]
            for t in texts]
    assert full[-1] and full[-2]   # the gate lets a text with a mark run, and the check fires

    class NoScanner:
        def __init__(self, *_args):
            raise AssertionError("scanned a text without a mark")

    monkeypatch.setattr(punctuation, "_Scanner", NoScanner)
    skipped = 0
    for text, expected in zip(texts, full):
        if not punctuation._MARKS.search(text):  # noqa: SLF001
            assert expected == [] and run_check(check, CheckContext(text=text, language="en")) == []
            skipped += 1
    assert skipped > 50


def test_unbalanced_quote_single_pass_hands_every_mark_to_its_paragraph(monkeypatch):
    """The scanner runs the marks pattern once over the text and hands each mark to the
    paragraph it lies in: that every mark lies inside one paragraph (of paragraphs()) holds on
    real text and on every kind of line end and space; a paragraph without a mark and with
    nothing open is skipped, and the findings are those of the marks of each paragraph."""
    from audit.checks import punctuation
    from audit.text import paragraphs
    edges = ["“A\r\n\r\nB” (c\x0c\x0cd) 'e'\u2029\u2029\"f", "\x1c\"x\x1d\x1e(y)\x1f",
             "\u3000“z”\u3000\n\n\u00a0'w'\u00a0", "(a\n\n\n)b\n \n\"c\""]
    texts = edges + _texts()
    for text in texts:
        paras = paragraphs(text)
        for m in punctuation._MARKS.finditer(text):  # noqa: SLF001
            assert any(p.start <= m.start() and m.end() <= p.end for p in paras), (text, m)
    check = REGISTRY["unbalanced-quote"]
    text = "Plain words.\n\n“Open here.\n\nNo mark at all.\n\nStill none.\n\n(A closed one.)"
    ends = []
    original = punctuation._Scanner._paragraph_end  # noqa: SLF001
    monkeypatch.setattr(punctuation._Scanner, "_paragraph_end",  # noqa: SLF001
                        lambda self, end, following: ends.append(end) or original(self, end, following))
    found = run_check(check, CheckContext(text=text, language="en"))
    assert [f.text for f in found] == ["“"]
    # "“Open here.", the next paragraph (the quotation it leaves pending is settled there) and
    # the parenthesis: "Plain words." and "Still none." are skipped (and the parenthesis too
    # where the compiled gate proves that it settles itself: punctuation._NATIVE.unsettled)
    expected = [text.index("“Open here.") + 11, text.index("No mark at all.") + 15, len(text)]
    assert ends == (expected[:2] if punctuation._NATIVE is not None else expected)  # noqa: SLF001


def test_number_mismatch_splits_sentences_only_for_numbers_to_align():
    from audit.checks.numbers import compare
    from audit.text import sentences
    lex = lexicon_for("id")
    calls = []

    def split(text):
        def run():
            calls.append(text)
            return sentences(text)
        return run

    text, source = "Two people died. Police came.", "Tiga orang tewas. Polisi datang."
    found = compare(text, source, "en", "id", lex, DEFAULT, split(text), split(source))
    assert calls == [text, source]
    assert [(h.start, h.message) for h in found] == [(h.start, h.message) for h in compare(
        text, source, "en", "id", lex, DEFAULT, sentences(text), sentences(source))] and found
    calls.clear()
    for text, source in (("No numbers here.", "Tidak ada angka."),
                         ("Two people died.", "Dua orang tewas.")):
        assert compare(text, source, "en", "id", lex, DEFAULT, split(text), split(source)) == []
    assert calls == []   # nothing to align: no sentence split at all
