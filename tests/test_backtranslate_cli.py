"""Back-translation through the real `audit` command line, with tiny random-weight models.

These go through ``audit.cli.app`` (where ``models`` is mounted) exactly as an editor
would: install the .argosmodel files, list them, run ``audit run --format json`` on real
articles with ``--models-dir``, re-run it and check the cache served every translation,
and run it with networking unavailable in a fresh interpreter.
"""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from typer.testing import CliRunner

from conftest import SEED
from test_backtranslate import (ID_TEXT, archives, counting_engine,  # noqa: F401 (fixtures)
                                isolated)
from tiny_model import REPO_ROOT

from audit.cli import app

runner = CliRunner()

SENTENCE_FIELDS = ["start", "end", "source", "forward", "round_trip", "chrf", "bleu", "ter",
                   "error"]
RECORD_FIELDS = ["status", "reason", "install", "direction", "route", "models", "threshold",
                 "scores", "sentences", "reference", "device", "compute_type"]
# A real sentence pair from the project corpus (news_valid, line 1).
SOURCE_ID = ("Pemerintah Indonesia berencana menambah kuota haji tahun depan. "
             "Menteri Agama mengatakan keputusan itu diambil setelah pertemuan dengan Arab Saudi.")
PUBLISHED_EN = ("The Indonesian government plans to increase the hajj quota next year. "
                "The Minister of Religious Affairs said the decision was taken after a meeting "
                "with Saudi Arabia.")


def audit(*args: str):
    result = runner.invoke(app, [str(a) for a in args])
    return result


@pytest.fixture
def models_dir(tmp_path, archives) -> Path:  # noqa: F811
    """en→id and id→en installed through `audit models install PATH.argosmodel`."""
    folder = tmp_path / "models"
    for pair in [("en", "id"), ("id", "en")]:
        result = audit("models", "install", archives[pair], "--models-dir", folder)
        assert result.exit_code == 0, result.output
    return folder


@pytest.fixture
def inputs(tmp_path) -> Path:
    """The seed article (English, origin id), an Indonesian article, one with source_text."""
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a-seed.txt").write_text(SEED.read_text(encoding="utf-8"), encoding="utf-8")
    (folder / "b-indonesian.txt").write_text(ID_TEXT + "\n", encoding="utf-8")
    (folder / "c-sourced.json").write_text(json.dumps({
        "id": "sourced", "text": PUBLISHED_EN, "source_text": SOURCE_ID,
        "source_language": "id"}), encoding="utf-8")
    return folder


def run_json(*args) -> tuple[int, dict]:
    result = audit("run", *args, "--format", "json", "--no-progress")
    assert result.exit_code in (0, 1), result.output
    return result.exit_code, json.loads(result.stdout)


def by_id(document: dict) -> dict[str, dict]:
    return {Path(a["source"]).name: a for a in document["articles"]}


# --- models commands through the main app ---------------------------------------------


def test_models_commands_are_mounted_on_audit(tmp_path, archives):  # noqa: F811
    assert "models" in audit("--help").output
    folder = tmp_path / "m"
    result = audit("models", "install", archives[("en", "id")], "--models-dir", folder)
    assert result.exit_code == 0, result.output
    assert result.output.startswith("Installed translate-en_id 0.1 (en→id) in ")

    listing = json.loads(audit("models", "list", "--json", "--models-dir", folder).stdout)
    assert [(m["id"], m["from"], m["to"]) for m in listing["installed"]] == [
        ("translate-en_id", "en", "id")]
    assert listing["round_trips"] == []  # one direction only: no round trip yet
    table = audit("models", "list", "--models-dir", folder).output
    assert "translate-en_id" in table and "No complete round trip yet" in table

    assert audit("models", "install", archives[("id", "en")], "--models-dir",
                 folder).exit_code == 0
    assert "Round trips: en→id→en" in audit("models", "list", "--models-dir", folder).output

    result = audit("models", "remove", "en", "id", "--models-dir", folder)
    assert result.exit_code == 0 and "Removed translate-en_id" in result.output
    listing = json.loads(audit("models", "list", "--json", "--models-dir", folder).stdout)
    assert [m["id"] for m in listing["installed"]] == ["translate-id_en"]
    assert audit("models", "remove", "en", "id", "--models-dir", folder).exit_code == 1


# --- audit run ------------------------------------------------------------------------


def test_audit_run_end_to_end_then_rerun_from_cache(tmp_path, models_dir, inputs, monkeypatch):
    cache = tmp_path / "cache"
    cache.mkdir()
    wrappers = counting_engine(monkeypatch)
    args = [inputs, "--models-dir", models_dir, "--cache-dir", cache]
    _, first = run_json(*args)
    calls = sum(len(w.calls) for w in wrappers)
    sentences_sent = sum(len(c) for w in wrappers for c in w.calls)
    articles = by_id(first)

    # the seed: English from Indonesian, so en→id→en
    seed = articles["a-seed.txt"]
    bt = seed["backtranslation"]
    assert list(bt) == RECORD_FIELDS
    assert bt["status"] == "ok" and bt["reason"] is None and bt["install"] is None
    assert bt["direction"] == "en→id→en" and bt["route"] == "en→id→en"
    assert bt["models"] == ["translate-en_id", "translate-id_en"]
    assert bt["threshold"] == 35.0 and set(bt["scores"]) == {"chrf", "bleu", "ter"}
    assert len(bt["sentences"]) >= 15
    for entry in bt["sentences"]:
        assert list(entry) == SENTENCE_FIELDS
        assert seed["text"][entry["start"]:entry["end"]] == entry["source"]
        assert entry["error"] is None and entry["forward"] and entry["round_trip"]
        assert 0 <= entry["chrf"] <= 100 and 0 <= entry["bleu"] <= 100 and entry["ter"] >= 0
    divergent = [f for f in seed["findings"] if f["code"] == "round-trip-divergence"]
    assert divergent, "nonsense round trips must fall below the default threshold"
    flagged = {(e["start"], e["end"]) for e in bt["sentences"] if e["chrf"] < bt["threshold"]}
    for finding in divergent:
        assert (finding["start"], finding["end"]) in flagged
        assert finding["category"] == "accuracy/mistranslation"
        assert finding["severity"] in ("major", "minor", "info")
        assert finding["fingerprint"] and seed["text"][finding["start"]:finding["end"]] == \
            finding["text"]
    assert {f["code"] for f in seed["findings"]} > {"round-trip-divergence"}  # others stand

    # an Indonesian article: the English gloss, then back to Indonesian
    native = articles["b-indonesian.txt"]["backtranslation"]
    assert native["status"] == "ok" and native["direction"] == "id→en→id"
    assert native["models"] == ["translate-id_en", "translate-en_id"]

    # source_text given: the published translation scored against the model's translation
    reference = articles["c-sourced.json"]["backtranslation"]["reference"]
    assert reference["status"] == "ok" and reference["direction"] == "id→en"
    assert reference["models"] == ["translate-id_en"]
    assert set(reference["scores"]) == {"chrf", "bleu", "ter"}
    assert [SOURCE_ID[s["start"]:s["end"]] for s in reference["sentences"]] == [
        s["source"] for s in reference["sentences"]]

    summary = first["summary"]
    assert summary["backtranslation"] == {"ok": 3}
    assert summary["findings"]["by_code"]["round-trip-divergence"] >= len(divergent)

    # the cache: one file in --cache-dir, one row per distinct (model, sentence)
    with sqlite3.connect(cache / "backtranslate.sqlite3") as db:
        rows = db.execute("SELECT COUNT(*) FROM translations").fetchone()[0]
    assert rows == sentences_sent > 0 and calls > 0

    # re-run: byte-identical articles, and not one sentence given to CTranslate2
    _, second = run_json(*args)
    assert sum(len(w.calls) for w in wrappers) == calls
    assert second["articles"] == first["articles"]


def test_batch_is_translated_in_a_few_large_calls(tmp_path, models_dir, monkeypatch):
    """Twelve articles with shared sentences: one call per leg, each sentence once."""
    folder = tmp_path / "many"
    folder.mkdir()
    seed = SEED.read_text(encoding="utf-8")
    for i in range(12):
        (folder / f"{i:02}.txt").write_text(seed, encoding="utf-8")
    wrappers = counting_engine(monkeypatch)
    _, document = run_json(folder, "--models-dir", models_dir, "--no-cache", "--beam-size", "1")
    per_article = len(document["articles"][0]["backtranslation"]["sentences"])
    assert all(a["backtranslation"]["status"] == "ok" for a in document["articles"])
    sent = [tokens for w in wrappers for call in w.calls for tokens in call]
    assert len(sent) <= 2 * per_article  # each distinct sentence once per leg, not 12 times
    # one call per token length and leg (batches never mix lengths), not one per article
    assert sum(len(w.calls) for w in wrappers) <= 2 * per_article
    assert sum(len(w.calls) for w in wrappers) == len(
        {(i, len(t)) for i, w in enumerate(wrappers) for call in w.calls for t in call})


def test_flags_threshold_beam_no_cache(tmp_path, models_dir, inputs, isolated):  # noqa: F811
    _, document = run_json(inputs / "a-seed.txt", "--models-dir", models_dir,
                           "--round-trip-threshold", "0", "--beam-size", "1", "--no-cache")
    article = document["articles"][0]
    assert article["backtranslation"]["status"] == "ok"
    assert article["backtranslation"]["threshold"] == 0.0
    assert not [f for f in article["findings"] if f["code"] == "round-trip-divergence"]
    assert not (isolated / "cache" / "audit" / "backtranslate.sqlite3").exists()


def test_configuration_sets_threshold_and_severity(tmp_path, models_dir, inputs):
    config = tmp_path / "audit.toml"
    config.write_text('[backtranslation]\nthreshold = 100\nbeam_size = 1\n\n'
                      '[severity]\n"round-trip-divergence" = "info"\n', encoding="utf-8")
    _, document = run_json(inputs / "b-indonesian.txt", "--models-dir", models_dir,
                           "--no-cache", "--config", config)
    article = document["articles"][0]
    assert article["backtranslation"]["threshold"] == 100.0
    divergent = [f for f in article["findings"] if f["code"] == "round-trip-divergence"]
    assert len(divergent) == 2 and {f["severity"] for f in divergent} == {"info"}
    assert "English gloss" in divergent[0]["message"]

    _, document = run_json(inputs / "b-indonesian.txt", "--models-dir", models_dir,
                           "--no-cache", "--config", config, "--round-trip-threshold", "0")
    assert document["articles"][0]["backtranslation"]["threshold"] == 0.0  # the flag wins


def test_no_backtranslate_and_missing_models(tmp_path, inputs):
    _, off = run_json(inputs / "a-seed.txt", "--no-backtranslate")
    assert off["articles"][0]["backtranslation"] is None
    assert off["summary"]["backtranslation"] == {}

    empty = tmp_path / "empty"
    code, document = run_json(inputs / "a-seed.txt", "--models-dir", empty, "--no-cache")
    article = document["articles"][0]
    bt = article["backtranslation"]
    assert bt["status"] == "skipped" and bt["sentences"] == []
    assert bt["reason"] == "no Argos model installed for en→id and id→en"
    assert bt["install"] == (f"audit models install en id --models-dir {empty} && "
                             f"audit models install id en --models-dir {empty}")
    assert document["summary"]["backtranslation"] == {"skipped": 1}
    assert {f["code"] for f in article["findings"]} == {
        f["code"] for f in off["articles"][0]["findings"]}  # the rest of the audit ran
    assert code == 0


def test_audit_run_offline_in_a_fresh_interpreter(tmp_path, archives):  # noqa: F811
    """No network at all: install from files, `audit run` translates, nothing tries to connect.

    Every way of opening a connection or resolving a name raises and is recorded, so a
    download attempt anywhere (argostranslate's sentencizer, an index fetch) would show
    up as an attempt or as a failed run. The heavy modules that would download are never
    even imported.
    """
    script = textwrap.dedent("""
        import json, socket, sys
        attempts = []
        def refuse(*args, **kwargs):
            attempts.append(repr(args)[:80])
            raise OSError("network disabled by test")
        socket.socket.connect = socket.socket.connect_ex = refuse
        socket.create_connection = socket.getaddrinfo = refuse
        from audit.cli import app
        models, cache, out, seed, *archives = sys.argv[1:]
        for archive in archives:
            try:
                app(["models", "install", archive, "--models-dir", models])
            except SystemExit as stop:
                assert not stop.code, stop.code
        try:
            app(["run", seed, "--format", "json", "--out", out, "--models-dir", models,
                 "--cache-dir", cache, "--no-progress"])
        except SystemExit as stop:
            assert stop.code in (0, 1, None), stop.code
        heavy = [m for m in ("argostranslate.translate", "argostranslate.sbd", "stanza",
                             "minisbd", "torch") if m in sys.modules]
        print("RESULT", json.dumps({"attempts": attempts, "heavy": heavy}))
    """)
    out = tmp_path / "report.json"
    (tmp_path / "cache").mkdir()
    env = {**os.environ, "PYTHONPATH": str(REPO_ROOT)}
    done = subprocess.run(
        [sys.executable, "-c", script, str(tmp_path / "models"), str(tmp_path / "cache"),
         str(out), str(SEED), str(archives[("en", "id")]), str(archives[("id", "en")])],
        capture_output=True, text=True, env=env, timeout=300)
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout.split("RESULT", 1)[1])
    assert result == {"attempts": [], "heavy": []}
    bt = json.loads(out.read_text(encoding="utf-8"))["articles"][0]["backtranslation"]
    assert bt["status"] == "ok", bt
    assert bt["sentences"] and all(s["round_trip"] and s["chrf"] is not None
                                   for s in bt["sentences"])
    assert (tmp_path / "cache" / "backtranslate.sqlite3").is_file()
