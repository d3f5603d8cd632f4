"""Paragraphs, sentences and words with character offsets into the article text.

One splitter serves every part of audit (checks, origin evidence, back-translation), so a
finding's span and a back-translated sentence always line up. It is rule-based on purpose:
it must run offline, fast, and never download a model (argostranslate's own splitter does).
"""

from __future__ import annotations

import operator
import re
from functools import lru_cache
from typing import Iterable, NamedTuple

from audit import native


# The compiled tokeniser (audit/_native/text.c), or None: then the Python code runs, with the
# same sentences, tokens and offsets (audit/native.py).
_NATIVE = native.load("_native_text")


class Segment(NamedTuple):
    start: int
    end: int
    text: str


# Tokens after which a period does not end a sentence (compared without the period,
# case-sensitively first, then lower-cased). English and Indonesian news usage.
ABBREVIATIONS = frozenset(
    """
    Mr Mrs Ms Mx Dr Prof Sen Rep Gov Gen Lt Col Capt Cmdr Adm Maj Sgt Cpl Pvt Rev Fr Sr Jr St Mt
    Hon Pres Supt Insp Det Amb Brig Messrs Mme Mlle
    Inc Ltd Co Corp Bros Plc LLC vs etc approx est dept Univ Assn
    No Nos Vol Fig Art Sec Ch pp para
    Jan Feb Mar Apr Jun Jul Aug Sep Sept Oct Nov Dec Mon Tue Tues Wed Thu Thur Thurs Fri Sat Sun
    U.S U.K U.N U.S.A E.U a.m p.m e.g i.e cf al Ph.D
    Jl Jln Bpk Bp Sdr Sdri Kec Kab Kel Prov Kota dkk dll dsb dst tsb yth Hj H Ir Drs Dra S.H S.E
    S.Sos S.Pd M.Si M.M M.H Tbk Kol Letjen Mayjen Brigjen Kapt Kompol AKBP Irjen Kombes Pol
    """.split()
)
_ABBREVIATIONS_LOWER = frozenset(a.lower() for a in ABBREVIATIONS)

# A candidate boundary: terminal punctuation, optional closing quotes/brackets, whitespace.
# Possessive, and only from the start of a run of marks (the look-behind after the first mark:
# a pattern that begins with a character set lets the engine skip to the next mark at C speed):
# linear on "!?!?!?…" without a space.
_BOUNDARY = re.compile(r"""([.!?…](?<![.!?…].)[.!?…]*+)(["'”’»)\]]*+)(\s+)""")
# What may start a new sentence after the whitespace.
_OPENER = re.compile(r"""["'“‘«(\[]*[A-Z0-9\u00C0-\u024F]""")
_WORD = re.compile(r"\w+(?:[-'’.]\w+)*")
# a blank line: what separates paragraphs (blocks), also for checks that read by lines
BLANK_LINE = re.compile(r"\n[ \t\r\f\v]*\n\s*")
_TRAILING_PARENTHETICAL = re.compile(r"\([^()\n]{1,80}\)[\s.]*$")
_HARD_LINE_END = re.compile(r"""[.!?…:"”’)\]]$""")


def paragraphs(text: str) -> list[Segment]:
    """Blocks separated by blank lines; without blank lines, every hard line break."""
    out: list[Segment] = []
    pos = 0
    # One scan for the blank lines (a match is never empty, so pos > 0 after one); each
    # block stripped in place, as _append_stripped does (this runs for every article).
    for match in BLANK_LINE.finditer(text):
        start, end = pos, match.start()
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        if start < end:
            out.append(_segment(Segment, (start, end, text[start:end])))
        pos = match.end()
    if pos:
        _append_stripped(out, text, pos, len(text))
    else:
        for start, end in _lines(text, 0, len(text)):
            _append_stripped(out, text, start, end)
    return out


_segment = tuple.__new__  # Segment(...) without its Python-level __new__


def stripped_span(text: str, start: int, end: int) -> tuple[int, int]:
    """``(start, end)`` without the whitespace at either side of ``text[start:end]``."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _append_stripped(out: list[Segment], text: str, start: int, end: int) -> None:
    start, end = stripped_span(text, start, end)
    if start < end:
        out.append(Segment(start, end, text[start:end]))


def _is_abbreviation(before: str) -> bool:
    # The run of word characters and dots that ends ``before`` (what ``([\w.]+)$`` finds),
    # read backwards: the regex would try, and fail, at every position of the look-back.
    start = len(before)
    while start and (before[start - 1] == "." or before[start - 1].isalnum()
                     or before[start - 1] == "_"):  # \w is alphanumeric or "_"
        start -= 1
    if start == len(before):
        return False
    word = before[start:].rstrip(".")
    if not word:
        return False
    if len(word) == 1 and word.isalpha():  # an initial: "J. Smith", "Joko S. Widodo"
        return True
    return word in ABBREVIATIONS or word.lower() in _ABBREVIATIONS_LOWER


def _lines(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Split a paragraph into line ranges where a newline is a hard break.

    A newline is soft (a wrapped line) only when the line before it is long and does not
    end in terminal punctuation; short lines such as titles and datelines stand alone.
    """
    ranges: list[tuple[int, int]] = []
    line_start = start
    # The stripped text since line_start is text[first:last]; it is extended one line at a
    # time and never copied, so a long run of wrapped lines costs its length, not its square.
    first: int | None = None
    last = scanned = start
    pos = text.find("\n", start, end)
    while pos != -1:
        k = pos
        while k > scanned and text[k - 1].isspace():
            k -= 1
        if k > scanned:
            last = k
        if first is None:
            f = scanned
            while f < pos and text[f].isspace():
                f += 1
            first = f if f < pos else None
        scanned = pos
        soft = first is not None and last - first >= 60 \
            and not _HARD_LINE_END.match(text, last - 1, last)
        if not soft:
            ranges.append((line_start, pos))
            line_start = last = scanned = pos + 1
            first = None
        pos = text.find("\n", pos + 1, end)
    ranges.append((line_start, end))
    return ranges


def sentences(text: str, paras: list[Segment] | None = None) -> list[Segment]:
    """Sentences of ``text`` with offsets; whitespace around them is left out.

    ``paras``: ``paragraphs(text)`` when the caller has it already (one split, not two).
    """
    out: list[Segment] = []
    split = _split_line if _NATIVE is None else _native_split_line
    for para in paragraphs(text) if paras is None else paras:
        for line_start, line_end in _lines(text, para.start, para.end):
            split(text, line_start, line_end, out)
    return out


def _native_split_line(text: str, start: int, end: int, out: list[Segment]) -> None:
    _NATIVE.split_line(text, start, end, out, Segment, ABBREVIATIONS, _ABBREVIATIONS_LOWER)


def _split_line(text: str, start: int, end: int, out: list[Segment]) -> None:
    chunk = text[start:end]
    sent_start = 0
    for match in _BOUNDARY.finditer(chunk):
        after = match.end()
        if after >= len(chunk) or not _OPENER.match(chunk, after):
            continue
        if _TRAILING_PARENTHETICAL.match(chunk, after):  # "... Egypt. (AFP/ANWAR AMRO)"
            continue
        punct = match.group(1)
        # A bounded look-back keeps splitting linear on very long single-line paragraphs.
        if punct == "." and not match.group(2) and _is_abbreviation(
                chunk[max(0, match.start() - 60): match.start() + 1]):
            continue
        _append_stripped(out, text, start + sent_start, start + match.end(2))
        sent_start = after
    _append_stripped(out, text, start + sent_start, end)


def words(text: str) -> list[Segment]:
    """Word tokens (letters/digits, with inner hyphens, apostrophes and dots) and offsets."""
    if _NATIVE is not None:
        return _NATIVE.words(text, Segment)
    return _words(text)


def _words(text: str) -> list[Segment]:
    # ``findall`` and ``str.find`` instead of a match object per word: ~25% faster, the same
    # offsets (a word starts at the first word character after the previous word, and no word
    # character lies in between, so the next occurrence of its text is the word itself).
    out: list[Segment] = []
    append, find, make = out.append, text.find, tuple.__new__
    end = 0
    for word in _WORD.findall(text):
        start = find(word, end)
        end = start + len(word)
        append(make(Segment, (start, end, word)))
    return out


def unlisted(tokens: list[Segment], *sets: set[str] | frozenset[str]) -> list[int]:
    """The indices of the ``tokens`` whose text is in none of ``sets``, in order: a check that
    remembers the spellings that can never be a hit looks at the others only."""
    if _NATIVE is not None:
        return _NATIVE.unlisted(tokens, sets)
    return _unlisted(tokens, sets)


def _unlisted(tokens: list[Segment], sets: tuple) -> list[int]:
    pending = set(map(_TEXT, tokens)).difference(*sets)
    return [k for k, seg in enumerate(tokens) if seg[2] in pending] if pending else []


_TEXT = operator.itemgetter(2)   # a Segment's text
_WORD_RUN = re.compile(r"\w+")


@lru_cache(maxsize=8)
def word_runs(text: str) -> frozenset[str]:
    """The maximal runs of word characters (``\\w+``) of ``text``: one scan a text, shared by
    the checks' word gates (the checks of one article run one after another).

    A pattern that matches a listed form only where a word boundary precedes it and its
    leading run of word characters ends at a non-word character (or a ``\\b``) matches only
    where that leading run is one of these runs: a check whose forms' runs
    (:func:`leading_runs`) are disjoint from them can skip its scan."""
    if _NATIVE is not None:
        return _NATIVE.word_runs(text)
    return frozenset(_WORD_RUN.findall(text))


def leading_runs(forms: Iterable[str]) -> frozenset[str] | None:
    """Each form's leading run of word characters, for a :func:`word_runs` gate; None when a
    form starts with a non-word character (no gate can be drawn)."""
    heads = set()
    for form in forms:
        run = _WORD_RUN.match(form)
        if run is None:
            return None
        heads.add(run.group())
    return frozenset(heads)
