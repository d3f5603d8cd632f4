"""``number-mismatch`` against a source text in the packs' languages: digits in each language's
conventions, number words of the Latin-script packs, and Chinese numerals and dates."""

from __future__ import annotations

from decimal import Decimal

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


# --- number words of the Latin-script packs: compounds, joiners, vigesimal French ------------

@pytest.mark.parametrize("language, text, expected", [
    ("es", "treinta y cinco", 35), ("es", "doscientos cuarenta y dos", 242),
    ("es", "ciento veinte", 120), ("es", "veintitrés", 23), ("es", "seiscientos mil", 600_000),
    ("es", "mil doscientos", 1200), ("es", "dos mil millones", 2_000_000_000),
    ("pt", "trinta e cinco", 35), ("pt", "duzentos e quarenta e dois", 242),
    ("pt", "cento e vinte", 120), ("pt", "mil e quinhentos", 1500),
    ("pt", "dois mil e vinte e três", 2023),
    ("fr", "vingt et un", 21), ("fr", "vingt-et-un", 21), ("fr", "soixante-dix", 70),
    ("fr", "soixante et onze", 71), ("fr", "soixante-quinze", 75), ("fr", "quatre-vingts", 80),
    ("fr", "quatre-vingt-dix", 90), ("fr", "quatre-vingt-dix-huit", 98), ("fr", "dix-sept", 17),
    ("fr", "cent", 100), ("fr", "mille deux cents", 1200),
    ("it", "trentacinque", 35), ("it", "ventuno", 21), ("it", "ventotto", 28),
    ("it", "trentatré", 33), ("it", "duecento", 200), ("it", "centottanta", 180),
    ("it", "trecentocinquanta", 350), ("it", "duemila", 2000), ("it", "milleduecento", 1200),
    ("it", "duecentocinquantamila", 250_000),
    ("de", "fünfunddreißig", 35), ("de", "einundzwanzig", 21), ("de", "zweihundertvierzig", 240),
    ("de", "dreitausendfünfhundert", 3500), ("de", "hundert", 100),
    ("tr", "on iki", 12), ("tr", "iki yüz kırk iki", 242), ("tr", "bin", 1000),
])
def test_latin_script_number_words_are_read(language, text, expected):
    mentions = extract(f"Ci sono {text} persone", language, lexicon_for(language))
    assert [(m.text, m.keys[0]) for m in mentions] == [(text, ("n", expected))]


@pytest.mark.parametrize("language, text", [
    ("es", "Entre cinco y diez personas esperaban, según cientos de testigos y miles de vecinos."),
    ("it", "A settembre il treno per Trento portava ottone e novembre era freddo."),
    ("pt", "Milhares de pessoas e centenas de carros ficaram presos."),
    ("de", "Achtung: Zehntausende und Hunderte standen vor der Einheit, einen Elfmeter lang."),
])
def test_words_made_of_number_parts_are_no_numbers(language, text):
    found = [m.text for m in extract(text, language, lexicon_for(language))]
    assert found == (["cinco", "diez"] if language == "es" else [])


@pytest.mark.parametrize("text, source, language", [
    ("Thirty-five people died in the floods.", "Treinta y cinco personas murieron en las inundaciones.", "es"),
    ("The fire destroyed 242 homes.", "El incendio destruyó doscientas cuarenta y dos viviendas.", "es"),
    ("Some 120 soldiers arrived.", "Chegaram cento e vinte soldados.", "pt"),
    ("Twenty-one people were arrested.", "Vingt et un manifestants ont été arrêtés.", "fr"),
    ("The ship carried 98 migrants.", "Le navire transportait quatre-vingt-dix-huit migrants.", "fr"),
    ("The bill passed with 72 votes.", "Le texte a été adopté par soixante-douze voix.", "fr"),
    ("Thirty-five people were injured.", "Trentacinque persone sono rimaste ferite.", "it"),
    ("The town has 250,000 inhabitants.", "La città ha duecentocinquantamila abitanti.", "it"),
    ("Thirty-five people were injured.", "Fünfunddreißig Menschen wurden verletzt.", "de"),
    ("Twelve people were detained.", "On iki kişi gözaltına alındı.", "tr"),
])
def test_faithful_number_words_are_silent(text, source, language):
    assert mismatches(text, source, language) == []


@pytest.mark.parametrize("text, source, language, span", [
    ("Fifty-three people died in the floods.", "Treinta y cinco personas murieron en las inundaciones.", "es", "Fifty-three"),
    ("Some 102 soldiers arrived.", "Chegaram cento e vinte soldados.", "pt", "102"),
    ("The ship carried 89 migrants.", "Le navire transportait quatre-vingt-dix-huit migrants.", "fr", "89"),
    ("Fifty-three people were injured.", "Trentacinque persone sono rimaste ferite.", "it", "Fifty-three"),
    ("Fifty-three people were injured.", "Fünfunddreißig Menschen wurden verletzt.", "de", "Fifty-three"),
    ("Twenty people were detained.", "On iki kişi gözaltına alındı.", "tr", "Twenty"),
])
def test_changed_number_words_are_found(text, source, language, span):
    assert any(t.startswith(span) for t, _ in mismatches(text, source, language))


# --- English parts that count rather than divide ------------------------------------------------

@pytest.mark.parametrize("text, expected", [
    ("two quarters of growth", ("two quarters", 2)),
    ("four quarters", ("four quarters", 4)),
    ("three halves", ("three halves", 3)),
    ("the two halves of the match", ("two halves", 2)),
    ("three quarters of voters", ("three quarters", Decimal("0.75"))),
    ("two thirds of the members", ("two thirds", Decimal("0.666666"))),
    ("three fifths of the budget", ("three fifths", Decimal("0.6"))),
    ("two tenths of a second", ("two tenths", Decimal("0.2"))),
])
def test_a_count_of_quarters_is_not_a_fraction(text, expected):
    mention = extract(text, "en", lexicon_for("id"))[0]
    assert (mention.text, mention.keys[0][1]) == expected


def test_two_quarters_of_growth_match_the_source_count():
    assert mismatches("The economy grew for two quarters in a row.",
                      "Ekonomi tumbuh selama dua kuartal berturut-turut.", "id") == []
    assert mismatches("Three quarters of voters backed the plan.",
                      "Tiga perempat pemilih mendukung rencana itu.", "id") == []
    assert [t for t, _ in mismatches("The economy grew for two quarters in a row.",
                                     "Ekonomi tumbuh selama tiga kuartal berturut-turut.", "id")] \
        == ["two quarters"]


def test_a_half_after_a_number_still_adds_a_half():
    # "lima setengah" is 5.5 (no "and" in Indonesian): only plural halves count.
    assert mismatches("He was sentenced to five-and-a-half years in prison.",
                      "Ia dihukum lima setengah tahun penjara.", "id") == []
    assert mismatches("Inflation stood at two and a half percent.",
                      "Inflasi berada di angka dua setengah persen.", "id") == []
    assert [t for t, _ in mismatches("He was sentenced to five and a half years.",
                                     "Ia dihukum enam setengah tahun penjara.", "id")] \
        == ["five and a half"]


# --- Korean: Arabic digits with the positional syllables, and its date and time marks ---------

@pytest.mark.parametrize("text, expected", [
    ("3천 명이 모였다", [("3천", ("n", 3000))]),
    ("1억 2천만 원", [("1억 2천만", ("n", 120_000_000))]),
    ("5천억 원", [("5천억", ("n", 500_000_000_000))]),
    ("1.2억 원", [("1.2억", ("n", 120_000_000))]),
    ("2023년 12월 1일 발표", [("2023", ("n", 2023)), ("12월 1일", ("d", 12, 1))]),
    ("오후 3시 30분에", [("오후 3시 30분", ("t", 15, 30))]),
    ("제48회 대회", [("제48", ("n", 48))]),
    ("그것만 천 조각이 남았다", []),     # 만 "only", 천 "cloth": no digits, no number
])
def test_korean_numbers_are_read(text, expected):
    mentions = extract(text, "ko", lexicon_for("ko"))
    assert [(m.text, m.keys[0]) for m in mentions] == expected


@pytest.mark.parametrize("text, source", [
    ("Some 3,000 people gathered.", "3천 명이 모였다."),
    ("The budget is 120 million won.", "예산은 1억 2천만 원이다."),
    ("The plan was announced on December 1, 2023.", "계획은 2023년 12월 1일 발표됐다."),
    ("The meeting starts at 3:30 pm.", "회의는 오후 3시 30분에 시작한다."),
])
def test_faithful_korean_numbers_are_silent(text, source):
    assert mismatches(text, source, "ko") == []


@pytest.mark.parametrize("text, source, span", [
    ("Some 30,000 people gathered.", "3천 명이 모였다.", "30,000"),
    ("The plan was announced on December 11, 2023.", "계획은 2023년 12월 1일 발표됐다.", "December 11"),
])
def test_changed_korean_numbers_are_found(text, source, span):
    assert any(t.startswith(span) for t, _ in mismatches(text, source, "ko"))
