"""Ctrl-C mid-run and ``--workers N``, through the real ``audit run`` process.

Ctrl-C: the terminal sends SIGINT to the whole foreground process group (audit and its
worker processes), so the tests start audit in its own session and signal the group, at a
moment when the report is being written (its temporary file has content) or when the
back-translation cache has rows. Expected: exit status 130, no report and no temporary file,
no process left behind, a cache that SQLite finds intact and that a re-run uses (the rows of
the interrupted run are not translated again) to produce the report an uninterrupted run
gives.

Workers: ``--workers 2`` must write byte-identical reports to ``--workers 1`` on a mixed
batch with bad inputs (the robustness batch builder's, scaled down).
"""

from __future__ import annotations

import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import DATA_DIR, REPO, SEED, read_lines
from tiny_model import build_argosmodel

EXIT_INTERRUPTED = 130


def write_batch(path: Path, count: int, sentences: list[str], seed: int = 1) -> list[str]:
    """``count`` JSONL articles of six real sentences each; returns their ids."""
    rng = random.Random(seed)
    ids = []
    with open(path, "w", encoding="utf-8") as handle:
        for number in range(count):
            start = rng.randrange(0, len(sentences) - 6)
            ids.append(f"a{number:05d}")
            text = "\n\n".join(" ".join(sentences[i:i + 2]) for i in range(start, start + 6, 2))
            handle.write(json.dumps({"id": ids[-1], "text": text}) + "\n")
    return ids


def audit_command(*args: str) -> list[str]:
    return [sys.executable, "-m", "audit", "run", *args, "--no-progress"]


def interrupt_when(command: list[str], ready, *, cwd: Path, env: dict | None = None,
                   timeout: float = 240, grace: float = 60) -> subprocess.CompletedProcess:
    """Start ``command`` in its own session; once ``ready(pid)`` is true, Ctrl-C its group."""
    proc = subprocess.Popen(command, cwd=cwd, env=env, stdin=subprocess.DEVNULL,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            start_new_session=True)
    deadline = time.monotonic() + timeout
    try:
        while not ready(proc.pid):
            if proc.poll() is not None:
                out, err = proc.communicate()
                why = ("finished before it could be interrupted: make the batch bigger"
                       if proc.returncode == 0 else f"failed (exit {proc.returncode})")
                pytest.fail(f"audit {why}\n{err.decode()[-2000:]}")
            if time.monotonic() > deadline:
                pytest.fail("the interrupt point was never reached")
            time.sleep(0.02)
        os.killpg(proc.pid, signal.SIGINT)
        try:
            out, err = proc.communicate(timeout=grace)
        except subprocess.TimeoutExpired:
            pytest.fail(f"audit still running {grace:.0f} s after Ctrl-C: it hangs")
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
    time.sleep(0.2)
    with pytest.raises(ProcessLookupError):  # no worker process outlived the interrupt
        os.killpg(proc.pid, 0)
    return subprocess.CompletedProcess(command, proc.returncode, out, err)


def temp_reports(folder: Path) -> list[Path]:
    return [p for p in folder.iterdir() if p.name.startswith(".") and p.name.endswith(".tmp")]


def report_in_progress(pid: int, folder: Path) -> bool:
    """Has ``pid`` written part of a report in ``folder``? The report is an unnamed file
    (O_TMPFILE) open in the process, or a named ``.NAME.XXXX.tmp`` where that is unsupported."""
    if any(p.stat().st_size > 0 for p in temp_reports(folder)):
        return True
    try:
        fds = os.listdir(f"/proc/{pid}/fd")
    except OSError:
        return False
    for fd in fds:
        try:
            target = os.readlink(f"/proc/{pid}/fd/{fd}")
            if target.startswith(str(folder) + "/") and os.stat(f"/proc/{pid}/fd/{fd}").st_size:
                return True
        except OSError:
            continue
    return False


@pytest.fixture(scope="module")
def sentences() -> list[str]:
    return read_lines("news_valid.en")


# A pool worker that took the Ctrl-C itself could die holding the task queue's lock, and then
# Pool.terminate() in the main process waited for that lock forever; workers now ignore
# SIGINT (audit/pipeline.py, _init_worker), and the workers=2 case proves it.


@pytest.mark.parametrize("workers", ["1", "2"])
def test_ctrl_c_while_the_report_is_written_leaves_no_report(tmp_path, sentences, workers):
    batch = tmp_path / "batch.jsonl"
    write_batch(batch, 6000, sentences)
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    out = out_dir / "report.json"

    def writing(pid: int) -> bool:  # some articles are already in the temporary file
        return report_in_progress(pid, out_dir)

    done = interrupt_when(audit_command(str(batch), "--format", "json", "--out", str(out),
                                        "--no-backtranslate", "--workers", workers),
                          writing, cwd=tmp_path, grace=30)
    stderr = done.stderr.decode()
    assert done.returncode == EXIT_INTERRUPTED, stderr
    assert "interrupted; no report was written" in stderr
    assert "Traceback" not in stderr
    assert list(out_dir.iterdir()) == []  # neither the report nor its temporary file


def test_ctrl_c_keeps_an_existing_report_untouched(tmp_path, sentences):
    batch = tmp_path / "batch.jsonl"
    write_batch(batch, 6000, sentences)
    out = tmp_path / "report.jsonl"
    out.write_text("the previous report\n", encoding="utf-8")
    done = interrupt_when(audit_command(str(batch), "--format", "jsonl", "--out", str(out),
                                        "--no-backtranslate"),
                          lambda pid: report_in_progress(pid, tmp_path),
                          cwd=tmp_path)
    assert done.returncode == EXIT_INTERRUPTED, done.stderr.decode()
    assert out.read_text(encoding="utf-8") == "the previous report\n"
    assert temp_reports(tmp_path) == []


# --------------------------------------------------------------------------------------------
# Back-translation cache: interrupted, intact, resumed
# --------------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def models_dir(tmp_path_factory) -> Path:
    """en→id and id→en tiny random-weight Argos packages, installed (see tiny_model.py)."""
    from audit.backtranslate import models as store

    archives = tmp_path_factory.mktemp("archives")
    folder = tmp_path_factory.mktemp("models")
    for pair in (("en", "id"), ("id", "en")):
        store.install_archive(build_argosmodel(*pair, archives), folder)
    return folder


def cache_rows(path: Path) -> dict[str, float]:
    """key → created time of every committed row (read-only, while audit may be writing)."""
    if not path.is_file():
        return {}
    try:
        db = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=30)
        try:
            return dict(db.execute("SELECT key, created FROM translations"))
        finally:
            db.close()
    except sqlite3.OperationalError:  # the table is not created yet
        return {}


def short_sentence_batch(path: Path, count: int, sentences: list[str]) -> list[str]:
    """Articles of two short real sentences: random-weight models decode up to the input's
    length, so short inputs keep a back-translated run to seconds."""
    short = [s for s in sentences if 5 <= len(s.split()) <= 9]
    rng = random.Random(3)
    ids = [f"bt{number:04d}" for number in range(count)]
    with open(path, "w", encoding="utf-8") as handle:
        for article_id in ids:
            handle.write(json.dumps({"id": article_id, "text": " ".join(rng.sample(short, 2))})
                         + "\n")
    return ids


def test_ctrl_c_during_back_translation_keeps_the_cache_and_a_rerun_resumes(
        tmp_path, sentences, models_dir):
    batch = tmp_path / "batch.jsonl"
    ids = short_sentence_batch(batch, 180, sentences)
    out = tmp_path / "report.json"
    command = audit_command(str(batch), "--format", "json", "--out", str(out), "--models-dir",
                            str(models_dir), "--via", "id", "--beam-size", "1")
    # The default cache, $XDG_CACHE_HOME/audit/backtranslate.sqlite3, as an editor would use it.
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path / "xdg-cache")}
    cache = tmp_path / "xdg-cache" / "audit" / "backtranslate.sqlite3"

    done = interrupt_when(command, lambda pid: len(cache_rows(cache)) > 0, cwd=tmp_path, env=env)
    assert done.returncode == EXIT_INTERRUPTED, done.stderr.decode()
    assert "Translations done so far are cached" in done.stderr.decode()
    assert not out.exists() and temp_reports(tmp_path) == []

    db = sqlite3.connect(cache)
    assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    db.close()
    before = cache_rows(cache)
    assert before, "the interrupted run committed translations"

    resumed = subprocess.run(command, cwd=tmp_path, env=env, capture_output=True, timeout=600)
    assert resumed.returncode == 0, resumed.stderr.decode()
    after = cache_rows(cache)
    # Every row of the interrupted run is still there and was not translated again.
    assert {key: after.get(key) for key in before} == before
    assert len(after) > len(before)

    report = json.loads(out.read_text(encoding="utf-8"))
    assert [a["id"] for a in report["articles"]] == ids
    statuses = [a["backtranslation"]["status"] for a in report["articles"]]
    assert statuses.count("ok") > len(ids) // 2, statuses  # a few are too short to detect

    # The resumed report is the one an uninterrupted run with an empty cache writes.
    fresh = tmp_path / "fresh.json"
    fresh_command = [fresh if part == str(out) else part for part in command]
    clean = subprocess.run([str(part) for part in fresh_command], cwd=tmp_path,
                           env={**env, "XDG_CACHE_HOME": str(tmp_path / "fresh-cache")},
                           capture_output=True, timeout=600)
    assert clean.returncode == 0, clean.stderr.decode()
    assert (tmp_path / "fresh-cache" / "audit" / "backtranslate.sqlite3").is_file()
    assert fresh.read_bytes() == out.read_bytes()


# --------------------------------------------------------------------------------------------
# --workers N: identical output
# --------------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def mixed_batch(tmp_path_factory):
    from robust_batch import build_batch

    if not (DATA_DIR / "news_valid.en").is_file():
        pytest.skip(f"real data not found at {DATA_DIR}")
    root = tmp_path_factory.mktemp("mixed")
    return build_batch(root / "in", total=240, seed=11, huge_mb=25, unreadable=False)


@pytest.mark.parametrize("fmt", ["json", "csv"])
def test_workers_write_byte_identical_reports(mixed_batch, tmp_path, fmt):
    reports = {}
    for workers in ("1", "2"):
        out = tmp_path / f"w{workers}.{fmt}"
        done = subprocess.run(audit_command(*mixed_batch.args, str(SEED), "--format", fmt,
                                            "--out", str(out), "--no-backtranslate",
                                            "--workers", workers),
                              cwd=REPO, capture_output=True, timeout=600)
        assert done.returncode == 0, done.stderr.decode()
        reports[workers] = out.read_bytes()
    assert reports["1"] == reports["2"]
    if fmt == "json":
        articles = json.loads(reports["1"])["articles"]
        assert len(articles) == len(mixed_batch.inputs) + 1  # the batch and the seed
        assert sum(1 for a in articles if a["error"]) == len(mixed_batch.bad)
        assert any(a["findings"] for a in articles)
