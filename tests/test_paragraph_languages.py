"""Checks follow each paragraph's language; the article's language is decided by its prose;
origins need more than one clue (issues 10 and 11).

The mixed articles are written for these tests as such copy arrives: an Indonesian story
ending in a list of English club names, an English story quoting a French, German or
Spanish paragraph. Clean single-language text must give exactly the findings it gave when
checks ran on the whole article in one language.
"""

from __future__ import annotations

import dataclasses

import pytest

from audit.checks import REGISTRY, CheckContext, run_check, run_checks
from audit.config import DEFAULT
from audit.language import (Language, ParagraphLanguage, detect, detect_language, infer_origin,
                            language_regions, sample)
from audit.model import Article, Attribution, Finding
from audit.pipeline import analyse

INDONESIAN = [
    "Jakarta - Persatuan Sepak Bola Seluruh Indonesia (PSSI) resmi merilis daftar klub yang akan "
    "mengikuti turnamen pramusim di Jakarta bulan depan. Turnamen ini digelar untuk mempersiapkan "
    "tim sebelum kompetisi Liga 1 dimulai pada bulan Agustus.",
    "Ketua Umum PSSI mengatakan turnamen tersebut juga mengundang sejumlah klub dari luar negeri. "
    "Menurut dia, kehadiran klub-klub asing akan memberikan pengalaman berharga bagi para pemain "
    "muda Indonesia yang baru pertama kali tampil di level senior.",
    "\"Kami ingin pemain kita merasakan atmosfer pertandingan melawan tim yang punya tradisi kuat. "
    "Ini bagian dari program jangka panjang kami,\" kata dia kepada wartawan di kantor PSSI, "
    "Senin (14/7/2025).",
    "Panitia menyebutkan seluruh pertandingan akan digelar di Stadion Utama Gelora Bung Karno dan "
    "Stadion Madya. Tiket dijual secara daring mulai pekan depan dengan harga mulai dari Rp 50 "
    "ribu untuk kategori tribun umum.",
    "Selain itu, panitia juga menyiapkan zona penggemar di sekitar stadion yang menampilkan musik, "
    "kuliner, dan berbagai permainan untuk keluarga. Pihak kepolisian memastikan akan menurunkan "
    "ribuan personel untuk mengamankan jalannya turnamen.",
    "Berikut daftar klub peserta turnamen pramusim tersebut:",
]
CLUBS = ["Manchester United", "Liverpool Football Club", "Arsenal Football Club",
         "Chelsea Football Club", "Tottenham Hotspur", "Newcastle United", "Aston Villa",
         "West Ham United", "Brighton and Hove Albion", "Crystal Palace",
         "Wolverhampton Wanderers", "Nottingham Forest", "Leicester City",
         "Everton Football Club", "Fulham Football Club", "Brentford Football Club",
         "Bournemouth", "Southampton Football Club", "Ipswich Town", "Leeds United",
         "Sunderland", "Burnley Football Club", "Sheffield United", "Queens Park Rangers",
         "Blackburn Rovers", "Preston North End", "Bristol City", "Coventry City"]
ENGLISH_ONLY = {"untranslated-token", "locale-convention", "role-confusion"}


def _indonesian_with_club_list() -> str:
    squads = "\n".join(f"{club} Under-21 Development Squad" for club in CLUBS * 3)
    return "\n\n".join(INDONESIAN) + "\n\n" + squads


@pytest.mark.parametrize("detector", ["py3langid", "langdetect"])
def test_an_indonesian_article_ending_in_an_english_list_is_indonesian(detector):
    text = _indonesian_with_club_list()
    if detector == "langdetect":  # the sample of the whole text is read as English
        assert detect(sample(text), detector)[0] == "en"
    config = dataclasses.replace(DEFAULT, detector=detector)
    report = analyse(Article(id="pssi", source="test", text=text), config)
    assert report.language.code == "id"
    assert report.origin_language.code == "id"
    # the list is no prose: it is read as part of the Indonesian article, so no English rule
    # runs anywhere, and the report says so
    assert language_regions(text, report.language) == [(0, len(text), "id")]
    assert ENGLISH_ONLY <= set(report.checks_not_applied)
    assert [f for f in report.findings if f.code in ENGLISH_ONLY] == []
    assert [(f.code, f.text) for f in report.findings if f.severity != "info"] == []


def test_short_paragraphs_inherit_the_article_language():
    # a caption, a name, a score line: too little text for a detector to be trusted
    text = "\n\n".join(INDONESIAN[:3] + ["Manchester United", "Foto: Reuters/Phil Noble",
                                          "Skor akhir 3-1", INDONESIAN[3]])
    report = analyse(Article(id="id-captions", source="test", text=text))
    assert report.language.code == "id"
    assert language_regions(text, report.language) == [(0, len(text), "id")]
    assert report.checks_partly_applied == []
    assert ENGLISH_ONLY <= set(report.checks_not_applied)


ENGLISH = ("Head of the political bureau HamasIsmail Haniyeh arrived in Cairo on Wednesday for "
           "talks , officials said. The delegation will stay until a deal is reached, they added.")
FRENCH = ("Le gouvernement a prévenu : la réforme des retraites passera malgré les manifestations "
          "qui se poursuivent dans tout le pays depuis trois semaines.")


def test_a_french_paragraph_keeps_its_space_before_a_colon():
    text = ENGLISH + "\n\n" + FRENCH
    report = analyse(Article(id="en-fr", source="test", text=text))
    assert report.language.code == "en"
    found = [(f.code, f.text) for f in report.findings]
    assert ("missing-space", "HamasIsmail") in found and ("spacing", " ,") in found
    # In the French paragraph only the note that it is in French (an English original may
    # quote one): no English rule is applied to it.
    assert [(f.code, f.severity) for f in report.findings
            if f.start >= len(ENGLISH)] == [("untranslated-paragraph", "info")]
    partly = {entry["code"] for entry in report.checks_partly_applied}
    assert {"missing-space", "untranslated-token"} <= partly
    # read as English, the French colon is a slip (and "a prévenu" is not English)
    assert " :" in _whole_article_as(text, "en", "spacing")


GERMAN = ("Das Haushaltsdefizit stieg im vergangenen Jahr auf 2,5 Milliarden Euro, teilte das "
          "Finanzministerium am 20.12.2023 in Berlin mit.")


def _whole_article_as(text: str, code: str, check: str) -> list[str]:
    """What ``check`` finds when the whole article is read in one language (the old way)."""
    return [f.text for f in run_check(REGISTRY[check], CheckContext(text=text, language=code))]


def test_german_conventions_are_right_in_a_german_paragraph():
    english = ("The German budget deficit rose to 2,5 billion euros last year, the finance "
               "ministry said on 20.12.2023, after two years in which it barely moved at all.")
    text = english + "\n\n" + GERMAN
    assert _whole_article_as(text, "en", "locale-convention").count("20.12.2023") == 2
    report = analyse(Article(id="en-de", source="test", text=text))
    assert report.language.code == "en"
    flagged = [(f.text, f.start) for f in report.findings if f.code == "locale-convention"]
    assert ("20.12.2023", english.index("20.12.2023")) in flagged
    assert ("2,5", english.index("2,5")) in flagged
    assert [(f.code, f.severity) for f in report.findings
            if f.start >= len(english)] == [("untranslated-paragraph", "info")]


SPANISH_QUOTE = ("«Según los datos del ministerio, la inflación bajó en noviembre por tercer mes "
                 "consecutivo y el Gobierno espera que siga bajando durante el próximo año», "
                 "dijo el portavoz.")


def test_a_spanish_quotation_paragraph_is_no_evidence_of_a_translation():
    english = ("Spain's government said on Tuesday that inflation fell again in November, the "
               "third monthly fall in a row. A spokesman for the economy ministry told reporters "
               "in Madrid that prices would keep easing next year.")
    text = english + "\n\n" + SPANISH_QUOTE + "\n\n" + ("The figures will be confirmed by the "
                                                        "statistics institute next week.")
    report = analyse(Article(id="en-es", source="test", text=text))
    assert report.language.code == "en"
    assert [f.text for f in report.findings if f.code == "untranslated-token"] == []
    assert report.origin_language is None
    # a "según" left in an English sentence is still a left-over
    leftover = analyse(Article(id="en-left", source="test", text=english.replace(
        "A spokesman for", "Según a spokesman for") + " Inflation was 3,2 percent, pero rising."))
    assert "Según" in [f.text for f in leftover.findings if f.code == "untranslated-token"]


def test_clean_single_language_text_gives_the_same_findings(seed_text, news_en):
    """One language throughout: the per-language dispatch is the old single run."""
    texts = [seed_text] + ["\n\n".join(news_en[i:i + 6]) for i in range(0, 240, 6)]
    for text in texts:
        language = detect_language(text)
        regions = language_regions(text, language)
        assert {code for _s, _e, code in regions} == {language.code}
        ctx = CheckContext(text=text, language=language.code, regions=regions)
        whole = CheckContext(text=text, language=language.code)
        old = sorted((f.code, f.start, f.end, f.message) for chk in REGISTRY.values()
                     if not chk.late and chk.applies_to(whole) for f in run_check(chk, whole))
        new = sorted((f.code, f.start, f.end, f.message) for f in run_checks(ctx)[0])
        assert new == old


def test_run_checks_shares_one_view_and_finds_what_each_check_finds_alone(seed_text, news_en):
    """run_checks gives one language's checks one shared view of the article (each view a
    check computes serves the next): the findings and warnings of running each check by
    itself, through run_by_language on a fresh context, whether the one region's language is
    the article's, another one, or the paragraphs are in several."""
    from audit.checks import run_by_language

    english = "\n\n".join(news_en[:8])
    mixed = "Title here\n\n" + ENGLISH + "\n\n" + FRENCH + "\n\n" + ENGLISH + "\n"
    cases = []
    for text in (seed_text, english, mixed, _indonesian_with_club_list()):
        language = detect_language(text)
        cases.append((text, language.code, language_regions(text, language)))
    cases.append((english, "en", [(0, len(english), "id")]))  # one region, not the article's
    cases.append((english, "id", None))
    found = 0
    for late in (False, True):
        for text, code, regions in cases:
            def context():
                return CheckContext(text=text, language=code, regions=regions,
                                    source_text=seed_text)
            alone = [f for chk in REGISTRY.values() if chk.late == late
                     for f in run_by_language(chk, context())]
            alone.sort(key=lambda f: (f.start, f.end, f.code))
            findings, warnings = run_checks(context(), late=late)
            assert findings == alone and warnings == []
            found += len(findings)
    assert found  # the comparison is not of empty lists


def test_regions_cover_the_text_once():
    text = "Title here\n\n" + ENGLISH + "\n\n" + FRENCH + "\n\n" + ENGLISH + "\n"
    regions = language_regions(text, detect_language(text))
    assert regions[0][0] == 0 and regions[-1][1] == len(text)
    assert all(a[1] == b[0] for a, b in zip(regions, regions[1:]))
    assert [code for _s, _e, code in regions] == ["en", "fr", "en"]


def test_a_low_confidence_detection_is_not_trusted_for_a_paragraph():
    text = "Ini adalah paragraf pertama.\n\nReal Madrid, Barcelona, Atletico Madrid, Sevilla"
    language = Language("id", 0.99, [ParagraphLanguage(0, 28, "id", 0.99, "screen"),
                                     ParagraphLanguage(30, len(text), "es", 0.35, "py3langid")])
    assert language_regions(text, language) == [(0, len(text), "id")]


# --- origin: one clue is not an origin ------------------------------------------------------

def _token(text: str, start: int, word: str, language: str) -> Finding:
    from audit.model import LanguageEvidence
    return Finding("untranslated-token", "accuracy/untranslated", "major", "left over", word,
                   start, start + len(word), evidence=LanguageEvidence((language,)))


def test_an_english_service_dateline_alone_gives_no_origin():
    text = "TAIPEI (dpa) - Taiwan's president said on Monday that talks with Beijing would resume."
    dateline = Attribution("dpa", "dateline", "TAIPEI (dpa) -", 0, 14)
    english = Language("en", 0.99)
    assert infer_origin(text, english, [dateline], [], {"dpa": "de"}) is None
    und = _token(text, text.index("talks"), "talks", "de")  # a second, independent clue
    origin = infer_origin(text, english, [dateline], [und], {"dpa": "de"})
    assert origin is not None and origin.code == "de"


def test_one_left_over_word_gives_no_origin():
    text = "Officials think they #39;ve essentially solved the problem, la la."
    english = Language("en", 0.99)
    ve = _token(text, text.index("ve "), "ve", "tr")
    assert infer_origin(text, english, [], [ve], {}) is None
    la = [_token(text, text.index("la"), "la", "es"), _token(text, text.rindex("la"), "la", "es")]
    assert infer_origin(text, english, [], la, {}) is None  # the same word twice: one clue
    two = [_token(text, 0, "Officials", "es"), la[0]]
    assert infer_origin(text, english, [], two, {}).code == "es"


def test_a_table_the_detector_is_unsure_of_has_no_origin():
    text = ("ALATENN RESOURCES INC <ATNG> 4TH QTR NET\n\nShr 75 cts vs 52 cts\n    Net 1,699,124 "
            "vs 1,177,786\n    Revs 45.6 mln vs 31.6 mln\n Reuter")
    report = analyse(Article(id="table", source="test", text=text))
    assert report.language.confidence < 0.5
    assert report.origin_language is None


GREEK_FOOTER = ("© ΑΠΕ-ΜΠΕ ΑΕ. Τα πνευματικά δικαιώματα ανήκουν στο πρακτορείο και παραχωρούνται σε "
                "συνδρομητές μόνον για χρήση στα δικά τους μέσα.")


def test_an_english_wire_item_with_a_greek_footer_is_english():
    english = ["Wage employment in the private sector grew in March, recording the best "
               "performance for the month in almost two decades, the labour ministry said.",
               "Hirings exceeded dismissals by more than 70,000 jobs, the report said.",
               "In the same period last year, the balance was positive by 33,638 jobs."]
    text = "\n\n".join(english + [GREEK_FOOTER])
    assert detect(sample(text))[0] == "el"  # the sample's last window outweighs the rest
    report = analyse(Article(id="ana", source="test", text=text))
    assert report.language.code == "en"
    assert report.origin_language is None
    footer = text.index("©")
    assert {(e["code"], tuple(p["language"] for p in e["not_applied"]))
            for e in report.checks_partly_applied} >= {("untranslated-token", ("el",))}
    assert [f for f in report.findings if f.start >= footer] == []
