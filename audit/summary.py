"""Batch totals (the ``summary`` of every report), accumulated one article at a time.

Kept apart from the pipeline because three places build it from the same JSON form of an
article: ``audit run`` as reports stream out, ``audit report`` when it re-summarises a
saved report, and the tests. Reports are streamed, never kept, so only counters live here.
"""

from __future__ import annotations

from collections import Counter

from audit.model import SEVERITIES, at_or_above


class Summary:
    """Batch totals, accumulated one report at a time (reports are streamed, not kept)."""

    def __init__(self) -> None:
        self.articles = 0
        self.errors = 0
        self.languages: Counter[str] = Counter()
        self.origins: Counter[str] = Counter()
        self.outlets: Counter[str] = Counter()
        self.agencies: Counter[str] = Counter()
        self.by_severity: Counter[str] = Counter({s: 0 for s in SEVERITIES})
        self.by_code: Counter[str] = Counter()
        self.backtranslation: Counter[str] = Counter()
        self.skipped_files: list[str] = []

    def add(self, report: dict) -> None:
        """Add one article, in its JSON form (so a saved report can be re-summarised)."""
        self.articles += 1
        if report.get("error"):
            self.errors += 1
            return
        language = (report.get("language") or {}).get("code")
        self.languages[language or "unknown"] += 1
        origin = report.get("origin_language")
        self.origins[origin["code"] if origin else "unknown"] += 1
        prov = report.get("provenance") or {}
        if prov.get("outlet"):
            self.outlets[prov["outlet"]] += 1
        for agency in dict.fromkeys(([prov["outlet"]] if prov.get("outlet") else []) + prov.get("agencies", [])):
            self.agencies[agency] += 1
        for finding in report.get("findings", []):
            self.by_severity[finding["severity"]] += 1
            self.by_code[finding["code"]] += 1
        bt = report.get("backtranslation")
        if bt:
            self.backtranslation[bt.get("status", "unknown")] += 1

    def to_dict(self) -> dict:
        return {
            "articles": self.articles,
            "processed": self.articles - self.errors,
            "errors": self.errors,
            "languages": dict(self.languages.most_common()),
            "origins": dict(self.origins.most_common()),
            "outlets": dict(self.outlets.most_common()),
            "agencies": dict(self.agencies.most_common()),
            "findings": {
                "total": sum(self.by_severity.values()),
                "by_severity": {s: self.by_severity[s] for s in SEVERITIES},
                "by_code": dict(sorted(self.by_code.items(), key=lambda kv: (-kv[1], kv[0]))),
            },
            "backtranslation": dict(self.backtranslation),
            "skipped_files": list(self.skipped_files),
        }

    def worst_severity(self) -> str | None:
        for severity in SEVERITIES:
            if self.by_severity[severity]:
                return severity
        return None

    def fails(self, threshold: str | None) -> bool:
        worst = self.worst_severity()
        return threshold is not None and worst is not None and at_or_above(worst, threshold)
