"""Source-language date, time and number conventions carried into English (``locale-convention``).

Translators (human and machine) translate words but keep the source's conventions, and an
English reader then misreads them: "US$130.000" looks like 130 dollars, "1,5 million" like a
list, "Wednesday (20/12)" is Indonesian newsroom style, "20:35 IWST" is a machine calque of
"20.35 WIB" that no reader can decode. Each kind of hit carries its MQM category
(``locale/date-time`` or ``locale/number-format``) and a drop-in suggestion when one is
certain. Everything is anchored on evidence that cannot be English: a time-zone abbreviation
(exact case), a weekday directly followed by a bracketed date, a comma before one or two
digits *and* a unit or currency, dots in groups of three after a currency or repeated
("1.500.000"). So "1,500", "1,2 and 3", "10.30" (British time) and "192.168.100.200" are
never flagged. Patterns are built once per lexicon from ``audit/data/locale.toml``.

Two kinds of knowledge: *shared conventions* (a decimal comma, a thousands dot or space,
"20.12.2023", "20 h 35", "14.30 o'clock", "20.35 hours") are written the same way by several
source languages, so their hits are weak evidence for every pack that lists them under
``locale.conventions`` and their messages name no single language; a pack's *own* conventions
(Indonesian time zones, the "Rabu (20/12)" newsroom date, unconverted rupiah) come from its
``[locale]`` section and are evidence of that language alone.
"""

from __future__ import annotations

import bisect
import calendar
import datetime as dt
import re
from typing import Any, Iterable, NamedTuple

from audit import languages, native
from audit.checks.base import CheckContext, Hit, check
from audit.checks.lexicon import allowed, builtin, compiled, zipf
from audit.model import LanguageEvidence
from audit.patterns import literal_alternation

DATE_TIME, NUMBER_FORMAT = "locale/date-time", "locale/number-format"
MONTH_ABBREVIATIONS = {name[:3].lower(): n for n, name in enumerate(calendar.month_name) if n}


class Zone(NamedTuple):
    canonical: str
    utc: str
    name: str
    calque: bool
    needs_time: bool


class Lexicon(NamedTuple):
    zones: dict[str, Zone]
    zone_re: re.Pattern[str] | None
    zone_name_re: re.Pattern[str] | None
    zone_directions: dict[str, str]
    weekdays: dict[str, str]
    weekday_date_re: re.Pattern[str] | None
    thousands_dot_re: re.Pattern[str]
    currency_before_re: re.Pattern[str]
    units: frozenset[str]
    scales: frozenset[str]
    rupiah_re: re.Pattern[str] | None
    rupiah: tuple[str, ...]
    conversion_re: re.Pattern[str] | None
    months: tuple[str, ...]
    count_nouns: frozenset[str]
    months_lower: dict[str, int]
    code: str = ""                 # the pack ("" for the shared conventions)
    name: str = ""
    currency_name: str = ""
    zone_country: str = ""


def _build(data: dict[str, Any]) -> Lexicon:
    zones = {}
    for abbr, spec in data.get("time_zones", {}).items():
        spec = spec if isinstance(spec, dict) else {"canonical": str(spec)}
        zones[abbr] = Zone(str(spec.get("canonical", abbr)), str(spec.get("utc", "")),
                           str(spec.get("name", "")), bool(spec.get("calque", False)),
                           bool(spec.get("needs_time", False)))
    directions = {str(k).lower(): str(v) for k, v in data.get("zone_directions", {}).items()}
    weekdays = {str(k).lower(): str(v) for k, v in data.get("weekdays", {}).items()}
    currencies = [str(c) for c in data.get("currencies", [])]
    rupiah = [str(c) for c in data.get("local_currency", [])]
    conversions = [str(c) for c in data.get("conversions", [])]
    months = tuple(str(m) for m in data.get("months", calendar.month_name[1:]))
    # A currency right before the number: "US$1,7", "Rp 1.500.000", "Rp. 5.000".
    currency_alt = literal_alternation(currencies) or "(?!)"
    word_conversions = [c for c in conversions if c[:1].isalpha()]
    sign_conversions = [c for c in conversions if not c[:1].isalpha()]
    conversion_parts = []
    if word_conversions:
        conversion_parts.append(rf"\b(?:{literal_alternation(word_conversions)})\b")
    if sign_conversions:
        conversion_parts.append(rf"(?:{literal_alternation(sign_conversions)})\s?\d")
    return Lexicon(
        zones=zones,
        zone_re=re.compile(rf"(?<![\w/])({literal_alternation(zones)})(?![\w/])") if zones else None,
        zone_name_re=re.compile(
            rf"\b({literal_alternation(directions)})\s+{re.escape(data.get('zone_country', ''))}"
            r"n?\s+(?:Standard\s+)?Time\b",
            re.IGNORECASE) if directions and data.get("zone_country") else None,
        zone_directions=directions,
        weekdays=weekdays,
        weekday_date_re=re.compile(
            rf"\b({literal_alternation(w.capitalize() for w in weekdays)})(,?[ \t\u00a0]*)"
            r"\((\d{1,2})/(\d{1,2})(?:/(\d{4}|\d{2}))?\)")
        if weekdays and data.get("weekday_date") else None,
        # Dots between groups of three: "1.500", "1.500.000", "1.500.000,50".
        # (not after a letter, "/" or ":", nor after "." unless "Rp.": "v1.500", IP, URLs).
        thousands_dot_re=re.compile(r"(?<![\w,/:])(?<!(?<!Rp)\.)([1-9]\d{0,2})((?:\.\d{3})+)"
                                    r"(?:,(\d{1,2}))?(?![\d])(?![.,]\d)"),
        currency_before_re=re.compile(rf"(?:{currency_alt})[ \t\u00a0]?$"),
        units=frozenset(str(u).lower() for u in data.get("units", [])),
        scales=frozenset(str(s).lower() for s in data.get("scales", [])),
        rupiah_re=re.compile(
            rf"(?<![\w$])(?:{literal_alternation(rupiah)})[ \t\u00a0]?\d[\d.,]*(?:[-–]\d[\d.,]*)?"
            r"(?:[ \t\u00a0]?(?i:thousands?|millions?|billions?|trillions?|juta|miliar|triliun|"
            r"ribu|bn|tn)\b)?")
        if rupiah else None,
        rupiah=tuple(rupiah),
        conversion_re=re.compile("|".join(conversion_parts)) if conversion_parts else None,
        months=months,
        count_nouns=frozenset(str(n).lower() for n in data.get("count_nouns", [])),
        months_lower={m.lower(): n for n, m in enumerate(months, 1)},
        code=str(data.get("code", "")), name=str(data.get("name", "")),
        currency_name=str(data.get("currency_name", "")),
        zone_country=str(data.get("zone_country", "")),
    )


def _build_pack(data: dict[str, Any]) -> Lexicon:
    """A pack's own conventions, over the shared lexicon's units, currencies and months."""
    shared = builtin("locale")
    return _build({**{k: v for k, v in shared.items() if k not in data}, **data})


# --- time zones --------------------------------------------------------------------------------

# A clock time right before a zone: "20:35 ", "20.35 ", "8 p.m. ", "at 9 ".
_TIME_BEFORE = re.compile(
    r"(?:\b\d{1,2}[.:]\d{2}|\b\d{1,2}\s*(?:a\.m\.|p\.m\.|am|pm))[ \t\u00a0]*$", re.IGNORECASE)
_DOT_TIME_BEFORE = re.compile(r"\b(?:[01]?\d|2[0-3])\.[0-5]\d(?=[ \t\u00a0]*$)")
_OFFSET_AFTER = re.compile(r"^[ \t\u00a0]*[(,/]?[ \t\u00a0]*(?:UTC|GMT)[ \t\u00a0]?[+\u2212-]",
                           re.IGNORECASE)


def _zone_hits(text: str, lex: Lexicon) -> Iterable[Hit]:
    if lex.zone_re is not None and any(map(text.__contains__, lex.zones)):
        for m in lex.zone_re.finditer(text):
            zone = lex.zones[m.group(1)]
            before = text[max(0, m.start() - 12):m.start()]
            timed = bool(_TIME_BEFORE.search(before))
            if zone.needs_time and not timed:
                continue
            dot = _DOT_TIME_BEFORE.search(before)
            if dot:  # "20.35 WIB": the Indonesian dot between hours and minutes
                start = m.start() - len(before) + dot.start()
                clock = dot.group()
                yield Hit(start, start + len(clock),
                          f"{lex.name} clock format \"{clock}\": English separates hours and "
                          f"minutes with a colon.", clock.replace(".", ":"), category=DATE_TIME,
                          evidence=LanguageEvidence((lex.code,)))
            if _OFFSET_AFTER.match(text[m.end():m.end() + 16]):
                continue  # "WIB (UTC+7)": already explained
            suggestion = f"{zone.canonical} ({zone.utc})" if zone.utc else zone.canonical
            if zone.calque:
                message = (f"\"{m.group(1)}\" is a machine-translation calque of the {lex.name} "
                           f"time zone {zone.canonical} ({zone.name}), not a real abbreviation; "
                           f"write {suggestion} or convert to the reader's time.")
                severity = "major"
            else:
                message = (f"{lex.name} time zone \"{m.group(1)}\" ({zone.name}) means nothing to "
                           f"most English readers: give the offset, {suggestion}, or convert.")
                severity = None
            yield Hit(m.start(), m.end(), message, suggestion, severity=severity,
                      category=DATE_TIME, evidence=LanguageEvidence((lex.code,)))
    country = lex.zone_country[1:]
    if lex.zone_name_re is not None and (country in text or country.upper() in text):
        for m in lex.zone_name_re.finditer(text):
            if _OFFSET_AFTER.match(text[m.end():m.end() + 16]):
                continue
            canonical = lex.zone_directions.get(m.group(1).lower())
            zone = lex.zones.get(canonical or "")
            if zone is None:
                continue
            suggestion = f"{zone.canonical} ({zone.utc})"
            yield Hit(m.start(), m.end(),
                      f"\"{m.group()}\" translates the {lex.name} time zone {zone.canonical}; "
                      f"readers need the offset: {suggestion}.",
                      suggestion, severity="info", category=DATE_TIME, evidence=LanguageEvidence((lex.code,)),
                      fixable=False)  # rewording a spelled-out zone is the editor's call


# --- weekday (d/m) -------------------------------------------------------------------------------

_ARTICLE_DATE = re.compile(
    r"\b(\d{1,2})\s+([A-Z][a-z]{2,8})\.?,?\s+(\d{4})\b"          # 20 Dec 2023
    r"|\b([A-Z][a-z]{2,8})\.?\s+(\d{1,2}),?\s+(\d{4})\b"          # December 20, 2023
    r"|\b(\d{4})-(\d{2})-(\d{2})\b")                               # 2023-12-20


_MONTH_NAMES = {name.lower(): n for n, name in enumerate(calendar.month_name) if n}


def _month_number(name: str) -> int | None:
    """12 for "December", "Dec" or "Sept"-style abbreviations; None for other words."""
    low = name.lower()
    if low in _MONTH_NAMES:
        return _MONTH_NAMES[low]
    return MONTH_ABBREVIATIONS.get(low[:3]) if len(low) <= 4 else None


def _article_date(text: str) -> dt.date | None:
    """The first full date in the article (usually the dateline), if any."""
    for m in _ARTICLE_DATE.finditer(text):
        try:
            if m.group(1):
                month = _month_number(m.group(2))
                if month:
                    return dt.date(int(m.group(3)), month, int(m.group(1)))
            elif m.group(4):
                month = _month_number(m.group(4))
                if month:
                    return dt.date(int(m.group(6)), month, int(m.group(5)))
            else:
                return dt.date(int(m.group(7)), int(m.group(8)), int(m.group(9)))
        except ValueError:
            continue
    return None


def _valid(month: int, day: int) -> bool:
    return 1 <= month <= 12 and 1 <= day <= calendar.monthrange(2024, month)[1]


def _weekday_matches(weekday: str, month: int, day: int, year: int | None,
                     anchor: dt.date | None) -> bool | None:
    """Does (month, day) fall on ``weekday`` in the year nearest the article's date? None if
    the year is unknown."""
    if anchor is None and year is None:
        return None
    candidates = [year] if year else [anchor.year - 1, anchor.year, anchor.year + 1]
    best = None
    for y in candidates:
        try:
            d = dt.date(y, month, day)
        except ValueError:
            continue
        if best is None or (anchor and abs((d - anchor).days) < abs((best - anchor).days)):
            best = d
    if best is None:
        return None
    return calendar.day_name[best.weekday()] == weekday


_BRACKET_DATE = re.compile(r"\(\d{1,2}/\d")  # cheap gate: literal-led patterns scan at C speed


def _weekday_hits(text: str, lex: Lexicon) -> Iterable[Hit]:
    if lex.weekday_date_re is None or not _BRACKET_DATE.search(text):
        return
    found = list(lex.weekday_date_re.finditer(text))
    if not found:
        return
    # The article's own evidence for the order: a first number > 12 means day/month, a
    # second number > 12 means month/day. Consistent evidence settles the ambiguous ones.
    orders = set()
    for m in found:
        a, b = int(m.group(3)), int(m.group(4))
        if a > 12 >= b:
            orders.add("dm")
        elif b > 12 >= a:
            orders.add("md")
    anchor = _article_date(text)
    for m in found:
        weekday = lex.weekdays[m.group(1).lower()]
        a, b = int(m.group(3)), int(m.group(4))
        year_text = m.group(5)
        year = (int(year_text) + (2000 if len(year_text) == 2 else 0)) if year_text else None
        readings = {order: (month, day) for order, (month, day)
                    in (("dm", (b, a)), ("md", (a, b))) if _valid(month, day)}
        if not readings:
            continue  # "(45/67)": not a date
        why = ""
        certain = len(readings) == 1  # the one valid reading, or the weekday proves it
        if len(readings) == 2:
            fits = {o for o, (mo, d) in readings.items()
                    if _weekday_matches(weekday, mo, d, year, anchor)}
            if len(fits) == 1:
                readings = {o: readings[o] for o in fits}
                why = f" (only this reading falls on a {weekday})"
                certain = True
            elif len(orders) == 1 and next(iter(orders)) in readings:
                order = next(iter(orders))
                readings = {order: readings[order]}
                why = " (the article's other bracketed dates use this order)"
            elif anchor is not None:
                same = {o for o, (mo, _) in readings.items() if mo == anchor.month}
                if len(same) == 1:
                    readings = {o: readings[o] for o in same}
                    why = " (the article's date line is in that month)"
        span = m.group()
        bracket = span[span.index("("):]
        if len(readings) == 1:
            order, (month, day) = next(iter(readings.items()))
            english = f"{weekday}, {lex.months[month - 1]} {day}" + (f", {year}" if year else "")
            shape = "day/month" if order == "dm" else "month/day"
            message = (f"{lex.name} newsroom date style: a weekday followed by the date in "
                       f"brackets, here {shape}{why}. English writes \"{english}\".")
            # a reading guessed from the article's habits is the editor's call, not a fix
            yield Hit(m.start(), m.end(), message, english, category=DATE_TIME,
                      evidence=LanguageEvidence((lex.code,)), fixable=None if certain else False)
        else:
            (_, (m1, d1)), (_, (m2, d2)) = sorted(readings.items())
            message = (f"{lex.name} newsroom date style, and ambiguous: \"{bracket}\" after "
                       f"{weekday} is {lex.months[m1 - 1]} {d1} read as day/month (the "
                       f"{lex.name} order) but {lex.months[m2 - 1]} {d2} as month/day. "
                       f"Write the month name.")
            yield Hit(m.start(), m.end(), message, None, category=DATE_TIME,
                      evidence=LanguageEvidence((lex.code,)))


# --- numbers -----------------------------------------------------------------------------------

# The Python ``re`` engine skips ahead fast only when a pattern starts with a literal, so the
# number patterns are anchored on the comma or dot and the digits before are checked by hand.
_DECIMAL_TAIL = re.compile(r",(\d{1,2})(?!\d)(?![.,]\d)")
_DOT_GROUP = re.compile(r"\d\.\d{3}")
_NEXT_WORD = re.compile(r"[ \t\u00a0]?(%|°[CF]?|[^\W\d_]+(?:/[^\W\d_]+)?\d?)")
_LIST_AFTER = re.compile(r"[ \t\u00a0]*(?:and|or|to|-|–|&)[ \t\u00a0]*\d")


def _integer_start(text: str, comma: int) -> int | None:
    """Start of the 1-3 digits right before ``comma``, if nothing word-like precedes them."""
    k = comma
    while k > 0 and text[k - 1].isdigit() and comma - k <= 3:
        k -= 1
    if not 1 <= comma - k <= 3:
        return None
    if k > 0 and (text[k - 1].isalnum() or text[k - 1] in "._,"):
        return None
    return k


_EVIDENCE: dict[int, tuple[dict, dict[str, LanguageEvidence | None]]] = {}


def _users(users: dict[str, tuple[str, ...]], convention: str) -> LanguageEvidence | None:
    """The (frozen) evidence a shared convention's hit carries, made once per set of users."""
    kept = _EVIDENCE.get(id(users))
    if kept is None or kept[0] is not users:   # the users are kept with it: their id stays theirs
        kept = _EVIDENCE[id(users)] = (users, {})
    known = kept[1]
    if convention not in known:
        langs = users.get(convention, ())
        known[convention] = LanguageEvidence(langs, shared=True) if langs else None
    return known[convention]


def _who(evidence: LanguageEvidence | None) -> str:
    """"German, Russian and Turkish" copy: the packs that write it so, for a message."""
    if evidence is None:
        return "non-English"
    named = [languages.name(code) for code in evidence.languages]
    if len(named) > 3:
        return f"{len(named)} source languages' ({', '.join(named[:3])}, …)"
    return named[0] if len(named) == 1 else ", ".join(named[:-1]) + " and " + named[-1]


def _number_hits(text: str, lex: Lexicon, evidence_of: dict[str, LanguageEvidence | None],
                 marks: list[int]) -> Iterable[Hit]:
    comma = evidence_of["decimal-comma"]
    for m in _DECIMAL_TAIL.finditer(text):
        start = _integer_start(text, m.start())
        if start is None:
            continue  # not 1-3 digits standing alone before the comma ("1,234,5", "x1,5")
        integer, decimals = text[start:m.start()], m.group(1)
        after = _NEXT_WORD.match(text, m.end())
        unit = after is not None and after.group(1).lower() in lex.units
        currency = bool(lex.currency_before_re.search(text, max(0, start - 5), start))
        if _LIST_AFTER.match(text, m.end()) and not currency:
            continue  # "1,2 and 3", "1,5-2"
        if not (unit or currency):
            continue
        number = f"{integer}.{decimals}"
        if currency and not unit and decimals == "00" and len(integer) == 3:
            # "$110,00": a decimal comma, or "$110,000" with a dropped zero; do not guess.
            yield Hit(start, m.end(),
                      f"\"{text[start:m.end()]}\" is either a decimal comma ({number}) or a "
                      f"thousands group that lost a digit ({integer},000?); check the source.",
                      None, category=NUMBER_FORMAT, severity="major", evidence=comma)
            continue
        yield Hit(start, m.end(),
                  f"Decimal comma: \"{text[start:m.end()]}\" is how {_who(comma)} copy writes "
                  f"{number}; English readers take the comma for a thousands separator or a list.",
                  number, category=NUMBER_FORMAT, severity="major", evidence=comma,
                  # a decimal for sure only with a unit: "Rp 2,50" alone may be a typo
                  fixable=None if unit else False)
    if not any(_DOT_GROUP.match(text, at) for at in marks):
        return
    dot = evidence_of["thousands-dot"]
    for m in lex.thousands_dot_re.finditer(text):
        head, groups, decimals = m.groups()
        n_groups = groups.count(".")
        currency = bool(lex.currency_before_re.search(text, max(0, m.start() - 5), m.start()))
        after = _NEXT_WORD.match(text, m.end())
        next_word = after.group(1).lower() if after is not None else ""
        scaled = next_word in lex.scales
        counted = next_word in lex.count_nouns and not decimals
        if n_groups == 1 and _RATE.match(text, m.end()):
            continue  # "$1.364 per euro", "1.3640 dollars to the euro": an exchange rate
        if n_groups == 1 and not (currency and not scaled) and not counted:
            continue  # "1.500" alone may be an English decimal; "US$1.500 billion" is one
        numbers = (head, *groups.split(".")[1:])
        if n_groups == 3 and not currency and all(int(g) <= 255 for g in numbers):
            continue  # an IP address
        if text[max(0, m.start() - 1):m.start()] in ("v", "V"):
            continue  # a version number
        english = head + groups.replace(".", ",") + (f".{decimals}" if decimals else "")
        yield Hit(m.start(), m.end(),
                  f"Thousands separator: \"{m.group()}\" uses dots, as {_who(dot)} copy does, "
                  f"where English uses commas; an English reader sees {head}{groups[:4]}… as a "
                  f"decimal.", english, category=NUMBER_FORMAT, severity="major", evidence=dot,
                  fixable=None if n_groups > 1 else False)  # "US$1.500" may be 1.5


# An exchange rate is quoted to three or four decimals: "$1.364 per euro", "1.364 to the pound".
_RATE = re.compile(r"[ \t\u00a0]*(?:dollars?[ \t\u00a0]+)?(?:per|to[ \t\u00a0]+the|against[ \t\u00a0]+the|a)"
                   r"[ \t\u00a0]+(?:euro|dollar|pound|yen|yuan|franc|sterling|greenback)s?\b",
                   re.IGNORECASE)


# --- conventions several languages share -----------------------------------------------------

# Each pattern starts with a digit and checks what precedes it by a look-behind placed after
# that first character, so the engine skips to digits (see the note above _DECIMAL_TAIL); a
# cheap test on the whole text gates each one.
_SPACE = "[ \u00a0\u202f]"
_THOUSANDS_SPACE = re.compile(rf"([1-9](?<![\d.,:/][1-9])(?<!\d{_SPACE}[1-9])\d{{0,2}})"
                              rf"((?:{_SPACE}\d{{3}})+)(?![\d]|[.,]\d|{_SPACE}\d|-\w)")
# (not "0800 555 111", a telephone number after another group; not "10 737-800", a model)
_CLOCK_H = re.compile(r"(\d(?<![\w.:,]\d)(?<![\w.:,]\d\d)\d?)[ \u00a0]?h[ \u00a0]?([0-5]\d)?(?![\w])")
_CLOCK_HOURS = re.compile(r"(\d(?<![\w.:,]\d)(?<![\w.:,]\d\d)\d?)[.:]([0-5]\d)[ \u00a0]+(?:hours|hrs|h)\b")
_CLOCK_OCLOCK = re.compile(r"(\d(?<![\w.:,]\d)(?<![\w.:,]\d\d)\d?)(?:[.:]([0-5]\d))?[ \u00a0]+o['’]clock\b")
_DATE_DOTS = re.compile(r"(\d(?<![\w.]\d)(?<![\w.]\d\d)\d?)\.(\d\d?)\.((?:19|20)\d\d)(?![\w]|\.\d)")
_ORDINAL_DOT = re.compile(r"(\d\d?)\.[ \u00a0]+([A-Z][a-z]+)\b")
_ORDINAL_BEFORE = re.compile(r"[a-z,] $")
_GATES = {
    "clock-h": re.compile(r"\d ?h"), "clock-hours": re.compile(r"\d (?:hours|hrs|h)\b"),
    "clock-oclock": re.compile(r"\d o['’]clock"), "date-dots": re.compile(r"\d\.\d\d?\.[12]\d{3}"),
    "ordinal-dot": re.compile(r"\d\. [A-Z]"),
}


def _twelve_hour(hour: int, minute: int) -> str:
    suffix = "am" if hour < 12 else "pm"
    h12 = hour % 12 or 12
    return f"{h12}:{minute:02d} {suffix}" if minute else f"{h12} {suffix}"


def _shared_hits(text: str, lex: Lexicon, evidence_of: dict[str, LanguageEvidence | None],
                 marks: list[int]) -> Iterable[Hit]:
    """Conventions that are never English and that several source languages share."""
    space = evidence_of["thousands-space"]
    gates = _open_gates(text, marks)
    if "thousands-space" in gates:
        for m in _THOUSANDS_SPACE.finditer(text):
            after = _NEXT_WORD.match(text, m.end())
            next_word = after.group(1).lower() if after is not None else ""
            if next_word in lex.months_lower:
                continue  # "on 12 500 ..." cannot be told from a date run-on; "2 000 May": odd
            before = _WORD_BEFORE.search(text, max(0, m.start() - 30), m.start())
            if before and any(c.isupper() for c in before.group(1)) \
                    and zipf(before.group(1).lower()) < 5:
                continue  # a model or serial number: "ex-Virgin 86 212", "Boeing 737 800"
            english = m.group(1) + ",".join([""] + [g for g in re.split(_SPACE, m.group(2)) if g])
            yield Hit(m.start(), m.end(),
                      f"Thousands separator: \"{m.group()}\" groups digits with spaces, as "
                      f"{_who(space)} copy does; English writes {english}.", english,
                      category=NUMBER_FORMAT, severity="minor", evidence=space)
    clock_h = evidence_of["clock-h"]
    if "clock-h" in gates:
        for m in _CLOCK_H.finditer(text):
            if int(m.group(1)) > 23:
                continue
            if m.group(2) is None and not _HOUR_CONTEXT.search(text, max(0, m.start() - 12),
                                                             m.start()):
                continue  # a bare "20h" needs "at"/"from" before it (not "4h" = four hours)
            hour, minute = int(m.group(1)), int(m.group(2) or 0)
            yield Hit(m.start(), m.end(),
                      f"Clock time \"{m.group()}\" in the {_who(clock_h)} style; English writes "
                      f"{_twelve_hour(hour, minute)}.", _twelve_hour(hour, minute),
                      category=DATE_TIME, evidence=clock_h)
    hours = evidence_of["clock-hours"]
    oclock = evidence_of["clock-oclock"]
    for gate, pattern, evidence, what in (
            ("clock-hours", _CLOCK_HOURS, hours, "\"hours\" after a 24-hour time"),
            ("clock-oclock", _CLOCK_OCLOCK, oclock, "\"o'clock\" after a 24-hour time")):
        if gate not in gates:
            continue
        for m in pattern.finditer(text):
            hour, minute = int(m.group(1)), int(m.group(2) or 0)
            if hour > 23:
                continue
            if pattern is _CLOCK_OCLOCK and m.group(2) is None and hour <= 12:
                continue  # "ten o'clock" is English; "14 o'clock" and "14.30 o'clock" are not
            yield Hit(m.start(), m.end(),
                      f"{what[0].upper()}{what[1:]} (\"{m.group()}\") translates the {_who(evidence)} "
                      f"way of giving the time; English writes {_twelve_hour(hour, minute)}.",
                      _twelve_hour(hour, minute), category=DATE_TIME, evidence=evidence)
    dots = evidence_of["date-dots"]
    for m in _DATE_DOTS.finditer(text) if "date-dots" in gates else ():
        day, month, year = int(m.group(1)), int(m.group(2)), int(m.group(3))
        if not _valid(month, day):
            continue
        english = f"{lex.months[month - 1]} {day}, {year}"
        yield Hit(m.start(), m.end(),
                  f"Date \"{m.group()}\" in the {_who(dots)} day.month.year style; English "
                  f"writes {english}.", english, category=DATE_TIME, evidence=dots)
    ordinal = evidence_of["ordinal-dot"]
    for m in _ORDINAL_DOT.finditer(text) if "ordinal-dot" in gates else ():
        month = lex.months_lower.get(m.group(2).lower())
        if month is None or not 1 <= int(m.group(1)) <= 31 \
                or not _ORDINAL_BEFORE.search(text, max(0, m.start() - 2), m.start()):
            continue
        english = f"{lex.months[month - 1]} {int(m.group(1))}"
        yield Hit(m.start(), m.end(),
                  f"Date \"{m.group()}\": the full stop after the day is the {_who(ordinal)} "
                  f"ordinal; English writes {english}.", english, category=DATE_TIME,
                  evidence=ordinal)


_WORD_BEFORE = re.compile(r"([^\W\d_][\w-]*)[ \u00a0]$")
_SPACE_DIGITS = re.compile(rf"\d{_SPACE}\d{{3}}")
_GATES["thousands-space"] = _SPACE_DIGITS
# Each gate, and ``_DOT_GROUP``, starts with a digit that a non-digit follows: the last digit
# of a run of digits. ``_digit_marks`` tries what follows that digit (``_AFTER_MARK``, the
# union of what follows it in each of them) at the end of each run, found by one scan.
assert all(gate.pattern.startswith(r"\d") for gate in (*_GATES.values(), _DOT_GROUP))
_AFTER_MARK = re.compile("|".join(f"(?:{gate.pattern[2:]})"
                                  for gate in (*_GATES.values(), _DOT_GROUP)))
_DIGIT_RUN = re.compile(r"\d+")
# The compiled scan of the runs of digits (audit/_native/text.c), or None: the pattern's.
_NATIVE = native.load("_native_text")


def _digit_marks(text: str) -> list[int] | None:
    """None when ``text`` has no digit; else where a gate or ``_DOT_GROUP`` may match (the
    last digit of a run, followed by what one of them needs), in text order."""
    if _NATIVE is not None:
        ends = _NATIVE.digit_run_ends(text)
    else:
        ends = [m.end() for m in _DIGIT_RUN.finditer(text)]
    if not ends:
        return None
    after = _AFTER_MARK.match
    return [end - 1 for end in ends if after(text, end)]


def _open_gates(text: str, marks: list[int]) -> set[str]:
    """The names of the ``_GATES`` that match somewhere in ``text`` (only at ``marks``)."""
    if not marks:
        return set()
    return {name for name, gate in _GATES.items() if any(gate.match(text, s) for s in marks)}
_HOUR_CONTEXT = re.compile(r"\b(?:at|from|until|till|to|since|before|after|by)[ \u00a0]+$",
                           re.IGNORECASE)


_WORDS = re.compile(r"[^\W\d_][\w'’-]*")


def _headline(sentence: str) -> bool:
    """Title Case without a full stop: "Jakarta PMI Requested Additional Budget Rp 40 Billion"."""
    if sentence.rstrip()[-1:] in ".!?\"”'’":
        return False
    words = _WORDS.findall(sentence)
    return len(words) >= 3 and sum(w[0].isupper() for w in words) >= 0.6 * len(words)


def _rupiah_hits(ctx: CheckContext, lex: Lexicon, taken: list[Hit]) -> Iterable[Hit]:
    """One note per article, on the first rupiah amount whose sentence gives no conversion
    (an editor converts them all at once; one note per amount would be noise). Amounts
    already flagged for their format, and headlines, are left out."""
    if lex.rupiah_re is None or not any(map(ctx.text.__contains__, lex.rupiah)):
        return
    text = ctx.text
    sentences = ctx.sentences
    starts = [s.start for s in sentences]
    unconverted = []
    for m in lex.rupiah_re.finditer(text):
        if any(h.start < m.end() and m.start() < h.end for h in taken):
            continue
        k = bisect.bisect_right(starts, m.start()) - 1
        sentence = sentences[k] if k >= 0 and m.start() < sentences[k].end else None
        lo, hi = (sentence.start, sentence.end) if sentence else (m.start(), m.end())
        if lex.conversion_re is not None and lex.conversion_re.search(text, lo, hi):
            continue
        if _headline(text[lo:hi]):
            continue  # headlines never carry conversions
        unconverted.append(m)
    if not unconverted:
        return
    first = unconverted[0]
    amount = first.group().rstrip(".,")
    others = len(unconverted) - 1
    more = (f" (and {others} more {lex.currency_name or 'such'} amount{'s' if others > 1 else ''} in this article)"
            if others else "")
    currency = lex.currency_name or "local-currency"
    yield Hit(first.start(), first.start() + len(amount),
              f"{currency.capitalize()} amount with no conversion{more}: readers outside "
              f"{lex.zone_country or 'the country'} cannot size \"{amount}\"; add an approximate "
              f"US$ (or local-currency) equivalent.",
              None, severity="info", category=NUMBER_FORMAT, evidence=LanguageEvidence((lex.code,)))


@check("locale-convention", category=DATE_TIME, severity="minor",
       example="Wednesday, 20 Dec 2023 20:35 IWST … visited Egypt today, Wednesday (20/12).",
       languages=["en"], evidence=("source-convention", "id"), fixable=True)
def locale_convention(ctx: CheckContext) -> Iterable[Hit]:
    """Source-language date, time and number conventions ("IWST", "20 h 35", "1,5 million")."""
    shared, evidence, lexes, gate = _plan(ctx.config, ctx.source_language)
    text = ctx.text
    # Every number format and shared convention rule starts at a digit: a text without one
    # (most of a short article's sentences) skips them.
    marks = _digit_marks(text)
    numbers = list(_number_hits(text, shared, evidence, marks)) if marks is not None else []
    hits = [*numbers, *(_shared_hits(text, shared, evidence, marks) if marks is not None else ())]
    zoned = gate is None or gate.search(text) is not None  # the common case: neither
    dated = _BRACKET_DATE.search(text) is not None
    for lex in lexes if zoned or dated else ():
        hits += [*(_zone_hits(text, lex) if zoned else ()),
                 *(_weekday_hits(text, lex) if dated else ()),
                 *(_rupiah_hits(ctx, lex, numbers) if zoned else ())]
    hits = [h for h in hits if not allowed(ctx.config, text[h.start:h.end])]
    return sorted(hits, key=lambda h: (h.start, h.end))


# The shared conventions each hit names as evidence (``_users``).
_CONVENTIONS = ("decimal-comma", "thousands-dot", "thousands-space", "clock-h", "clock-hours",
                "clock-oclock", "date-dots", "ordinal-dot")
_PLANS: dict[tuple[int, str | None], tuple[Any, tuple]] = {}


def _plan(config, source_language: str | None) -> tuple:
    """What the check needs of a configuration and a source language, looked up once a run
    instead of once an article: (shared lexicon, evidence by convention, the packs'
    lexicons, their gate). The configuration is frozen; it is kept with its plan, so its id
    stays its own."""
    key = (id(config), source_language)
    kept = _PLANS.get(key)
    if kept is not None and kept[0] is config:
        return kept[1]
    shared = compiled("locale", config, _build)
    # shared convention -> the packs whose copy writes it (their ``locale.conventions``)
    users = languages.derived("convention-users", config, _users_of)
    evidence = {name: _users(users, name) for name in _CONVENTIONS}
    origin = languages.canonical(source_language, config)
    codes = [origin] if origin in languages.packs(config) else \
        [] if origin else list(languages.with_section("locale", config))
    lexes = languages.compiled_all(tuple(codes), "locale", config, _build_pack)
    plan = (shared, evidence, lexes, _pack_gate(lexes))
    if len(_PLANS) >= 256:   # configurations come one a run; tests make many
        _PLANS.clear()
    _PLANS[key] = (config, plan)
    return plan


_PACK_GATES: dict[tuple[int, ...], tuple[tuple[Lexicon, ...], re.Pattern[str] | None]] = {}


def _pack_gate(lexes: list[Lexicon]) -> re.Pattern[str] | None:
    """One scan for every literal that ``_zone_hits`` and ``_rupiah_hits`` need in the text
    (a zone, a country's name, a local currency) over all the packs, instead of one look per
    pack: no match, no hit of theirs. None: always look (a pack with an empty literal)."""
    key = tuple(map(id, lexes))
    if key not in _PACK_GATES:   # the lexicons are kept with their gate: their ids stay theirs
        literals = set()
        for lex in lexes:
            if lex.zone_re is not None:
                literals.update(lex.zones)
            if lex.zone_name_re is not None:
                literals.update((lex.zone_country[1:], lex.zone_country[1:].upper()))
            if lex.rupiah_re is not None:
                literals.update(lex.rupiah)
        gate = None if "" in literals else re.compile(literal_alternation(literals) or "(?!)")
        _PACK_GATES[key] = (tuple(lexes), gate)
    return _PACK_GATES[key][1]


def _users_of(packs: dict[str, dict[str, Any]]) -> dict[str, tuple[str, ...]]:
    users: dict[str, list[str]] = {}
    for code, pack in packs.items():
        for name in pack.get("locale", {}).get("conventions", []):
            users.setdefault(str(name), []).append(code)
    return {name: tuple(codes) for name, codes in users.items()}
