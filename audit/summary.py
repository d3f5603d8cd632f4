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
        self.signature: str | None = None  # set by `audit run` at the end (audit/signature.py)
        self.detectors: set[str] = set()  # language detectors and models the articles name,
        self.models: set[str] = set()     # for the signature
        # desk (issue 14): what an editor reads the summary for
        self.translated_from: Counter[str] = Counter()  # origin ≠ the article's own language
        self.credited: Counter[str] = Counter()  # agencies credited, the publishing outlet not
        self.outlet_agencies: dict[str, Counter[str]] = {}  # outlet → agency → articles
        self.stories: dict[str, _StoryTotals] = {}
        # Per agency, over the articles whose input carries metadata (provenance.declared):
        # how many declare it, and how many credit it in the text without declaring it.
        self.declaring: Counter[str] = Counter()
        self.undeclared: Counter[str] = Counter()

    def add(self, report: dict) -> None:
        """Add one article, in its JSON form (so a saved report can be re-summarised)."""
        self.articles += 1
        if report.get("error"):
            self.errors += 1
            return
        language = (report.get("language") or {}).get("code")
        self.languages[language or "unknown"] += 1
        if (report.get("language") or {}).get("detector"):
            self.detectors.add(str(report["language"]["detector"]))
        origin = report.get("origin_language")
        self.origins[origin["code"] if origin else "unknown"] += 1
        prov = report.get("provenance") or {}
        if prov.get("outlet"):
            self.outlets[prov["outlet"]] += 1
        used = list(dict.fromkeys(([prov["outlet"]] if prov.get("outlet") else []) + prov.get("agencies", [])))
        for agency in used:
            self.agencies[agency] += 1
        self._add_desk(report, language, origin, prov)
        declared = prov.get("declared")
        if isinstance(declared, dict):
            names = declared.get("agencies") if isinstance(declared.get("agencies"), list) else []
            names = list(dict.fromkeys(str(name) for name in names))
            self.declaring.update(names)
            self.undeclared.update(agency for agency in used if agency not in names)
        for finding in report.get("findings", []):
            self.by_severity[finding["severity"]] += 1
            self.by_code[finding["code"]] += 1
        bt = report.get("backtranslation")
        if bt:
            self.backtranslation[bt.get("status", "unknown")] += 1
            self.models.update(str(m) for m in bt.get("models") or [])

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
            "declared_agencies": self._declared_agencies(),
            **self._desk_dict(),
            "signature": self.signature,
        }

    # -- desk: written in / translated from, agencies credited, outlet × agency, stories --

    def _add_desk(self, report: dict, language: str | None, origin: dict | None,
                  prov: dict) -> None:
        if origin and origin.get("code") and origin["code"] != language:
            self.translated_from[origin["code"]] += 1  # an Indonesian original is not "from id"
        outlet = prov.get("outlet")
        credited = [a for a in dict.fromkeys(prov.get("agencies") or []) if a != outlet]
        self.credited.update(credited)
        row = self.outlet_agencies.setdefault(outlet or "unknown", Counter())
        row.update(credited)
        story = report.get("story")
        if isinstance(story, dict) and story.get("id"):
            totals = self.stories.setdefault(str(story["id"]), _StoryTotals())
            totals.add(report, language, outlet, credited, story)

    def _desk_dict(self) -> dict:
        stories = [dict(id=sid, **totals.to_dict()) for sid, totals in self.stories.items()
                   if len(totals.members) > 1 or totals.links]
        stories.sort(key=lambda s: (-s["articles"], _story_number(s["id"])))
        return {
            "translated_from": dict(self.translated_from.most_common()),
            "credited": dict(self.credited.most_common()),
            "outlet_agencies": {outlet: dict(row.most_common()) for outlet, row in sorted(
                self.outlet_agencies.items(), key=lambda kv: (-sum(kv[1].values()), kv[0]))
                if row},
            "stories_total": len(self.stories),
            "stories": stories,
        }

    def _declared_agencies(self) -> dict[str, dict[str, int]]:
        names = sorted(set(self.declaring) | set(self.undeclared),
                       key=lambda n: (-(self.declaring[n] + self.undeclared[n]), n))
        return {name: {"declared": self.declaring[name], "undeclared": self.undeclared[name]}
                for name in names}

    def worst_severity(self) -> str | None:
        for severity in SEVERITIES:
            if self.by_severity[severity]:
                return severity
        return None

    def fails(self, threshold: str | None) -> bool:
        worst = self.worst_severity()
        return threshold is not None and worst is not None and at_or_above(worst, threshold)


def _story_number(story_id: str) -> tuple:
    digits = story_id.lstrip("S")
    return (0, int(digits), "") if digits.isdigit() else (1, 0, story_id)


class _StoryTotals:
    """One story's members, outlets, agencies, languages and translation links."""

    def __init__(self) -> None:
        self.members: list[str] = []
        self.outlets: Counter[str] = Counter()
        self.agencies: Counter[str] = Counter()
        self.languages: Counter[str] = Counter()
        self.links: list[dict] = []

    def add(self, report: dict, language: str | None, outlet: str | None, credited: list[str],
            story: dict) -> None:
        article = str(report.get("id"))
        self.members.append(article)
        if outlet:
            self.outlets[outlet] += 1
        self.agencies.update(credited)
        self.languages[language or "unknown"] += 1
        for link in story.get("links") or []:
            if not isinstance(link, dict):
                continue
            translation, original = ((article, link.get("article"))
                                     if link.get("relation") == "translation-of"
                                     else (link.get("article"), article))
            self.links.append({"translation": translation, "original": original,
                               "by": link.get("by")})

    def to_dict(self) -> dict:
        return {"articles": len(self.members), "members": list(self.members),
                "outlets": dict(self.outlets.most_common()),
                "agencies": dict(self.agencies.most_common()),
                "languages": dict(self.languages.most_common()), "links": list(self.links)}
