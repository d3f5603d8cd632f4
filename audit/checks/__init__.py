"""Translation-artifact checks. Importing this package registers every built-in check.

``run_checks`` is the only entry point the pipeline uses; ``REGISTRY`` (code → Check) is what
``audit checks`` lists. Check modules are imported below, one module per concern.
"""

from __future__ import annotations

from operator import attrgetter

from audit.checks.base import (REGISTRY, Check, CheckContext, Hit, OriginEvidence, applicability,
                               check, run_by_language, run_check)
from audit.budget import OverBudget
from audit.model import Finding

# Check modules register themselves on import (one module per concern).
from audit.checks import spacing, untranslated, locale, roles, numbers, punctuation  # noqa: E402,F401
from audit.checks import credit, paragraphs  # noqa: E402,F401
from audit.checks import roundtrip  # noqa: E402,F401

__all__ = ["REGISTRY", "Check", "CheckContext", "Hit", "OriginEvidence", "applicability", "check",
           "run_by_language", "run_check", "run_checks", "origin_evidence"]


def origin_evidence() -> dict[str, OriginEvidence]:
    """Check code → the origin evidence its findings provide (declared with ``@check``)."""
    return {code: chk.evidence for code, chk in REGISTRY.items() if chk.evidence is not None}


def run_checks(ctx: CheckContext, late: bool = False) -> tuple[list[Finding], list[str]]:
    """Every applicable check on one article (ignores are applied later, in one place).

    ``late``: the checks that run after origin inference instead (they see the origin).
    Each check follows the language of the paragraphs it looks at (``run_by_language``).
    Returns the findings in text order and a list of warnings for checks that crashed: a bug
    in one check must not cost the editor the other checks' results for the article.
    """
    findings: list[Finding] = []
    warnings: list[str] = []
    parts = ctx.language_parts
    # An article checked in one language (the usual case): what run_by_language does for it,
    # with the one view of the article in that language shared by every check (checks never
    # change the context; views one check computes serve the next).
    single = ctx.in_language(next(iter(parts))) if len(parts) == 1 else None
    for chk in REGISTRY.values():
        if chk.late != late:
            continue
        try:
            if chk.needs_source or chk.late:  # Check.article_level
                if chk.applies_to(ctx):
                    findings += run_check(chk, ctx)
            elif single is not None:
                if chk.applies_to(single):
                    findings += run_check(chk, single)
            else:
                findings += run_by_language(chk, ctx)
        except OverBudget as cut:  # the article's time budget: keep what the others found
            cut.cut_short(chk.code, sorted(findings, key=_TEXT_ORDER), warnings)
            raise
        except Exception as exc:  # noqa: BLE001 - reported, never swallowed silently
            warnings.append(f"check {chk.code!r} failed: {type(exc).__name__}: {exc}")
    findings.sort(key=_TEXT_ORDER)
    return findings, warnings


_TEXT_ORDER = attrgetter("start", "end", "code")
