"""The check registry: small pure functions with stable codes, in the spirit of pofilter.

A check is a function ``(CheckContext) -> Iterable[Hit]`` registered with ``@check(...)``.
It sees the article text, its sentences and words with offsets, the detected language, the
optional source-language original, and the user configuration; it returns
hits (spans plus a message for an editor). The runner turns hits into ``Finding`` records
with the check's code, MQM category and severity. Checks never do I/O.
"""

from __future__ import annotations

import copy
from bisect import bisect_right
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any, Callable, Iterable

from audit.config import DEFAULT, Config
from audit.model import SEVERITIES, Finding, Fix, LanguageEvidence
from audit.text import Segment, paragraphs, sentences, stripped_span, words


@dataclass
class CheckContext:
    """What a check may look at. Derived views are computed once, on first use."""

    text: str
    language: str | None = None
    source_text: str | None = None
    source_language: str | None = None
    config: Config = DEFAULT
    declared: Any = None  # model.Declared: what the input's metadata says supplied it
    attributions: list = field(default_factory=list)  # model.Attribution found in the text
    origin_record: Any = None  # model.Origin, set before the late checks run
    # The text cut into (start, end, language) regions by the language its paragraphs are
    # checked in (``audit.language.language_regions``); None: all of it in ``language``.
    regions: list[tuple[int, int, str | None]] | None = None

    @cached_property
    def paragraphs(self) -> list[Segment]:
        return paragraphs(self.text)

    @cached_property
    def language_parts(self) -> dict[str | None, list[tuple[int, int]]]:
        """Language → the spans of the text checked in it, in order of first appearance."""
        if not self.regions:
            return {self.language: [(0, len(self.text))]}
        parts: dict[str | None, list[tuple[int, int]]] = {}
        for start, end, code in self.regions:
            parts.setdefault(code, []).append((start, end))
        return parts

    def in_language(self, code: str | None) -> "CheckContext":
        """The same article seen as written in ``code`` (the derived views are shared)."""
        if code == self.language:
            return self
        other = copy.copy(self)  # copies the cached views too: nothing is split twice
        other.language = code
        return other

    @cached_property
    def sentences(self) -> list[Segment]:
        return sentences(self.text, self.paragraphs)

    @cached_property
    def words(self) -> list[Segment]:
        return words(self.text)

    @cached_property
    def source_sentences(self) -> list[Segment]:
        return sentences(self.source_text) if self.source_text else []


@dataclass(frozen=True)
class Hit:
    """A check's raw result: a span of the article text and what to tell the editor.

    ``severity``/``category`` override the check's defaults for this one hit (for example a
    role inversion is worse than a merely ambiguous phrase).
    """

    start: int
    end: int
    message: str
    suggestion: str | None = None
    severity: str | None = None
    category: str | None = None
    # Fixability (``audit fix``): ``None`` takes the check's registered ``fixable``; a check
    # sets False for a hit whose suggestion needs judgement. ``fix`` is the exact edit
    # ``(start, end, replacement)`` when it is wider than the span ("Media AS Axios").
    fixable: bool | None = None
    fix: tuple[int, int, str] | None = None
    #: The source language(s) the hit is evidence of (a left-over word, a convention).
    evidence: LanguageEvidence | None = None


@dataclass(frozen=True)
class OriginEvidence:
    """What a check's findings say about the language the article was translated from.

    ``kind`` is an evidence kind of ``audit.language.EVIDENCE_WEIGHTS`` (how much one
    finding weighs), ``language`` the source language the check's lexicon describes.
    """

    kind: str
    language: str


@dataclass(frozen=True)
class Check:
    code: str
    category: str
    severity: str
    summary: str
    example: str
    func: Callable[[CheckContext], Iterable[Hit]] = field(repr=False)
    languages: frozenset[str] | None = None  # article languages it applies to; None = any
    needs_source: bool = False  # runs only when the source-language original is given
    late: bool = False  # runs after origin inference (sees ctx.origin_record)
    needs_model: bool = False  # findings come from the back-translation step, not from func
    evidence: OriginEvidence | None = None  # its findings are evidence of the origin language
    fixable: bool = False  # its suggestions are exact, safe replacements of their spans

    @property
    def article_level(self) -> bool:
        """Runs on the article as a whole in the article's language, never per paragraph
        language: a check that compares the text with its source (``needs_source``) or with
        what the metadata and the origin say (``late``)."""
        return self.needs_source or self.late

    def applies_to(self, ctx: CheckContext) -> bool:
        if self.needs_model:
            return False
        if self.needs_source and not ctx.source_text:
            return False
        return self.languages is None or ctx.language in self.languages

    def describe(self) -> dict:
        """The check as ``audit checks --format json`` lists it."""
        return {"code": self.code, "category": self.category, "severity": self.severity,
                "summary": self.summary, "example": self.example,
                "languages": sorted(self.languages) if self.languages else None,
                "needs_source": self.needs_source, "needs_model": self.needs_model,
                "evidence": ({"kind": self.evidence.kind, "language": self.evidence.language}
                             if self.evidence else None),
                "fixable": self.fixable}


REGISTRY: dict[str, Check] = {}


def check(code: str, *, category: str, severity: str, example: str,
          languages: Iterable[str] | None = None, needs_source: bool = False, late: bool = False,
          needs_model: bool = False, evidence: tuple[str, str] | None = None,
          fixable: bool = False):
    """Register a check function under a stable ``code`` (a public API: never rename).

    ``late`` checks run after origin inference (they see ``ctx.origin_record``).
    ``evidence=(kind, language)`` declares that each finding of the check is origin evidence
    of that kind for that language (an untranslated Indonesian word: ``("source-token",
    "id")``). ``needs_model`` registers a check whose findings another step produces (the
    back-translation): it is listed, documented and configurable, but ``func`` never runs.
    ``fixable``: the check's suggestions replace their spans exactly and safely, so
    ``audit fix`` may apply them (a hit can still opt out, see ``Hit.fixable``).
    """
    if severity not in SEVERITIES:
        raise ValueError(f"unknown severity {severity!r}")

    def register(func: Callable[[CheckContext], Iterable[Hit]]):
        if code in REGISTRY:
            raise ValueError(f"check code {code!r} registered twice")
        summary = (func.__doc__ or "").strip().splitlines()[0] if func.__doc__ else code
        REGISTRY[code] = Check(code, category, severity, summary, example, func,
                               frozenset(languages) if languages else None, needs_source, late,
                               needs_model, OriginEvidence(*evidence) if evidence else None,
                               fixable)
        return func

    return register


def run_by_language(chk: Check, ctx: CheckContext) -> list[Finding]:
    """Run one check with each paragraph's language rules (issues 10 and 11).

    An article whose paragraphs are all checked in one language runs as it always did. In a
    mixed one (an Indonesian article with an English list, an English story quoting a
    Spanish paragraph) the check runs once per language present, seeing the whole text (so
    offsets, quotations and repeated names across paragraphs stay whole) with that language
    as ``ctx.language``, and keeps the findings that start in that language's regions; a
    check restricted to other languages does not run for them. Article-level checks
    (``Check.article_level``) run once, in the article's language.
    """
    parts = ctx.language_parts
    if chk.article_level:
        return run_check(chk, ctx) if chk.applies_to(ctx) else []
    if len(parts) == 1:
        sub = ctx.in_language(next(iter(parts)))
        return run_check(chk, sub) if chk.applies_to(sub) else []
    starts = [start for start, _end, _code in ctx.regions]
    found: list[Finding] = []
    for code in parts:
        sub = ctx.in_language(code)
        if not chk.applies_to(sub):
            continue
        for finding in run_check(chk, sub):
            if ctx.regions[max(0, bisect_right(starts, finding.start) - 1)][2] == code:
                found.append(finding)
    return found


def applicability(ctx: CheckContext) -> tuple[list[str], list[dict]]:
    """Which language-restricted checks did not run, on the whole article or on part of it.

    Returns the codes of the checks that ran on no part of the text (``checks_not_applied``)
    and, for a check that ran on some regions only, ``{code, not_applied: [{start, end,
    language}]}`` with the regions it skipped (``checks_partly_applied``).
    """
    not_applied: list[str] = []
    partly: list[dict] = []
    regions = ctx.regions if ctx.regions and len(ctx.language_parts) > 1 else None
    for chk in REGISTRY.values():
        if chk.languages is None:
            continue
        if chk.article_level or regions is None:
            code = ctx.language if chk.article_level else next(iter(ctx.language_parts))
            if code not in chk.languages:
                not_applied.append(chk.code)
            continue
        skipped = [(start, end, code) for start, end, code in regions if code not in chk.languages]
        if len(skipped) == len(regions):
            not_applied.append(chk.code)
        elif skipped:
            partly.append({"code": chk.code, "not_applied": [
                _trimmed(ctx.text, start, end, code) for start, end, code in skipped]})
    return not_applied, partly


def _trimmed(text: str, start: int, end: int, code: str | None) -> dict:
    start, end = stripped_span(text, start, end)
    return {"start": start, "end": end, "language": code}


def run_check(chk: Check, ctx: CheckContext) -> list[Finding]:
    """Run one check and turn its hits into findings (text quoted from the article)."""
    findings = []
    for hit in chk.func(ctx):
        fixable = chk.fixable if hit.fixable is None else hit.fixable
        edit = hit.fix or ((hit.start, hit.end, hit.suggestion) if hit.suggestion is not None else None)
        findings.append(Finding(
            code=chk.code,
            category=hit.category or chk.category,
            severity=hit.severity or chk.severity,
            message=hit.message,
            text=ctx.text[hit.start:hit.end],
            start=hit.start,
            end=hit.end,
            suggestion=hit.suggestion,
            fix=Fix(*edit, ctx.text[edit[0]:edit[1]]) if fixable and edit else None,
            evidence=hit.evidence,
        ))
    return findings
