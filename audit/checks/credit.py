"""``credit-mismatch``: the metadata's credits (``provenance.declared``) against the text's.

A wire item's metadata says who supplied it: provider, credit line, copyright holder, byline
(NewsML-G2, ninjs, feeds, HTML meta tags, JSON fields). The text says it too, in datelines and
credits ("JAKARTA (Reuters) -", "(AFP/ANWAR AMRO)", "AFP reported"). When they disagree the
editor has a licence problem (wire copy published without the credit it requires) or a
metadata problem (an agency declared that the text never names). The check also reports a
declared language that is not the language detected, and a text that looks translated
(origin inferred) while nothing declares it a translation.

It runs only when the input carries such metadata (``declared`` is set): a plain ``.txt``
declares nothing, so nothing can mismatch. It runs after origin inference (``late``), because
the undeclared-translation case needs the origin.
"""

from __future__ import annotations

import re
from typing import Any, Iterable, Iterator

from audit import provenance
from audit.checks.base import CheckContext, Hit, check
from audit.checks.lexicon import compiled

_CREDIT_FIELDS = ("provider", "credit", "copyright", "byline")
_SPLIT = re.compile(r"\s*(?:[/;,|()\[\]\u2013\u2014]|\s-\s|\s+(?:and|und|et|y|og|och|e|dan)\s+)\s*")
_DOMAIN = re.compile(r"^(?:https?://)?(?:www\.)?([\w-]+)\.[a-z]{2,}(?:\.[a-z]{2})?/?$", re.I)


def declared_agencies(declared: Any, registry: provenance.Registry) -> list[str]:
    """Registry agencies the declared provider/credit/copyright/byline name, first seen first.

    "Copyright 2024, dpa (www.dpa.de)" -> dpa; "STT–AFP" -> STT, AFP; "reuters.com" -> Reuters;
    "nprov:dpa" arrives as "dpa".
    """
    if declared is None:
        return []
    names: list[str] = []
    for field in _CREDIT_FIELDS:
        value = getattr(declared, field, None)
        if not value:
            continue
        for _start, _end, agency in registry.mentions(value):
            names.append(agency.name)
        for part in _SPLIT.split(value):
            part = part.strip(" .:-")
            domain = _DOMAIN.match(part)
            agency = registry.get(domain.group(1) if domain else part) if part else None
            if agency is not None:
                names.append(agency.name)
    return list(dict.fromkeys(names))


def _build(data: dict[str, Any]) -> tuple[frozenset[str], frozenset[str], dict[str, str], int,
                                         frozenset[str], float]:
    return (frozenset(data["credited_types"]), frozenset(data["copy_kinds"]),
            {k.lower(): v for k, v in data["language_equivalents"].items()},
            int(data["settings"]["min_language_chars"]), frozenset(data["translation_evidence"]),
            float(data["settings"]["min_origin_confidence"]))


def _language(tag: str | None, equivalents: dict[str, str]) -> str | None:
    if not tag:
        return None
    tag = tag.strip().lower().replace("_", "-")
    return equivalents.get(tag) or equivalents.get(tag.split("-")[0]) or tag.split("-")[0] or None


@check("credit-mismatch", category="accuracy/attribution", severity="major", late=True,
       example="metadata credit 'dpa' but the text says 'BERLIN (Reuters) -'")
def credit_mismatch(ctx: CheckContext) -> Iterator[Hit]:
    """Credits the metadata declares that the text does not give, or the other way round."""
    declared = ctx.declared
    if declared is None:
        return
    types, copy_kinds, equivalents, min_chars, traces, min_origin = compiled("credit", ctx.config, _build)
    registry = provenance.load_registry(ctx.config.agencies)
    declares = declared_agencies(declared, registry)
    has_credit = any(getattr(declared, field, None) for field in ("provider", "credit", "copyright"))
    yield from _undeclared_credits(ctx, registry, declares, has_credit, types, copy_kinds)
    yield from _unnamed_declarations(ctx, registry, declares, types)
    yield from _language_mismatch(ctx, declared, equivalents, min_chars, traces, min_origin)


def _undeclared_credits(ctx: CheckContext, registry: provenance.Registry, declares: list[str],
                        has_credit: bool, types: frozenset[str], copy_kinds: frozenset[str]
                        ) -> Iterator[Hit]:
    """The text credits a wire agency that the metadata's credits leave out."""
    if not has_credit:
        return  # metadata without any credit field says nothing a text could contradict
    seen: set[str] = set()
    for attribution in ctx.attributions:
        agency = registry.get(attribution.agency)
        if agency is None or agency.type not in types or agency.name in declares or agency.name in seen:
            continue
        seen.add(agency.name)
        said = ", ".join(_credit_values(ctx.declared)) or "nothing"
        yield Hit(attribution.start, attribution.end,
                  f"the text credits {agency.name} ({attribution.kind.replace('_', ' ')}) but the "
                  f"item's metadata does not declare it (it credits {said}): wire copy published "
                  "without the credit its licence requires, or metadata that names the wrong source",
                  suggestion=f"add {agency.name} to the credit line, or check where the copy came from",
                  severity=None if attribution.kind in copy_kinds else "minor")


def _unnamed_declarations(ctx: CheckContext, registry: provenance.Registry, declares: list[str],
                          types: frozenset[str]) -> Iterator[Hit]:
    """The metadata declares a wire agency that the text never names (not even in passing)."""
    named = {registry.get(a.agency).name if registry.get(a.agency) else a.agency
             for a in ctx.attributions}
    named |= {agency.name for _s, _e, agency in registry.mentions(ctx.text)}
    for name in declares:
        agency = registry.get(name)
        if agency is None or agency.type not in types or name in named:
            continue
        yield Hit(0, 0, f"the metadata declares {name} but the text never names it: a dateline or "
                        "credit may have been lost in editing, or the metadata belongs to other copy",
                  suggestion=f"restore the {name} credit in the text, or correct the metadata",
                  severity="minor")


def _language_mismatch(ctx: CheckContext, declared: Any, equivalents: dict[str, str],
                       min_chars: int, traces: frozenset[str], min_origin: float) -> Iterator[Hit]:
    said = _language(getattr(declared, "language", None), equivalents)
    detected = _language(ctx.language, equivalents)
    if said and detected and said != detected and len(ctx.text) >= min_chars:
        yield Hit(0, 0, f"the metadata declares the language {declared.language!r} but the text "
                        f"is in {ctx.language!r}", suggestion="correct the language in the metadata",
                  severity="minor")
    origin = getattr(ctx, "origin_record", None)
    if origin is None or ctx.source_language or not detected or origin.confidence < min_origin:
        return
    if _language(origin.code, equivalents) in (detected, said):
        return
    if not any(e.kind in traces for e in origin.evidence):
        return  # only where it was published, no trace of translation in the text itself
    evidence = next((e for e in origin.evidence if e.kind in traces and e.end > e.start), None)
    start, end = (evidence.start, evidence.end) if evidence else (0, 0)
    yield Hit(start, end, f"the text looks translated from {origin.code!r} (origin confidence "
                          f"{origin.confidence:.2f}) but nothing in the metadata declares a translation "
                          "or a source language", suggestion="declare the translation and its source",
              severity="minor")


def _credit_values(declared: Any) -> Iterable[str]:
    for field in ("provider", "credit", "copyright"):
        value = getattr(declared, field, None)
        if value:
            yield repr(value if len(value) <= 60 else value[:57] + "...")
