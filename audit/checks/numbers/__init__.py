"""Numbers that differ between the source and its translation (``number-mismatch``).

A wrong figure is the costliest translation error a newsroom publishes ("15 dead" becoming
"51 dead", "Rp 2 triliun" becoming "2 billion"), and the easiest to check mechanically, as
Xbench and pofilter do. What makes it hard is that a faithful translation rewrites numbers
all the time: "1,5 juta" is "1.5 million", "dua" is "two", "20.35 WIB" is "8:35 pm", "Selasa
(8/1)" is "Tuesday (1/8)", "1970-an" is "the seventies". So both texts are first parsed into
*mentions* with normalised values, in their own language's conventions (``audit/data/
numbers.toml`` holds the words), and only values are compared.

A mention may have several readings ("1.500" is 1500 in Indonesian but might be 1.5 in
English; "8:35" is 08:35 or 20:35; "1/8" is 1 August or 8 January): two mentions match when
any readings agree, so an ambiguity never produces a finding. Mentions are compared per
aligned sentence (a monotone length-and-anchor alignment of the two sentence lists), then
across the article for numbers a translator moved to another sentence. What is left over is
reported: a source number paired with a different translated number in the same aligned
sentence is *changed* (major), one with no counterpart is *dropped* (minor), a translated
number the source does not have is *added* (minor).

Deliberately not reported: words that are numbers but also ordinary words ("one of", "satu",
"kedua" = both, "second", "half") unless they pair with a changed number; the date of a
statement ("Kamis (15/11)", which English editions often drop); dates and times in a date
line or dateline; a conversion the translator added or dropped in brackets ("Rp 15,000 (about
US$1)", "10 miles (16 km)"); codes and names with digits ("G20", "COVID-19", "MH370") unless
both sides have the same code with different digits.

The package: ``model`` (Mention), ``lexicon`` (words and patterns per language), ``digits``,
``words`` and ``extract`` (reading a text into mentions), ``chinese`` (CJK numerals and dates),
``align`` (sentence alignment), ``compare`` (pairing and the findings), ``render``
(suggestions); this module is the check.
"""

from __future__ import annotations

from typing import Iterable

import json

from audit import languages
from audit.checks.base import CheckContext, Hit, check
from audit.checks.lexicon import builtin, compiled, merge
from audit.checks.numbers.compare import compare
from audit.checks.numbers.lexicon import Lexicon, _build, with_pack
from audit.config import DEFAULT
from audit.checks.numbers.digits import read_digits
from audit.checks.numbers.extract import extract
from audit.checks.numbers.model import LANGUAGES, Mention
from audit.checks.numbers.render import render

__all__ = ["Mention", "_build", "compare", "extract", "read_digits", "render", "number_mismatch"]

# --- the check -----------------------------------------------------------------------------------

def _languages(ctx: CheckContext, lex: Lexicon) -> tuple[str, str]:
    """(article language, source language) as pack codes ("ms" is read as "id"): an article
    language the lexicon has no words for is read as English; an unknown source language as
    the other one of the pair English–Indonesian, as before the packs."""
    lang = languages.canonical(ctx.language, ctx.config or DEFAULT) or "en"
    lang = lang if lang in lex.languages else "en"
    src = languages.canonical(ctx.source_language, ctx.config or DEFAULT)
    if not src:
        src = "id" if lang == "en" else "en"
    return lang, src


_PACK_LEXICONS: dict[tuple[str, str], Lexicon] = {}


def lexicon_for(source_language: str | None, config=DEFAULT) -> Lexicon:
    """The built-in numbers lexicon (English, Indonesian), plus the pack of the source
    language when it has a ``[numbers]`` section (cached per language and configuration)."""
    code = languages.canonical(source_language, config or DEFAULT)
    pack = languages.section(code, "numbers", config) if code else {}
    if not pack or code in LANGUAGES:
        return compiled("numbers", config, _build)
    user = config.lexicon_for("numbers")
    key = (code, json.dumps([user, pack], sort_keys=True, default=str))
    if key not in _PACK_LEXICONS:
        data = merge(builtin("numbers"), user) if user else builtin("numbers")
        comma = frozenset({"id", *languages.derived("decimal-comma", config, _comma_users)})
        _PACK_LEXICONS[key] = with_pack(data, code, pack, comma)
    return _PACK_LEXICONS[key]


def _comma_users(packs: dict) -> tuple[str, ...]:
    return tuple(code for code, pack in packs.items()
                 if "decimal-comma" in pack.get("locale", {}).get("conventions", []))


@check("number-mismatch", category="accuracy/mistranslation", severity="major",
       example="killed 51 people (source: menewaskan 15 orang)", needs_source=True)
def number_mismatch(ctx: CheckContext) -> Iterable[Hit]:
    """Numbers changed, dropped or added relative to the source text."""
    lex = lexicon_for(ctx.source_language, ctx.config)
    lang, source_lang = _languages(ctx, lex)
    # the sentences are split only for a pair whose numbers need aligning
    return compare(ctx.text, ctx.source_text or "", lang, source_lang, lex, ctx.config,
                   lambda: ctx.sentences, lambda: ctx.source_sentences)
