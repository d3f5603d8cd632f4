"""What `audit fix` changes in real text: per corpus, the fixes applied by check, the articles
left alone because a fix did not verify, and examples to read.

* clean professional English (BBC full texts in ../shared/data/external): every fix here is
  a change to copy that did not need one, so the count should be near zero;
* the English side of indonesian-mt-news news_test (machine-translation-like copy, the
  Indonesian line as ``source_text``), in articles of 8 consecutive lines: the fixes an
  editor would get.

    python benchmarks/fix.py [--examples 12] [--articles 300]
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
SHARED = REPO.parent / "shared" / "data"
if not SHARED.is_dir():
    SHARED = Path("/work/shared/data")


def corpora(limit: int) -> dict[str, list[dict]]:
    bbc = []
    with open(SHARED / "external" / "en_bbc_fulltext.jsonl", encoding="utf-8") as handle:
        for number, line in enumerate(handle):
            record = json.loads(line)
            bbc.append({"id": f"bbc-{number}", "text": record.get("text") or ""})
    rng = random.Random(1)
    rng.shuffle(bbc)
    data = SHARED / "indonesian-mt-news"
    en = (data / "news_test.en").read_text(encoding="utf-8").splitlines()
    id_ = (data / "news_test.id").read_text(encoding="utf-8").splitlines()
    news = [{"id": f"news_test:{i + 1}", "text": "\n\n".join(en[i:i + 8]),
             "source_text": "\n\n".join(id_[i:i + 8])} for i in range(0, len(en) - 7, 8)]
    return {"BBC full texts (clean)": bbc[:limit], "news_test.en (MT-like)": news[:limit]}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=300)
    parser.add_argument("--examples", type=int, default=12)
    args = parser.parse_args()
    print("$ python benchmarks/fix.py " + " ".join(sys.argv[1:]))
    from audit.fix import fix_article
    from audit.model import Article

    for name, records in corpora(args.articles).items():
        applied: Counter[str] = Counter()
        refused, changed, remaining = 0, 0, 0
        examples = []
        started = time.perf_counter()
        for record in records:
            article = Article(id=record["id"], source=name, text=record["text"],
                              source_text=record.get("source_text"))
            result = fix_article(article)
            if result.problem:
                refused += 1
                examples.append(f"  [left alone] {record['id']}: {result.problem}")
                continue
            remaining += len(result.after)
            after = {(f.code, f.text) for f in result.after}
            for finding in result.before:
                if finding.fix is not None and (finding.code, finding.text) not in after:
                    applied[finding.code] += 1
                    if len(examples) < args.examples:
                        fix = finding.fix
                        context = article.text[max(0, fix.start - 30):fix.end + 30].replace("\n", " ")
                        examples.append(f"  {finding.code}: “{fix.original}” → “{fix.replacement}”"
                                        f"   …{context}…")
            changed += result.changed
        elapsed = time.perf_counter() - started
        print(f"\n{name}: {len(records)} articles in {elapsed:.1f} s")
        print(f"  articles changed: {changed}; left alone (a fix did not verify): {refused}; "
              f"findings remaining: {remaining}")
        print("  fixes applied: " + (", ".join(f"{c} {n}" for c, n in applied.most_common()) or "none"))
        print("\n".join(examples[:args.examples]))


if __name__ == "__main__":
    main()
