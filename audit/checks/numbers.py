"""Numbers that differ between the source and its translation (``number-mismatch``).

A wrong figure is the costliest translation error a newsroom publishes ("15 dead" becoming
"51 dead", "Rp 2 triliun" becoming "2 billion"), and the easiest to check mechanically, as
Xbench and pofilter do. What makes it hard is that a faithful translation rewrites numbers
all the time: "1,5 juta" is "1.5 million", "dua" is "two", "20.35 WIB" is "8:35 pm", "Selasa
(8/1)" is "Tuesday (1/8)", "1970-an" is "the seventies". So both texts are first parsed into
*mentions* with normalised values, in their own language's conventions (``audit/data/
numbers.toml`` holds the words), and only values are compared.

A mention may have several readings ("1.500" is 1500 in Indonesian but might be 1.5 in
English; "8:35" is 08:35 or 20:35; "1/8" is 1 August or 8 January): two mentions match when
any readings agree, so an ambiguity never produces a finding. Mentions are compared per
aligned sentence (a monotone length-and-anchor alignment of the two sentence lists), then
across the article for numbers a translator moved to another sentence. What is left over is
reported: a source number paired with a different translated number in the same aligned
sentence is *changed* (major), one with no counterpart is *dropped* (minor), a translated
number the source does not have is *added* (minor).

Deliberately not reported: words that are numbers but also ordinary words ("one of", "satu",
"kedua" = both, "second", "half") unless they pair with a changed number; the date of a
statement ("Kamis (15/11)", which English editions often drop); dates and times in a date
line or dateline; a conversion the translator added or dropped in brackets ("Rp 15,000 (about
US$1)", "10 miles (16 km)"); codes and names with digits ("G20", "COVID-19", "MH370") unless
both sides have the same code with different digits.
"""

from __future__ import annotations

import bisect
import math
import re
from decimal import Decimal
from typing import Any, Iterable, NamedTuple

from audit.checks.base import CheckContext, Hit, check
from audit.checks.lexicon import allowed, compiled
from audit.patterns import literal_alternation
from audit.text import Segment, sentences

LANGUAGES = ("en", "id")
ROUNDING = Decimal("0.02")   # a changed value within 2% that drops digits is a rounding (minor)

_ZERO = Decimal(0)
_ONE = Decimal(1)
_HUNDRED = Decimal(100)
_MICRO = Decimal("0.000001")


class Mention(NamedTuple):
    """One number in a text: where, what kind, and its readings (first = most likely)."""

    start: int
    end: int
    text: str
    kind: str                  # "num", "date", "time" or "code"
    keys: tuple                # readings: ("n", value), ("d", month, day), ("t", h, m), ("c", ..)
    weak: bool = False         # never reported alone (idiomatic word, statement date, aside)
    idiom: bool = False        # an ordinary word that is also a number: never paired as changed
    percent: bool = False
    currency: str = ""
    ordinal: bool = False
    scale: Decimal = _ONE      # the scale word written after digits ("1,5 juta": a million)


# --- lexicon -----------------------------------------------------------------------------------

class Language(NamedTuple):
    code: str
    words: dict[str, tuple[str, Decimal]]    # word -> (role, value)
    weak: frozenset[str]
    runs: re.Pattern[str] | None
    idioms: re.Pattern[str] | None
    scale_after: re.Pattern[str]
    percent_after: re.Pattern[str]


class Lexicon(NamedTuple):
    languages: dict[str, Language]
    months: dict[str, int]
    dmy: re.Pattern[str]
    mdy: re.Pattern[str]
    weekday_before: re.Pattern[str]
    time_before: re.Pattern[str]
    zone_after: re.Pattern[str]
    ampm_after: re.Pattern[str]
    am_words: frozenset[str]
    currency_before: re.Pattern[str]
    conversion_inside: re.Pattern[str]
    of_month: re.Pattern[str]
    noon_words: re.Pattern[str] | None
    midnight: frozenset[str]


_ROLES = ("units", "ordinals", "teens", "tens", "hundreds", "scales", "fractions", "decades")


def _alternation(items: Iterable[str]) -> str:
    """Any of the literal strings, longest first ("tenth" before "ten"), as one group (a space
    matches any whitespace)."""
    return f"(?:{literal_alternation({i for i in items if i}, flexible_space=True)})"


def _cased(items: Iterable[str]) -> list[str]:
    """"one", "One", "ONE": the case variants a case-insensitive search needs (a flag would
    make the engine compare case-folded characters everywhere, several times slower)."""
    out = []
    for item in items:
        out += [item.lower(), item[:1].upper() + item[1:].lower(), item.upper()]
    return out


def _build_language(code: str, data: dict[str, Any], weak: Iterable[str],
                    percent: Iterable[str], scales_all: dict[str, Decimal]) -> Language:
    words: dict[str, tuple[str, Decimal]] = {}
    for role in _ROLES:
        for word, value in data.get(f"{code}_{role}", {}).items():
            words.setdefault(word.lower(), (role, Decimal(str(value))))
    runs = None
    if words:
        word_alt = _alternation(_cased(words))
        lead = ""
        if code == "en":  # "a hundred", "a dozen", "a third" (not "a second")
            heads = [w for w, (r, _) in words.items() if r in ("hundreds", "scales") and len(w) > 2]
            heads += ["dozen", *data.get("en_fractions", {})]
            lead = rf"\b[Aa](?=[\s-]+{_alternation(_cased(heads))}\b)|"
        joiner = r"(?:[ \t\u00a0]*-[ \t\u00a0]*|[ \t\u00a0]+)"      # "dua ratus", "twenty-four"
        if code == "en":   # "one hundred and five", "two and a half", "one point three"
            joiner = (r"(?:[\s-]+(?:[Aa]nd|AND|[Pp]oint|POINT)[\s-]+(?:[Aa][\s-]+)?|"
                      + joiner[3:])
        runs = re.compile(rf"(?:{lead}\b{word_alt}\b)(?:{joiner}{word_alt}\b)*")
    # Scale words after digits: both languages' (translators keep "Rp 10 ribu" in English).
    scale_words = list(scales_all)
    scale_after = re.compile(
        rf"[ \t\u00a0]?-?[ \t\u00a0]?({_alternation(scale_words)})s?\b"
        rf"(?:[ \t\u00a0]+({_alternation(scale_words)})s?\b)?",
        re.IGNORECASE)
    pct_words = [p for p in percent if p != "%"]
    percent_after = re.compile(rf"[ \t\u00a0]?(?:%|{_alternation(pct_words)}\b)", re.IGNORECASE)
    idiom_list = data.get(f"idioms_{code}", [])
    idioms = re.compile(rf"\b{_alternation(_cased(idiom_list))}\b") if idiom_list else None
    return Language(code, words, frozenset(w.lower() for w in weak), runs, idioms, scale_after,
                    percent_after)


def _build(data: dict[str, Any]) -> Lexicon:
    scales_all: dict[str, Decimal] = {}
    for code in LANGUAGES:
        for word, value in data.get(f"{code}_scales", {}).items():
            scales_all[word.lower()] = Decimal(str(value))
    percent = {code: data.get(f"percent_{code}", ["%"]) for code in LANGUAGES}
    languages = {code: _build_language(code, data, data.get(f"weak_{code}", []), percent[code],
                                       scales_all)
                 for code in LANGUAGES}
    months = {k.lower(): int(v) for k, v in data.get("months", {}).items()}
    # Month names are capitalised in both languages: "may" or "des" in lower case are words.
    month_forms = [m.capitalize() for m in months] + [m.upper() for m in months]
    month_alt = _alternation(month_forms)
    year = r"(?:,?[ \t\u00a0]+(\d{4})\b(?![.,]\d))?"
    dmy = re.compile(rf"(\d(?<![\d.,/]\d)\d?)(?:st|nd|rd|th)?(?:[ \t\u00a0]+of)?[ \t\u00a0]+"
                     rf"({month_alt})\b\.?{year}")
    mdy = re.compile(rf"\b({month_alt})\b\.?[ \t\u00a0]+(\d{{1,2}})(?:st|nd|rd|th)?\b(?![.,:]\d)"
                     rf"{year}")
    weekdays = [*data.get("weekdays_en", []), *data.get("weekdays_id", [])]
    weekday_before = re.compile(rf"\b{_alternation(weekdays)}\.?[\s,]*\(?[\s]*$", re.IGNORECASE)
    time_before = re.compile(rf"\b{_alternation(data.get('time_before', []))}[ \t\u00a0]+$",
                             re.IGNORECASE)
    zone_after = re.compile(rf"[ \t\u00a0]*{_alternation(data.get('time_zones', []))}\b")
    ampm = [*data.get("time_am", []), *data.get("time_pm", [])]
    noon = [*data.get("time_noon", []), *data.get("time_midnight", [])]
    noon_words = re.compile(rf"\b{_alternation(_cased(noon))}\b") if noon else None
    ampm_after = re.compile(rf"[ \t\u00a0]*({_alternation(ampm)})(?![\w])", re.IGNORECASE)
    currency = data.get("currency", [])
    currency_before = re.compile(rf"(?<![^\W\d_])({_alternation(currency)})[ \t\u00a0]?$",
                                 re.IGNORECASE)
    filler = _alternation([*data.get("conversion_approximators", []),
                           *data.get("conversion_units", []), *currency, *scales_all,
                           *percent["en"], *percent["id"]])
    # What a bracketed conversion may contain besides its number(s).
    conversion_inside = re.compile(rf"^(?:[\s\d.,/$€£¥~–—-]|{filler}(?![^\W\d_]))*$",
                                   re.IGNORECASE)
    of_month = re.compile(rf"[ \t\u00a0]+of[ \t\u00a0]+({month_alt})\b")
    return Lexicon(languages, months, dmy, mdy, weekday_before, time_before, zone_after,
                   ampm_after, frozenset(a.lower() for a in data.get("time_am", [])),
                   currency_before, conversion_inside, of_month, noon_words,
                   frozenset(w.lower() for w in data.get("time_midnight", [])))


# --- reading digits ------------------------------------------------------------------------------

# Patterns start with a character class and check what precedes it with a look-behind placed
# after the first character: the engine then skips ahead to candidate characters instead of
# testing a look-behind at every position (about five times faster on news text).
_DIGITS = re.compile(r"\d(?<!\d\d)(?<!\d[.,]\d)\d*(?:[.,]\d+)*")
# A code's digits right after letters ("MH370", "G-20"); the letters are read backwards in
# Python, so the search only stops at digits.
_CODE = re.compile(r"\d(?:(?<=[A-Za-z]\d)|(?<=[A-Za-z]-\d))\d*([A-Za-z][A-Za-z0-9]*)?(?![\w])")
_ASCII_LETTERS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")
_URL = re.compile(r"(?:https?://|www\.)\S+")
_EMAIL = re.compile(r"@[\w-]+\.\w[\w.]*")                       # the part after "@"
_DOMAIN_PATH = re.compile(r"\.(?:com|co\.id|go\.id|org|net|id)/\S*")  # "kompas.com/read/..."
_SLASH_DATE = re.compile(r"(\d(?<![\d/.,]\d)\d?)/(\d{1,2})(?:/(\d{4}|\d{2}))?(?![\d/]|[.,]\d)")
_DOT_DASH_DATE = re.compile(r"(\d(?<![\d/.,-]\d)\d?)([.-])(\d{1,2})\2(\d{4})(?![\d])")
_ISO_DATE = re.compile(r"(\d(?<!\d\d)\d{3})-(\d{2})-(\d{2})(?![\d])")
_CLOCK = re.compile(r"(\d(?<![\d.,:]\d)\d?)([.:])(\d{2})(?![\d]|[.,:]\d)")
_HOUR_AMPM = re.compile(r"(\d(?<![\d.,:]\d)\d?)(?=[ \t\u00a0]*(?:[ap]\.?m\b\.?|o'clock))",
                        re.IGNORECASE)
_OCLOCK = re.compile(r"[ \t\u00a0]*o['’]clock\b", re.IGNORECASE)
_PUKUL_HOUR = re.compile(r"[Pp](?<!\w[Pp])(?:ukul|kl)\.?[ \t\u00a0]*(\d{1,2})(?![\d.,:])"
                         r"|[Jj](?<!\w[Jj])am[ \t\u00a0]+(\d{1,2})"
                         r"(?=[ \t\u00a0]+(?:pagi|siang|sore|malam|petang)\b)")
_ORDINAL_SUFFIX = re.compile(r"(?:st|nd|rd|th)\b")
_DECADE_SUFFIX = re.compile(r"(?:['’]?s|-an)\b")
_UNIT_EXPONENT = frozenset({"m", "km", "cm", "mm", "ft", "mi", "dm"})
_CURRENCY_LETTERS = frozenset({"rp", "us", "usd", "idr", "rm", "rs", "sgd", "aud", "eur", "gbp",
                               "jpy", "hk", "nz", "rmb", "chf", "s", "a", "c"})
_ORDINAL_PREFIXES = frozenset({"ke", "no", "nomor", "nr"})
_HALF_WORDS = frozenset({"half", "halves", "setengah", "separuh"})


def _valid_groups(groups: list[str]) -> bool:
    return 1 <= len(groups[0]) <= 3 and all(len(g) == 3 for g in groups[1:])


def read_digits(s: str, lang: str) -> list[Decimal]:
    """Readings of a digit string in ``lang``'s conventions, most likely first.

    Indonesian writes 1.500 (thousands) and 2,5 (decimal), English the reverse. Only a
    single separator followed by exactly three digits is ambiguous ("1.500", "1,500"): it
    gets both readings, the language's own first. Anything else has one reading ("1,7" is 1.7
    in either language, "2.216.243" is two million) or none ("1.2.3").
    """
    if "." not in s and "," not in s:
        return [Decimal(s)]
    groups = re.split(r"[.,]", s)
    seps = [c for c in s if c in ".,"]
    if len(set(seps)) == 2:
        dec = s[max(s.rfind("."), s.rfind(","))]
        thousands = "," if dec == "." else "."
        whole, frac = s.rsplit(dec, 1)
        if dec in whole or not _valid_groups(whole.split(thousands)):
            return []
        return [Decimal(whole.replace(thousands, "") + "." + frac)]
    if len(seps) > 1:
        return [Decimal("".join(groups))] if _valid_groups(groups) else []
    left, right = groups
    decimal = Decimal(left + "." + right)
    if len(right) == 3 and 1 <= len(left) <= 3 and left != "0":
        thousands_value = Decimal(left + right)
        native = (lang == "id") == (seps[0] == ".")   # "." groups thousands in Indonesian
        return [thousands_value, decimal] if native else [decimal, thousands_value]
    return [decimal]


def _num_keys(values: Iterable[Decimal]) -> tuple:
    out = []
    for v in values:
        key = ("n", v.normalize() if v else _ZERO)
        if key not in out:
            out.append(key)
    return tuple(out)


# --- extraction ----------------------------------------------------------------------------------

class _Claims:
    """Character positions already read by an earlier, more specific pattern."""

    def __init__(self, length: int) -> None:
        self.mask = bytearray(length)

    def free(self, start: int, end: int) -> bool:
        return self.mask.find(1, start, end) == -1

    def take(self, start: int, end: int) -> None:
        self.mask[start:end] = b"\x01" * (end - start)


def _sentence_start(text: str, pos: int) -> bool:
    i = pos - 1
    while i >= 0 and text[i] in " \t\u00a0\"'“‘(«[":
        i -= 1
    return i < 0 or text[i] in ".!?\n:;—–-|"


def extract(text: str, lang: str, lex: Lexicon) -> list[Mention]:
    """Every number mention in ``text`` read in ``lang`` ("en" or "id"), in text order."""
    language = lex.languages.get(lang) or lex.languages["en"]
    claims = _Claims(len(text))
    out: list[Mention] = []
    for m in _URL.finditer(text):
        claims.take(m.start(), m.end())
    for pattern, marker in ((_EMAIL, "@"), (_DOMAIN_PATH, "/")):
        if marker in text:
            for m in pattern.finditer(text):
                start = m.start()
                while start > 0 and (text[start - 1].isalnum() or text[start - 1] in "._-"):
                    start -= 1
                claims.take(start, m.end())
    _dates(text, lang, lex, claims, out)
    _times(text, language, lex, claims, out)
    _codes(text, claims, out)
    _digit_numbers(text, language, lex, claims, out)
    if language.idioms is not None:
        for m in language.idioms.finditer(text):
            claims.take(m.start(), m.end())
    _word_numbers(text, language, lex, claims, out)
    for m in _ROMAN.finditer(text):
        if _ROMAN_VALID.fullmatch(m.group()) and claims.free(m.start(), m.end()):
            out.append(Mention(m.start(), m.end(), m.group(), "num", _num_keys([_roman(m.group())]),
                               weak=True, idiom=True))
    out.sort(key=lambda m: m.start)
    return _mark_asides(text, _ranges(text, out, lex), lex)


def _date_mention(text: str, start: int, end: int, readings: list[tuple[int, int]], lex: Lexicon,
                  bracketed: bool = False, named: bool = False) -> Mention | None:
    """A date mention; with a month name ("82 November") even an impossible day is a date, so
    a mistyped day is reported as a changed date rather than as a stray number."""
    last_day = 99 if named else 31
    keys = tuple(("d", mo, d) for mo, d in readings if 1 <= mo <= 12 and 0 <= d <= last_day
                 and (d or named))
    if not keys:
        return None
    statement = bool(lex.weekday_before.search(text, max(0, start - 14), start)) or bracketed
    return Mention(start, end, text[start:end], "date", tuple(dict.fromkeys(keys)), weak=statement)


def _year_mention(text: str, m: re.Match[str], group: int) -> Mention:
    year = int(m.group(group))
    if year < 100:
        year += 2000 if year < 50 else 1900
    return Mention(m.start(group), m.end(group), m.group(group), "num", (("n", Decimal(year)),))


def _dates(text: str, lang: str, lex: Lexicon, claims: _Claims, out: list[Mention]) -> None:
    for m in _ISO_DATE.finditer(text):
        reading = (int(m.group(2)), int(m.group(3)))
        mention = _date_mention(text, m.start(2), m.end(3), [reading], lex)
        if mention:
            claims.take(m.start(), m.end())
            out.append(mention)
            out.append(_year_mention(text, m, 1))
    for pattern, day_group, month_group in ((lex.dmy, 1, 2), (lex.mdy, 2, 1)):
        for m in pattern.finditer(text):
            if not claims.free(m.start(), m.end()):
                continue
            month = lex.months[m.group(month_group).lower()]
            end = m.end(3) if m.group(3) else m.end(max(day_group, month_group))
            mention = _date_mention(text, m.start(), m.end(max(day_group, month_group)),
                                    [(month, int(m.group(day_group)))], lex, named=True)
            if mention is None:
                continue
            claims.take(m.start(), end)
            out.append(mention)
            if m.group(3):
                out.append(_year_mention(text, m, 3))
    for pattern in (_DOT_DASH_DATE, _SLASH_DATE):
        for m in pattern.finditer(text):
            if not claims.free(m.start(), m.end()):
                continue
            if pattern is _SLASH_DATE:
                a, b, year_group = int(m.group(1)), int(m.group(2)), 3
            else:
                a, b, year_group = int(m.group(1)), int(m.group(3)), 4
            # Indonesian writes day/month; English day/month or (US) month/day.
            day_first = lang == "id" or pattern is not _SLASH_DATE
            readings = [(b, a), (a, b)] if day_first else [(a, b), (b, a)]
            date_end = m.start(year_group) - 1 if m.group(year_group) else m.end()
            bracketed = text[m.start() - 1:m.start()] == "(" and text[m.end():m.end() + 1] == ")"
            mention = _date_mention(text, m.start(), date_end, readings, lex, bracketed)
            if mention is None:
                continue
            claims.take(m.start(), m.end())
            out.append(mention)
            if m.group(year_group):
                out.append(_year_mention(text, m, year_group))


def _time_keys(h: int, mi: int, meridiem: str | None, lex: Lexicon) -> tuple:
    if meridiem is not None:
        word = meridiem.lower()
        if word in lex.am_words:
            hours = [0 if h == 12 and word in ("am", "a.m.", "a.m") else h]
        elif word == "malam":
            hours = [h + 12 if 6 <= h < 12 else (0 if h == 12 else h)]
        elif word == "siang":
            hours = [h + 12 if h < 11 else h]
        else:  # pm, sore, petang
            hours = [h + 12 if h < 12 else h]
    elif h <= 12:
        hours = [h, (h + 12) % 24]
    else:
        hours = [h % 24]
    return tuple(dict.fromkeys(("t", x, mi) for x in hours))


def _times(text: str, language: Language, lex: Lexicon, claims: _Claims,
           out: list[Mention]) -> None:
    lang = language.code
    for m in _CLOCK.finditer(text):
        if not claims.free(m.start(), m.end()):
            continue
        if language.scale_after.match(text, m.end()) or language.percent_after.match(text, m.end()):
            continue   # "3.57 thousand", "2.50 persen": a decimal
        h, sep, mi = int(m.group(1)), m.group(2), int(m.group(3))
        if h > 24 or mi > 59:
            continue
        end = m.end()
        ampm = lex.ampm_after.match(text, end)
        zone = lex.zone_after.match(text, end)
        cue = bool(lex.time_before.search(text, max(0, m.start() - 12), m.start()))
        meridiem = None
        if ampm:
            meridiem, end = ampm.group(1), ampm.end()
        elif zone:
            end = zone.end()
        time_keys = _time_keys(h, mi, meridiem, lex)
        if sep == ":" or ampm or zone or cue:
            keys, kind = time_keys, "time"
        else:
            decimal = _num_keys([Decimal(f"{h}.{m.group(3)}")])
            if lang == "id":   # "13.00": a clock time (an Indonesian decimal has a comma)
                keys, kind = time_keys + decimal, "time"
            else:
                keys, kind = decimal + time_keys, "num"
        claims.take(m.start(), end)
        out.append(Mention(m.start(), end, text[m.start():end], kind, keys))
    if lex.noon_words is not None:
        for m in lex.noon_words.finditer(text):
            if claims.free(m.start(), m.end()):
                hour = 0 if m.group().lower() in lex.midnight else 12
                claims.take(m.start(), m.end())   # "noon", "tengah malam": weak, but they match
                out.append(Mention(m.start(), m.end(), m.group(), "time", (("t", hour, 0),),
                                   weak=True))
    for pattern in (_HOUR_AMPM, _PUKUL_HOUR):
        for m in pattern.finditer(text):
            g = 1 if m.group(1) is not None else 2     # "pukul 8" or "jam 8 malam"
            if not claims.free(m.start(g), m.end(g)):
                continue
            h = int(m.group(g))
            if h > 24:
                continue
            end = m.end(g)
            ampm = lex.ampm_after.match(text, end)
            meridiem = None
            if ampm:
                meridiem, end = ampm.group(1), ampm.end()
            elif (oc := _OCLOCK.match(text, end)):
                end = oc.end()
            else:
                zone = lex.zone_after.match(text, end)
                end = zone.end() if zone else end
            claims.take(m.start(g), end)
            out.append(Mention(m.start(g), end, text[m.start(g):end], "time",
                               _time_keys(h, 0, meridiem, lex)))


def _codes(text: str, claims: _Claims, out: list[Mention]) -> None:
    """"G20", "G-20", "COVID-19", "MH370", "H5N1": letters and digits naming one thing."""
    for m in _CODE.finditer(text):
        tail = m.group(1)
        digits_end = m.start(1) if tail else m.end()
        digits = text[m.start():digits_end]
        hyphen = text[m.start() - 1] == "-"
        letters_end = m.start() - hyphen
        begin = letters_end
        while begin > 0 and text[begin - 1] in _ASCII_LETTERS and letters_end - begin < 11:
            begin -= 1
        if letters_end - begin > 10 or (begin > 0 and (text[begin - 1].isalnum()
                                                        or text[begin - 1] in "_$€£¥")):
            continue
        letters = text[begin:letters_end]
        low = letters.lower()
        if low in _CURRENCY_LETTERS or low in _ORDINAL_PREFIXES:
            continue
        if not claims.free(begin, m.end()):
            continue
        if low in _UNIT_EXPONENT and not hyphen and len(digits) == 1 and not tail:
            claims.take(begin, m.end())   # "km2", "m3": a unit, not a number
            continue
        if letters.islower() and len(letters) >= 3:
            continue   # "pada2012" (a lost space), "mid-1990s": read the number
        if tail in ("s", "an"):   # "CF-18s": a plural
            tail = None
        claims.take(begin, m.end())
        keys = (("c", letters.upper(), digits + (tail or "").upper()),)
        if not tail:
            keys += _num_keys([Decimal(digits)])
        out.append(Mention(begin, m.end(), text[begin:m.end()], "code", keys, weak=True))


def _digit_numbers(text: str, language: Language, lex: Lexicon, claims: _Claims,
                   out: list[Mention]) -> None:
    lang = language.code
    for m in _DIGITS.finditer(text):
        start, end = m.start(), m.end()
        if not claims.free(start, end):
            continue
        readings = read_digits(m.group(), lang)
        if not readings:
            claims.take(start, end)
            continue
        before = lex.currency_before.search(text, max(0, start - 6), start)
        currency = before.group(1) if before else ""
        ordinal = percent = False
        after = end
        factor = _ONE
        scale_match = language.scale_after.match(text, after)
        if scale_match:
            for word in scale_match.groups():
                if word:
                    factor *= _scale(word, lex)
            readings = [r * factor for r in readings]
            after = scale_match.end()
        elif currency and (sm := re.match(r"[ \t\u00a0]?(m|M|T|B)\b", text[after:after + 3])):
            letter = sm.group(1)
            rupiah = currency.lower().startswith(("rp", "idr"))   # "Rp 5 M" is 5 miliar
            factor = {"m": Decimal(10) ** 6, "B": Decimal(10) ** 9, "T": Decimal(10) ** 12,
                      "M": Decimal(10) ** (9 if lang == "id" or rupiah else 6)}[letter]
            readings = [r * factor for r in readings]
            after += sm.end()
        extra: list[Decimal] = []
        if (pm := language.percent_after.match(text, after)):
            percent, after = True, pm.end()
        elif (om := _ORDINAL_SUFFIX.match(text, after)):
            ordinal, after = True, om.end()
        elif (dm := _DECADE_SUFFIX.match(text, after)):
            after = dm.end()
            value = readings[0]
            if value == value.to_integral() and value % 10 == 0:
                extra = ([value % 100] if value >= 1000
                         else [Decimal(1900) + value, Decimal(2000) + value])
        prefix = text[max(0, start - 3):start].lower()
        if prefix in ("ke-", " ke") or prefix.endswith("ke-"):
            ordinal = True
        if before:   # the span includes the currency: "US$1.7 billion", "Rp 2 triliun"
            start = before.start(1)
        claims.take(start, after)
        out.append(Mention(start, after, text[start:after], "num", _num_keys(readings + extra),
                           percent=percent, currency=currency, ordinal=ordinal,
                           scale=factor))


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

    def add(self, word: str, role: str, value: Decimal, lang: str) -> bool:
        if self.closed:
            return False
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
            elif tens and value < 10:
                self.small = small + value
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
            if lang == "id" and word.startswith("se"):   # "seratus": se- is "one"
                if small:
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


def _word_numbers(text: str, language: Language, lex: Lexicon, claims: _Claims,
                  out: list[Mention]) -> None:
    if language.runs is None:
        return
    for run in language.runs.finditer(text):
        if not claims.free(run.start(), run.end()):
            continue
        acc = _Accumulator()
        for tok in _RUN_TOKEN.finditer(text, run.start(), run.end()):
            word = tok.group().lower()
            if word == "and" or word == "a" and not acc.empty:
                acc.after_and = True
                continue
            if word == "point":
                if not acc.empty and not acc.fraction and not acc.point:
                    acc.point = 1
                continue
            role, value = ("article", _ONE) if word == "a" else language.words[word]
            if not acc.add(word, role, value, language.code):
                _emit_word_number(text, acc, language, claims, out)
                acc = _Accumulator()
                if not acc.add(word, role, value, language.code):
                    continue
            if acc.start < 0:
                acc.start = tok.start()
            acc.end = tok.end()
        _emit_word_number(text, acc, language, claims, out)


def _emit_word_number(text: str, acc: _Accumulator, language: Language, claims: _Claims,
                      out: list[Mention]) -> None:
    if acc.empty or acc.start < 0 or acc.words == ["a"]:
        return
    start, end = acc.start, acc.end
    value = acc.value
    keys = [value]
    roles = [language.words.get(w, ("article", _ONE))[0] for w in acc.words]
    if "decades" in roles:
        keys += [Decimal(1900) + value, Decimal(2000) + value]
    if acc.fraction and (value * 100) == (value * 100).to_integral():
        keys.append(value * 100)   # "half" of something is also 50 percent
    percent = False
    if (pm := language.percent_after.match(text, end)):
        percent, end = True, pm.end()
    if text[max(0, start - 3):start].lower() == "ke-":
        acc.ordinal = True    # "album ke-dua": an ordinal, like "kedua"
    first = text[start:start + 1]
    name = first.isupper() and not _sentence_start(text, start) and len(acc.words) == 1
    idiom = all(w in language.weak for w in acc.words) or "decades" in roles or name
    claims.take(start, end)
    # An ordinal word is weak ("ketujuh halte itu" is "the seven bus stops", often rephrased)
    # but still pairs with a changed number.
    out.append(Mention(start, end, text[start:end], "num", _num_keys(keys),
                       weak=idiom or acc.ordinal,
                       idiom=idiom, percent=percent, ordinal=acc.ordinal))


_ROMAN = re.compile(r"[IVXLC](?<!\w[IVXLC])[IVXLC]{1,6}\b")
_ROMAN_VALID = re.compile(r"C{0,3}(?:XC|XL|L?X{0,3})(?:IX|IV|V?I{0,3})")
_ROMAN_VALUES = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100}
_CENTS_BETWEEN = re.compile(
    r"^[ \t\u00a0]+(?:dollars?|euros?|pounds?|dolar)[ \t\u00a0]+and[ \t\u00a0]+$", re.IGNORECASE)
_CENTS_AFTER = re.compile(r"[ \t\u00a0]+(?:cents?|sen)\b", re.IGNORECASE)


def _roman(numeral: str) -> Decimal:
    """"XIII" = 13 ("Sultan Bima XIII", "kelas VII" = 7th grade)."""
    total = 0
    for k, ch in enumerate(numeral):
        value = _ROMAN_VALUES[ch]
        nxt = _ROMAN_VALUES[numeral[k + 1]] if k + 1 < len(numeral) else 0
        total += -value if value < nxt else value
    return Decimal(total)


# --- ranges ---------------------------------------------------------------------------------------

_RANGE = re.compile(r"^[ \t\u00a0]*(?:-|–|—|to|until|and|or|hingga|sampai|s/d|s\.d\.?|atau|dan|/)"
                    r"[ \t\u00a0]*(?:[A-Z]{0,3}[$€£¥]|Rp\.?|IDR|USD)?[ \t\u00a0]*$",
                    re.IGNORECASE)


def _ranges(text: str, mentions: list[Mention], lex: Lexicon) -> list[Mention]:
    """Read numbers that lean on a neighbour: the first of a range takes the scale or month of
    the second ("Rp 50 to 100 million" has 50 million, "17-19 June" the 17th of June), "the
    first of July" is a date, "a dollar and twenty five cents" one amount."""
    for i, a in enumerate(mentions):
        if a.kind == "num" and a.ordinal and (om := lex.of_month.match(text, a.end)):
            day = a.keys[0][1]
            if day == day.to_integral() and 1 <= day <= 31:
                month = lex.months[om.group(1).lower()]
                mentions[i] = a._replace(kind="date", end=om.end(), text=text[a.start:om.end()],
                                         keys=(("d", month, int(day)),), weak=False, idiom=False)
    merged: set[int] = set()
    for i in range(len(mentions) - 1):
        a, b = mentions[i], mentions[i + 1]
        if a.kind == b.kind == "num" and _CENTS_BETWEEN.match(text[a.end:b.start]) \
                and (cm := _CENTS_AFTER.match(text, b.end)) and _small_int(b, 99):
            value = a.keys[0][1] + b.keys[0][1] / _HUNDRED
            mentions[i] = a._replace(end=cm.end(), text=text[a.start:cm.end()],
                                     keys=_num_keys([value]), weak=False, idiom=False)
            merged.add(i + 1)
    if merged:
        mentions = [m for k, m in enumerate(mentions) if k not in merged]
    for i in range(len(mentions) - 1):
        a, b = mentions[i], mentions[i + 1]
        if b.start - a.end > 12 or not _RANGE.match(text[a.end:b.start]):
            continue
        if a.kind == "num" and a.scale == _ONE and b.kind == "num" and b.scale != _ONE \
                and a.keys[0][1] < 1000:
            scaled = _num_keys([k[1] * b.scale for k in a.keys if k[0] == "n"])
            mentions[i] = a._replace(keys=a.keys + scaled, scale=b.scale)
        elif a.kind == "num" and b.kind == "date" and b.text[:1].isdigit() and _small_int(a, 31):
            month = b.keys[0][1]
            mentions[i] = a._replace(kind="date", keys=(("d", month, int(a.keys[0][1])),) + a.keys)
        elif a.kind == "date" and not a.text[:1].isdigit() and b.kind == "num" \
                and _small_int(b, 31):
            day = ("d", a.keys[0][1], int(b.keys[0][1]))
            mentions[i + 1] = b._replace(kind="date", keys=(day,) + b.keys)
    return mentions


def _small_int(m: Mention, limit: int) -> bool:
    key = m.keys[0]
    return key[0] == "n" and key[1] == key[1].to_integral() and 1 <= key[1] <= limit \
        and not m.percent and not m.currency


# --- asides: date lines, datelines, conversions ---------------------------------------------------

_OR_ABOUT = re.compile(r"[ \t\u00a0,;]*(?:or|atau|—|–|-)[ \t\u00a0]*"
                       r"(?:about|around|roughly|approximately|"
                       r"some|nearly|almost|sekitar|kira-kira|setara(?:[ \t\u00a0]+dengan)?|"
                       r"equivalent[ \t\u00a0]+to|equal[ \t\u00a0]+to)?[ \t\u00a0]*$",
                       re.IGNORECASE)
_LINE = re.compile(r"[^\n]+")
_DATELINE = re.compile(r"^[ \t]*[A-Z][A-Za-z .'-]{1,40},[^\n]{0,60}?[ \t]+(?:--?|–|—)[ \t]")
_LEFTOVER_WORD = re.compile(r"[^\W\d_]+")
_DATE_WORDS = frozenset(
    "monday tuesday wednesday thursday friday saturday sunday senin selasa rabu kamis jumat "
    "sabtu minggu updated diperbarui published posted wib wita wit iwst gmt utc pukul jam "
    "am pm".split())


def _mark_asides(text: str, mentions: list[Mention], lex: Lexicon) -> list[Mention]:
    """Mark mentions no translator owes the other side: a date line, a dateline's date, a
    bracketed conversion ("Rp 15,000 (about US$1)", "10 miles (16 km)")."""
    if not mentions:
        return mentions
    aside: set[int] = set()
    starts = [m.start for m in mentions]
    for line in _LINE.finditer(text):
        lo = bisect.bisect_left(starts, line.start())
        hi = bisect.bisect_left(starts, line.end())
        if lo == hi:
            continue
        kinds = {mentions[i].kind for i in range(lo, hi)}
        body = line.group()
        if len(body) <= 80 and kinds & {"date", "time"}:
            # "Wednesday, 20 Dec 2023 20:35 IWST", "Jakarta, 20/12/2023": only date words and
            # at most two capitalised ones (a place, an outlet), no ordinary lower-case word.
            rest = [w for w in _LEFTOVER_WORD.findall(body) if len(w) > 1
                    and w.lower() not in _DATE_WORDS and w.lower() not in lex.months]
            if len(rest) <= 2 and all(w[0].isupper() for w in rest):
                aside.update(range(lo, hi))
                continue
        head = _DATELINE.match(body)
        if head:
            for i in range(lo, hi):
                if mentions[i].end <= line.start() + head.end():
                    aside.add(i)
    for i, mention in enumerate(mentions):
        if i == 0 or mention.kind != "num":
            continue
        previous = mentions[i - 1]
        if mention.currency and previous.currency and previous.kind == "num" \
                and mention.currency.lower() != previous.currency.lower() \
                and _OR_ABOUT.match(text, previous.end, mention.start):
            aside.add(i)   # "Rp 15,000, or about US$1": a conversion without brackets
            continue
        open_at = text.rfind("(", 0, mention.start)
        if open_at < 0 or text.find(")", open_at, mention.start) != -1:
            continue
        close_at = text.find(")", mention.end)
        if close_at < 0 or close_at - open_at > 60:
            continue
        inside = text[open_at + 1:close_at]
        if previous.start >= open_at or previous.kind != "num":
            continue
        between = text[previous.end:open_at]
        if not between.strip() and set(previous.keys) & set(mention.keys) \
                and not text[mention.end:close_at].strip():
            aside.add(i)   # "10 (sepuluh) tahun", "lima (5) orang": the same number twice
            continue
        if len(between) > 25 or not lex.conversion_inside.match(inside):
            continue
        if not lex.conversion_inside.match(between.strip()):
            continue
        for j in range(i, len(mentions)):
            if mentions[j].start >= close_at:
                break
            aside.add(j)
    if not aside:
        return mentions
    return [m._replace(weak=True, idiom=True) if i in aside else m for i, m in enumerate(mentions)]


# --- alignment -----------------------------------------------------------------------------------

_NAME = re.compile(r"[A-Z](?<=[\s(\"“][A-Z])[\w'’-]{2,}")
_BAND = 6


class _Unit(NamedTuple):
    seg: Segment
    keys: frozenset
    names: frozenset[str]


def _features(segs: list[Segment], mentions: list[Mention]) -> list[_Unit]:
    starts = [s.start for s in segs]
    keys: list[set] = [set() for _ in segs]
    for m in mentions:
        i = max(0, bisect.bisect_right(starts, m.start) - 1)
        if not m.idiom:
            keys[i].update(m.keys)
    return [_Unit(s, frozenset(k), frozenset(_NAME.findall(s.text))) for s, k in zip(segs, keys)]


_MOVES = ((1, 1), (1, 0), (0, 1), (2, 1), (1, 2), (3, 1), (1, 3))
_SKIP = 3.0         # a sentence with no counterpart
_MERGE = 1.2        # per extra sentence in a bead


def _diagonal_fits(src: list[_Unit], tgt: list[_Unit]) -> bool:
    """Equal sentence counts, each pair of similar length, and no number or name that a
    neighbouring sentence shares better: sentence i translates sentence i (the usual case)."""
    n = len(src)
    for i, (su, tu) in enumerate(zip(src, tgt)):
        ls, lt = len(su.seg.text) + 20, len(tu.seg.text) + 20
        if ls > 2 * lt or lt > 2 * ls:
            return False
        if su.keys or su.names:
            here = len(su.keys & tu.keys) + len(su.names & tu.names)
            for j in (i - 1, i + 1):
                if 0 <= j < n and len(su.keys & tgt[j].keys) + len(su.names & tgt[j].names) > here:
                    return False
    return True


def align(src: list[_Unit], tgt: list[_Unit]) -> list[tuple[list[int], list[int]]]:
    """Monotone sentence alignment (1-1, 1-0, 0-1, 2-1, 1-2, 3-1, 1-3 beads) minimising a
    length-ratio cost minus shared numbers and names, in a band around the diagonal.

    Gale and Church's idea with two cheap anchors: translated sentences keep their numbers
    and most of their names. Costs of a bead are sums of precomputed per-pair anchors, so the
    dynamic programme stays well under a millisecond for a news article.
    """
    n, m = len(src), len(tgt)
    if n == 0 or m == 0:
        return [(list(range(n)), list(range(m)))]
    if n == 1 and m == 1:
        return [([0], [0])]
    band = max(_BAND, abs(n - m) + 2)
    ps = [0]
    for u in src:
        ps.append(ps[-1] + len(u.seg.text))
    pt = [0]
    for u in tgt:
        pt.append(pt[-1] + len(u.seg.text))
    if n == m and _diagonal_fits(src, tgt):
        return [([i], [i]) for i in range(n)]
    anchor: dict[tuple[int, int], float] = {}
    for i, su in enumerate(src):
        if not su.keys and not su.names:
            continue
        centre = i * m / n
        for j in range(max(0, int(centre) - band - 3), min(m, int(centre) + band + 4)):
            tu = tgt[j]
            score = 0.8 * len(su.keys & tu.keys) + 0.4 * len(su.names & tu.names)
            if score:
                anchor[(i, j)] = score
    inf = float("inf")
    cost = [[inf] * (m + 1) for _ in range(n + 1)]
    back: list[list[tuple[int, int] | None]] = [[None] * (m + 1) for _ in range(n + 1)]
    cost[0][0] = 0.0
    log = math.log
    for i in range(n + 1):
        centre = i * m / n
        row = cost[i]
        for j in range(max(0, int(centre) - band), min(m, int(centre) + band) + 1):
            here = row[j]
            if here == inf:
                continue
            for di, dj in _MOVES:
                ni, nj = i + di, j + dj
                if ni > n or nj > m:
                    continue
                if di and dj:
                    ls, lt = ps[ni] - ps[i], pt[nj] - pt[j]
                    c = 3.0 * abs(log((lt + 20) / (ls + 20))) + _MERGE * (di + dj - 2)
                    if anchor:
                        bonus = 0.0
                        for a in range(i, ni):
                            for b in range(j, nj):
                                bonus += anchor.get((a, b), 0.0)
                        c -= min(bonus, 4.0)
                else:
                    c = _SKIP + 0.002 * ((ps[ni] - ps[i]) + (pt[nj] - pt[j]))
                c += here
                if c < cost[ni][nj]:
                    cost[ni][nj] = c
                    back[ni][nj] = (di, dj)
    if cost[n][m] == inf:
        return [(list(range(n)), list(range(m)))]
    beads = []
    i, j = n, m
    while i or j:
        di, dj = back[i][j]  # type: ignore[misc]
        beads.append((list(range(i - di, i)), list(range(j - dj, j))))
        i, j = i - di, j - dj
    beads.reverse()
    return beads


# --- comparison ----------------------------------------------------------------------------------

class _Side:
    def __init__(self, mentions: list[Mention], segs: list[Segment], bead_of: list[int]) -> None:
        self.mentions = mentions
        starts = [s.start for s in segs]
        self.bead = [bead_of[max(0, bisect.bisect_right(starts, m.start) - 1)] if segs else 0
                     for m in mentions]
        self.partner: list[int | None] = [None] * len(mentions)


def _match(src: _Side, tgt: _Side) -> None:
    """Pair equal values: same aligned sentence first (exact reading, then any reading), then
    anywhere in the article, nearest sentence first. Candidates come from an index by reading,
    so a number-heavy article costs no more than its numbers."""
    by_primary: dict[tuple, list[int]] = {}
    by_key: dict[tuple, list[int]] = {}
    for j, t in enumerate(tgt.mentions):
        by_primary.setdefault(t.keys[0], []).append(j)
        for key in t.keys:
            by_key.setdefault(key, []).append(j)

    def run(same_bead: bool, primary: bool) -> None:
        for i, s in enumerate(src.mentions):
            if src.partner[i] is not None:
                continue
            if primary:
                candidates = by_primary.get(s.keys[0], ())
            else:
                candidates = sorted({j for key in s.keys for j in by_key.get(key, ())})
            best, best_distance = None, None
            for j in candidates:
                if tgt.partner[j] is not None:
                    continue
                distance = abs(src.bead[i] - tgt.bead[j])
                if same_bead and distance:
                    continue
                if best_distance is None or distance < best_distance:
                    best, best_distance = j, distance
                    if distance == 0:
                        break
            if best is not None:
                src.partner[i] = best
                tgt.partner[best] = i
    run(True, True)
    run(True, False)
    run(False, True)
    run(False, False)


def _all_matched(src_mentions: list[Mention], tgt_mentions: list[Mention]) -> bool:
    """True when matching over the whole article leaves nothing that could be reported."""
    src = _Side(src_mentions, [], [])
    tgt = _Side(tgt_mentions, [], [])
    _match(src, tgt)
    left_src = [m for m, p in zip(src_mentions, src.partner) if p is None]
    left_tgt = [m for m, p in zip(tgt_mentions, tgt.partner) if p is None]
    if any(not m.weak for m in left_src) or any(not m.weak for m in left_tgt):
        return False
    return all(m.idiom for m in left_src) or all(m.idiom for m in left_tgt)


def _value(m: Mention) -> Decimal | None:
    key = m.keys[0]
    return key[1] if key[0] == "n" else None


def _year_like(m: Mention) -> bool:
    v = _value(m)
    return v is not None and not m.percent and not m.currency and 1900 <= v <= 2100 \
        and v == v.to_integral() and len(m.text) == 4


def _digits(m: Mention) -> str:
    v = _value(m)
    return format(v.normalize(), "f").replace(".", "") if v is not None else ""


def _pairable(s: Mention, t: Mention) -> bool:
    if s.idiom or t.idiom or s.kind != t.kind:
        return False
    if s.kind == "code":
        return s.keys[0][1] == t.keys[0][1]    # same letters, other digits: "MH370" vs "MH17"
    if s.kind == "num":
        if s.percent != t.percent and not (s.percent and t.percent):
            return False
        if _year_like(s) != _year_like(t) and len(_digits(s)) != len(_digits(t)):
            return False   # a year and a count ("in 2012" vs "500 people") are not one number
    return True


def _rounding(s: Mention, t: Mention) -> bool:
    """"3.7 percent" for "3,69 persen": within 2% and written with fewer digits."""
    sv, tv = _value(s), _value(t)
    if sv is None or tv is None or not sv:
        return False
    if abs(sv - tv) / abs(sv) > ROUNDING:
        return False
    return len(_digits(t).rstrip("0")) < len(_digits(s).rstrip("0"))


# --- rendering -----------------------------------------------------------------------------------

_MONTH_NAMES = ("January", "February", "March", "April", "May", "June", "July", "August",
                "September", "October", "November", "December")
_MONTH_NAMES_ID = ("Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus",
                   "September", "Oktober", "November", "Desember")
_SCALE_NAMES = {"en": ((Decimal(10) ** 12, "trillion"), (Decimal(10) ** 9, "billion"),
                       (Decimal(10) ** 6, "million")),
                "id": ((Decimal(10) ** 12, "triliun"), (Decimal(10) ** 9, "miliar"),
                       (Decimal(10) ** 6, "juta"))}


def _plain(value: Decimal, lang: str) -> str:
    value = value.normalize()
    if value == value.to_integral():
        text = f"{int(value):,}"
        return text.replace(",", ".") if lang == "id" else text
    text = format(value, "f")
    whole, _, frac = text.partition(".")
    whole = f"{int(whole):,}"
    if lang == "id":
        return whole.replace(",", ".") + "," + frac
    return whole + "." + frac


_ONES = ("zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
         "fifteen sixteen seventeen eighteen nineteen").split()
_TENS = "_ _ twenty thirty forty fifty sixty seventy eighty ninety".split()


def _english_words(n: int) -> str:
    """0-99 in words ("forty-two"), for a suggestion that replaces a number written in words."""
    if n < 20:
        return _ONES[n]
    tens, ones = divmod(n, 10)
    return _TENS[tens] + (f"-{_ONES[ones]}" if ones else "")


def render(m: Mention, lang: str = "en", like: Mention | None = None) -> str:
    """A mention's value written the way ``lang`` writes it ("Rp 2 trillion", "20:35")."""
    key = m.keys[0]
    if key[0] == "d":
        names = _MONTH_NAMES_ID if lang == "id" else _MONTH_NAMES
        return f"{key[2]} {names[key[1] - 1]}" if lang == "id" else f"{names[key[1] - 1]} {key[2]}"
    if key[0] == "t":
        sep = "." if lang == "id" else ":"
        return f"{key[1]:02d}{sep}{key[2]:02d}"
    if key[0] == "c":
        return m.text
    value: Decimal = key[1]
    if (like is not None and lang == "en" and like.text[:1].isalpha() and not m.percent
            and not m.currency and value == value.to_integral() and 0 <= value < 100
            and not m.ordinal):
        words = _english_words(int(value))   # "three" for "dua": keep the translation's style
        return words.capitalize() if like.text[:1].isupper() else words
    text = None
    if value == value.to_integral() and abs(value) < 10000 and m.text.isdigit():
        text = str(int(value))   # a year or a plain count as written: "2008", not "2,008"
    for size, name in (() if text else _SCALE_NAMES.get(lang, _SCALE_NAMES["en"])):
        if abs(value) >= size and (value / size) * 100 == ((value / size) * 100).to_integral():
            text = f"{_plain(value / size, lang)} {name}"
            break
    if text is None:
        text = _plain(value, lang)
    if m.ordinal and lang == "en" and value == value.to_integral():
        n = int(value)
        suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
        text += suffix
    if m.percent:
        text += " persen" if lang == "id" else "%"
    if m.currency:
        cur = m.currency.rstrip(".")
        text = f"{cur} {text}" if cur[-1:].isalpha() else f"{cur}{text}"
    return text


def _quote(text: str, seg: Segment, at: int | None = None, width: int = 90) -> str:
    """A sentence for a message, cut to about ``width`` characters around position ``at``."""
    lo, hi = seg.start, seg.end
    if hi - lo > width:
        lo = max(seg.start, (at if at is not None else seg.start) - width // 2)
        hi = min(seg.end, lo + width)
        lo = max(seg.start, hi - width)
    snippet = " ".join(text[lo:hi].split())
    return ("…" if lo > seg.start else "") + snippet + ("…" if hi < seg.end else "")


def _context(text: str, segs: list[Segment], m: Mention) -> str:
    """The source sentence around a mention, for the message."""
    seg = _segment_of(segs, m.start) if segs else Segment(0, len(text), text)
    return _quote(text, seg, m.start)


# --- the check -----------------------------------------------------------------------------------

_ALIASES = {"ms": "id", "in": "id"}   # langdetect often calls Indonesian Malay


def _languages(ctx: CheckContext) -> tuple[str, str]:
    """(article language, source language), each "en" or "id": an unknown article language
    is read as English; an unknown source language as the other one of the pair."""
    lang = (ctx.language or "en").lower()[:2]
    lang = _ALIASES.get(lang, lang)
    lang = lang if lang in LANGUAGES else "en"
    src = (ctx.source_language or "").lower()[:2]
    src = _ALIASES.get(src, src)
    if src not in LANGUAGES:
        src = "id" if lang == "en" else "en"
    return lang, src


def compare(text: str, source: str, lang: str = "en", source_lang: str = "id",
            lex: Lexicon | None = None, config=None, text_sentences: list[Segment] | None = None,
            source_sentences: list[Segment] | None = None) -> list[Hit]:
    """Findings for ``text`` (the translation) against ``source`` (pure; the check's core)."""
    if lex is None:
        from audit.config import DEFAULT
        lex = compiled("numbers", config or DEFAULT, _build)
    tgt_mentions = extract(text, lang, lex)
    src_mentions = extract(source, source_lang, lex)
    if not tgt_mentions and not src_mentions:
        return []
    if _all_matched(src_mentions, tgt_mentions):
        return []   # the common case: every number has its counterpart; no alignment needed
    tgt_segs = (sentences(text) if text_sentences is None else text_sentences) \
        or [Segment(0, len(text), text)]
    src_segs = (sentences(source) if source_sentences is None else source_sentences) \
        or [Segment(0, len(source), source)]
    beads = align(_features(src_segs, src_mentions), _features(tgt_segs, tgt_mentions))
    src_bead = [0] * len(src_segs)
    tgt_bead = [0] * len(tgt_segs)
    bead_targets: list[list[int]] = []
    for b, (si, ti) in enumerate(beads):
        for i in si:
            src_bead[i] = b
        for j in ti:
            tgt_bead[j] = b
        bead_targets.append(ti)
    src = _Side(src_mentions, src_segs, src_bead)
    tgt = _Side(tgt_mentions, tgt_segs, tgt_bead)
    _match(src, tgt)

    return _report(text, source, lang, src, tgt, src_segs, tgt_segs, src_bead, tgt_bead,
                   bead_targets, config)


def _similarity_cost(s: Mention, t: Mention, src_seg: Segment, tgt_seg: Segment) -> float:
    """How unlikely ``t`` is the translation of ``s`` (lower is likelier): the same place in
    the sentence, the same percent/currency marking, digits in common."""
    where_s = (s.start - src_seg.start) / max(1, src_seg.end - src_seg.start)
    where_t = (t.start - tgt_seg.start) / max(1, tgt_seg.end - tgt_seg.start)
    cost = abs(where_s - where_t)
    cost += 0.5 * (s.percent != t.percent) + 0.3 * (bool(s.currency) != bool(t.currency))
    sv, tv = _value(s), _value(t)
    if sv is not None and tv is not None and sv and tv:
        ds, dt = _digits(s), _digits(t)
        if len(ds) == len(dt) > 1 and sum(a != b for a, b in zip(ds, dt)) <= 1:
            cost -= 0.4   # one digit changed: 1,514 → 1,517
        elif sorted(ds) == sorted(dt) or ds in dt or dt in ds:
            cost -= 0.3   # 15 → 51, 26 → 126, 1.5 million → 1.5 billion
    return cost


def _segment_of(segs: list[Segment], pos: int) -> Segment:
    starts = [seg.start for seg in segs]
    return segs[max(0, bisect.bisect_right(starts, pos) - 1)]


def _report(text: str, source: str, lang: str, src: _Side, tgt: _Side,
            src_segs: list[Segment], tgt_segs: list[Segment], src_bead: list[int],
            tgt_bead: list[int], bead_targets: list[list[int]], config) -> list[Hit]:
    """Turn what ``_match`` left unpaired into changed / dropped / added hits."""
    keys_in_bead: tuple[dict[int, set], dict[int, set]] = ({}, {})
    for side, store in ((src, keys_in_bead[0]), (tgt, keys_in_bead[1])):
        for k, mention in enumerate(side.mentions):
            store.setdefault(side.bead[k], set()).update(mention.keys)
    left_src = [i for i, p in enumerate(src.partner) if p is None]
    left_tgt = [j for j, p in enumerate(tgt.partner) if p is None]
    candidates = []
    for i in left_src:
        s = src.mentions[i]
        for j in left_tgt:
            t = tgt.mentions[j]
            if tgt.bead[j] == src.bead[i] and _pairable(s, t):
                cost = _similarity_cost(s, t, _segment_of(src_segs, s.start),
                                        _segment_of(tgt_segs, t.start))
                candidates.append((cost, i, j))
    candidates.sort()
    hits: list[Hit] = []
    paired_src: set[int] = set()
    paired_tgt: set[int] = set()
    for _, i, j in candidates:
        if i in paired_src or j in paired_tgt:
            continue
        paired_src.add(i)
        paired_tgt.add(j)
        s, t = src.mentions[i], tgt.mentions[j]
        rounded = _rounding(s, t)
        what = "rounds" if rounded else "differs from"
        hits.append(Hit(
            t.start, t.end,
            f"\"{t.text}\" {what} the source's \"{s.text}\" "
            f"(source: \"{_context(source, src_segs, s)}\").",
            render(s, lang, like=t), severity="minor" if rounded else None))
    for i in left_src:
        s = src.mentions[i]
        if i in paired_src or s.weak:
            continue
        if keys_in_bead[1].get(src.bead[i], set()).intersection(s.keys):
            continue   # said twice in the source, once in the translation: not a loss
        targets = bead_targets[src.bead[i]]
        if targets:
            seg = Segment(tgt_segs[targets[0]].start, tgt_segs[targets[-1]].end, "")
        else:   # the whole sentence is missing: point at the sentence before the gap
            before = [j for j in range(len(tgt_segs)) if tgt_bead[j] < src.bead[i]]
            seg = tgt_segs[before[-1] if before else 0]
        hits.append(Hit(
            seg.start, seg.end,
            f"The source's \"{s.text}\" is missing from the translation "
            f"(source: \"{_context(source, src_segs, s)}\").",
            render(s, lang), severity="minor", category="accuracy/omission"))
    for j in left_tgt:
        t = tgt.mentions[j]
        if j in paired_tgt or t.weak:
            continue
        if keys_in_bead[0].get(tgt.bead[j], set()).intersection(t.keys):
            continue
        near = [i for i, bead in enumerate(src_bead) if bead == tgt.bead[j]]
        where = f" (source: \"{_quote(source, src_segs[near[0]])}\")" if near else ""
        hits.append(Hit(t.start, t.end, f"\"{t.text}\" is not in the source{where}.", None,
                        severity="minor", category="accuracy/addition"))
    if config is not None:
        hits = [h for h in hits if not allowed(config, text[h.start:h.end])]
    hits.sort(key=lambda h: (h.start, h.end))
    return hits


@check("number-mismatch", category="accuracy/mistranslation", severity="major",
       example="killed 51 people (source: menewaskan 15 orang)", needs_source=True)
def number_mismatch(ctx: CheckContext) -> Iterable[Hit]:
    """Numbers changed, dropped or added relative to the source text."""
    lang, source_lang = _languages(ctx)
    lex = compiled("numbers", ctx.config, _build)
    return compare(ctx.text, ctx.source_text or "", lang, source_lang, lex, ctx.config,
                   ctx.sentences, ctx.source_sentences)
