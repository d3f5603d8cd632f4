"""Throughput of the whole non-translation pipeline (issue 2 target: ≥ 200 articles/s, one core).

Builds a batch of articles from the real sentences in ../shared/data (6–10 sentences each,
one or two sentences a paragraph, a tenth of them in Indonesian, a fifth with the Indonesian
original as ``source_text``), then measures:

1. in-process: ``pipeline.run`` with one worker and no back-translation, plus serialisation to
   JSON, with a per-stage breakdown (language, provenance, checks, origin);
2. end to end: ``audit run batch.jsonl --format jsonl --no-backtranslate`` as a subprocess,
   start-up included.

    python benchmarks/pipeline.py [--articles 2000] [--seed 1]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
DATA = REPO.parent / "shared" / "data" / "indonesian-mt-news"


def build_batch(count: int, seed: int) -> list[dict]:
    english, indonesian = [], []
    for name in ("news_valid", "general_valid"):
        english += (DATA / f"{name}.en").read_text(encoding="utf-8").splitlines()
        indonesian += (DATA / f"{name}.id").read_text(encoding="utf-8").splitlines()
    rng = random.Random(seed)
    batch = []
    for number in range(count):
        size = rng.randint(6, 10)
        start = rng.randrange(0, len(english) - size)
        lines = range(start, start + size)
        in_indonesian = number % 10 == 9
        side = indonesian if in_indonesian else english
        paragraphs, i = [], 0
        sentences = [side[j] for j in lines]
        while i < len(sentences):
            step = rng.choice((1, 2))
            paragraphs.append(" ".join(sentences[i:i + step]))
            i += step
        record = {"id": f"bench-{number}", "title": sentences[0][:80], "text": "\n\n".join(paragraphs)}
        if not in_indonesian and number % 5 == 0:
            record["source_text"] = "\n\n".join(indonesian[j] for j in lines)
        batch.append(record)
    return batch


def in_process(batch: list[dict]) -> None:
    from audit import provenance
    from audit.checks import CheckContext, run_checks
    from audit.ingest import _article_from_record
    from audit.language import detect_language, infer_origin
    from audit.pipeline import RunOptions, run
    from audit.text import paragraphs

    articles = [_article_from_record(r, r["id"], "bench", "bench") for r in batch]
    run_options = RunOptions()
    list(run(articles[:20], run_options))  # warm caches: lexicons, registry, langdetect profiles

    started = time.perf_counter()
    size = 0
    for report in run(articles, run_options):
        size += len(json.dumps(report.to_dict(), ensure_ascii=False))
    elapsed = time.perf_counter() - started
    print(f"in-process, 1 worker, no back-translation: {len(articles)} articles in {elapsed:.2f} s "
          f"= {len(articles) / elapsed:.0f} articles/s ({elapsed / len(articles) * 1000:.2f} ms/article, "
          f"{size / len(articles) / 1024:.1f} KB JSON/article)")

    registry = provenance.load_registry()
    stages = {"paragraphs+language": 0.0, "provenance": 0.0, "checks": 0.0, "origin": 0.0}
    for article in articles:
        t0 = time.perf_counter()
        language = detect_language(article.text, paragraphs(article.text))
        t1 = time.perf_counter()
        attributions = provenance.find_attributions(article.text, registry)
        provenance.summarize(attributions, registry)
        t2 = time.perf_counter()
        findings, _ = run_checks(CheckContext(text=article.text, language=language.code,
                                              source_text=article.source_text))
        t3 = time.perf_counter()
        infer_origin(article.text, language, attributions, findings, {})
        t4 = time.perf_counter()
        for key, value in zip(stages, (t1 - t0, t2 - t1, t3 - t2, t4 - t3)):
            stages[key] += value
    print("per-stage ms/article: " + ", ".join(
        f"{key} {value / len(articles) * 1000:.2f}" for key, value in stages.items()))


def end_to_end(batch: list[dict]) -> None:
    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder) / "batch.jsonl"
        source.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in batch), encoding="utf-8")
        out = Path(folder) / "report.jsonl"
        audit = [sys.executable, "-m", "audit"]
        env = dict(os.environ, XDG_CACHE_HOME=folder, XDG_DATA_HOME=folder, XDG_CONFIG_HOME=folder)
        started = time.perf_counter()
        subprocess.run([*audit, "run", str(source), "--format", "jsonl", "--out", str(out),
                        "--no-backtranslate", "--no-progress"], check=True, env=env, cwd=folder)
        elapsed = time.perf_counter() - started
        lines = out.read_text(encoding="utf-8").count("\n")
        startup_started = time.perf_counter()
        subprocess.run([*audit, "--version"], check=True, env=env, capture_output=True)
        startup = time.perf_counter() - startup_started
        print(f"end to end (audit run … --format jsonl, one process): {lines} articles in {elapsed:.2f} s "
              f"= {lines / elapsed:.0f} articles/s, start-up included (`audit --version` alone: {startup:.2f} s)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    batch = build_batch(args.articles, args.seed)
    chars = sum(len(r["text"]) for r in batch) / len(batch)
    print(f"batch: {len(batch)} articles from {DATA}, {chars:.0f} characters/article on average")
    in_process(batch)
    end_to_end(batch)


if __name__ == "__main__":
    main()
