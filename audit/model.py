"""The records audit passes around and serialises: the public JSON contract lives here.

Field names and their order in ``to_dict`` are a public API (README, "Output contract"):
add fields, never rename or remove them.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import Any

#: Severities from worst to mildest. ``--fail-on`` compares by this order.
SEVERITIES: tuple[str, ...] = ("critical", "major", "minor", "info")
SEVERITY_RANK: dict[str, int] = {name: rank for rank, name in enumerate(SEVERITIES)}


def at_or_above(severity: str, threshold: str) -> bool:
    """True when ``severity`` is as bad as ``threshold`` or worse."""
    return SEVERITY_RANK[severity] <= SEVERITY_RANK[threshold]


@dataclass(slots=True)
class Declared:
    """Who the input's own metadata says supplied the item (NewsML-G2, ninjs, feed, HTML meta).

    Compared with the credits found in the text by the ``credit-mismatch`` check.
    """

    provider: str | None = None
    credit: str | None = None
    copyright: str | None = None
    byline: str | None = None
    language: str | None = None
    agencies: list[str] = field(default_factory=list)  # registry agencies the fields name

    def to_dict(self) -> dict[str, Any]:
        return {"provider": self.provider, "credit": self.credit, "copyright": self.copyright,
                "byline": self.byline, "language": self.language, "agencies": list(self.agencies)}


@dataclass(slots=True)
class Article:
    """One input article as read from a file, a JSON record or stdin.

    ``error`` is set by the reader when the input could not be turned into text; such an
    article still goes through the pipeline so that it appears in the report.
    """

    id: str
    source: str
    text: str = ""
    title: str | None = None
    url: str | None = None
    published: str | None = None
    source_text: str | None = None
    source_language: str | None = None
    ignore: tuple[str, ...] = ()
    error: str | None = None
    declared: Declared | None = None


@dataclass(frozen=True, slots=True)
class LanguageEvidence:
    """A finding as evidence of the language an article was translated from.

    ``shared``: a convention several languages write the same way (a decimal comma): weak
    evidence for each, and reported whatever the origin, since it is wrong in English anyway.
    ``needs_corroboration``: right only where other evidence says that language ("AS", "M."),
    so not evidence on its own. Otherwise the finding is kept only when the article's origin
    is one of ``languages`` (a Spanish word is not flagged in a translation from German).
    """

    languages: tuple[str, ...]
    shared: bool = False
    needs_corroboration: bool = False


@dataclass(slots=True)
class Fix:
    """The exact edit that resolves a finding: replace ``text[start:end]`` (``original``) by
    ``replacement``. Usually the finding's own span and suggestion; wider when the check
    knows the whole rewrite ("Media AS Axios" → "US media outlet Axios")."""

    start: int
    end: int
    replacement: str
    original: str

    def to_dict(self) -> dict[str, Any]:
        return {"start": self.start, "end": self.end, "original": self.original,
                "replacement": self.replacement}


@dataclass(slots=True)
class Finding:
    """One thing an editor should look at, at ``text[start:end]`` of the article."""

    code: str
    category: str
    severity: str
    message: str
    text: str
    start: int
    end: int
    suggestion: str | None = None
    fingerprint: str = ""
    fix: Fix | None = None  # set only where ``audit fix`` may apply it (see ``fixable``)
    # What the finding says about the source language (internal, not serialised).
    evidence: "LanguageEvidence | None" = None

    @property
    def fixable(self) -> bool:
        return self.fix is not None

    def to_dict(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "category": self.category,
            "severity": self.severity,
            "message": self.message,
            "text": self.text,
            "start": self.start,
            "end": self.end,
            "suggestion": self.suggestion,
            "fingerprint": self.fingerprint,
            "fixable": self.fixable,
            "fix": self.fix.to_dict() if self.fix else None,
        }


@dataclass(slots=True)
class Attribution:
    """A credit to a wire service or outlet: who, how ("kind"), and where."""

    agency: str
    kind: str
    text: str
    start: int
    end: int

    def to_dict(self) -> dict[str, Any]:
        return {"agency": self.agency, "kind": self.kind, "text": self.text,
                "start": self.start, "end": self.end}


@dataclass(slots=True)
class Evidence:
    """Why we believe an article was translated from a language."""

    kind: str
    text: str
    start: int
    end: int
    detail: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"kind": self.kind, "text": self.text, "start": self.start, "end": self.end,
                "detail": self.detail}


@dataclass(slots=True)
class ParagraphLanguage:
    start: int
    end: int
    code: str | None
    confidence: float
    method: str

    def to_dict(self) -> dict[str, Any]:
        return {"start": self.start, "end": self.end, "code": self.code,
                "confidence": self.confidence, "method": self.method}


@dataclass(slots=True)
class Language:
    code: str | None
    confidence: float
    paragraphs: list[ParagraphLanguage] = field(default_factory=list)
    detector: str | None = None  # the language detector that ran ("py3langid", "langdetect")

    def to_dict(self) -> dict[str, Any]:
        return {"code": self.code, "confidence": self.confidence, "detector": self.detector,
                "paragraphs": list(map(ParagraphLanguage.to_dict, self.paragraphs))}


@dataclass(slots=True)
class Origin:
    code: str
    confidence: float
    evidence: list[Evidence] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {"code": self.code, "confidence": self.confidence,
                "evidence": list(map(Evidence.to_dict, self.evidence))}


@dataclass(slots=True)
class Provenance:
    outlet: str | None
    agencies: list[str] = field(default_factory=list)
    declared: Declared | None = None  # what the input's metadata declares, if it carries any

    def to_dict(self) -> dict[str, Any]:
        return {"outlet": self.outlet, "agencies": list(self.agencies),
                "declared": self.declared.to_dict() if self.declared else None}


@dataclass(slots=True)
class Backtranslation:
    """An article's round trip (``backtranslation`` in the JSON; docs/backtranslation.md).

    The same keys in the same order whatever the status (``ok``, ``skipped``, ``error``).
    ``sentences`` holds one entry per sentence ``{start, end, source, forward, round_trip,
    chrf, bleu, ter, error}``; ``reference`` the published translation scored against the
    model's translation of ``source_text``, when it was given.
    """

    status: str
    reason: str | None = None
    install: str | None = None
    direction: str | None = None
    route: str | None = None
    models: list[str] = field(default_factory=list)
    threshold: float | None = None
    scores: dict[str, Any] | None = None
    sentences: list[dict[str, Any]] = field(default_factory=list)
    reference: dict[str, Any] | None = None
    device: str | None = None        # where the models ran: "cpu" or "cuda"
    compute_type: str | None = None  # CTranslate2's compute type there

    def to_dict(self) -> dict[str, Any]:
        return {"status": self.status, "reason": self.reason, "install": self.install,
                "direction": self.direction, "route": self.route, "models": list(self.models),
                "threshold": self.threshold, "scores": self.scores,
                "sentences": list(self.sentences), "reference": self.reference,
                "device": self.device, "compute_type": self.compute_type}


@dataclass(slots=True)
class ArticleReport:
    """Everything audit found out about one article (one element of ``articles``)."""

    id: str
    source: str
    title: str | None
    text: str
    url: str | None = None
    published: str | None = None
    language: Language | None = None
    origin_language: Origin | None = None
    attributions: list[Attribution] = field(default_factory=list)
    provenance: Provenance = field(default_factory=lambda: Provenance(None))
    findings: list[Finding] = field(default_factory=list)
    backtranslation: Backtranslation | None = None
    error: str | None = None
    warnings: list[str] = field(default_factory=list)
    story: dict[str, Any] | None = None  # {id, links}: see audit/stories.py
    # Checks that do not apply to the article's language (so "0 findings" is not a verdict)
    checks_not_applied: list[str] = field(default_factory=list)
    checks_partly_applied: list[dict] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "source": self.source,
            "title": self.title,
            "url": self.url,
            "published": self.published,
            "text": self.text,
            "language": self.language.to_dict() if self.language else None,
            "origin_language": self.origin_language.to_dict() if self.origin_language else None,
            "attributions": list(map(Attribution.to_dict, self.attributions)),
            "provenance": self.provenance.to_dict(),
            "findings": list(map(Finding.to_dict, self.findings)),
            "counts": severity_counts(self.findings),
            "backtranslation": self.backtranslation.to_dict() if self.backtranslation else None,
            "error": self.error,
            "warnings": list(self.warnings),
            "story": self.story,
            "checks_not_applied": list(self.checks_not_applied),
            "checks_partly_applied": [dict(entry) for entry in self.checks_partly_applied],
        }


def severity_counts(findings: list[Finding]) -> dict[str, int]:
    counts = dict.fromkeys(SEVERITIES, 0)
    for finding in findings:
        counts[finding.severity] += 1
    return counts


def fingerprint(article_id: str, code: str, text: str, occurrence: int) -> str:
    """A finding's identity across runs: article, check, quoted text and which occurrence.

    Offsets are left out on purpose, so an edit elsewhere in the article does not turn an
    old finding into a "new" one in ``audit diff``.
    """
    return fingerprint_of(article_id, code, normalised_quote(text), occurrence)


def normalised_quote(text: str) -> str:
    """A finding's quoted text as its fingerprint reads it: whitespace runs as one space,
    lower-cased (what counts its occurrences too)."""
    return " ".join(text.split()).lower()


def fingerprint_of(article_id: str, code: str, normalised: str, occurrence: int) -> str:
    """``fingerprint`` of a quote already normalised (``normalised_quote``)."""
    key = "\x1f".join((article_id, code, normalised, str(occurrence)))
    return _sha1(key.encode("utf-8")).hexdigest()[:12]


_sha1 = hashlib.sha1
