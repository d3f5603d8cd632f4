"""untranslated-paragraph: a paragraph left in another language, graded by what corroborates it."""

from __future__ import annotations

from pathlib import Path

from audit.config import DEFAULT
from audit.model import Article
from audit.pipeline import analyse, finalise

CODE = "untranslated-paragraph"
ENGLISH_1 = ("Indonesia's central bank kept its benchmark interest rate unchanged on Tuesday, "
             "saying inflation was expected to stay within its target range this year.")
INDONESIAN = ("Gubernur Bank Indonesia Perry Warjiyo mengatakan bahwa keputusan tersebut konsisten "
              "dengan upaya menjaga stabilitas nilai tukar rupiah di tengah ketidakpastian global "
              "yang masih tinggi.")
ENGLISH_2 = ("The bank said it would continue to monitor global financial markets closely and "
             "stood ready to act if needed to support the currency.")
SPANISH = ("El presidente del banco central dijo que la decisión se tomó por unanimidad y que la "
           "inflación seguirá bajando durante los próximos meses.")


def hits(text: str, **fields):
    article = Article(id="a", source="a", text=text, **fields)
    report = finalise(analyse(article), article, DEFAULT)
    assert report.error is None, report.error
    return [f for f in report.findings if f.code == CODE]


def test_a_paragraph_in_the_declared_source_language_is_major():
    text = "\n\n".join([ENGLISH_1, INDONESIAN, ENGLISH_2])
    found = hits(text, source_language="id")
    assert [(f.severity, f.text) for f in found] == [("major", INDONESIAN)]
    assert "the language the article was translated from" in found[0].message
    assert text[found[0].start:found[0].end] == INDONESIAN


def test_a_paragraph_in_the_language_of_a_credited_outlet_is_minor():
    text = "\n\n".join(["JAKARTA (ANTARA) - " + ENGLISH_1, INDONESIAN, ENGLISH_2])
    found = hits(text)
    assert [(f.severity, f.text) for f in found] == [("minor", INDONESIAN)]
    assert "Antara" in found[0].message


def test_an_uncorroborated_foreign_paragraph_is_only_an_info_note():
    # An English original may quote a paragraph in the original language.
    text = "\n\n".join([ENGLISH_1, SPANISH, ENGLISH_2])
    assert [f.severity for f in hits(text)] == ["info"]


def test_clean_english_names_lists_and_short_lines_are_not_reported():
    squad = ("Persija Jakarta, Persib Bandung, Arema Malang, Bali United, PSM Makassar, "
             "Borneo FC, Persebaya Surabaya")
    text = "\n\n".join([ENGLISH_1, squad, "Kata Perry: \"Kami siap.\"", ENGLISH_2])
    assert hits(text, source_language="id") == []
    assert hits("\n\n".join([ENGLISH_1, ENGLISH_2]), source_language="id") == []


def test_the_seed_articles_have_no_untranslated_paragraph():
    seeds = Path(__file__).resolve().parents[1] / "seeds"
    for path in sorted(seeds.glob("*.txt")):
        assert hits(path.read_text(encoding="utf-8")) == [], path.name


def test_a_copyright_footer_in_the_outlets_language_is_not_reported():
    footer = ("© ΑΠΕ-ΜΠΕ ΑΕ. Τα πνευματικά δικαιώματα ανήκουν στο πρακτορείο και παραχωρούνται σε "
              "συνδρομητές μόνον για χρήση στα δικά τους μέσα.")
    assert hits("\n\n".join([ENGLISH_1, ENGLISH_2, footer])) == []
