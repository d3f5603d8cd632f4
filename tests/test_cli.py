"""`audit run` end to end: the JSON contract, the seed article, exit codes, stdin, --out."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from typer.testing import CliRunner

from audit.cli import app
from conftest import REPO, SEED

runner = CliRunner()

ARTICLE_FIELDS = ["id", "source", "title", "url", "published", "text", "language", "origin_language",
                  "attributions", "provenance", "findings", "counts", "backtranslation", "error",
                  "warnings", "story", "checks_not_applied", "checks_partly_applied"]
FINDING_FIELDS = ["code", "category", "severity", "message", "text", "start", "end", "suggestion",
                  "fingerprint", "fixable", "fix"]


def run_json(*args: str, input: str | None = None) -> tuple[int, dict]:
    result = runner.invoke(app, ["run", *args, "--format", "json", "--no-backtranslate"], input=input)
    assert result.exit_code in (0, 1), result.output
    return result.exit_code, json.loads(result.stdout)


@pytest.fixture(scope="module")
def seed_report() -> dict:
    _, document = run_json(str(SEED))
    return document["articles"][0]


def test_document_shape_and_field_order():
    _, document = run_json(str(SEED))
    assert list(document) == ["version", "schema", "articles", "summary"]
    article = document["articles"][0]
    assert list(article) == ARTICLE_FIELDS
    for finding in article["findings"]:
        assert list(finding) == FINDING_FIELDS
    summary = document["summary"]
    assert summary["articles"] == 1 and summary["errors"] == 0
    assert set(summary["findings"]["by_severity"]) == {"critical", "major", "minor", "info"}


def test_every_offset_quotes_the_text(seed_report):
    text = seed_report["text"]
    spans = (seed_report["findings"] + seed_report["attributions"]
             + seed_report["origin_language"]["evidence"])
    assert spans
    for item in spans:
        assert text[item["start"]:item["end"]] == item["text"]


def test_seed_language_and_origin(seed_report):
    assert seed_report["language"]["code"] == "en"
    origin = seed_report["origin_language"]
    assert origin["code"] == "id" and origin["confidence"] >= 0.8
    evidence = {(e["kind"], e["text"]) for e in origin["evidence"]}
    assert ("dateline", "Jakarta, CNN Indonesia —") in evidence
    assert ("source-token", "AS") in evidence
    assert ("source-convention", "IWST") in evidence


def test_seed_attributions_and_provenance(seed_report):
    found = {(a["agency"], a["kind"]) for a in seed_report["attributions"]}
    assert {("AFP", "photo_credit"), ("AFP", "reported"), ("AFP", "quoted"), ("AFP", "told"),
            ("Axios", "reported"), ("CNN Indonesia", "dateline")} <= found
    credit = next(a for a in seed_report["attributions"] if a["kind"] == "photo_credit")
    assert credit["text"] == "(AFP/ANWAR AMRO)"
    assert seed_report["provenance"] == {"outlet": "CNN Indonesia", "agencies": ["AFP", "Axios"],
                                         "declared": None}


def test_seed_published_and_title(seed_report):
    assert seed_report["published"] == "Wednesday, 20 Dec 2023 20:35 IWST"
    assert seed_report["title"].startswith("Hamas leader Ismail Haniyeh secretly visits Egypt.")
    assert seed_report["text"] == SEED.read_text(encoding="utf-8")


def test_summary_counts_articles_per_agency(tmp_path):
    other = tmp_path / "reuters.txt"
    other.write_text("JAKARTA (Reuters) - Indonesia's central bank held rates steady on Thursday, "
                     "officials told Reuters.\n", encoding="utf-8")
    _, document = run_json(str(SEED), str(other))
    agencies = document["summary"]["agencies"]
    assert agencies["AFP"] == 1 and agencies["Reuters"] == 1 and agencies["CNN Indonesia"] == 1


def test_text_summary_is_the_default(tmp_path):
    result = runner.invoke(app, ["run", str(SEED), "--no-backtranslate"])
    assert result.exit_code == 0, result.output
    assert "cnn-indonesia-haniyeh-egypt.txt" in result.stdout
    assert "CNN Indonesia ← AFP, Axios" in result.stdout
    assert "1 article" in result.stdout
    verbose = runner.invoke(app, ["run", str(SEED), "--no-backtranslate", "-v"])
    assert "HamasIsmail" in verbose.stdout and "dateline" in verbose.stdout


def test_jsonl_is_one_article_per_line(tmp_path):
    batch = tmp_path / "batch.jsonl"
    batch.write_text('{"id": "a", "text": "The minister resigned on Monday."}\n{broken\n', encoding="utf-8")
    result = runner.invoke(app, ["run", str(batch), "--format", "jsonl", "--no-backtranslate"])
    assert result.exit_code == 0
    lines = result.stdout.strip().split("\n")
    assert [json.loads(line)["id"] for line in lines] == ["a", f"{batch}:2"]
    assert json.loads(lines[1])["error"].startswith("malformed JSON on line 2")


def test_bad_inputs_are_reported_not_fatal(tmp_path):
    (tmp_path / "bin.txt").write_bytes(b"\x00\x01\x02" * 100)
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "latin.txt").write_bytes("Caf\xe9".encode("latin-1") + b" au lait.")
    code, document = run_json(str(tmp_path), str(SEED))
    assert code == 0
    errors = {a["id"].rsplit("/", 1)[-1]: a["error"] for a in document["articles"]}
    assert errors["bin.txt"] == "binary file, not text"
    assert errors["empty.txt"] == "empty file"
    assert errors["latin.txt"].startswith("not valid UTF-8")
    assert errors["cnn-indonesia-haniyeh-egypt.txt"] is None
    assert document["summary"]["errors"] == 3


def test_a_path_that_does_not_exist_is_a_usage_error_and_the_others_are_reported(tmp_path):
    out = tmp_path / "r.json"
    result = runner.invoke(app, ["run", str(tmp_path / "nosuch"), str(SEED), "--format", "json",
                                 "--out", str(out), "--no-backtranslate"])
    assert result.exit_code == 2
    assert f"no such file or folder: {tmp_path / 'nosuch'}" in " ".join(result.output.split())
    document = json.loads(out.read_text(encoding="utf-8"))
    assert [a["id"] for a in document["articles"]] == [str(SEED)]  # not counted as an article
    assert document["summary"]["articles"] == 1
    alone = runner.invoke(app, ["run", str(tmp_path / "nosuch"), "--no-backtranslate"])
    assert alone.exit_code == 2 and "1 article" not in alone.output and "Error column" not in alone.output


def test_stdin():
    code, document = run_json("-", input="JAKARTA (Reuters) - Officials told Reuters the talks "
                                          "would resume on Monday in the capital.\n")
    (article,) = document["articles"]
    assert article["id"] == "<stdin>" and article["error"] is None
    assert article["provenance"]["outlet"] == "Reuters"


def test_exit_codes(tmp_path):
    assert runner.invoke(app, ["run", str(SEED), "--no-backtranslate", "--fail-on", "major"]).exit_code == 1
    clean = tmp_path / "clean.txt"
    clean.write_text("The minister said the talks would resume on Monday.\n", encoding="utf-8")
    assert runner.invoke(app, ["run", str(clean), "--no-backtranslate", "--fail-on", "info"]).exit_code == 0
    assert runner.invoke(app, ["run", str(clean), "--format", "yaml"]).exit_code == 2
    assert runner.invoke(app, ["run"]).exit_code == 2
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    assert runner.invoke(app, ["run", str(empty), "--no-backtranslate"]).exit_code == 0
    assert runner.invoke(app, ["run", str(empty), "--no-backtranslate", "--strict"]).exit_code == 1


def test_config_file_is_applied_and_bad_config_is_a_usage_error(tmp_path):
    config = tmp_path / "audit.toml"
    config.write_text('ignore = ["missing-space"]\nfail_on = "critical"\n', encoding="utf-8")
    result = runner.invoke(app, ["run", str(SEED), "--format", "json", "--no-backtranslate",
                                 "--config", str(config)])
    codes = {f["code"] for f in json.loads(result.stdout)["articles"][0]["findings"]}
    assert "missing-space" not in codes and codes
    bad = tmp_path / "bad.toml"
    bad.write_text('ignroe = ["x"]\n', encoding="utf-8")
    result = runner.invoke(app, ["run", str(SEED), "--config", str(bad)])
    assert result.exit_code == 2 and "unknown key(s) ignroe" in result.output


def test_out_is_written_atomically(tmp_path):
    out = tmp_path / "report.json"
    out.write_text("previous report", encoding="utf-8")
    result = runner.invoke(app, ["run", str(SEED), "--format", "json", "--out", str(out),
                                 "--no-backtranslate"])
    assert result.exit_code == 0
    assert json.loads(out.read_text(encoding="utf-8"))["summary"]["articles"] == 1
    assert [p.name for p in tmp_path.iterdir()] == ["report.json"]


def test_python_dash_m_and_version():
    result = subprocess.run([sys.executable, "-m", "audit", "--version"], capture_output=True,
                            text=True, cwd=REPO)
    assert result.returncode == 0 and result.stdout.startswith("audit ")


def test_checks_lists_every_code():
    result = runner.invoke(app, ["checks", "--format", "json"])
    assert result.exit_code == 0
    codes = {c["code"] for c in json.loads(result.stdout)}
    assert {"missing-space", "untranslated-token", "locale-convention", "role-confusion",
            "number-mismatch", "doubled-word", "spacing"} <= codes
