"""Repetition and pairing slips: ``doubled-word`` ("the the") and ``unbalanced-quote``
(quotation marks and brackets opened and never closed, or closed and never opened).

Both are cheap to find and easy to get wrong. English doubles some words on purpose ("that
that", "had had", "what it is is", "Bora Bora") and Indonesian reduplicates with a space in
careless copy ("anak anak"), so the word lists per language live in
``audit/data/punctuation.toml``. Quotation marks are worse: the straight apostrophe is also a
single quote, the curly ’ is both an apostrophe and a closing quote, and news style carries a
quotation over several paragraphs by *re-opening* it at the start of each one without closing
it at the end of the last. The pairing below is therefore done per paragraph, with that
convention, and single quotes are only ever reported when an opening mark is never closed.
"""

from __future__ import annotations

import re
from collections import Counter
from typing import Any, Iterable, NamedTuple

from audit import native
from audit.checks.base import CheckContext, Hit, check
from audit.checks.lexicon import allowed, compiled, zipf
from audit.text import BLANK_LINE, Segment, stripped_span

# --- doubled-word ------------------------------------------------------------------------------

# Possessive (``++``, ``*+``): only the whole word can be followed by the separator, so giving
# letters back could never match; not trying it halves the check's cost (same matches).
_WORD = r"[^\W\d_]++(?:[-'’][^\W\d_]++)*+"
# The second word is in a look-ahead so that it can start the next match ("the the the").
_DOUBLED = re.compile(
    rf"(?<![\w'’\-@/#])(?P<a>{_WORD})(?=(?P<sep>[ \t\u00a0]+|[ \t\u00a0]*\r?\n[ \t\u00a0]*)"
    rf"(?P<b>(?P=a))(?![\w'’\-@/]))", re.IGNORECASE)
_WH = re.compile(r"\b(?:what|whatever|where|wherever|how|who|whoever|why|when|all)\b",
                 re.IGNORECASE)
_CLAUSE_END = re.compile(r"[.!?;:]")
_PREVIOUS_WORD = re.compile(r"([^\W\d_]+)[^\w]*$")
FOREIGN_ZIPF = 3.0  # a word rarer than this in English but commoner in Indonesian is Indonesian
# The compiled tokeniser (audit/_native/text.c): its ``may_double`` proves in one pass that
# _DOUBLED cannot match (no two runs of letters either side of a gap equal but for case),
# as in nearly every article; without it (audit/native.py) the pattern always runs.
_NATIVE = native.load("_native_text")


class Doubles(NamedTuple):
    legitimate: frozenset[str]
    after_wh: frozenset[str]
    particles: frozenset[str]
    phrasal_verbs: frozenset[str]
    function_words: frozenset[str]
    only: frozenset[str] | None


class Lexicon(NamedTuple):
    doubles: dict[str, Doubles]
    elision: re.Pattern[str]
    attribution: dict[str, "Attribution"]
    ditto: frozenset[str]


class Attribution(NamedTuple):
    """The end of a quoted stretch that is really the reporter's words: the quotation should
    have closed before them ("…, said Nick Rhodes." / "… personally. He added:")."""
    after_comma: re.Pattern[str]   # ", said keyboard player Nick Rhodes." at the stretch's end
    colon: re.Pattern[str]         # ". He added:" right before a new opening mark
    verbs: frozenset[str]


# A word of an attribution: letters, with in-word apostrophes, dots, hyphens ("O'Leary",
# "eBay's", "Nielsen/NetRatings"); never a quotation mark, comma or sentence end.
_ATTR_WORD = r"[^\W\d_](?:[\w.&/-]|(?<=\w)['’](?=\w))*"


# A date in parentheses after an attribution, as Indonesian copy writes it: ", kata Ketua KPU
# kepada wartawan, Rabu (22/10/2025)."
_ATTR_DATE = r"\(\d{1,2}/\d{1,2}(?:/\d{2,4})?\)"


def _attribution(verbs: list[str], not_before_verb: list[str]) -> Attribution:
    """Up to five words before the verb ("a tearful Claxton told", "Tigers coach John Wells
    told"), none of them one that begins a clause of the speaker's own ("but", "who", "I",
    "we", "would"), and up to eight words after it, with no second sentence; after a comma,
    one more stretch of up to eight words (the speaker's title: ", said Ben Verwaayen, BT's
    chief executive."; the day: ", kata dia kepada wartawan, Rabu (22/10/2025).")."""
    alternatives = "|".join(re.escape(v).replace(r"\ ", r"\s+")
                            for v in sorted(verbs, key=len, reverse=True))
    excluded = "|".join(re.escape(w) for w in sorted(not_before_verb, key=len, reverse=True))
    guard = rf"(?!(?i:{excluded})(?![\w'’]))" if excluded else ""
    before = rf"(?:{guard}{_ATTR_WORD}\s+){{0,5}}?"
    words = rf"(?:\s+{_ATTR_WORD}){{0,8}}"
    tail = rf"{words}(?:,{words}(?:\s+{_ATTR_DATE})?)?"
    return Attribution(
        re.compile(rf",\s+{before}(?:{alternatives})\b{tail}[.!?…]\s*$"),
        re.compile(rf"[.!?…]\s+{before}(?:{alternatives})\b{tail}:\s*$"),
        frozenset(v.lower() for v in verbs))


def _build(data: dict[str, Any]) -> Lexicon:
    def low(table: dict[str, Any], key: str) -> frozenset[str]:
        return frozenset(str(v).lower() for v in table.get(key, []))
    doubles = {}
    for lang, table in data.get("doubled", {}).items():
        doubles[lang] = Doubles(low(table, "legitimate"), low(table, "after_wh"),
                                low(table, "particles"), low(table, "phrasal_verbs"),
                                low(table, "function_words"),
                                low(table, "only") if "only" in table else None)
    elisions = "|".join(re.escape(e) for e in sorted(
        data.get("quotes", {}).get("elisions", []), key=len, reverse=True))
    attribution = {lang: _attribution([str(v) for v in table.get("verbs", [])],
                                      [str(w) for w in table.get("not_before_verb", [])])
                   for lang, table in data.get("quotes", {}).get("attribution", {}).items()
                   if table.get("verbs")}
    ditto = frozenset(str(c).lower() for c in data.get("quotes", {}).get("ditto", []))
    return Lexicon(doubles, re.compile(rf"(?:{elisions})(?![^\W_])", re.IGNORECASE),
                   attribution, ditto)


def _legitimate_double(text: str, start: int, word: str, rules: Doubles) -> bool:
    if word in rules.legitimate:
        return True
    if word in rules.after_wh:
        before = text[max(0, start - 80):start]
        clause = _CLAUSE_END.split(before)[-1]
        return bool(_WH.search(clause))  # "what it is is", "all we do do"
    if word in rules.particles:
        match = _PREVIOUS_WORD.search(text[max(0, start - 30):start])
        prev = match.group(1).lower() if match else ""
        return prev.endswith("ed") or prev in rules.phrasal_verbs  # "moved in in 2010"
    return False


@check("doubled-word", category="linguistic/grammar", severity="minor",
       example="The talks will continue in the the coming days.", fixable=True)
def doubled_word(ctx: CheckContext) -> Iterable[Hit]:
    """A word written twice in a row ("the the", "to to"), also across a line break."""
    lex = compiled("punctuation", ctx.config, _build)
    lang = (ctx.language or "").split("-")[0].lower()
    rules = lex.doubles.get(lang) or lex.doubles.get("default")
    if rules is None:
        return []
    text = ctx.text
    if _NATIVE is not None and not _NATIVE.may_double(text):
        return []
    hits = []
    for m in _DOUBLED.finditer(text):
        a, b = m.group("a"), m.group("b")
        word = a.lower()
        if rules.only is not None and word not in rules.only:
            continue
        if a[0].isupper() and b[0].isupper():
            if word not in rules.function_words:
                continue  # a name: "Bora Bora", "Sirhan Sirhan", "Cao Cao"
        elif a[0].islower() and b[0].isupper():
            continue  # "the The Hague-based court"
        if _legitimate_double(text, m.start(), word, rules):
            continue
        english = zipf(word, "en")
        if lang == "en" and english < FOREIGN_ZIPF and zipf(word, "id") > english:
            continue  # an Indonesian reduplication quoted in English copy ("ondel ondel")
        end = m.end("b")
        if allowed(ctx.config, text[m.start():end]):
            continue
        where = " across a line break" if "\n" in m.group("sep") else ""
        hits.append(Hit(m.start(), end, f'Doubled word{where}: "{a} {b}".', a))
    return hits


# --- unbalanced-quote --------------------------------------------------------------------------

# Every alternative begins with one character, so the engine skips to the next mark at C speed
# (a character class among them would make it try each alternative at every position).
_MARKS = re.compile(r"\"\"*+|``|''|‘‘|’’|“|”|„|‟|«|»|‘|’|‚|'|\(|\)|\[|\]|（|）|【|】|「|」|『|』")
_BRACKETS = {"(": ")", "[": "]", "（": "）", "【": "】", "「": "」", "『": "』"}
_CLOSING = {v: k for k, v in _BRACKETS.items()}
_OPEN_BEFORE = frozenset("([{<“‘«„‚\"'—–/")
_CLOSE_AFTER = frozenset(".,;:!?)]}>”’»…—–-/\"'*")
_DOUBLE_OPENERS = frozenset("\"“„«»”`")
_SINGLE_OPENERS = frozenset("'‘‚")
_ENUMERATOR = re.compile(r"(?:\d{1,3}|[A-Za-z]|[ivx]{1,4}|[IVX]{1,4})")  # 1) a) iv)
_EMOTICON_EYES = frozenset(":;=")
_WORD_AFTER = re.compile(r"[^\W\d_]+")
_WORD_BEFORE = re.compile(r"[^\W\d_]{2,}$")
GLUED_WORD_ZIPF = 3.0  # a word glued after a closing single mark is at least this common
TRANSLITERATION_ZIPF = 2.5  # a word after a single quote rarer than this is a transliteration
_SENTENCE_END = frozenset(".!?…")
_CLOSERS_AFTER_SENTENCE = frozenset("'’)]")
_FOOTNOTE_STAR = frozenset("*")
# A line this long that does not end a sentence was wrapped by the writer's software (1980s
# wire copy, e-mail): a text with such lines breaks lines, not paragraphs, at a single newline.
WRAP_LENGTH = 60
WRAPPED_LINES = 2  # ... at least this many such lines, and a third of the long lines
_LINE_END = tuple(".!?…:\"”’)]")
# A paragraph that ends on one of these and a next one that begins with a lower-case letter are
# one sentence cut in two (an italic phrase or a link extracted as a block of its own: "like
# an⏎⏎agent provocateur⏎⏎and perhaps"): what is open carries on.
_MID_SENTENCE_END = frozenset(",;-–—")
# A single mark right after one of these is no apostrophe: it closes an open single quotation
# even when a missing space glues the next word to it.
_CLAUSE_MARKS = frozenset(",.;:!?…")
_DOUBLE_CLOSERS = frozenset("\"”")


def _mis_decoded(prev: str | None) -> bool:
    """Is a mark right after ``prev`` the second byte of a UTF-8 character decoded as Latin-1
    or cp1252? Lead bytes C2-F4 show as "Â".."ô"; "«", "»", "“", "”", "’" are continuation
    bytes there ("ë" → "Ã«", "ī" → "Ä«", "ụ" → "á»¥"). No language writes a quotation mark
    glued to the end of such a letter."""
    return prev is not None and "\u00c2" <= prev <= "\u00f4"


def _cut_sentence(last: str, following: str) -> bool:
    """Does a paragraph ending on ``last`` run on into ``following`` mid-sentence?"""
    return (last.isalnum() or last in _MID_SENTENCE_END) and following[:1].islower()


def _reopens_paragraph(following: str, kind: str) -> bool:
    """Does ``following`` begin by reopening a quotation of ``kind`` (news style)? A run of
    two straight single marks is the double mark of copy typed without one ('' … '')."""
    if kind == "double":
        return following[:1] in _DOUBLE_OPENERS or following.startswith(("''", "‘‘"))
    return following[:1] in _SINGLE_OPENERS


def _hard_wrapped(text: str) -> bool:
    """Is a single newline in ``text`` a wrapped line rather than a paragraph break?

    Scraped web copy (detik, liputan6) separates paragraphs by one newline; wire copy of the
    teleprinter age wraps every line at ~70 characters and marks paragraphs by indentation.
    Only the second carries a quotation over a single newline without reopening it.
    """
    if text.count("\n") < WRAPPED_LINES:
        return False
    lines = text.split("\n")
    long_lines = wrapped = 0
    for line, following in zip(lines, lines[1:]):
        line = line.rstrip()
        if len(line) >= WRAP_LENGTH:
            long_lines += 1
            wrapped += not line.endswith(_LINE_END) and bool(following.strip())
    return wrapped >= WRAPPED_LINES and wrapped * 3 >= long_lines


class _Open(NamedTuple):
    mark: str
    pos: int
    kind: str  # "double" or "single"


class _Scanner:
    """Pairs the marks of one article, paragraph by paragraph (see the module docstring)."""

    def __init__(self, text: str, elision: re.Pattern[str],
                 attribution: Attribution | None = None, ditto: bool = False,
                 lines: bool = False, language: str = "en"):
        self.text = text
        self.language = language
        # the paragraphs are the lines of blank-line blocks (_lines_as_paragraphs): a
        # quotation a line leaves open may still close further down its block
        self.lines = lines
        self.elision = elision
        self.attribution = attribution
        self.ditto = ditto
        self.hits: list[Hit] = []
        self.quotes: list[_Open] = []
        self.brackets: list[tuple[str, int]] = []
        self.open_brackets: Counter[str] = Counter()  # of self.brackets: no full scan per closer
        self.pending: list[_Open] = []  # left open by the previous paragraph, not re-opened
        # single quotations cut off by the end of the double quotation around them, with the
        # mark that ended it: resumed when a later double quotation of the paragraph closes
        # one before its own end ("said, 'look …," Mr Peston said. "… stand down.'")
        self.suspended: list[tuple[_Open, str]] = []
        self.start = self.end = 0
        self.hard_wrapped: bool | None = None  # _hard_wrapped(text), when first needed
        self.reopened: list[int] = []  # quotation marks that reopen a quotation mid-paragraph

    # context -------------------------------------------------------------------------------

    def _prev(self, i: int) -> str | None:
        return self.text[i - 1] if i > self.start else None

    def _next(self, j: int) -> str | None:
        return self.text[j] if j < self.end else None

    def _opener_context(self, i: int, j: int) -> bool:
        prev, nxt = self._prev(i), self._next(j)
        if nxt is None or nxt.isspace():
            return False
        if prev is None or prev.isspace() or prev in _OPEN_BEFORE:
            return True
        return prev == "-" and (i - 1 == self.start or self.text[i - 2].isspace())

    def _closer_context(self, i: int, j: int) -> bool:
        prev, nxt = self._prev(i), self._next(j)
        if prev is None or prev.isspace() or prev in _OPEN_BEFORE - {"'", "\""}:
            return False
        return nxt is None or nxt.isspace() or nxt in _CLOSE_AFTER

    def _after_sentence_end(self, i: int) -> bool:
        """Does a sentence end right before the mark at ``i`` (". "Next", "? “Next",
        ".' "Next": a single quotation closed with the sentence)?"""
        k = i
        while k > self.start and self.text[k - 1] in " \t\u00a0":
            k -= 1
        if k == i:
            return False
        while k > self.start and self.text[k - 1] in _CLOSERS_AFTER_SENTENCE:
            k -= 1
        return k > self.start and self.text[k - 1] in _SENTENCE_END

    def _reopens(self, i: int, j: int, kind: str = "double") -> bool:
        """A quotation is open, and this opening mark starts a new sentence: the next
        paragraph of a multi-paragraph quotation, its paragraph break lost when the feed
        joined the paragraphs with a space ("… the previous one. "Fatigue won't …"). For
        copy that quotes with single marks (British style: "… fantastic. 'Our new board …")
        the single quotation must have no double one around it."""
        if kind == "single" and self._innermost("double") >= 0:
            return False
        return (self._innermost(kind) >= 0 and self._opener_context(i, j)
                and not self._closer_context(i, j) and self._after_sentence_end(i))

    def _reopen(self, i: int, mark: str, kind: str = "double") -> None:
        k = self._innermost(kind)
        entry = self.quotes[k]
        said = self._attributed(entry, i, "after_comma")
        self._close(k, i, mark)
        if said:
            self._not_closed_before(entry, said)
        else:
            self.reopened.append(i)
        self.quotes.append(_Open(mark, i, kind))

    def _open_single(self, i: int, j: int, mark: str) -> None:
        if self._reopens(i, j, "single"):
            self._reopen(i, mark, "single")
        else:
            self.quotes.append(_Open(mark, i, "single"))

    def _attributed(self, entry: _Open, end: int, shape: str) -> str | None:
        """The reporter's attribution that ends the quoted stretch from ``entry`` to ``end``
        (", said Nick Rhodes." before a reopening mark or a paragraph end; ". He added:"
        before a new opening mark), if any: the quotation should have closed before it."""
        if self.attribution is None:
            return None
        start = max(entry.pos + len(entry.mark), end - 200)
        match = getattr(self.attribution, shape).search(self.text, start, end)
        return match.group().strip(" \t\n,.!?…:") if match else None

    def _not_closed_before(self, entry: _Open, said: str) -> None:
        self._unclosed(entry, f"is not closed before the attribution \"{said}\": close it "
                              f"where the quoted words end")

    def _opens_after_attribution(self, i: int, mark: str) -> bool:
        """A new quotation that opens after ". He added:" while one is still open: the open
        one should have closed before the reporter's words."""
        k = self._innermost("double")
        if k < 0:
            return False
        entry = self.quotes[k]
        said = self._attributed(entry, i, "colon")
        if said is None:
            return False
        self._close(k, i, mark)
        self._not_closed_before(entry, said)
        self.quotes.append(_Open(mark, i, "double"))
        return True

    def _same_block(self, start: int, end: int) -> bool:
        """Do ``start`` and ``end`` lie in one blank-line block of a text read by lines?"""
        return self.lines and BLANK_LINE.search(self.text, start, end) is None

    def _innermost(self, kind: str) -> int:
        """Index of the innermost open quote of ``kind`` (singles only above the last double)."""
        for k in range(len(self.quotes) - 1, -1, -1):
            if self.quotes[k].kind == kind:
                return k
            if kind == "single":
                return -1
        return -1

    # reporting -----------------------------------------------------------------------------

    def _report(self, pos: int, mark: str, message: str) -> None:
        self.hits.append(Hit(pos, pos + len(mark), message))

    def _unclosed(self, entry: _Open, why: str) -> None:
        what = "Quotation" if entry.kind == "double" else "Single quotation"
        self._report(entry.pos, entry.mark, f"{what} opened with {entry.mark} {why}.")

    # quotes --------------------------------------------------------------------------------

    def _close(self, k: int, pos: int, mark: str) -> None:
        for inner in self.quotes[k + 1:]:
            if self.quotes[k].kind == "double" and inner.kind == "single":
                self.suspended.append((inner, mark))
            else:
                self._unclosed(inner, f"is not closed before the quotation around it ends at "
                                      f"{mark}")
        del self.quotes[k:]

    def _resumes(self, j: int) -> bool:
        """A single closing mark right before the closing mark of a double quotation, with no
        single quotation open inside it, ends a single quotation suspended earlier in the
        paragraph: the quoted words ran on over an interruption ("…," he said. "…'")."""
        if self.suspended and self._innermost("double") >= 0 and self._next(j) in _DOUBLE_CLOSERS:
            self.suspended.pop()
            return True
        return False

    def _report_suspended(self) -> None:
        for entry, mark in self.suspended:
            self._unclosed(entry, f"is not closed before the quotation around it ends at {mark}")
        self.suspended = []

    def _close_double(self, pos: int, mark: str) -> None:
        k = self._innermost("double")
        if k >= 0:
            self._close(k, pos, mark)
            return
        carried = next((p for p in self.pending if p.kind == "double"), None)
        if carried is not None:
            self.pending.remove(carried)
            if self._same_block(carried.pos, pos):
                return  # a quoted post or verse keeps its line breaks inside the marks
            self._report(pos, mark,
                         f"Closing quotation mark {mark} ends a quotation carried over from the "
                         f"previous paragraph, which this paragraph does not reopen: begin the "
                         f"paragraph with an opening quotation mark, or close the quotation "
                         f"where the previous paragraph ends.")
            return
        if self.quotes:  # only single quotations are open: one of them closes with a double
            entry = self.quotes[0]
            self._close(0, pos, mark)
            self._report(entry.pos, entry.mark,
                         f"Quotation opened with {entry.mark} is closed with {mark}: the marks "
                         f"do not match.")
            return
        if self._ditto(pos, mark):
            return
        self._report(pos, mark, f"Closing quotation mark {mark} has no opening quotation mark "
                                f"in this paragraph.")

    def _ditto(self, pos: int, mark: str) -> bool:
        """Informal copy in some languages writes reduplication with a double mark after the
        word, typed on phones that curl it ("berhati” = berhati-hati", "kawan” ku"). With no
        quotation open, a ” glued to a lower-case word (titles are capitalised: "video Cerita
        Gus Ipul” di sini" lost its opening mark), then a space and a word that is no
        attribution verb ("…terbatas” kata dia" lost its opening mark too), is that ditto
        mark. A straight mark so placed is more often a scare quote that lost its opening
        mark ("bros reliquary" yang"): it is still reported."""
        if not self.ditto or mark != "”":
            return False
        before = _WORD_BEFORE.search(self.text, max(self.start, pos - 40), pos)  # no rescans
        if before is None or not before.group().islower() or self._next(pos + 1) != " ":
            return False
        after = _WORD_AFTER.match(self.text, pos + 2, self.end)
        verbs = self.attribution.verbs if self.attribution else frozenset()
        return after is not None and after.group().lower() not in verbs

    def _straight_double(self, i: int, j: int, run: str) -> None:
        """A run of straight double marks shares one context: `""word""` (doubled marks, as in
        CSV-escaped copy) opens twice and closes twice."""
        prev = self._prev(i)
        if prev is not None and prev.isdigit() and self._innermost("double") < 0 and run == "\"":
            return  # inches: a 14" screen
        opener, closer = self._opener_context(i, j), self._closer_context(i, j)
        if run in ("\"", "''") and opener and not closer:
            if self._innermost("double") >= 0 and self._after_sentence_end(i):  # _reopens
                self._reopen(i, run)
                return
            if self._opens_after_attribution(i, run):
                return
        for n, mark in enumerate(run if run != "''" else [run]):
            pos = i + n
            if opener and not closer:
                self.quotes.append(_Open(mark, pos, "double"))
            elif closer and not opener:
                self._close_double(pos, mark)
            elif self._innermost("double") >= 0:
                self._close_double(pos, mark)
            else:
                self.quotes.append(_Open(mark, pos, "double"))

    def _double(self, i: int, j: int, mark: str) -> None:
        prev, nxt = self._prev(i), self._next(j)
        if _mis_decoded(prev):
            return  # a byte of UTF-8 read as Latin-1: "CitroÃ«n", "KÄ«lauea", "á»¥"
        k = self._innermost("double")
        if mark == "”" and k < 0 and prev is not None and prev.isdigit():
            return  # inches: a 1/1.5” sensor
        top = self.quotes[k].mark if k >= 0 else ""
        if mark in ("“", "‟"):
            if top in ("“", "‟", "\"") and self._reopens(i, j):
                self._reopen(i, mark)
            elif top in ("“", "‟", "\"") and self._opens_after_attribution(i, mark):
                pass
            elif top == "„" or (k >= 0 and self._closer_context(i, j)
                              and not self._opener_context(i, j)):
                self._close(k, i, mark)  # German „…“, or a mark turned the wrong way
            else:
                self.quotes.append(_Open(mark, i, "double"))
        elif mark == "”":
            if k >= 0:
                self._close(k, i, mark)
            elif self._opener_context(i, j) and not self._closer_context(i, j):
                self.quotes.append(_Open(mark, i, "double"))  # Swedish ”…”
            else:
                self._close_double(i, mark)
        elif mark == "„":
            self.quotes.append(_Open(mark, i, "double"))
        elif mark == "«":
            if top == "»":
                self._close(k, i, mark)  # German »…«
            else:
                self.quotes.append(_Open(mark, i, "double"))
        elif mark == "»":
            if top == "«":
                self._close(k, i, mark)
            elif self._opener_context(i, j) and not self._closer_context(i, j):
                self.quotes.append(_Open(mark, i, "double"))
            else:
                self._close_double(i, mark)

    def _closes_two_singles(self, i: int, j: int) -> bool:
        """'' in closing position with two single quotations open (and no double inside them)
        closes both: "Video 'Sidang … soal Sosok 'Bapak'':"."""
        k = self._innermost("single")
        if k < 1 or self.quotes[k - 1].kind != "single" or not self._closer_context(i, j):
            return False
        self._close(k, i, "'")
        self._close(k - 1, i + 1, "'")
        return True

    def _curly_pair_close(self, i: int, mark: str) -> None:
        """’’: the closing double mark of copy typed with two single marks (‘‘…’’), or an
        apostrophe and the closing mark of an open single quotation (‘the players’’)."""
        k = self._innermost("single")
        if k >= 0:
            self._close(k, i, mark)
            return
        k = self._innermost("double")
        if k >= 0:
            self._close(k, i, mark)
        # with nothing open: apostrophes, like any unmatched single closing mark

    def _elided(self, j: int) -> bool:
        nxt = self._next(j)
        return nxt is None or nxt.isdigit() or bool(self.elision.match(self.text, j, self.end))

    def _transliteration(self, j: int) -> bool:
        """‘Arabiyy, 'Abbasid, 'Umar: an ayn or okina, not a quote, when the word after the
        mark is no English word (a quotation that opens with a rare name is missed: rare)."""
        match = _WORD_AFTER.match(self.text, j, self.end)
        return bool(match) and zipf(match.group().lower(), "en") < TRANSLITERATION_ZIPF

    def _glued_closer(self, k: int, i: int, j: int) -> bool:
        """Is the mark at ``i``, between two letters, the close of the open single quotation
        ``k`` glued to the next word by a lost space ("'zero overdimensi-overload'sejak 1
        Juni", "the ‘high number’of fighters")? Only after a quotation of two words or more,
        between lower-case words, before a common word of the article's language that is
        no elision (``elisions`` in punctuation.toml: "'the band's album'", "'we'll see'",
        "little'uns", "o'clock"), and not after a capital ("O'Neill") or inside a
        transliteration ("Ba'ath", "Ma’afu", "Jum'at")."""
        word = _WORD_AFTER.match(self.text, j, self.end)
        if word is None or not self.text[i - 1].islower():
            return False
        after = word.group()
        if (len(after) < 2 or not after.islower() or self._elided(j)
                or zipf(after, self.language) < GLUED_WORD_ZIPF):
            return False
        return " " in self.text[self.quotes[k].pos:i]

    def _single(self, i: int, j: int, mark: str) -> None:
        k = self._innermost("single")
        prev = self._prev(i)
        if mark != "'" and _mis_decoded(prev):
            return
        in_word = prev is not None and (
            prev.isalnum() or prev == "-" and i - 2 >= self.start and self.text[i - 2].isalnum()
            or i - 2 >= self.start and _mis_decoded(self.text[i - 2]))  # "yastaá¹­Ä«'u"
        if mark == "‘":
            if k >= 0 and self.quotes[k].mark == "‚":
                self._close(k, i, mark)
            elif in_word:
                if k >= 0 and self._closer_context(i, j):
                    self._close(k, i, mark)  # a closing mark turned the wrong way
            elif not self._elided(j) and not self._transliteration(j):
                self._open_single(i, j, mark)
        elif mark == "’" or mark == "'":
            if k >= 0 and (self._closer_context(i, j) or prev in _CLAUSE_MARKS
                           or in_word and self._glued_closer(k, i, j)):
                self._close(k, i, mark)  # also glued to the next word: "'Pak Luhut,'gitu"
            elif k < 0 and self._resumes(j):
                pass
            elif (mark == "'" and not in_word and self._opener_context(i, j)
                  and not self._elided(j) and not self._transliteration(j)
                  and not (prev or "").isdigit()):
                self._open_single(i, j, mark)
            # anything else is an apostrophe: don't, Egypt’s, the players' union, ’90s
        elif mark == "‚":
            if self._opener_context(i, j):
                self.quotes.append(_Open(mark, i, "single"))

    # brackets ------------------------------------------------------------------------------

    def _bracket(self, i: int, mark: str) -> None:
        prev = self._prev(i)
        if prev in _EMOTICON_EYES or (prev == "-" and i - 2 >= self.start
                                      and self.text[i - 2] in _EMOTICON_EYES):
            return  # :) :-(
        if mark in _BRACKETS:
            self.brackets.append((mark, i))
            self.open_brackets[mark] += 1
            return
        opener = _CLOSING[mark]
        for k in range(len(self.brackets) - 1, -1, -1) if self.open_brackets[opener] else ():
            if self.brackets[k][0] == opener:
                for inner, pos in self.brackets[k + 1:]:
                    self._report(pos, inner, f"{_name(inner).capitalize()} \"{inner}\" is not "
                                             f"closed before \"{mark}\".")
                self.open_brackets.subtract(b for b, _ in self.brackets[k:])
                del self.brackets[k:]
                return
        if self._enumerator(i) or prev in _FOOTNOTE_STAR:
            return  # "1)", "a)", "iv)" list markers; "*)" footnote markers
        self._report(i, mark, f"Closing {_name(mark)} \"{mark}\" has no opening \"{opener}\".")

    def _enumerator(self, i: int) -> bool:
        k = i
        floor = max(self.start, i - 5)  # an enumerator has at most four characters
        while k > floor and not self.text[k - 1].isspace():
            k -= 1
        return bool(_ENUMERATOR.fullmatch(self.text, k, i))

    # paragraphs ----------------------------------------------------------------------------

    def scan(self, paras: list[Segment], n: int = 0) -> list[Hit]:
        """The hits of ``paras[n:]`` (``n``: the first paragraph that does not settle itself,
        ``_NATIVE.unsettled``; the ones before it report nothing and leave nothing open)."""
        # One pass over the text for the marks, handed to the paragraphs in turn: the text's
        # paragraphs hold all that is not whitespace, so every mark lies inside one (none
        # spans two; a mark outside every paragraph is not looked at, as by a scan of each).
        # The scan may so start at any paragraph's start, as it does after the paragraphs
        # that settle themselves: only whitespace lies before it, in no mark.
        marks = _MARKS.finditer(self.text, paras[n].start if n < len(paras) else 0)
        m = next(marks, None)
        gated = n  # paragraphs[n] is known not to settle itself
        while n < len(paras):
            idle = not (self.quotes or self.brackets or self.pending or self.suspended)
            if idle and _NATIVE is not None and n > gated:
                # nothing open: on to the first paragraph from here that must be read
                k = _NATIVE.unsettled(self.text, paras, n)
                if k == len(paras):
                    break
                if k > n:
                    marks = _MARKS.finditer(self.text, paras[k].start)
                    m = next(marks, None)
                n = gated = k
            para = paras[n]
            n += 1
            while m is not None and m.start() < para.start:
                m = next(marks, None)
            if (m is None or m.start() >= para.end) and idle:
                continue  # no mark, nothing open: the paragraph's end settles nothing
            self.start, self.end = para.start, para.end
            while m is not None and m.start() < para.end:
                mark, i, j = m.group(), m.start(), m.end()
                m = next(marks, None)
                if mark in _BRACKETS or mark in _CLOSING:
                    self._bracket(i, mark)
                elif mark == "''" and self._closes_two_singles(i, j):
                    pass
                elif mark[0] == "\"" or mark == "''":
                    self._straight_double(i, j, mark)
                elif mark in ("``", "‘‘"):
                    self.quotes.append(_Open(mark, i, "double"))
                elif mark == "’’":
                    self._curly_pair_close(i, mark)
                elif mark in ("'", "‘", "’", "‚"):
                    self._single(i, j, mark)
                else:
                    self._double(i, j, mark)
            following = paras[n] if n < len(paras) else None
            if not (following is not None and self._same_block(para.end, following.start)):
                for entry in self.pending:
                    self._unclosed(entry, "is not closed by the end of its paragraph, and the "
                                          "next paragraph does not continue it with an "
                                          "opening quotation mark")
                self.pending = []
            self._paragraph_end(para.end, following)
        return self.hits

    def _paragraph_end(self, end: int, following: Segment | None) -> None:
        """Settle what is still open where a paragraph ends (see the module docstring)."""
        if not (self.quotes or self.brackets or self.suspended):
            return  # nothing to settle (nor to carry over a wrapped line)
        if following is not None and self.hard_wrapped is None:
            self.hard_wrapped = _hard_wrapped(self.text)
        wrapped = following is not None and (
            (self.hard_wrapped and self.text.count("\n", end, following.start) < 2)
            or _cut_sentence(self.text[end - 1], following.text))
        if not wrapped:
            self._report_suspended()
        if self.quotes and not wrapped:  # a hard-wrapped line carries its quotation on
            if following is None:
                for entry in self.quotes:
                    self._unclosed(entry, "is never closed")
            elif not _reopens_paragraph(following.text, self.quotes[-1].kind):
                self.pending += [q for q in self.quotes if q.kind == "double"]
                for entry in self.quotes:
                    if entry.kind == "single":
                        self._unclosed(entry, "is not closed by the end of its paragraph")
            elif self.quotes[-1].kind == "double":
                # the next paragraph reopens the quotation - correct news style, unless this
                # one ended on the reporter's words (", he said.")
                said = self._attributed(self.quotes[-1], end, "after_comma")
                if said:
                    self._not_closed_before(self.quotes[-1], said)
            self.quotes = []
        if self.brackets and not wrapped:
            for mark, pos in self.brackets:
                self._report(pos, mark, f"Opening {_name(mark)} \"{mark}\" is never closed.")
            self.brackets = []
            self.open_brackets.clear()


def _lines_as_paragraphs(text: str, paras: list[Segment]) -> list[Segment]:
    """The lines of the blocks, for a text that separates blocks by blank lines but also
    breaks lines inside them and is not hard-wrapped (scraped copy: "…," tegasnya.⏎Selain
    itu …⏎⏎…): each line is then a paragraph, as it is on the page."""
    out: list[Segment] = []
    for para in paras:
        if "\n" not in para.text:
            out.append(para)
            continue
        start = para.start
        for line in para.text.split("\n"):
            a, b = stripped_span(text, start, start + len(line))
            if a < b:
                out.append(Segment(a, b, text[a:b]))
            start += len(line) + 1
    return out


def _name(mark: str) -> str:
    if mark in "()（）":
        return "parenthesis"
    if mark in "[]":
        return "square bracket"
    return "bracket"


@check("unbalanced-quote", category="linguistic/punctuation", severity="minor",
       example="“This is our obligation. I am responsible for the release, Netanyahu said.")
def unbalanced_quote(ctx: CheckContext) -> Iterable[Hit]:
    """Quotation marks or brackets opened and never closed, or closed and never opened."""
    if _NATIVE is not None:
        # the first paragraph that does not settle itself (nearly all do: every quotation
        # and bracket closed where it opened); none, no finding
        first = _NATIVE.unsettled(ctx.text, ctx.paragraphs, 0)
        if first == len(ctx.paragraphs):
            return []
    elif _MARKS.search(ctx.text) is None:
        return []   # no quotation mark, apostrophe or bracket at all (half of short texts)
    else:
        first = 0
    lex = compiled("punctuation", ctx.config, _build)
    lang = (ctx.language or "").split("-")[0].lower()
    paras = ctx.paragraphs
    hard_wrapped = None  # _hard_wrapped(text): read once, here or when the scan first needs it
    lines = False
    if any("\n" in p.text for p in paras):
        hard_wrapped = _hard_wrapped(ctx.text)
        lines = not hard_wrapped
    if lines:
        paras = _lines_as_paragraphs(ctx.text, paras)
        first = _NATIVE.unsettled(ctx.text, paras, 0) if _NATIVE is not None else 0
    scanner = _Scanner(ctx.text, lex.elision, lex.attribution.get(lang), lang in lex.ditto,
                       lines, lang or "en")
    scanner.hard_wrapped = hard_wrapped
    hits = scanner.scan(paras, first)
    if scanner.reopened:
        first = scanner.reopened[0]
        times = len(scanner.reopened)
        hits.append(Hit(first, first + 1,
                        f"A quotation is reopened in the middle of a paragraph "
                        f"({times} time{'s' if times > 1 else ''} in this article) without "
                        f"being closed: the paragraph breaks of multi-paragraph quotations "
                        f"look lost (paragraphs joined with a space).", severity="info"))
    merged: list[Hit] = []
    for hit in sorted(hits, key=lambda h: h.start):
        last = merged[-1] if merged else None
        if last and last.end == hit.start and last.message == hit.message:
            merged[-1] = Hit(last.start, hit.end, last.message)  # one finding for a `""` run
        else:
            merged.append(hit)
    return merged
