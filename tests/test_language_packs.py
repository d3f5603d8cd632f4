"""Every language pack's own examples, run by one generic test (the LanguageTool discipline).

Each ``[[examples]]`` entry of ``audit/data/languages/<code>.toml`` carries a sentence the pack
must flag (``flag``, with the ``span`` and ``suggestion`` expected) and one it must leave alone
(``ok``). Adding a language means adding data with its examples, not writing tests. Besides,
the packs together must stay silent on real clean English, and the pipeline must infer each
pack's language from a machine-translated article and keep only that pack's findings.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from audit import languages, provenance
from audit.checks import REGISTRY, CheckContext, run_check
from audit.config import parse_config
from audit.model import Article
from audit.pipeline import analyse
from conftest import DATA_DIR, read_lines

CHECKS = ("untranslated-token", "locale-convention")
EXAMPLES = [(code, i, example) for code, pack in sorted(languages.builtin_packs().items())
            for i, example in enumerate(pack.get("examples", []))]


def _findings(check: str, text: str, origin: str | None):
    ctx = CheckContext(text=text, language="en", source_language=origin)
    return run_check(REGISTRY[check], ctx)


def test_every_pack_has_examples_for_what_it_holds():
    """A pack without examples for a section it fills is an untested pack."""
    needed = {"untranslated": "untranslated-token", "provenance": "attribution"}
    for code, pack in languages.builtin_packs().items():
        checks = {e["check"] for e in pack.get("examples", [])}
        for section, check in needed.items():
            held = pack.get(section, {})
            if section == "provenance":
                held = {"frames": held.get("frames", [])}
            has_entries = any(isinstance(v, (dict, list)) and v for v in held.values())
            if has_entries:
                assert check in checks, f"{code}: [{section}] has no {check} example"


@pytest.mark.parametrize("code, index, example", EXAMPLES,
                         ids=[f"{c}-{i}" for c, i, _ in EXAMPLES])
def test_pack_example(code, index, example):
    check = example["check"]
    if check == "attribution":
        registry = provenance.load_registry()
        found = provenance.find_attributions(example["flag"], registry)
        assert (example["agency"], example["kind"]) in [(a.agency, a.kind) for a in found], found
        assert provenance.find_attributions(example["ok"], registry) == []
        return
    if "language" in example:   # a check of originals in that language
        ctx = lambda text: CheckContext(text=text, language=example["language"])  # noqa: E731
        found = run_check(REGISTRY[check], ctx(example["flag"]))
        assert example["span"] in [f.text for f in found], found
        assert run_check(REGISTRY[check], ctx(example["ok"])) == []
        return
    origin = example.get("origin", code)
    found = _findings(check, example["flag"], origin)
    hits = [(f.text, f.suggestion) for f in found]
    assert example["span"] in [t for t, _ in hits], (example["flag"], hits)
    if "suggestion" in example:
        assert (example["span"], example["suggestion"]) in hits, hits
    flagged = next(f for f in found if f.text == example["span"])
    assert flagged.evidence is not None and code in flagged.evidence.languages
    # the must-not-flag sentence: silent with this origin and with the origin unknown
    assert _findings(check, example["ok"], origin) == []
    assert [f.text for f in _findings(check, example["ok"], None)] == []


def test_user_config_extends_and_prunes_a_pack():
    config = parse_config({"lexicon": {"languages": {
        "es": {"untranslated": {"function": {"pues": "well"}}, "remove": ["según"]}}}})
    text = "The deal, según the minister, is pues final."
    default = {f.text: f.suggestion for f in run_check(REGISTRY["untranslated-token"],
               CheckContext(text=text, language="en", source_language="es"))}
    custom = {f.text: f.suggestion for f in run_check(REGISTRY["untranslated-token"],
              CheckContext(text=text, language="en", source_language="es", config=config))}
    # "pues" is found by the frequency fallback anyway; the user's entry gives its English
    assert default["según"] == "according to" and default.get("pues") is None
    assert custom["pues"] == "well" and "según" not in custom


def test_user_config_adds_a_language_and_switches_one_off():
    config = parse_config({"lexicon": {"languages": {
        "nl": {"name": "Dutch", "untranslated": {"function": {"volgens": "according to"}}},
        "remove": ["tr"]}}})
    assert "nl" in languages.codes(config) and "tr" not in languages.codes(config)
    found = run_check(REGISTRY["untranslated-token"], CheckContext(
        text="The cabinet fell, volgens the broadcaster NOS.", language="en", source_language="nl",
        config=config))
    assert [(f.text, f.suggestion) for f in found] == [("volgens", "according to")]
    assert "Dutch" in found[0].message


def test_detector_aliases_map_to_packs():
    assert languages.canonical("ms") == "id"
    assert languages.canonical("zh-cn") == "zh"
    assert languages.canonical("ko") == "ko"   # no pack: the code itself
    assert languages.canonical(None) is None


# --- machine-translated articles through the pipeline ----------------------------------------

MT_CASES = [
    ("es", "MADRID (EFE) - El presidente Pedro Sánchez said on Tuesday that the government "
           "will approve the plan, según sources in the Moncloa. Relations with EE.UU. have "
           "improved since enero, he added."),
    ("fr", "PARIS (AFP) - M. Macron said on Monday that the reform would go ahead, selon "
           "the Elysee. Some 300 000 people marched in Paris, and the Premier ministre will "
           "speak at 20 h 35."),
    ("de", "BERLIN (dpa) - Bundeskanzler Olaf Scholz und his ministers met on 20.12.2023 to "
           "discuss the budget. Some 20.000 people protested, the Polizei said. The session "
           "began at 14.30 o'clock."),
    ("tr", "ANKARA (AA) - Cumhurbaşkanı Erdoğan met ABD officials on 6 Şubat to discuss the "
           "F-16 sale, the ministry said in a statement on 20.12.2023."),
    ("id", "Jakarta, CNN Indonesia -- Presiden Joko Widodo dan his ministers met on Wednesday "
           "(20/12) at 20:35 IWST to discuss the budget of Rp 1.500.000."),
]


@pytest.mark.parametrize("code, text", MT_CASES, ids=[c for c, _ in MT_CASES])
def test_pipeline_infers_the_pack_language_and_follows_it(code, text):
    report = analyse(Article(id=code, source="test", text=text))
    assert report.origin_language is not None and report.origin_language.code == code
    langs = {lang for f in report.findings if f.evidence and not f.evidence.shared
             for lang in f.evidence.languages}
    assert langs == {code}, [(f.text, f.evidence) for f in report.findings]


def test_shared_conventions_alone_do_not_make_an_origin():
    text = ("The economy grew 2,5 percent last year and the harvest reached 1.500.000 tonnes, "
            "the statistics office said. Inflation eased to 3,1 percent in the year to "
            "November, the lowest since 2021.")
    report = analyse(Article(id="x", source="test", text=text))
    assert report.origin_language is None
    assert [f.text for f in report.findings if f.code == "locale-convention"] == \
        ["2,5", "1.500.000", "3,1"]
    assert "Indonesian way" not in " ".join(f.message for f in report.findings)


def test_an_english_service_dateline_is_weak_evidence():
    text = ("BEIJING, Dec. 20 (Xinhua) -- China's exports rose in November, official data "
            "showed on Wednesday, as demand from Southeast Asia picked up.")
    report = analyse(Article(id="x", source="test", text=text))
    assert report.origin_language is None


# --- real clean English must not trigger any pack ---------------------------------------------

def _bbc_texts(limit: int) -> list[str]:
    path = Path(DATA_DIR).parent / "external" / "en_bbc_fulltext.jsonl"
    if not path.is_file():
        pytest.skip(f"real data not found at {path}")
    texts = []
    with open(path, encoding="utf-8") as handle:
        for line in handle:
            texts.append(json.loads(line)["text"])
            if len(texts) >= limit:
                break
    return texts


def test_clean_bbc_english_triggers_no_pack():
    """Every pack at once, as for an article of unknown origin, on real BBC articles: no
    left-over word, and no origin inferred."""
    false = []
    for text in _bbc_texts(300):
        report = analyse(Article(id="bbc", source="bbc", text=text))
        false += [(f.code, f.text) for f in report.findings
                  if f.code == "untranslated-token"]
        if report.origin_language is not None:
            false.append(("origin", report.origin_language.code))
    assert len(false) <= 1, false


def test_clean_news_sentences_trigger_no_pack():
    lines = read_lines("news_valid.en")
    text_hits = []
    for line in lines[:1500]:
        for check in CHECKS:
            text_hits += [(f.text, line) for f in _findings(check, line, None)
                          if f.evidence is not None and "id" not in f.evidence.languages
                          and not f.evidence.shared]
    assert len(text_hits) <= 1, text_hits


def test_a_french_original_is_checked_with_french_rules():
    text = ("PARIS (AFP) - Le gouvernement a prévenu : la réforme des retraites passera. "
            "Selon l'AFP, 300 000 personnes ont manifesté ; le bilan est de 2,5 millions !")
    report = analyse(Article(id="fr", source="test", text=text))
    assert report.language.code == "fr"
    assert [f.code for f in report.findings] == []
    assert {"untranslated-token", "locale-convention", "missing-space"} <= set(
        report.checks_not_applied)
    assert ("AFP", "according_to") in [(a.agency, a.kind) for a in report.attributions]


# --- issue 10: read in context ------------------------------------------------------------------

@pytest.mark.parametrize("text", [
    # the Spanish sports daily, in a BBC football story: no Indonesian context, no "US"
    "There is little coverage of the racist chanting. But AS does cover the English reaction "
    "to the pre-match ceremony, and Marca is more outspoken.",
    "The euro rose to $1.364 per euro-dollar trading on Friday, and to $1.3640 against the "
    "dollar later.",
])
def test_no_finding_without_the_source_language_context(text):
    report = analyse(Article(id="x", source="test", text=text))
    assert [f.text for f in report.findings if f.code in CHECKS] == []


def test_an_exchange_rate_is_not_a_thousands_dot():
    assert _findings("locale-convention", "The euro was worth $1.364 per euro last year.",
                     None) == []


def test_a_dropped_zero_is_not_corrected_to_a_decimal():
    (found,) = _findings("locale-convention",
                         "The suits sold for $110,00 (£59,000) at a US auction.", None)
    assert found.text == "110,00" and found.suggestion is None and "110,000" in found.message


def test_the_same_word_order_is_indonesian_on_its_own():
    report = analyse(Article(id="x", source="test",
                             text="Media AS Axios reported that the talks had stalled."))
    assert [f.text for f in report.findings if f.code == "untranslated-token"] == ["AS"]


# --- back-translation: the route from the inferred origin, for every pack ----------------------

@pytest.mark.parametrize("code", sorted(languages.builtin_packs()))
def test_the_round_trip_goes_through_the_origin_and_names_the_models(code):
    from audit.backtranslate.plan import plan_article
    plan = plan_article("en", code, via=None, by_pair={})
    assert plan.direction == f"en→{code}→en"
    assert plan.install == [f"audit models install en {code}", f"audit models install {code} en"]
