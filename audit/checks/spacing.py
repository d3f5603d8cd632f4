"""Whitespace artifacts: words glued by a lost space (``missing-space``) and stray or doubled
spaces (``spacing``).

A lost space is the commonest mechanical artifact of copy-pasted or machine-translated news
("HamasIsmail Haniyeh", "said.The", "20people"). Real names and brands also have inner capitals
(McDonald, YouTube, JPMorgan) and English has compounds (goldfish), so a token is only split
when it is *not* a known word and *both* halves are: known words come from ``wordfreq``
(English and Indonesian), with the lists in ``audit/data/spacing.toml`` for names, surname
prefixes, affixes, units and domains.
"""

from __future__ import annotations

import bisect
import marshal
import re
import sys
from functools import lru_cache
from typing import Any, Iterable, NamedTuple

from audit import cachefile, native, wordlists
from audit.checks.base import CheckContext, Hit, check
from audit.checks.lexicon import _frequencies, allowed, builtin, compiled, zipf
from audit.text import unlisted

# The compiled tokeniser (audit/_native/text.c): its ``spacing_hints`` answers in one pass what
# the hint patterns below answer (``_GLUE_HINT``, ``_DOUBLE_SPACE_HINT``, ...), as these bits;
# without it (audit/native.py) the patterns run.
_NATIVE = native.load("_native_text")
HINT_GLUE, HINT_DOUBLE_SPACE, HINT_SPACE_BEFORE, HINT_OPEN_SPACE = 1, 2, 4, 8

KNOWN = 2.0          # a whole token at or above this Zipf frequency is a real word or name
HALF = 3.0           # each half of a glued pair must be at least this common
CONTENT_HALF = 3.5   # ... and a little more when neither half is a function word
RARE_HALF = 2.3      # a long word next to a function word may be rarer ("ofcassava")
GAP = 3.0            # web junk such as "ofthe" is this much rarer than its rarer half
WEB_JUNK = 3.6       # ... and never more common than this ("ofthe" is 3.3)
JUNK_CAP = 2.0       # ... unless a determiner follows a function word: "anew", "onus" are words
PRODUCTIVE = 3       # halves that each start/end this many real words form compounds
NAME_RUN_HALF = 4.0  # a word this common glued to "in"/"is"/"to" inside a run of names
VERY_COMMON = 4.5    # a three-letter half this common may follow "A"/"The": "Acar", "Theaid"
LONG_RARE = 8        # a lower-case half this long ...
LONG_RARE_HALF = 2.5  # ... may be this rare beside a common word: "oathpledging"
EVIDENCE_HALF = 3    # each half of a split the article proves is at least this long,
EVIDENCE_WORD = 4.0  # the word it proves it by rarer than this in English (a name),
EVIDENCE_RIGHT = 4.0  # and a lower-case right half at least this common
TITLE_HALF = 4.3     # two Title Case words this common glued once: "SecurityCouncil"
FUNCTION_CUT_HALF = 4  # a compound that outweighs a split at a function word has halves
FUNCTION_CUT_ZIPF = 4.0  # ... this long and this common: "chat"+"show" (not "trade"+"rand")
REPEATED = 2         # a capitalised or numbered token spelled so this often is a name


class Lexicon(NamedTuple):
    names: frozenset[str]
    name_prefixes: frozenset[str]
    prefixes: frozenset[str]
    suffixes: frozenset[str]
    real_words: frozenset[str]
    units: frozenset[str]
    letter_prefixes: frozenset[str]
    tlds: frozenset[str]
    function_words: frozenset[str]
    months: frozenset[str]
    name_endings: frozenset[str]
    inflections: tuple[str, ...]
    bound_prefixes: frozenset[str]
    verbs_after_names: frozenset[str]
    place_words: frozenset[str]
    institution_heads: frozenset[str]
    weekdays: frozenset[str]
    naming_words: frozenset[str]


def _build(data: dict[str, Any]) -> Lexicon:
    def low(key: str) -> frozenset[str]:
        return frozenset(str(v).lower() for v in data.get(key, []))
    return Lexicon(low("names"), low("name_prefixes"), low("prefixes"), low("suffixes"),
                   low("real_words"), low("units"), low("letter_prefixes"), low("tlds"),
                   low("function_words"), low("months"), low("name_endings"),
                   tuple(sorted(low("inflections"), key=len, reverse=True)),
                   low("bound_prefixes"), low("verbs_after_names"), low("place_words"),
                   low("institution_heads"), low("weekdays"), low("naming_words"))


@lru_cache(maxsize=1 << 16)  # the same words recur across a batch: one look-up each
def _known(word: str) -> float:
    """How common ``word`` (lower case) is in English or Indonesian text."""
    return max(zipf(word, "en"), zipf(word, "id"))


# --- compounds ---------------------------------------------------------------------------------

# The sorted vocabulary costs ~0.15 s to build (filtering English's 321,000 words, two sorts)
# and ~0.015 s to read back: it is kept in a per-machine cache file, keyed by the word list it
# was built from (path, size, modification time), written by ``save`` at the end of a run.
VOCABULARY_FORMAT = 1
_VOCABULARY = cachefile.Store("compound-vocabulary", VOCABULARY_FORMAT,
                              f"{sys.implementation.cache_tag}-marshal{marshal.version}", 4)


@lru_cache(maxsize=1)
def _sorted_vocabulary() -> tuple[list[str], list[str]]:
    """English words with Zipf >= 2, sorted forwards and reversed, for prefix/suffix counts."""
    key = _vocabulary_key()
    found = _VOCABULARY.get(key) if key is not None else None
    if isinstance(found, tuple) and len(found) == 2 and all(type(v) is list for v in found):
        return found
    floor = 10 ** (2.0 - 9)
    vocab = [w for w, f in _frequencies("en").items() if f >= floor and w.isalpha()]
    built = sorted(vocab), sorted(w[::-1] for w in vocab)
    if key is not None:
        _VOCABULARY.add(key, built)
    return built


def save() -> None:
    """Write the compound vocabulary built in this process, if the cache file lacks it
    (with the other per-machine caches, after the report: audit/batch.py)."""
    _VOCABULARY.save()


def _vocabulary_key() -> tuple | None:
    """What the vocabulary is built from: the English word list's file, as it is now."""
    path = wordlists._file("en")  # noqa: SLF001 - the file zipf_table("en") reads
    if path is None:
        return None
    try:
        stat = path.stat()
    except OSError:
        return None
    return (str(path), stat.st_size, stat.st_mtime_ns, "zipf>=2 alphabetic")


@lru_cache(maxsize=4096)
def _productivity(half: str, left: bool, suffixes: frozenset[str]) -> int:
    """How many real words are ``half`` + another word (left) or another word + ``half``.

    "yellow"+"fish", "sail"+"craft" and "pay"+"tables" are productive on both sides (goldfish,
    spacecraft, timetables; sailboat, payday...), so "yellowfish" is a compound, not a glued
    pair; "tobacco"+"sponsorship" is productive on neither side.
    """
    forward, backward = _sorted_vocabulary()
    key = half if left else half[::-1]
    table = forward if left else backward
    i = bisect.bisect_left(table, key)
    count = 0
    while i < len(table) and table[i].startswith(key) and count < PRODUCTIVE:
        word = table[i] if left else table[i][::-1]
        rest = word[len(half):] if left else word[: len(word) - len(half)]
        if len(rest) >= 3 and rest not in suffixes and zipf(rest) >= HALF:
            count += 1
        i += 1
    return count


def _compound(left: str, right: str, lex: Lexicon) -> bool:
    if left in lex.prefixes or right in lex.suffixes:
        return True
    return (_productivity(left, True, lex.suffixes) >= PRODUCTIVE
            and _productivity(right, False, lex.suffixes) >= PRODUCTIVE)


@lru_cache(maxsize=4096)
def _compound_at_some_cut(whole: str, lex: Lexicon, against_function_word: bool = False) -> bool:
    """Does some cut of ``whole`` make a compound: a known word before a compound head, or
    two productive halves? A split reads a token at its best cut ("rocks"+"cape",
    "mails"+"hot"); when another cut is a compound ("rock"+"scape", "mail"+"shot") the
    token is one word, not two glued. Function words are no compound halves.

    Against a split at a function word ("chats"+"how") only two common, productive halves
    of ``FUNCTION_CUT_HALF`` letters count ("chat"+"show"; not "die"+"din" in "diedin" or
    "trade"+"rand" in "traderand")."""
    shortest = FUNCTION_CUT_HALF if against_function_word else 3
    for k in range(shortest, len(whole) - shortest + 1):
        left, right = whole[:k], whole[k:]
        if zipf(left) < HALF or left in lex.function_words or right in lex.function_words:
            continue
        if against_function_word:
            if (min(zipf(left), zipf(right)) >= FUNCTION_CUT_ZIPF
                    and _productivity(left, True, lex.suffixes) >= PRODUCTIVE
                    and _productivity(right, False, lex.suffixes) >= PRODUCTIVE):
                return True
        elif (right in lex.suffixes and len(right) >= 4
              or zipf(right) >= HALF and _compound(left, right, lex)):
            return True
    return False


# --- missing-space ---------------------------------------------------------------------------

_APOSTROPHES = "'’`"
_CAMEL = re.compile(r"(?<=[a-z])(?=[A-Z])")
_CAPS_LOWER = re.compile(r"^([A-Z]{2,})([a-z]{3,})$")            # "UEFAfines", "USembassy"
_CAPS_FUNCTION = re.compile(r"^([A-Z]{2,})([a-z]{2})$")          # "USon", "AMto"
_CAPS_TITLE = re.compile(r"^([A-Z]{2,})([A-Z][a-z]{2,})$")       # "CNNIndonesia"
_ARTICLE_TITLE = re.compile(r"^([AI])([A-Z][a-z]{2,})$")         # "ACanadian", "ABank"
# "20people", "H5N1virus", "1x3wagon", "2007about" / "in2019", "the1970s", "averaging10".
_DIGITS_WORD = re.compile(r"^(.*\d)([^\W\d_]+)$")
_WORD_DIGITS = re.compile(r"^([^\W\d_]+)(\d[\d,]*(?:[^\W\d_]{1,3})?)$")
_WORD_IN_NUMBER = re.compile(r"[^\W\d_]{3}")   # "Freedom2surf", "One2One" (not "H5N1virus")
_ORDINAL_TAIL = re.compile(r"\d(?:st|nd|rd|th|s)?$")
# "said.The", "Raya.Thus", "well-being.Safe", "why?The", "tricks.SeaWorld" (not "U.S.", "e.g.",
# "Kompas.com", "1.5", "S.League").
_SENTENCE_GLUE = re.compile(
    r"(?<![\w.@/:])([^\W\d_]*[a-z])([.!?])([A-Z][a-z]+(?:[A-Z][a-z]+)?)"
    r"(?![\w@/]|\.[^\W\d_])")
# "shortages,rising", "So,the", "Cain,a", "Kompas.com,the", "mine,KGHM", "singer,who's",
# "addition,we'll", "demonstration,I'll" (not "1,500", "h,j,k").
_CONTRACTION = r"['’](?:s|ll|re|ve|d|m)(?![\w'’])"
_COMMA_GLUE = re.compile(
    r"(?<![\w,@/])([^\W\d_]*[a-z])(,)((?:[^\W\d_][^\W\d_]+|[aI](?= |" + _CONTRACTION + r")))"
    r"(?:(?![\w'’]|,\w)|(?=" + _CONTRACTION + r"))")
_TOKEN_PART = re.compile(r"[^\-'’`.]+")
# text[..start] is inside a markup attribute's value: face="verdana,MS Sans Serif,arial"
_ATTRIBUTE_VALUE = re.compile(r"\w=[\"']+[^\"'<>=]*\Z").search
_CLITICS = ("s", "ve", "re", "ll", "d", "t", "m")
# Adjectives of place and institution ("European", "Chinese", "Eastern", "Provincial"): a
# brand is rarely built on one, a multi-word name glued together often is.
_DEMONYM = re.compile(r"(?:[^aeiou]an|ian|ese|ish|ern|[^i]al|ic)$")
_ORDINAL_TITLE = re.compile(r"^(\d+(?:st|nd|rd|th))([A-Z][a-z]{2,})$")
_GLUED_AFTER_FUNCTION_WORD = frozenset({"the", "a", "an", "this", "his", "my", "its", "their",
                                        "our", "your", "is", "be"})
_TITLES = frozenset({"mr", "mrs", "ms", "dr", "prof", "president", "minister", "governor",
                     "king", "queen", "prince", "sheikh", "general", "gen", "pak", "bu", "sri",
                     "jl", "jln", "ir", "hj"})


def _known_whole(whole: str, z_left: float, z_right: float, cap: float = WEB_JUNK) -> bool:
    """Is the unsplit token itself a word? Web misspellings like "ofthe" are in the frequency
    list too, so the bar rises with how common the halves are (but stays between 1 and
    ``cap``)."""
    bar = min(cap, max(1.0, min(z_left, z_right) - GAP))
    return _known(whole) >= bar


def _name_like(word: str) -> bool:
    """Rare in English, or as common in Indonesian text as in English: a name, not a noun."""
    en, id_ = zipf(word, "en"), zipf(word, "id")
    return en < HALF or id_ >= en - 0.3


def _camel_name_like(word: str) -> bool:
    """``_name_like``, but a common English word that Indonesian copy borrows ("scan",
    "view") is not a name: "GlobeScan" is a brand of two English words."""
    en, id_ = zipf(word, "en"), zipf(word, "id")
    return en < HALF or id_ - en >= -0.3 - 1e-9 and (en < 4.0 or id_ > en)


def _article_fits(article: str, next_word: str) -> bool:
    """"a" before a consonant, "an" before a vowel: "publican comes" is not "public an"."""
    if not next_word or not next_word[0].isalpha():
        return bool(next_word) and next_word[0].isdigit()
    first = next_word[0].lower()
    if article == "a":
        return first not in "aei"
    return first in "aeiouh"


class Place(NamedTuple):
    """Where a token stands: it decides how much a capitalised token may be a name."""

    initial: bool        # first word of its sentence ("Thefirst torchbearer ...")
    name_context: bool   # a capitalised or title word next to it ("Thein Sein")
    next_word: str


def _name_then_verb(lo_l: str, lo_r: str, whole: str, lex: Lexicon) -> bool:
    """A name glued to the verb that follows it in news copy: "Ramlistated", "Mingsaid",
    "Solihinadded", "Brahimihas" (names wordfreq has never seen included)."""
    return (lo_r in lex.verbs_after_names and len(lo_l) >= 4 and _known(whole) == 0.0
            and not any(whole.endswith(e) and e != lo_r for e in lex.name_endings))


def _split_hit(left: str, right: str, whole: str, lex: Lexicon, capitalised: bool,
               place: Place) -> bool:
    """Do the halves of an unknown all-lower or Title-case token look like two glued words?

    Halves must be English words. A function word on either side is strong evidence (the
    whole token may then even be a rare web misspelling such as "ofthe", as long as it is far
    rarer than its halves), and the other half may be a rarer word when it is long
    ("fromunderprivileged"). Two content words must make a token that no frequency list has
    seen and that is not a compound ("goldfish"). Capitalised tokens are mostly names, so a
    capitalised function word counts only at the start of a sentence ("Thefirst", not
    "Heron" or "Orable"), and names ending in a content word ("Lionstone") are left alone.
    """
    lo_l, lo_r = left.lower(), right.lower()
    fl, fr = lo_l in lex.function_words, lo_r in lex.function_words
    if len(lo_l) == 1 and capitalised and lo_l == "a":
        # "Ahuge explosion", "Agunman has": only at a sentence start, before a common word.
        return (place.initial and (len(lo_r) >= 4 and zipf(lo_r) >= CONTENT_HALF
                                   or len(lo_r) == 3 and zipf(lo_r) >= VERY_COMMON)
                and not _name_like(lo_r) and _known(whole) == 0.0)
    if len(lo_l) == 1 and capitalised and lo_l == "i":
        # "Last year, Isold 40 trees": "I" and a common word no list has seen glued.
        return (len(lo_r) >= 4 and zipf(lo_r) >= 4.0 and not _name_like(lo_r)
                and _known(whole) == 0.0 and not place.name_context)
    if len(lo_l) == 1 and (lo_l not in ("a", "i") or capitalised):
        return False
    if len(lo_r) == 1 and (lo_r != "a" or capitalised):
        return False
    if lo_r in ("a", "an") and (capitalised or not _article_fits(lo_r, place.next_word)):
        return False  # "publican comes"; "Betawian", "Sumatran" are demonyms
    if capitalised and not place.initial and _name_then_verb(lo_l, lo_r, whole, lex):
        return True
    zl, zr = zipf(lo_l), zipf(lo_r)
    if fl or fr:
        zl, zr = max(zl, _stem_zipf(lo_l, lex)), max(zr, _stem_zipf(lo_r, lex))
        other, z_other = (lo_r, zr) if fl else (lo_l, zl)
        if fl and fr:
            z_other = min(zl, zr)
        # Only a determiner or "is"/"be" glued after a function word ("ofthe", "ofa",
        # "tomy", "itis", "tobe") is common enough on the web to pass for a word; any other
        # token the list knows is one ("anew", "onus", "atone", "seethe", "winsome", "ingot").
        if lo_l in lex.bound_prefixes and not fr and (_known(whole) > 0.0 or len(lo_r) >= 6) \
                or len(lo_r) >= 4 and lo_r in lex.suffixes:
            # "underpriced", "overbalancing", "oversentimental": a prefix before a long word
            # makes a derivation; "weblogger": a compound head
            return False
        junk = fl and lo_r in _GLUED_AFTER_FUNCTION_WORD and (not capitalised or place.initial)
        if _known_whole(whole, zl, zr, WEB_JUNK if junk else JUNK_CAP) \
                or _compound_at_some_cut(whole, lex, against_function_word=True):
            return False
        if capitalised:
            return _capitalised_function_split(lo_l, lo_r, fl, fr, zl, zr, whole, place,
                                               lex.name_endings)
        if fl and fr:
            return True
        if len(other) < 3:
            return False
        if len(other) == 3:
            return z_other >= 4.0            # not "sep"+"at", "abs"+"it"
        # A long word after a function word may be rare ("ofcassava"); before one it may
        # not: Latin and names end in "-us", "-is", "-a" ("publicanus", "sumatranus").
        rare_ok = len(other) >= 6 and (fl or len(lo_r) >= 3)
        return z_other >= (RARE_HALF if rare_ok else HALF)
    if _known(whole) > 0.0 or not _common_halves(lo_l, lo_r, zl, zr, capitalised):
        return False
    if capitalised:
        # "Olympicflame", "Chinesecity": a name or word, then an ordinary English word.
        if place.name_context and not _glued_after_name(lo_l, lo_r, zr, whole, lex):
            return False
        if len(lo_l) < (3 if place.initial else 4) or zr < CONTENT_HALF:
            return False  # "Sixarrested" at a sentence start; not "Talago" inside a name
        if not (place.initial or place.name_context or _DEMONYM.search(lo_l)
                or place.next_word == "of"):
            # "Featherboy", "Shadowcrew", "the Hackarmy trojan": a one-word name (but "the
            # Towncharter of 1156" is a common noun phrase)
            return False
        if len(lo_r) < 4 and (len(lo_r) < 3 or zr < 4.5):
            return False                     # "Iranianoil", "Britainsay"
        if _name_like(lo_r) or any(whole.endswith(e) and len(whole) - len(e) >= 3
                                   for e in lex.name_endings):
            return False                     # "Lionstone", "Sunteragung": name-like endings
        return not (_compound(lo_l, lo_r, lex) or _compound_at_some_cut(whole, lex))
    if not (_content_half(lo_l, zl) and _content_half(lo_r, zr)):
        return False
    return not (_compound(lo_l, lo_r, lex) or _compound_at_some_cut(whole, lex))


def _common_halves(lo_l: str, lo_r: str, zl: float, zr: float, capitalised: bool) -> bool:
    """Are two content words common enough to be glued words rather than one rare word?
    Both of Zipf ``HALF``; in lower case a long word may be rarer beside a common one
    ("oathpledging", "parkedhaphazardly", "widowdenounces"): long rare words are seldom
    the parts of a compound."""
    if min(zl, zr) >= HALF:
        return True
    rare, z_rare, z_other = (lo_l, zl, zr) if zl < zr else (lo_r, zr, zl)
    return (not capitalised and len(rare) >= LONG_RARE and z_rare >= LONG_RARE_HALF
            and z_other >= CONTENT_HALF)


def _glued_after_name(lo_l: str, lo_r: str, zr: float, whole: str, lex: Lexicon) -> bool:
    """Inside a run of names, a demonym or a long name glued to a long, ordinary lower-case
    word: "South Koreanwarship", "new Iransanction call", "Cabernet Sauvignonvineyard"."""
    return (len(lo_r) >= 5 and zr >= HALF and not _name_like(lo_r) and _known(whole) == 0.0
            and (bool(_DEMONYM.search(lo_l)) or len(lo_l) >= 4 and _name_like(lo_l))
            and not any(whole.endswith(e) for e in lex.name_endings))


def _stem_zipf(word: str, lex: Lexicon) -> float:
    """The frequency of ``word`` without an inflection ("kiosks" → "kiosk"), or 0."""
    best = 0.0
    for ending in ("s", "es", "ed"):
        if word.endswith(ending) and len(word) - len(ending) >= 4:
            best = max(best, zipf(word[: len(word) - len(ending)]))
    return best


def _inflected(word: str, lex: Lexicon) -> bool:
    """A known word with an inflection or agent ending: "overtimes" (overtime), "contactor"
    (contact + -or, itself in the frequency list), "undervalued" (undervalue), "doorstepping"
    (doorstep, its last consonant doubled before the ending)."""
    for ending in lex.inflections:
        stem = word[: len(word) - len(ending)]
        if word.endswith(ending) and len(stem) >= 4 and (
                _known(stem) >= HALF or _known(stem + "e") >= HALF and ending[0] in "ei"
                or ending[0] in "ei" and len(stem) >= 6 and stem[-1] == stem[-2]
                and stem[-1] not in "aeiouy" and _known(stem[:-1]) >= HALF):
            return ending not in lex.function_words or _known(word) > 0.0
    return False


def _content_half(word: str, z: float) -> bool:
    """Is ``word`` common enough to be half of two glued content words? Short words must be
    very common ("seaice", not "par"+"shah"), long ones less so ("vegetativestate", not
    "gem"+"mules", "public"+"anus")."""
    n = len(word)
    if n < 3:
        return False
    if n == 3:
        return z >= 4.5
    if n <= 5:
        return z >= CONTENT_HALF
    return z >= (HALF if n <= 7 else RARE_HALF)


def _capitalised_function_split(lo_l: str, lo_r: str, fl: bool, fr: bool, zl: float,
                                zr: float, whole: str, place: Place,
                                name_endings: frozenset[str]) -> bool:
    """"Thefirst", "Astudy" (sentence start), "Bahrainhas", "Dueto", "Pillaywas"."""
    if fl and fr:
        # "Inthe", "Withthe" at a sentence start; not "Anand", "Isis", "Thein Sein".
        return place.initial and not place.name_context and _known(whole) < HALF
    if _known(whole) >= KNOWN:
        return False
    if fl:
        # A capitalised function word begins the token: only at a sentence start ("Heron",
        # "Orable" inside a sentence are names), before a word of four letters or more.
        if not place.initial or len(lo_r) < 3 or len(lo_r) == 3 and zr < VERY_COMMON:
            return False
        return zr >= (RARE_HALF if len(lo_r) >= 6 else HALF)
    # A name or word, then a function word: "Bahrainhas", "Pillaywas". Names end in "-in",
    # "-to", "-on" ("Sutanto", "Parkin", "Goton"), so two-letter endings need a common word
    # outside a run of names; longer endings need a left half some list knows ("Userkare").
    if len(lo_l) < 3:
        return False
    if len(lo_r) <= 2 or lo_r in name_endings:
        # "Cityto", "Marketis", "Bankof" (not "Sakado": "saka" is an Indonesian word). No
        # name ends in "-of"; many end in "-in", "-on", "-to", "-all", "-more" ("Parkin",
        # "Goton", "Westall", "Highmore").
        # Greek and Latin names end in "-is", "-as", "-us" ("Chalkis", "Atlas"): want more.
        floor = 4.0 if lo_r in ("is", "as", "us") else (
            HALF if place.initial and len(lo_l) >= 6 else CONTENT_HALF)  # "Wildfiresin"
        english = zl >= floor and zl >= zipf(lo_l, "id") and not _name_like(lo_l)
        if lo_r == "of":
            return english
        # inside a run of names only when the left half is a common word and the token is
        # in no frequency list at all: "Supreme Courtis", "Pork Meatballsin"
        # ("-on" and "-to" end many names: "Goton", "Sutanto")
        return english and (not place.name_context or lo_r in ("is", "in")
                            and zl >= NAME_RUN_HALF and _known(whole) == 0.0)
    if _known(lo_l) < KNOWN:
        return False
    return not (place.name_context and _name_like(lo_l)) or (
        len(lo_r) >= 3 and _known(whole) == 0.0 and len(lo_l) >= 4 and zl >= NAME_RUN_HALF)


@lru_cache(maxsize=8)
def _longest_half(function_words: frozenset[str]) -> int:
    """The longest word that ``_split_hit`` can accept as a half: every half it accepts is in
    the English or Indonesian frequency list or is a function word. Splits beyond it cannot
    hit, so a 100,000-letter token costs a bounded number of splits, not its square."""
    return max(wordlists.longest_word("en"), wordlists.longest_word("id"),
               max(map(len, function_words), default=0))


def _best_split(part: str, lex: Lexicon, place: Place) -> tuple[str, str] | None:
    whole = part.lower()
    capitalised = part[0].isupper()
    best, best_score = None, -1.0
    longest = _longest_half(lex.function_words)
    for k in range(max(1, len(part) - longest), min(len(part), longest + 1)):
        left, right = part[:k], part[k:]
        if _split_hit(left, right, whole, lex, capitalised, place):
            score = min(zipf(left.lower()), zipf(right.lower()))
            if score > best_score:
                best, best_score = (left, right), score
    return best


def _camel_hit(part: str, lex: Lexicon, headline: bool = False) -> tuple[str, str] | None:
    """"HamasIsmail" → ("Hamas", "Ismail"); None for McDonald, iPhone, YouTube, JPMorgan.

    An inner capital is strong evidence, but brands have them too. Flag when a half is a
    function word ("inJakarta", "OnThe"), a title ("MrSchmidt", "JlAbdul"), when a lower-case
    word runs into a capitalised one ("airlineAeroflot"), or when a half is a name (rare in
    English, or as common in Indonesian text as in English: "HamasIsmail", "JokoWidodo");
    two ordinary English nouns ("TechNode", "WildAid") are more likely a brand than a lost
    space and are left alone.
    """
    whole = part.lower()
    caps_function = _CAPS_FUNCTION.match(part)
    if caps_function and caps_function.group(2) in lex.function_words \
            and _known(whole) < HALF and len(caps_function.group(1)) <= 4:
        return caps_function.group(1), caps_function.group(2)
    for pattern in (_CAPS_LOWER, _CAPS_TITLE, _ARTICLE_TITLE):
        match = pattern.match(part)
        if match:
            left, right = match.groups()
            lo_r = right.lower()
            zr = _known(lo_r)
            if pattern is _CAPS_LOWER and (lo_r in lex.suffixes or zr < CONTENT_HALF):
                continue
            if zr < HALF or _known_whole(whole, zr, zr):
                continue
            return left, right
    humps = _CAMEL.split(part)
    if len(humps) >= 3 and not any(h.lower() in lex.function_words for h in humps):
        return None  # "WebSideStory", "TiVoToGo", "GreenFairyDotcom": built names, not slips
    cuts = [0] + [m.start() for m in _CAMEL.finditer(part)] + [len(part)]
    for k in range(1, len(cuts) - 1):  # the words either side of each inner capital
        left_word, right_word = part[cuts[k - 1]:cuts[k]], part[cuts[k]:cuts[k + 1]]
        lo_l, lo_r = left_word.lower(), right_word.lower()
        if lo_l in _TITLES and left_word[0].isupper() and len(lo_r) >= 3:
            return left_word, right_word     # "MrSchmidt", "SriPujiastuti", "JlAbdul"
        if (left_word == "a" and len(lo_r) >= 4 and right_word[1:].islower()
                and _known(lo_r) >= HALF):
            return left_word, right_word     # "aPrince", "aNation" (not "iPhone", "eBay")
        if lo_l in lex.name_prefixes or len(lo_l) == 1 or len(lo_r) < 2:
            continue
        fl, fr = lo_l in lex.function_words, lo_r in lex.function_words
        zl, zr = _known(lo_l), _known(lo_r)
        if _known_whole(whole, zl, zr):
            return None
        if (left_word[0].isupper() and fl and len(lo_l) >= 3 and len(lo_r) >= 3
                and right_word[1:].islower()):
            return left_word, right_word     # "TheWachowskis", "AndThe"
        if (left_word[0].isupper() and (_DEMONYM.search(lo_l) or lo_l in lex.place_words)
                and zipf(lo_l) >= CONTENT_HALF
                and len(lo_r) >= 4 and right_word[1:].islower() and zipf(lo_r) >= HALF):
            return left_word, right_word     # "EuropeanSpace", "ChineseChristians", "LasVegas"
        if left_word[0].islower():
            # "theBetawian", "byDKI", "airlineAeroflot" (not "iPhone", "eBay": one letter)
            if (fl and len(lo_l) >= 2) or (len(lo_l) >= 3 and zl >= HALF and (
                    len(lo_r) >= 3 or len(lo_r) == 2 and right_word[1:].islower())):
                return left_word, right_word
            if len(lo_l) >= 5 and zl >= KNOWN and len(lo_r) >= 2 and lo_l not in lex.prefixes:
                return left_word, right_word  # "rebukedJokowi", "capturedUS", "overturnsArroyo"
            continue
        if right_word.isupper():
            if fl and len(lo_r) >= 2 and zr >= HALF:  # "TheUS", "InDKI"
                return left_word, right_word
            if (len(humps) == 2 and left_word[0].isupper() and len(lo_r) >= 2
                    and (len(lo_l) >= 5 and zipf(lo_l) >= CONTENT_HALF and len(lo_r) >= 3
                         or _DEMONYM.search(lo_l) and zipf(lo_l) >= CONTENT_HALF)):
                # an ordinary word or a demonym glued to an acronym: "DepartmentUPT",
                # "ElevatedMRT", "JapanesePM" (not "FreeBSD", "PowerPC", "ChatGPT")
                return left_word, right_word
            continue
        if len(lo_l) == 2 and not fl or len(lo_r) < 3 and not fr:
            continue
        if (right_word[1:].islower() and left_word[1:].islower() and len(humps) == 2
                and min(len(lo_l), len(lo_r)) >= 4 and min(zl, zr) == 0.0
                and max(zl, zr) >= CONTENT_HALF and not (lo_l in lex.prefixes or lo_r in lex.suffixes)):
            return left_word, right_word     # "TyphoonBopha", "LebakbulusTerminal": a word and a name
        if min(zl, zr) < 2.0:
            continue
        # A capitalised two-letter function word begins brands ("MyDoom", "MySpace"); in a
        # headline, before a month, or "An" before a vowel it is a lost space ("ByStrong
        # Winds", "InOctober", "AnAsphalt Truck").
        brand_like = (fl and left_word[0].isupper() and len(lo_l) == 2 and not (
            headline or lo_r in lex.months or lo_r in lex.weekdays
            or lo_l == "an" and _article_fits("an", lo_r)))
        if (fl or fr) and not brand_like or _camel_name_like(lo_l) or _camel_name_like(lo_r):
            return left_word, right_word
        if headline and min(zipf(lo_l), zipf(lo_r)) >= HALF and len(lo_l) >= 4:
            return left_word, right_word     # "FloodVictims" in a Title Case headline
        if (len(humps) == 2 and len(lo_l) >= 4 and len(lo_r) >= 4
                and right_word[1:].islower() and left_word[1:].islower()
                and min(zipf(lo_l), zipf(lo_r)) >= TITLE_HALF and _known(whole) == 0.0
                and lo_r in lex.institution_heads):
            # "SecurityCouncil", "CityHall" (not repeated); not "SpeechWorks", "PowerPage":
            # a brand of two common words seldom ends in the head of an institution's name
            return left_word, right_word
    return None


def _digit_hit(token: str, lex: Lexicon, headline: bool = False) -> tuple[str, str] | None:
    """"20people", "in2019", "July2011", "averaging10%", "H5N1virus", "Burned9" — not "20th",
    "3D", "5km", "G20", "MH370", "Rp500", "1990s", "COVID19", "Windows10", "Europe1"."""
    match = _ORDINAL_TITLE.match(token)
    if match:
        return match.group(1), match.group(2)  # "28thGolden", "3rdBattalion"
    return _digits_then_word(token, lex, headline) or _word_then_digits(token, lex)


def _digits_then_word(token: str, lex: Lexicon, headline: bool = False) -> tuple[str, str] | None:
    match = _DIGITS_WORD.match(token)
    if not match:
        return None
    digits, letters = match.groups()
    lo = letters.lower()
    if lo in lex.units or letters.isupper():
        return None
    if _WORD_IN_NUMBER.search(digits):
        return None  # brands: "Freedom2surf", "Club2School"
    if len(digits) == 1 and letters[0].isupper() and not (
            headline and letters[1:].islower() and zipf(lo) >= HALF and not _name_like(lo)):
        # brands: "4Cast", "1Xtra", "4Children"; but in a Title Case headline every word has
        # a capital: "Decide 6Toll Roads", "5Trees And A Wall Fell"
        return None
    if len(lo) < 3:
        # "1998to", "1754he", "97of"; not "8a", "4x" (and "10am", "3rd" are units)
        return (digits, letters) if len(lo) == 2 and lo in lex.function_words \
            and digits[-1].isdigit() else None
    if not digits[0].isdigit() and not _ORDINAL_TAIL.search(digits):
        return None
    if (lo in lex.function_words or lo in lex.months or _known(lo) >= HALF
            or len(lo) >= 4 and (letters.islower() or letters[1:].islower())):
        return digits, letters           # "20people", "6kerapu", "14Metromini"
    return None


def _word_then_digits(token: str, lex: Lexicon) -> tuple[str, str] | None:
    match = _WORD_DIGITS.match(token)
    if not match:
        return None
    letters, digits = match.groups()
    lo = letters.lower()
    tail = digits.lstrip("0123456789,")
    if lo in lex.letter_prefixes or len(lo) < 2 or (tail and tail.lower() not in lex.units):
        return None
    if lo in lex.function_words or lo in lex.months:
        return letters, digits           # "in2019", "the1970s", "July2011"
    if len(lo) < 3 or zipf(lo) < HALF:
        return None
    if letters.islower():
        return letters, digits           # "averaging10", "boasts126"
    # Title case: product names ("Windows10", "Formula1", "Galaxy7") are name-like words or
    # take one digit ("Europe1"); "Add400", "Burned97" are lost spaces.
    number = digits[:len(digits) - len(tail)]
    if letters[1:].islower() and not _name_like(lo) and zipf(lo) >= 4.0 and len(number) >= 2:
        return letters, digits
    return None


def _is_address(token: str, lex: Lexicon) -> bool:
    """"allAfrica.com", "Allbombs.html", "www.x.org": domains and file names, not prose."""
    parts = token.lower().split(".")
    return len(parts) > 1 and any(p in lex.tlds for p in parts[1:])


def _clitic_may_glue(part: str) -> bool:
    """A lower-case part after an apostrophe that is no word as it stands ("spresident"), or
    that has a capital inside ("sHang" of "Hong Kong'sHang": "shang" is a word, "sHang" is not)."""
    return part[:1].islower() and (_known(part.lower()) < HALF or not part[1:].islower())


def _clitic_hit(part: str, before: str, lex: Lexicon) -> tuple[str, str] | None:
    """After an apostrophe: "China'spresident" → ("s", "president"), "who'vebeen",
    "Harper'sConservative" (not "O'Neill", "Jum'at", "Shi'ite": no clitic there)."""
    if not _clitic_may_glue(part):
        return None
    lower = part.lower()
    for clitic in _CLITICS:
        rest = part[len(clitic):]
        if not lower.startswith(clitic) or len(rest) < 2:
            continue
        if clitic == "t" and not before.lower().endswith("n") or clitic == "m" and before != "I":
            continue  # "don'tknow", "I'mgoing"
        lo = rest.lower()
        if rest[0].isupper() and len(rest) >= 3 and rest[1:].islower():
            return part[:len(clitic)], rest  # "It'sShowtime", "Castro'sFamily"
        if rest[0].islower() and (lo in lex.function_words and len(lo) >= 2
                                  or len(lo) >= 3 and zipf(lo) >= HALF):
            return part[:len(clitic)], rest
    return None


def _word_before_apostrophe(text: str, start: int) -> str:
    """"China" for the part "spresident" of "China'spresident"."""
    end = start - 1
    begin = end
    while begin > 0 and text[begin - 1].isalpha():
        begin -= 1
    return text[begin:end]


_LONG_WORD = re.compile(r"[^\W\d_]{4,}")


def _title_case(sentence: str) -> bool:
    """A Title Case headline ("Logistic Stock for Flood Victims is Safe"): capitals there say
    nothing about names, so neighbouring capitals are no evidence of a run of names. Short
    and without a full stop: a long list of names is not a headline."""
    if sentence.rstrip("\"'”’ ").endswith(".") or len(sentence.split()) > 14:
        return False
    long_words = _LONG_WORD.findall(sentence)
    capitals = sum(w[0].isupper() for w in long_words)
    return len(long_words) >= 3 and capitals >= 0.7 * len(long_words)


# Every match of _SENTENCE_GLUE or _COMMA_GLUE holds a mark between a lower-case letter and a
# letter: an article without one (nearly all) skips both patterns.
_GLUE_HINT = re.compile(r"[.!?,](?<=[a-z].)(?=[^\W\d_])")
MEMO_SIZE = 200_000  # spellings remembered per lexicon before the memo starts afresh


class _Memo(NamedTuple):
    """What the check has worked out about a spelling once, whatever its context, so that a
    batch pays for each distinct token once: its plan (``_plan``) and its best splits."""

    lexicon: Lexicon
    plans: dict[str, tuple | None]
    splits: dict[tuple, tuple[str, str] | None]
    quiet: set[str]   # the spellings whose plan is None (never a hit), for a set difference
    # ... and those whose plan is empty: no part can be a hit, unless an apostrophe glued to
    # the word before makes its first part a clitic (``after_apostrophe`` below)
    quiet_or_inert: set[str]
    # the function words as written (lower case, capitalised) that _plan rules out whatever
    # the context (common words): a small set, looked up first, that stays in the processor's
    # caches and answers for a third of an article's tokens without the large sets
    common: frozenset[str]


_MEMOS: dict[int, _Memo] = {}


def _memo(lex: Lexicon) -> _Memo:
    memo = _MEMOS.get(id(lex))
    if memo is None or memo.lexicon is not lex:
        common = frozenset(form for word in lex.function_words
                           for form in (word, word.capitalize())
                           if form.isalpha() and _known(form.lower()) >= WEB_JUNK)
        memo = _MEMOS[id(lex)] = _Memo(lex, {}, {}, set(), set(), common)
    elif len(memo.plans) > MEMO_SIZE or len(memo.splits) > MEMO_SIZE:
        memo.plans.clear()
        memo.splits.clear()
        memo.quiet.clear()
        memo.quiet_or_inert.clear()
    return memo


def _could_split(part: str, lex: Lexicon) -> bool:
    """False when no context can make ``_best_split`` split ``part``: every split it accepts
    has a function word, "A"/"I", or a verb that follows names as a half, or two halves
    of Zipf ``HALF`` or more in a token no list knows. Most names and rare words fail this at
    every cut, so they cost no context and no full split."""
    whole = part.lower()
    capitalised = part[0].isupper()
    unknown = _known(whole) == 0.0
    longest = _longest_half(lex.function_words)
    words = lex.function_words
    for k in range(max(1, len(part) - longest), min(len(part), longest + 1)):
        lo_l, lo_r = whole[:k], whole[k:]
        if capitalised and lo_l in ("a", "i"):
            return True
        if len(lo_l) == 1 and (lo_l not in ("a", "i") or capitalised):
            continue
        if len(lo_r) == 1 and (lo_r != "a" or capitalised):
            continue
        if capitalised and lo_r in ("a", "an"):
            continue
        if lo_l in words or lo_r in words or lo_r in lex.verbs_after_names:
            return True
        if unknown and _common_halves(lo_l, lo_r, zipf(lo_l), zipf(lo_r), capitalised):
            return True
    return False


# One next word for each way "a" and "an" can fit before it (``_article_fits``): all that a
# lower-case token's split depends on besides the token.
_NEXT_WORDS = ("", "1", "e", "b")


def _plan_part(part: str, lex: Lexicon, clitic: bool) -> tuple | None:
    """The context-free part of judging one part of a token: ``None`` when it can never be
    a hit, else ``(kind, payload)``: ``found`` (its split, whatever the context), ``clitic``
    (after an apostrophe), ``camel`` (the splits outside and inside a headline), ``lower``
    (the splits by the next word's fit for "a"/"an") or ``split`` (needs its place)."""
    if any(c.isdigit() for c in part):
        found, in_headline = _digit_hit(part, lex), _digit_hit(part, lex, True)
        if found == in_headline:
            return None if found is None else ("found", found)
        return ("camel", (found, in_headline))
    if not part.isalpha() or len(part) < 3 and not clitic:
        return None
    lower = part.lower()
    if clitic:
        if len(part) < 3 or not _clitic_may_glue(part):
            # _clitic_hit's own first tests, whatever the word before: a clitic, then a word
            # of two letters or more ("world's", "don't" are no glue)
            return None
        return ("clitic", None)
    if lower in lex.names or lower in lex.real_words:
        return None
    if any(c.isupper() for c in part[1:]):
        splits = (_camel_hit(part, lex, False), _camel_hit(part, lex, True))
        if splits == (None, None):
            evidence = _evidence_splits(part, lex)
            return ("evidence", evidence) if evidence else None
        return ("camel", splits)
    if _known(lower) >= WEB_JUNK or _inflected(lower, lex):
        return None
    if part[0].isupper():
        evidence = _evidence_splits(part, lex)
        if _could_split(part, lex):
            return ("split", evidence)
        return ("evidence", evidence) if evidence else None
    if not _could_split(part, lex):
        return None
    # Lower case: only a split before "a"/"an" looks at the context (the next word).
    if not lower.endswith(("a", "an")):
        found = _best_split(part, lex, Place(False, False, "b"))
        return None if found is None else ("found", found)
    by_fit = {_fits(word): _best_split(part, lex, Place(False, False, word)) for word in _NEXT_WORDS}
    return None if not any(by_fit.values()) else ("lower", by_fit)


def _fits(next_word: str) -> tuple[bool, bool]:
    return _article_fits("a", next_word), _article_fits("an", next_word)


def _next_word(text: str, tokens, i: int) -> str:
    """The word after token ``i`` when only spaces stand between, else ""."""
    if i + 1 < len(tokens):
        next_start, _, word = tokens[i + 1]
        if not text[tokens[i][1]:next_start].strip(" \u00a0"):
            return word
    return ""  # punctuation between: not the same name


def _evidence_splits(part: str, lex: Lexicon) -> tuple[tuple[str, str], ...]:
    """Splits of a capitalised token that the article itself may prove (``_evidenced``):
    two Title Case words ("GamawanFauzi"), or a capitalised word and an ordinary lower-case
    word of four letters or more ("Rivercreek", "Monaspremises"). Not a token a list knows,
    a listed prefix or compound head, or a word and a name ending ("Greenfield")."""
    if _known(part.lower()) > 0.0 or not part[0].isupper():
        return ()
    humps = _CAMEL.split(part)
    if len(humps) == 2:
        left, right = humps
        if min(len(left), len(right)) >= EVIDENCE_HALF and left[1:].islower() \
                and right[1:].islower() and right[0].isupper():
            return ((left, right),)
        return ()
    if len(humps) > 2 or not part[1:].islower():
        return ()
    out = []
    for k in range(EVIDENCE_HALF, len(part) - 3):
        left, right = part[:k], part[k:]
        if (zipf(right) >= EVIDENCE_RIGHT and right not in lex.suffixes and right not in lex.name_endings
                and left.lower() not in lex.prefixes and not _name_like(right)):
            out.append((left, right))
    return tuple(out)


def _evidenced(text: str, splits: tuple[tuple[str, str], ...]) -> tuple[str, str] | None:
    """The first split whose left word, or for two capitalised words either word, stands on
    its own elsewhere in the article, spelled the same, and is no common English word (a
    name: "the Kyoto treaty ... the Kyotocost", "Gamawan Fauzi said ... GamawanFauzi"). A
    lost space strikes two words the article also uses apart; "One" or "Grand" alone
    anywhere proves nothing."""
    for left, right in splits:
        words = [w for w in ((left, right) if right[0].isupper() else (left,))
                 if zipf(w.lower()) < EVIDENCE_WORD]
        if any(re.search(rf"(?<![^\W_]){re.escape(w)}(?![^\W_])", text) for w in words):
            return left, right
    return None


def _plan(token: str, lex: Lexicon) -> tuple | None:
    """``None`` for a token that is never a hit (a common word, an address, a real word);
    else its parts (split at hyphens, apostrophes and dots) that may be, as (offset, part,
    kind, payload). The first part is planned as if no apostrophe stood before the token."""
    lower = token.lower()
    if token.isalpha() and _known(lower) >= WEB_JUNK or lower in lex.real_words \
            or _is_address(token, lex):
        return None
    plan = []
    for m in _TOKEN_PART.finditer(token):
        offset, part = m.start(), m.group()
        step = _plan_part(part, lex, offset > 0 and token[offset - 1] in _APOSTROPHES)
        if step is not None:
            plan.append((offset, part, *step))
    return tuple(plan)


def _missing_space_hits(ctx: CheckContext) -> Iterable[Hit]:
    lex = compiled("spacing", ctx.config, _build)
    memo = _memo(lex)
    text = ctx.text
    seen: set[int] = set()

    def hit(start: int, end: int, left: str, right: str, glue: str = "") -> Hit | None:
        if start in seen or allowed(ctx.config, text[start:end]):
            return None
        seen.add(start)
        suggestion = f"{left}{glue} {right}"
        return Hit(start, end, f"Missing space: \"{text[start:end]}\" looks like "
                               f"\"{left}{glue}\" and \"{right}\" glued together.",
                   suggestion,
                   fixable=None if _safe_split(text, start, end, suggestion, left, right, glue, lex)
                   else False)

    glue = _NATIVE.spacing_hints(text) & HINT_GLUE if _NATIVE is not None \
        else _GLUE_HINT.search(text)
    if glue:
        for pattern in (_SENTENCE_GLUE, _COMMA_GLUE):
            for m in pattern.finditer(text):
                left, mark, right = m.groups()
                if mark == "." and right.lower() in lex.tlds:
                    continue
                if text[m.start() - 1:m.start()] == "." and left.lower() not in lex.tlds:
                    continue  # "e.g.,the" is an abbreviation; "Kompas.com,the" is not
                if _ATTRIBUTE_VALUE(text, max(0, m.start() - 80), m.start()):
                    continue  # markup left in the copy: face="verdana,MS Sans Serif"
                h = hit(m.start(), m.end(), left, right, mark)
                if h:
                    yield h

    tokens = ctx.words
    plans = memo.plans

    def repeated(part: str) -> bool:
        """A capitalised or numbered token spelled the same twice is a name ("EuroDisney",
        "Contrack", "3ami"): a lost space seldom strikes the same two words twice."""
        return (not part.islower() or any(c.isdigit() for c in part)) and (
            text.count(part) >= REPEATED  # ... or its singular: "AutoLinks" after "AutoLink"
            or part.endswith("s") and text.count(part[:-1]) >= REPEATED)

    sentence_starts: list[int] = []
    headlines: dict[int, bool] = {}   # sentence index → Title Case headline, read when asked

    def headline_at(position: int) -> tuple[int, bool]:
        """(index of the sentence holding ``position``, whether it is a Title Case headline)."""
        if not sentence_starts:
            sentence_starts.extend(s.start for s in ctx.sentences)
        k = bisect.bisect_right(sentence_starts, position) - 1
        if k < 0:
            return k, False
        headline = headlines.get(k)
        if headline is None:
            headline = headlines[k] = _title_case(ctx.sentences[k].text)
        return k, headline

    # Most spellings of an article were planned before and can never be a hit: one set
    # difference leaves the tokens to look at (in text order, as the loop reads them). A
    # spelling with an empty plan can hit only after an apostrophe glued to a letter: the
    # tokeniser joins a word to a "'" or "’" between letters (text.words), so only a "`" can
    # stand there.
    for i in unlisted(tokens, memo.common, memo.quiet if "`" in text else memo.quiet_or_inert):
        seg_start, seg_end, token = tokens[i]
        plan = plans.get(token, False)
        if plan is False:
            plan = plans[token] = _plan(token, lex)
            if plan is None:
                memo.quiet.add(token)
            if not plan:
                memo.quiet_or_inert.add(token)
        if plan is None:
            continue
        after_apostrophe = seg_start >= 2 and text[seg_start - 1] in _APOSTROPHES \
            and text[seg_start - 2].isalpha()
        if after_apostrophe:
            first = _TOKEN_PART.match(token)
            if first is not None:  # the first part is a clitic glued to the word before
                step = _plan_part(first.group(), lex, True)
                plan = (((0, first.group(), *step),) if step else ()) + \
                    tuple(p for p in plan if p[0] > 0)
        if not plan or _in_address(text, seg_start, seg_end):
            continue
        place = None
        for offset, part, kind, payload in plan:
            start = seg_start + offset
            if kind == "found":
                found = payload
            elif kind == "clitic":
                found = _clitic_hit(part, _word_before_apostrophe(text, start), lex)
            elif kind == "camel":
                found = payload[headline_at(seg_start)[1]]
                if found is not None and _named_here(text, tokens, i, found, lex):
                    found = None
            elif kind == "lower":
                found = payload[_fits(_next_word(text, tokens, i))]
            elif kind == "evidence":
                found = _evidenced(text, payload)
            else:
                if place is None:
                    place = _place(text, tokens, i, lex, *headline_at(seg_start), sentence_starts)
                # all a capitalised part's split reads of its place ("a"/"an" fit only a
                # lower-case part: _split_hit)
                key = (part, place.initial, place.name_context, place.next_word == "of")
                found = memo.splits.get(key, False)
                if found is False:
                    found = memo.splits[key] = _best_split(part, lex, place)
                if found is None and payload:
                    found = _evidenced(text, payload)
            if found is None or allowed(ctx.config, token, part) or repeated(part):
                continue
            if kind == "clitic":  # report "China'spresident" → "China's president"
                owner = start - 1 - len(_word_before_apostrophe(text, start))
                found = (text[owner:start] + found[0], found[1])
                start, part = owner, text[owner:start + len(part)]
            h = hit(start, start + len(part), *found)
            if h:
                yield h


def _named_here(text: str, tokens, i: int, found: tuple[str, str], lex: Lexicon) -> bool:
    """Is token ``i``, two Title Case words, a name the sentence introduces? After "called",
    "dubbed" or a company noun ("a tool called EdgeScape", "research group MiraLab",
    "branding firm SalterBaxter") a token is the name as its owners spell it."""
    left, right = found
    if i == 0 or not (left[:1].isupper() and left[1:].islower() and right[:1].isupper()
                      and right[1:].islower()):
        return False
    _, prev_end, prev = tokens[i - 1]
    return text[prev_end:tokens[i][0]] == " " and prev.lower() in lex.naming_words


def _place(text: str, tokens, i: int, lex: Lexicon, k: int, in_headline: bool,
           sentence_starts: list[int]) -> Place:
    """Where token ``i`` stands: at a sentence start, next to capitalised words or titles."""
    start = tokens[i][0]
    initial = i == 0 or (k >= 0 and tokens[i - 1][0] < sentence_starts[k])
    prev_word = ""
    if not initial:
        _, prev_end, prev_word = tokens[i - 1]
        if text[prev_end:start].strip(" \u00a0"):
            prev_word = ""  # "Beethoven, Germancomposer": a comma ends the run of names
    next_word = _next_word(text, tokens, i)
    prev_lower = prev_word.lower()
    return Place(initial,
                 prev_lower in _TITLES or not in_headline and (
                     prev_word[:1].isupper() and prev_lower not in lex.function_words
                     or next_word[:1].isupper()) or _list_item(text, start, tokens[i][1]),
                 next_word)


_LIST_ITEM_AFTER = re.compile(r"[ \u00a0]*(?:\d+[ \u00a0]*)?(?:[,;)/]|\n|\Z)")
LIST_SEPARATORS = 3   # a line with this many commas or semicolons is a list


def _list_item(text: str, start: int, end: int) -> bool:
    """Does the token stand alone as an item of a list ("Hyypia, Traore (Biscan 67), Luis
    Garcia", "Powell; Windo, Van Niekerk")? A team sheet or a roll of names is its surnames;
    a lost space glues two words of a phrase, seldom a one-word item of a list."""
    k = start
    while k > 0 and text[k - 1] in " \u00a0":
        k -= 1
    if k > 0 and text[k - 1] not in ",;(/\n" or not _LIST_ITEM_AFTER.match(text, end):
        return False
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    line_end = len(text) if line_end < 0 else line_end
    return (text.count(",", line_start, line_end) + text.count(";", line_start, line_end)
            >= LIST_SEPARATORS)


def _safe_split(text: str, start: int, end: int, suggestion: str, left: str, right: str,
                glue: str, lex) -> bool:
    """Whether ``audit fix`` may put the space back without an editor: the suggestion is the
    span with one space added, and a split of one word into two has evidence in the article
    itself. A brand or a rare compound ("LokiTorrent", "vapourware", "Unosat") is glued the
    same way wherever it occurs and its parts do not occur alone; a lost space
    ("HamasIsmail") happens once, between words the article also uses apart, or after a
    function word ("fromIvory"). Digits glued to a capitalised word are names ("4Children",
    "Club2School") unless the article says otherwise the same way."""
    span = text[start:end]
    if suggestion.replace(" ", "", 1) != span:
        return False
    if glue or re.fullmatch(r"\d+[^\W\d_]*[a-z]", span) and right.islower():
        return True  # "said.The", "20people": punctuation, or a number and a lower-case word
    if left.islower() and left in lex.function_words and right[:1].isupper():
        return True  # "fromIvory" (not "MyDoom", a name)
    if text.count(span) > 1:
        return False
    rest = text[:start] + " " + text[end:]
    return all(re.search(rf"(?<!\w){re.escape(part)}(?!\w)", rest, re.IGNORECASE)
               for part in (left, right))


def _in_address(text: str, start: int, end: int) -> bool:
    before = text[max(0, start - 1):start]
    after = text[end:end + 1]
    if before == "/" and text[max(0, start - 2):start - 1].isdigit():
        before = ""  # "No. 8/2007about" is a number, not a path
    return before in ("/", "@", "#", "_", "=", "\\") or after in ("/", "@", "_", "=")


# --- missing-space in other languages -----------------------------------------------------

class LanguageRules(NamedTuple):
    """``[languages.CODE]`` of spacing.toml: what a lost space looks like in that language."""

    function_words: frozenset[str]
    known: float        # a whole token this common in the language (or in English) is a word
    half: float         # each half of two glued content words is at least this common
    min_half: int       # ... and at least this long
    names: frozenset[str]
    prefixes: tuple[str, ...]   # bound prefixes: "antarwilayah", "pascapanen" are words
    suffixes: tuple[str, ...]   # endings: "transisinya", "ketidakadilan"


def _build_languages(data: dict[str, Any]) -> dict[str, LanguageRules]:
    names = frozenset(str(v).lower() for v in data.get("names", []))
    return {code: LanguageRules(frozenset(str(w).lower() for w in table.get("function_words", [])),
                                float(table.get("known", 1.0)), float(table.get("half", 3.5)),
                                int(table.get("min_half", 5)), names,
                                tuple(str(v).lower() for v in table.get("prefixes", [])),
                                tuple(str(v).lower() for v in table.get("suffixes", [])))
            for code, table in data.get("languages", {}).items()}


_TITLE_PAIR = re.compile(r"^([A-Z][a-z]{2,})([A-Z][a-z]{2,})$")   # "JakartaKita"
_LOWER_WORD = re.compile(r"^[a-z]{6,}$")


_LANGUAGE_MEMOS: dict[tuple[str, int], tuple[LanguageRules, dict, set[str]]] = {}


def _language_plan(token: str, code: str, rules: LanguageRules) -> tuple | None:
    """The context-free verdict on one token of copy in ``code``: ``None`` (not glued), or
    ``(repeatable, (left, right))``: a Title Case pair is a lost space only when the article
    does not spell it so twice (``repeatable`` False)."""
    lower = token.lower()

    def known(word: str, floor: float) -> bool:
        return zipf(word, code) >= floor or zipf(word, "en") >= floor

    if len(token) < 6 or not token.isalpha() or lower in rules.names \
            or known(lower, rules.known) \
            or lower.startswith(rules.prefixes) or lower.endswith(rules.suffixes):
        return None
    pair = _TITLE_PAIR.match(token)
    if pair:
        left, right = pair.groups()
        english = all(zipf(h.lower(), "en") > zipf(h.lower(), code) for h in (left, right))
        if known(left.lower(), rules.half) and known(right.lower(), rules.half) \
                and not english:                     # "DreadOut", "ArtLogic": a brand
            return False, (left, right)              # "JakartaKita"
    elif _LOWER_WORD.match(token):
        for k in range(3, len(lower) - 1):
            left, right = lower[:k], lower[k:]
            if right in rules.function_words and len(left) >= rules.min_half \
                    and zipf(left, code) >= rules.half:
                return True, (token[:k], token[k:])  # "mentalyang"
            if left in rules.function_words or len(left) < rules.min_half \
                    or len(right) < rules.min_half:
                continue
            if zipf(left, code) >= rules.half and zipf(right, code) >= rules.half:
                return True, (token[:k], token[k:])  # "kondisikesehatan"
    return None


def _glued_in_language(ctx: CheckContext, code: str, rules: LanguageRules) -> Iterable[Hit]:
    """Lost spaces in copy written in ``code`` (scraped Indonesian: "JakartaKita",
    "kondisikesehatan", "mentalyang"): a token neither the language's word list nor
    English knows, made of two words the language's list knows well. Each distinct token is
    judged once a batch (``_language_plan``)."""
    text = ctx.text
    entry = _LANGUAGE_MEMOS.get((code, id(rules)))
    if entry is None or entry[0] is not rules or len(entry[1]) > MEMO_SIZE:
        entry = _LANGUAGE_MEMOS[(code, id(rules))] = (rules, {}, set())
    _, plans, quiet = entry   # quiet: the spellings whose plan is None
    tokens = ctx.words
    for i in unlisted(tokens, quiet):
        seg = tokens[i]
        token = seg.text
        plan = plans.get(token, False)
        if plan is False:
            plan = plans[token] = _language_plan(token, code, rules)
            if plan is None:
                quiet.add(token)
        if plan is None or allowed(ctx.config, token):
            continue
        repeatable, found = plan
        if not repeatable and text.count(token) >= REPEATED:
            continue
        yield Hit(seg.start, seg.end, f"Missing space: \"{token}\" looks like "
                                      f"\"{found[0]}\" and \"{found[1]}\" glued together.",
                  f"{found[0]} {found[1]}")


def _rules_for(ctx: CheckContext) -> LanguageRules | None:
    code = (ctx.language or "").split("-")[0].lower()
    return compiled("spacing", ctx.config, _build_languages).get(code)


@check("missing-space", category="linguistic/whitespace", severity="minor",
       example="Head of the political bureau HamasIsmail Haniyeh",
       languages=["en", *builtin("spacing").get("languages", {})], fixable=True)
def missing_space(ctx: CheckContext) -> Iterable[Hit]:
    """Words glued together by a lost space ("HamasIsmail", "said.The", "20people")."""
    if ctx.language != "en":
        rules = _rules_for(ctx)
        if rules is None:
            return []
        code = (ctx.language or "").split("-")[0].lower()
        return sorted(_glued_in_language(ctx, code, rules), key=lambda h: h.start)
    return sorted(_missing_space_hits(ctx), key=lambda h: h.start)


# --- spacing -----------------------------------------------------------------------------------

_DOUBLE_SPACE = re.compile(r"(?<=[^\s.!?:;\"”’')\]])[ \u00a0]{2,}(?=\S)")
_SPACE_BEFORE = re.compile(r"(?<=[^\W_])[ \u00a0]+([,;:!?]|\.(?![.\d\w])|\))(?=\s|$|[\"”’'])")
_SPACE_AFTER_OPEN = re.compile(r"([(\[])[ \u00a0]+(?=[^\W_])")
# "f ( x ) = sin ( x + 4 )": spaced brackets around symbols are typeset maths, not a slip.
# Atomic, and the closing space checked by a look-behind: linear on "(" + a long run of spaces.
_SPACED_FORMULA = re.compile(r"[(\[][ \u00a0](?>(?:[^\w()\[\]]|\b\w{1,2}\b)+)(?<=[ \u00a0])[)\]]")
# What each pattern needs somewhere in the text: a cheap scan that spares the costlier one
# (its look-behind is tried at every position) on the many articles without it. Each hint is a
# space or a no-break space next to a mark; with plain spaces only, ``str`` searches for the
# pairs (see ``_hinted``) answer what the hint pattern answers, several times faster.
_DOUBLE_SPACE_HINT = (re.compile(r"[ \u00a0]{2}"), ("  ",))
_SPACE_BEFORE_HINT = (re.compile(r"[ \u00a0][,;:!?.)]"), tuple(" " + mark for mark in ",;:!?.)"))
_OPEN_SPACE_HINT = (re.compile(r"[(\[][ \u00a0]"), ("( ", "[ "))  # before each "(" pattern


def _hinted(text: str, hint: tuple[re.Pattern[str], tuple[str, ...]]) -> bool:
    """Does the hint pattern occur in ``text``? Without a no-break space, it does exactly where
    one of its pairs of characters does."""
    pattern, pairs = hint
    if "\u00a0" in text:
        return pattern.search(text) is not None
    return any(pair in text for pair in pairs)


def _spaced_marks(ctx: CheckContext) -> frozenset[str]:
    """Marks the article's language writes after a space (its pack's ``[punctuation]
    space_before``, ``audit/data/languages/``): not a slip in that language."""
    from audit import languages
    code = languages.canonical(ctx.language, ctx.config)
    marks = languages.section(code, "punctuation", ctx.config).get("space_before", []) if code else []
    return frozenset(marks)


@check("spacing", category="linguistic/whitespace", severity="minor",
       example="The minister said , adding that  talks continue .", fixable=True)
def spacing(ctx: CheckContext) -> Iterable[Hit]:
    """Doubled spaces between words and spaces before punctuation or inside brackets."""
    text = ctx.text
    hits = []
    if _NATIVE is not None:
        hints = _NATIVE.spacing_hints(text)
        open_space, double, space_before = (hints & HINT_OPEN_SPACE, hints & HINT_DOUBLE_SPACE,
                                            hints & HINT_SPACE_BEFORE)
    else:
        open_space, double, space_before = (_hinted(text, _OPEN_SPACE_HINT),
                                            _hinted(text, _DOUBLE_SPACE_HINT),
                                            _hinted(text, _SPACE_BEFORE_HINT))
    formulas = [m.span() for m in _SPACED_FORMULA.finditer(text)] if open_space else []
    for m in _DOUBLE_SPACE.finditer(text) if double else ():
        hits.append(Hit(m.start(), m.end(), "Two or more spaces between words.", " "))
    before = _SPACE_BEFORE.finditer(text) if space_before else ()
    # French writes "Attention : ici" with a space before ":" (looked up only when needed)
    spaced = _spaced_marks(ctx) if before else frozenset()
    for m in before:
        mark = m.group(1)
        if mark in spaced:
            continue
        hits.append(Hit(m.start(), m.end(), f"Space before \"{mark}\".", mark))
    for m in _SPACE_AFTER_OPEN.finditer(text) if open_space else ():
        hits.append(Hit(m.start(), m.end(), f"Space after \"{m.group(1)}\".", m.group(1)))
    if formulas:
        hits = [h for h in hits if not any(a <= h.start and h.end <= b for a, b in formulas)]
    return sorted(hits, key=lambda h: h.start)
