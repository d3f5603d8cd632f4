"""Findings are byte-identical: dump the reports of a fixed sample of real text, for a diff.

Speed work must not change what audit says. This runs ``pipeline.run`` (one worker, no
back-translation, stories on, as ``audit run --no-backtranslate``) over a fixed sample and
writes every article's JSON report, one a line, then the batch summary (no timings: the
output depends only on the code and the data). Take a dump before a change and one after,
and compare them::

    python benchmarks/identity.py --out /tmp/before.jsonl     # on the merge base
    python benchmarks/identity.py --out /tmp/after.jsonl      # on the change
    cmp /tmp/before.jsonl /tmp/after.jsonl

``--audit-path DIR`` dumps the ``audit`` package in DIR instead (e.g. a ``git worktree`` of
the merge base), so both dumps can come from one checkout of this script.

The sample (``../shared/data``): the throughput benchmark's batch (``benchmarks/pipeline.py``,
news_valid/general_valid, a tenth Indonesian, a fifth with ``source_text``), BBC articles,
detik and the multi-source Indonesian news, AG News wire items, and texts in 18 more languages
(the memory benchmark's gettext messages), the seeds and the real wire formats of
``external/formats`` (they carry metadata); with ``--langdetect`` also with that detector.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import itertools
import json
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
AUDIT_PATH = REPO
if "--audit-path" in sys.argv:
    AUDIT_PATH = Path(sys.argv[sys.argv.index("--audit-path") + 1]).resolve()
sys.path.insert(0, str(AUDIT_PATH))
sys.path.insert(1, str(REPO / "benchmarks"))

import pipeline as bench  # noqa: E402  (benchmarks/pipeline.py: the batch builder)

EXTERNAL = bench.DATA.parent / "external"


def _jsonl(name: str, limit: int) -> list[dict]:
    with (EXTERNAL / name).open(encoding="utf-8") as handle:
        return [json.loads(line) for line in itertools.islice(handle, limit)]


def _ag_news(limit: int) -> list[dict]:
    with (EXTERNAL / "ag_news_test.csv").open(encoding="utf-8", newline="") as handle:
        rows = itertools.islice(csv.reader(handle), limit)
        return [{"id": f"ag-{n}", "title": title, "text": f"{title}\n\n{body.replace(chr(92), ' ')}"}
                for n, (_cls, title, body) in enumerate(rows)]


def _languages(limit: int) -> list[dict]:
    records = []
    for name in bench.MEMORY_LANGUAGES:
        messages = bench._messages(name, 60)  # noqa: SLF001
        for n in range(0, min(len(messages), limit * 3), 3):
            records.append({"id": f"{name}-{n}", "text": "\n\n".join(messages[n:n + 3])})
    return records


def sample(size: int) -> list[dict]:
    """The fixed sample: ``size`` articles from each source (the batch: 2×size)."""
    records = bench.build_batch(2 * size, seed=1)
    records += [{"id": f"bbc-{r['id']}", "title": r.get("title"), "text": r["text"]}
                for r in _jsonl("en_bbc_fulltext.jsonl", size)]
    for name in ("id_detik_1000.jsonl", "id_news_multisource_2025-06-18.jsonl"):
        records += [{"id": f"{name}-{r.get('id')}", "title": r.get("title"), "text": r["text"]}
                    for r in _jsonl(name, size // 2)]
    records += _ag_news(size)
    records += _languages(max(1, size // 20))
    return records


def _files() -> list:
    """The seed article three ways, and the real wire formats (metadata: credit-mismatch)."""
    from audit.ingest.files import iter_articles

    return list(iter_articles([str(REPO / "seeds"), str(EXTERNAL / "formats")]))


def dump(records: list[dict], detector: str, out) -> None:
    from audit.config import parse_config
    from audit.ingest.files import _article_from_record
    from audit.pipeline import RunOptions, run
    from audit.summary import Summary

    articles = [_article_from_record(r, r["id"], "identity", "identity") for r in records]
    articles += _files()
    options = RunOptions(config=parse_config({"detector": detector}))
    summary = Summary()
    for report in run(articles, options):
        record = report.to_dict()
        summary.add(record)
        out.write(json.dumps(record, ensure_ascii=False, sort_keys=False) + "\n")
    out.write(json.dumps({"summary": summary.to_dict()}, ensure_ascii=False) + "\n")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--size", type=int, default=200, help="articles per source")
    parser.add_argument("--langdetect", action="store_true", help="also dump with langdetect")
    parser.add_argument("--audit-path", type=Path, help="dump the audit package in this folder")
    args = parser.parse_args()
    records = sample(args.size)
    with args.out.open("w", encoding="utf-8") as out:
        for detector in ("py3langid", "langdetect") if args.langdetect else ("py3langid",):
            dump(records, detector, out)
    lines = args.out.read_bytes().count(b"\n")
    digest = hashlib.sha256(args.out.read_bytes()).hexdigest()[:16]
    print(f"{lines} lines (reports and summaries) from {AUDIT_PATH} -> {args.out} (sha256 {digest})")


if __name__ == "__main__":
    main()
