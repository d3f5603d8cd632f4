"""Every syndication-format sample in ../shared/data/external/formats/ through audit's readers.

The folder holds 347 files written by others (see its README): NewsML-G2 from IPTC and the
agencies, NewsML 1.x, NITF, ninjs 1.x-3.x with IPTC's validation suites, AP Media API and dpa
digitalwires JSON, RSS/Atom (feedparser's ill-formed and encoding cases, real news feeds in
ISO-8859-1, windows-1251, GB2312...), WordPress exports and legacy wire text. Each file is
given to ``audit.ingest.iter_articles`` as a path, as ``audit run FILE`` would, and each
article read is analysed (``audit.pipeline.analyse``, no translation).

Printed per format (folder): files, articles with a body, those with declared metadata, the
``credit-mismatch`` findings on them, clear errors (an ``error`` entry),
tracebacks (an exception escaping the reader, or an "internal error" from the analysis; target
none), and with ``-v`` every error message, so a reader can judge whether each is deserved.

    python benchmarks/formats.py [-v] [--root ../shared/data/external/formats]
"""

from __future__ import annotations

import argparse
import sys
import time
import traceback
from collections import Counter, defaultdict
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from audit.ingest import iter_articles  # noqa: E402
from audit.pipeline import analyse  # noqa: E402

DEFAULT_ROOT = REPO.parent / "shared" / "data" / "external" / "formats"


def group_of(path: Path, root: Path) -> str:
    parts = path.relative_to(root).parts
    if len(parts) > 2 and parts[0] in ("rss-atom", "newsml-g2", "ninjs"):
        return f"{parts[0]}/{parts[1]}"
    return parts[0] if len(parts) > 1 else "."


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--root", type=Path, default=DEFAULT_ROOT)
    parser.add_argument("-v", "--verbose", action="store_true", help="print every error message")
    args = parser.parse_args()
    if not args.root.is_dir():
        print(f"not found: {args.root}", file=sys.stderr)
        return 2
    files = sorted(p for p in args.root.rglob("*") if p.is_file() and p.name != "README.md")
    table: dict[str, Counter] = defaultdict(Counter)
    errors: dict[str, list[str]] = defaultdict(list)
    tracebacks: list[str] = []
    started = time.perf_counter()
    for path in files:
        group = group_of(path, args.root)
        row = table[group]
        row["files"] += 1
        try:
            articles = list(iter_articles([str(path)]))
        except Exception:  # noqa: BLE001 - the point is to count them
            row["tracebacks"] += 1
            tracebacks.append(f"{path.relative_to(args.root)}\n{traceback.format_exc()}")
            continue
        for article in articles:
            if article.error:
                row["errors"] += 1
                errors[group].append(f"{path.relative_to(args.root)}: {article.error}")
                continue
            report = analyse(article)
            if report.error:  # "internal error while analysing": a bug, not bad input
                row["tracebacks"] += 1
                tracebacks.append(f"{path.relative_to(args.root)} ({article.id}): {report.error}")
            else:
                row["articles"] += 1
                row["declared"] += article.declared is not None
                row["credit"] += sum(f.code == "credit-mismatch" for f in report.findings)
    elapsed = time.perf_counter() - started
    print(f"$ python benchmarks/formats.py   ({len(files)} files in {elapsed:.1f} s)")
    print()
    print("| format (folder) | files | articles with a body | with declared metadata | credit-mismatch "
          "findings | clear errors | tracebacks |")
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: |")
    total: Counter = Counter()
    for group in sorted(table):
        row = table[group]
        total.update(row)
        print(f"| `{group}` | {row['files']} | {row['articles']} | {row['declared']} | {row['credit']} | "
              f"{row['errors']} | {row['tracebacks']} |")
    print(f"| **all** | {total['files']} | {total['articles']} | {total['declared']} | {total['credit']} | "
          f"{total['errors']} | {total['tracebacks']} |")
    if args.verbose:
        for group in sorted(errors):
            print(f"\n## errors in {group}")
            for line in errors[group]:
                print(f"  {line}")
    if tracebacks:
        print("\n## tracebacks")
        for item in tracebacks:
            print(item)
    return 1 if tracebacks else 0


if __name__ == "__main__":
    sys.exit(main())
