"""``locale-convention``: Indonesian time zones, "Wednesday (20/12)" dates, decimal commas,
thousands dots and unconverted rupiah, with exact spans, suggestions and categories; English
look-alikes that must not fire; and the real corpus, whose genuine findings are verified
against the aligned Indonesian line.
"""

from __future__ import annotations

import re

import pytest

from audit.checks import REGISTRY, CheckContext, run_check
from audit.config import parse_config
from conftest import read_lines

DATE, NUMBER = "locale/date-time", "locale/number-format"


def locale(text: str, config=None):
    ctx = CheckContext(text=text, language="en", **({"config": config} if config else {}))
    return run_check(REGISTRY["locale-convention"], ctx)


@pytest.mark.parametrize("text, span, suggestion, severity, category", [
    # time zones and clock times
    ("Wednesday, 20 Dec 2023 20:35 IWST", "IWST", "WIB (UTC+7)", "major", DATE),
    ("The plane landed at 14:10 WITA in Makassar.", "WITA", "WITA (UTC+8)", "minor", DATE),
    ("The flight arrives at 08:00 WIT in Jayapura.", "WIT", "WIT (UTC+9)", "minor", DATE),
    ("Polls close at 13:00 WIB nationwide.", "WIB", "WIB (UTC+7)", "minor", DATE),
    ("The quake struck at 3 pm Western Indonesian Time.", "Western Indonesian Time",
     "WIB (UTC+7)", "info", DATE),
    ("The eclipse peaks at 10:30 Central Indonesia Time.", "Central Indonesia Time",
     "WITA (UTC+8)", "info", DATE),
    # weekday + bracketed date
    ("Haniyeh secretly visited Egypt today, Wednesday (20/12).", "Wednesday (20/12)",
     "Wednesday, December 20", "minor", DATE),
    ("The flood receded on Monday (11/19).", "Monday (11/19)", "Monday, November 19", "minor",
     DATE),
    ("Camps have been prepared, told Sanjaya, Thursday, (1/17).", "Thursday, (1/17)",
     "Thursday, January 17", "minor", DATE),
    ("The aid arrived on Rabu (20/12).", "Rabu (20/12)", "Wednesday, December 20", "minor", DATE),
    ("The decree was signed on Friday (5/1/2024).", "Friday (5/1/2024)",
     "Friday, January 5, 2024", "minor", DATE),
    # numbers
    ("The economy grew 5,2 percent last year.", "5,2", "5.2", "major", NUMBER),
    ("Inflation reached 2,75 percent in May.", "2,75", "2.75", "major", NUMBER),
    ("The company lost US$1,7 billion.", "1,7", "1.7", "major", NUMBER),
    ("About 1,5 million people were displaced.", "1,5", "1.5", "major", NUMBER),
    ("They lost three to 3,7% of their bodyweight.", "3,7", "3.7", "major", NUMBER),
    ("The price is Rp 1.500.000 per unit.", "1.500.000", "1,500,000", "major", NUMBER),
    ("The fine was US$130.000 in total.", "130.000", "130,000", "major", NUMBER),
    ("The fee is Rp.5.000 per visit.", "5.000", "5,000", "major", NUMBER),
    ("The loan was Rp 2.500.000,50 in all.", "2.500.000,50", "2,500,000.50", "major", NUMBER),
    # rupiah without a conversion: a note, not an error
    ("The budget was Rp 9 billion this year.", "Rp 9 billion", None, "info", NUMBER),
    ("Every officer got Rp 300 thousand.", "Rp 300 thousand", None, "info", NUMBER),
])
def test_conventions_are_reported(text, span, suggestion, severity, category):
    found = locale(text)
    assert [f.text for f in found] == [span], found
    f = found[0]
    assert (f.suggestion, f.severity, f.category) == (suggestion, severity, category)
    assert (f.start, f.end) == (text.index(span), text.index(span) + len(span))


def test_one_rupiah_note_per_article_counting_the_others():
    text = ("The budget is Rp 9 billion.\n\nThe city spent Rp 5 billion (US$300,000) on roads."
            "\n\nRp 2 trillion went to schools and Rp 1.500.000 to each teacher.")
    found = locale(text)
    assert [(f.text, f.severity) for f in found] == [("Rp 9 billion", "info"),
                                                     ("1.500.000", "major")]
    assert "and 1 more rupiah amount" in found[0].message


def test_dot_clock_before_a_zone_is_its_own_finding():
    text = "The quake struck at 20.35 WIB on Tuesday."
    found = locale(text)
    assert [(f.text, f.suggestion, f.category) for f in found] == [
        ("20.35", "20:35", DATE), ("WIB", "WIB (UTC+7)", DATE)]


def test_seed_flags_iwst_and_the_bracketed_date(seed_text):
    found = {f.text: f for f in locale(seed_text)}
    assert set(found) == {"IWST", "Wednesday (20/12)"}
    assert "calque" in found["IWST"].message
    assert found["Wednesday (20/12)"].suggestion == "Wednesday, December 20"


def test_ambiguous_date_says_so_without_guessing():
    (f,) = locale("He spoke to reporters on Tuesday (1/8).")
    assert f.suggestion is None
    assert "ambiguous" in f.message and "August 1" in f.message and "January 8" in f.message


@pytest.mark.parametrize("text, suggestion, reason", [
    # the weekday fixes the reading once the year is known from the date line
    ("Tuesday, 8 Jan 2019 10:00 WIB\n\nThe mayor spoke on Tuesday (1/8).",
     "Tuesday, January 8", "falls on a Tuesday"),
    # the article's other bracketed dates show the order
    ("Officials met on Monday (11/19) and again on Tuesday (1/8).", "Tuesday, January 8",
     "other bracketed dates"),
    ("Officials met on Thursday (20/12) and again on Tuesday (1/8).", "Tuesday, August 1",
     "other bracketed dates"),
])
def test_article_context_resolves_ambiguous_dates(text, suggestion, reason):
    f = [f for f in locale(text) if f.text == "Tuesday (1/8)"][0]
    assert f.suggestion == suggestion and reason in f.message


@pytest.mark.parametrize("text", [
    "The stadium holds 1,500 people and cost $2,500,000.",
    "Choose options 1,2 and 3 from the list.",
    "The score was 2,1 after extra time.",
    "The coordinates were (1,5) and (2,7) on the grid.",
    "A 0,5,10 pattern was used.",
    "The population rose by 1,250 percent over the century.",
    "Version 1.2.3 of the software was released.",
    "The server at 192.168.100.200 was down.",
    "Upgrade to v1.500.000 of the firmware.",
    "See http://125.125.125.125/index for details.",
    "The meeting starts at 10.30 in London.",
    "He won 1.500 metres gold in Tokyo.",
    "It was released on 12/20/2023 in the US.",
    "The rupiah traded at Rp 15,500 per US dollar on Monday.",
    "The budget is Rp 9 billion (about US$580,000).",
    "The project costs Rp 2 trillion, or roughly $130 million.",
    "Jakarta PMI Requested Additional Budget Rp 40 Billion to City",
    "Students from WIT (Waterford Institute of Technology) won the award.",
    "The ceremony starts at 19:00 WIB (UTC+7) in Jakarta.",
    "Polls close at 13:00 Western Indonesia Time (UTC+7).",
    "On Wednesday (local time), the talks resumed.",
    "The talks resumed on Wednesday, December 20.",
    # real corpus sentences
    "\"During the weekend of 17–19 June 2011, 2,542,000 people, or approximately half the "
    "Norwegian population, visited the live broadcast.\"",
    "\"In the western half, the volume increased from 89 million m3 per year in 1998 to 130 in "
    "2007 and 153 in 2011.\"",
    "The tariff rose from Rp 2 thousand to Rp 5 thousand (US$0.50).",
])
def test_english_conventions_are_not_reported(text):
    assert locale(text) == []


def test_config_removes_a_zone_and_allow_silences_a_span():
    config = parse_config({"lexicon": {"locale": {"remove": ["WITA"]}}})
    assert locale("The plane landed at 14:10 WITA in Makassar.", config) == []
    config = parse_config({"allow": {"names": ["IWST"]}})
    assert locale("Wednesday, 20 Dec 2023 20:35 IWST", config) == []


# --- the real clean corpus -----------------------------------------------------------------------

_SOURCE_DATE = re.compile(r"\(\d{1,2}/\d{1,2}(?:/\d{2,4})?\)")


def _genuine(f, source: str) -> bool:
    """A finding is genuine when the aligned Indonesian line has the same convention: the
    same number written the same way, or a rupiah amount. A weekday followed by a bracketed
    date is the Indonesian convention in itself (English never writes it): most such lines
    have the bracketed date in the Indonesian too, the rest are loosely aligned."""
    if f.category == DATE and "(" in f.text:
        return True
    if f.severity == "info" and f.text.startswith(("Rp", "IDR")):
        return "Rp" in source or "IDR" in source
    return f.text in source


@pytest.mark.parametrize("name", ["news_valid", "general_valid"])
def test_real_corpus_findings_are_genuine(name):
    """The corpus is translated from Indonesian and keeps some conventions for real ("Tuesday
    (1/8)", "US$1,7 billion", "US$130.000"): every finding must be confirmed by the aligned
    Indonesian line; at most one per 1,000 lines may not be."""
    english, source = read_lines(f"{name}.en"), read_lines(f"{name}.id")
    false_positives = []
    dates = dates_in_source = 0
    for en, id_ in zip(english, source):
        for f in locale(en):
            if not _genuine(f, id_):
                false_positives.append((f.text, en))
            elif f.category == DATE and "(" in f.text:
                dates += 1
                dates_in_source += bool(_SOURCE_DATE.search(id_))
    assert len(false_positives) <= len(english) // 1000, false_positives
    assert dates_in_source >= 0.9 * dates


def test_one_scan_gates_every_packs_zones_country_and_currency():
    """The per-pack zone and currency rules run only where the shared gate matches: it must
    match every literal they look for, in every pack (else a pack's findings vanish)."""
    from audit import languages
    from audit.checks.locale import _build_pack, _pack_gate
    from audit.config import DEFAULT
    lexes = [languages.compiled(code, "locale", DEFAULT, _build_pack)
             for code in languages.with_section("locale", DEFAULT)]
    gate = _pack_gate(lexes)
    assert gate is not None and gate.search("The minister said so on Monday.") is None
    literals = [z for lex in lexes for z in lex.zones] + [r for lex in lexes for r in lex.rupiah] \
        + [lex.zone_country for lex in lexes if lex.zone_name_re is not None]
    assert len(literals) > 10
    for literal in literals:
        assert gate.search(f"said at {literal} today") is not None, literal


def test_a_zone_and_a_weekday_date_in_one_article_are_both_found():
    found = {h.text for h in locale("Haniyeh visited Egypt on Wednesday (20/12). Polls close "
                                    "at 13:00 WIB, and the fund holds Rp 2,5 billion.")}
    assert {"WIB", "Wednesday (20/12)"} <= found
