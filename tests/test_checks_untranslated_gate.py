"""The word-run gate of ``untranslated-token`` (``_may_match``) answers exactly what a scan of
each pack's ``candidates`` pattern answers: a speed-up must never hide a left-over word."""

from __future__ import annotations

from audit import languages
from audit.checks.untranslated import _build, _build_pack, _may_match
from audit.config import DEFAULT
from conftest import read_lines

CRAFTED = [
    "Media AS Axios reported that Presiden Joko Widodo dan his ministers met.",
    "AS-China talks resumed; the minister said:dan then left.",
    "Charles de Gaulle airport reopened on Senin after the strike.",
    "Officials from the United States (AS) and China met.",
    "No Indonesian here at all.", "",
]


def _packs():
    return [languages.compiled(code, "untranslated", DEFAULT, _build_pack)
            for code in languages.with_section("untranslated", DEFAULT)]


def test_gate_agrees_with_the_full_scan_on_real_and_crafted_text():
    texts = CRAFTED + read_lines("news_test.en")[:400] \
        + read_lines("news_test.id")[:100]
    packs = _packs()
    assert all(lex.heads for lex in packs if lex.forms)
    fired = 0
    for text in texts:
        for lex in packs:
            expected = lex.candidates is not None and lex.candidates.search(text) is not None
            assert _may_match(lex, text) == expected, (lex.code, text)
            fired += expected
    assert fired > 50  # the texts do hold forms, so both answers are exercised


def test_a_form_starting_with_a_non_word_character_falls_back_to_the_scan():
    lex = _build({"code": "id", "name": "Indonesian", "abbreviations": {"(AS)": "(US)"}})
    assert lex.heads is None
    assert _may_match(lex, "Officials of the (AS) met.")
    assert not _may_match(lex, "Officials of the AS met.")
