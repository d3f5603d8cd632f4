"""The number words and patterns of each language (``audit/data/numbers.toml`` and the packs)."""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any, Iterable, NamedTuple

from audit.patterns import literal_alternation
from audit.text import leading_runs
from audit.checks.numbers import chinese
from audit.checks.numbers.chinese import Numerals
from audit.checks.numbers.model import LANGUAGES

# --- lexicon -----------------------------------------------------------------------------------

class Language(NamedTuple):
    code: str
    words: dict[str, tuple[str, Decimal]]    # word -> (role, value)
    weak: frozenset[str]
    runs: re.Pattern[str] | None
    idioms: re.Pattern[str] | None
    scale_after: re.Pattern[str]
    percent_after: re.Pattern[str]
    #: The words of a run, longest entry first ("quatre-vingt-dix" is one word, not three).
    tokens: re.Pattern[str] | None = None
    #: Words joining the parts of one number: "treinta y cinco", "trinta e cinco", "vingt et un".
    joiners: frozenset[str] = frozenset()
    #: Hundreds and scale words that count one on their own: "cien", "ciento veinte", "mil".
    alone: frozenset[str] = frozenset()
    #: Tens after which a word from 10 to 19 adds: "soixante-douze" = 72, "quatre-vingt-dix" = 90.
    teens_after: frozenset[Decimal] = frozenset()
    #: Written as one word: "trentacinque" = trenta + cinque, "ventotto" = vent(i) + otto. The
    #: parts a compound may be made of (the words, and stems such as "vent"), or None.
    parts: dict[str, tuple[str, Decimal]] | None = None
    #: Joiners inside a compound after which the tens come before the units: German
    #: "fünfunddreißig" = fünf · und · dreißig = 35.
    inverting: frozenset[str] = frozenset()
    #: Values besides 20, 30 … 90 that a unit word after adds to: Turkish "on iki" = 12.
    units_after: frozenset[Decimal] = frozenset()
    #: The leading word runs of everything ``runs`` can start with (``audit.text.leading_runs``):
    #: a text none of whose runs is one has no number word. None: no such gate (compounds).
    heads: frozenset[str] | None = None
    #: For the ``idioms`` gate: the first word run of each idiom (each case variant) → the
    #: sets of all its word runs. ``idioms`` is bounded by ``\b``, so where it matches every
    #: run of the idiom is a whole run of the text (``word_runs``). None: no gate.
    idiom_runs: dict[str, tuple[frozenset[str], ...]] | None = None
    #: The leading word runs of the words a run may start an "a" before ("a hundred"): the
    #: run then starts at that "a", after the spaces or hyphens before the word.
    lead_heads: frozenset[str] = frozenset()


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
    numerals: dict[str, Numerals] = {}     # language → its CJK numerals (chinese.py)
    comma_decimal: frozenset[str] = frozenset({"id"})   # languages writing 2,5 for 2.5
    noon_heads: frozenset[str] | None = None   # the leading word runs of ``noon_words``
    #: The leading word runs of the month names ``dmy`` and ``mdy`` match (each is a whole
    #: run of the text where they match): a text with none has no such date. None: no gate.
    month_heads: frozenset[str] | None = None


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
    runs = tokens = heads = None
    lead_heads: frozenset[str] = frozenset()
    joiners = [j.lower() for j in data.get(f"{code}_joiners", [])]
    # a stem reads as the word it shortens: "vent" = "venti" ("ventotto")
    stems = {w.lower(): words[full.lower()] for w, full in data.get(f"{code}_stems", {}).items()
             if full.lower() in words}
    alone = {w.lower() for w in data.get(f"{code}_alone", [])}
    alone |= {w.lower() for w, full in data.get(f"{code}_stems", {}).items() if full.lower() in alone}
    parts = None
    inverting = frozenset(w.lower() for w in data.get(f"{code}_inverting", []))
    if stems or inverting:
        parts = {**{w: rv for w, rv in words.items() if w.isalpha()}, **stems,
                 **{w: ("joiner", Decimal(0)) for w in inverting}}
    if words:
        word_alt = _alternation(_cased(words))
        if parts is not None:    # "trentacinque", "Duecentomila": one word of several parts
            part_alt = _alternation(parts)
            first_alt = _alternation(_cased(parts))
            word_alt = rf"(?:{word_alt}(?![^\W\d_])|{first_alt}(?:{part_alt})+)"
        lead = ""
        starts = _cased(words)   # what a run can start with, for the ``heads`` gate
        if code == "en":  # "a hundred", "a dozen", "a third" (not "a second")
            after_a = [w for w, (r, _) in words.items() if r in ("hundreds", "scales") and len(w) > 2]
            after_a += ["dozen", *data.get("en_fractions", {})]
            lead = rf"\b[Aa](?=[\s-]+{_alternation(_cased(after_a))}\b)|"
            starts += _cased(after_a)   # "a hundred" has "hundred" as a run of its own
            lead_heads = leading_runs(_cased(after_a)) or frozenset()
        joiner = r"(?:[ \t\u00a0]*-[ \t\u00a0]*|[ \t\u00a0]+)"      # "dua ratus", "twenty-four"
        if joiners:   # "treinta y cinco", "vingt et un", "vingt-et-un"
            joiner = (rf"(?:[ \t\u00a0-]+{_alternation(_cased(joiners))}[ \t\u00a0-]+|"
                      + joiner[3:])
        if code == "en":   # "one hundred and five", "two and a half", "one point three"
            joiner = (r"(?:[\s-]+(?:[Aa]nd|AND|[Pp]oint|POINT)[\s-]+(?:[Aa][\s-]+)?|"
                      + joiner[3:])
        runs = re.compile(rf"(?:{lead}\b{word_alt}\b)(?:{joiner}{word_alt}\b)*")
        # A run starts at a word boundary with a word (or its "a") that ends at "\b": its
        # leading run of word characters is a whole run of the text. A compound's parts end
        # anywhere ("trentacinque"): no gate there.
        heads = leading_runs(starts) if parts is None else None
        if not all(w.isalpha() for w in words):   # "quatre-vingt-dix", "mil millones"
            tokens = re.compile(rf"\b{_alternation(_cased(words))}\b|[^\W\d_]+")
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
    idiom_runs = _idiom_runs(_cased(idiom_list)) if idiom_list else None
    return Language(code, words, frozenset(w.lower() for w in weak), runs, idioms, scale_after,
                    percent_after, tokens, frozenset(joiners),
                    frozenset(alone),
                    frozenset(Decimal(str(v)) for v in data.get(f"{code}_teens_after", [])),
                    parts, inverting,
                    frozenset(Decimal(str(v)) for v in data.get(f"{code}_units_after", [])),
                    heads, idiom_runs, lead_heads)


_RUN = re.compile(r"\w+")


def _idiom_runs(idioms: Iterable[str]) -> dict[str, tuple[frozenset[str], ...]] | None:
    """``Language.idiom_runs``; None when an idiom does not start with a word character."""
    out: dict[str, list[frozenset[str]]] = {}
    for idiom in idioms:
        if not idiom or not _RUN.match(idiom):
            return None
        runs = _RUN.findall(idiom)
        out.setdefault(runs[0], []).append(frozenset(runs))
    return {head: tuple(dict.fromkeys(sets)) for head, sets in out.items()}


def _build(data: dict[str, Any], codes: tuple[str, ...] = LANGUAGES,
           numerals: dict[str, Numerals] | None = None,
           comma_decimal: frozenset[str] = frozenset({"id"})) -> Lexicon:
    scales_all: dict[str, Decimal] = {}
    for code in codes:
        for word, value in data.get(f"{code}_scales", {}).items():
            scales_all[word.lower()] = Decimal(str(value))
    percent = {code: data.get(f"percent_{code}", ["%"]) for code in codes}
    languages = {code: _build_language(code, data, data.get(f"weak_{code}", []), percent[code],
                                       scales_all)
                 for code in codes}
    months = {k.lower(): int(v) for k, v in data.get("months", {}).items()}
    # Month names are capitalised in both languages: "may" or "des" in lower case are words.
    month_forms = [m.capitalize() for m in months] + [m.upper() for m in months] + \
        list(data.get("months_lowercase", []))   # "12 de marzo": the pack's own, lower case
    month_alt = _alternation(month_forms)
    year = r"(?:,?[ \t\u00a0]+(\d{4})\b(?![.,]\d))?"
    date_of = _alternation(data.get("date_of", ["of"]))   # "20th of May", "12 de marzo"
    # (dmy starts where a run of digits starts: ``extract`` tries it only there)
    dmy = re.compile(rf"(\d(?<![\d.,/]\d)\d?)(?:st|nd|rd|th|\.)?(?:[ \t\u00a0]+{date_of})?[ \t\u00a0]+"
                     rf"({month_alt})\b\.?{year}")
    mdy = re.compile(rf"\b({month_alt})\b\.?[ \t\u00a0]+(\d{{1,2}})(?:st|nd|rd|th)?\b(?![.,:]\d)"
                     rf"{year}")
    weekdays = [w for code in codes for w in data.get(f"weekdays_{code}", [])]
    weekday_before = re.compile(rf"\b{_alternation(weekdays)}\.?[\s,]*\(?[\s]*$", re.IGNORECASE)
    time_before = re.compile(rf"\b{_alternation(data.get('time_before', []))}[ \t\u00a0]+$",
                             re.IGNORECASE)
    zone_after = re.compile(rf"[ \t\u00a0]*{_alternation(data.get('time_zones', []))}\b")
    ampm = [*data.get("time_am", []), *data.get("time_pm", [])]
    noon = [*data.get("time_noon", []), *data.get("time_midnight", [])]
    noon_words = re.compile(rf"\b{_alternation(_cased(noon))}\b") if noon else None
    noon_heads = leading_runs(_cased(noon)) if noon else None
    ampm_after = re.compile(rf"[ \t\u00a0]*({_alternation(ampm)})(?![\w])", re.IGNORECASE)
    currency = data.get("currency", [])
    currency_before = re.compile(rf"(?<![^\W\d_])({_alternation(currency)})[ \t\u00a0]?$",
                                 re.IGNORECASE)
    filler = _alternation([*data.get("conversion_approximators", []),
                           *data.get("conversion_units", []), *currency, *scales_all,
                           *(p for code in codes for p in percent[code])])
    # What a bracketed conversion may contain besides its number(s).
    conversion_inside = re.compile(rf"^(?:[\s\d.,/$€£¥~–—-]|{filler}(?![^\W\d_]))*$",
                                   re.IGNORECASE)
    of_month = re.compile(rf"[ \t\u00a0]+of[ \t\u00a0]+({month_alt})\b")
    return Lexicon(languages, months, dmy, mdy, weekday_before, time_before, zone_after,
                   ampm_after, frozenset(a.lower() for a in data.get("time_am", [])),
                   currency_before, conversion_inside, of_month, noon_words,
                   frozenset(w.lower() for w in data.get("time_midnight", [])),
                   numerals or {}, comma_decimal, noon_heads, leading_runs(month_forms))


def with_pack(data: dict[str, Any], code: str, pack: dict[str, Any],
              comma_decimal: frozenset[str]) -> Lexicon:
    """The lexicon for a source text in ``code``: English, Indonesian and that language's pack
    (``[numbers]`` of ``data/languages/<code>.toml``): its number words, percent words, month
    and weekday names, or its numeral characters (Chinese, Japanese)."""
    data = dict(data)
    spec = chinese.build(pack)
    if spec is None:
        for role in _ROLES:
            if role in pack:
                data[f"{code}_{role}"] = pack[role]
        for key in ("percent", "weak", "weekdays"):
            if key in pack:
                data[f"{key}_{code}"] = pack[key]
        for key in ("joiners", "alone", "teens_after", "stems", "inverting", "units_after"):
            if key in pack:
                data[f"{code}_{key}"] = pack[key]
        data["date_of"] = [*data.get("date_of", ["of"]), *pack.get("date_of", [])]
        data["months"] = {**data.get("months", {}), **pack.get("months", {})}
        data["months_lowercase"] = [m.lower() for m in pack.get("months", {})]
    codes = tuple(dict.fromkeys((*LANGUAGES, code)))
    return _build(data, codes, {code: spec} if spec else None, comma_decimal)


