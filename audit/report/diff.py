"""Which findings appeared and disappeared between two runs (``audit diff``): pure functions.

Findings are matched by ``(article id, fingerprint)``. A fingerprint leaves offsets out
(see :func:`audit.model.fingerprint`), so an edit elsewhere in an article does not turn its
old findings into new ones. Matching is a multiset match, so two findings with the same
fingerprint (only possible in a hand-edited report) are not collapsed into one.

An article that could not be processed in one of the runs has no findings there; its
findings are then neither "appeared" nor "disappeared" on that account: the article is
listed under ``errors`` instead, so an unreadable input never looks like a fix.
"""

from __future__ import annotations

from collections import Counter
from typing import Iterable

from audit.model import SEVERITIES, fingerprint

FIELDS = ("code", "severity", "category", "message", "text", "start", "end", "suggestion")


def diff_reports(old: Iterable[dict], new: Iterable[dict]) -> dict:
    """Compare two lists of article dicts (the ``articles`` of two saved reports).

    Returns a JSON-ready dict (documented in docs/reports.md, "audit diff")::

        {"articles": {"old", "new", "added", "removed", "errors_appeared", "errors_resolved"},
         "findings": {"appeared", "disappeared", "severity_changed"},
         "counts": {"appeared", "disappeared", "severity_changed", "unchanged",
                    "appeared_by_severity", "disappeared_by_severity"}}
    """
    old_articles = _keyed(old)
    new_articles = _keyed(new)
    appeared: list[dict] = []
    disappeared: list[dict] = []
    changed: list[dict] = []
    unchanged = 0
    errors_appeared: list[str] = []
    errors_resolved: list[str] = []

    for key, article in new_articles.items():
        before = old_articles.get(key)
        if before is None:
            appeared += [_entry(article, f, "added") for f in _findings(article)]
            continue
        if article.get("error") and not before.get("error"):
            errors_appeared.append(article["id"])
            continue
        if before.get("error") and not article.get("error"):
            errors_resolved.append(article["id"])
        matched = _match(_findings(before), _findings(article))
        for finding in matched["appeared"]:
            appeared.append(_entry(article, finding, None))
        for finding in matched["disappeared"]:
            disappeared.append(_entry(before, finding, None))
        for old_finding, new_finding in matched["same"]:
            if old_finding.get("severity") != new_finding.get("severity"):
                entry = _entry(article, new_finding, None)
                entry["old_severity"] = old_finding.get("severity")
                changed.append(entry)
            else:
                unchanged += 1
    for key, article in old_articles.items():
        if key not in new_articles:
            disappeared += [_entry(article, f, "removed") for f in _findings(article)]

    return {
        "articles": {
            "old": len(old_articles),
            "new": len(new_articles),
            "added": [a["id"] for k, a in new_articles.items() if k not in old_articles],
            "removed": [a["id"] for k, a in old_articles.items() if k not in new_articles],
            "errors_appeared": errors_appeared,
            "errors_resolved": errors_resolved,
        },
        "findings": {"appeared": appeared, "disappeared": disappeared,
                     "severity_changed": changed},
        "counts": {
            "appeared": len(appeared),
            "disappeared": len(disappeared),
            "severity_changed": len(changed),
            "unchanged": unchanged,
            "appeared_by_severity": _by_severity(appeared),
            "disappeared_by_severity": _by_severity(disappeared),
        },
    }


def _keyed(articles: Iterable[dict]) -> dict[tuple[str, int], dict]:
    """Articles by (id, how many times that id was seen before): duplicates stay distinct."""
    seen: Counter[str] = Counter()
    keyed = {}
    for article in articles:
        article_id = str(article.get("id"))
        keyed[(article_id, seen[article_id])] = {**article, "id": article_id}
        seen[article_id] += 1
    return keyed


def _findings(article: dict) -> list[dict]:
    """The article's findings, each with a fingerprint (computed the pipeline's way if absent)."""
    findings = [f for f in article.get("findings") or [] if isinstance(f, dict)]
    occurrences: Counter[tuple[str, str]] = Counter()
    out = []
    for finding in findings:
        code, text = str(finding.get("code") or "?"), str(finding.get("text") or "")
        key = (code, " ".join(text.split()).lower())
        if not finding.get("fingerprint"):
            finding = {**finding, "fingerprint": fingerprint(article["id"], code, text,
                                                             occurrences[key])}
        occurrences[key] += 1
        out.append(finding)
    return out


def _match(old: list[dict], new: list[dict]) -> dict[str, list]:
    pool: dict[str, list[dict]] = {}
    for finding in old:
        pool.setdefault(finding["fingerprint"], []).append(finding)
    appeared, same = [], []
    for finding in new:
        candidates = pool.get(finding["fingerprint"])
        if candidates:
            same.append((candidates.pop(0), finding))
        else:
            appeared.append(finding)
    order = {id(finding): index for index, finding in enumerate(old)}
    disappeared = sorted((f for candidates in pool.values() for f in candidates),
                         key=lambda f: order[id(f)])
    return {"appeared": appeared, "disappeared": disappeared, "same": same}


def _entry(article: dict, finding: dict, article_change: str | None) -> dict:
    entry = {"id": article["id"], "fingerprint": finding["fingerprint"]}
    entry.update({key: finding.get(key) for key in FIELDS})
    entry["article"] = article_change  # "added" / "removed" when the whole article is
    return entry


def _by_severity(entries: list[dict]) -> dict[str, int]:
    counts = {severity: 0 for severity in SEVERITIES}
    for entry in entries:
        if entry.get("severity") in counts:
            counts[entry["severity"]] += 1
    return counts


def format_text(diff: dict, old_name: str = "OLD", new_name: str = "NEW",
                limit: int | None = None) -> str:
    """The human-readable diff: totals first, then each appeared/disappeared finding."""
    articles, counts, findings = diff["articles"], diff["counts"], diff["findings"]
    lines = [f"audit diff {old_name} → {new_name}",
             f"articles: {articles['old']} → {articles['new']} "
             f"(+{len(articles['added'])} added, -{len(articles['removed'])} removed)",
             f"findings: +{counts['appeared']} appeared{_sev(counts['appeared_by_severity'])}, "
             f"-{counts['disappeared']} disappeared{_sev(counts['disappeared_by_severity'])}, "
             f"{counts['severity_changed']} changed severity, {counts['unchanged']} unchanged"]
    sections = (("Appeared", "+", findings["appeared"]),
                ("Disappeared", "-", findings["disappeared"]),
                ("Severity changed", "~", findings["severity_changed"]))
    for title, sign, entries in sections:
        if not entries:
            continue
        lines += ["", f"{title} ({len(entries)}):"]
        shown = entries if limit is None else entries[:limit]
        for entry in shown:
            severity = entry.get("severity") or "?"
            if sign == "~":
                severity = f"{entry.get('old_severity')}→{severity}"
            note = {"added": " [new article]", "removed": " [article removed]"}.get(
                entry.get("article") or "", "")
            lines.append(f"  {sign} {severity:<8} {entry.get('code')!s:<22} {entry['id']}: "
                         f"“{_clip(entry.get('text'))}”  ({entry['fingerprint']}){note}")
            if entry.get("message"):
                lines.append(f"      {_clip(entry['message'], 110)}")
        if len(shown) < len(entries):
            lines.append(f"  … {len(entries) - len(shown)} more (use --format json for all)")
    for title, key in (("Articles added", "added"), ("Articles removed", "removed"),
                       ("Articles that now fail to process", "errors_appeared"),
                       ("Articles that process again", "errors_resolved")):
        if articles[key]:
            lines += ["", f"{title} ({len(articles[key])}): " + ", ".join(articles[key])]
    return "\n".join(lines) + "\n"


def _sev(counts: dict[str, int]) -> str:
    parts = [f"{n} {s}" for s, n in counts.items() if n]
    return f" ({', '.join(parts)})" if parts else ""


def _clip(value: object, width: int = 60) -> str:
    text = " ".join(str(value or "").split())
    return text if len(text) <= width else text[: width - 1] + "…"
