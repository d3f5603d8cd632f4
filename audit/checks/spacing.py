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
import re
from functools import lru_cache
from typing import Any, Iterable, NamedTuple

from audit.checks.base import CheckContext, Hit, check
from audit.checks.lexicon import _frequencies, allowed, compiled, zipf

KNOWN = 2.0          # a whole token at or above this Zipf frequency is a real word or name
HALF = 3.0           # each half of a glued pair must be at least this common
CONTENT_HALF = 3.5   # ... and a little more when neither half is a function word
GAP = 3.0            # web junk such as "ofthe" is this much rarer than its rarer half
WEB_JUNK = 3.6       # ... and never more common than this
PRODUCTIVE = 3       # halves that each start/end this many real words form compounds


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


def _build(data: dict[str, Any]) -> Lexicon:
    def low(key: str) -> frozenset[str]:
        return frozenset(str(v).lower() for v in data.get(key, []))
    return Lexicon(low("names"), low("name_prefixes"), low("prefixes"), low("suffixes"),
                   low("real_words"), low("units"), low("letter_prefixes"), low("tlds"),
                   low("function_words"), low("months"))


def _known(word: str) -> float:
    """How common ``word`` (lower case) is in English or Indonesian text."""
    return max(zipf(word, "en"), zipf(word, "id"))


# --- compounds ---------------------------------------------------------------------------------

@lru_cache(maxsize=1)
def _sorted_vocabulary() -> tuple[list[str], list[str]]:
    """English words with Zipf >= 2, sorted forwards and reversed, for prefix/suffix counts."""
    floor = 10 ** (2.0 - 9)
    vocab = [w for w, f in _frequencies("en").items() if f >= floor and w.isalpha()]
    return sorted(vocab), sorted(w[::-1] for w in vocab)


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


# --- missing-space ---------------------------------------------------------------------------

_POSSESSIVE = re.compile(r"['’]s$")
_CAMEL = re.compile(r"(?<=[a-z])(?=[A-Z])")
_CAPS_LOWER = re.compile(r"^([A-Z]{2,})([a-z]{3,})$")            # "UEFAfines", "USembassy"
_CAPS_TITLE = re.compile(r"^([A-Z]{2,})([A-Z][a-z]{2,})$")       # "CNNIndonesia"
_ARTICLE_TITLE = re.compile(r"^([AI])([A-Z][a-z]{2,})$")         # "ACanadian", "ABank"
_DIGITS_WORD = re.compile(r"^(\d+)([^\W\d_]+)$")
_WORD_DIGITS = re.compile(r"^([^\W\d_]+)(\d+)$")
# "said.The", "Raya.Thus", "why?The" (not "U.S.", "e.g.", "Kompas.com", "1.5", "S.League").
_SENTENCE_GLUE = re.compile(
    r"(?<![\w.@/:\-])([^\W\d_]*[a-z])([.!?])([A-Z][a-z]+)(?![\w@/]|\.[^\W\d_])")
# "shortages,rising", "Jakarta,Indonesia" (not "1,500", "h,j,k").
_COMMA_GLUE = re.compile(r"(?<![\w,.@/])([^\W\d_]*[a-z][^\W\d_])(,)([^\W\d_][a-z]+)\b(?!,\w)")
_TOKEN_PART = re.compile(r"[^\-'’.]+")
_TITLES = frozenset({"mr", "mrs", "ms", "dr", "prof", "president", "minister", "governor",
                     "king", "queen", "prince", "sheikh", "general", "gen", "pak", "bu"})


def _known_whole(whole: str, z_left: float, z_right: float) -> bool:
    """Is the unsplit token itself a word? Web misspellings like "ofthe" are in the frequency
    list too, so the bar rises with how common the halves are (but stays between 1 and 3.6)."""
    bar = min(WEB_JUNK, max(1.0, min(z_left, z_right) - GAP))
    return _known(whole) >= bar


def _name_like(word: str) -> bool:
    """Rare in English, or as common in Indonesian text as in English: a name, not a noun."""
    en, id_ = zipf(word, "en"), zipf(word, "id")
    return en < HALF or id_ >= en - 0.3


def _split_hit(left: str, right: str, whole: str, lex: Lexicon, capitalised: bool,
               name_context: bool) -> bool:
    """Do the halves of an unknown all-lower or Title-case token look like two glued words?

    Halves must be common English words. With a function word on either side the whole token
    may be a rare web misspelling ("ofthe" is in the frequency list) as long as it is far
    rarer than its halves; two content words must make a token the list has never seen, and
    not a compound ("goldfish"). Capitalised tokens are mostly names, so they need more.
    """
    lo_l, lo_r = left.lower(), right.lower()
    fl, fr = lo_l in lex.function_words, lo_r in lex.function_words
    if len(lo_l) == 1 and lo_l not in ("a", "i"):
        return False
    if len(lo_r) == 1 and (lo_r != "a" or capitalised):
        return False
    zl, zr = zipf(lo_l), zipf(lo_r)
    if min(zl, zr) < HALF or _known_whole(whole, zl, zr):
        return False
    if capitalised and name_context:
        return False  # "Thein Sein", "Viswanathan Anand": part of a name
    if fl or fr:
        if fl and fr:
            return True
        other, z_other = (lo_r, zr) if fl else (lo_l, zl)
        if len(other) < 3 or (len(lo_r) == 1 and len(lo_l) < 3):
            return False
        if capitalised:
            # "Thegovernment", "Astudy", "Australiahas" - not "Onfray" (on+fray) or "Aman".
            return len(other) >= 4 and z_other >= 4.0 and _known(whole) == 0.0
        return True
    if _known(whole) > 0.0:
        return False
    if len(lo_r) == 1:  # "sharinga", "obtaineda": a lost space before the article
        return len(lo_l) >= 4 and zl >= CONTENT_HALF
    min_len = 4 if capitalised else 3
    if len(lo_l) < min_len or len(lo_r) < min_len:
        return False
    if capitalised and min(zl, zr) < CONTENT_HALF:
        return False
    return not _compound(lo_l, lo_r, lex)


def _best_split(part: str, lex: Lexicon, name_context: bool) -> tuple[str, str] | None:
    whole = part.lower()
    capitalised = part[0].isupper()
    best, best_score = None, -1.0
    for k in range(1, len(part)):
        left, right = part[:k], part[k:]
        if _split_hit(left, right, whole, lex, capitalised, name_context):
            score = min(zipf(left.lower()), zipf(right.lower()))
            if score > best_score:
                best, best_score = (left, right), score
    return best


def _camel_hit(part: str, lex: Lexicon) -> tuple[str, str] | None:
    """"HamasIsmail" → ("Hamas", "Ismail"); None for McDonald, iPhone, YouTube, JPMorgan.

    An inner capital is strong evidence, but brands have them too. Flag when a half is a
    function word ("inJakarta", "OnThe"), when a lower-case word runs into a capitalised one
    ("airlineAeroflot"), or when a half is a name (rare in English, or as common in
    Indonesian text as in English: "HamasIsmail", "JokoWidodo"); two ordinary English nouns
    ("TechNode", "WildAid") are more likely a brand than a lost space and are left alone.
    """
    whole = part.lower()
    for pattern in (_CAPS_LOWER, _CAPS_TITLE, _ARTICLE_TITLE):
        match = pattern.match(part)
        if match:
            left, right = match.groups()
            lo_r = right.lower()
            zr = _known(lo_r)
            if pattern is _CAPS_LOWER and (lo_r in lex.suffixes or zr < CONTENT_HALF):
                return None
            if zr < HALF or _known_whole(whole, zr, zr):
                return None
            return left, right
    for m in _CAMEL.finditer(part):
        cut = m.start()
        left_word = _CAMEL.split(part[:cut])[-1]
        right_word = _CAMEL.split(part[cut:])[0]
        lo_l, lo_r = left_word.lower(), right_word.lower()
        if lo_l in lex.name_prefixes or len(lo_l) == 1 or len(lo_r) < 2:
            continue
        fl, fr = lo_l in lex.function_words, lo_r in lex.function_words
        zl, zr = _known(lo_l), _known(lo_r)
        if _known_whole(whole, zl, zr):
            return None
        if left_word[0].islower():
            # "theBetawian", "byDKI", "airlineAeroflot" (not "iPhone", "eBay": one letter)
            if (fl and len(lo_l) >= 2) or (len(lo_l) >= 3 and zl >= HALF and len(lo_r) >= 3):
                return left_word, right_word
            continue
        if right_word.isupper():
            if fl and len(lo_r) >= 2 and zr >= HALF:  # "TheUS", "InDKI"
                return left_word, right_word
            continue
        if len(lo_l) == 2 and not fl or len(lo_r) < 3 and not fr:
            continue
        if min(zl, zr) < 2.0:
            continue
        if fl or fr or _name_like(lo_l) or _name_like(lo_r):
            return left_word, right_word
    return None


def _digit_hit(token: str, lex: Lexicon) -> tuple[str, str] | None:
    """"20people", "in2019", "July2011" — not "20th", "3D", "5km", "G20", "Rp500", "MH370"."""
    match = _DIGITS_WORD.match(token)
    if match:
        digits, letters = match.groups()
        lo = letters.lower()
        if lo in lex.units or letters.isupper() or len(lo) < 3:
            return None
        if lo in lex.function_words or lo in lex.months or zipf(lo) >= HALF:
            return digits, letters
        return None
    match = _WORD_DIGITS.match(token)
    if match:
        letters, digits = match.groups()
        lo = letters.lower()
        if lo in lex.letter_prefixes or len(lo) < 2:
            return None
        if lo in lex.function_words or lo in lex.months:
            return letters, digits
        if letters.islower() and len(lo) >= 3 and zipf(lo) >= 4.0:
            return letters, digits
    return None


def _is_address(token: str, lex: Lexicon) -> bool:
    """"allAfrica.com", "Allbombs.html", "www.x.org": domains and file names, not prose."""
    parts = token.lower().split(".")
    return len(parts) > 1 and any(p in lex.tlds for p in parts[1:])


def _capitalised(word: str) -> bool:
    return word[:1].isupper()


def _missing_space_hits(ctx: CheckContext) -> Iterable[Hit]:
    lex = compiled("spacing", ctx.config, _build)
    text = ctx.text
    seen: set[int] = set()

    def hit(start: int, end: int, left: str, right: str, glue: str = "") -> Hit | None:
        if start in seen or allowed(ctx.config, text[start:end]):
            return None
        seen.add(start)
        return Hit(start, end, f"Missing space: \"{text[start:end]}\" looks like "
                               f"\"{left}{glue}\" and \"{right}\" glued together.",
                   f"{left}{glue} {right}")

    for pattern in (_SENTENCE_GLUE, _COMMA_GLUE):
        for m in pattern.finditer(text):
            left, mark, right = m.groups()
            if mark == "." and right.lower() in lex.tlds:
                continue
            h = hit(m.start(), m.end(), left, right, mark)
            if h:
                yield h

    tokens = ctx.words
    sentence_starts = {s.start for s in ctx.sentences}
    for i, seg in enumerate(tokens):
        token = seg.text
        if token.isalpha() and _known(token.lower()) >= WEB_JUNK:
            continue  # the common case, answered with one look-up
        if _is_address(token, lex) or _in_address(text, seg.start, seg.end):
            continue
        prev_word = tokens[i - 1].text if i and seg.start not in sentence_starts else ""
        next_word = tokens[i + 1].text if i + 1 < len(tokens) else ""
        name_context = (_capitalised(prev_word) and prev_word.lower() not in lex.function_words
                        or prev_word.lower() in _TITLES or _capitalised(next_word))
        for part_match in _TOKEN_PART.finditer(token):
            part = part_match.group()
            start = seg.start + part_match.start()
            if any(c.isdigit() for c in part):
                found = _digit_hit(part, lex)
            elif not part.isalpha() or len(part) < 3:
                continue
            else:
                stem = _POSSESSIVE.sub("", part)
                if stem.lower() in lex.names:
                    continue
                if any(c.isupper() for c in stem[1:]):
                    found = _camel_hit(stem, lex)
                elif len(stem) < 4 or _known(stem.lower()) >= WEB_JUNK:
                    continue
                else:
                    found = _best_split(stem, lex, name_context)
            if found is None or allowed(ctx.config, token, part):
                continue
            h = hit(start, start + len(part), *found)
            if h:
                yield h


def _in_address(text: str, start: int, end: int) -> bool:
    before = text[max(0, start - 1):start]
    after = text[end:end + 1]
    return before in ("/", "@", "#", "_", "=", "\\") or after in ("/", "@", "_", "=")


@check("missing-space", category="linguistic/whitespace", severity="minor",
       example="Head of the political bureau HamasIsmail Haniyeh", languages=["en"])
def missing_space(ctx: CheckContext) -> Iterable[Hit]:
    """Words glued together by a lost space ("HamasIsmail", "said.The", "20people")."""
    return sorted(_missing_space_hits(ctx), key=lambda h: h.start)


# --- spacing -----------------------------------------------------------------------------------

_DOUBLE_SPACE = re.compile(r"(?<=[^\s.!?:;\"”’')\]])[ \u00a0]{2,}(?=\S)")
_SPACE_BEFORE = re.compile(r"(?<=[^\W_])[ \u00a0]+([,;:!?]|\.(?![.\d\w])|\))(?=\s|$|[\"”’'])")
_SPACE_AFTER_OPEN = re.compile(r"([(\[])[ \u00a0]+(?=[^\W_])")


@check("spacing", category="linguistic/whitespace", severity="minor",
       example="The minister said , adding that  talks continue .")
def spacing(ctx: CheckContext) -> Iterable[Hit]:
    """Doubled spaces between words and spaces before punctuation or inside brackets."""
    text = ctx.text
    hits = []
    for m in _DOUBLE_SPACE.finditer(text):
        hits.append(Hit(m.start(), m.end(), "Two or more spaces between words.", " "))
    for m in _SPACE_BEFORE.finditer(text):
        mark = m.group(1)
        hits.append(Hit(m.start(), m.end(), f"Space before \"{mark}\".", mark))
    for m in _SPACE_AFTER_OPEN.finditer(text):
        hits.append(Hit(m.start(), m.end(), f"Space after \"{m.group(1)}\".", m.group(1)))
    return sorted(hits, key=lambda h: h.start)
