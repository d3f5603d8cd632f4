"""Batched, cached sentence translation with CTranslate2 and Argos packages.

The engine gets *all* sentences a chunk of articles needs in one direction, drops
duplicates and cached ones, tokenizes with the package's own tokenizer, groups them by
their exact token length and calls ``Translator.translate_batch`` once per group (or per
``batch_sentences`` of a big group), committing each batch to the cache. It never imports
``argostranslate.translate`` and never splits text: callers pass sentences from
``audit.text.sentences``, so nothing is ever downloaded.

Why exact lengths: a sentence's translation must not depend on which other sentences
shared its batch, or a cold and a half-warm cache (or two partitions of a cluster) give
different reports. Mixed lengths do change it, twice over: the batch's longest input sets
the decoding bound of all of them, and padding changes the int8 arithmetic of the shorter
ones (measured on a 6+6-layer int8 model: 5 of 48 sentences differ from their own
translation alone, at the same bound). Sentences of one length need no padding and share
one bound, and CTranslate2 computes each row of such a batch alone: any grouping of them,
from 1 to 64 a batch, gives the same output (``tests/test_backtranslate_determinism.py``).
"""

from __future__ import annotations

import hashlib
import json
import logging
import math
import os
from dataclasses import asdict, dataclass, field
from typing import Any, Iterable, NamedTuple, Sequence

from audit.backtranslate.cache import TranslationCache, entry_key
from audit.backtranslate.models import InstalledModel

log = logging.getLogger("audit.backtranslate")

ENGINE_VERSION = "2"  # bump when pre/post-processing changes what a cached output means
# 2: batches of one exact token length (outputs no longer depend on batch composition)


class ModelLoadError(Exception):
    """A package's model or tokenizer cannot be loaded; every sentence of its leg fails."""


class Outcome(NamedTuple):
    """A sentence's translation, or why there is none."""

    text: str | None
    error: str | None = None


@dataclass(frozen=True)
class DecodingOptions:
    """What CTranslate2 is asked to do; every field is part of the cache key.

    ``length_penalty`` and ``replace_unknowns`` are argostranslate's own values. The output
    length is bounded by ``ratio × longest input + extra`` tokens (capped) because an
    untrained or confused model may otherwise run to the 256-token default every time.
    """

    beam_size: int = 2
    length_penalty: float = 0.2
    replace_unknowns: bool = True
    max_length_ratio: float = 2.0
    max_length_extra: int = 10
    max_length_cap: int = 512
    max_input_length: int = 1024
    compute_type: str = "auto"  # see audit.backtranslate.device: chosen for the device
    device: str = "cpu"  # "cpu" or "cuda" (resolved from --device, never "auto")

    def max_decoding_length(self, longest_input: int) -> int:
        bound = math.ceil(self.max_length_ratio * longest_input) + self.max_length_extra
        return max(1, min(self.max_length_cap, bound))

    def key(self) -> str:
        return json.dumps(asdict(self), sort_keys=True)


def machine_threads() -> int:
    """Cores this process may use (cgroup/affinity aware where the OS tells us)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):
        return max(1, os.cpu_count() or 1)


@dataclass
class EngineStats:
    requested: int = 0  # sentences asked for, duplicates included
    unique: int = 0
    cache_hits: int = 0
    translated: int = 0
    errors: int = 0
    batches: int = 0
    translate_calls: int = 0  # calls to Translator.translate_batch


@dataclass
class Engine:
    """Translates sentence lists with installed models; holds loaded translators."""

    decoding: DecodingOptions = field(default_factory=DecodingOptions)
    cache: TranslationCache | None = None
    threads: int = field(default_factory=machine_threads)
    batch_sentences: int = 64  # sentences per translate_batch call and cache commit
    max_batch_tokens: int = 4096  # CTranslate2 sub-batch size, in tokens
    stats: EngineStats = field(default_factory=EngineStats)
    _translators: dict[str, Any] = field(default_factory=dict, repr=False)
    _model_keys: dict[int, str] = field(default_factory=dict, repr=False)

    # --- identity -------------------------------------------------------------------

    def model_key(self, model: InstalledModel) -> str:
        """Cache namespace: package id, version, file hash, direction, decoding options."""
        key = self._model_keys.get(id(model))
        if key is None:
            raw = "\x1f".join((ENGINE_VERSION, model.id, model.version, model.fingerprint,
                               model.from_code, model.to_code, self.decoding.key()))
            key = hashlib.sha256(raw.encode()).hexdigest()
            self._model_keys[id(model)] = key
        return key

    # --- loading --------------------------------------------------------------------

    def translator(self, model: InstalledModel):
        path = str(model.path / "model")
        translator = self._translators.get(path)
        if translator is None:
            try:
                import ctranslate2

                translator = ctranslate2.Translator(
                    path, device=self.decoding.device, compute_type=self.decoding.compute_type,
                    inter_threads=1, intra_threads=self.threads)
            except Exception as exc:
                raise ModelLoadError(f"cannot load model {model.id} from {path}: {exc}") from exc
            self._translators[path] = translator
        return translator

    # --- translation ----------------------------------------------------------------

    def translate(self, model: InstalledModel, sentences: Iterable[str]) -> dict[str, Outcome]:
        """Translate each distinct sentence once; cached ones are not translated at all."""
        sentences = list(sentences)
        unique = list(dict.fromkeys(sentences))
        self.stats.requested += len(sentences)
        self.stats.unique += len(unique)
        results: dict[str, Outcome] = {}
        keys: dict[str, str] = {}
        if self.cache is not None and unique:
            model_key = self.model_key(model)
            keys = {s: entry_key(model_key, s) for s in unique}
            hits = self.cache.get_many(keys.values())
            for sentence in unique:
                cached = hits.get(keys[sentence])
                if cached is not None:
                    results[sentence] = Outcome(cached)
            self.stats.cache_hits += len(results)
        todo = [s for s in unique if s not in results]
        if not todo:
            return results

        tokenizer = _Tokenizer(model)
        tokens: list[tuple[str, list[str]]] = []
        for sentence, pieces, error in tokenizer.encode_many(todo):
            if error is not None:
                results[sentence] = Outcome(None, error)
                self.stats.errors += 1
            else:
                tokens.append((sentence, pieces))
        translator = self.translator(model)
        for batch in same_length_batches(tokens, self.batch_sentences):
            done = self._translate_batch(translator, tokenizer, batch)
            results.update(done)
            if self.cache is not None:
                model_key = self.model_key(model)
                self.cache.put_many(model.id, {
                    keys.get(s) or entry_key(model_key, s): out.text
                    for s, out in done.items() if out.error is None})
            self.stats.batches += 1
        return results

    def _translate_batch(self, translator, tokenizer: "_Tokenizer",
                         batch: Sequence[tuple[str, list[str]]]) -> dict[str, Outcome]:
        """One CTranslate2 call; on failure, halve the batch to isolate the bad sentence."""
        try:
            hypotheses = self._run(translator, tokenizer, [pieces for _, pieces in batch])
        except Exception as exc:
            if len(batch) == 1:
                self.stats.errors += 1
                return {batch[0][0]: Outcome(None, f"translation failed: {exc}")}
            middle = len(batch) // 2
            return {**self._translate_batch(translator, tokenizer, batch[:middle]),
                    **self._translate_batch(translator, tokenizer, batch[middle:])}
        out: dict[str, Outcome] = {}
        for (sentence, _), pieces in zip(batch, hypotheses):
            try:
                out[sentence] = Outcome(tokenizer.decode(pieces))
                self.stats.translated += 1
            except Exception as exc:
                out[sentence] = Outcome(None, f"cannot decode the translation: {exc}")
                self.stats.errors += 1
        return out

    def _run(self, translator, tokenizer: "_Tokenizer",
             source: list[list[str]]) -> list[list[str]]:
        options = self.decoding
        longest = min(max(len(s) for s in source), options.max_input_length)
        prefix = [[tokenizer.target_prefix] for _ in source] if tokenizer.target_prefix else None
        self.stats.translate_calls += 1
        results = translator.translate_batch(
            source, target_prefix=prefix, max_batch_size=self.max_batch_tokens,
            batch_type="tokens", beam_size=options.beam_size, num_hypotheses=1,
            length_penalty=options.length_penalty, replace_unknowns=options.replace_unknowns,
            max_input_length=options.max_input_length,
            max_decoding_length=options.max_decoding_length(longest)
            + (1 if tokenizer.target_prefix else 0))
        return [result.hypotheses[0] for result in results]

    def translate_chain(self, models: Sequence[InstalledModel],
                        sentences: Iterable[str]) -> dict[str, Outcome]:
        """Translate through several models in turn (pivoting); errors carry through."""
        current = {s: Outcome(s) for s in dict.fromkeys(sentences)}
        for model in models:
            texts = [o.text for o in current.values() if o.error is None]
            step = self.translate(model, texts)
            current = {s: (o if o.error is not None else step[o.text])
                       for s, o in current.items()}
        return current

    def close(self) -> None:
        for translator in self._translators.values():
            try:
                translator.unload_model()
            except Exception:
                pass
        self._translators.clear()


def same_length_batches(tokens: Sequence[tuple[str, list[str]]],
                        size: int) -> Iterable[list[tuple[str, list[str]]]]:
    """Batches of at most ``size`` sentences of one token length, shortest first.

    Within a length, sentences keep the order they came in (the caller's order is
    deterministic), so the batches themselves are reproducible too.
    """
    groups: dict[int, list[tuple[str, list[str]]]] = {}
    for item in tokens:
        groups.setdefault(len(item[1]), []).append(item)
    for length in sorted(groups):
        group = groups[length]
        for start in range(0, len(group), size):
            yield group[start:start + size]


class _Tokenizer:
    """The package's tokenizer, batched for SentencePiece; argostranslate's post-processing."""

    def __init__(self, model: InstalledModel):
        pkg = model.package
        self.target_prefix: str = getattr(pkg, "target_prefix", "") or ""
        tokenizer = getattr(pkg, "tokenizer", None)
        if tokenizer is None:
            raise ModelLoadError(f"{model.id}: no sentencepiece.model or bpe.model in {model.path}")
        self.tokenizer = tokenizer
        self.processor = None
        if hasattr(tokenizer, "lazy_processor"):  # SentencePieceTokenizer
            try:
                self.processor = tokenizer.lazy_processor()
            except Exception as exc:
                raise ModelLoadError(f"cannot load the tokenizer of {model.id}: {exc}") from exc

    def encode_many(self, sentences: list[str]):
        """Yield (sentence, pieces, error) for each sentence."""
        if self.processor is not None:
            try:
                batch = self.processor.encode(sentences, out_type=str)
            except Exception:
                batch = None
            if batch is not None:
                for sentence, pieces in zip(sentences, batch):
                    yield (sentence, pieces, None) if pieces else (sentence, None, "empty input")
                return
        for sentence in sentences:
            try:
                pieces = (self.processor.encode(sentence, out_type=str) if self.processor
                          else self.tokenizer.encode(sentence))
            except Exception as exc:
                yield sentence, None, f"cannot tokenize: {exc}"
                continue
            yield (sentence, pieces, None) if pieces else (sentence, None, "empty input")

    def decode(self, pieces: list[str]) -> str:
        if self.processor is not None:
            value = self.processor.decode_pieces(pieces).replace("\u2581", " ")
        else:
            value = self.tokenizer.decode(pieces)
        if self.target_prefix and value.startswith(self.target_prefix):
            value = value[len(self.target_prefix):]
        return value.strip()
