"""``untranslated-paragraph``: a whole paragraph left in another language.

Machine translation pipelines drop or skip paragraphs (a quotation block the segmenter did not
send, a paragraph the engine returned unchanged), and the result is an English article with a
paragraph of Indonesian in the middle. Language detection already decides, per paragraph,
which paragraphs are reliably prose in another language (``audit.language.language_regions``:
names, lists, captions and short lines inherit the article language, so they never count).
This check reports each such paragraph, graded by what corroborates that it is a left-over:

* ``major`` — the paragraph is in the language the article was translated from (declared,
  the supplied ``source_text``'s, or inferred from other evidence);
* ``minor`` — it is in the language of an outlet the article credits (an Indonesian paragraph
  in an English item datelined "JAKARTA (ANTARA) -");
* ``info`` — nothing corroborates it: an English original may quote a paragraph in the
  original language, so the editor is told, not warned.

A copyright notice or credit line in another language (a footer that starts with ``©``, or a
paragraph holding an attribution) is not copy to translate and is left alone.

It runs after origin inference (it needs the origin) and on the article as a whole.
"""

from __future__ import annotations

from typing import Iterator

from audit import languages, provenance
from audit.checks.base import CheckContext, Hit, check
from audit.text import stripped_span

SUGGESTION = "translate the paragraph, or remove it if the translation already says it"


@check("untranslated-paragraph", category="accuracy/untranslated", severity="major", late=True,
       example="an English article with a paragraph of Indonesian left in it")
def untranslated_paragraph(ctx: CheckContext) -> Iterator[Hit]:
    """A paragraph of prose in another language than the article's."""
    if not ctx.regions or ctx.language is None:
        return
    origin = _origin_language(ctx)
    outlets = _credited_languages(ctx)
    for start, end, code in ctx.regions:
        if code is None or code == ctx.language:
            continue
        start, end = stripped_span(ctx.text, start, end)
        if start >= end or _boilerplate(ctx, start, end):
            continue
        name = languages.name(code, ctx.config)
        if code == origin:
            yield Hit(start, end, f"this paragraph is in {name}, the language the article was "
                      f"translated from: it looks left untranslated", SUGGESTION)
        elif code in outlets:
            yield Hit(start, end, f"this paragraph is in {name}, unlike the rest of the article, "
                      f"which credits {outlets[code]} (an outlet publishing in {name}): left "
                      f"untranslated?", SUGGESTION, severity="minor")
        else:
            yield Hit(start, end, f"this paragraph is in {name}, unlike the rest of the article: "
                      f"a quotation kept in the original, or left untranslated?", SUGGESTION,
                      severity="info")


def _origin_language(ctx: CheckContext) -> str | None:
    if ctx.source_language:
        return ctx.source_language
    origin = ctx.origin_record
    return getattr(origin, "code", None)


def _credited_languages(ctx: CheckContext) -> dict[str, str]:
    """Language → the first credited outlet that publishes in it."""
    registry = provenance.load_registry(ctx.config.agencies)
    out: dict[str, str] = {}
    for attribution in ctx.attributions:
        agency = registry.get(attribution.agency)
        if agency is not None and agency.language:
            out.setdefault(agency.language, agency.name)
    return out


def _boilerplate(ctx: CheckContext, start: int, end: int) -> bool:
    """A copyright notice or credit line in the outlet's own language ("© ΑΠΕ-ΜΠΕ ΑΕ. Τα
    πνευματικά δικαιώματα …" under an English ANA-MPA item): a footer, not copy to translate."""
    if ctx.text[start] in _COPYRIGHT_SIGNS or ctx.text[start:start + 3].lower() == "(c)":
        return True
    return any(a.kind in _FOOTER_KINDS and a.start < end and start < a.end
               for a in ctx.attributions)


_COPYRIGHT_SIGNS = "\u00a9\u2117"
_FOOTER_KINDS = frozenset({"credit_line", "byline"})  # not "AFP reported" inside the copy
