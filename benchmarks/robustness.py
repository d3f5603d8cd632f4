"""The 10,000-input robustness run: a batch with a share of bad inputs completes, every input
is in the report exactly once, each bad one with an error that says what and where, and
memory stays bounded.

The batch comes from ``tests/robust_batch.py`` (shared with ``tests/test_robustness.py``,
which runs a 300-input version in the test suite): articles made of real sentences from
../shared/data, in a folder tree of .txt/.md/.json files and one big JSONL file, plus every
kind of bad input a newsroom sends (binary, empty, a sparse 50 MB file, invalid UTF-8,
Latin-1, UTF-16, malformed and 100,000-deep JSON, a directory loop via symlink, unreadable
files and folders, a named pipe, broken links, bad JSONL records, ...).

``audit run`` runs as a subprocess (without root's file privileges when run as root, so that
unreadable really means unreadable) and is measured with ``wait4``: wall time and the peak
resident memory of the audit process. The JSONL report is then checked input by input
against the builder's manifest. Exit status 1 when anything is missing or wrong.

    python benchmarks/robustness.py [--inputs 10000] [--workers 1] [--also html json]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "tests"))

from robust_batch import (BAD_KINDS, build_batch, check_report, privilege_mode,  # noqa: E402
                          read_jsonl_report, run_audit)


def _size(path: Path) -> int:
    """Bytes actually stored under ``path`` (sparse files count for what they use)."""
    total = 0
    for folder, _dirs, files in os.walk(path):
        for name in files:
            try:
                total += os.lstat(os.path.join(folder, name)).st_blocks * 512
            except OSError:
                pass
    return total


def _text_bytes(batch) -> int:
    """Bytes of article text in the big JSONL file (what a naive reader would hold)."""
    total = 0
    with open(batch.root / "batch.jsonl", "rb") as handle:
        for line in handle:
            try:
                total += len(json.loads(line).get("text", "").encode("utf-8"))
            except (ValueError, AttributeError, RecursionError):
                pass
    return total


def _unlock(root: Path) -> None:
    for folder, dirs, files in os.walk(root):
        for name in dirs + files:
            path = os.path.join(folder, name)
            if not os.path.islink(path):
                try:
                    os.chmod(path, 0o700)
                except OSError:
                    pass


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--inputs", type=int, default=10_000, help="inputs in the batch")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--huge-mb", type=float, default=50, help="size of the huge file")
    parser.add_argument("--bad-share", type=float, default=0.05, help="share of bad inputs")
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument("--also", nargs="*", default=[], choices=["json", "html", "csv",
                                                                  "markdown"],
                        help="also time these report formats on the same batch")
    parser.add_argument("--keep", action="store_true", help="keep the batch folder")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON too")
    args = parser.parse_args()

    root = Path(tempfile.mkdtemp(prefix="audit-robustness-"))
    os.chmod(root, 0o755)
    figures: dict = {"inputs": args.inputs, "workers": args.workers}
    try:
        started = time.perf_counter()
        batch = build_batch(root / "in", total=args.inputs, seed=args.seed,
                            huge_mb=args.huge_mb, bad_share=args.bad_share)
        built = time.perf_counter() - started
        kinds = batch.kind_counts()
        missing_kinds = sorted(set(BAD_KINDS) - set(kinds))
        print(f"batch: {len(batch.inputs)} inputs ({len(batch.good)} good, {len(batch.bad)} bad "
              f"of {len(kinds) - 1} kinds) built in {built:.1f} s under {root}")
        print("  bad kinds: " + ", ".join(f"{k} {n}" for k, n in sorted(kinds.items())
                                            if k != "good"))
        if missing_kinds:
            print(f"  not in this batch: {', '.join(missing_kinds)} (permissions cannot apply "
                  "here)" if set(missing_kinds) <= {"unreadable-file", "unreadable-folder"}
                  else f"  not in this batch: {', '.join(missing_kinds)}")
        jsonl = root / "in" / "batch.jsonl"
        text_mb = _text_bytes(batch) / 2**20
        print(f"  on disk: {_size(root / 'in') / 2**20:.1f} MB stored (the 50 MB files are "
              f"sparse); big JSONL {jsonl.stat().st_size / 2**20:.1f} MB, of which "
              f"{text_mb:.1f} MB article text")
        print(f"  audit runs as: {privilege_mode() or 'root (permissions do not apply)'}")

        out = root / "out" / "report.jsonl"
        result = run_audit(batch, out, extra=["--no-backtranslate", "--workers",
                                              str(args.workers)], timeout=3600)
        if result.returncode != 0:
            print(f"audit run failed with exit {result.returncode}:\n{result.stderr[-3000:]}")
            return 1
        report = read_jsonl_report(out)
        problems = check_report(batch, report)
        errors = sum(1 for record in report if record["error"])
        findings = sum(len(record["findings"]) for record in report)
        figures.update({
            "good": len(batch.good), "bad": len(batch.bad), "report_entries": len(report),
            "errors_counted": errors, "problems": len(problems), "wall_s": round(result.wall, 2),
            "inputs_per_s": round(len(report) / result.wall, 1),
            "peak_rss_mb": round(result.peak_rss_mb, 1), "findings": findings,
            "report_mb": round(out.stat().st_size / 2**20, 1),
            "jsonl_text_mb": round(text_mb, 1),
            "traceback_in_stderr": "Traceback" in result.stderr,
        })
        print(f"audit run --format jsonl --no-backtranslate --workers {args.workers}:")
        print(f"  time {result.wall:.1f} s ({len(report) / result.wall:.0f} inputs/s), "
              f"peak RSS {result.peak_rss_mb:.0f} MB, exit {result.returncode}")
        print(f"  report: {len(report)} entries for {len(batch.inputs)} inputs, "
              f"{out.stat().st_size / 2**20:.1f} MB, {findings} findings")
        print(f"  errors counted {errors} = bad inputs given {len(batch.bad)}: "
              f"{'yes' if errors == len(batch.bad) else 'NO'}")
        print(f"  every input in the report once, each error as expected: "
              f"{'yes' if not problems else 'NO'}")
        for problem in problems[:40]:
            print(f"    {problem}")
        if "Traceback" in result.stderr:
            print(f"  a traceback was printed:\n{result.stderr[-3000:]}")

        for fmt in args.also:
            extra_out = root / "out" / f"report.{fmt}"
            timed = run_audit(batch, extra_out, fmt=fmt, extra=[
                "--no-backtranslate", "--workers", str(args.workers)], timeout=3600)
            figures[f"{fmt}_wall_s"] = round(timed.wall, 2)
            figures[f"{fmt}_peak_rss_mb"] = round(timed.peak_rss_mb, 1)
            size = extra_out.stat().st_size / 2**20 if extra_out.exists() else 0
            print(f"--format {fmt}: time {timed.wall:.1f} s, peak RSS {timed.peak_rss_mb:.0f} MB, "
                  f"{size:.1f} MB, exit {timed.returncode}")
            if timed.returncode != 0:
                problems.append(f"--format {fmt} exited {timed.returncode}")
        if args.json:
            print(json.dumps(figures))
        ok = not problems and errors == len(batch.bad) and "Traceback" not in result.stderr
        return 0 if ok else 1
    finally:
        if args.keep:
            print(f"kept {root}")
        else:
            _unlock(root)
            shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
