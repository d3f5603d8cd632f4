"""Robustness: a batch survives anything, every input is in the report, errors say what and where.

Two layers:

* reader regressions: inputs that used to crash the batch, hang it, vanish from the report
  or produce a report that cannot be written (each test here failed before its fix);
* a scaled-down robustness batch (a few hundred inputs, one or more of every bad kind,
  a sparse 50 MB file), run through ``audit run`` as a subprocess, checked input by input
  against the manifest the builder wrote (``tests/robust_batch.py``, shared with
  ``benchmarks/robustness.py`` which runs the 10,000-input version).
"""

from __future__ import annotations

import io
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from audit.ingest import ReadOptions, Skipped, iter_articles
from robust_batch import (BAD_KINDS, build_batch, can_drop_privileges, check_report,
                          read_jsonl_report, run_audit)

REPO = Path(__file__).resolve().parents[1]


def read(*inputs, stdin: bytes | None = None, **options):
    return list(iter_articles([str(i) for i in inputs], ReadOptions(**options),
                              stdin=io.BytesIO(stdin) if stdin is not None else None))


def audit_cli(*args: str, stdin: bytes | None = None, timeout: float = 120,
              cwd: Path | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "audit", *args], input=stdin,
                          capture_output=True, timeout=timeout, cwd=cwd or REPO)


# --------------------------------------------------------------------------------------------
# Reader regressions
# --------------------------------------------------------------------------------------------

def test_empty_jsonl_file_is_reported_not_dropped(tmp_path):
    (tmp_path / "a-empty.jsonl").write_bytes(b"")
    (tmp_path / "b-blank.jsonl").write_bytes(b"\n  \n\r\n")
    empty, blank = read(tmp_path / "a-empty.jsonl", tmp_path / "b-blank.jsonl")
    assert empty.id == str(tmp_path / "a-empty.jsonl")
    assert empty.error == "empty file"
    assert blank.id == str(tmp_path / "b-blank.jsonl")
    assert blank.error == "no records: the file has only blank lines"


def test_integer_too_long_for_python_is_an_error_not_a_crash(tmp_path):
    huge_number = "9" * 5000  # json.loads raises a plain ValueError (int max str digits)
    (tmp_path / "a.jsonl").write_text(f'{{"text":"ok"}}\n{{"id":{huge_number},"text":"x"}}\n')
    (tmp_path / "b.json").write_text(f'{{"id":{huge_number},"text":"x"}}')
    good, bad_line, bad_doc = read(tmp_path / "a.jsonl", tmp_path / "b.json")
    assert good.error is None
    assert bad_line.id == f"{tmp_path / 'a.jsonl'}:2"
    assert bad_line.error.startswith("unreadable JSON on line 2: ")
    assert "4300 digits" in bad_line.error
    assert "set_int_max_str_digits" not in bad_line.error  # Python internals are not for editors
    assert bad_doc.error.startswith("unreadable JSON: ")


def test_lone_surrogate_in_a_json_string_is_an_error_so_the_report_stays_writable(tmp_path):
    path = tmp_path / "a.jsonl"
    path.write_text('{"id":"s1","text":"Jakarta \\ud800 news"}\n'
                    '{"id":"s2","text":"fine","title":"x\\udfff"}\n'
                    '{"id":"s3","text":"pair \\ud83d\\ude00 is fine"}\n')
    first, second, third = read(path)
    assert first.error == ("line 1: 'text' has an invalid character at position 8: a lone "
                           "surrogate \\ud800 (broken UTF-16 in the export)")
    assert second.error.startswith("line 2: 'title' has an invalid character at position 1")
    assert third.error is None and third.text == "pair \U0001F600 is fine"
    for article in (first, second, third):  # nothing that reaches the writer is unencodable
        json.dumps(article.text, ensure_ascii=False).encode("utf-8")


def test_lone_surrogate_in_id_is_escaped_not_fatal(tmp_path):
    path = tmp_path / "a.jsonl"
    path.write_text('{"id":"x\\udc00y","text":"Some news text here."}\n')
    (article,) = read(path)
    assert article.error is None
    assert article.id == "x\\udc00y"
    article.id.encode("utf-8")


def test_undecodable_file_name_gets_a_printable_id(tmp_path):
    folder = tmp_path / "batch"
    folder.mkdir()
    raw = os.fsencode(folder) + b"/caf\xe9.txt"  # a Latin-1 name from an old zip
    with open(raw, "wb") as handle:
        handle.write(b"Some news text here.\n")
    (article,) = read(folder)
    assert article.error is None
    assert article.id == f"{folder}/caf\\xe9.txt"
    assert article.source == article.id
    article.id.encode("utf-8")


def test_generated_ids_never_collide_with_given_ones(tmp_path):
    path = tmp_path / "a.jsonl"
    lines = [{"id": "a", "text": "x"}, {"id": "a", "text": "x"}, {"id": "a~2", "text": "x"},
             {"id": "a", "text": "x"}, {"id": "a~3", "text": "x"}]
    path.write_text("".join(json.dumps(line) + "\n" for line in lines))
    ids = [a.id for a in read(path)]
    assert len(ids) == len(set(ids)) == 5, ids
    assert ids[:2] == ["a", "a~2"]


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes on this platform")
def test_named_pipe_and_broken_link_in_a_folder_do_not_hang_the_batch(tmp_path):
    folder = tmp_path / "batch"
    folder.mkdir()
    os.mkfifo(folder / "a-pipe.txt")
    (folder / "b-link.txt").symlink_to(folder / "missing.txt")
    (folder / "c.txt").write_text("Some news text here.\n")
    code = ("import sys; from audit.ingest import iter_articles\n"
            "for a in iter_articles([sys.argv[1]]): print(a.id, '|', a.error)")
    # In a subprocess with a timeout: before the fix, opening the pipe blocked forever.
    done = subprocess.run([sys.executable, "-c", code, str(folder)], capture_output=True,
                          text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines == [
        f"{folder}/a-pipe.txt | not a regular file: a named pipe (FIFO); skipped",
        f"{folder}/b-link.txt | broken symbolic link to {folder}/missing.txt",
        f"{folder}/c.txt | None",
    ]


def test_oversized_jsonl_line_is_not_read_into_memory_whole(tmp_path):
    path = tmp_path / "a.jsonl"
    with open(path, "wb") as handle:
        handle.write(b'{"text":"first"}\n')
        handle.write(b'{"text":"' + b"x" * (3 * 1024 * 1024) + b'"}\n')
        handle.write(b'{"text":"third"}\n')
    first, big, third = read(path, max_bytes=1024 * 1024)
    assert first.text == "first" and third.text == "third"
    assert big.id == f"{path}:2"
    assert big.error == ("line 2: record too large: 3.0 MB, the limit is 1.0 MB "
                         "(raise it with --max-bytes)")


def test_oversized_line_is_consumed_in_bounded_reads(tmp_path, monkeypatch):
    """The reader never asks the file for more than the limit (+1) at once."""
    import audit.ingest.files as ingest

    path = tmp_path / "a.jsonl"
    path.write_bytes(b'{"text":"' + b"y" * 500_000 + b'"}\n{"text":"after"}\n')
    biggest = []
    real_open = open

    class Spy(io.BufferedReader):
        def readline(self, size=-1):
            biggest.append(size)
            return super().readline(size)

        def __iter__(self):  # iterating a file reads whole lines: what the fix removes
            raise AssertionError("JSONL must be read with bounded readline calls")

    def spy_open(file, mode="r", *args, **kwargs):
        if mode == "rb" and Path(file) == path:
            return Spy(io.FileIO(file, "rb"))
        return real_open(file, mode, *args, **kwargs)

    monkeypatch.setattr(ingest, "open", spy_open, raising=False)
    big, after = read(path, max_bytes=10_000)
    assert big.error.startswith("line 1: record too large: 488.3 KB")
    assert after.text == "after"
    assert biggest and all(0 < size <= 1024 * 1024 for size in biggest)


def test_invalid_utf8_inside_a_jsonl_line_names_the_file_line_and_column(tmp_path):
    path = tmp_path / "a.jsonl"
    path.write_bytes(b'{"text":"ok"}\n{"text":"caf\xe9"}\n')
    _, bad = read(path)
    assert bad.error == ("line 2: not valid UTF-8: byte 0xe9 at column 13; if the file is "
                         "Latin-1 or Windows-1252, convert it to UTF-8 or re-run with "
                         "--encoding cp1252")


def test_utf16_text_is_named_as_such_not_called_binary(tmp_path):
    path = tmp_path / "a.txt"
    path.write_bytes("Berita dari Jakarta hari ini.\n".encode("utf-16"))
    (article,) = read(path)
    assert article.error == ("UTF-16 text (it starts with a UTF-16 byte order mark): convert it "
                             "to UTF-8 or re-run with --encoding utf-16")
    (ok,) = read(path, encoding="utf-16")
    assert ok.error is None and ok.text.startswith("Berita")


def test_the_reader_accepts_what_it_documents_after_the_fixes(tmp_path):
    """Guard against the fixes above turning good input into errors."""
    (tmp_path / "a.jsonl").write_text('{"id":"1","text":"One."}\n\n{"id":"2","text":"Two."}\n')
    (tmp_path / "b.txt").write_text("Plain text article.\n")
    ids = [(a.id, a.error) for a in read(tmp_path / "a.jsonl", tmp_path / "b.txt")]
    assert ids == [("1", None), ("2", None), (str(tmp_path / "b.txt"), None)]


# --------------------------------------------------------------------------------------------
# Writing the report
# --------------------------------------------------------------------------------------------

def test_out_folder_missing_is_a_clear_usage_error(tmp_path):
    (tmp_path / "a.txt").write_text("Some news text here.\n")
    target = tmp_path / "no-such-folder" / "report.jsonl"
    done = audit_cli("run", str(tmp_path / "a.txt"), "--no-backtranslate", "--format", "jsonl",
                     "--out", str(target))
    stderr = " ".join(done.stderr.decode().split())  # rich wraps long lines
    assert done.returncode == 2, stderr
    assert f"cannot write the report to {target}: No such file or directory" in stderr
    assert "Traceback" not in stderr
    assert not target.exists()


def test_out_is_a_folder_leaves_no_temp_file(tmp_path):
    (tmp_path / "a.txt").write_text("Some news text here.\n")
    target = tmp_path / "report"
    target.mkdir()
    done = audit_cli("run", str(tmp_path / "a.txt"), "--no-backtranslate", "--format", "jsonl",
                     "--out", str(target))
    stderr = " ".join(done.stderr.decode().split())
    assert done.returncode == 2, stderr
    assert f"cannot write the report to {target}: Is a directory" in stderr
    assert "Traceback" not in stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.txt", "report"]
    assert list(target.iterdir()) == []


def test_closed_stdout_pipe_exits_quietly(tmp_path):
    path = tmp_path / "a.jsonl"
    path.write_text("".join(json.dumps({"id": str(i), "text": "Some news text here."}) + "\n"
                            for i in range(400)))
    # `audit run … | head -1`: the reader goes away after one line.
    proc = subprocess.Popen([sys.executable, "-m", "audit", "run", str(path), "--format", "jsonl",
                             "--no-backtranslate"], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, cwd=REPO)
    first = proc.stdout.readline()
    proc.stdout.close()
    stderr = proc.stderr.read().decode()
    proc.wait(timeout=120)
    assert json.loads(first)["id"] == "0"
    assert proc.returncode == 141, stderr  # as if killed by SIGPIPE, like `yes | head`
    assert "Traceback" not in stderr and "Exception ignored" not in stderr, stderr


# --------------------------------------------------------------------------------------------
# The scaled-down robustness batch
# --------------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def batch_dir():
    # Not pytest's tmp_path: its parent is private to root, and the run may drop to `nobody`.
    root = Path(tempfile.mkdtemp(prefix="audit-robust-"))
    os.chmod(root, 0o755)
    yield root
    _rmtree(root)


def _rmtree(root: Path) -> None:
    for folder, dirs, files in os.walk(root):
        for name in dirs + files:
            path = os.path.join(folder, name)
            if not os.path.islink(path):
                os.chmod(path, 0o700)
    shutil.rmtree(root, ignore_errors=True)


def test_small_robustness_batch_every_input_reported_once_with_the_right_error(batch_dir):
    batch = build_batch(batch_dir / "in", total=300, seed=5, huge_mb=50)
    kinds = {item.kind for item in batch.inputs}
    missing = set(BAD_KINDS) - kinds
    if not can_drop_privileges():
        missing -= {"unreadable-file", "unreadable-folder"}
    assert not missing, f"builder left out bad kinds {missing}"
    assert (batch_dir / "in").exists()
    out = batch_dir / "out" / "report.jsonl"
    result = run_audit(batch, out, extra=["--no-backtranslate"], timeout=600)
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    report = read_jsonl_report(out)
    problems = check_report(batch, report)
    assert not problems, "\n".join(problems[:30])
    errors = sum(1 for record in report if record["error"])
    assert errors == len(batch.bad) > 0
    # The sparse 50 MB file was refused by its size, not read: peak memory stays small.
    assert result.peak_rss_mb < 1024, result.peak_rss_mb


def test_unreadable_inputs_are_reported_when_permissions_really_apply(batch_dir):
    """Under root, audit runs without its file privileges (root ignores permissions)."""
    if not can_drop_privileges():
        pytest.skip("running as root and can neither drop CAP_DAC_OVERRIDE (setpriv) nor "
                    "switch to user 'nobody': permissions would not apply")
    root = batch_dir / "perm"
    root.mkdir()
    os.chmod(root, 0o755)
    (root / "a.txt").write_text("Readable news text here.\n")
    (root / "b.txt").write_text("Unreadable news text here.\n")
    (root / "c").mkdir()
    (root / "c" / "d.txt").write_text("Hidden behind a closed folder.\n")
    (root / "e.jsonl").write_text('{"text":"x"}\n')
    for path in (root / "a.txt", root / "c" / "d.txt"):
        os.chmod(path, 0o644)
    os.chmod(root / "b.txt", 0)
    os.chmod(root / "c", 0)
    os.chmod(root / "e.jsonl", 0)
    from robust_batch import Batch, Input
    batch = Batch(root=root, args=[str(root)], inputs=[
        Input(str(root / "a.txt"), "good", None),
        Input(str(root / "b.txt"), "unreadable-file", r"^cannot read file: Permission denied$"),
        Input(str(root / "c"), "unreadable-folder", r"^cannot list folder: Permission denied$"),
        Input(str(root / "e.jsonl"), "unreadable-file", r"^cannot read file: Permission denied$"),
    ])
    out = batch_dir / "perm-out" / "report.jsonl"
    result = run_audit(batch, out, extra=["--no-backtranslate"], timeout=120)
    assert result.returncode == 0, result.stderr
    problems = check_report(batch, read_jsonl_report(out))
    assert not problems, problems
