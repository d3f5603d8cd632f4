"""untranslated-token's fast paths answer exactly what the full path answers: the remembered
word-run gate of all packs (``_gated_packs``), the scan tried only where a form's leading run
is a whole word run (``_run_starts``), the tokens read around a match without building its
sentence (``_near_tokens``, ``_may_fire``) and the sentence tokens built without a match
object each (``_tokens``). Each is compared with the full path on real text in several
languages and on crafted edge cases, and each comparison is shown to catch a planted fault."""

from __future__ import annotations

import re

import pytest

from audit import languages
from audit.checks import REGISTRY, CheckContext, run_check
from audit.checks import untranslated as ut
from audit.config import DEFAULT
from audit.text import sentences
from conftest import read_lines

CRAFTED = [
    "Media AS Axios reported that Presiden Joko Widodo dan his ministers met.",
    "The deal, según the minister, is final. Herr Scholz said so; M. Macron agreed.",
    "Officials of Amerika Serikat met; AMERIKA SERIKAT and aMeRiKa   Serikat too.",
    "Sin embargo, the talks went on. SIN EMBARGO. ſin embargo (a long s).",
    "The Dışişleri Bakanı spoke; DIŞIŞLERI BAKANI and Dişişleri Bakanı (dotted i) too.",
    "We've seen it: they've left Kompas.com and detik.com, the EE.UU. envoy said.",
    "He said\u00a0dan\u00a0then\tdi\tthe north;\nla policía, de la Villa, la gente de Madrid.",
    "Charles de Gaulle met Leonardo di Caprio at the Plaza de la Villa in 1942.",
    "Dan the rest, yang lain, (Kemenlu) and \"yang\" were left; di-nitrogen, one-dan-two.",
    "The 20 Desember 2023 meeting on Senin; US$11 miliar; Pak Joko, Ibu Kota, Kishida-san.",
    "President RI Joko Widodo and the RI-Malaysia talks; Providence, RI 02903.",
    "the 习近平 government said Путин; «Путин» and (Chinese: 中国).",
    "de", "de de de", " de ", "x de", "de.", ".de", "", "Ms. de la Cruz, de-facto, Y de.",
]


def _packs():
    return list(languages.compiled_all(tuple(languages.with_section("untranslated", DEFAULT)),
                                       "untranslated", DEFAULT, ut._build_pack))  # noqa: SLF001


def _texts() -> list[str]:
    examples = [example[key] for pack in languages.builtin_packs().values()
                for example in pack.get("examples", []) for key in ("flag", "ok") if key in example]
    return CRAFTED + examples + read_lines("news_test.en")[:400] + read_lines("news_test.id")[:150]


def _reference_gates(lex, text):
    """What the per-pack predicates answer (the definitions ``_gated_packs`` must agree with)."""
    runs = ut._form_runs(lex, text)  # noqa: SLF001
    phrases = ut._phrases_may_match(lex, text)  # noqa: SLF001
    return None if runs is None else tuple(sorted(runs)), phrases


def _gate_disagreements(lexes, texts):
    out = []
    for text in texts:
        gated = {id(lex): gates for lex, gates in ut._gated_packs(lexes, text)}  # noqa: SLF001
        for lex in lexes:
            runs, phrases = gated.get(id(lex), ut.Gates((), False))
            got = (None if runs is None else tuple(sorted(runs)), phrases)
            if got != _reference_gates(lex, text):
                out.append((lex.code, text, got))
    return out


def _findings(texts):
    check = REGISTRY["untranslated-token"]
    return [[(f.start, f.end, f.message, f.severity) for f in run_check(
        check, CheckContext(text=t, language="en"))] for t in texts]


def _full_path(monkeypatch):
    """Every fast path of the check switched off: every pack, every scan, every sentence."""
    monkeypatch.setattr(ut, "_gated_packs", lambda lexes, text: [
        (lex, ut.Gates(None, True)) for lex in lexes])
    monkeypatch.setattr(ut, "_may_fire", lambda art, start, end, entry: True)


@pytest.fixture(scope="module")
def texts():
    return _texts()


def test_the_remembered_gate_answers_what_each_packs_predicates_answer(texts, monkeypatch):
    lexes = _packs()
    ut._GATES.clear()  # noqa: SLF001
    assert _gate_disagreements(lexes, texts) == []      # every spelling judged afresh
    gate = ut._gate(lexes)  # noqa: SLF001
    assert len(gate.quiet) > 1000 and gate.known
    assert _gate_disagreements(lexes, texts) == []      # the same, remembered
    monkeypatch.setattr(ut, "_QUIET_LIMIT", 0)           # full: nothing new is remembered
    monkeypatch.setattr(ut, "_KNOWN_LIMIT", 0)
    ut._GATES.clear()  # noqa: SLF001
    assert _gate_disagreements(lexes, texts) == []
    assert not ut._gate(lexes).quiet  # noqa: SLF001
    # one pack at a time (a known origin) is gated by the same rule
    for lex in lexes[:4]:
        assert _gate_disagreements([lex], texts[:200]) == []


def test_a_gate_that_reads_case_wrongly_is_caught(texts, monkeypatch):
    lexes = _packs()
    ut._GATES.clear()  # noqa: SLF001
    judge = ut._judge  # noqa: SLF001
    # planted: a run's own spelling instead of its lower case ("Amerika" no longer a head)
    monkeypatch.setattr(ut, "_judge", lambda gate, run: (
        judge(gate, run)[0], gate.phrase_owners.get(run, ())))
    assert _gate_disagreements(lexes, texts)
    ut._GATES.clear()  # noqa: SLF001


def test_the_scan_at_the_runs_finds_what_the_scan_of_the_text_finds(texts, monkeypatch):
    def disagreements():
        out = []
        for text in texts:
            for lex in _packs():
                runs = ut._form_runs(lex, text)  # noqa: SLF001
                if not runs:
                    continue
                full = [(m.start(), m.group()) for m in lex.candidates.finditer(text)]
                fast = [(m.start(), m.group()) for m in ut.matches_at(
                    lex.candidates, text, ut._run_starts(text, runs))]  # noqa: SLF001
                if full != fast:
                    out.append((lex.code, text))
        return out

    assert disagreements() == []
    assert sum(bool(ut._form_runs(lex, t)) for t in texts for lex in _packs()) > 200  # noqa: SLF001
    starts = ut._run_starts  # noqa: SLF001
    monkeypatch.setattr(ut, "_run_starts", lambda text, runs: starts(text, runs)[:1])  # planted
    assert disagreements()


def _sentence_spans(texts):
    for text in texts:
        for seg in sentences(text):
            yield text, seg.start, seg.end


def test_the_tokens_read_around_a_match_are_the_sentences_own(texts):
    lex = _packs()[0]
    checked = 0
    for text, lo, hi in _sentence_spans(texts):
        toks = ut.Sentence(text, lo, hi, lex).toks
        starts = {t.start: k for k, t in enumerate(toks)}
        for pos in range(lo, hi):
            near = ut._near_tokens(text, lo, hi, pos)  # noqa: SLF001
            k = starts.get(pos)
            if k is None:
                assert near is None, (text, pos)
                continue
            before = toks[k - 1] if k else None
            after = toks[k + 1] if k + 1 < len(toks) else None
            assert near == (before, toks[k], after), (text, pos)
            checked += 1
    assert checked > 10000


def test_sentence_tokens_are_those_of_the_token_pattern(texts):
    spans = list(_sentence_spans(texts)) + [("a\u00a0b\u2003c\u3000d\te\nf  g", 0, 17),
                                            ("  leading and trailing  ", 2, 22)]
    for text, lo, hi in spans:
        expected = [ut._tok(m.start(), m.end(), m.group())  # noqa: SLF001
                    for m in ut._TOKEN.finditer(text, lo, hi)]  # noqa: SLF001
        assert ut._tokens(text, lo, hi) == expected, text  # noqa: SLF001


def test_the_fast_paths_report_what_the_full_path_reports(texts, monkeypatch):
    fast = _findings(texts)
    assert sum(map(bool, fast)) > 50     # the texts must trigger the check, and do
    clean = read_lines("news_test.en")[400:700]   # real English: the check stays quiet
    assert sum(map(len, _findings(clean))) <= 3
    _full_path(monkeypatch)
    assert _findings(texts) == fast


def test_a_sentence_skipped_wrongly_is_caught(texts, monkeypatch):
    fast = _findings(texts)
    near = ut._near_tokens  # noqa: SLF001

    def planted(text, lo, hi, start):   # forgets the token after the match
        found = near(text, lo, hi, start)
        return found if found is None else (*found[:2], None)
    monkeypatch.setattr(ut, "_near_tokens", planted)
    assert _findings(texts) != fast


def test_only_text_beyond_ascii_can_hold_another_script(texts):
    assert all(not ut._ANY_SCRIPT.search(t) for t in texts if t.isascii())  # noqa: SLF001
    assert any(ut._ANY_SCRIPT.search(t) for t in texts)  # noqa: SLF001
    hits = _findings(["the 习近平 government said Путин."])[0]
    assert len(hits) == 2
    assert re.search("original script", hits[0][2])
