"""credit-mismatch: declared credits (metadata) against the credits in the text, both ways."""

from __future__ import annotations

from pathlib import Path

import pytest

from audit.ingest import iter_articles
from audit.model import Article, Declared
from audit.pipeline import analyse, finalise
from audit.config import DEFAULT

FORMATS = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "external" / "formats"

REUTERS_TEXT = ("JAKARTA (Reuters) - Floods swept through the Indonesian capital on Tuesday, forcing "
                "thousands of residents to leave their homes after a night of heavy rain.")
DPA_TEXT = ("Berlin (dpa) - Germany's conservative opposition leader Friedrich Merz has heavily "
            "criticized Chancellor Olaf Scholz's reaction to the results of the European election.")


def findings(text: str, declared: Declared | None, **fields):
    article = Article(id="a", source="a", text=text, declared=declared, **fields)
    report = finalise(analyse(article), article, DEFAULT)
    assert report.error is None, report.error
    return [f for f in report.findings if f.code == "credit-mismatch"], report


def test_text_credit_not_declared_and_declared_agency_never_named():
    hits, report = findings(REUTERS_TEXT, Declared(credit="dpa", provider="dpa"))
    assert report.provenance.declared.agencies == ["dpa"]
    assert [(h.severity, h.text) for h in hits] == [("minor", ""), ("major", "JAKARTA (Reuters) -")]
    assert "the text credits Reuters (dateline) but the item's metadata does not declare it" in hits[1].message
    assert hits[0].message.startswith("the metadata declares dpa but the text never names it")


def test_silent_when_text_and_metadata_agree():
    assert findings(DPA_TEXT, Declared(provider="Deutsche Presse-Agentur GmbH", credit="dpa",
                                       copyright="Copyright 2024, dpa (www.dpa.de)",
                                       language="en"))[0] == []
    assert findings(REUTERS_TEXT, Declared(provider="reuters.com", byline="By Jane Doe"))[0] == []


def test_silent_without_metadata_and_on_sites_that_are_not_wires():
    assert findings(REUTERS_TEXT, None)[0] == []
    # A page of a newspaper that never names itself: not a wire, not reported.
    assert findings("Floods swept through the capital on Tuesday, officials said on Wednesday.",
                    Declared(provider="The Jakarta Post"))[0] == []


def test_byline_only_metadata_cannot_contradict_a_credit():
    assert findings(REUTERS_TEXT, Declared(byline="Jane Doe"))[0] == []


def test_declared_language_differs_from_the_detected_one():
    text = " ".join([DPA_TEXT] * 4)
    hits, _ = findings(text, Declared(credit="dpa", language="de-DE"))
    assert [h.message for h in hits] == ["the metadata declares the language 'de-DE' but the text is in 'en'"]
    assert findings(text, Declared(credit="dpa", language="en-GB"))[0] == []


def test_undeclared_translation(seed_text):
    hits, report = findings(seed_text, Declared(provider="CNN Indonesia", credit="AFP"))
    assert report.origin_language.code == "id"
    translated = [h for h in hits if "looks translated from 'id'" in h.message]
    assert len(translated) == 1 and translated[0].text  # spans the first piece of evidence
    hits, _ = findings(seed_text, Declared(provider="CNN Indonesia", credit="AFP"), source_language="id")
    assert not [h for h in hits if "translated" in h.message]


@pytest.mark.skipif(not FORMATS.is_dir(), reason="../shared/data/external/formats not present")
@pytest.mark.parametrize("sample", ["newsml-g2/agency/dpa/belga_dpa_newsml_2_0_1_english.xml",
                                    "newsml-1.x/afp_superdesk.xml", "newsml-1.x/afp_ntb.xml",
                                    "nitf/efe_nitf.xml"])
def test_real_agency_items_that_credit_themselves_are_clean(sample):
    (article,) = iter_articles([str(FORMATS / sample)])
    report = finalise(analyse(article), article, DEFAULT)
    assert report.error is None
    assert [f.message for f in report.findings if f.code == "credit-mismatch"] == []


@pytest.mark.skipif(not FORMATS.is_dir(), reason="../shared/data/external/formats not present")
def test_real_ninjs_item_whose_body_lost_its_dpa_credit():
    """IPTC's dpa example declares dpa as copyright holder; its body never names dpa."""
    (article,) = iter_articles([str(FORMATS / "ninjs/iptc-examples-2.0/dpa_text.json")])
    report = finalise(analyse(article), article, DEFAULT)
    assert [f.message.split(":")[0] for f in report.findings if f.code == "credit-mismatch"] == [
        "the metadata declares dpa but the text never names it"]


def test_summary_counts_per_agency_declared_and_used_undeclared():
    from audit.summary import Summary

    summary = Summary()
    for text, declared in ((REUTERS_TEXT, Declared(credit="dpa")), (DPA_TEXT, Declared(credit="dpa")),
                           (REUTERS_TEXT, None)):  # no metadata: not counted either way
        article = Article(id="a", source="a", text=text, declared=declared)
        summary.add(finalise(analyse(article), article, DEFAULT).to_dict())
    assert summary.to_dict()["declared_agencies"] == {"dpa": {"declared": 2, "undeclared": 0},
                                                      "Reuters": {"declared": 0, "undeclared": 1}}


def test_the_credit_lexicon_is_extended_from_the_configuration():
    # `[lexicon.credit]` in audit.toml tunes the check like every other lexicon: a desk whose
    # licences also cover newspapers adds them to the credited types.
    from audit.config import parse_config

    text = "A court in the capital sentenced him on Tuesday, The Jakarta Post reported."
    declared = Declared(provider="dpa", credit="dpa")
    article = Article(id="a", source="a", text=text, declared=declared)
    plain = finalise(analyse(article), article, DEFAULT)
    assert not any("Jakarta Post" in f.message for f in plain.findings if f.code == "credit-mismatch")
    config = parse_config({"lexicon": {"credit": {"credited_types": ["newspaper"]}}}, "audit.toml")
    article = Article(id="a", source="a", text=text, declared=Declared(provider="dpa", credit="dpa"))
    tuned = finalise(analyse(article, config), article, config)
    assert any("Jakarta Post" in f.message for f in tuned.findings if f.code == "credit-mismatch")
