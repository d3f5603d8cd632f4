"""Adversarial inputs: every check, the sentence splitter, the attribution finder and language
detection must take time and memory that grow about linearly with the input, whatever it is.

Each *shape* below is a kind of text that once made audit's time grow with the square or the
cube of its length (issue 8): a bracket followed by a long run of spaces, long runs of
sentence punctuation before a letter, ``AbAbAb…``, thousands of ``)``, ``dan dan …``, many
wrapped lines without full stops, and a huge ``source_text`` for number-mismatch. Each is
generated at 1k, 10k and 100k characters (``--sizes``) and every stage is run on it:

- time: the median wall time of ``--repeat`` runs, without memory tracing;
- memory: the peak of Python allocations during one more run, traced;
- growth: time at the largest size / time at the one before, per 10× of size (near-linear is
  about 10; quadratic would be 100). Stages that take under 5 ms at the largest size are
  marked "-" (nothing to scale).

    python benchmarks/adversarial.py [--sizes 1000 10000 100000] [--shapes NAME ...]
                                     [--repeat 3] [--json]

Prints figures only; exit status 1 when a stage takes more than ``--limit`` seconds (default
5) at any size, so that a regression shows up without a timed test.
"""

from __future__ import annotations

import argparse
import gc
import json
import random
import statistics
import sys
import time
import tracemalloc
from pathlib import Path
from typing import Callable

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from audit import provenance  # noqa: E402
from audit.checks import REGISTRY, CheckContext, run_check  # noqa: E402
from audit.language import detect_language  # noqa: E402
from audit.text import paragraphs, sentences, words  # noqa: E402

DATA = REPO.parent / "shared" / "data" / "indonesian-mt-news"
_FALLBACK = ("The minister said on Tuesday (1/8) that 15 people were killed in the blast. "
             "Menteri mengatakan pada Selasa (1/8) bahwa 15 orang tewas dalam ledakan itu.")


def _repeat(unit: str, size: int) -> str:
    return (unit * (size // len(unit) + 1))[:size]


def _real_lines(lang: str) -> list[str]:
    path = DATA / f"news_valid.{lang}"
    try:
        return [line for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    except OSError:
        return [_FALLBACK.split(". ")[0 if lang == "en" else 1]]


def _real_text(lang: str, size: int, seed: int = 0) -> str:
    lines = _real_lines(lang)
    rng = random.Random(seed)
    out: list[str] = []
    total = 0
    while total < size:
        line = rng.choice(lines)
        out.append(line)
        total += len(line) + 1
    return " ".join(out)[:size]


# Each generator returns (text, source_text or None) of about ``size`` characters.
SHAPES: dict[str, Callable[[int], tuple[str, str | None]]] = {
    # the spaced-formula regex: "(" then spaces and no closing bracket
    "paren-spaces": lambda n: ("Hasil (" + " " * (n - 8) + "x", None),
    "bracket-spaces-many": lambda n: (_repeat("( " + " " * 20 + "a ", n), None),
    # sentence punctuation runs before a letter (splitter, missing-space)
    "punct-run": lambda n: ("Word" + _repeat(".!?…", n - 8) + "Next", None),
    "dots-spaced": lambda n: ("Word" + _repeat(". ", n - 8) + "Next", None),
    "dot-letter": lambda n: (_repeat("a.B", n), None),
    "close-paren-run": lambda n: ("He said." + ")" * (n - 10) + " A", None),
    "ab-run": lambda n: (_repeat("Ab", n), None),
    "close-parens": lambda n: (")" * n, None),
    "open-parens": lambda n: ("(" * n, None),
    "quotes": lambda n: (_repeat("\"'“", n), None),
    "dan-dan": lambda n: (_repeat("dan ", n), None),
    "the-the": lambda n: (_repeat("the ", n), None),
    "spaces": lambda n: ("A" + " " * (n - 2) + "b", None),
    "newlines-soft": lambda n: (_repeat("x" * 70 + "\n", n), None),
    "digits": lambda n: (_repeat("1,2.3 ", n), None),
    "one-word": lambda n: ("a" * n, None),
    "camel-words": lambda n: (_repeat("HamasIsmail ", n), None),
    "agencies": lambda n: (_repeat("Reuters and AFP and ", n), None),
    "real-en": lambda n: (_real_text("en", n), None),
    # number-mismatch alignment: a long source_text against a short or long translation
    "source-huge": lambda n: (_real_text("en", 2000, 1), _real_text("id", n, 2)),
    "source-and-text": lambda n: (_real_text("en", n, 1), _real_text("id", n, 2)),
    "source-numbers": lambda n: (_repeat("It cost 12 dollars. ", n),
                                 _repeat("Harganya 13 dolar. ", n)),
}


def _stages(text: str, source: str | None) -> dict[str, Callable[[], object]]:
    registry = provenance.load_registry()

    def ctx(lang: str = "en") -> CheckContext:
        return CheckContext(text=text, language=lang, source_text=source or text,
                            source_language="id" if lang == "en" else "en")

    stages: dict[str, Callable[[], object]] = {
        "paragraphs": lambda: paragraphs(text),
        "sentences": lambda: sentences(text),
        "words": lambda: words(text),
        "attributions": lambda: provenance.find_attributions(text, registry),
        "language": lambda: detect_language(text),
    }
    for code, chk in REGISTRY.items():
        stages[code] = (lambda chk=chk: run_check(chk, ctx()))
        if chk.languages is None:  # also as Indonesian: the word lists differ per language
            stages[f"{code}@id"] = (lambda chk=chk: run_check(chk, ctx("id")))
    return stages


def _measure(func: Callable[[], object], repeat: int) -> tuple[float, int]:
    times = []
    for _ in range(repeat):
        gc.collect()
        t0 = time.perf_counter()
        func()
        times.append(time.perf_counter() - t0)
    gc.collect()
    tracemalloc.start()
    try:
        func()
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return statistics.median(times), peak


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1_000, 10_000, 100_000])
    parser.add_argument("--shapes", nargs="+", choices=sorted(SHAPES), default=list(SHAPES))
    parser.add_argument("--stages", nargs="+", help="only these stages (default: all)")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--limit", type=float, default=5.0,
                        help="seconds a stage may take at any size")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = parser.parse_args()

    # Warm the caches (word lists, lexicons, language profiles) so that they are not timed.
    for func in _stages(_FALLBACK, _FALLBACK).values():
        func()

    results = []
    worst = 0.0
    if not args.json:
        _print_head(args.sizes)
    for shape in args.shapes:
        rows: dict[str, list[tuple[float, int]]] = {}
        for size in args.sizes:
            text, source = SHAPES[shape](size)
            for stage, func in _stages(text, source).items():
                if args.stages and stage not in args.stages:
                    continue
                seconds, peak = _measure(func, args.repeat)
                worst = max(worst, seconds)
                rows.setdefault(stage, []).append((seconds, peak))
        for stage, figures in rows.items():
            # Growth between the two largest sizes, per 10× of size: small sizes are too fast
            # to time. Stages under 5 ms at the largest size have nothing to scale ("-").
            first, last = (figures[-2][0], figures[-1][0]) if len(figures) > 1 else (0, 0)
            decades = _log10(args.sizes[-1] / args.sizes[-2]) if len(figures) > 1 else 0
            growth = (last / max(first, 1e-6)) ** (1 / decades) if decades and last >= 5e-3 else None
            results.append({"shape": shape, "stage": stage, "sizes": args.sizes,
                            "seconds": [round(s, 5) for s, _ in figures],
                            "peak_bytes": [p for _, p in figures],
                            "growth_per_10x": round(growth, 1) if growth else None})
            if not args.json:
                _print_row(results[-1])
    if args.json:
        print(json.dumps(results, indent=1))
    over = [r for r in results if max(r["seconds"]) > args.limit]
    for r in over:
        print(f"OVER LIMIT: {r['shape']} / {r['stage']}: {max(r['seconds']):.2f} s", file=sys.stderr)
    print(f"slowest stage at any size: {worst:.3f} s (limit {args.limit} s)")
    return 1 if over else 0


def _log10(x: float) -> float:
    import math
    return math.log10(x)


def _print_head(sizes: list[int]) -> None:
    head = "".join(f"{f'{s:,} ch':>20}" for s in sizes)
    print(f"{'shape':<20}{'stage':<24}{head}{'growth/10x':>12}")
    print(f"{'':<44}" + "".join(f"{'ms':>10}{'peak KB':>10}" for _ in sizes), flush=True)


def _print_row(r: dict) -> None:
    cells = "".join(f"{s * 1000:>10.1f}{p / 1024:>10.0f}"
                    for s, p in zip(r["seconds"], r["peak_bytes"]))
    growth = f"{r['growth_per_10x']:.1f}" if r["growth_per_10x"] else "-"
    print(f"{r['shape']:<20}{r['stage']:<24}{cells}{growth:>12}", flush=True)


if __name__ == "__main__":
    raise SystemExit(main())
