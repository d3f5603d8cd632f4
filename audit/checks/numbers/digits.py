"""Numbers written in digits, read in a language's conventions ("1.500" and "1,5")."""

from __future__ import annotations

import re
from decimal import Decimal

from audit import native


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
_DAY_PARTS = ("pagi", "siang", "sore", "malam", "petang")   # "jam 8 malam"
_PUKUL_HOUR = re.compile(r"[Pp](?<!\w[Pp])(?:ukul|kl)\.?[ \t\u00a0]*(\d{1,2})(?![\d.,:])"
                         r"|[Jj](?<!\w[Jj])am[ \t\u00a0]+(\d{1,2})"
                         rf"(?=[ \t\u00a0]+(?:{'|'.join(_DAY_PARTS)})\b)")


def pukul_may_match(text: str) -> bool:
    """What every ``_PUKUL_HOUR`` match holds ("pukul", "pkl", or "jam" and a part of the
    day): a few substring tests instead of a scan that stops at every "p" and "j"."""
    return ("ukul" in text or "Pkl" in text or "pkl" in text) or (
        ("jam" in text or "Jam" in text) and any(map(text.__contains__, _DAY_PARTS)))


# Every match of these starts where a run of digits starts (a look-behind right after the
# first digit says no digit precedes it, or a letter or "-" does): ``matches_at``.
_DIGIT_LED = ("_DIGITS", "_CODE", "_SLASH_DATE", "_DOT_DASH_DATE", "_ISO_DATE", "_CLOCK",
              "_HOUR_AMPM")
_DIGIT_RUN = re.compile(r"\d+")
# The compiled scan (audit/_native/text.c), or None: the pattern's scan, the same starts.
_NATIVE = native.load("_native_text")


def digit_run_starts(text: str) -> list[int]:
    """Where each run of digits (``\\d+``) starts; empty: the text has no digit."""
    if _NATIVE is not None:
        return _NATIVE.digit_run_starts(text)
    return [m.start() for m in _DIGIT_RUN.finditer(text)]


def matches_at(pattern: re.Pattern[str], text: str, starts: list[int]):
    """``pattern.finditer(text)`` for a pattern that can match only at ``starts`` (sorted;
    where a run of digits starts, for ``_DIGIT_LED``): the match is tried there alone, not at
    every character (look-behinds still see the text before). Non-overlapping, in order."""
    end = 0
    match = pattern.match
    for start in starts:
        if start >= end:
            m = match(text, start)
            if m is not None:
                end = m.end()
                yield m

# A character every match of the pattern holds: a text without it needs no scan (``may_match``).
_REQUIRED = {_ISO_DATE: "-", _SLASH_DATE: "/"}


def may_match(pattern: re.Pattern[str], text: str) -> bool:
    """False only where ``pattern`` cannot match: ``text`` lacks a character all its matches
    hold (``_REQUIRED``; patterns without an entry may always match)."""
    required = _REQUIRED.get(pattern)
    return required is None or required in text


_ORDINAL_SUFFIX = re.compile(r"(?:st|nd|rd|th)\b")
_DECADE_SUFFIX = re.compile(r"(?:['’]?s|-an)\b")
_UNIT_EXPONENT = frozenset({"m", "km", "cm", "mm", "ft", "mi", "dm"})
_CURRENCY_LETTERS = frozenset({"rp", "us", "usd", "idr", "rm", "rs", "sgd", "aud", "eur", "gbp",
                               "jpy", "hk", "nz", "rmb", "chf", "s", "a", "c"})
_ORDINAL_PREFIXES = frozenset({"ke", "no", "nomor", "nr"})
_HALF_WORDS = frozenset({"half", "halves", "setengah", "separuh"})
_HALF_SINGULAR = frozenset({"half", "setengah", "separuh"})  # "lima setengah" = 5.5, not a count


def _valid_groups(groups: list[str]) -> bool:
    return 1 <= len(groups[0]) <= 3 and all(len(g) == 3 for g in groups[1:])


def read_digits(s: str, lang: str, comma_decimal: frozenset[str] = frozenset({"id"})
                ) -> list[Decimal]:
    """Readings of a digit string in ``lang``'s conventions, most likely first.

    Indonesian (and every language in ``comma_decimal``) writes 1.500 (thousands) and 2,5
    (decimal), English the reverse. Only a
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
        # "." groups thousands where the decimal mark is a comma (Indonesian, German, ...)
        native = (lang in comma_decimal) == (seps[0] == ".")
        return [thousands_value, decimal] if native else [decimal, thousands_value]
    return [decimal]


