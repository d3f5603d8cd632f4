"""What a new user ran into (issue 9) and what terminal output must never do (issue 8).

Each test failed before the fix it names.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from audit.cli import app
from audit.report.terminal import TerminalWriter, safe

REPO = Path(__file__).resolve().parents[1]
SEED = REPO / "seeds" / "cnn-indonesia-haniyeh-egypt.txt"
runner = CliRunner()


def _flat(text: str) -> str:
    """On one line, without the frame rich draws around usage errors."""
    return " ".join(text.translate({ord(c): " " for c in "│╭╮╰╯─"}).split())


def _terminal(articles: list[dict], summary: dict | None = None, verbose: bool = True) -> str:
    import io

    from audit.report import WriterOptions
    from audit.summary import Summary

    stream = io.StringIO()
    writer = TerminalWriter(stream, WriterOptions(verbose=verbose))
    writer.begin()
    for article in articles:
        writer.article(article)
    if summary is None:
        total = Summary()
        for article in articles:
            total.add(article)
        summary = total.to_dict()
    writer.end(summary)
    return stream.getvalue()


# -- terminal output is data, never markup or control ---------------------------------------

EVIL = {"id": "e\x1b[31mvil\x07", "title": "[/x] \x1b]0;pwned\x07 [bold]t\u202e",
        "text": "The minister said the the talks would resume.",
        "language": {"code": "en", "confidence": 1.0},
        "origin_language": {"code": "[/x]", "confidence": 1.0,
                            "evidence": [{"kind": "declared", "text": "\x1b[2J", "start": 0,
                                          "end": 0, "detail": "[/]"}]},
        "provenance": {"outlet": "[red]", "agencies": ["\x1b[0m"]},
        "findings": [{"code": "doubled-word", "severity": "minor", "message": "[/x] \x1b[5m",
                      "text": "the the", "start": 18, "end": 25, "suggestion": "the"}],
        "backtranslation": {"status": "skipped", "reason": "[/x] no \x1b model"}}


def test_terminal_strips_control_characters_and_never_parses_data_as_markup():
    page = _terminal([EVIL])
    assert "\x1b" not in page and "\x07" not in page and "\u202e" not in page
    assert "[/x]" in page and "[bold]t" in page and "[red]" in page  # shown as typed
    assert "e\ufffd[31mvil" in page


def test_a_source_language_like_markup_does_not_crash_the_run(tmp_path):
    batch = tmp_path / "b.jsonl"
    batch.write_text(json.dumps({"id": "x\x1b[2Jy", "title": "Talks [/x] resume",
                                 "source_language": "[/x]",
                                 "text": "The minister said the talks would resume on Monday."})
                     + "\n", encoding="utf-8")
    result = runner.invoke(app, ["run", str(batch), "--no-backtranslate", "-v"])
    assert result.exit_code == 0, result.output
    assert "Talks [/x] resume" in result.stdout and "\x1b" not in result.stdout


def test_safe_keeps_text_and_replaces_controls():
    assert safe("Jakarta — “quoted” café") == "Jakarta — “quoted” café"
    assert safe("a\x1b[31mb\x9bc") == "a\ufffd[31mb\ufffdc"
    assert safe("two\nlines") == "two lines"


# -- the terminal summary ------------------------------------------------------------------

def test_summary_fits_80_columns_and_keeps_every_column(tmp_path):
    result = runner.invoke(app, ["run", str(SEED), str(SEED.parent), "--no-backtranslate"])
    lines = result.stdout.splitlines()
    assert max(len(line) for line in lines) <= 80
    header = lines[0]
    for column in ("Article", "Lang", "From", "crit", "maj", "min", "info", "Round trip"):
        assert column in header


def test_audit_checks_fits_80_columns_and_never_cuts_a_code():
    from audit.checks import REGISTRY

    result = runner.invoke(app, ["checks"])
    lines = result.stdout.splitlines()
    assert max(len(line) for line in lines) <= 80
    assert set(REGISTRY) <= {line.strip() for line in lines}


def test_error_rows_point_at_something_that_exists(tmp_path):
    (tmp_path / "bin.txt").write_bytes(b"\x00\x01" * 50)
    result = runner.invoke(app, ["run", str(tmp_path), "--no-backtranslate"])
    flat = _flat(result.stdout)
    assert "Error column" not in flat
    assert "error: binary file, not text" in flat
    assert "1 of 1 input could not be processed" in flat


def test_skipped_files_are_named_with_the_formats_read(tmp_path):
    (tmp_path / "story.docx").write_bytes(b"PK\x03\x04")
    (tmp_path / "story.pdf").write_bytes(b"%PDF-1.4")
    result = runner.invoke(app, ["run", str(tmp_path), "--no-backtranslate"])
    flat = _flat(result.stdout)
    assert result.exit_code == 0
    assert "Skipped 2 files that audit does not read" in flat
    assert "story.docx" in flat and "story.pdf" in flat
    assert ".txt" in flat and ".jsonl" in flat  # which formats are read


def test_the_reason_a_round_trip_was_skipped_is_shown():
    article = {"id": "a", "text": "Some English text here.", "language": {"code": "en"},
               "backtranslation": {"status": "skipped", "reason": "the article's origin is "
                                   "unknown; pass --via LANG to round-trip through LANG"}}
    page = _flat(_terminal([article], verbose=False))
    assert "Back-translation skipped for 1 article:" in page
    assert "pass --via LANG" in page


# -- the command line ----------------------------------------------------------------------

def test_format_is_case_insensitive_and_a_bad_one_reads_plainly():
    result = runner.invoke(app, ["run", str(SEED), "--format", "JSON", "--no-backtranslate"])
    assert result.exit_code == 0 and json.loads(result.stdout)["summary"]["articles"] == 1
    bad = runner.invoke(app, ["run", str(SEED), "--format", "pdf"])
    flat = _flat(bad.output)
    assert bad.exit_code == 2
    assert "Value error" not in flat
    assert "'pdf' is not a report format; use one of: text, json, jsonl, html, markdown, csv" in flat
    severity = runner.invoke(app, ["run", str(SEED), "--fail-on", "MAJOR", "--no-backtranslate"])
    assert severity.exit_code == 1


def test_help_has_plain_metavars():
    for command in (["run"], ["report"], ["diff"], ["checks"]):
        text = runner.invoke(app, [*command, "--help"]).output
        assert "<bool>" not in text and "<list[str]>" not in text and "{paths}" not in text
    assert "run [OPTIONS] PATH..." in runner.invoke(app, ["run", "--help"]).output


def test_one_article_is_singular_and_report_defaults_to_text_like_run(tmp_path):
    saved = tmp_path / "r.json"
    result = runner.invoke(app, ["run", str(SEED), "-f", "json", "-o", str(saved),
                                 "--no-backtranslate"])
    assert "wrote json report of 1 article to" in _flat(result.output)
    again = runner.invoke(app, ["report", str(saved)])
    assert again.exit_code == 0
    assert again.stdout.startswith("Article") and "<html" not in again.stdout


def _closed_pipe(args: list[str], tmp_path: Path) -> subprocess.CompletedProcess:
    batch = tmp_path / "many.jsonl"
    line = json.dumps({"text": "The minister said the the talks would resume on Monday. " * 30})
    batch.write_text((line + "\n") * 300, encoding="utf-8")
    process = subprocess.Popen([sys.executable, "-m", "audit", *[str(batch) if a == "BATCH" else a
                                                                  for a in args]],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=REPO)
    process.stdout.read(10)
    process.stdout.close()  # like `| head -c 10`
    _out, err = process.communicate(timeout=120)
    return subprocess.CompletedProcess(args, process.returncode, b"", err)


@pytest.mark.parametrize("args", [
    ["run", "BATCH", "--format", "jsonl", "--no-backtranslate"],
    ["run", "BATCH", "--no-backtranslate", "-v"],  # more than a pipe's buffer
])
def test_a_closed_pipe_ends_quietly_with_the_sigpipe_status(args, tmp_path):
    result = _closed_pipe(args, tmp_path)
    assert result.returncode == 141
    assert b"Broken pipe" not in result.stderr and b"Traceback" not in result.stderr
