"""How often provenance fires on ordinary news sentences, and how fast it is.

Runs ``find_attributions`` on every real English and Indonesian sentence in
``../shared/data/indonesian-mt-news/`` (one sentence per line), prints attributions per
1,000 sentences by kind and file, lists every attribution for inspection (these are real
news sentences, so some are genuine: "told the BBC"), then times the search on articles of
8 consecutive sentences and on the seed article.

    .venv/bin/python benchmarks/provenance_fp.py [--data DIR] [--repeat N]
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from audit.provenance import KINDS, _CACHE, find_attributions, load_registry  # noqa: E402

FILES = ("news_valid.en", "general_valid.en", "news_valid.id", "general_valid.id")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path,
                        default=REPO.parent / "shared" / "data" / "indonesian-mt-news")
    parser.add_argument("--repeat", type=int, default=5, help="timing repetitions")
    args = parser.parse_args()

    _CACHE.clear()
    started = time.perf_counter()
    registry = load_registry()
    load_ms = (time.perf_counter() - started) * 1000
    print(f"registry: {len(registry)} agencies, {len(registry.frames)} frames, "
          f"cold load {load_ms:.1f} ms")

    listing: list[str] = []
    totals: Counter[str] = Counter()
    total_sentences = 0
    header = f"{'file':<18}{'sentences':>10}" + "".join(f"{k:>14}" for k in KINDS) + f"{'all':>8}"
    print("\nattributions per 1,000 sentences")
    print(header)
    for name in FILES:
        path = args.data / name
        if not path.is_file():
            print(f"{name:<18}  missing: {path}")
            continue
        lines = path.read_text(encoding="utf-8").splitlines()
        counts: Counter[str] = Counter()
        for number, line in enumerate(lines, 1):
            for a in find_attributions(line, registry):
                counts[a.kind] += 1
                listing.append(f"{name}:{number}  {a.kind:<13} {a.agency:<14} {a.text!r}\n"
                               f"      {line.strip()[:200]}")
        total_sentences += len(lines)
        totals.update(counts)
        print(_row(name, len(lines), counts))
    print(_row("all", total_sentences, totals))

    print(f"\nevery attribution ({sum(totals.values())}):")
    for item in listing:
        print(item)

    print("\nspeed (one core)")
    lines = (args.data / "news_valid.en").read_text(encoding="utf-8").splitlines()
    articles = ["\n\n".join(lines[i:i + 8]) for i in range(0, len(lines), 8)]
    _time("news_valid.en, 8-sentence articles", articles, registry, args.repeat)
    lines = (args.data / "news_valid.id").read_text(encoding="utf-8").splitlines()
    articles = ["\n\n".join(lines[i:i + 8]) for i in range(0, len(lines), 8)]
    _time("news_valid.id, 8-sentence articles", articles, registry, args.repeat)
    seed = (REPO / "seeds" / "cnn-indonesia-haniyeh-egypt.txt").read_text(encoding="utf-8")
    _time("seed article (6 attributions)", [seed] * 200, registry, args.repeat)
    return 0


def _row(name: str, sentences: int, counts: Counter[str]) -> str:
    per = lambda n: 1000 * n / sentences if sentences else 0.0  # noqa: E731
    return (f"{name:<18}{sentences:>10}" + "".join(f"{per(counts[k]):>14.2f}" for k in KINDS)
            + f"{per(sum(counts.values())):>8.2f}")


def _time(label: str, articles: list[str], registry, repeat: int) -> None:
    best = float("inf")
    for _ in range(repeat):
        started = time.perf_counter()
        for text in articles:
            find_attributions(text, registry)
        best = min(best, time.perf_counter() - started)
    per_article = best / len(articles)
    chars = sum(map(len, articles)) / len(articles)
    print(f"  {label}: {len(articles)} articles of ~{chars:.0f} chars, "
          f"{per_article * 1e6:.0f} µs/article, {1 / per_article:,.0f} articles/s")


if __name__ == "__main__":
    raise SystemExit(main())
