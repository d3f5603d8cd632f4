"""``untranslated-paragraph``: recall on paragraphs really left in Indonesian, and false
findings on real originals.

Recall: articles built from consecutive held-out ``news_test`` sentence pairs
(``../shared/data/indonesian-mt-news``, real translations): paragraphs of 2-4 English
sentences, one of them replaced by the same sentences' Indonesian original, as a pipeline that
skipped a paragraph leaves it. Each article is analysed three ways: with nothing declared,
with an Indonesian outlet's dateline, and with ``source_language = "id"``; the figures say
how often the paragraph is reported and at which severity. Controls: the same articles with
every paragraph in English must get no finding.

Precision: every original article of ``../shared/data/external`` (BBC, CNN/DM/XSum,
Reuters-21578, scrapinghub, AG News, detik, the Indonesian multi-source and hoax sets): how
many findings of each severity. Usage: ``python benchmarks/untranslated_paragraphs.py``.
"""

from __future__ import annotations

import argparse
import random
import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import realworld  # noqa: E402  (the corpora and their loaders)

from audit.model import Article  # noqa: E402
from audit.pipeline import analyse  # noqa: E402

CODE = "untranslated-paragraph"
_ENDS = set(".!?\"\u201d'")


def _articles(seed: int, count: int) -> list[tuple[list[str], str, int]]:
    """``(English paragraphs, the Indonesian of one of them, its index)`` for each article.

    Only sentence pairs that end like sentences are used: the split also holds headlines,
    which make a paragraph end without a full stop, unlike paragraphs of real copy."""
    pairs = [p for p in realworld.load_news_test(realworld.DATA / "indonesian-mt-news")
             if p.en.rstrip()[-1:] in _ENDS and p.id.rstrip()[-1:] in _ENDS]
    rng = random.Random(seed)
    out = []
    position = 0
    while len(out) < count and position + 12 < len(pairs):
        sizes = [rng.randint(2, 4) for _ in range(3)]
        english, indonesian = [], []
        for size in sizes:
            chunk = pairs[position:position + size]
            position += size
            english.append(" ".join(p.en.strip() for p in chunk))
            indonesian.append(" ".join(p.id.strip() for p in chunk))
        left = rng.randrange(1, 3)  # the middle or the last paragraph
        out.append((english, indonesian[left], left))
    return out


def recall(seed: int, count: int) -> None:
    outcomes = {way: Counter() for way in ("nothing declared", "Indonesian dateline",
                                           "source_language id")}
    control = Counter()
    for english, indonesian, left in _articles(seed, count):
        paragraphs = list(english)
        paragraphs[left] = indonesian
        text = "\n\n".join(paragraphs)
        clean = "\n\n".join(english)
        for way, counter in outcomes.items():
            body = ("JAKARTA (ANTARA) - " + text) if way == "Indonesian dateline" else text
            declared = "id" if way == "source_language id" else None
            report = analyse(Article(id="x", source="x", text=body, source_language=declared))
            start = body.index(indonesian)
            hits = [f for f in report.findings if f.code == CODE and f.start <= start < f.end + 1]
            counter[hits[0].severity if hits else "missed"] += 1
        report = analyse(Article(id="c", source="c", text=clean))
        control["finding" if any(f.code == CODE for f in report.findings) else "clean"] += 1
    total = sum(next(iter(outcomes.values())).values())
    print(f"recall on {total} news_test articles with one paragraph left in Indonesian "
          f"(seed {seed}):")
    for way, counter in outcomes.items():
        found = total - counter["missed"]
        print(f"   {way:22} reported {found}/{total} ({found / max(total, 1):.3f}); by severity: "
              + ", ".join(f"{k} {v}" for k, v in sorted(counter.items())))
    print(f"   controls (all English): {control['finding']} with a finding, "
          f"{control['clean']} clean")


def precision(limit: int | None) -> None:
    print("findings on real originals (none is an untranslated paragraph):")
    for corpus in realworld.CORPORA:
        if corpus.kind != "original":
            continue
        counts: Counter[str] = Counter()
        articles = 0
        for n, item in enumerate(corpus.load()):
            if limit is not None and n >= limit:
                break
            articles += 1
            report = analyse(Article(id=item.id, source=corpus.name, text=item.text))
            counts.update(f.severity for f in report.findings if f.code == CODE)
        shown = ", ".join(f"{k} {v}" for k, v in sorted(counts.items())) or "none"
        print(f"   {corpus.name:15} {articles:5} articles: {shown}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=300)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--limit", type=int, help="at most N originals per corpus")
    args = parser.parse_args()
    recall(args.seed, args.articles)
    precision(args.limit)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
