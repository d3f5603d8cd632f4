"""Indonesian words and abbreviations left in English text (``untranslated-token``).

A translator who keeps "AS" (Amerika Serikat), "dan" or "Presiden" produces English that an
editor must fix and that betrays the source language (audit/language.py uses these findings
as origin evidence, so a false positive costs twice). A bare word list is not enough: "AS"
is also "SUCH AS" in a headline, AS Roma and the Spanish daily AS; "di" is Italian
(Leonardo di Caprio), "Yang" a surname, "Dan" a first name, and Indonesian names and glosses
("Bank Rakyat Indonesia", "(Komando Strategi dan Cadangan ...)") legitimately keep
Indonesian words. So each word in ``audit/data/untranslated.toml`` belongs to a table that
says how much context it needs:

* ``function`` — not English words: flagged in lower case anywhere in English running text;
  capitalised only at the start of a sentence before an English function word ("Dan the").
* ``particle`` — "di", "ke": also particles of Italian names ("Leonardo di Caprio"), so
  flagged before a number or lower-case word, or after lower-case or English words, never
  after a name.
* ``ambiguous`` — also English or common foreign words ("para", "agar", "kami", "dia"):
  flagged only next to another Indonesian word.
* ``titles`` / ``nouns`` — "Presiden", "Kabupaten": flagged in either case, except inside
  an Indonesian name ("Istana Presiden").
* ``content`` — "warga", "rumah": lower case only (capitalised they begin names).
* ``numbers`` — "juta", "miliar": only right after a number ("US$11 miliar").
* ``months`` — month and day names ("Desember", "Senin") in either case; those that are also
  given names ("Juli", "Mei") only next to a number or after a preposition.
* ``phrases`` — "Amerika Serikat", "Rumah Sakit": one finding for the whole phrase.
* ``honorifics`` — "Pak", "Ibu": the Indonesian English-language press keeps them on purpose,
  so they are reported at info severity, before a name only.
* ``abbreviations`` — compared case-sensitively; "AS" and "RI" have rules of their own.

Everywhere: nothing inside an Indonesian gloss or quotation (a bracketed or quoted stretch
that is mostly Indonesian), inside an Indonesian passage, between the capitalised words of an
Indonesian name, or in an all-capitals headline.
"""

from __future__ import annotations

import bisect
import re
from functools import cached_property, lru_cache
from typing import Any, Iterable, NamedTuple

from audit import languages, wordlists
from audit.checks.base import CheckContext, Hit, check
from audit.checks.numbers.digits import matches_at
from audit.checks.lexicon import allowed, zipf
from audit.model import LanguageEvidence
from audit.patterns import literal_alternation
from audit.text import leading_runs, word_runs

_WORD_RUN_AT = re.compile(r"\w+")

# Tables in priority order: a surface form listed in two tables takes the first one's rules.
KINDS = ("abbreviations", "honorifics", "suffixes", "titles", "nouns", "months", "numbers",
         "function", "particle", "ambiguous", "content")
_TITLE_CASE = frozenset({"titles", "nouns", "months"})          # matched capitalised or not
_SENTENCE_START = frozenset({"function", "particle", "ambiguous"})  # capitalised at the start
EN_MIN, EN_MARGIN = 3.0, 0.5       # a word is English: Zipf >= 3 and clearly more English
ID_MIN, ID_MARGIN = 3.5, 1.5       # a word is the source's: Zipf >= 3.5 there, far rarer in English
# The language-agnostic fallback: a lower-case word this common in the origin language and
# unknown to English (Zipf < 1.5: no English word, not even a rare one) is a left-over.
FALLBACK_MIN, FALLBACK_EN_MAX, FALLBACK_MIN_LEN = 4.0, 1.5, 4
NEAR = 3                           # how far ``not_near`` words reach
CAPS_WORD = 5.0                    # "IS", "SUCH", "WELL" (not acronyms: CNN 4.3, NATO 4.0)

# English words after which a capitalised sentence-initial "Dan"/"Di"/"Yang" is a conjunction,
# not a name ("Dan the ..."): a first name is followed by a verb or surname, never by these.
_AFTER_CONJUNCTION = frozenset(
    "the a an this that these those it its in on at to for from with by of we they he she i "
    "you also then there".split())
_PREPOSITIONS = frozenset("in to from with against by of between and for at on into toward "
                          "towards than like".split())
_OPEN = frozenset("([{")
_CLOSE = frozenset(")]}")
_QUOTES = frozenset('"“”«»„')
_SEGMENT_BREAKS = frozenset(":;–—") | _OPEN | _CLOSE | _QUOTES
# Dotted abbreviations are one token ("EE.UU.", "É.-U."): they are looked up whole.
_TOKEN = re.compile(r"[^\W\d_]{1,3}(?:\.-?[^\W\d_]{1,3})+\.|[^\W\d_]+(?:['’][^\W\d_]+)*"
                    r"|\d+(?:[.,:]\d+)*|\S")


@lru_cache(maxsize=256)
def _definition(abbreviation: str, also: tuple[str, ...] = ()) -> re.Pattern[str]:
    """An acronym defined in the article: "ankylosing spondylitis (AS)", "Rhode Island"."""
    letters = [c for c in abbreviation if c.isalpha()]
    spelled = r"\s+(?:\w+\s+)?".join(rf"{re.escape(c)}[\w-]*" for c in letters)
    parts = [rf"\b{spelled}\s+\({re.escape(abbreviation)}\)", *map(re.escape, also)]
    return re.compile("|".join(parts), re.IGNORECASE)


class Entry(NamedTuple):
    word: str
    english: str
    kind: str
    not_after: frozenset[str]
    not_before: frozenset[str]
    not_near: frozenset[str]
    name: bool
    rule: str            # a rule of its own ("us-abbreviation"), see _SPECIAL
    context: bool        # right only where the text is otherwise that language's: not evidence alone
    defined_by: tuple[str, ...]   # spellings that define the acronym in the article ("Rhode Island")


class Lexicon(NamedTuple):
    code: str                            # the pack's language
    name: str                            # its name for messages ("Spanish")
    forms: dict[str, Entry]              # surface form in the text -> entry
    indonesian: frozenset[str]           # every lexicon word, lower case (evidence)
    candidates: re.Pattern[str] | None   # finds the surface forms in an article
    # The first run of word characters of every form ("Kota" of "Kota Baru"): ``candidates``
    # can match only where the text has such a whole run. None when a form starts with a
    # non-word character (a user's "(AS)"): then only ``candidates`` itself can tell.
    heads: frozenset[str] | None
    phrases: dict[str, str]              # lower-case phrase -> English
    phrase_re: re.Pattern[str] | None
    phrase_heads: tuple[str, ...]        # first words of the phrases, as written (a cheap gate)
    severity: dict[str, str]
    as_nouns: dict[str, str]
    as_clubs: frozenset[str]
    as_newspaper: frozenset[str]
    as_not_before: frozenset[str]
    as_newspaper_near: frozenset[str]
    name_heads: frozenset[str]
    di_names: frozenset[str]
    fixable: frozenset[str]              # tables whose words ``audit fix`` may replace
    kept: frozenset[str]                 # words the user removed: house style keeps them
    # The phrases' word gate (``_phrases_may_match``): the lower-case ASCII spellings that
    # ``phrase_re`` reads as a phrase's first run of word characters, and a pattern matching
    # any such run (for the text's other runs). None: no gate can be drawn, always scan.
    phrase_variants: frozenset[str] | None = None
    phrase_head_re: re.Pattern[str] | None = None


# Per table, the severity of a hit unless the pack says otherwise: an untranslated function
# word garbles the sentence ("the talks dan the exchange"); a title or a month is understood.
_DEFAULT_SEVERITY = {
    "function": "major", "particle": "major", "ambiguous": "major", "abbreviations": "major",
    "numbers": "major", "titles": "minor", "nouns": "minor", "content": "minor",
    "months": "minor", "honorifics": "minor", "suffixes": "minor",
}


def _entry(word: str, value: Any, kind: str) -> Entry:
    if isinstance(value, str):
        value = {"en": value}
    low = lambda key: frozenset(str(v).lower() for v in value.get(key, []))  # noqa: E731
    return Entry(word, str(value.get("en", "")), kind, low("not_after"), low("not_before"),
                 low("not_near"), bool(value.get("name", False)), str(value.get("rule", "")),
                 bool(value.get("context", False)),
                 tuple(str(v) for v in value.get("defined_by", [])))


def _build(data: dict[str, Any]) -> Lexicon:
    forms: dict[str, Entry] = {}
    for kind in KINDS:
        for word, value in data.get(kind, {}).items():
            entry = _entry(word, value, kind)
            if kind in ("abbreviations", "honorifics", "suffixes"):
                surfaces = [word]
            elif kind in _TITLE_CASE or kind == "numbers" and word[:1].isupper():
                surfaces = [word[:1].upper() + word[1:], word.lower()]
            elif kind in _SENTENCE_START:
                surfaces = [word.lower(), word[:1].upper() + word[1:].lower()]
            else:
                surfaces = [word.lower()]
            for surface in surfaces:
                forms.setdefault(surface, entry)
    phrases = {" ".join(k.lower().split()): str(v) for k, v in data.get("phrases", {}).items()}
    phrase_alt = "|".join(r"\s+".join(map(re.escape, p.split()))
                          for p in sorted(phrases, key=len, reverse=True))
    low = lambda key: frozenset(str(v).lower() for v in data.get(key, []))  # noqa: E731
    return Lexicon(
        code=str(data.get("code", "")), name=str(data.get("name", "")),
        forms=forms,
        indonesian=frozenset(f.lower() for f in forms) | frozenset(
            w for p in phrases for w in p.split()),
        candidates=re.compile(rf"(?<!\w)(?:{literal_alternation(forms)})(?!\w)"
                              if any(not f[-1].isalnum() for f in forms) else
                              rf"\b{literal_alternation(forms)}\b") if forms else None,
        heads=leading_runs(forms),
        phrases=phrases,
        phrase_re=re.compile(rf"(?<!\w)(?:{phrase_alt})(?!\w)", re.IGNORECASE) if phrases else None,
        phrase_heads=tuple(sorted({h for p in phrases
                                   for h in (p.split()[0], p.split()[0].title())})),
        severity={**_DEFAULT_SEVERITY,
                  **{str(k): str(v) for k, v in data.get("severity", {}).items()}},
        as_nouns={str(k).lower(): str(v) for k, v in data.get("as_nouns", {}).items()},
        as_clubs=low("as_clubs"), as_newspaper=low("as_newspaper"),
        as_not_before=low("as_not_before"), as_newspaper_near=low("as_newspaper_near"),
        name_heads=low("name_heads"), di_names=low("di_names"), fixable=low("fixable"),
        kept=low("kept"),
        **_phrase_gate(phrases),
    )


_LATIN = re.compile(r"[A-Za-z0-9_\u00c0-\u024f]+")
_ASCII_WORD = "abcdefghijklmnopqrstuvwxyz0123456789_"


def _phrase_gate(phrases: Iterable[str]) -> dict[str, Any]:
    """``phrase_variants`` and ``phrase_head_re`` for ``_phrases_may_match``.

    ``phrase_re`` is bounded by ``(?<!\\w)`` and ``(?!\\w)``, and the first run of word
    characters of a phrase's first word is followed by a non-word character or whitespace:
    wherever it matches, that run matches (ignoring case) a whole run of the text. The ASCII
    spellings are found by asking the engine itself, letter by letter ("ı" is also "i" to
    it); only Latin letters are gated, whose case variants are all word characters."""
    heads = set()
    for phrase in phrases:
        run = _WORD_RUN_AT.match(phrase.split()[0])
        if run is None or not _LATIN.fullmatch(run.group()):
            return {}
        heads.add(run.group())
    if not heads:
        return {}
    variants: set[str] = set()
    for head in heads:
        spellings = [""]
        for char in head:
            same = [a for a in _ASCII_WORD if re.fullmatch(re.escape(char), a, re.IGNORECASE)]
            spellings = [s + a for s in spellings for a in same]
        variants.update(spellings)
    return {"phrase_variants": frozenset(variants),
            "phrase_head_re": re.compile("|".join(map(re.escape, sorted(heads))), re.IGNORECASE)}


# --- word classes ------------------------------------------------------------------------------

SOURCE_MIN_ZIPF = 2.5   # below this a word's frequency in the source language decides nothing


def _source_zipf(lower: str, code: str) -> float:
    """Zipf frequency in a source language, from its common words only: the check weighs
    eleven languages, and their full word lists would cost hundreds of megabytes."""
    return wordlists.common_zipf(code, SOURCE_MIN_ZIPF).get(lower, 0.0)


@lru_cache(maxsize=65536)
def _english(lower: str, code: str = "id") -> bool:
    """A common English word that is not also a common word of the source language."""
    en = zipf(lower, "en")
    return en >= EN_MIN and en >= _source_zipf(lower, code) + EN_MARGIN


@lru_cache(maxsize=65536)
def _source_by_frequency(lower: str, code: str) -> bool:
    src = _source_zipf(lower, code)
    return src >= ID_MIN and zipf(lower, "en") <= src - ID_MARGIN


class Tok(NamedTuple):
    start: int
    end: int
    text: str
    lower: str          # lower case, possessive 's removed ("Presiden's" -> "presiden")
    word: bool          # letters, not a number or punctuation
    capitalised: bool


def _tok(start: int, end: int, text: str) -> Tok:
    lower = text.lower()
    if lower.endswith(("'s", "’s")):
        lower = lower[:-2]
    return Tok(start, end, text, lower, text[0].isalpha(), text[0].isupper())


_NO_TOK = _tok(0, 0, "x")


def _tokens(text: str, start: int, end: int) -> list[Tok]:
    """``_tok`` of every ``_TOKEN`` match in ``text[start:end]``, without a match object each:
    only whitespace lies between two tokens (``\\S`` takes any other character) and a token
    starts with none, so the next occurrence of a token's text is the token itself."""
    out: list[Tok] = []
    append, find, make = out.append, text.find, tuple.__new__
    pos = start
    for word in _TOKEN.findall(text, start, end):
        begin = find(word, pos)
        pos = begin + len(word)
        lower = word.lower()
        if lower.endswith(("'s", "’s")):
            lower = lower[:-2]
        first = word[0]
        append(make(Tok, (begin, pos, word, lower, first.isalpha(), first.isupper())))
    return out


def _source_word(lower: str, lex: Lexicon) -> bool:
    """A word of the pack's language: in its lexicon, or common there and rare in English."""
    return lower in lex.indonesian or _source_by_frequency(lower, lex.code)


def _near_tokens(text: str, lo: int, hi: int,
                 start: int) -> tuple[Tok | None, Tok, Tok | None] | None:
    """The token of ``Sentence(text, lo, hi)`` that starts at ``start`` with the tokens either
    side of it, or None when none starts there, from the text around alone: a token holds no
    whitespace and one starts after each whitespace, so the stretch between two whitespaces
    is tokenised alike wherever the tokeniser starts."""
    a = b = start
    while a > lo and not text[a - 1].isspace():
        a -= 1
    while b < hi and not text[b].isspace():
        b += 1
    toks = _tokens(text, a, b)
    k = next((k for k, t in enumerate(toks) if t.start == start), None)
    if k is None:
        return None
    if k:
        before = toks[k - 1]
    else:   # the last token of the stretch before, if any
        end = a
        while end > lo and text[end - 1].isspace():
            end -= 1
        first = end
        while first > lo and not text[first - 1].isspace():
            first -= 1
        before = _tokens(text, first, end)[-1] if first < end else None
    if k + 1 < len(toks):
        after = toks[k + 1]
    else:   # the first token of the stretch after, if any
        while b < hi and text[b].isspace():
            b += 1
        m = _TOKEN.match(text, b, hi) if b < hi else None
        after = _tok(m.start(), m.end(), m.group()) if m else None
    return before, toks[k], after


class Sentence:
    """One sentence's tokens and the facts every rule asks about them, computed once."""

    def __init__(self, text: str, seg_start: int, seg_end: int, lex: Lexicon):
        self.text = text
        self.lex = lex
        self.toks = _tokens(text, seg_start, seg_end)
        self._id: dict[int, bool] = {}
        self._segments: dict[int, tuple[int, int]] = {}
        self.index = {t.start: i for i, t in enumerate(self.toks)}

    @cached_property
    def all_caps(self) -> bool:
        """An all-capitals headline: most words of two letters or more are in capitals."""
        letters = [t for t in self.toks if t.word and len(t.text) > 1]
        return len(letters) >= 3 and sum(t.text.isupper() for t in letters) >= 0.8 * len(letters)

    @cached_property
    def first_word(self) -> int:
        return next((i for i, t in enumerate(self.toks) if t.word), -1)

    # neighbours -------------------------------------------------------------------------------
    def tok(self, i: int) -> Tok | None:
        return self.toks[i] if 0 <= i < len(self.toks) else None

    def word_at(self, i: int) -> Tok | None:
        t = self.tok(i)
        return t if t is not None and t.word else None

    def glued(self, i: int, j: int) -> bool:
        """Tokens i and j (j = i + 1) touch, with no space between them."""
        a, b = self.tok(i), self.tok(j)
        return a is not None and b is not None and a.end == b.start

    def is_en(self, t: Tok | None) -> bool:
        return t is not None and t.word and _english(t.lower, self.lex.code)

    def is_id(self, t: Tok | None) -> bool:
        if t is None or not t.word:
            return False
        known = self._id.get(t.start)
        if known is None:
            known = self._id[t.start] = _source_word(t.lower, self.lex)
        return known

    def name_word(self, i: int) -> bool:
        """A capitalised word that is not the sentence's first (a name or part of one)."""
        t = self.word_at(i)
        return t is not None and t.capitalised and i != self.first_word

    # context ----------------------------------------------------------------------------------
    def enclosed(self, i: int) -> bool:
        """Inside brackets or quotation marks within this sentence."""
        return self._enclosure[i]

    @cached_property
    def _enclosure(self) -> list[bool]:
        """``enclosed(i)`` for every i, in one pass (not one pass per token)."""
        out = []
        depth = 0
        quotes = 0
        for t in self.toks:
            out.append(depth > 0 or quotes % 2 == 1)
            if t.text in _OPEN:
                depth += 1
            elif t.text in _CLOSE:
                depth = max(0, depth - 1)
            elif t.text in _QUOTES:
                quotes += 1
        out.append(depth > 0 or quotes % 2 == 1)
        return out

    @cached_property
    def _stretches(self) -> tuple[list[int], list[int]]:
        """For each token, the first and last token of the stretch between segment breaks."""
        n = len(self.toks)
        breaks = [t.text in _SEGMENT_BREAKS for t in self.toks]
        lo, hi = [0] * n, [n - 1] * n
        for k in range(1, n):
            lo[k] = k if breaks[k - 1] else lo[k - 1]
        for k in range(n - 2, -1, -1):
            hi[k] = k if breaks[k + 1] else hi[k + 1]
        return lo, hi

    def segment_counts(self, i: int) -> tuple[int, int]:
        """(English, Indonesian) words in the stretch around i bounded by brackets, quotes,
        colons, semicolons and dashes: a gloss "(Malay: Serangan di Limbang)" is its own stretch."""
        lo = self._stretches[0][i]
        cached = self._segments.get(lo)
        if cached is not None:
            return cached
        hi = self._stretches[1][i]
        n_en = n_id = 0
        for t in self.toks[lo:hi + 1]:
            if self.is_id(t):
                n_id += 1
            elif self.is_en(t):
                n_en += 1
        self._segments[lo] = (n_en, n_id)
        return n_en, n_id

    def tightly_enclosed(self, i: int) -> bool:
        """Directly wrapped in brackets or quotes: "(Kemenlu)", the word "yang"."""
        before, after = self.tok(i - 1), self.tok(i + 1)
        return (before is not None and after is not None and self.glued(i - 1, i)
                and self.glued(i, i + 1) and before.text in _OPEN | _QUOTES | {"‘", "'"}
                and after.text in _CLOSE | _QUOTES | {"’", "'"})

    def indonesian_stretch(self, i: int) -> bool:
        """A gloss, an Indonesian quotation or name, or a passage in Indonesian: not a slip.

        Bracketed or quoted, two Indonesian words outnumbering the English ones make a gloss
        ("(Malay: Serangan di Limbang)"); one word is a gloss or a mention only when wrapped
        tightly ("(Kemenlu)", the relative pronoun "yang"). Unbracketed, a stretch must be
        clearly Indonesian (a quotation left in the original), not English with a slip in it.
        """
        n_en, n_id = self.segment_counts(i)
        if n_id > n_en and self.enclosed(i) and (n_id >= 2 or self.tightly_enclosed(i)):
            return True
        return n_id >= 3 and n_id > 2 * n_en

    def near(self, i: int, words: frozenset[str]) -> bool:
        if not words:
            return False
        lo, hi = max(0, i - NEAR), min(len(self.toks), i + NEAR + 1)
        return any(t.word and t.lower in words
                   for k, t in enumerate(self.toks[lo:hi], lo) if k != i)


# --- rules per table ---------------------------------------------------------------------------

def _capitalised_run(s: Sentence, i: int, step: int) -> list[Tok]:
    """The capitalised words next to token i, going left (step -1) or right (+1)."""
    run = []
    k = i + step
    while True:
        t = s.word_at(k)
        if t is None or not t.capitalised:
            return run
        run.append(t)
        k += step


def _name_internal(s: Sentence, i: int) -> bool:
    """Inside an Indonesian multi-word name: "Komando Strategi dan Cadangan", "Badan Pengawas
    Obat dan Makanan". A side of two or more capitalised words, mostly Indonesian, makes a
    name; single names on both sides ("Israel dan Hamas", "Bogor dan Jakarta") are a slip."""
    left, right = _capitalised_run(s, i, -1), _capitalised_run(s, i, 1)
    if not left or not right:
        return False
    for run, other in ((left, right), (right, left)):
        if len(run) >= 2 and 2 * sum(s.is_id(t) for t in run) > len(run) \
                and not any(s.is_en(t) for t in other):
            return True
    return False


def _hyphen_partners(s: Sentence, i: int) -> list[Tok | None]:
    """The words joined to token i by hyphens ("di-nitrogen" → [nitrogen]); [] if none."""
    partners = []
    before, after = s.tok(i - 1), s.tok(i + 1)
    if before is not None and before.text in "-‐" and s.glued(i - 1, i) and s.glued(i - 2, i - 1):
        partners.append(s.word_at(i - 2))
    if after is not None and after.text in "-‐" and s.glued(i, i + 1) and s.glued(i + 1, i + 2):
        partners.append(s.word_at(i + 2))
    return partners


def _hyphenated(s: Sentence, i: int) -> bool:
    """Part of a hyphenated word ("di-nitrogen", "yin-yang", "Pak-China")."""
    return bool(_hyphen_partners(s, i))


def _english_compound(s: Sentence, i: int) -> bool:
    """Hyphenated between English words only: "one-hundred-dan-sixty" is a slip."""
    partners = _hyphen_partners(s, i)
    return bool(partners) and all(p is not None and s.is_en(p) for p in partners)


def _plain(s: Sentence, t: Tok | None) -> bool:
    """A lower-case word of running text that is not Indonesian ("media", "the")."""
    return t is not None and t.word and t.text.islower() and not s.is_id(t)


def _indonesian_neighbour(s: Sentence, i: int) -> bool:
    return s.is_id(s.word_at(i - 1)) or s.is_id(s.word_at(i + 1))


def _name_particle(s: Sentence, i: int) -> bool:
    """Between a name's capitalised words, over other short lexicon words: "Plaza de la
    Villa", "Pierre du Pont", "Ciudad del Este" keep their particles in English."""
    for step in (-1, 1):
        k = i + step
        while (t := s.word_at(k)) is not None and t.text.islower() and t.lower in s.lex.forms \
                and s.lex.forms[t.lower].kind == "ambiguous":
            k += step
        t = s.word_at(k)
        if t is not None and t.capitalised and not (step == -1 and k == s.first_word
                                                    and s.is_en(t)):
            return True
    return False


def _function_word(s: Sentence, i: int, entry: Entry, lex: Lexicon) -> bool:
    t = s.toks[i]
    if t.capitalised:
        # Only a sentence-initial conjunction: "Dan the ..." (not "Dan Brown", "Yang Jiechi").
        nxt = s.word_at(i + 1)
        if i != s.first_word or nxt is None or nxt.capitalised:
            return False
        if entry.kind == "ambiguous" and not s.is_id(nxt):
            return False
        return nxt.lower in _AFTER_CONJUNCTION or s.is_id(nxt)
    if not t.text.islower() or _name_internal(s, i):
        return False
    if _hyphenated(s, i) and (entry.kind != "function" or not _english_compound(s, i)):
        return False
    if entry.kind == "ambiguous":   # not in a quotation: "fire fi di man dem" is patois
        return not _name_particle(s, i) and not s.enclosed(i) and _indonesian_neighbour(s, i)
    nxt = s.word_at(i + 1)
    if entry.kind == "particle":
        # "di" is also the particle of Italian names ("Leonardo di Caprio", "Reggio di
        # Calabria"), which a capitalised name follows. Before a number or a lower-case
        # word ("di 1942", "di the north") it is Indonesian; before a capitalised word only
        # after English ("Court di Pakistan", "UN di October", "born 1914, di Paris").
        nxt_tok = s.tok(i + 1)
        if nxt_tok is None:
            return False
        if nxt_tok.text[0].isdigit() or _plain(s, nxt) and nxt_tok is nxt:
            return True
        if _indonesian_neighbour(s, i):
            return True
        if nxt_tok is not nxt:
            return False
        before = s.tok(i - 1)
        if before is None or not before.word:
            return before is None or before.text in ",(" or before.text in _QUOTES
        if before.lower in lex.di_names:
            return False
        return _plain(s, before) or (
            before.capitalised and (before.text.isupper() or s.is_en(before)))
    return True


def _title_or_noun(s: Sentence, i: int, entry: Entry, lex: Lexicon) -> bool:
    """Not inside the name of a place or building ("Istana Presiden", "Jl. Jenderal Sudirman")."""
    if s.toks[i].capitalised:
        k = i - 1
        while k >= 0 and i - k <= 4:
            t = s.toks[k]
            if t.word and t.capitalised:
                if t.lower in lex.name_heads:
                    return False
            elif t.text != ".":
                break
            k -= 1
    return not _hyphenated(s, i)


def _content_word(s: Sentence, i: int, entry: Entry, lex: Lexicon) -> bool:
    if _hyphenated(s, i):
        return False
    prev, nxt = s.word_at(i - 1), s.word_at(i + 1)
    return any(s.is_en(w) or s.is_id(w) for w in (prev, nxt))


def _number_word(s: Sentence, i: int, entry: Entry, lex: Lexicon) -> bool:
    prev = s.tok(i - 1)
    return prev is not None and prev.text[0].isdigit()


_TIME_PREPOSITIONS = frozenset("in since until till from by last next early late mid of during "
                               "before after through on every this".split())


def _month(s: Sentence, i: int, entry: Entry, lex: Lexicon) -> bool:
    """"20 Desember 2023", "on Senin"; a month that is also a given name ("Juli Inkster")
    needs a number next to it or a preposition before it and no surname after it."""
    prev, nxt = s.tok(i - 1), s.tok(i + 1)
    day = prev is not None and prev.text.isdigit() and 1 <= int(prev.text) <= 31
    year = nxt is not None and nxt.text.isdigit() and len(nxt.text) == 4
    if day or year:
        return True
    if entry.name:
        before, after = s.word_at(i - 1), s.word_at(i + 1)
        return (before is not None and before.text in _TIME_PREPOSITIONS
                and not (after is not None and after.capitalised))
    return _title_or_noun(s, i, entry, lex)


def _honorific(s: Sentence, i: int, entry: Entry, lex: Lexicon) -> bool:
    start = i
    if (s.tok(i + 1) or _NO_TOK).text == "." and s.glued(i, i + 1):
        i += 1  # "M. Macron", "Sr. Sánchez": the name follows the full stop
        before = s.word_at(start - 2) if (s.tok(start - 1) or _NO_TOK).text == "." else None
        if before is not None and len(before.text) <= 2 and before.capitalised:
            return False  # initials: "J. M. Coetzee"
    nxt = s.word_at(i + 1)
    if nxt is None or not nxt.capitalised or nxt.text.isupper() or s.is_en(nxt):
        return False  # "Pak Army", "Ibu Kota"
    if s.glued(i + 1, i + 2) and (s.tok(i + 2) or _NO_TOK).text in "-‐":
        return False  # Korean "Pak Se-ri"
    return not s.name_word(start - 1)  # "Artur Mas", "Ibu" inside a longer name


def _suffix(s: Sentence, i: int, entry: Entry, lex: Lexicon) -> bool:
    """An honorific after the name: "Kishida-san" (hyphenated), "Erdoğan Bey"."""
    dash = s.tok(i - 1)
    if dash is not None and dash.text in "-‐" and s.glued(i - 1, i):
        name = s.word_at(i - 2)
        return name is not None and name.capitalised and s.glued(i - 2, i - 1)
    name = s.word_at(i - 1)
    return (name is not None and name.capitalised and not s.is_en(name)
            and s.toks[i].capitalised and s.tok(i - 1) is name)


_RULES = {
    "suffixes": _suffix,
    "function": _function_word, "particle": _function_word, "ambiguous": _function_word,
    "titles": _title_or_noun, "nouns": _title_or_noun, "content": _content_word,
    "numbers": _number_word, "months": _month, "honorifics": _honorific,
}


# --- AS and RI ---------------------------------------------------------------------------------

_AS_COMPOUNDS = frozenset({"based", "led", "backed", "made", "funded", "brokered"})  # "AS-led"
_RI_BODIES = frozenset({"dpr", "mpr", "tni", "polri", "kbri"})  # "DPR RI": Indonesian bodies


def _caps_phrase(s: Sentence, i: int) -> bool:
    """Next to an English word in capitals: "AS IS" (licences), "SUCH AS", "AS WELL"."""
    for k in (i - 1, i + 1):
        t = s.word_at(k)
        if t is not None and len(t.text) > 1 and t.text.isupper() and _english(t.lower, s.lex.code) \
                and zipf(t.lower, "en") >= CAPS_WORD:  # a word, not an acronym ("AS CNN")
            return True
    return False


def _as_hit(s: Sentence, i: int, lex: Lexicon, defined: bool) -> tuple[str, str] | None:
    """Message and suggestion when "AS" is Amerika Serikat, else None.

    Needs positive evidence: "the AS", an Indonesian word order ("Media AS Axios", "dollar
    AS"), a lower-case or English word after it ("AS forces", "AS President"), "AS$", "AS-China".
    Not: all-caps headlines ("SUCH AS"), clubs ("AS Roma"), the Spanish daily ("told AS"), AS
    levels, company suffixes ("Telenor AS"), initials ("Muhammad AS Hikam"), model numbers.
    """
    if defined or s.all_caps or _caps_phrase(s, i):
        return None
    prev, nxt = s.tok(i - 1), s.tok(i + 1)
    prev_word, next_word = s.word_at(i - 1), s.word_at(i + 1)
    after = s.tok(i + 2)
    if nxt is not None and s.glued(i, i + 1):
        if nxt.text == "$":
            return ("Indonesian \"AS\" (Amerika Serikat) for the United States: "
                    "\"AS$\" is \"US$\".", "US")
        if nxt.text in "-‐" and after is not None and s.glued(i + 1, i + 2):
            if after.word and (after.capitalised or after.lower in _AS_COMPOUNDS):
                return _as_message(s, i, lex, None), "US"
            return None  # "AS-level", "AS-90"
        if nxt.text in "/\\":
            return None  # "AS/400"
    if prev is not None and prev.text in "/\\" and s.glued(i - 1, i):
        return None  # "A/S"
    if nxt is not None and nxt.text[0].isdigit():
        return None  # "AS 332 Super Puma", "Pago Pago, AS 96799"
    if next_word is not None:
        low = next_word.lower
        if low in lex.as_not_before or low in lex.as_clubs:
            return None
        if low in ("and", "or") and (s.word_at(i + 2) or _NO_TOK).text in ("A", "A2"):
            return None  # "AS and A levels"
    if (prev_word is not None and prev_word.lower in lex.as_newspaper
            or s.near(i, lex.as_newspaper_near)):
        return None  # the Spanish sports daily: "told AS", "Marca and AS"
    if next_word is not None and next_word.lower in ("newspaper", "daily"):
        return None
    if prev is not None and prev.text == "(" and nxt is not None and nxt.text == ")":
        # "the United States (AS)": an Indonesian acronym glossing the English name.
        before = s.word_at(i - 2)
        if before is not None and before.lower == "states":
            return ("The Indonesian acronym \"AS\" (Amerika Serikat) glosses \"United States\"; "
                    "English uses \"US\".", "US")
        return None
    head = None
    if prev_word is not None and prev is prev_word:
        head = lex.as_nouns.get(prev_word.lower)
    if prev_word is not None and prev is prev_word and prev_word.capitalised and head is None \
            and i - 1 != s.first_word and prev_word.lower not in ("the", "a", "an"):
        return None  # company suffix or initials: "Telenor AS", "Muhammad AS Hikam"
    if head is not None:
        before = s.word_at(i - 2)
        if before is not None and s.name_word(i - 2) and before.lower not in lex.as_nouns \
                and (next_word is None or not next_word.capitalised):
            return None  # "Schibsted Media AS"
        return _as_message(s, i, lex, head), "US", _as_rewrite(s, i, head)
    if prev is not None and prev.word and prev.lower in ("the", "a", "an"):
        return _as_message(s, i, lex, None), "US"
    if next_word is not None and nxt is next_word:
        if next_word.text.islower() or (next_word.capitalised and (
                s.is_en(next_word) or next_word.lower in lex.as_nouns)):
            return _as_message(s, i, lex, None), "US"
    if prev_word is not None and prev is prev_word and prev_word.lower in _PREPOSITIONS \
            and (nxt is None or not nxt.word):
        return _as_message(s, i, lex, None), "US"
    return None


def _following_name(s: Sentence, i: int) -> str:
    """The capitalised words right after token i ("Axios", "Joe Biden"), at most three."""
    names = []
    k = i + 1
    while len(names) < 3:
        t = s.tok(k)
        if t is None or not t.word or not t.capitalised:
            break
        names.append(t.text)
        k += 1
    return " ".join(names)


def _as_message(s: Sentence, i: int, lex: Lexicon, head: str | None) -> str:
    base = ("Indonesian \"AS\" (Amerika Serikat) left untranslated: the United States is "
            "\"US\" in English.")
    if head is None:
        return base
    prev = s.toks[i - 1].text
    name = _following_name(s, i)
    phrase = f"US {head} {name}".strip()
    original = f"{prev} AS {name}".strip()
    return f"{base} \"{original}\" is Indonesian word order; in English: \"{phrase}\"."


def _as_rewrite(s: Sentence, i: int, head: str) -> tuple[int, int, str]:
    """The exact edit for Indonesian word order: "Media AS Axios" → "US media outlet Axios"
    (from the noun before "AS" to the end of the name after it, as ``audit fix`` applies it)."""
    start = s.toks[i - 1].start
    k, end = i + 1, s.toks[i].end
    while k <= i + 3 and (t := s.tok(k)) is not None and t.word and t.capitalised:
        end, k = t.end, k + 1
    name = s.text[s.toks[i].end:end].strip() if end > s.toks[i].end else ""
    return start, end, f"US {head} {name}".strip()


def _ri_hit(s: Sentence, i: int, lex: Lexicon, defined: bool) -> tuple[str, str] | None:
    """"RI" (Republik Indonesia) as in "President RI", "the RI government", "RI-Malaysia";
    not Rhode Island ("Providence, RI 02903"), a defined acronym or an all-caps headline."""
    if defined or s.all_caps or _caps_phrase(s, i):
        return None
    prev, nxt = s.tok(i - 1), s.tok(i + 1)
    prev_word, next_word = s.word_at(i - 1), s.word_at(i + 1)
    if prev is not None and (prev.text in ",/" or prev.text in _OPEN):
        return None
    if nxt is not None and (nxt.text[0].isdigit() or nxt.text == "/"):
        return None
    message = ("Indonesian \"RI\" (Republik Indonesia) left untranslated: English says "
               "\"Indonesia\" or \"Indonesian\".")
    if nxt is not None and nxt.text in "-‐" and s.glued(i, i + 1):
        after = s.word_at(i + 2)
        if after is not None and after.capitalised and s.glued(i + 1, i + 2):
            return message, "Indonesia"
        return None
    if prev_word is not None and prev is prev_word:
        if prev_word.lower in lex.as_nouns or prev_word.lower in _RI_BODIES:
            return (f"{message} \"{prev_word.text} RI\" is Indonesian word order: "
                    f"\"Indonesian {prev_word.text}\".", "Indonesia")
        if prev_word.capitalised and i - 1 != s.first_word:
            return None
        if prev_word.lower == "the" and next_word is not None and nxt is next_word:
            return message, "Indonesian"
    return None


_SPECIAL = {"us-abbreviation": _as_hit, "ri-abbreviation": _ri_hit}


# --- the check ---------------------------------------------------------------------------------

def _in_address(text: str, start: int, end: int) -> bool:
    """Part of an e-mail address, URL, file name or identifier: "dan@debian.org", ".ini"."""
    before, after = text[start - 1:start] if start else "", text[end:end + 2]
    return before in ("/", "@", "#", "_", "=", "\\", ".", "<") and before != "" or (
        after[:1] in ("/", "@", "_", "=", ">", "\\") or (after[:1] == "." and after[1:2].isalnum()))


_WHAT = {"abbreviations": "abbreviation", "titles": "title", "honorifics": "honorific",
         "suffixes": "honorific", "months": "month or day name", "numbers": "number word"}


def _message(entry: Entry, surface: str, lex: Lexicon) -> str:
    what = _WHAT.get(entry.kind, "word")
    text = f"{lex.name} {what} \"{surface}\" left untranslated (English: \"{entry.english}\")."
    if entry.kind == "honorifics" and lex.severity.get("honorifics") == "info":
        text += (f" The {lex.name} English-language press often keeps it on purpose; "
                 "follow your house style.")
    return text


def _suggestion(entry: Entry, surface: str) -> str:
    english = entry.english
    if surface[:1].isupper() and english[:1].islower() \
            and entry.kind not in ("abbreviations", "numbers"):
        return english[:1].upper() + english[1:]
    return english


def _one_rendering(english: str) -> bool:
    """"which/who", "at (time)": options or a gloss for the editor, not a replacement."""
    return bool(english) and not any(c in english for c in "/()")


class _Article:
    """One article's text seen through one pack: sentences and paragraphs built on demand."""

    def __init__(self, ctx: CheckContext, lex: Lexicon):
        self.text = ctx.text
        self.lex = lex
        self.sents = ctx.sentences
        self.starts = [seg.start for seg in self.sents]
        self.paras = ctx.paragraphs
        self.para_starts = [p.start for p in self.paras]
        self._sentences: dict[int, Sentence] = {}
        self._source_paras: dict[int, bool] = {}

    def bounds_of(self, pos: int) -> tuple[int, int] | None:
        """The span of the sentence that holds ``pos`` (``sentence_of``), without building it."""
        k = bisect.bisect_right(self.starts, pos) - 1
        if k < 0 or pos >= self.sents[k].end:
            return None
        return self.sents[k].start, self.sents[k].end

    def sentence_of(self, pos: int) -> Sentence | None:
        k = bisect.bisect_right(self.starts, pos) - 1
        if k < 0 or pos >= self.sents[k].end:
            return None
        if k not in self._sentences:
            self._sentences[k] = Sentence(self.text, self.sents[k].start, self.sents[k].end,
                                          self.lex)
        return self._sentences[k]

    def in_source_paragraph(self, pos: int) -> bool:
        """A paragraph left in the source language (a quotation, a skipped paragraph) is
        reported by the paragraph languages, not word by word. Lower-case words decide:
        names ("Basuki Tjahaja Purnama", "Kampung Pulo") say nothing about the language,
        except in a headline, which has too few lower-case words to go by."""
        k = bisect.bisect_right(self.para_starts, pos) - 1
        if k < 0:
            return False
        if k not in self._source_paras:
            para = Sentence(self.text, self.paras[k].start, self.paras[k].end, self.lex)
            counts = {True: [0, 0], False: [0, 0]}  # lower case? -> [English, source]
            for t in para.toks:
                if t.word:
                    lower = t.text.islower()
                    if para.is_id(t):
                        counts[lower][1] += 1
                    elif para.is_en(t):
                        counts[lower][0] += 1
            n_en, n_src = counts[True]
            if n_en + n_src < 3:
                n_en, n_src = n_en + counts[False][0], n_src + counts[False][1]
            self._source_paras[k] = n_src >= 2 and n_src > n_en
        return self._source_paras[k]


def _phrase_hits(art: _Article, ctx: CheckContext, heads: bool | None = None) -> Iterable[Hit]:
    """``heads``: whether a phrase's first word occurs, when the caller knows it already."""
    lex = art.lex
    if lex.phrase_re is None or not (
            heads if heads is not None else any(h in art.text for h in lex.phrase_heads)):
        return
    for m in lex.phrase_re.finditer(art.text):
        s = art.sentence_of(m.start())
        if s is None or allowed(ctx.config, m.group()):
            continue
        i = s.index.get(m.start())
        if i is None or s.all_caps or s.indonesian_stretch(i) \
                or art.in_source_paragraph(m.start()):
            continue
        english = _phrase_english(lex, m.group())
        yield Hit(m.start(), m.end(),
                  f"{lex.name} phrase \"{m.group()}\" left untranslated (English: \"{english}\").",
                  english, severity=lex.severity.get("titles"), evidence=LanguageEvidence((lex.code,)),
                  fixable="phrases" in lex.fixable and _one_rendering(english))


def _phrase_english(lex: Lexicon, matched: str) -> str:
    """The English of the phrase ``phrase_re`` matched: by its lower case, or, for a spelling
    that only the engine's case folding joins to the phrase ("ſin embargo" for "sin embargo"),
    by the phrase that matches it alike (a look-up error once cost the article every hit)."""
    found = lex.phrases.get(" ".join(matched.lower().split()))
    if found is None:
        found = next(english for phrase, english in lex.phrases.items() if re.fullmatch(
            r"\s+".join(map(re.escape, phrase.split())), matched, re.IGNORECASE))
    return found


def _excluded_by_neighbours(s: Sentence, i: int, entry: Entry) -> bool:
    prev, nxt = s.word_at(i - 1), s.word_at(i + 1)
    return (prev is not None and prev.lower in entry.not_after) or (
        nxt is not None and nxt.lower in entry.not_before) or s.near(i, entry.not_near)


class _Definitions:
    """Whether the article defines an acronym ("ankylosing spondylitis (AS)"), looked up once
    and only for acronyms that occur."""

    def __init__(self, text: str, lex: Lexicon):
        self.text, self.lex, self.known = text, lex, {}

    def get(self, entry: Entry) -> bool:
        if entry.word not in self.known:
            pattern = _definition(entry.word, entry.defined_by)
            self.known[entry.word] = bool(pattern.search(self.text))
        return self.known[entry.word]


def _special_hit(s: Sentence, i: int, entry: Entry, art: _Article,
                 defined: _Definitions) -> tuple[str, str] | None:
    """An abbreviation with a rule of its own ("AS", "RI"), or None when it does not fire."""
    found = _SPECIAL[entry.rule](s, i, art.lex, defined.get(entry))
    if found is None or (s.indonesian_stretch(i) and s.segment_counts(i)[1] >= 2) \
            or art.in_source_paragraph(s.toks[i].start):
        return None
    return found


def _token_hits(art: _Article, ctx: CheckContext, covered: list[tuple[int, int]],
                form_runs: tuple[str, ...] | None = None) -> Iterable[Hit]:
    """``form_runs``: the text's word runs that lead a form (``_form_runs``), when known: a
    form matches only where one of them is a whole run (``_may_match``), so the scan tries
    those places alone, finding what a scan of the whole text finds."""
    lex, text = art.lex, art.text
    defined = _Definitions(text, lex)
    matches = lex.candidates.finditer(text) if form_runs is None else \
        matches_at(lex.candidates, text, _run_starts(text, form_runs))
    for m in matches:
        surface = m.group()
        if any(a <= m.start() < b for a, b in covered):
            continue
        if allowed(ctx.config, surface) or _in_address(text, m.start(), m.end()):
            continue  # (before the sentence is built: these look at the text alone)
        entry = lex.forms[surface]
        if not _may_fire(art, m.start(), m.end(), entry):
            continue
        s = art.sentence_of(m.start())
        i = s.index.get(m.start()) if s is not None else None
        if i is None or not _whole_tokens(s, i, m.end()) or _excluded_by_neighbours(s, i, entry):
            continue
        evidence = {"evidence": LanguageEvidence((lex.code,), needs_corroboration=entry.context)}
        if entry.rule:
            found = _special_hit(s, i, entry, art, defined)
            if found is not None:
                message, suggestion, *rewrite = found
                if rewrite:   # Indonesian word order ("Media AS Axios") is evidence on its own
                    evidence = {"evidence": LanguageEvidence((lex.code,))}
                # "AS" → "US" is always the word (the rule knows its rewrite); "RI" needs rewording
                yield Hit(m.start(), m.end(), message, suggestion,
                          severity=lex.severity.get("abbreviations"),
                          fixable=entry.rule == "us-abbreviation",
                          fix=rewrite[0] if rewrite else None, **evidence)
            continue
        if s.all_caps:
            continue
        rule = _RULES.get(entry.kind)
        if rule is not None and not rule(s, i, entry, lex) or s.indonesian_stretch(i) \
                or art.in_source_paragraph(m.start()):
            continue
        yield Hit(m.start(), m.end(), _message(entry, surface, lex), _suggestion(entry, surface),
                  severity=lex.severity.get(entry.kind),
                  fixable=entry.kind in lex.fixable and _one_rendering(entry.english), **evidence)


def _may_fire(art: _Article, start: int, end: int, entry: Entry) -> bool:
    """False only where the rest of ``_token_hits`` passes the match by, told from the tokens
    around it alone (no ``Sentence`` built): it is in no sentence, no token starts where it
    does ("ve" of "we've"), it is not whole tokens (``_whole_tokens``), or it is an
    ``ambiguous`` word with no word of the language beside it (its rule needs one)."""
    bounds = art.bounds_of(start)
    near = _near_tokens(art.text, *bounds, start) if bounds is not None else None
    if near is None:
        return False
    before, tok, after = near
    if tok.end != end and not (after is not None and after.text == "." and after.start == tok.end
                               and after.end == end):
        return False
    if entry.kind == "ambiguous" and not entry.rule:
        return any(t is not None and t.word and _source_word(t.lower, art.lex)
                   for t in (before, after))
    return True


def _whole_tokens(s: Sentence, i: int, end: int) -> bool:
    """The match ends where token i ends, or where the full stop glued to it ends ("M.")."""
    if s.toks[i].end == end:
        return True
    nxt = s.tok(i + 1)
    return nxt is not None and nxt.text == "." and s.glued(i, i + 1) and nxt.end == end




@lru_cache(maxsize=None)
def _fallback_words(code: str) -> frozenset[str]:
    """The words common in ``code`` (Zipf ≥ 4) that are no English word at all (Zipf < 1.5)."""
    def rule():
        return (w for w in wordlists.common_zipf(code, FALLBACK_MIN) if len(w) >= FALLBACK_MIN_LEN
                and w.isalpha() and w.islower() and zipf(w, "en") < FALLBACK_EN_MAX)

    # once per machine (wordlists.derived): ~5,000 look-ups, ~20 ms of a run's start-up
    return frozenset(wordlists.derived(rule, (code, FALLBACK_MIN, FALLBACK_MIN_LEN,
                                              FALLBACK_EN_MAX), (code, "en")))


def _fallback_hits(art: _Article, ctx: CheckContext, taken: set[int]) -> Iterable[Hit]:
    """The language-agnostic rule, for a known origin: a lower-case word common in the origin
    language (wordfreq) that is no English word, between English words, is a left-over."""
    lex, text = art.lex, art.text
    common = _fallback_words(lex.code)
    for m in ctx.words:
        word = m.text
        if word not in common or m.start in taken or word in lex.kept:
            continue
        edge_before, edge_after = text[m.start - 1:m.start], text[m.end:m.end + 1]
        if edge_before and (edge_before.isalnum() or edge_before in "'’-_") \
                or edge_after and (edge_after.isalnum() or edge_after in "'’-_"):
            continue  # part of a longer word, a name or a compound
        s = art.sentence_of(m.start)
        i = s.index.get(m.start) if s is not None else None
        if i is None or s.all_caps or s.enclosed(i) or _hyphenated(s, i) \
                or s.indonesian_stretch(i) or art.in_source_paragraph(m.start):
            continue
        if not (s.is_en(s.word_at(i - 1)) or s.is_en(s.word_at(i + 1))):
            continue  # between names or numbers: too little English around to tell
        if allowed(ctx.config, word) or _in_address(text, m.start, m.end):
            continue
        yield Hit(m.start, m.end,
                  f"\"{word}\" is a common {lex.name} word and no English one: left "
                  f"untranslated?", None, severity="minor", evidence=LanguageEvidence((lex.code,)))


def _may_match(lex: Lexicon, text: str) -> bool:
    """Whether ``lex.candidates`` matches somewhere in ``text``; the set test spares the
    regex scan on the many articles with none of the pack's forms. Each form is bounded by
    non-word characters (``(?<!\\w)``/``\\b`` before it), so its leading run of word
    characters is a whole run of the text wherever it matches."""
    return _forms_may_match(lex, text) and lex.candidates.search(text) is not None


def _forms_may_match(lex: Lexicon, text: str) -> bool:
    """``_may_match`` without the scan: a leading run of a form is a word run of ``text``."""
    return lex.candidates is not None and (
        lex.heads is None or not word_runs(text).isdisjoint(lex.heads))


def _form_runs(lex: Lexicon, text: str) -> tuple[str, ...] | None:
    """The word runs of ``text`` that lead a form of the pack (``_forms_may_match`` is
    whether there is one), in no order; None when the pack's forms have no ``heads``."""
    if lex.candidates is None:
        return ()
    return None if lex.heads is None else tuple(word_runs(text) & lex.heads)


class Gates(NamedTuple):
    """What the word gates tell of one pack in one text."""

    form_runs: tuple[str, ...] | None   # ``_form_runs``: () none of its forms can match
    phrases: bool                       # ``_phrases_may_match``


_WORD_CHAR = re.compile(r"\w")


@lru_cache(maxsize=2048)
def _run_end(run: str) -> re.Pattern[str]:
    """``run`` where a word run ends after it (the literal first: the engine's fast search)."""
    return re.compile(re.escape(run) + r"(?!\w)")


def _run_starts(text: str, runs: tuple[str, ...]) -> list[int]:
    """Where each of ``runs`` (word runs of ``text``) occurs as a whole word run, in order."""
    starts = []
    for run in runs:
        for m in _run_end(run).finditer(text):
            at = m.start()
            if not at or _WORD_CHAR.match(text, at - 1) is None:
                starts.append(at)
    if len(runs) > 1:
        starts.sort()
    return starts


@lru_cache(maxsize=8)
def _lower_runs(text: str) -> tuple[frozenset[str], tuple[str, ...]]:
    """The text's word runs in lower case, and those that are not ASCII as written (one
    look a text, shared by the packs)."""
    runs = word_runs(text)
    joined = " ".join(runs)
    odd = () if joined.isascii() else tuple(r for r in runs if not r.isascii())
    return frozenset(joined.lower().split()), odd


@lru_cache(maxsize=4096)
def _head_match(pattern: re.Pattern[str], run: str) -> bool:
    return pattern.fullmatch(run) is not None


def _phrases_may_match(lex: Lexicon, text: str) -> bool:
    """Whether ``lex.phrase_re`` may match in ``text``: a phrase's first run of word
    characters is a run of the text, case aside. An ASCII run is compared by its lower case
    (the engine compares ASCII letters so), any other run by ``phrase_head_re`` itself."""
    if lex.phrase_re is None:
        return False
    if lex.phrase_variants is None:
        return True
    lowered, odd = _lower_runs(text)
    if not lowered.isdisjoint(lex.phrase_variants):
        return True
    return any(_head_match(lex.phrase_head_re, run) for run in odd)


def _pack_hits(ctx: CheckContext, lex: Lexicon, fallback: bool,
               gates: Gates | None = None) -> list[Hit]:
    """Every hit of one language's pack; with ``fallback``, the frequency rule as well.
    ``gates``: what the word gates tell of it (``_gated_packs``); else they are asked here."""
    text = ctx.text
    if gates is None:
        gates = Gates(_form_runs(lex, text), _phrases_may_match(lex, text))
    form_runs, phrases = gates
    forms = form_runs is None or bool(form_runs)
    # a phrase head as a substring first (as before), then as a word: a phrase_re that
    # cannot match finds nothing, so skipping its scan changes nothing
    heads = phrases and any(map(text.__contains__, lex.phrase_heads))
    if not fallback and not forms and not heads:
        return []   # the common case: nothing of this pack in the article
    art = _Article(ctx, lex)
    hits = list(_phrase_hits(art, ctx, heads))
    covered = [(h.start, h.end) for h in hits]
    if forms:  # the scan finds the forms, if any: no search for one before it
        hits += _token_hits(art, ctx, covered, form_runs)
    if fallback or any(h.evidence and not h.evidence.needs_corroboration for h in hits):
        taken = {h.start for h in hits}
        hits += _fallback_hits(art, ctx, taken)
    return hits


class _Gate(NamedTuple):
    """What the packs of one set look for, for one look at an article instead of one a pack.

    Each spelling of a word run is judged once (``_judge``) and remembered: most runs of a
    text ("the", "minister") are no pack's, and one set difference sets them all aside."""

    lexes: tuple[Lexicon, ...]
    owners: dict[str, tuple[int, ...]]   # a leading word run → the packs whose forms have it
    # a lower-case ASCII spelling of a phrase head → the packs that have it (the phrases'
    # word gate, ``_phrases_may_match``)
    phrase_owners: dict[str, tuple[int, ...]]
    always: frozenset[int]               # packs with forms but no ``heads``: always scanned
    phrase_always: frozenset[int]        # packs with phrases but no word gate: always scanned
    # the spellings met that some pack answers to → (form packs, phrase packs), and those
    # that no pack answers to; bounded (~2 MB at most): once full, a new spelling is judged
    # each time it is met (the first spellings met are the common ones)
    known: dict[str, tuple[tuple[int, ...], tuple[int, ...]]]
    quiet: set[str]


_GATES: dict[tuple[int, ...], _Gate] = {}
_QUIET_LIMIT, _KNOWN_LIMIT = 16384, 4096


def _gate(lexes: list[Lexicon]) -> _Gate:
    key = tuple(map(id, lexes))
    if key not in _GATES:   # the lexicons are kept with their gate: their ids stay theirs
        owners: dict[str, list[int]] = {}
        phrase_owners: dict[str, list[int]] = {}
        always = set()
        for k, lex in enumerate(lexes):
            for variant in lex.phrase_variants or ():
                phrase_owners.setdefault(variant, []).append(k)
            if lex.candidates is None:
                continue
            if lex.heads is None:
                always.add(k)
                continue
            for head in lex.heads:
                owners.setdefault(head, []).append(k)
        _GATES[key] = _Gate(
            tuple(lexes), {head: tuple(ks) for head, ks in owners.items()},
            {v: tuple(ks) for v, ks in phrase_owners.items()}, frozenset(always), frozenset(
                k for k, lex in enumerate(lexes)
                if lex.phrase_re is not None and lex.phrase_variants is None), {}, set())
    return _GATES[key]


def _judge(gate: _Gate, run: str) -> tuple[tuple[int, ...], tuple[int, ...]]:
    """The packs a word run answers to: those with a form whose leading run it is
    (``_may_match``), and those with a phrase it may begin (``_phrases_may_match``: its lower
    case is a phrase head's spelling, or, not ASCII, ``phrase_head_re`` reads it as one)."""
    phrases = gate.phrase_owners.get(run.lower(), ())
    if not run.isascii():
        read = {k for k, lex in enumerate(gate.lexes)
                if lex.phrase_head_re is not None and lex.phrase_head_re.fullmatch(run)}
        if read:
            phrases = tuple(sorted(read.union(phrases)))
    return gate.owners.get(run, ()), phrases


def _gated_packs(lexes: list[Lexicon], text: str) -> list[tuple[Lexicon, Gates]]:
    """The packs, in order, that may find something in ``text`` without the frequency rule,
    each with its ``Gates``: the answers of ``_form_runs`` and ``_phrases_may_match``, for
    all packs at once, from the text's word runs (``_judge`` of each, remembered). The other
    packs' ``_pack_hits`` is []."""
    gate = _gate(lexes)
    forms: dict[int, list[str]] = {}
    phrases = set(gate.phrase_always)
    runs = word_runs(text)
    for run in runs - gate.quiet if gate.quiet else runs:
        found = gate.known.get(run)
        if found is None:
            found = _judge(gate, run)
            if not (found[0] or found[1]):
                if len(gate.quiet) < _QUIET_LIMIT:
                    gate.quiet.add(run)
                continue
            if len(gate.known) < _KNOWN_LIMIT:
                gate.known[run] = found
        for k in found[0]:
            forms.setdefault(k, []).append(run)
        phrases.update(found[1])
    out = []
    if forms or phrases or gate.always:
        for k, lex in enumerate(gate.lexes):
            form_runs = None if k in gate.always else tuple(forms.get(k, ()))
            if form_runs != () or k in phrases:
                out.append((lex, Gates(form_runs, k in phrases)))
    return out


def _build_pack(data: dict[str, Any]) -> Lexicon:
    return _build(data)


# Unicode scripts a pack can name: a run of one of them inside an English sentence is text
# the translator did not translate ("the 习近平 government", "said Путин").
_SCRIPTS = {
    "han": "\u3400-\u4dbf\u4e00-\u9fff",
    "kana": "\u3040-\u30ff",
    "cyrillic": "\u0400-\u04ff",
    "arabic": "\u0600-\u06ff",
    "hangul": "\u1100-\u11ff\u3130-\u318f\uac00-\ud7af",
}


_ANY_SCRIPT = re.compile("[" + "".join(_SCRIPTS.values()) + "]")
_PAIRS = (("(", ")"), ("\u201c", "\u201d"), ("\u300c", "\u300d"), ("\u300e", "\u300f"),
          ("«", "»"), ("[", "]"))
_OTHER_LETTERS = re.compile(r"[^\W\d_A-Za-z\u00c0-\u024f]")
_LATIN_LETTERS = re.compile(r"[A-Za-z\u00c0-\u024f]")


def _script_hits(ctx: CheckContext, codes: Iterable[str]) -> Iterable[Hit]:
    """Runs of a pack's own script in English running text, outside brackets and quotes."""
    if ctx.text.isascii() or not _ANY_SCRIPT.search(ctx.text):
        return  # no letter of any of these scripts (all beyond ASCII): one scan, or none
    owners: dict[str, list[str]] = {}
    in_use = languages.packs(ctx.config)
    for code in codes:
        for script in in_use[code].get("scripts", []):
            owners.setdefault(script, []).append(code)
    text = ctx.text
    for script, langs in owners.items():
        chars = _SCRIPTS.get(script)
        if chars is None or not re.search(f"[{chars}]", text):
            continue
        for m in re.finditer(f"[{chars}][{chars}\u30fc·]*", text):
            before = text[max(0, m.start() - 40):m.start()]
            if any(before.count(a) > before.count(b) for a, b in _PAIRS) \
                    or before.count('"') % 2 == 1:
                continue  # a gloss or a quotation in the original: (Chinese: 中国), 「娘」
            around = text[max(0, m.start() - 60):m.end() + 60]
            if len(_OTHER_LETTERS.findall(around)) > len(_LATIN_LETTERS.findall(around)):
                continue  # a passage in another script, not a left-over in English
            yield Hit(m.start(), m.end(),
                      f"\"{m.group()}\" is left in the original script in English text.",
                      None, severity="major",
                      evidence=LanguageEvidence(tuple(langs), shared=len(langs) > 1))


@check("untranslated-token", category="accuracy/untranslated", severity="major",
       example="Media AS Axios reported that Presiden Joko Widodo dan his ministers ...",
       languages=["en"], evidence=("source-token", "id"), fixable=True)
def untranslated_token(ctx: CheckContext) -> Iterable[Hit]:
    """Source-language words and abbreviations left untranslated ("AS", "según", "Herr")."""
    origin = languages.canonical(ctx.source_language, ctx.config)
    codes = [origin] if origin in languages.packs(ctx.config) else \
        [] if origin else list(languages.with_section("untranslated", ctx.config))
    lexes = languages.compiled_all(tuple(codes), "untranslated", ctx.config, _build_pack)
    hits: list[Hit] = []
    gated = _gated_packs(lexes, ctx.text)
    if origin is None:
        for lex, gates in gated:
            hits += _pack_hits(ctx, lex, False, gates)
    else:   # the origin's pack runs anyway: the frequency rule
        told = {id(lex): gates for lex, gates in gated}
        for lex in lexes:
            hits += _pack_hits(ctx, lex, True, told.get(id(lex), Gates((), False)))
    if origin is None or origin in languages.packs(ctx.config):
        hits += _script_hits(ctx, codes)
    return sorted(hits, key=lambda h: (h.start, h.end))
