"""Chinese and Japanese numerals and dates in a source text (``number-mismatch``).

A Chinese original writes 二月十一日 (February 11), 92万 (920,000), 1.2亿 (120 million),
第48届 (the 48th), 百分之三十 (30%), 下午3点 (3 pm), 2023年 (the year). Unread, each of
these looks like a number the translation added ("February 11", "920,000"), which is how
the check fired on text no rater marked in the WMT 2023 zh→en data. The characters come
from the pack (``[numbers] digits/units/scales`` of ``data/languages/zh.toml`` and
``ja.toml``); the grammar of positional numerals is the same for both languages. Korean
(``ko.toml``) writes Arabic digits with the same positional syllables (3천 = 3,000, 1억 2천만
= 120,000,000) and its own date and time marks (2023년 12월 1일, 오후 3시): a pack names its
marks (``year_mark``, ``month_mark``, ``day_marks``, ``hour_marks``, ``minute_mark``,
``half_hour``, ``ordinal_before``, ``times_of_day``), and ``after_digits_only`` reads the
unit and scale syllables only after digits (alone they are ordinary syllables).

A lone numeral character is also part of ordinary words (一些 "some", 统一 "unify", 万一
"in case"), so a one-character numeral is *weak*: it pairs with a translation's number but
is never reported alone.
"""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any, NamedTuple

from audit.checks.numbers.model import Mention, _num_keys as num_keys


class Numerals(NamedTuple):
    digits: dict[str, int]       # 一 → 1
    units: dict[str, int]        # 十 → 10, 百 → 100, 千 → 1000
    scales: dict[str, int]       # 万 → 10⁴, 亿 → 10⁸
    percent: tuple[str, ...]     # 百分之 (before), ％ (after)
    run: re.Pattern[str]         # a run of numeral characters
    number: re.Pattern[str]      # digits and/or numerals with a scale: 92万, 1.2亿, 三千
    date: re.Pattern[str]        # (year年)? month月 day日
    year: re.Pattern[str]        # 2023年
    time: re.Pattern[str]        # 下午3点(30分)
    ordinal: re.Pattern[str]     # 第48届
    times_of_day: dict[str, str] = {}   # 下午 → pm
    after_digits_only: bool = False     # Korean: 3천, 2만; 천 alone is no number


_TIME_OF_DAY = {"上午": "am", "早上": "am", "凌晨": "am", "中午": "noon", "下午": "pm",
                "晚上": "pm", "傍晚": "pm", "午前": "am", "午後": "pm"}


def build(data: dict[str, Any]) -> Numerals | None:
    """The pack's numeral characters compiled, or None when it has none."""
    digits = {str(k): int(v) for k, v in data.get("digits", {}).items()}
    after_digits = bool(data.get("after_digits_only"))
    if not digits and not after_digits:
        return None
    units = {str(k): int(v) for k, v in data.get("units", {}).items()}
    scales = {str(k): int(v) for k, v in data.get("scales", {}).items()}
    chars = "".join(sorted({*digits, *units, *scales}))
    numeral = f"[{re.escape(chars)}]"
    small = f"[{re.escape(''.join(sorted({*digits, *units})))}]" if digits or units else "(?!)"
    scale = f"[{re.escape(''.join(sorted(scales)))}]" if scales else "(?!)"
    part = r"\d+" if after_digits else rf"(?:\d+|{small}+)"
    times = {str(k): str(v) for k, v in data.get("times_of_day", _TIME_OF_DAY).items()}
    zones = "|".join(map(re.escape, sorted(times, key=len, reverse=True)))
    gap = "[ \t]?" if after_digits else ""   # 2023년 12월 1일, 오후 3시 30분
    year, month = re.escape(data.get("year_mark", "年")), re.escape(data.get("month_mark", "月"))
    days = "|".join(map(re.escape, data.get("day_marks", ["日", "号"])))
    hours = "|".join(map(re.escape, data.get("hour_marks", ["点", "點", "時", "时"])))
    minute, half = re.escape(data.get("minute_mark", "分")), re.escape(data.get("half_hour", "半"))
    if after_digits:   # 3천, 2만, 1억 2천만, 1.2억: digits with the syllables after them
        number = re.compile(rf"(\d+(?:\.\d+)?(?:{numeral})+(?:[ ]?\d+(?:{numeral})+)*)()")
    else:
        number = re.compile(rf"(\d+(?:\.\d+)?|{numeral}+)({scale}+)?")
    return Numerals(
        digits, units, scales,
        tuple(str(p) for p in data.get("percent", [])),
        run=re.compile(f"{numeral}+"),
        number=number,
        date=re.compile(rf"(?:({part}){year}{gap})?({part}){month}{gap}({part})(?:{days})"),
        year=re.compile(rf"(\d{{4}}|[〇零一二三四五六七八九]{{4}}){year}"),
        time=re.compile(rf"(?:({zones}){gap})?({part})(?:{hours})(?:{gap}({part}){minute}|{gap}({half}))?"),
        ordinal=re.compile(rf"{re.escape(data.get('ordinal_before', '第'))}({part})"),
        times_of_day=times, after_digits_only=after_digits,
    )


def value(text: str, spec: Numerals) -> int | None:
    """三千五百 → 3500, 二十 → 20, 十二 → 12, 4万 → 40000, 二〇二三 → 2023; None if unreadable."""
    if text.isdigit():
        return int(text)
    if all(c in spec.digits for c in text) and len(text) > 1:   # 二〇二三: digit by digit
        return int("".join(str(spec.digits[c]) for c in text))
    total = section = number = 0
    seen = False
    for char in re.findall(r"\d+|\S", text):   # 1억 2천만: digits between the syllables
        if char.isdigit():
            number = int(char)
            seen = True
        elif char in spec.digits:
            number = spec.digits[char]
            seen = True
        elif char in spec.units:
            section += (number or 1) * spec.units[char]
            number = 0
            seen = True
        elif char in spec.scales:   # 三万五千 = 3·10⁴ + 5·10³; 一万亿 = 10⁴·10⁸
            scale, chunk = spec.scales[char], section + number
            if total and total < scale:
                total = (total + chunk) * scale
            else:
                total += (chunk or 1) * scale
            section = number = 0
            seen = True
        else:
            return None
    return total + section + number if seen else None


_STATEMENT_DATE = re.compile(r"(?:周|星期|礼拜)[一二三四五六日天][（(]?$")


def _readings(text: str, spec: Numerals) -> list[int | None]:
    """Both ends of an approximate number: 一万六七千 is 16,000 or 17,000, 三四十 30 or 40."""
    for i in range(len(text) - 1):
        a, b = text[i], text[i + 1]
        if a in spec.digits and b in spec.digits and spec.digits[b] == spec.digits[a] + 1 \
                and i + 2 < len(text) and text[i + 2] in {**spec.units, **spec.scales}:
            return [value(text[:i] + a + text[i + 2:], spec),
                    value(text[:i] + b + text[i + 2:], spec)]
    return [value(text, spec)]


def _part(text: str, spec: Numerals) -> int | None:
    return int(text) if text.isdigit() else value(text, spec)


def mentions(text: str, spec: Numerals, free, take) -> list[Mention]:
    """Every numeral, date, time and ordinal in ``text``; ``free``/``take`` share the claims
    of the digit readers so nothing is read twice."""
    out: list[Mention] = []
    for m in spec.date.finditer(text):
        month, day = _part(m.group(2), spec), _part(m.group(3), spec)
        if month is None or day is None or not (1 <= month <= 12 and 1 <= day <= 31):
            continue
        if not free(m.start(), m.end()):
            continue
        start = m.start(2)
        # "周五（2月10日）": the date of the statement, which translations often drop
        statement = bool(_STATEMENT_DATE.search(text, max(0, m.start() - 4), m.start()))
        out.append(Mention(start, m.end(), text[start:m.end()], "date", (("d", month, day),),
                           weak=statement))
        if m.group(1):
            year = _part(m.group(1), spec)
            if year:
                out.append(Mention(m.start(1), m.end(1), m.group(1), "num",
                                   num_keys([Decimal(year)])))
        take(m.start(), m.end())
    for m in spec.year.finditer(text):
        if free(m.start(), m.end()):
            year = _part(m.group(1), spec)
            if year:
                take(m.start(), m.end())
                out.append(Mention(m.start(1), m.end(1), m.group(1), "num",
                                   num_keys([Decimal(year)])))
    for m in spec.time.finditer(text):
        hour = _part(m.group(2), spec)
        minute = 30 if m.group(4) else (_part(m.group(3), spec) if m.group(3) else 0)
        if hour is None or minute is None or hour > 24 or minute > 59 \
                or not free(m.start(), m.end()):
            continue
        when = spec.times_of_day.get(m.group(1) or "")
        hours = [hour + 12 if when == "pm" and hour < 12 else hour] if when else \
            ([hour, (hour + 12) % 24] if hour <= 12 else [hour])
        take(m.start(), m.end())
        out.append(Mention(m.start(), m.end(), m.group(), "time",
                           tuple(("t", h, minute) for h in dict.fromkeys(hours))))
    for m in spec.ordinal.finditer(text):
        number = _part(m.group(1), spec)
        if number is not None and free(m.start(), m.end()):
            take(m.start(), m.end())
            out.append(Mention(m.start(), m.end(), m.group(), "num",
                               num_keys([Decimal(number)]), ordinal=True))
    for word in (w for w in spec.percent if len(w) > 1):   # 百分之三十 = 30%
        for m in re.finditer(rf"{re.escape(word)}({spec.number.pattern})", text):
            number = _part(m.group(2), spec) if not m.group(3) else None
            if number is not None and free(m.start(), m.end()):
                take(m.start(), m.end())
                out.append(Mention(m.start(), m.end(), m.group(), "num",
                                   num_keys([Decimal(number)]), percent=True))
    for m in spec.number.finditer(text):
        if not free(m.start(), m.end()):
            continue
        digits, scale = m.group(1), m.group(2) or ""
        if spec.after_digits_only:   # 3천, 1억 2천만, 1.2억
            lead = re.match(r"\d+(?:\.\d+)?", digits)
            rest = digits[lead.end():] if lead else ""
            if "." in digits and rest and all(c in spec.scales for c in rest):
                digits, scale = lead.group(), rest
            else:
                whole = value(digits, spec)
                if whole is None:
                    continue
                digits = str(whole)
        if digits[0].isdigit() and not scale and not spec.after_digits_only:
            continue   # plain digits: the digit readers' job
        bases = [Decimal(digits)] if digits[0].isdigit() else \
            [Decimal(v) for v in _readings(digits, spec) if v is not None]
        if not bases:
            continue
        factor = 1
        for char in scale:
            factor *= spec.scales[char]
        numbers = [b * factor for b in bases]
        start, end = m.start(), m.end()
        percent = False
        for word in spec.percent:
            if len(word) == 1 and text.startswith(word, end):   # 30％
                percent, end = True, end + len(word)
        lone = len(m.group()) == 1 and not digits[0].isdigit()
        take(start, end)
        out.append(Mention(start, end, text[start:end], "num", num_keys(numbers),
                           weak=lone, idiom=lone, percent=percent, scale=Decimal(factor)))
    return out
