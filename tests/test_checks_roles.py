"""``role-confusion``: captor and captive swapped or blurred, agencies named as people.

Every behaviour has inputs that must trigger it (exact span, severity and suggestion) and
correct usage that must not, including a whole-corpus false-positive bound on real news.
"""

from __future__ import annotations

import pytest

from audit.checks import REGISTRY, CheckContext, run_check
from audit.config import parse_config
from conftest import read_lines


def findings(text: str, config=None):
    ctx = CheckContext(text=text, language="en", **({"config": config} if config else {}))
    return run_check(REGISTRY["role-confusion"], ctx)


def one(text: str, config=None):
    found = findings(text, config)
    assert len(found) == 1, [(f.text, f.message) for f in found]
    return found[0]


# --- the seed article ----------------------------------------------------------------------

def test_seed_article_findings(seed_text):
    found = findings(seed_text)
    got = [(f.text, f.severity, f.suggestion) for f in found]
    assert got == [
        ("Hamas hostages and Israeli prisoners", "major",
         "hostages held by Hamas and Palestinian prisoners held by Israel"),
        ("Mossad", "minor", "the head of Mossad"),
        ("Hamas hostages", "minor", "hostages held by Hamas"),   # families of the Hamas hostages
        ("Hamas hostages", "minor", "hostages held by Hamas"),   # release of 80 Hamas hostages
        ("Hamas hostages", "minor", "hostages held by Hamas"),   # release 40 Hamas hostages
    ]
    for f in found:
        assert seed_text[f.start:f.end] == f.text
        assert f.category == "accuracy/mistranslation"
    pair = seed_text.index("Hamas hostages and Israeli prisoners")
    assert found[0].start == pair
    assert found[0].end == pair + len("Hamas hostages and Israeli prisoners")
    mossad = seed_text.index("Mossad, to Qatar")
    assert (found[1].start, found[1].end) == (mossad, mossad + len("Mossad"))
    assert [f.start for f in found[2:]] == [
        seed_text.index("Hamas hostages that he had sent"),
        seed_text.index("Hamas hostages as well as"),
        seed_text.index("Hamas hostages consisting")]


def test_seed_correct_usage_is_left_alone(seed_text):
    reported = {f.start for f in findings(seed_text)}
    for correct in ("Mossad officials", "the head of Mossad", "Mossad Director David Barnea",
                    "240 Palestinians arrested by Israel", "(CIA) Director Bill Burns",
                    "hostage exchange with Israel", "freeing the hostages"):
        start = seed_text.index(correct)
        assert not any(start <= s < start + len(correct) for s in reported), correct


# --- inversions ----------------------------------------------------------------------------

@pytest.mark.parametrize("text, span, suggestion", [
    ("They agreed to release Hamas hostages and Israeli prisoners.",
     "Hamas hostages and Israeli prisoners",
     "hostages held by Hamas and Palestinian prisoners held by Israel"),
    ("Talks on swapping 50 Hamas hostages for 150 Israeli prisoners resumed.",
     "Hamas hostages for 150 Israeli prisoners",
     "hostages held by Hamas for 150 Palestinian prisoners held by Israel"),
    ("The release of Israeli prisoners in exchange for Hamas hostages was delayed.",
     "Israeli prisoners in exchange for Hamas hostages",
     "Palestinian prisoners held by Israel in exchange for hostages held by Hamas"),
    ("The deal frees Israeli prisoners held by Israel.",
     "Israeli prisoners held by Israel", "Palestinian prisoners held by Israel"),
    ("Kyiv said Russian prisoners of war held by Russia were mistreated.",
     "Russian prisoners of war held by Russia", "Ukrainian prisoners of war held by Russia"),
    ("Ukrainian POWs held by Ukraine were exchanged.",
     "Ukrainian POWs held by Ukraine", "Russian POWs held by Ukraine"),
])
def test_inverted_roles_are_major(text, span, suggestion):
    f = one(text)
    assert (f.text, f.severity, f.suggestion) == (span, "major", suggestion)
    assert (f.start, f.end) == (text.index(span), text.index(span) + len(span))
    assert f.message.startswith("Roles inverted")


def test_inverted_pair_far_apart_in_one_sentence_is_reported_twice():
    text = ("Hamas hostages will go home on Friday under the long-negotiated agreement brokered "
            "by Qatar, and in return Israeli prisoners will be released.")
    found = findings(text)
    assert [(f.text, f.severity) for f in found] == [("Hamas hostages", "major"),
                                                       ("Israeli prisoners", "major")]


def test_phrases_in_different_sentences_are_only_ambiguous():
    found = findings("Hamas hostages were freed. Israeli prisoners were freed too.")
    assert [(f.text, f.severity) for f in found] == [("Hamas hostages", "minor"),
                                                       ("Israeli prisoners", "minor")]


# --- ambiguous holder-as-modifier ----------------------------------------------------------

@pytest.mark.parametrize("text, span, suggestion", [
    ("The release of 80 Hamas hostages was confirmed.", "Hamas hostages", "hostages held by Hamas"),
    ("He met the Hamas hostages' families.", "Hamas hostages", "hostages held by Hamas"),
    ("A Hamas hostage was freed on Sunday.", "Hamas hostage", "hostage held by Hamas"),
    ("Hamas Hostages Freed", "Hamas Hostages", "Hostages held by Hamas"),
    ("Israel freed 39 Israeli prisoners on Friday.", "Israeli prisoners",
     "Palestinian prisoners held by Israel"),
    ("Israeli prisoners in Israeli jails went on strike.", "Israeli prisoners",
     "Palestinian prisoners held by Israel"),
    ("Hamas and Islamic Jihad hostages were moved.", "Hamas and Islamic Jihad hostages",
     "hostages held by Hamas and Islamic Jihad"),
    ("Three Hamas hostages returned to Israel in the fourth exchange.", "Hamas hostages",
     "hostages held by Hamas"),
    ("The Abu Sayyaf hostages were freed in Sulu on Sunday.", "Abu Sayyaf hostages",
     "hostages held by Abu Sayyaf"),
    ("The ASG hostages included two sailors.", "ASG hostages",
     "hostages held by the Abu Sayyaf Group"),
])
def test_holder_as_modifier_is_ambiguous(text, span, suggestion):
    f = one(text)
    assert (f.text, f.severity, f.suggestion) == (span, "minor", suggestion)
    assert f.start == text.index(span)
    assert f.message.startswith("Ambiguous role")


# --- agency as a person --------------------------------------------------------------------

@pytest.mark.parametrize("text, span, suggestion", [
    ("Israel canceled a planned visit by their top intelligence official, Mossad, to Qatar.",
     "Mossad", "the head of Mossad"),
    ("Their spy chief, the CIA, flew to Doha.", "the CIA", "the head of the CIA"),
    ("The talks were led by the country's spy chief Mossad.", "Mossad", "the head of Mossad"),
    ("He met the anti-graft official, KPK, on Monday.", "KPK", "the head of the KPK"),
])
def test_agency_named_as_a_person(text, span, suggestion):
    f = one(text)
    assert (f.text, f.severity, f.suggestion) == (span, "minor", suggestion)
    assert f.start == text.index(span)
    assert "agency, not an official" in f.message


# --- correct usage -------------------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "Hamas released 13 hostages held by Hamas since October.",
    "Seven Indonesian hostages held by Abu Sayyaf were freed.",
    "The Indonesian hostages were released by Abu Sayyaf in Sulu.",
    "The exchange freed 50 Israeli hostages and 150 Palestinian prisoners.",
    "Israel released 39 Palestinian prisoners, including women and children.",
    "Hamas prisoners in Israeli jails went on hunger strike.",
    "He had sent Mossad officials to Europe.",
    "I have sent the head of Mossad to Europe twice.",
    "Mossad Director David Barnea met CIA Director Bill Burns in Doha.",
    "The release of 240 Palestinians arrested by Israel was confirmed.",
    "Ukrainian prisoners of war held by Russia were swapped on Friday.",
    "Russia confirmed the return of the first group of Russian POWs.",
    "Ukraine and Russia exchanged prisoners of war; the Ukrainian POWs were bused home.",
    "Moscow said the plane was carrying Ukrainian prisoners.",
    "Israeli prisoners held in Gaza were shown in a video.",
    "Israeli prisoners held by Hamas were shown in a video.",
    "The Israel-Hamas hostage deal was extended.",
    "A Hamas hostage deal is close, officials said.",
    "The freed Israeli prisoner Naama Issachar flew home.",
    "Israel released Palestinian and Israeli prisoners in the amnesty.",
    "The Palestinian Prisoners' Association said seven were taken to hospital.",
    "Burns is seeking the release of Hamas-held hostages.",
    "The families of the hostages held in the Gaza Strip met Netanyahu.",
    "The Israeli intelligence agency, Mossad, declined to comment.",
    "He met the director of Israel's intelligence agency Mossad, David Barnea.",
    "The chief Mossad negotiator flew to Cairo.",
    "A senior official, the CIA and the FBI attended.",
    "Mossad, CIA chiefs to return to Qatar.",
    "JAD leader Aman Abdurrahman was sentenced.",
    "The political prisoners were released under an amnesty.",
    "The Israeli Prison Service moved the detainees.",
    "Israeli prisons are overcrowded.",
    "It is not clear whether any of the hundreds of detainees deemed by human rights "
    "groups to be political prisoners will be among those released.",  # real corpus line
    "A former British prisoner of war, whose memoir is being turned into a film, has died.",
])
def test_correct_usage_is_not_reported(text):
    assert findings(text) == []


def test_only_english_articles():
    assert REGISTRY["role-confusion"].languages == frozenset({"en"})


# --- injected inversions (what benchmarks/checks_eval.py does) -----------------------------

@pytest.mark.parametrize("clean, injected", [
    ("Qatar is mediating the release of hostages held by Hamas.",
     "Qatar is mediating the release of Hamas hostages."),
    ("Israel will free 150 Palestinian prisoners on Friday.",
     "Israel will free 150 Israeli prisoners on Friday."),
    ("Hamas freed 13 Israeli hostages while Israel freed 39 Palestinian prisoners.",
     "Hamas freed 13 Hamas hostages while Israel freed 39 Israeli prisoners."),
    ("Ukrainian prisoners of war held by Russia came home.",
     "Ukrainian prisoners of war held by Ukraine came home."),
])
def test_injected_inversions_are_caught(clean, injected):
    assert findings(clean) == []
    assert findings(injected)


# --- the lexicon is data -------------------------------------------------------------------

def test_user_config_adds_a_conflict():
    config = parse_config({"lexicon": {"roles": {"facts": {"houthi-crew": {
        "holders": ["Houthi", "Houthis"],
        "roles": ["hostages", "hostage"],
        "victims": ["Galaxy Leader", "crew"],
    }}}}})
    f = one("The Houthi hostages were finally freed.", config)
    assert (f.text, f.suggestion) == ("Houthi hostages", "hostages held by Houthi")
    assert findings("The Galaxy Leader hostages were freed.", config) == []


def test_user_config_adds_an_agency_and_removes_a_fact():
    config = parse_config({"lexicon": {"roles": {"agencies": {"names": ["BSSN"]},
                                                 "remove": ["hamas-hostages"]}}})
    f = one("Their cyber chief, BSSN, said the leak was contained.", config)
    assert f.text == "BSSN"
    assert findings("The release of 80 Hamas hostages was confirmed.", config) == []


def test_allow_names_silences_a_phrase():
    config = parse_config({"allow": {"names": ["Hamas hostages"]}})
    assert findings("The release of 80 Hamas hostages was confirmed.", config) == []


# --- real clean text -----------------------------------------------------------------------

MAX_FALSE_POSITIVES = 2  # per corpus file; 0 measured (news_valid.en, general_valid.en)


@pytest.mark.parametrize("name", ["news_valid.en", "general_valid.en"])
def test_real_corpus_sentences_and_pseudo_articles_stay_clean(name):
    lines = read_lines(name)
    on_lines = [(line, f.text) for line in lines for f in findings(line)]
    assert len(on_lines) <= MAX_FALSE_POSITIVES, on_lines
    articles = ["\n\n".join(lines[i:i + 5]) for i in range(0, len(lines) - 4, 5)]
    on_articles = [f.text for text in articles for f in findings(text)]
    assert len(on_articles) <= MAX_FALSE_POSITIVES, on_articles
