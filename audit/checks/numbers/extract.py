"""Every number mention of a text: dates, times, codes, digits, words, ranges and asides."""

from __future__ import annotations

import bisect
import itertools
import re
from decimal import Decimal

from audit.checks.numbers import chinese
from audit.checks.numbers.digits import matches_at, may_match, digit_run_starts, pukul_may_match
from audit.checks.numbers.digits import _ASCII_LETTERS, _CLOCK, _CODE, _CURRENCY_LETTERS, _DECADE_SUFFIX, _DIGITS, _DOMAIN_PATH, _DOT_DASH_DATE, _EMAIL, _HOUR_AMPM, _ISO_DATE, _OCLOCK, _ORDINAL_PREFIXES, _ORDINAL_SUFFIX, _PUKUL_HOUR, _SLASH_DATE, _UNIT_EXPONENT, _URL, read_digits
from audit.checks.numbers.lexicon import Language, Lexicon
from audit.checks.numbers.model import Mention, _Claims, _HUNDRED, _ONE, _num_keys
from audit.text import word_runs
from audit.checks.numbers.words import _CENTS_AFTER, _CENTS_BETWEEN, _roman, _scale, _word_numbers, roman_numerals


# --- extraction ----------------------------------------------------------------------------------

def extract(text: str, lang: str, lex: Lexicon) -> list[Mention]:
    """Every number mention in ``text`` read in ``lang``'s conventions, in text order."""
    language = lex.languages.get(lang) or lex.languages["en"]
    claims = _Claims(len(text))
    out: list[Mention] = []
    if "://" in text or "www." in text:   # what every URL has (``_URL``)
        for m in _URL.finditer(text):
            claims.take(m.start(), m.end())
    for pattern, marker in ((_EMAIL, "@"), (_DOMAIN_PATH, "/")):
        if marker in text:
            for m in pattern.finditer(text):
                start = m.start()
                while start > 0 and (text[start - 1].isalnum() or text[start - 1] in "._-"):
                    start -= 1
                claims.take(start, m.end())
    numerals = lex.numerals.get(lang)
    if numerals is not None:   # 二月十一日, 92万, 第48届: before the digit readers take "92"
        out += chinese.mentions(text, numerals, claims.free, claims.take)
    starts = digit_run_starts(text)   # where every digit-led pattern can match
    if starts:
        _dates(text, lang, lex, claims, out, starts)
        _times(text, language, lex, claims, out, starts)
        _codes(text, claims, out, starts)
        _digit_numbers(text, language, lex, claims, out, starts)
    else:   # every date, clock, code and digit pattern needs a digit: only the noon words
        _noon_words(text, lex, claims, out)
    # Where number words and Roman numerals are (claims decide later which are read): the
    # idioms only claim text from them, so a text with neither needs no idiom scan.
    runs = _number_word_runs(text, language)
    romans = roman_numerals(text)
    if (runs or romans) and _idioms_may_match(text, language):
        for m in language.idioms.finditer(text):
            claims.take(m.start(), m.end())
    if runs:
        _word_numbers(text, language, lex, claims, out, runs)
    for start, end, numeral in romans:
        if claims.free(start, end):
            out.append(Mention(start, end, numeral, "num", _num_keys([_roman(numeral)]),
                               weak=True, idiom=True))
    if not out:
        return out
    out.sort(key=lambda m: m.start)
    return _mark_asides(text, _ranges(text, out, lex), lex)


def _idioms_may_match(text: str, language: Language) -> bool:
    """Whether ``language.idioms`` may match: all of some idiom's word runs are runs of the
    text (``Language.idiom_runs``)."""
    if language.idioms is None:
        return False
    if language.idiom_runs is None:
        return True
    runs = word_runs(text)
    return any(sets <= runs for head in runs & language.idiom_runs.keys()
               for sets in language.idiom_runs[head])


def _number_word_runs(text: str, language: Language) -> list[re.Match[str]]:
    """The runs of number words in ``text`` (``Language.runs``); the word-run gate spares the
    scan on the many texts without one of the words a run starts with."""
    if language.runs is None:
        return []
    if language.heads is None:
        return list(language.runs.finditer(text))
    present = word_runs(text) & language.heads
    if not present:
        return []
    # A run starts with one of these words as a whole word run of the text, or at the "a"
    # before one of ``lead_heads`` ("a hundred"): it is tried there alone, in order, as
    # ``finditer`` would find it.
    return list(matches_at(language.runs, text, _run_starts(text, present, language.lead_heads)))


def _is_word_char(char: str) -> bool:
    return char.isalnum() or char == "_"   # ``\w``, as the engine reads it


def _run_starts(text: str, words: frozenset[str], lead_heads: frozenset[str]) -> list[int]:
    """Where ``words`` occur as whole word runs of ``text``, and for those of ``lead_heads``
    also where an "a" before them starts (``Language.runs``' "a hundred"), sorted."""
    starts = set()
    find, size = text.find, len(text)
    for word in words:
        at = find(word)
        while at >= 0:
            after = at + len(word)
            if (at == 0 or not _is_word_char(text[at - 1])) \
                    and (after == size or not _is_word_char(text[after])):
                starts.add(at)
                if word in lead_heads:
                    k = at
                    while k > 0 and (text[k - 1].isspace() or text[k - 1] == "-"):
                        k -= 1
                    if k < at and k > 0 and text[k - 1] in "Aa":
                        starts.add(k - 1)
            at = find(word, at + 1)
    return sorted(starts)


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


def _dates(text: str, lang: str, lex: Lexicon, claims: _Claims, out: list[Mention],
           starts: list[int]) -> None:
    for m in matches_at(_ISO_DATE, text, starts) if may_match(_ISO_DATE, text) else ():
        reading = (int(m.group(2)), int(m.group(3)))
        mention = _date_mention(text, m.start(2), m.end(3), [reading], lex)
        if mention:
            claims.take(m.start(), m.end())
            out.append(mention)
            out.append(_year_mention(text, m, 1))
    # Both name a month, and a month name is a whole word run of the text (``month_heads``);
    # dmy starts with its day's digits (``_build``), mdy with the month: each is tried only
    # where those start.
    months = None if lex.month_heads is None else word_runs(text) & lex.month_heads
    for pattern, day_group, month_group in ((lex.dmy, 1, 2), (lex.mdy, 2, 1)) \
            if months is None or months else ():
        if pattern is lex.dmy:
            found = matches_at(pattern, text, starts)
        elif months is None:
            found = pattern.finditer(text)
        else:
            found = matches_at(pattern, text, _run_starts(text, months, frozenset()))
        for m in found:
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
        for m in matches_at(pattern, text, starts) if may_match(pattern, text) else ():
            if not claims.free(m.start(), m.end()):
                continue
            if pattern is _SLASH_DATE:
                a, b, year_group = int(m.group(1)), int(m.group(2)), 3
            else:
                a, b, year_group = int(m.group(1)), int(m.group(3)), 4
            # The source languages write day/month; English day/month or (US) month/day.
            day_first = lang != "en" or pattern is not _SLASH_DATE
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
           out: list[Mention], starts: list[int]) -> None:
    lang = language.code
    for m in matches_at(_CLOCK, text, starts):
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
            if lang in lex.comma_decimal:   # "13.00": a clock time (their decimals have a comma)
                keys, kind = time_keys + decimal, "time"
            else:
                keys, kind = decimal + time_keys, "num"
        claims.take(m.start(), end)
        out.append(Mention(m.start(), end, text[m.start():end], kind, keys))
    _noon_words(text, lex, claims, out)
    pukul = _PUKUL_HOUR.finditer(text) if pukul_may_match(text) else ()
    for m in itertools.chain(matches_at(_HOUR_AMPM, text, starts), pukul):
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


def _noon_words(text: str, lex: Lexicon, claims: _Claims, out: list[Mention]) -> None:
    """"noon", "tengah malam": times written without a digit (weak, but they match)."""
    if lex.noon_words is not None and (lex.noon_heads is None
                                       or not word_runs(text).isdisjoint(lex.noon_heads)):
        for m in lex.noon_words.finditer(text):
            if claims.free(m.start(), m.end()):
                hour = 0 if m.group().lower() in lex.midnight else 12
                claims.take(m.start(), m.end())
                out.append(Mention(m.start(), m.end(), m.group(), "time", (("t", hour, 0),),
                                   weak=True))


def _codes(text: str, claims: _Claims, out: list[Mention], starts: list[int]) -> None:
    """"G20", "G-20", "COVID-19", "MH370", "H5N1": letters and digits naming one thing."""
    for m in matches_at(_CODE, text, starts):
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
                   out: list[Mention], starts: list[int]) -> None:
    lang = language.code
    for m in matches_at(_DIGITS, text, starts):
        start, end = m.start(), m.end()
        if not claims.free(start, end):
            continue
        readings = read_digits(m.group(), lang, lex.comma_decimal)
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
        if a.kind == b.kind == "num" and (cm := _CENTS_AFTER.match(text, b.end)) \
                and _CENTS_BETWEEN.match(text[a.end:b.start]) and _small_int(b, 99):
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
    size = len(text)
    lo = 0
    while lo < len(mentions):   # the lines (runs of characters but "\n") that hold mentions
        at = starts[lo]
        if at < size and text[at] == "\n":
            lo += 1   # on no line
            continue
        line_start = text.rfind("\n", 0, at) + 1
        line_end = text.find("\n", at)
        line_end = size if line_end < 0 else line_end
        hi = bisect.bisect_left(starts, line_end, lo)
        body = text[line_start:line_end]
        if len(body) <= 80 and any(mentions[i].kind in ("date", "time") for i in range(lo, hi)):
            # "Wednesday, 20 Dec 2023 20:35 IWST", "Jakarta, 20/12/2023": only date words and
            # at most two capitalised ones (a place, an outlet), no ordinary lower-case word.
            rest = [w for w in _LEFTOVER_WORD.findall(body) if len(w) > 1
                    and w.lower() not in _DATE_WORDS and w.lower() not in lex.months]
            if len(rest) <= 2 and all(w[0].isupper() for w in rest):
                aside.update(range(lo, hi))
                lo = hi
                continue
        head = _DATELINE.match(body)
        if head:
            for i in range(lo, hi):
                if mentions[i].end <= line_start + head.end():
                    aside.add(i)
        lo = hi
    brackets = "(" in text
    for i, mention in enumerate(mentions):
        if i == 0 or mention.kind != "num":
            continue
        previous = mentions[i - 1]
        if mention.currency and previous.currency and previous.kind == "num" \
                and mention.currency.lower() != previous.currency.lower() \
                and _OR_ABOUT.match(text, previous.end, mention.start):
            aside.add(i)   # "Rp 15,000, or about US$1": a conversion without brackets
            continue
        if not brackets:
            continue
        # A bracket pair spans at most 60 characters: searching further is wasted (and, for
        # every number of a long text without brackets, quadratic).
        open_at = text.rfind("(", max(0, mention.end - 60), mention.start)
        if open_at < 0 or text.find(")", open_at, mention.start) != -1:
            continue
        close_at = text.find(")", mention.end, open_at + 61)
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


