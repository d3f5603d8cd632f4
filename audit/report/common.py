"""Helpers every human-facing writer shares (HTML, Markdown, CSV, terminal).

Writers read the JSON form of articles, which may come from a saved report edited by hand,
so every accessor here tolerates a value of the wrong type instead of raising: a list that is
not a list reads as empty, a number that is not a number prints as ``?``. Also here: the
worst-first sort key and the spool that lets the HTML and Markdown writers print articles in
that order without holding the batch in memory.
"""

from __future__ import annotations

import re
import tempfile
from typing import Any, Iterable

from audit.model import SEVERITIES

SPOOL_IN_MEMORY = 8 << 20   # spooled text beyond this many bytes goes to a temporary file
LOWEST_ROUND_TRIPS = 5      # sentences shown when a back-translation has no threshold

SURROGATES = re.compile("[\ud800-\udfff]")


def no_surrogates(text: str) -> str:
    """Lone surrogates (possible in JSON input) become U+FFFD one for one, so offsets stay
    valid and writing the text as UTF-8 cannot fail."""
    return SURROGATES.sub("\ufffd", text)


def as_list(value: Any) -> list:
    return value if isinstance(value, list) else []


def as_dict(value: Any) -> dict:
    return value if isinstance(value, dict) else {}


def as_int(value: Any) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def number(value: Any, digits: int = 2) -> str:
    """A score or confidence with ``digits`` decimals, ``?`` when it is not a number."""
    return f"{value:.{digits}f}" if is_number(value) else "?"


def plural(count: int, word: str) -> str:
    """``1 article``, ``2 articles``."""
    return f"{count} {word}{'' if count == 1 else 's'}"


def clip(text: Any, limit: int = 80) -> str:
    """On one line, at most ``limit`` characters (an ellipsis marks the cut)."""
    value = " ".join(str(text or "").split())
    return value if len(value) <= limit else value[: limit - 1] + "…"


def severity_of(finding: dict) -> str:
    """Unknown severities are filtered and coloured as ``info`` (their label is kept)."""
    severity = finding.get("severity")
    return severity if severity in SEVERITIES else "info"


def count_severities(findings: Iterable[dict]) -> dict[str, int]:
    """Findings per severity, every severity present, unknown ones counted as ``info``."""
    counts = {severity: 0 for severity in SEVERITIES}
    for finding in findings:
        counts[severity_of(finding)] += 1
    return counts


def provenance_text(prov: dict) -> str:
    """``CNN Indonesia ← AFP, Axios``; without an outlet ``credited: Axios`` (never a bare
    ``— ← Axios``); ``""`` when nothing is known."""
    outlet = prov.get("outlet")
    agencies = ", ".join(str(a) for a in as_list(prov.get("agencies")))
    if outlet and agencies:
        return f"{outlet} ← {agencies}"
    if agencies:
        return f"credited: {agencies}"
    return str(outlet or "")


def rank(counts: dict[str, int], error: bool, index: int) -> tuple:
    """Sort key, worst first: findings by severity counts, then errors, then clean, then input order."""
    bucket = 0 if any(counts.values()) else (1 if error else 2)
    return (bucket, *(-counts[s] for s in SEVERITIES), index)


class Spool:
    """Rendered pieces kept on disk past a few MB, read back in any order.

    Lets the HTML and Markdown writers show the worst articles first without holding a
    2,000-article batch in memory: only (rank, offset, size) stays in RAM per article.
    """

    def __init__(self, max_size: int = SPOOL_IN_MEMORY):
        self._file = tempfile.SpooledTemporaryFile(max_size=max_size, mode="w+b")

    def add(self, text: str) -> tuple[int, int]:
        data = text.encode("utf-8")
        offset = self._file.tell()
        self._file.write(data)
        return offset, len(data)

    def get(self, where: tuple[int, int]) -> str:
        self._file.seek(where[0])
        return self._file.read(where[1]).decode("utf-8")

    def close(self) -> None:
        self._file.close()


def divergent_sentences(bt: dict) -> tuple[list[dict], str]:
    """The round-trip sentences worth showing and a caption saying which they are.

    With a threshold: those whose chrF is below it, in text order. Without one: the
    lowest-scoring few, so the section still says something useful.
    """
    sentences = [s for s in as_list(bt.get("sentences")) if isinstance(s, dict)]
    scored = [s for s in sentences if is_number(s.get("chrf"))]
    threshold = bt.get("threshold")
    if is_number(threshold):
        chosen = [s for s in scored if s["chrf"] < threshold]
        caption = (f"{len(chosen)} of {len(sentences)} sentences below the round-trip threshold "
                   f"(chrF {threshold:g})")
        return chosen, caption
    chosen = sorted(scored, key=lambda s: s["chrf"])[:LOWEST_ROUND_TRIPS]
    chosen.sort(key=lambda s: as_int(s.get("start")) or 0)
    return chosen, f"the {len(chosen)} lowest-scoring of {len(sentences)} sentences"
