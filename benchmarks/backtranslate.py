"""Back-translation throughput and threshold calibration on the project's real corpus.

    python benchmarks/backtranslate.py speed [--models-dir DIR] [--size tiny|base] [-n 2000]
    python benchmarks/backtranslate.py calibrate [--models-dir DIR] [--lang id]

``speed`` translates the same >= 2,000 real English sentences en→X four ways and prints
sentences per second:

  (a) argostranslate's own ``translate()``, one call per sentence (its MiniSBD sentencizer
      downloads a model on first use, so it is replaced on the translation object by one
      that uses audit's splitter; nothing else of argostranslate is changed);
  (b) audit's engine with a cold cache (dedupe, length sort, batched translate_batch,
      SQLite writes per batch);
  (c) the same run again, served by the cache;
  ceiling: ``ctranslate2.Translator.translate_batch`` alone on the same tokenized unique
      sentences, in the same length-sorted batches: (b) minus everything but the model.

Decoding is identical in all of them: beam size ``--beam-size`` (default 2), length
penalty 0.2, replace_unknowns, one hypothesis, compute type "auto", the same
intra_threads, and the same output bound ``2 × input tokens + 10`` (argostranslate sets
none, so its translator is wrapped to pass the bound of the sentence it translates).
Model loading is excluded everywhere. Without an installed en→X model, a random-weight
model is built and installed in a temporary folder: ``--size tiny`` measures mostly
overhead; ``--size base`` has the shape of Argos' real models (6+6 layers, d=512, int8)
for a realistic compute profile.

``calibrate`` derives the round-trip chrF threshold: it measures chrF of unrelated
sentence pairs (the floor) and of controlled damage on the corpus (model-free), then, when
en→X and X→en are installed, round-trips clean corpus sentences both ways and suggests
the 5th percentile of their chrF as the threshold (about 1 clean sentence in 20 flagged).
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
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
    from audit.backtranslate.cache import TranslationCache
    from audit.backtranslate.engine import DecodingOptions, Engine, _Tokenizer, machine_threads

    scratch = Path(tempfile.mkdtemp(prefix="audit-bench-"))
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
    per_sentence = source[: args.per_sentence_limit or len(source)]
    started = time.perf_counter()
    for sentence in per_sentence:
        argos_translate.translate(sentence, "en", target)
    results["a"] = len(per_sentence) / (time.perf_counter() - started)
    print(f"(a) argostranslate translate() per sentence: {results['a']:8.1f} sentences/s"
          f"  ({len(per_sentence)} sentences)")

    # (b) our engine, cold cache; (c) the same again, from the cache
    cache_path = scratch / "cache.sqlite3"
    engine = Engine(decoding=decoding, cache=TranslationCache(cache_path), threads=threads)
    engine.translator(model)  # load outside the timing, as for (a)
    started = time.perf_counter()
    engine.translate(model, source)
    elapsed_b = time.perf_counter() - started
    results["b"] = len(source) / elapsed_b
    stats_b = engine.stats
    engine.close()
    print(f"(b) audit engine, cold cache:              {results['b']:8.1f} sentences/s"
          f"  ({stats_b.translate_calls} translate_batch calls, {stats_b.translated} translated)")

    engine = Engine(decoding=decoding, cache=TranslationCache(cache_path), threads=threads)
    started = time.perf_counter()
    engine.translate(model, source)
    results["c"] = len(source) / (time.perf_counter() - started)
    print(f"(c) audit engine, re-run from the cache:   {results['c']:8.1f} sentences/s"
          f"  ({engine.stats.cache_hits} hits, {engine.stats.translate_calls} translate calls)")
    engine.close()

    # ceiling: the same batches straight into CTranslate2
    engine = Engine(decoding=decoding, threads=threads)
    translator = engine.translator(model)
    tokenizer = _Tokenizer(model)
    tokens = sorted((pieces for _, pieces, _ in tokenizer.encode_many(unique)), key=len)
    started = time.perf_counter()
    for i in range(0, len(tokens), engine.batch_sentences):
        batch = tokens[i:i + engine.batch_sentences]
        translator.translate_batch(
            batch, max_batch_size=engine.max_batch_tokens, batch_type="tokens",
            beam_size=decoding.beam_size, length_penalty=decoding.length_penalty,
            replace_unknowns=decoding.replace_unknowns,
            max_input_length=decoding.max_input_length,
            max_decoding_length=decoding.max_decoding_length(max(len(t) for t in batch)))
    results["ceiling"] = len(source) / (time.perf_counter() - started)
    engine.close()
    print(f"    ceiling, raw translate_batch:          {results['ceiling']:8.1f} sentences/s"
          f"  (same {len(unique)} distinct tokenized sentences, same batches)")
    print(f"(b)/(a) = {results['b'] / results['a']:.1f}x (target >= 5x); "
          f"(b)/ceiling = {results['b'] / results['ceiling']:.2f} (target >= 0.8); "
          f"(c)/(b) = {results['c'] / results['b']:.0f}x (target >= 50x)")


# --- calibrate --------------------------------------------------------------------------


def calibrate(args) -> None:
    from audit.backtranslate.engine import DecodingOptions, Engine
    from audit.backtranslate.scoring import DEFAULT_THRESHOLD, MIN_WORDS
    from sacrebleu.metrics import CHRF

    chrf = CHRF()
    rng = random.Random(0)
    lang = args.lang
    floors: dict[str, float] = {}
    print("model-free chrF scale on the corpus (sentences of >= "
          f"{MIN_WORDS} words, {args.sentences} per language):")
    for code in ("en", lang):
        lines = [s for s in corpus(code, args.sentences) if len(s.split()) >= MIN_WORDS]
        unrelated = [chrf.sentence_score(rng.choice(lines), [s]).score for s in lines]
        floors[code] = sorted(unrelated)[int(0.99 * (len(unrelated) - 1))]
        print(f"  {code} unrelated sentence:      {percentiles(unrelated)}")
        for share in (0.25, 0.5, 0.75):
            damaged = [chrf.sentence_score(_replace_words(s, lines, share, rng), [s]).score
                       for s in lines]
            print(f"  {code} {int(share * 100)}% of words replaced: {percentiles(damaged)}")

    from audit.backtranslate import models as store

    by_pair = store.best_by_pair(store.installed_models(args.models_dir))
    if not all(p in by_pair for p in [("en", lang), (lang, "en")]):
        print(f"no en→{lang} and {lang}→en models installed: current default threshold "
              f"{DEFAULT_THRESHOLD:g} stays (install them and run again to calibrate)")
        return
    engine = Engine(decoding=DecodingOptions(beam_size=args.beam_size))
    suggestions = []
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
        print(f"round trip {start}→{other}→{start} on {len(scores)} clean sentences: "
              f"{percentiles(scores)} (mean {statistics.fmean(scores):.1f})")
        if p5 <= floors[start]:
            print(f"  warning: p5 {p5:.1f} is at or below what an unrelated sentence scores "
                  f"(p99 {floors[start]:.1f}): this model cannot tell a divergent sentence "
                  "from a clean one; keep the default")
    engine.close()
    suggested = int(min(suggestions))
    print(f"suggested threshold: {suggested} (5th percentile of clean round trips; set "
          f"`--round-trip-threshold {suggested}` or `[backtranslation] threshold = {suggested}`"
          " in audit.toml)")


def _replace_words(sentence: str, pool: list[str], share: float, rng: random.Random) -> str:
    words = sentence.split()
    other = rng.choice(pool).split()
    for i in rng.sample(range(len(words)), max(1, int(len(words) * share))):
        words[i] = rng.choice(other)
    return " ".join(words)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("mode", choices=["speed", "calibrate"], nargs="?", default="speed")
    parser.add_argument("--models-dir", type=Path, default=None)
    parser.add_argument("--lang", default="id", help="the other language (default id)")
    parser.add_argument("--size", choices=["tiny", "base"], default="tiny",
                        help="random model to build when none is installed")
    parser.add_argument("-n", "--sentences", type=int, default=2000)
    parser.add_argument("--per-sentence-limit", type=int, default=0,
                        help="translate only this many in (a) (slow models); 0 = all")
    parser.add_argument("--beam-size", type=int, default=2)
    parser.add_argument("--threads", type=int, default=0)
    args = parser.parse_args(argv)
    if not DATA.is_dir():
        sys.exit(f"corpus not found at {DATA}")
    os.environ.setdefault("ARGOS_DEBUG", "0")
    speed(args) if args.mode == "speed" else calibrate(args)


if __name__ == "__main__":
    main()
