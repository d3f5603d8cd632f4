"""How a number is written back for a suggestion ("1.5 million", "8:35 pm", "20 December")."""

from __future__ import annotations

import bisect
from decimal import Decimal

from audit.text import Segment
from audit.checks.numbers.model import Mention

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


def _segment_of(segs: list[Segment], pos: int) -> Segment:
    return segs[max(0, bisect.bisect_right(segs, pos, key=_start) - 1)]


def _start(seg: Segment) -> int:
    return seg.start


