"""Story clustering: pairs found vs truth, and time, on a batch of real sentences regrouped.

Builds ``--articles`` articles (default 20,000) of 6–10 real English sentences drawn at random
from ../shared/data (the indonesian-mt-news English side and the BBC full-text articles of
external/), then turns some of them into stories: copies of a base article with light edits
an agency's clients make (a word or three changed, a sentence dropped or added, two sentences
swapped, a new first line, punctuation and case changed). Truth: two articles belong together
exactly when they come from the same base. ``audit.stories.cluster`` then groups the batch
in one pass, as ``audit run`` does, and the script prints

* pairs: truth, found, right; precision and recall over pairs of articles;
* the time of the clustering alone, and per 1,000 articles at a quarter, half and all of the
  batch (near-linear means these stay about flat);
* the peak memory of the process.

    python benchmarks/stories.py [--articles 20000] [--seed 1] [--threshold 0.5]

Also measures the translation links on the real parallel news (news_test: the English
and the Indonesian side of the same lines as two articles, with ``source_text`` withheld),
printing how many pairs were linked by shared facts and how many links were wrong.
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import sys
import time
from itertools import combinations
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
SHARED = REPO.parent / "shared" / "data"
if not SHARED.is_dir():  # a worktree: the shared data sits beside the main clone
    SHARED = Path("/work/shared/data")


def sentence_pool() -> list[str]:
    from audit.text import sentences

    pool: list[str] = []
    for name in ("news_valid", "news_test", "general_valid", "general_test"):
        pool += (SHARED / "indonesian-mt-news" / f"{name}.en").read_text(encoding="utf-8").splitlines()
    with open(SHARED / "external" / "en_bbc_fulltext.jsonl", encoding="utf-8") as handle:
        for line in handle:
            text = json.loads(line).get("text") or ""
            pool += [s.text for s in sentences(text)]
    unique = list(dict.fromkeys(s.strip() for s in pool if len(s.split()) >= 6))
    return unique


def light_edit(sentences: list[str], pool: list[str], rng: random.Random) -> list[str]:
    """One to three of the edits a client's desk makes to agency copy."""
    out = list(sentences)
    for _ in range(rng.randint(1, 3)):
        kind = rng.choice(("word", "word", "drop", "add", "swap", "first", "punct"))
        if kind == "word":
            i = rng.randrange(len(out))
            words = out[i].split()
            for _ in range(rng.randint(1, 3)):
                j = rng.randrange(len(words))
                words[j] = rng.choice(rng.choice(pool).split())
            out[i] = " ".join(words)
        elif kind == "drop" and len(out) > 5:
            del out[rng.randrange(1, len(out))]
        elif kind == "add":
            out.insert(rng.randrange(len(out) + 1), rng.choice(pool))
        elif kind == "swap" and len(out) > 2:
            i = rng.randrange(len(out) - 1)
            out[i], out[i + 1] = out[i + 1], out[i]
        elif kind == "first":
            out[0] = rng.choice(("JAKARTA (Reuters) - ", "CAIRO, AFP - ", "(ANTARA) - ", "")) + out[0]
        elif kind == "punct":
            i = rng.randrange(len(out))
            out[i] = out[i].replace(",", "").replace("\u2019", "'").rstrip(".") + "."
    return out


def build(count: int, seed: int, pool: list[str]) -> tuple[list[str], list[int]]:
    """``count`` article texts and, for each, the base article it was made from."""
    rng = random.Random(seed)
    texts: list[str] = []
    base_of: list[int] = []
    base = 0
    while len(texts) < count:
        sentences = rng.sample(pool, rng.randint(6, 10))
        roll = rng.random()  # most stories have one item; some are picked up widely
        copies = 0 if roll < 0.55 else rng.randint(1, 3) if roll < 0.9 else rng.randint(4, 12) \
            if roll < 0.99 else rng.randint(20, 40)
        for k in range(min(copies + 1, count - len(texts))):
            version = sentences if k == 0 else light_edit(sentences, pool, rng)
            paragraphs, i = [], 0
            while i < len(version):
                step = rng.choice((1, 2))
                paragraphs.append(" ".join(version[i:i + step]))
                i += step
            texts.append("\n\n".join(paragraphs))
            base_of.append(base)
        base += 1
    order = list(range(len(texts)))
    rng.shuffle(order)  # copies arrive anywhere in the batch, not next to their original
    return [texts[i] for i in order], [base_of[i] for i in order]


def pairs(groups: list) -> set[tuple[int, int]]:
    members: dict = {}
    for index, group in enumerate(groups):
        members.setdefault(group, []).append(index)
    return {pair for items in members.values() for pair in combinations(items, 2)}


def translations(limit: int = 400) -> None:
    """English and Indonesian halves of the same real news lines, as separate articles."""
    from audit.stories import StoryIndex

    data = SHARED / "indonesian-mt-news"
    en = (data / "news_test.en").read_text(encoding="utf-8").splitlines()
    id_ = (data / "news_test.id").read_text(encoding="utf-8").splitlines()
    rng = random.Random(3)
    articles = []
    for n in range(min(limit, len(en) // 8)):
        lines = range(n * 8, n * 8 + 8)  # consecutive lines: one story's worth of sentences
        articles.append((f"en-{n}", " ".join(en[i] for i in lines), "en", "id"))
        articles.append((f"id-{n}", " ".join(id_[i] for i in lines), "id", None))
    rng.shuffle(articles)
    index = StoryIndex()
    linked = wrong = 0
    for article_id, text, language, origin in articles:
        story = index.add(article_id, text, language=language, origin=origin)
        for link in story.links:
            if link.by != "shared-facts":
                continue
            if link.article.split("-")[1] == article_id.split("-")[1]:
                linked += 1
            else:
                wrong += 1
    total = len(articles) // 2
    print(f"translation links by shared facts (news_test, {total} en/id pairs of 8 lines): "
          f"{linked} linked ({linked / total:.1%}), {wrong} wrong")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=20000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--threshold", type=float, default=0.5)
    args = parser.parse_args()
    print("$ python benchmarks/stories.py " + " ".join(sys.argv[1:]))
    started = time.perf_counter()
    pool = sentence_pool()
    texts, truth_groups = build(args.articles, args.seed, pool)
    print(f"{len(texts)} articles from {len(pool)} real sentences, "
          f"{len(set(truth_groups))} base articles")

    from audit.stories import StoryIndex

    index = StoryIndex(threshold=args.threshold)
    found_groups = []
    marks = {len(texts) // 4, len(texts) // 2, len(texts)}
    split_times = []
    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    t0, cpu0 = time.perf_counter(), time.process_time()
    for i, text in enumerate(texts):
        found_groups.append(index.add(str(i), text).id)
        if i + 1 in marks:
            split_times.append((i + 1, time.perf_counter() - t0))
    clustering, cpu = time.perf_counter() - t0, time.process_time() - cpu0
    rss_after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

    truth, found = pairs(truth_groups), pairs(found_groups)
    right = len(truth & found)
    precision = right / len(found) if found else 1.0
    recall = right / len(truth) if truth else 1.0
    print(f"pairs: truth {len(truth)}, found {len(found)}, right {right}")
    print(f"precision {precision:.4f}, recall {recall:.4f} (targets: >= 0.98, >= 0.95)")
    print(f"stories: {len(set(found_groups))} found, {len(set(truth_groups))} true")
    previous_n, previous_t = 0, 0.0
    for n, t in split_times:
        print(f"  articles {previous_n + 1:>6}-{n:<6}: {1000 * (t - previous_t) / (n - previous_n):.1f} s "
              f"per 1,000 articles")
        previous_n, previous_t = n, t
    print(f"clustering {len(texts)} articles: {clustering:.1f} s wall, {cpu:.1f} s CPU "
          f"({len(texts) / cpu:.0f} articles per CPU-second; wall and CPU differ on a shared machine)")
    print(f"peak RSS {rss_before:.0f} MB before clustering (sentences and texts), {rss_after:.0f} MB "
          f"after: the index kept about {max(0.0, rss_after - rss_before) * 1024 / len(texts):.1f} KB per article")
    translations()
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"whole process: {time.perf_counter() - started:.1f} s, peak RSS {peak:.0f} MB")


if __name__ == "__main__":
    main()
