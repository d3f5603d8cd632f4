"""Back-translation throughput and threshold calibration on the project's real corpus.

    python benchmarks/backtranslate.py speed [--models-dir DIR] [--size tiny|base] [-n 2000]
    python benchmarks/backtranslate.py calibrate [--models-dir DIR] [--lang id]
    python benchmarks/backtranslate.py cost [--size base] [-n 300] [--threads 1]

``speed`` translates the same >= 2,000 real English sentences en→X four ways and prints
sentences per second:

  (a) argostranslate's own ``translate()``, one call per sentence (its MiniSBD sentencizer
      downloads a model on first use, so it is replaced on the translation object by one
      that uses audit's splitter; nothing else of argostranslate is changed);
  (b) audit's engine with a cold cache (dedupe, batches of one exact token length,
      SQLite writes per batch);
  (c) the same run again, served by the cache;
  ceilings: ``ctranslate2.Translator.translate_batch`` alone on the same tokenized unique
      sentences, (1) in length-sorted batches with mixed lengths padded (the fastest, but
      a sentence's output then depends on its batch) and (2) in batches of one exact
      token length, as the engine makes them: (b) minus everything but the model.

(b) and the ceilings are timed side by side, slice by slice in rotating order, so that
load from other processes on the machine falls on all alike; their ratios are the
figures to trust, the absolute rates move with the load.

Decoding is identical in all of them: beam size ``--beam-size`` (default 2), length
penalty 0.2, replace_unknowns, one hypothesis, compute type "auto", the same
intra_threads, and the same output bound ``2 × input tokens + 10`` (argostranslate sets
none, so its translator is wrapped to pass the bound of the sentence it translates).
Model loading is excluded everywhere. Without an installed en→X model, a random-weight
model is built and installed in a temporary folder: ``--size tiny`` measures mostly
overhead; ``--size base`` has the shape of Argos' real models (6+6 layers, d=512, int8)
for a realistic compute profile.

``cost`` measures CPU seconds per sentence and leg (one intra thread by default, as a
cluster worker runs) and turns them into core-hours for 1,000,000 articles
(docs/scale.md).

``calibrate`` derives the round-trip chrF threshold: it measures chrF of unrelated
sentence pairs (the floor) and of controlled damage on the corpus (model-free), then, when
en→X and X→en are installed, round-trips clean corpus sentences both ways and suggests
the 5th percentile of their chrF as the threshold (about 1 clean sentence in 20 flagged).
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import statistics
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from audit.text import sentences as split_sentences  # noqa: E402

DATA = ROOT.parent / "shared" / "data" / "indonesian-mt-news"


def corpus(lang: str, limit: int) -> list[str]:
    """Real sentences of the corpus in ``lang`` (audit's splitter on each line)."""
    out: list[str] = []
    for name in ("news_valid", "general_valid"):
        for line in (DATA / f"{name}.{lang}").read_text(encoding="utf-8").splitlines():
            out += [seg.text for seg in split_sentences(line)]
            if len(out) >= limit:
                return out[:limit]
    return out


def percentiles(values: list[float]) -> str:
    values = sorted(values)
    pick = lambda p: values[min(len(values) - 1, int(p * (len(values) - 1)))]  # noqa: E731
    return " ".join(f"p{int(p * 100)}={pick(p):.1f}" for p in (0.01, 0.05, 0.25, 0.5, 0.75, 0.95, 0.99))


def models_or_tiny(models_dir: Path | None, pairs: list[tuple[str, str]], size: str,
                   scratch: Path):
    """Installed models for ``pairs``; missing ones are built and installed in ``scratch``."""
    from audit.backtranslate import models as store

    by_pair = store.best_by_pair(store.installed_models(models_dir))
    if all(p in by_pair for p in pairs):
        return by_pair, models_dir, False
    from tiny_model import build_argosmodel

    folder = scratch / "models"
    for pair in pairs:
        started = time.perf_counter()
        store.install_archive(build_argosmodel(*pair, scratch / "dist", size=size), folder)
        print(f"built and installed a random-weight {size} {pair[0]}→{pair[1]} model "
              f"in {time.perf_counter() - started:.1f}s")
    return store.best_by_pair(store.installed_models(folder)), folder, True


# --- speed ------------------------------------------------------------------------------


class BoundedTranslator:
    """Gives argostranslate's translator the same output bound as audit's engine."""

    def __init__(self, inner, decoding):
        self.inner, self.decoding = inner, decoding

    def translate_batch(self, source, **kwargs):
        kwargs["max_decoding_length"] = self.decoding.max_decoding_length(
            max(len(s) for s in source))
        return self.inner.translate_batch(source, **kwargs)


class AuditSplitter:
    """Stands in for argostranslate's MiniSBD sentencizer (which downloads a model)."""

    def split_sentences(self, text: str) -> list[str]:
        return [seg.text for seg in split_sentences(text)] or [text]


def speed(args) -> None:
    scratch = Path(tempfile.mkdtemp(prefix="audit-bench-"))
    try:
        _speed(args, scratch)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


def _speed(args, scratch: Path) -> None:
    from audit.backtranslate.cache import TranslationCache
    from audit.backtranslate.engine import DecodingOptions, Engine, _Tokenizer, \
        machine_threads, same_length_batches

    target = args.lang
    by_pair, models_dir, built = models_or_tiny(args.models_dir, [("en", target)], args.size,
                                                scratch)
    model = by_pair[("en", target)]
    threads = args.threads or machine_threads()
    decoding = DecodingOptions(beam_size=args.beam_size)
    source = corpus("en", args.sentences)
    unique = list(dict.fromkeys(source))
    print(f"model {model.id} {model.version} at {model.path}"
          f"{' (random weights: output is nonsense)' if built else ''}")
    print(f"{len(source)} English sentences ({len(unique)} distinct), en→{target}, "
          f"beam {decoding.beam_size}, length_penalty {decoding.length_penalty}, "
          f"output bound 2×input+10 tokens, {threads} intra threads, compute_type auto")
    results: dict[str, float] = {}

    # (a) argostranslate.translate.translate(), sentence by sentence
    started = time.perf_counter()
    from argostranslate import settings

    settings.package_data_dir = Path(models_dir) if models_dir else settings.package_data_dir
    settings.package_dirs = [settings.package_data_dir]
    settings.beam_size = decoding.beam_size
    settings.intra_threads, settings.inter_threads = threads, 1
    settings.compute_type = decoding.compute_type
    from argostranslate import translate as argos_translate

    argos_translate.get_installed_languages.cache_clear()
    print(f"(importing argostranslate.translate and loading: {time.perf_counter() - started:.1f}s,"
          " not counted)")
    languages = {lang.code: lang for lang in argos_translate.get_installed_languages()}
    translation = languages["en"].get_translation(languages[target])
    package_translation = getattr(translation, "underlying", translation)
    package_translation.sentencizer = AuditSplitter()
    argos_translate.translate(unique[0], "en", target)  # creates the ctranslate2 translator
    package_translation.translator = BoundedTranslator(package_translation.translator, decoding)
    limit = args.per_sentence_limit
    per_sentence = (random.Random(0).sample(source, limit) if 0 < limit < len(source)
                    else source)  # a seeded sample has the corpus' length profile
    started = time.perf_counter()
    for sentence in per_sentence:
        argos_translate.translate(sentence, "en", target)
    results["a"] = len(per_sentence) / (time.perf_counter() - started)
    print(f"(a) argostranslate translate() per sentence: {results['a']:8.1f} sentences/s"
          f"  ({len(per_sentence)} sentences{' sampled' if per_sentence is not source else ''})")

    # (b) our engine with a cold cache and the two raw ceilings, timed side by side. The
    # sentences are sorted by token length and cut into slices of whole length groups
    # (>= batch_sentences sentences each); each slice goes through the engine and straight
    # into translate_batch both ways, in rotating order, so load from other processes
    # hits all three alike:
    #   ceiling, padded: length-sorted batches of batch_sentences, mixed lengths padded
    #     (the fastest CTranslate2 gets, but a sentence's output depends on its batch);
    #   ceiling, same length: batches of one exact token length, as the engine makes them
    #     (outputs independent of the batch: the engine's own ceiling).
    # (b)/padded is the whole price of reproducible output; (b)/same-length the engine's
    # overhead (dedupe, cache, tokenizing, decoding).
    cache_path = scratch / "cache.sqlite3"
    engine = Engine(decoding=decoding, cache=TranslationCache(cache_path), threads=threads)
    translator = engine.translator(model)  # loaded outside the timing, as for (a)
    tokenizer = _Tokenizer(model)
    pieces = {s: p for s, p, error in tokenizer.encode_many(unique) if error is None}
    ordered = sorted(pieces, key=lambda s: len(pieces[s]))
    counts = Counter(source)
    occurrences = {s: counts[s] for s in ordered}
    slices: list[list[str]] = [[]]
    for sentence in ordered:
        if len(slices[-1]) >= engine.batch_sentences and \
                len(pieces[slices[-1][-1]]) != len(pieces[sentence]):
            slices.append([])
        slices[-1].append(sentence)
    elapsed = {"b": 0.0, "padded": 0.0, "same": 0.0}
    calls = {"padded": 0, "same": 0}

    def raw(batch: list[list[str]]) -> None:
        translator.translate_batch(
            batch, max_batch_size=engine.max_batch_tokens, batch_type="tokens",
            beam_size=decoding.beam_size, num_hypotheses=1,
            length_penalty=decoding.length_penalty,
            replace_unknowns=decoding.replace_unknowns,
            max_input_length=decoding.max_input_length,
            max_decoding_length=decoding.max_decoding_length(max(len(t) for t in batch)))

    def run_engine(chunk: list[str]) -> None:
        engine.translate(model, [s for s in chunk for _ in range(occurrences[s])])

    def run_padded(chunk: list[str]) -> None:
        tokens = [pieces[s] for s in chunk]
        for i in range(0, len(tokens), engine.batch_sentences):
            raw(tokens[i:i + engine.batch_sentences])
            calls["padded"] += 1

    def run_same(chunk: list[str]) -> None:
        for batch in same_length_batches([(s, pieces[s]) for s in chunk],
                                         engine.batch_sentences):
            raw([p for _, p in batch])
            calls["same"] += 1

    order = [("b", run_engine), ("padded", run_padded), ("same", run_same)]
    for number, chunk in enumerate(slices):
        turn = order[number % 3:] + order[:number % 3]
        for name, function in turn:
            started = time.perf_counter()
            function(chunk)
            elapsed[name] += time.perf_counter() - started
    counted = sum(occurrences.values())
    results["b"] = counted / elapsed["b"]
    results["ceiling"] = counted / elapsed["padded"]
    results["same"] = counted / elapsed["same"]
    stats_b = engine.stats
    engine.close()
    print(f"(b) audit engine, cold cache:              {results['b']:8.1f} sentences/s"
          f"  ({stats_b.translate_calls} translate_batch calls, {stats_b.translated} translated,"
          f" {elapsed['b']:.1f}s)")
    print(f"    ceiling, raw, padded batches:          {results['ceiling']:8.1f} sentences/s"
          f"  ({calls['padded']} calls over the same {len(ordered)} distinct tokenized"
          f" sentences, {elapsed['padded']:.1f}s)")
    print(f"    ceiling, raw, same-length batches:     {results['same']:8.1f} sentences/s"
          f"  ({calls['same']} calls, {elapsed['same']:.1f}s)")

    # (c) the whole run again, in one call, served by the cache
    engine = Engine(decoding=decoding, cache=TranslationCache(cache_path), threads=threads)
    started = time.perf_counter()
    engine.translate(model, source)
    results["c"] = len(source) / (time.perf_counter() - started)
    print(f"(c) audit engine, re-run from the cache:   {results['c']:8.1f} sentences/s"
          f"  ({engine.stats.cache_hits} hits, {engine.stats.translate_calls} translate calls)")
    engine.close()
    print(f"(b)/(a) = {results['b'] / results['a']:.1f}x (target >= 5x); "
          f"(b)/padded ceiling = {results['b'] / results['ceiling']:.2f} (target >= 0.8); "
          f"(b)/same-length ceiling = {results['b'] / results['same']:.2f}; "
          f"(c)/(b) = {results['c'] / results['b']:.0f}x (target >= 50x)")


# --- cost -------------------------------------------------------------------------------


def cost(args) -> None:
    """CPU seconds per sentence and leg, and what a 1,000,000-article batch would take.

    CPU time (user + system of this process) is what a dedicated core would spend, so it
    is steadier than wall time on a shared machine; wall time is printed beside it. The
    engine runs cold (no cache) on real corpus sentences, at ``--threads`` intra threads
    (default 1: one translator per core is how a cluster worker runs).
    """
    scratch = Path(tempfile.mkdtemp(prefix="audit-bench-"))
    try:
        from audit.backtranslate.engine import DecodingOptions, Engine

        by_pair, _, built = models_or_tiny(args.models_dir, [("en", args.lang)], args.size,
                                           scratch)
        model = by_pair[("en", args.lang)]
        source = list(dict.fromkeys(corpus("en", args.sentences)))
        from audit.backtranslate.device import resolve_device

        threads = args.threads or 1
        device = resolve_device(args.device)
        engine = Engine(decoding=DecodingOptions(beam_size=args.beam_size, device=device.name,
                                                 compute_type=device.compute_type),
                        threads=threads)
        engine.translator(model)  # loading is not counted
        cpu, wall = time.process_time(), time.perf_counter()
        engine.translate(model, source)
        cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
        engine.close()
        on_gpu = device.name == "cuda"  # a GPU's cost is its time, not this process's CPU
        per = (wall if on_gpu else cpu) / len(source)
        unit = "GPU" if on_gpu else "CPU"
        print(f"{len(source)} distinct real sentences en→{args.lang}, {model.id}"
              f"{' (random weights, ' + args.size + ')' if built else ''}, beam "
              f"{args.beam_size}, {device.describe()}, {threads} intra thread(s): "
              f"{per * 1000:.0f} ms {unit} a sentence ({1 / per:.1f} sentences per "
              f"{unit}-second), wall {len(source) / wall:.1f} sentences/s")
        articles, per_article, legs = 1_000_000, args.article_sentences, 2
        hours = articles * per_article * legs * per / 3600
        if on_gpu:
            print(f"1,000,000 articles × {per_article} sentences × {legs} legs "
                  f"(no sentence repeated, cold cache) = {hours:,.0f} GPU-hours; "
                  + "; ".join(f"{g} GPUs: {hours / g:.1f} h" for g in (1, 8, 32)))
        else:
            print(f"1,000,000 articles × {per_article} sentences × {legs} legs "
                  f"(no sentence repeated, cold cache) = {hours:,.0f} core-hours; "
                  + "; ".join(f"{m} machines of {c} cores: {hours / (m * c):.1f} h"
                              for m, c in ((10, 16), (50, 16), (100, 32))))
        if built:
            print("random weights decode to the output bound (2 × input + 10 tokens); a real "
                  "model stops at its end token, so real costs are lower")
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


# --- calibrate --------------------------------------------------------------------------


def calibrate(args) -> None:
    from audit.backtranslate.engine import DecodingOptions, Engine
    from audit.backtranslate.scoring import DEFAULT_THRESHOLD, MIN_WORDS
    from sacrebleu.metrics import CHRF

    chrf = CHRF()
    rng = random.Random(0)
    lang = args.lang
    threshold = args.threshold if args.threshold is not None else DEFAULT_THRESHOLD
    floors: dict[str, float] = {}
    below = lambda values: 100 * sum(v < threshold for v in values) / len(values)  # noqa: E731
    print("model-free chrF scale on the corpus (sentences of >= "
          f"{MIN_WORDS} words, {args.sentences} per language); 'flagged' = share below "
          f"the threshold {threshold:g}:")
    for code in ("en", lang):
        lines = [s for s in corpus(code, args.sentences) if len(s.split()) >= MIN_WORDS]
        unrelated = [chrf.sentence_score(rng.choice(lines), [s]).score for s in lines]
        floors[code] = sorted(unrelated)[int(0.99 * (len(unrelated) - 1))]
        print(f"  {code} unrelated sentence:      {percentiles(unrelated)}"
              f"  flagged {below(unrelated):5.1f}%")
        for share in (0.25, 0.5, 0.75):
            damaged = [chrf.sentence_score(_replace_words(s, lines, share, rng), [s]).score
                       for s in lines]
            print(f"  {code} {int(share * 100)}% of words replaced: {percentiles(damaged)}"
                  f"  flagged {below(damaged):5.1f}%")

    from audit.backtranslate import models as store

    by_pair = store.best_by_pair(store.installed_models(args.models_dir))
    if not all(p in by_pair for p in [("en", lang), (lang, "en")]):
        print(f"no en→{lang} and {lang}→en models installed: the threshold {threshold:g} "
              "cannot be checked against real round trips (install them and run again)")
        return
    engine = Engine(decoding=DecodingOptions(beam_size=args.beam_size))
    suggestions: list[float] = []
    usable = True
    for start, other in (("en", lang), (lang, "en")):
        lines = [s for s in corpus(start, args.sentences) if len(s.split()) >= MIN_WORDS]
        forward = engine.translate(by_pair[(start, other)], lines)
        back = engine.translate(by_pair[(other, start)],
                                [o.text for o in forward.values() if o.error is None])
        scores = [chrf.sentence_score(back[forward[s].text].text, [s]).score
                  for s in lines if forward[s].error is None
                  and back[forward[s].text].error is None]
        p5 = sorted(scores)[int(0.05 * (len(scores) - 1))]
        suggestions.append(p5)
        print(f"round trip {start}→{other}→{start} on {len(scores)} clean sentences "
              f"({by_pair[(start, other)].id} {by_pair[(start, other)].version}, "
              f"{by_pair[(other, start)].id} {by_pair[(other, start)].version}): "
              f"{percentiles(scores)} (mean {statistics.fmean(scores):.1f}); "
              f"flagged at {threshold:g}: {below(scores):.1f}%")
        if p5 <= floors[start]:
            usable = False
            print(f"  warning: p5 {p5:.1f} is at or below what an unrelated sentence scores "
                  f"(p99 {floors[start]:.1f}): these models cannot tell a divergent sentence "
                  "from a clean one")
    engine.close()
    if not usable:
        print(f"no suggestion: keep the threshold {threshold:g} (or turn back-translation off "
              "with --no-backtranslate until better models are installed)")
        return
    suggested = int(min(suggestions))
    print(f"suggested threshold: {suggested} (5th percentile of clean round trips: about 1 "
          f"clean sentence in 20 flagged; set `--round-trip-threshold {suggested}` or "
          f"`[backtranslation] threshold = {suggested}` in audit.toml)")


def _replace_words(sentence: str, pool: list[str], share: float, rng: random.Random) -> str:
    words = sentence.split()
    other = rng.choice(pool).split()
    for i in rng.sample(range(len(words)), max(1, int(len(words) * share))):
        words[i] = rng.choice(other)
    return " ".join(words)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("mode", choices=["speed", "calibrate", "cost"], nargs="?",
                        default="speed")
    parser.add_argument("--models-dir", type=Path, default=None)
    parser.add_argument("--lang", default="id", help="the other language (default id)")
    parser.add_argument("--size", choices=["tiny", "base"], default="tiny",
                        help="random model to build when none is installed")
    parser.add_argument("-n", "--sentences", type=int, default=2000)
    parser.add_argument("--per-sentence-limit", type=int, default=0,
                        help="time (a) on a seeded random sample of this many sentences "
                             "(slow models); 0 = all")
    parser.add_argument("--beam-size", type=int, default=2)
    parser.add_argument("--threads", type=int, default=0)
    parser.add_argument("--device", choices=["auto", "cpu", "cuda"], default="auto",
                        help="cost: where to translate (a GPU's figure is in wall time)")
    parser.add_argument("--article-sentences", type=int, default=20,
                        help="cost: sentences per article for the 1,000,000-article estimate")
    parser.add_argument("--threshold", type=float, default=None,
                        help="calibrate: the threshold to evaluate (default: audit's default)")
    args = parser.parse_args(argv)
    if not DATA.is_dir():
        sys.exit(f"corpus not found at {DATA}")
    os.environ.setdefault("ARGOS_DEBUG", "0")
    {"speed": speed, "calibrate": calibrate, "cost": cost}[args.mode](args)


if __name__ == "__main__":
    main()
