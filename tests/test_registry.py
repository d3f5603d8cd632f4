"""The check registry is the one source of truth: docs, README, CLI and origin evidence follow it.

Generic on purpose: a check registered by any module is covered without editing this file.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from audit.checks import REGISTRY, CheckContext, run_checks
from audit.cli import app

REPO = Path(__file__).resolve().parents[1]
CODES = sorted(REGISTRY)


def _first_code_span(cell: str) -> str | None:
    match = re.search(r"`([^`]+)`", cell)
    return match.group(1) if match else None


def _doc_table(code: str) -> dict[str, str]:
    """The key/value table at the top of docs/checks/<code>.md, keys lower-cased."""
    page = REPO / "docs" / "checks" / f"{code}.md"
    assert page.is_file(), f"{code}: no docs/checks/{code}.md"
    rows = {}
    for line in page.read_text(encoding="utf-8").splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if line.startswith("|") and len(cells) >= 2 and cells[0]:
            rows.setdefault(cells[0].lower(), " | ".join(cells[1:]))
    return rows


def _readme_rows() -> dict[str, list[str]]:
    """README's check table: code → its cells (code, category, severity, flags, doc)."""
    text = (REPO / "README.md").read_text(encoding="utf-8")
    table = text[text.index("| code | category | default severity |"):]
    rows = {}
    for line in table.splitlines()[2:]:
        if not line.startswith("|"):
            break
        cells = [c.strip() for c in line.strip().strip("|").split(" | ")]
        rows[_first_code_span(cells[0])] = cells
    return rows


@pytest.mark.parametrize("code", CODES)
def test_every_check_has_a_doc_page_with_its_category_and_severity(code):
    chk = REGISTRY[code]
    table = _doc_table(code)
    assert _first_code_span(table.get("category", "")) == chk.category, code
    assert _first_code_span(table.get("severity", "")) == chk.severity, code


DOES_NOT_REPORT = "## What it deliberately does not report"


@pytest.mark.parametrize("code", CODES)
def test_every_check_page_says_what_it_does_not_report(code):
    """False positives are the first complaint: each page lists what its check skips, in a
    section of its own with at least one item."""
    text = (REPO / "docs" / "checks" / f"{code}.md").read_text(encoding="utf-8")
    assert DOES_NOT_REPORT in text, f"docs/checks/{code}.md has no {DOES_NOT_REPORT!r} section"
    section = text.split(DOES_NOT_REPORT, 1)[1].split("\n## ", 1)[0]
    assert re.search(r"^\s*(?:[*-]|\d+\.)\s+\S", section, re.MULTILINE), code


def test_readme_table_lists_exactly_the_registered_checks():
    rows = _readme_rows()
    assert sorted(rows) == CODES
    for code, cells in rows.items():
        chk = REGISTRY[code]
        assert _first_code_span(cells[1]) == chk.category, code
        assert cells[2].split()[0].strip("(,;") == chk.severity, code
        assert f"docs/checks/{code}.md" in cells[-1], code


def test_audit_checks_lists_the_registry_and_nothing_else():
    rows = json.loads(CliRunner().invoke(app, ["checks", "--format", "json"]).stdout)
    assert [r["code"] for r in rows] == list(REGISTRY)
    by_code = {r["code"]: r for r in rows}
    for code, chk in REGISTRY.items():
        assert (by_code[code]["category"], by_code[code]["severity"]) == (chk.category, chk.severity)


def test_round_trip_divergence_is_registered_as_needing_a_model():
    from audit.backtranslate import scoring

    chk = REGISTRY[scoring.CODE]
    assert chk.needs_model and chk.category == scoring.CATEGORY
    assert chk.severity == scoring.severity_for(0.0, scoring.DEFAULT_THRESHOLD)
    # never run as a text check: the back-translation step produces its findings
    assert not chk.applies_to(CheckContext(text="Any text at all.", language="en"))
    findings, warnings = run_checks(CheckContext(text="The the talks resumed.", language="en"))
    assert warnings == [] and {f.code for f in findings} == {"doubled-word"}


def test_origin_evidence_is_declared_by_the_checks():
    from audit.checks import origin_evidence

    declared = origin_evidence()
    assert {code: (e.kind, e.language) for code, e in declared.items()} == {
        "untranslated-token": ("source-token", "id"),
        "locale-convention": ("source-convention", "id")}
    from audit.language import EVIDENCE_WEIGHTS

    assert all(e.kind in EVIDENCE_WEIGHTS for e in declared.values())


def test_origin_is_inferred_from_declared_evidence():
    from audit.pipeline import analyse
    from audit.model import Article

    text = ("Media AS Axios reported that Presiden Joko Widodo dan his ministers met on "
            "Wednesday (20/12) at 20.35 WIB to discuss the budget.")
    report = analyse(Article(id="a", source="s", text=text))
    assert report.origin_language is not None and report.origin_language.code == "id"
    assert {e.kind for e in report.origin_language.evidence} >= {"source-token"}


def test_check_context_has_no_unfilled_origin_field():
    assert "origin" not in CheckContext.__dataclass_fields__
