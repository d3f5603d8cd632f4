"""``number-mismatch`` against a source text in the packs' languages: digits in each language's
conventions, number words of the Latin-script packs, and Chinese numerals and dates."""

from __future__ import annotations

import pytest

from audit.checks import REGISTRY, CheckContext, run_check
from audit.checks.numbers import extract, lexicon_for
from audit.checks.numbers.chinese import build, value
from audit.languages import section


def mismatches(text: str, source: str, source_language: str):
    ctx = CheckContext(text=text, language="en", source_text=source,
                       source_language=source_language)
    return [(f.text, f.category) for f in run_check(REGISTRY["number-mismatch"], ctx)]


@pytest.mark.parametrize("numeral, expected", [
    ("三千五百", 3500), ("二十", 20), ("十二", 12), ("四十八", 48), ("两亿三千万", 230_000_000),
    ("一万亿", 10 ** 12), ("二〇二三", 2023), ("九十二", 92),
])
def test_chinese_numerals_are_read(numeral, expected):
    assert value(numeral, build(section("zh", "numbers"))) == expected


@pytest.mark.parametrize("text, source", [
    ("The forum opened on February 11 in Beijing.", "2月11日，论坛在北京开幕。"),
    ("The forum opened on February 11 in Beijing.", "二月十一日，论坛在北京开幕。"),
    ("Some 920,000 visitors came.", "约有92万名游客到访。"),
    ("The 48th session opened.", "第48届会议开幕。"),
    ("Investment reached 120 million yuan.", "投资达到1.2亿元。"),
    ("Sales rose 30 percent.", "销量增长百分之三十。"),
    ("The meeting starts at 3:30 pm.", "会议下午3点半开始。"),
    ("The price is about 16,000 yuan.", "价格大概要一万六七千元左右。"),
    ("In 2023, exports rose.", "2023年，出口增长。"),
])
def test_faithful_chinese_numbers_are_silent(text, source):
    assert mismatches(text, source, "zh") == []


@pytest.mark.parametrize("text, source, span", [
    ("Some 290,000 visitors came.", "约有92万名游客到访。", "290,000"),
    ("The 84th session opened.", "第48届会议开幕。", "84th"),
    ("The forum opened on February 12 in Beijing.", "二月十一日，论坛在北京开幕。", "February 12"),
])
def test_changed_chinese_numbers_are_found(text, source, span):
    assert [t for t, _ in mismatches(text, source, "zh")] == [span]


def test_a_lone_numeral_in_a_word_is_not_a_dropped_number():
    # 一些 "some", 统一 "unify": one-character numerals are weak
    assert mismatches("Some people support unification.", "一些人支持统一。", "zh") == []


@pytest.mark.parametrize("text, source, language", [
    ("Inflation rose to 2.5 percent.", "Die Inflation stieg auf 2,5 Prozent.", "de"),
    ("Some 1,500 people protested.", "Rund 1.500 Menschen protestierten.", "de"),
    ("Three people died and twenty were injured.", "Murieron tres personas y veinte resultaron heridas.", "es"),
    ("Five hundred soldiers arrived.", "Llegaron quinientos soldados.", "es"),
    ("The vote is on 12 March.", "La votación es el 12 de marzo.", "es"),
    ("Twelve people were arrested.", "Douze personnes ont été arrêtées.", "fr"),
    ("Unemployment fell to 7.8 percent.", "La disoccupazione è scesa al 7,8 per cento.", "it"),
    ("Two million people voted.", "Dois milhões de pessoas votaram.", "pt"),
])
def test_latin_script_sources_are_read_in_their_conventions(text, source, language):
    assert mismatches(text, source, language) == []


@pytest.mark.parametrize("text, source, language, span", [
    ("Inflation rose to 5.2 percent.", "Die Inflation stieg auf 2,5 Prozent.", "de", "5.2"),
    ("Four people died.", "Murieron tres personas.", "es", "Four"),
    ("Fifteen people were arrested.", "Douze personnes ont été arrêtées.", "fr", "Fifteen"),
])
def test_changed_numbers_in_latin_script_sources_are_found(text, source, language, span):
    assert any(t.startswith(span) for t, _ in mismatches(text, source, language))


def test_the_german_thousands_dot_is_read_as_thousands():
    lex = lexicon_for("de")
    (mention,) = extract("Rund 1.500 Menschen", "de", lex)
    assert mention.keys[0] == ("n", 1500)
