"""Evidence that the translation-artifact checks work: false positives on real clean text,
precision and recall on injected artifacts, and throughput.

Reads the real, sentence-aligned English–Indonesian corpus in
``../shared/data/indonesian-mt-news/``
(``news_valid`` and ``general_valid``; line N of ``.id`` is the original of line N of ``.en``) and
runs every check in ``audit.checks.REGISTRY`` the way the pipeline does (``CheckContext`` with
language ``"en"`` and the aligned Indonesian line as ``source_text``), so it measures whatever
checks exist when it runs.

1. Clean text. Each English line is an article as it is. Every finding is counted as a false
   positive unless it is *shown* to be genuine: the corpus is itself translated from Indonesian
   and does contain real artifacts. A finding is genuine only when one of the documented rules
   in ``GENUINE_RULES`` says so (e.g. the Indonesian "Tuesday (1/8)" date convention) or when a
   person has checked that very finding and recorded it, with the reason, in ``VERIFIED``.
   Genuine findings are reported separately, never hidden; ``--show-clean`` lists every
   finding with its classification.
2. Injected artifacts. Copies of the clean lines get one known artifact each:
   missing-space (a space deleted between two words, after a comma/full stop, or next to a
   number), untranslated-token (an English word swapped for its Indonesian original),
   number-mismatch (one English number altered against the Indonesian line) and
   role-confusion (hostage/prisoner roles inverted; the corpus has almost no such sentences,
   so those are synthesised from templates with real names, and said so in the output).
   Recall = injected artifacts that a finding of that check overlaps; precision = findings of
   that check on the injected copies that overlap the injection / all its findings there that
   were not already present on the clean copy.
3. Throughput of all checks together on the clean lines.

    python benchmarks/checks_eval.py [--data DIR] [--seed N] [--json] [--show-clean] [--show-misses]

Prints figures only (no asserts); the same seed gives the same output.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from audit.checks import REGISTRY, CheckContext, run_check  # noqa: E402
from audit.checks.lexicon import zipf  # noqa: E402
from audit.model import Finding  # noqa: E402
from audit.text import ABBREVIATIONS  # noqa: E402

FILES = ("news_valid", "general_valid")
TARGETS = {"missing-space": (0.90, 0.95), "untranslated-token": (0.90, 0.95),
           "number-mismatch": (0.90, 0.95)}
CLEAN_TARGET = 2.0  # false positives per 1,000 clean sentences, all checks together


@dataclass(frozen=True)
class Pair:
    file: str
    line: int
    en: str
    id: str


def load(data: Path) -> list[Pair]:
    pairs: list[Pair] = []
    for name in FILES:
        en_path, id_path = data / f"{name}.en", data / f"{name}.id"
        if not en_path.is_file() or not id_path.is_file():
            print(f"missing: {en_path} or {id_path}", file=sys.stderr)
            continue
        en = en_path.read_text(encoding="utf-8").splitlines()
        id_ = id_path.read_text(encoding="utf-8").splitlines()
        if len(en) != len(id_):
            print(f"warning: {name}: {len(en)} English vs {len(id_)} Indonesian lines",
                  file=sys.stderr)
        pairs.extend(Pair(name, i + 1, e, s) for i, (e, s) in enumerate(zip(en, id_)))
    return pairs


def context(text: str, source: str | None) -> CheckContext:
    """What the pipeline builds for an English article with its Indonesian original."""
    return CheckContext(text=text, language="en", source_text=source or None,
                        source_language="id" if source else None)


CRASHES: Counter[str] = Counter()  # check code → runs that raised (reported, not fatal)


def run_one(code: str, text: str, source: str | None) -> list[Finding]:
    """One check on one text; a crash counts as no finding and is reported, like the
    pipeline's ``run_checks`` does, so one broken check cannot hide the others' figures."""
    chk = REGISTRY[code]
    ctx = context(text, source)
    if not chk.applies_to(ctx):
        return []
    try:
        return run_check(chk, ctx)
    except Exception:  # noqa: BLE001 - counted and printed
        CRASHES[code] += 1
        return []


# --- 1. clean text ------------------------------------------------------------------------------

_WEEKDAY = r"(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day"


@dataclass(frozen=True)
class Rule:
    """A documented reason why a clean-corpus finding is a real artifact of the corpus."""

    name: str
    why: str
    codes: frozenset[str] | None  # the checks it may vouch for; None = any
    test: Callable[[Pair, Finding], bool]


def _overlaps_match(pattern: re.Pattern[str]) -> Callable[[Pair, Finding], bool]:
    """The finding is mostly on a match: at least half of its span lies inside it (a finding
    spanning a whole sentence that happens to contain a date is not vouched for)."""
    def test(pair: Pair, f: Finding) -> bool:
        size = max(1, f.end - f.start)
        return any(min(f.end, m.end()) - max(f.start, m.start()) >= size / 2
                   for m in pattern.finditer(pair.en))
    return test


_SPEECH_VERB = re.compile(
    r"^\s+(?:[\w.'’-]+\s+){0,6}?(?:said|says|told|tells|added|adds|explained|stated|asked|"
    r"continued|stressed|uttered|informed|expressed|complained|finished|concluded|revealed|"
    r"claimed|noted|argued|insisted|admitted|hoped|urged|warned|emphasized|emphasised|"
    r"conveyed|disclosed|mentioned|promised|asserted|affirmed|assured|announced|replied|"
    r"answered|acknowledged|remarked|suggested|reminded|requested|explain|say)\b")


def _quotation_split_by_corpus(pair: Pair, f: Finding) -> bool:
    """The corpus has one sentence a line, so a quotation of several sentences is cut: its
    first sentence opens a quotation the line never closes ("We need 400 medics.), its last
    closes one the line never opened (..., he said). The mark is unbalanced in the line as
    given; the article it came from was not."""
    if f.text not in ('"', "“", "”") or f.end - f.start != 1:
        return False
    line = pair.en
    ends_sentence = line.rstrip().endswith((".", "!", "?", '."'))
    if ends_sentence and (not line[:f.start].strip() or line[:f.start].rstrip().endswith(":")):
        return True  # opening mark at the start of the line, or after "said:"
    return line[f.start - 1:f.start] in (",", ".", "!", "?", ")") and bool(
        _SPEECH_VERB.match(line[f.end:f.end + 80]))


def _whitespace_error(pair: Pair, f: Finding) -> bool:
    """The flagged span itself is a doubled space, a space before , . ; : ! ? ) after a word,
    or a space after ( before a word: the whitespace error is literally in the corpus line.
    (Maths such as "f ( x )" would also match; the check leaves it alone, and
    ``--show-clean`` shows any that slip through.)"""
    span = pair.en[f.start:f.end]
    before = pair.en[f.start - 1:f.start]
    after = pair.en[f.end:f.end + 1]
    if re.fullmatch(r"[ \u00a0]{2,}", span):
        return True
    if re.fullmatch(r"[(\[][ \u00a0]+", span):
        return after.isalpha()
    return bool(re.fullmatch(r"[ \u00a0]+[,.;:!?)\]]", span)) and before.isalnum()


def _verbatim_indonesian(pair: Pair, f: Finding) -> bool:
    """The flagged token occurs verbatim in the aligned Indonesian line and is an Indonesian
    word rather than a shared name: wordfreq ranks it ≥ 4.0 Zipf in Indonesian and at least
    1.5 lower in English ("kelurahan", "Jl" are; "Jakarta", "Ahok" are not)."""
    token = pair.en[f.start:f.end].strip()
    if not token or not re.search(rf"(?<!\w){re.escape(token)}(?!\w)", pair.id):
        return False
    low = token.lower()
    return zipf(low, "id") >= 4.0 and zipf(low, "en") <= zipf(low, "id") - 1.5


# --- an independent reading of numbers, for classifying number-mismatch findings ------------

_EN_UNITS = {w: i for i, w in enumerate(
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
    "fifteen sixteen seventeen eighteen nineteen".split())}
_EN_TENS = {w: 10 * i for i, w in enumerate(
    "_ _ twenty thirty forty fifty sixty seventy eighty ninety".split()) if w != "_"}
_ID_UNITS = {"nol": 0, "satu": 1, "se": 1, "dua": 2, "tiga": 3, "empat": 4, "lima": 5,
             "enam": 6, "tujuh": 7, "delapan": 8, "sembilan": 9}
_SCALES = {"hundred": 100, "thousand": 1000, "million": 10**6, "billion": 10**9,
           "trillion": 10**12, "ratus": 100, "ribu": 1000, "juta": 10**6, "miliar": 10**9,
           "milyar": 10**9, "triliun": 10**12}
_NUM_TOKEN = re.compile(r"\d+(?:[.,]\d+)*|[a-z]+", re.I)


_MONTHS = {m: i for i, names in enumerate((
    "january januari", "february februari", "march maret", "april", "may mei", "june juni",
    "july juli", "august agustus", "september", "october oktober", "november nopember",
    "december desember"), 1) for m in names.split()}


def number_mentions(text: str) -> list[set[float]]:
    """Every number ``text`` states, each as the set of values it may mean: digits in either
    separator convention ("2,542,000", "2.542.000", "1,5", "1.5"), English or Indonesian
    words ("forty-eight", "tujuh", "dua belas"), times a following scale word ("24 ribu",
    "7.5 million"); a month name counts as a number too (-1 ... -12), so "1 December" and
    "1 April" disagree. Deliberately simple and independent of audit's own number reading."""
    mentions: list[set[float]] = []
    words = [t.lower() for t in _NUM_TOKEN.findall(text.replace("-", " "))]

    def after(k: int) -> str:
        return words[k] if k < len(words) else ""

    i = 0
    while i < len(words):
        tok, base, end = words[i], set(), i
        if tok[0].isdigit():
            base.add(float(re.sub(r"[.,]", "", tok)))
            if len(re.findall(r"[.,]", tok)) == 1:
                base.add(float(tok.replace(",", ".")))  # a decimal point or comma
        elif tok in _MONTHS and (tok != "may" or after(i + 1)[:1].isdigit()
                                 or i and words[i - 1][:1].isdigit()):
            base.add(-float(_MONTHS[tok]))  # "may" only next to a number: "May 6", "6 May"
        elif tok in _EN_UNITS or tok in _ID_UNITS:
            v = _EN_UNITS.get(tok, _ID_UNITS.get(tok, 0))
            if after(i + 1) == "belas":
                v, end = v + 10, i + 1
            elif after(i + 1) == "puluh":
                v, end = v * 10, i + 1
            base.add(float(v))
        elif tok in _EN_TENS:
            v = _EN_TENS[tok]
            if _EN_UNITS.get(after(i + 1), 10) < 10:
                v, end = v + _EN_UNITS[after(i + 1)], i + 1
            base.add(float(v))
        elif tok in ("sepuluh", "sebelas", "seratus", "seribu"):
            base.add({"sepuluh": 10.0, "sebelas": 11.0, "seratus": 100.0, "seribu": 1000.0}[tok])
        if base:
            if after(end + 1) in _SCALES:
                base |= {v * _SCALES[after(end + 1)] for v in base}
                end += 1
            mentions.append(base)
        i = end + 1
    return mentions


def number_values(text: str) -> set[float]:
    return set().union(*number_mentions(text)) if text else set()


_ANCHOR = re.compile(r"(?<![\w.])(?:[A-Z][\w'’-]{3,}|\d[\d.,]*\d|\d)")


def misaligned(pair: Pair) -> bool:
    """The .id line is not a translation of the .en line (the corpus has such lines): the
    English names or numbers two or more things, none of which the Indonesian line contains
    (names compared case-insensitively, numbers by digits)."""
    anchors = {m.group() for m in _ANCHOR.finditer(pair.en) if m.start() > 0}
    if len(anchors) < 2:
        return False
    source = pair.id.lower()
    source_digits = {re.sub(r"\D", "", m) for m in re.findall(r"\d[\d.,]*", pair.id)}
    for a in anchors:
        if a[0].isdigit():
            if re.sub(r"\D", "", a) in source_digits:
                return False
        elif a.lower().rstrip("'’s") in source:
            return False
    return True


def _number_absent_from_source(pair: Pair, f: Finding) -> bool:
    """A number in the flagged English span is stated nowhere in the aligned Indonesian line,
    in any notation (or, for an omission, the Indonesian number the finding names is nowhere
    in the English): "126 chapters" / "26 bab", "eleven years" / "tujuh tahun", "1 December"
    / "1 April"."""
    if misaligned(pair):
        return False
    source, english = number_values(pair.id), number_values(pair.en)
    if f.end - f.start <= 40 and any(not m & source for m in number_mentions(f.text)):
        return True
    # an omission: the suggestion names a source number the English lacks
    return any(not m & english for m in number_mentions(f.suggestion or ""))


LOCALE_CODES = frozenset({"locale-convention", "untranslated-token"})

GENUINE_RULES: tuple[Rule, ...] = (
    Rule("id-weekday-date",
         "Indonesian date convention left in English: a weekday followed by (day/month), "
         "e.g. \"Tuesday (1/8)\" = 1 August",
         LOCALE_CODES,
         _overlaps_match(re.compile(rf"\b{_WEEKDAY},? ?\(\d{{1,2}}/\d{{1,2}}(?:/\d{{2,4}})?\)"))),
    Rule("id-time-zone",
         "Indonesian time-zone abbreviation left in English (WIB/WITA/WIT, or the calque IWST)",
         LOCALE_CODES, _overlaps_match(re.compile(r"\b(?:WIB|WITA|WIT|IWST)\b"))),
    Rule("id-decimal-comma",
         "Indonesian decimal comma before a scale word (\"1,5 million\" for 1.5 million)",
         LOCALE_CODES,
         _overlaps_match(re.compile(r"\b\d+,\d{1,2} ?(?:million|billion|trillion|percent|%)"))),
    Rule("id-thousands-dot",
         "Indonesian thousands separator copied from the source (\"US$130.000\" for "
         "US$130,000): the same dotted number is in the aligned Indonesian line",
         LOCALE_CODES, lambda pair, f: any(
             m.group() in pair.id and min(f.end, m.end()) - max(f.start, m.start()) > 0
             for m in re.finditer(r"(?<![\d.,])\d{1,3}(?:\.\d{3})+(?![\d.,]\d)", pair.en))),
    Rule("unconverted-rupiah",
         "an info note that a rupiah amount (\"Rp 9 billion\") has no conversion, on a line "
         "that indeed has none (no US$/USD/dollar): true of the text, a source-locale "
         "convention, not an error",
         frozenset({"locale-convention"}),
         lambda pair, f: f.severity == "info" and f.text.startswith("Rp")
         and not re.search(r"US\$|USD|dollar", pair.en)),
    Rule("number-absent-from-source",
         "the flagged number is stated nowhere in the aligned Indonesian line in any notation "
         "(digits either convention, English or Indonesian words): the pair really disagrees "
         "(a mistranslation, or one of the corpus's many loose or misaligned pairs)",
         frozenset({"number-mismatch"}), _number_absent_from_source),
    Rule("literal-whitespace-error",
         "the span is a doubled space or a space before punctuation actually present in the "
         "corpus line",
         frozenset({"spacing"}), _whitespace_error),
    Rule("verbatim-indonesian-token",
         "an Indonesian word copied verbatim from the aligned source line into the English",
         frozenset({"untranslated-token"}), _verbatim_indonesian),
)

# Findings that are right about the line as given but say nothing about translation: the
# corpus cut the text there. Reported in their own column, neither genuine nor false.
SEGMENTATION_RULES: tuple[Rule, ...] = (
    Rule("quotation-split-by-corpus",
         "a quotation of several sentences cut by the one-sentence-a-line corpus: the line "
         "opens a quotation it never closes, or closes one (\", he said\") it never opened",
         frozenset({"unbalanced-quote"}), _quotation_split_by_corpus),
    Rule("csv-quoting",
         "general_valid lines carry CSV escaping (a line wrapped in \"...\" with inner "
         "quotes doubled: \"\"\"I believe ...\"): the flagged mark is part of that escaping",
         frozenset({"unbalanced-quote"}),
         lambda pair, f: set(f.text) <= set('"') and '""' in pair.en),
    Rule("parenthesis-cut-by-corpus",
         "the corpus's sentence splitter cut inside brackets: a \")\" with no \"(\" before it "
         "in the line, or a \"(\" whose bracket runs to the end of the line at an abbreviation "
         "(\"(b.\", \"(c.\", \"lit.\")",
         frozenset({"unbalanced-quote"}),
         lambda pair, f: f.text == ")" and "(" not in pair.en[:f.start] or f.text == "(" and bool(
             re.search(r"\b\w{1,5}\.[\"”]?$", pair.en[f.end:].rstrip()))
         and ")" not in pair.en[f.end:]),
    Rule("misaligned-pair",
         "the .id line is not the translation of the .en line (the corpus has such pairs): "
         "none of the English line's names or numbers is in it",
         frozenset({"number-mismatch"}), lambda pair, f: misaligned(pair)),
)

# Findings a person has read in context and confirmed as real artifacts of the corpus
# (file, line, check, flagged text) → why. Entries that no longer match are listed as stale.
VERIFIED: dict[tuple[str, int, str, str], str] = {
    ("news_valid", 431, "missing-space", "shortages,rising"):
        "lost space after the comma: \"labour shortages,rising fuel costs\"",
    ("news_valid", 1920, "missing-space", "connectdirectly"):
        "lost space: \"could connectdirectly to the super fast network\"",
    ("news_valid", 1929, "missing-space", "Raya.Thus"):
        "lost space after the full stop: \"Jl. Cilincing Raya.Thus, the water ...\"",
    ("general_valid", 1266, "missing-space", "Cienfuegos,Diccionario"):
        "lost space after the comma in a citation: \"y Cienfuegos,Diccionario geográfico\"",
    ("general_valid", 983, "missing-space", "Towncharter"):
        "lost space: \"mentioned in the Towncharter of 1156\" (English has no such word)",
    ("news_valid", 242, "unbalanced-quote", '"'):
        "quotation opened and never closed: Ms Pillay was \"not objective and \"not fair\".",
    ("news_valid", 4, "number-mismatch",
     "Aside from our own officers, we will also be involving locals in conducting the repair "
     "and maintenance,\" said Heru Bambang Ernanto, Head of North Jakarta Parks Sub Department, "
     "Tuesday (1/8)."):
        "omission: the source's \"masyarakat 1 atau 2 orang\" (one or two residents) is dropped",
    ("general_valid", 1610, "number-mismatch",
     "\"John 13:23, 19:26, 20:2, 21:7, 21:20 John 21:24 Eusebius of Caesarea, Ecclesiastical "
     "History Book iii.\""):
        "omission: the source's list of chapters \"Yohanes 13, Yohanes 19, …\" is not in the English",
    ("general_valid", 1064, "unbalanced-quote", ")"):
        "the English really has one \")\" more than \"(\": \"(AMU); Arabic: … al-‘Arabī)\"",
}

#: Findings checked by hand that are right about the pair as given, but only because the
#: corpus pairs are not translations of each other or cut a sentence (the Indonesian line is
#: another sentence of the same page; the English line stops at "lit.").
VERIFIED_CUT: dict[tuple[str, int, str, str], str] = {
    ("general_valid", 18, "number-mismatch", "five percent"):
        "misaligned pair: the Indonesian line is about \"$5 juta … Victory Tour\"",
    ("general_valid", 18, "number-mismatch", "It donates five percent of pre-tax profits to charity."):
        "misaligned pair: the Indonesian line is about \"$5 juta … Victory Tour\"",
    ("general_valid", 126, "number-mismatch", "Vallandigham was tried by a military court on May 6 and 7."):
        "misaligned pair: the Indonesian line is about Juhanda, \"4 Mei 2011\"",
    ("general_valid", 784, "number-mismatch",
     "\"Retrieved 25 May 2014. (in Chinese) news.China.COM.cn, \"\"专访十八大代表牛红光：神十将于明年6月发射\"\", "
     "新闻中心-中国网, 10 November 2012 \"\"Chinese spacecraft blasts off with 3 astronauts\"\".\""):
        "misaligned pair: the Indonesian line starts with \"Shenzhou 10 adalah misi terakhir\"",
    ("general_valid", 1418, "number-mismatch", "Third of May"):
        "misaligned pair: the Indonesian line leaves out the painting \"The Third of May 1808\"",
    ("general_valid", 1487, "number-mismatch", "10"):
        "misaligned pair: January 1 radio ban vs \"10 Februari - Program One Day No Rice\"",
    ("general_valid", 1501, "number-mismatch", "22"):
        "misaligned pair: a 1987 citation vs \"Diakses tanggal 22 Desember 2016\"",
    ("general_valid", 1947, "number-mismatch", "12 May"):
        "misaligned pair: Cor van der Hoeven (1921-2017) vs Bé Udink (1926-2016)",
    ("general_valid", 1093, "unbalanced-quote", "'"):
        "sentence cut: the quotation 'The arts are it. continues in the next sentence",
    ("general_valid", 1130, "unbalanced-quote", "("):
        "sentence cut: the corpus line stops at \"lit.\", inside the parenthesis",
}


def classify(pair: Pair, f: Finding) -> tuple[str, str]:
    """("genuine", reason), ("segmentation", reason) or ("false positive", "")."""
    reason = VERIFIED.get((pair.file, pair.line, f.code, f.text))
    if reason:
        return "genuine", f"verified: {reason}"
    reason = VERIFIED_CUT.get((pair.file, pair.line, f.code, f.text))
    if reason:
        return "segmentation", f"verified: {reason}"
    for rule in GENUINE_RULES:
        if (rule.codes is None or f.code in rule.codes) and rule.test(pair, f):
            return "genuine", f"rule {rule.name}"
    for rule in SEGMENTATION_RULES:
        if (rule.codes is None or f.code in rule.codes) and rule.test(pair, f):
            return "segmentation", f"rule {rule.name}"
    return "false positive", ""


@dataclass
class CleanResult:
    findings: dict[int, list[Finding]]          # pair index → findings
    seconds: dict[str, float]                   # check code → time
    warnings: list[str]
    total_seconds: float


def warm_up() -> float:
    """Load every check's lexicons and word lists once (what a process pays at start-up), so
    the throughput below is the steady state; returns the seconds it took."""
    started = time.perf_counter()
    ctx = context("The minister said on Tuesday (1/8) that 20 people were hurt.",
                  "Menteri mengatakan pada Selasa (1/8) bahwa 20 orang terluka.")
    for chk in REGISTRY.values():
        try:
            if chk.applies_to(ctx):
                run_check(chk, ctx)
        except Exception:  # noqa: BLE001 - reported by run_clean
            pass
    return time.perf_counter() - started


def run_clean(pairs: list[Pair]) -> CleanResult:
    findings: dict[int, list[Finding]] = defaultdict(list)
    seconds: Counter[str] = Counter()
    warnings: list[str] = []
    started = time.perf_counter()
    for i, pair in enumerate(pairs):
        ctx = context(pair.en, pair.id)
        for chk in REGISTRY.values():
            if not chk.applies_to(ctx):
                continue
            t0 = time.perf_counter()
            try:
                findings[i].extend(run_check(chk, ctx))
            except Exception as exc:  # noqa: BLE001 - reported like run_checks does
                warnings.append(f"{pair.file}:{pair.line} {chk.code}: {type(exc).__name__}: {exc}")
            seconds[chk.code] += time.perf_counter() - t0
    return CleanResult(findings, dict(seconds), warnings, time.perf_counter() - started)


# --- 2. injected artifacts ----------------------------------------------------------------------

@dataclass
class Injection:
    code: str                  # the check that should find it
    kind: str                  # a sub-kind for the per-kind table
    clean: str
    text: str
    source: str | None
    span: tuple[int, int]      # the artifact in ``text``
    origin: str                # "news_valid:12" or "synthetic"
    detectable: bool = True
    why_not: str = ""          # why it is counted as undetectable


# missing-space --------------------------------------------------------------------------------

# A letter/digit merge is not an error (or not one a checker can see) when the letter side is
# a unit, an ordinal or an acronym: "5km", "20th", "G20", "MH370", "Rp500", "COVID19".
_UNITS = frozenset("""st nd rd th s am pm km cm mm m kg g mg ha ml l mb gb kb tb mph kph kw kwh mw
    hz khz mhz ghz ft in lb lbs oz yo x rp us usd idr mp h bn mn""".split())
_TOKEN_AT = re.compile(r"\S+")


def _alpha_run(token: str, from_end: bool) -> str:
    run = re.search(r"[^\W\d_]+$" if from_end else r"^[^\W\d_]+", token)
    return run.group() if run else ""


def missing_space_injections(pairs: list[Pair], rng: random.Random) -> list[Injection]:
    out: list[Injection] = []
    for pair in pairs:
        text = pair.en
        tokens = [(m.start(), m.end()) for m in _TOKEN_AT.finditer(text)]
        kinds: dict[str, list[int]] = {"word+word": [], "comma/full stop": [], "number": []}
        for (ls, le), (rs, re_) in zip(tokens, tokens[1:]):
            if rs != le + 1 or text[le] != " ":
                continue  # only a single plain space
            a, b = text[le - 1], text[rs]
            left_word = _alpha_run(text[ls:le - 1], True)
            if a.isalpha() and b.isalpha():
                kinds["word+word"].append(le)
            elif ((a.isdigit() and b.isalpha()) or (a.isalpha() and b.isdigit())):
                kinds["number"].append(le)
            elif (a in ",.!?" and b.isalpha() and le - 2 >= ls and text[le - 2].islower()
                  and left_word and left_word not in ABBREVIATIONS and len(left_word) > 1
                  and (a == "," or b.isupper())):
                kinds["comma/full stop"].append(le)
        for kind, positions in kinds.items():
            if not positions:
                continue
            pos = rng.choice(positions)
            merged = text[:pos] + text[pos + 1:]
            detectable, why = _merge_detectable(kind, text, pos)
            if kind == "word+word":
                kind = ("word+Word" if text[pos + 1].isupper() else
                        "Word+word" if _alpha_run(text[:pos], True)[:1].isupper() else "word+word")
            out.append(Injection("missing-space", kind, text, merged, pair.id, (pos - 1, pos + 1),
                                 f"{pair.file}:{pair.line}", detectable, why))
    return out


def _merge_detectable(kind: str, text: str, pos: int) -> tuple[bool, str]:
    """Whether any checker could tell the merge from a correct spelling.

    word+word: not when the glued letters form a real English word ("in"+"to" → "into",
    "some"+"one", "play"+"station"): wordfreq Zipf ≥ 3.0 (once per million words).
    number: not when the letter side is a unit, ordinal, currency, acronym or single letter
    ("5km", "20th", "G20", "Rp500", "8a"), which are accepted spellings.
    """
    left = _alpha_run(text[:pos], True)
    right = _alpha_run(text[pos + 1:], False)
    if kind == "word+word":
        merged = (left + right).lower()
        if zipf(merged, "en") >= 3.0:
            return False, f"\"{left}{right}\" is an English word"
    elif kind == "number":
        letters = right if text[pos - 1].isdigit() else left
        if letters.lower() in _UNITS or letters.isupper() or len(letters) == 1:
            return False, f"\"{letters}\" next to a number is a unit/acronym spelling"
    return True, ""


# untranslated-token -----------------------------------------------------------------------------

# English word → the Indonesian original a translator might leave in place. Case-sensitive;
# sentence-initial occurrences are skipped (a capitalised "Dan" could be the name).
INDONESIAN = {
    "US": "AS", "and": "dan", "which": "yang", "who": "yang", "President": "Presiden",
    "president": "presiden", "from": "dari", "with": "dengan", "for": "untuk", "also": "juga",
    "not": "tidak", "or": "atau", "but": "tetapi", "said": "kata", "police": "polisi",
    "Police": "Polisi", "government": "pemerintah", "Minister": "Menteri", "Governor": "Gubernur",
    "Regent": "Bupati", "village": "desa", "year": "tahun", "percent": "persen",
    "million": "juta", "billion": "miliar", "thousand": "ribu", "Monday": "Senin",
    "Tuesday": "Selasa", "Wednesday": "Rabu", "Thursday": "Kamis", "Friday": "Jumat",
    "Saturday": "Sabtu", "Sunday": "Minggu", "January": "Januari", "February": "Februari",
    "March": "Maret", "June": "Juni", "July": "Juli", "August": "Agustus",
    "October": "Oktober", "December": "Desember", "people": "warga", "in": "di",
}
_ENGLISH_WORD = re.compile(
    r"(?<![\w'’-])(" + "|".join(sorted(map(re.escape, INDONESIAN), key=len, reverse=True))
    + r")(?![\w'’-])")


def untranslated_injections(pairs: list[Pair], rng: random.Random) -> list[Injection]:
    out: list[Injection] = []
    for pair in pairs:
        text = pair.en
        first = re.search(r"[^\W_]", text)
        cands = [m for m in _ENGLISH_WORD.finditer(text) if not first or m.start() != first.start()]
        if not cands:
            continue
        m = rng.choice(cands)
        word = INDONESIAN[m.group(1)]
        new = text[:m.start()] + word + text[m.end():]
        out.append(Injection("untranslated-token", f"{m.group(1)}→{word}", text, new, pair.id,
                             (m.start(), m.start() + len(word)), f"{pair.file}:{pair.line}"))
    return out


# number-mismatch --------------------------------------------------------------------------------

_NUMBER = re.compile(r"(?<![\w.,])\d+(?:[.,]\d+)*(?![\w])")
_SCALE = re.compile(r"\b(thousand|million|billion)\b")
_SCALE_SWAP = {"thousand": "million", "million": "billion", "billion": "million"}
_SOURCE_SCALE = {"thousand": "ribu", "million": "juta", "billion": "miliar"}


def _digits(s: str) -> str:
    return re.sub(r"\D", "", s)


def number_injections(pairs: list[Pair], rng: random.Random) -> list[Injection]:
    """One number per line altered in the English only; eligible numbers also occur (by their
    digits, ignoring separators, which differ: "2,542,000" / "2.542.000") in the Indonesian
    line, so the pair really agreed on it before the change."""
    out: list[Injection] = []
    for pair in pairs:
        text = pair.en
        source_digits = Counter(_digits(m.group()) for m in _NUMBER.finditer(pair.id))
        options: list[tuple[str, int, int, str]] = []  # kind, start, end, replacement
        for m in _NUMBER.finditer(text):
            tok = m.group()
            if not source_digits.get(_digits(tok)):
                continue
            positions = [i for i, c in enumerate(tok) if c.isdigit()]
            i = rng.choice(positions)
            choices = [d for d in "0123456789" if d != tok[i] and not (d == "0" and i == 0)]
            options.append(("digit changed", m.start(), m.end(),
                            tok[:i] + rng.choice(choices) + tok[i + 1:]))
            swaps = [j for j in range(len(tok) - 1)
                     if tok[j].isdigit() and tok[j + 1].isdigit() and tok[j] != tok[j + 1]
                     and not (j == 0 and tok[1] == "0")]
            if swaps:
                j = rng.choice(swaps)
                options.append(("digits swapped", m.start(), m.end(),
                                tok[:j] + tok[j + 1] + tok[j] + tok[j + 2:]))
            if tok.isdigit() and len(tok) <= 4 and not (1900 <= int(tok) <= 2099):
                options.append(("times ten", m.start(), m.end(), tok + "0"))
        for m in _SCALE.finditer(text):
            if _SOURCE_SCALE[m.group(1)] in pair.id.lower():
                options.append(("scale word", m.start(), m.end(), _SCALE_SWAP[m.group(1)]))
        if not options:
            continue
        kind, start, end, new = rng.choice(options)
        out.append(Injection("number-mismatch", kind, text, text[:start] + new + text[end:],
                             pair.id, (start, start + len(new)), f"{pair.file}:{pair.line}"))
    return out


# role-confusion (synthetic) --------------------------------------------------------------------

# [[right|inverted]] slots. Each copy inverts one slot; the clean text takes every right side.
ROLE_TEMPLATES = (
    ("gaza", "{who} said the deal would see the release of {n1} [[Israeli hostages held by Hamas|"
             "Hamas hostages]] and {n2} [[Palestinian prisoners|Israeli prisoners]]."),
    ("gaza", "Hamas freed {n1} [[Israeli|Palestinian]] hostages on {day}, while Israel released "
             "{n2} [[Palestinian|Israeli]] prisoners, {mediator} said."),
    ("gaza", "{who} met {who2} in {city} to discuss the release of the [[hostages held in Gaza|"
             "Hamas hostages]] and of [[Palestinian prisoners held by Israel|Israeli prisoners "
             "held by Hamas]]."),
    ("gaza", "The families of the [[Israeli hostages|Palestinian hostages]] urged {who} to "
             "accept the truce proposed by {mediator}."),
    ("gaza", "{who} said Israel would not free more [[Palestinian prisoners|Israeli prisoners]] "
             "until all the hostages in Gaza were released."),
    ("gaza", "The exchange of {n1} [[Israeli hostages|Palestinian hostages]] for {n2} "
             "[[Palestinian prisoners|Israeli prisoners]] was mediated by {mediator}."),
    ("gaza", "{n2} [[Palestinian prisoners|Israeli prisoners]] left Ofer prison on {day} under "
             "the agreement, {who} said."),
    ("gaza", "Islamic Jihad said it was still holding {n1} [[Israeli hostages|Palestinian "
             "hostages]] in Gaza, according to {mediator}."),
    ("gaza", "{who} told the families of the [[hostages held by Hamas|Hamas hostages]] that "
             "he had sent {who2} to {city}."),
    ("abu-sayyaf", "Abu Sayyaf militants freed {n1} [[Indonesian hostages|Abu Sayyaf hostages]] "
                   "in Sulu on {day}, Foreign Minister Retno Marsudi said."),
)
ROLE_FILLS = {
    "who": ("Ismail Haniyeh", "Benjamin Netanyahu", "Qatari Prime Minister Sheikh Mohammed bin "
            "Abdulrahman Al Thani", "Egyptian President Abdel Fattah al-Sisi", "Antony Blinken"),
    "who2": ("Mossad Director David Barnea", "CIA Director Bill Burns", "Ismail Haniyeh"),
    "mediator": ("Qatar", "Egypt", "the United States", "Qatari officials"),
    "city": ("Cairo", "Doha", "Paris", "Europe"),
    "day": ("Friday", "Sunday", "Tuesday"),
}
_SLOT = re.compile(r"\[\[([^|\]]*)\|([^\]]*)\]\]")


def role_injections(rng: random.Random, per_template: int = 4) -> list[Injection]:
    out: list[Injection] = []
    for kind, template in ROLE_TEMPLATES:
        for _ in range(per_template):
            filled = template.format(**{k: rng.choice(v) for k, v in ROLE_FILLS.items()},
                                     n1=rng.randint(2, 90), n2=rng.randint(3, 300))
            slots = list(_SLOT.finditer(filled))
            clean = _SLOT.sub(lambda m: m.group(1), filled)
            for k in range(len(slots)):
                text, span, pos = "", (0, 0), 0
                for j, m in enumerate(slots):
                    text += filled[pos:m.start()]
                    piece = m.group(2) if j == k else m.group(1)
                    if j == k:
                        span = (len(text), len(text) + len(piece))
                    text += piece
                    pos = m.end()
                text += filled[pos:]
                out.append(Injection("role-confusion", kind, clean, text, None, span, "synthetic"))
    return out


# scoring --------------------------------------------------------------------------------------

@dataclass
class Score:
    injected: int = 0
    found: int = 0
    detectable: int = 0
    found_detectable: int = 0
    true_findings: int = 0
    false_findings: int = 0
    # kind → [injected, found, detectable, found among detectable]
    per_kind: dict[str, list[int]] = field(default_factory=lambda: defaultdict(lambda: [0] * 4))
    misses: list[str] = field(default_factory=list)
    false: list[str] = field(default_factory=list)
    clean_findings: int = 0      # findings on the clean copies (synthetic clean text only)
    clean_texts: int = 0

    def as_dict(self) -> dict:
        return {
            "injected": self.injected, "found": self.found,
            "recall": _ratio(self.found, self.injected),
            "detectable": self.detectable, "found_detectable": self.found_detectable,
            "recall_detectable": _ratio(self.found_detectable, self.detectable),
            "true_findings": self.true_findings, "false_findings": self.false_findings,
            "precision": _ratio(self.true_findings, self.true_findings + self.false_findings),
            "per_kind": {k: {"injected": v[0], "found": v[1], "detectable": v[2],
                             "found_detectable": v[3]} for k, v in self.per_kind.items()},
            "clean_copy_findings": self.clean_findings, "clean_copies": self.clean_texts,
        }


def _ratio(a: int, b: int) -> float | None:
    return round(a / b, 4) if b else None


def score(code: str, injections: list[Injection]) -> Score:
    s = Score()
    clean_cache: dict[tuple[str, str | None], list[Finding]] = {}
    for inj in injections:
        key = (inj.clean, inj.source)
        if key not in clean_cache:
            clean_cache[key] = run_one(code, inj.clean, inj.source)
            s.clean_texts += 1
            s.clean_findings += len(clean_cache[key])
        before = Counter(f.text for f in clean_cache[key])
        got = run_one(code, inj.text, inj.source)
        start, end = inj.span
        hit = False
        for f in got:
            if f.start < end and start < f.end:
                hit = True
                s.true_findings += 1
            elif before[f.text] > 0:
                before[f.text] -= 1  # already on the clean copy: not the injection's doing
            else:
                s.false_findings += 1
                s.false.append(f"{inj.origin} [{inj.kind}] flagged {f.text!r} "
                               f"(injected {inj.text[start:end]!r}): {inj.text[:160]}")
        s.injected += 1
        s.found += hit
        s.per_kind[inj.kind][0] += 1
        s.per_kind[inj.kind][1] += hit
        if inj.detectable:
            s.detectable += 1
            s.found_detectable += hit
            s.per_kind[inj.kind][2] += 1
            s.per_kind[inj.kind][3] += hit
        if not hit:
            tag = "" if inj.detectable else f" (undetectable: {inj.why_not})"
            s.misses.append(f"{inj.origin} [{inj.kind}] {inj.text[max(0, start - 30):end + 30]!r}"
                            f"{tag}")
    return s


# --- report ------------------------------------------------------------------------------------

def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path,
                        default=REPO.parent / "shared" / "data" / "indonesian-mt-news")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--json", action="store_true", help="print one JSON object instead")
    parser.add_argument("--show-clean", action="store_true",
                        help="list every finding on the clean corpus with its classification")
    parser.add_argument("--show-misses", action="store_true",
                        help="list every missed injection and every false finding on copies")
    args = parser.parse_args()
    command = "python benchmarks/checks_eval.py " + " ".join(sys.argv[1:])

    pairs = load(args.data)
    if not pairs:
        print(f"no data under {args.data}", file=sys.stderr)
        return 1
    codes = list(REGISTRY)
    load_seconds = warm_up()
    clean = run_clean(pairs)

    n = len(pairs)
    per_check: dict[str, Counter[str]] = {c: Counter() for c in codes}
    listing: list[str] = []
    for i, found in clean.findings.items():
        pair = pairs[i]
        for f in found:
            verdict, reason = classify(pair, f)
            per_check[f.code][verdict] += 1
            listing.append(f"{pair.file}:{pair.line} {f.code:<19} {verdict:<14} {f.text[:80]!r}"
                           f"{' → ' + repr(f.suggestion) if f.suggestion else ''}"
                           f"{'  [' + reason + ']' if reason else ''}\n      {pair.en[:220]}")
    used = {(pairs[i].file, pairs[i].line, f.code, f.text)
            for i, found in clean.findings.items() for f in found}
    stale = [key for key in VERIFIED if key not in used]

    rngs = {name: random.Random(f"{args.seed}:{name}") for name in
            ("missing-space", "untranslated-token", "number-mismatch", "role-confusion")}
    injections = {
        "missing-space": missing_space_injections(pairs, rngs["missing-space"]),
        "untranslated-token": untranslated_injections(pairs, rngs["untranslated-token"]),
        "number-mismatch": number_injections(pairs, rngs["number-mismatch"]),
        "role-confusion": role_injections(rngs["role-confusion"]),
    }
    scores = {code: score(code, injs) for code, injs in injections.items() if code in REGISTRY}

    fp_total = sum(c["false positive"] for c in per_check.values())
    genuine_total = sum(c["genuine"] for c in per_check.values())
    split_total = sum(c["segmentation"] for c in per_check.values())
    per_k = lambda x: round(1000 * x / n, 2)  # noqa: E731
    result = {
        "command": command,
        "seed": args.seed,
        "sentences": n,
        "files": {name: sum(p.file == name for p in pairs) for name in FILES},
        "checks": codes,
        "clean": {
            "per_check": {c: {"false_positives": per_check[c]["false positive"],
                              "genuine": per_check[c]["genuine"],
                              "corpus_segmentation": per_check[c]["segmentation"],
                              "fp_per_1000": per_k(per_check[c]["false positive"]),
                              "all_per_1000": per_k(sum(per_check[c].values()))}
                          for c in codes},
            "false_positives": fp_total, "genuine": genuine_total,
            "corpus_segmentation": split_total,
            "fp_per_1000": per_k(fp_total),
            "all_per_1000": per_k(fp_total + genuine_total + split_total),
            "target_fp_per_1000": CLEAN_TARGET, "warnings": clean.warnings,
            "stale_verified": [list(k) for k in stale],
        },
        "injected": {code: s.as_dict() for code, s in scores.items()},
        "not_registered": [c for c in injections if c not in REGISTRY],
        "injected_crashes": dict(CRASHES),
        "throughput": {
            "sentences_per_s": round(n / clean.total_seconds, 1),
            "cold_load_s": round(load_seconds, 2),
            "ms_per_check": {c: round(1000 * t, 1) for c, t in sorted(clean.seconds.items())},
        },
    }
    if args.json:
        print(json.dumps(result, indent=2, ensure_ascii=False))
        return 0

    print(f"command: {command}")
    print(f"checks registered ({len(codes)}): {', '.join(codes)}")
    files = ", ".join(f"{k} {v}" for k, v in result["files"].items())
    print(f"corpus: {n} aligned sentences ({files})")
    print("\n1. clean English lines (each an article, Indonesian line as source_text)")
    print(f"   {'check':<20}{'FP':>5}{'FP/1k':>8}{'genuine':>9}{'cut':>6}{'all/1k':>8}")
    for c in codes:
        row = result["clean"]["per_check"][c]
        print(f"   {c:<20}{row['false_positives']:>5}{row['fp_per_1000']:>8.2f}"
              f"{row['genuine']:>9}{row['corpus_segmentation']:>6}{row['all_per_1000']:>8.2f}")
    print(f"   {'all checks':<20}{fp_total:>5}{per_k(fp_total):>8.2f}{genuine_total:>9}"
          f"{split_total:>6}{per_k(fp_total + genuine_total + split_total):>8.2f}"
          f"   (target ≤ {CLEAN_TARGET} FP/1k: "
          f"{'met' if per_k(fp_total) <= CLEAN_TARGET else 'NOT met'}; "
          f"{per_k(fp_total + split_total):.2f}/1k if 'cut' counted as FP)")
    print("   genuine = a documented rule or a person's verification says the corpus really has "
          "the artifact:")
    for rule in GENUINE_RULES:
        print(f"     rule {rule.name}: {rule.why}")
    print(f"     verified by hand: {len(VERIFIED)} findings (VERIFIED in this script)"
          + (f"; stale entries: {stale}" if stale else ""))
    print("   cut = right about the line as given, but the corpus cut the text there "
          "(neither genuine nor FP):")
    for rule in SEGMENTATION_RULES:
        print(f"     rule {rule.name}: {rule.why}")
    if clean.warnings:
        print(f"   check crashes: {len(clean.warnings)}, e.g. {clean.warnings[0]}")

    print("\n2. injected artifacts (one per copy; recall = injected spans a finding of that "
          "check overlaps)")
    for code, s in scores.items():
        d = s.as_dict()
        target = TARGETS.get(code)
        verdict = ""
        if target:
            ok = ((d["recall_detectable"] or 0) >= target[0]
                  and (d["precision"] or 0) >= target[1])
            verdict = (f"   target recall ≥ {target[0]}, precision ≥ {target[1]}: "
                       f"{'met' if ok else 'NOT met'}")
        synth = " [synthetic sentences from templates with real names]" \
            if code == "role-confusion" else ""
        print(f"   {code}{synth}")
        print(f"     recall {_fmt(d['recall'])} ({s.found}/{s.injected})"
              + (f", over detectable {_fmt(d['recall_detectable'])} "
                 f"({s.found_detectable}/{s.detectable})" if s.detectable != s.injected else "")
              + f"; precision {_fmt(d['precision'])} ({s.true_findings} on injections, "
              f"{s.false_findings} elsewhere)" + verdict)
        kinds = sorted(s.per_kind.items(), key=lambda kv: -kv[1][0])
        shown = kinds if len(kinds) <= 12 else kinds[:12]
        print("     by kind: " + ", ".join(
            f"{k} {v[1]}/{v[0]}" + (f" (detectable {v[3]}/{v[2]})" if v[2] != v[0] else "")
            for k, v in shown)
              + (f", … {len(kinds) - 12} more" if len(kinds) > 12 else ""))
        if code == "role-confusion":
            print(f"     findings on the {s.clean_texts} clean synthetic sentences: "
                  f"{s.clean_findings}")
        if code == "missing-space":
            print("     undetectable = the glued letters are an English word (Zipf ≥ 3: "
                  "\"into\", \"someone\", \"anew\") or a number meets a unit, acronym or "
                  "single letter (\"5km\", \"G20\", \"Rp7\")")
        if args.show_misses:
            for line in s.misses:
                print(f"       MISS {line}")
            for line in s.false:
                print(f"       FALSE {line}")
    for code in result["not_registered"]:
        print(f"   {code}: not registered, skipped")
    for code, n_crashes in CRASHES.items():
        print(f"   {code}: CRASHED on {n_crashes} copies (counted as no finding)")

    t = result["throughput"]
    print(f"\n3. throughput: {t['sentences_per_s']:,.0f} sentences/s, all checks, one core "
          f"({clean.total_seconds:.2f} s for {n}, after a one-off load of "
          f"{load_seconds:.2f} s); ms per check: "
          + ", ".join(f"{c} {ms}" for c, ms in t["ms_per_check"].items()))
    if args.show_clean:
        print(f"\nevery finding on the clean corpus ({len(listing)}):")
        for line in listing:
            print(line)
    return 0


def _fmt(x: float | None) -> str:
    return "n/a" if x is None else f"{x:.3f}"


if __name__ == "__main__":
    raise SystemExit(main())
