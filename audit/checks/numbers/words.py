"""Numbers written in words ("dua ratus", "twenty-four", "1,5 juta") and Roman numerals."""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Iterable

from audit import native

from audit.checks.numbers.digits import _HALF_SINGULAR, _HALF_WORDS
from audit.checks.numbers.lexicon import Language, Lexicon
from audit.checks.numbers.model import Mention, _Claims, _MICRO, _ONE, _ZERO, _num_keys, _sentence_start

def _scale(word: str, lex: Lexicon) -> Decimal:
    low = word.lower()
    for language in lex.languages.values():
        entry = language.words.get(low)
        if entry and entry[0] == "scales":
            return entry[1]
    return _ONE


class _Accumulator:
    """Adds up one spoken number word by word: "dua ratus lima puluh ribu" = 250,000."""

    __slots__ = ("total", "hundreds", "small", "last_scale", "start", "end", "words", "ordinal",
                 "fraction", "closed", "after_and", "point")

    def __init__(self) -> None:
        self.total = self.hundreds = self.small = _ZERO
        self.last_scale: Decimal | None = None
        self.start = self.end = -1
        self.words: list[str] = []
        self.ordinal = self.fraction = self.closed = False
        self.after_and = False
        self.point = 0     # digits read after "point" ("one point three billion")

    @property
    def group(self) -> Decimal:
        return self.hundreds + self.small

    @property
    def value(self) -> Decimal:
        return self.total + self.group

    @property
    def empty(self) -> bool:
        return not self.words

    def add(self, word: str, role: str, value: Decimal, lang: str,
            language: Language | None = None) -> bool:
        if self.closed:
            return False
        alone = language is not None and word in language.alone
        small, group = self.small, self.group
        tens = small >= 20 and small % 10 == 0 and small == small.to_integral()
        if role == "ordinals" and group and not tens and value > 2 and not self.fraction:
            role, value = "fractions", (_ONE / value).quantize(_MICRO)   # "a third", "one fifth"
        if self.point:     # "one point three": digits after the point, then maybe a scale
            if role == "units" and value < 10:
                self.small = small + value / Decimal(10) ** self.point
                self.point += 1
                self.words.append(word)
                return True
            if role != "scales":
                return False
        if role == "article":
            if not self.empty:
                return False
            self.small = _ONE
        elif role == "fractions":
            if self.fraction:
                return False
            if (group and not self.after_and and word not in _HALF_SINGULAR
                    and not _fraction_of(group, value)):
                # "two quarters of growth", "three halves", "the two halves": a count; but
                # a singular half after a number adds it ("lima setengah" = 5.5)
                self.small, self.hundreds, self.closed = group, _ZERO, True
            else:
                if word in _HALF_WORDS:
                    if group and lang == "en" and not self.after_and:
                        return False   # "two half" is not a number; "two and a half" is
                    self.small = group + value if group else value
                else:
                    self.small = group * value if group else value   # "two-thirds", "dua pertiga"
                self.hundreds = _ZERO
                self.fraction = True
        elif role in ("units", "ordinals"):
            if self.fraction:
                return False
            if self.words == ["a"] and role == "units" and value >= 10:
                self.small = value    # "a dozen", "a decade"
            elif small == 0 and not (self.hundreds and value >= 100):
                self.small = value
            elif (tens or language is not None and small in language.units_after) and value < 10:
                self.small = small + value
            elif language is not None and small in language.teens_after and 10 <= value < 20:
                self.small = small + value    # "soixante-douze", "quatre-vingt-dix-huit"
            else:
                return False
            if role == "ordinals":
                self.ordinal = self.closed = True
        elif role == "teens":   # "tiga belas"
            if not (1 <= small <= 9):
                return False
            self.small = small + value
        elif role == "tens":    # "dua puluh"
            if not (1 <= small <= 9):
                return False
            self.small = small * value
        elif role == "hundreds":
            if self.hundreds or self.fraction:
                return False
            if lang == "id" and word.startswith("se") or alone and not small:
                if small:   # "seratus": se- is "one"; "cien", "doscientos", "cent": one alone
                    return False
                self.hundreds = value
            elif 1 <= small < 10 or (lang == "en" and 10 < small < 100 and small % 10):
                self.hundreds, self.small = small * value, _ZERO   # "eighteen hundred"
            else:
                return False
        elif role == "scales":
            g = group
            if lang == "id" and word.startswith("se"):    # "seribu", "sejuta"
                if g or self.total:
                    return False
                g = _ONE
            if not g and alone and not self.total:
                g = _ONE       # "mil personas", "mille morts"
            if not g:
                return False   # "ribu" alone ("puluhan ribu"), "million" alone
            if self.last_scale is None or value < self.last_scale:
                self.total += g * value
            else:
                self.total = (self.total + g) * value
            self.last_scale = value
            self.hundreds = self.small = _ZERO
            self.fraction = False
        elif role == "decades":
            if not self.empty:
                return False
            self.small = value
            self.closed = True
        else:
            return False
        self.words.append(word)
        self.after_and = False
        if role == "scales":
            self.point = 0
        return True


_RUN_TOKEN = re.compile(r"[^\W\d_]+")
_SPACES = re.compile(r"\s+")


def _fraction_of(numerator: Decimal, part: Decimal) -> bool:
    """Whether "NUMERATOR PARTs" reads as a fraction: "two thirds", "three quarters", "two
    tenths" are; "two quarters" (of growth), "three halves" and "four quarters" (of a match)
    count halves and quarters (a fraction is below one and written in lowest terms, except
    tenths and hundredths)."""
    denominator = (1 / part).to_integral()
    if numerator != numerator.to_integral() or numerator >= denominator:
        return False
    n, d = int(numerator), int(denominator)
    while n:
        n, d = d % n, n
    return d == 1 or denominator in (10, 100, 1000)


def _uninvert(parts: list[str], language: Language) -> list[str]:
    """German order: "fünf und dreißig" (in one word) is dreißig + fünf."""
    out = list(parts)
    while (i := next((k for k, p in enumerate(out) if p in language.inverting), -1)) >= 0:
        if 0 < i < len(out) - 1:
            out[i - 1:i + 2] = [out[i + 1], out[i - 1]]
        else:
            del out[i]
    return out


def _segment(word: str, parts: dict[str, tuple[str, Decimal]]) -> list[str] | None:
    """A word written as several number words ("trentacinque" = trent·a… = trenta + cinque),
    split into its parts, or None."""
    reach: dict[int, list[str]] = {0: []}
    for i in range(len(word)):
        if i not in reach:
            continue
        for j in range(len(word), i, -1):
            if word[i:j] in parts and j not in reach:
                reach[j] = reach[i] + [word[i:j]]
    return reach.get(len(word))


def _word_numbers(text: str, language: Language, lex: Lexicon, claims: _Claims,
                  out: list[Mention], runs: Iterable[re.Match[str]] | None = None) -> None:
    """Read the runs of number words (``runs``: ``language.runs``' matches, when the caller
    has them already)."""
    if language.runs is None:
        return
    for run in language.runs.finditer(text) if runs is None else runs:
        start, end = run.span()
        if not claims.free(start, end):
            continue
        word = run.group()
        if _one_word(word):   # "two", "Pertama": read once per language and word
            for reading in _word_reading(word, language):
                _emit_word_number(text, start, end, reading, language, claims, out)
        else:
            for begin, finish, reading in _run_readings(text, start, end, language):
                _emit_word_number(text, begin, finish, reading, language, claims, out)


def _one_word(run: str) -> bool:
    """A run of letters only: one token, the whole run (``_word_reading``)."""
    return run.isalpha()


# What a number read from words is, wherever it stands: (how many words, its keys, whether
# its words alone make it an idiom, whether it is an ordinal).
_Reading = tuple[int, tuple, bool, bool]


def _run_readings(text: str, start: int, end: int, language: Language
                  ) -> list[tuple[int, int, _Reading]]:
    """The numbers the run ``text[start:end]`` reads as, with their spans, in order."""
    found: list[tuple[int, int, _Reading]] = []
    acc = _Accumulator()
    tokens = language.tokens or _RUN_TOKEN
    for tok in tokens.finditer(text, start, end):
        word = _SPACES.sub(" ", tok.group().lower())
        if word == "and" or word == "a" and not acc.empty or word in language.joiners:
            acc.after_and = True
            continue
        if word == "point":
            if not acc.empty and not acc.fraction and not acc.point:
                acc.point = 1
            continue
        if word == "a":
            pieces = [("a", "article", _ONE)]
        elif word in language.words:
            pieces = [(word, *language.words[word])]
        else:   # a compound: "trentacinque"
            split = _segment(word, language.parts or {})
            if split is None:
                continue
            split = _uninvert(split, language)
            pieces = [(part, *language.parts[part]) for part in split]  # type: ignore[index]
            trial = _Accumulator()
            if not all(trial.add(p, r, v, language.code, language) for p, r, v in pieces):
                continue   # parts that make no one number ("seisei")
        for part, role, value in pieces:
            if not acc.add(part, role, value, language.code, language):
                _collect(acc, language, found)
                acc = _Accumulator()
                if not acc.add(part, role, value, language.code, language):
                    continue
            if acc.start < 0:
                acc.start = tok.start()
            acc.end = tok.end()
    _collect(acc, language, found)
    return found


def _collect(acc: _Accumulator, language: Language, found: list) -> None:
    """Add what ``acc`` read, if it is a number, to ``found``."""
    if acc.empty or acc.start < 0 or acc.words == ["a"]:
        return
    value = acc.value
    keys = [value]
    roles = [language.words.get(w, ("article", _ONE))[0] for w in acc.words]
    if "decades" in roles:
        keys += [Decimal(1900) + value, Decimal(2000) + value]
    if acc.fraction and (value * 100) == (value * 100).to_integral():
        keys.append(value * 100)   # "half" of something is also 50 percent
    idiom = all(w in language.weak for w in acc.words) or "decades" in roles
    found.append((acc.start, acc.end, (len(acc.words), _num_keys(keys), idiom, acc.ordinal)))


_WORD_READINGS: dict[int, tuple[Language, dict[str, tuple[_Reading, ...]]]] = {}


def _word_reading(word: str, language: Language) -> tuple[_Reading, ...]:
    """What a run of one word (letters only: one token, the whole run) reads as in
    ``language``: the readings of ``_run_readings``, which depend on the word alone (each
    spans the whole run; the run starts and ends at word boundaries, as the word alone does).
    Kept per language (with it, so its id stays its own), at most a few thousand words."""
    kept = _WORD_READINGS.get(id(language))
    if kept is None or kept[0] is not language:
        kept = _WORD_READINGS[id(language)] = (language, {})
    known = kept[1]
    reading = known.get(word)
    if reading is None:
        if len(known) >= 4096:
            known.clear()
        reading = known[word] = tuple(r for _, _, r in _run_readings(word, 0, len(word), language))
    return reading


def _emit_word_number(text: str, start: int, end: int, reading: _Reading, language: Language,
                      claims: _Claims, out: list[Mention]) -> None:
    """The mention of a number read from words at ``text[start:end]``: a percent sign or word
    after it, "ke-" before it, a capital inside a sentence (a name) are read here."""
    count, keys, idiom, ordinal = reading
    percent = False
    if (pm := language.percent_after.match(text, end)):
        percent, end = True, pm.end()
    if text[max(0, start - 3):start].lower() == "ke-":
        ordinal = True    # "album ke-dua": an ordinal, like "kedua"
    first = text[start:start + 1]
    idiom = idiom or (first.isupper() and not _sentence_start(text, start) and count == 1)
    claims.take(start, end)
    # An ordinal word is weak ("ketujuh halte itu" is "the seven bus stops", often rephrased)
    # but still pairs with a changed number.
    out.append(Mention(start, end, text[start:end], "num", keys, weak=idiom or ordinal,
                       idiom=idiom, percent=percent, ordinal=ordinal))


# A whole word run of 2-7 of these letters (the look-behind after the first letter: no word
# character before it; ``\b``: none after); the compiled scan finds the same runs.
_ROMAN = re.compile(r"[IVXLC](?<!\w[IVXLC])[IVXLC]{1,6}\b")
_NATIVE = native.load("_native_text")
_ROMAN_VALID = re.compile(r"C{0,3}(?:XC|XL|L?X{0,3})(?:IX|IV|V?I{0,3})")
_ROMAN_VALUES = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100}
_CENTS_BETWEEN = re.compile(
    r"^[ \t\u00a0]+(?:dollars?|euros?|pounds?|dolar)[ \t\u00a0]+and[ \t\u00a0]+$", re.IGNORECASE)
_CENTS_AFTER = re.compile(r"[ \t\u00a0]+(?:cents?|sen)\b", re.IGNORECASE)


def roman_numerals(text: str) -> list[tuple[int, int, str]]:
    """(start, end, numeral) of each valid Roman numeral of two letters or more: a whole word
    run of 2-7 of the letters IVXLC (``_ROMAN``) that ``_ROMAN_VALID`` accepts."""
    if _NATIVE is not None:
        spans = [(start, end, text[start:end]) for start, end in _NATIVE.roman_runs(text)]
    else:
        spans = [(m.start(), m.end(), m.group()) for m in _ROMAN.finditer(text)]
    return [span for span in spans if _ROMAN_VALID.fullmatch(span[2])]


def _roman(numeral: str) -> Decimal:
    """"XIII" = 13 ("Sultan Bima XIII", "kelas VII" = 7th grade)."""
    total = 0
    for k, ch in enumerate(numeral):
        value = _ROMAN_VALUES[ch]
        nxt = _ROMAN_VALUES[numeral[k + 1]] if k + 1 < len(numeral) else 0
        total += -value if value < nxt else value
    return Decimal(total)


