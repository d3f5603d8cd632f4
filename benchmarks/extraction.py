"""Article-body extraction quality of audit's HTML reader on the public article-extraction
benchmark (scrapinghub/article-extraction-benchmark: 181 pages with human-written bodies).

The pages are ``../shared/data/external/en_articles_scrapinghub_html/*.html.gz``, the ground
truth ``en_articles_scrapinghub.jsonl`` (field ``text`` = the benchmark's ``articleBody``).
Each page goes through ``audit.ingest.html.extract``, the function ``audit run page.html``
uses. Scores are computed the way the benchmark's own ``evaluate.py`` computes them:

* tokens are ``\\w+`` runs; a page's tokens are compared as a multiset of 4-token shingles;
* per page, TP/FP/FN are normalised by their sum (so long pages do not weigh more);
* precision is the mean over pages with TP+FP > 0, recall the mean over pages with TP+FN > 0
  (a page with nothing predicted and nothing expected scores 1), F1 = 2PR/(P+R);
* the ± is 1.96 standard deviations over 1,000 bootstrap resamples of the pages (seeded).

Also printed: the same figures over single tokens (``--ngram 1``), and the pages where the
reader found no body (they become ``error`` entries in a report).

    python benchmarks/extraction.py [--ngram 4] [--bootstrap 1000] [--worst 5]
"""

from __future__ import annotations

import argparse
import gzip
import json
import random
import re
import statistics
import sys
import time
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
DATA = REPO.parent / "shared" / "data" / "external"

from audit.ingest.html import MIN_BODY_WORDS, extract  # noqa: E402

_TOKEN = re.compile(r"\w+", re.UNICODE | re.MULTILINE | re.IGNORECASE | re.DOTALL)


def shingles(text: str, n: int) -> Counter:
    tokens = _TOKEN.findall(text or "")
    return Counter(tuple(tokens[i:i + n]) for i in range(0, max(1, len(tokens) - n + 1))
                   if tokens[i:i + n])


def tp_fp_fn(true: str, pred: str, n: int) -> tuple[float, float, float]:
    expected, got = shingles(true, n), shingles(pred, n)
    tp = fp = fn = 0.0
    for key in set(expected) | set(got):
        tp += min(expected[key], got[key])
        fp += max(0, got[key] - expected[key])
        fn += max(0, expected[key] - got[key])
    total = tp + fp + fn
    return (tp / total, fp / total, fn / total) if total else (0.0, 0.0, 0.0)


def _precision(tp: float, fp: float, fn: float) -> float:
    if fp == fn == 0:
        return 1.0
    if tp == fp == 0:
        return 0.0
    return tp / (tp + fp)


def _recall(tp: float, fp: float, fn: float) -> float:
    if fp == fn == 0:
        return 1.0
    if tp == fn == 0:
        return 0.0
    return tp / (tp + fn)


def metrics(rows: list[tuple[float, float, float]]) -> dict[str, float]:
    precision = statistics.mean(_precision(*r) for r in rows if r[0] + r[1] > 0)
    recall = statistics.mean(_recall(*r) for r in rows if r[0] + r[2] > 0)
    return {"precision": precision, "recall": recall, "f1": 2 * precision * recall / (precision + recall)}


def with_intervals(rows: list[tuple[float, float, float]], rounds: int, seed: int) -> dict[str, float]:
    out = metrics(rows)
    rng = random.Random(seed)
    samples: dict[str, list[float]] = {}
    for _ in range(rounds):
        resample = [rows[rng.randrange(len(rows))] for _ in rows]
        for key, value in metrics(resample).items():
            samples.setdefault(key, []).append(value)
    for key, values in samples.items():
        out[f"{key}_ci"] = 1.96 * statistics.stdev(values)
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--ngram", type=int, default=4, help="shingle size (evaluate.py: 4)")
    parser.add_argument("--bootstrap", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--worst", type=int, default=5, help="list the N pages with the lowest F1")
    args = parser.parse_args()
    truth_path = DATA / "en_articles_scrapinghub.jsonl"
    if not truth_path.is_file():
        print(f"ground truth not found: {truth_path}", file=sys.stderr)
        return 2
    records = [json.loads(line) for line in truth_path.open(encoding="utf-8") if line.strip()]
    predictions: dict[str, str] = {}
    no_body: list[str] = []
    started = time.perf_counter()
    for record in records:
        with gzip.open(DATA / record["html"], "rb") as handle:
            text, _meta = extract(handle.read())
        if len(_TOKEN.findall(text)) < MIN_BODY_WORDS:
            no_body.append(record["id"])
        predictions[record["id"]] = text
    elapsed = time.perf_counter() - started
    print(f"$ python benchmarks/extraction.py --ngram {args.ngram} --bootstrap {args.bootstrap}")
    print(f"{len(records)} pages, extracted in {elapsed:.1f} s ({len(records) / elapsed:.1f} pages/s, "
          "one process)")
    for n in dict.fromkeys((args.ngram, 1)):
        rows = [tp_fp_fn(r["text"], predictions[r["id"]], n) for r in records]
        m = with_intervals(rows, args.bootstrap, args.seed)
        label = f"{n}-token shingles (evaluate.py)" if n == args.ngram else "single tokens"
        print(f"{label:<32} precision={m['precision']:.3f} ± {m['precision_ci']:.3f}  "
              f"recall={m['recall']:.3f} ± {m['recall_ci']:.3f}  F1={m['f1']:.3f} ± {m['f1_ci']:.3f}")
    print(f"pages where no body was found (would be error entries): {len(no_body)}"
          + (f" ({', '.join(i[:12] for i in no_body)})" if no_body else ""))
    if args.worst:
        rows = [(r["id"], metrics([tp_fp_fn(r["text"], predictions[r["id"]], args.ngram)])["f1"]
                 if predictions[r["id"]] else 0.0, r.get("url", "")) for r in records]
        print(f"lowest F1 ({args.ngram}-token shingles):")
        for item_id, f1, url in sorted(rows, key=lambda row: row[1])[:args.worst]:
            print(f"  {f1:.3f}  {item_id[:12]}  {url[:90]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
