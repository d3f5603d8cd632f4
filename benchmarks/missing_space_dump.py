"""Every ``missing-space`` finding over real text, one line each, for diffing a speed change.

A change meant only to make the check faster must leave its findings byte-identical. This
prints (corpus, item, code, start, end, text, suggestion, severity, fixable) for every finding
on the valid split of ``../shared/data/indonesian-mt-news/`` (clean lines and the seeded
``checks_eval.py`` injections), the BBC originals (English) and detik (Indonesian), with the
check run directly on each text in its corpus language:

    python benchmarks/missing_space_dump.py > before.txt
    ... change the code ...
    python benchmarks/missing_space_dump.py > after.txt && diff before.txt after.txt
"""

from __future__ import annotations

import random
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "benchmarks"))

import checks_eval as ce  # noqa: E402
import realworld as rw  # noqa: E402
from audit.checks import REGISTRY, CheckContext, run_check  # noqa: E402


def texts():
    """(corpus, item id, text, language) of every text the dump covers."""
    pairs = ce.load(rw.DATA / "indonesian-mt-news")
    for pair in pairs:
        yield "valid", f"{pair.file}:{pair.line}", pair.en, "en"
    for n, inj in enumerate(ce.missing_space_injections(pairs, random.Random(1))):
        yield "valid-injected", f"{inj.origin}#{n}", inj.text, "en"
    for corpus in rw.CORPORA:
        if corpus.name in ("bbc", "detik"):
            for item in corpus.load():
                yield corpus.name, item.id, item.text, corpus.language


def main() -> int:
    chk = REGISTRY["missing-space"]
    out = sys.stdout
    for corpus, item, text, language in texts():
        for f in run_check(chk, CheckContext(text=text, language=language)):
            out.write(f"{corpus}\t{item}\t{f.code}\t{f.start}\t{f.end}\t{f.text!r}\t"
                      f"{f.suggestion!r}\t{f.severity}\t{getattr(f, 'fixable', None)!r}\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
