"""The records number-mismatch reads texts into: a ``Mention`` per number, with its readings."""

from __future__ import annotations

from decimal import Decimal
from typing import Iterable, NamedTuple


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

def _num_keys(values: Iterable[Decimal]) -> tuple:
    out = []
    for v in values:
        key = ("n", v.normalize() if v else _ZERO)
        if key not in out:
            out.append(key)
    return tuple(out)

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


