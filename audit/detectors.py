"""Language identification engines behind one interface, so the pipeline can swap them.

A detector answers ``detect(text) -> (code, confidence)``: an ISO 639-1 code (``"zh"`` for
Chinese whatever the script) or ``None``, and a confidence in 0–1 (the probability the engine
gives its best guess; 0.0 with ``None``). Both engines are restricted to the same 55 languages,
so switching engines never brings in a code the rest of audit has not seen.

* ``py3langid`` (the default): a naive Bayes classifier over byte n-grams, scored with numpy;
  its n-grams are found by a compiled walk (``audit._native_langid``, optional, see
  ``setup.py``) or, without it or with ``AUDIT_NATIVE=0``, by numpy passes: the same counts,
  the same scores. Its confidence is the normalised probability of the best language (py3langid's
  ``norm_probs``, a softmax over the language scores). Deterministic.
* ``langdetect``: the previous engine, kept selectable (``--detector langdetect``,
  ``detector = "langdetect"`` in the configuration). Its confidence is langdetect's own
  probability; it is seeded so runs are reproducible.

Measured with ``python benchmarks/detectors.py`` on real text (the figures are in the README):
py3langid is ~10× faster than langdetect and at least as accurate on English and Indonesian
sentences, short fragments and the other languages audit covers.

Each engine's model is loaded once per process, on first use, here and nowhere else.
"""

from __future__ import annotations

import hashlib
import math
import os
import threading
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Protocol

from audit import versions
from audit.native import load as load_native

DEFAULT_DETECTOR = "py3langid"

# The languages langdetect 1.0.9 ships profiles for, as ISO 639-1 codes ("zh-cn"/"zh-tw" → "zh").
LANGUAGES = frozenset(
    "af ar bg bn ca cs cy da de el en es et fa fi fr gu he hi hr hu id it ja kn ko lt lv mk ml mr "
    "ne nl no pa pl pt ro ru sk sl so sq sv sw ta te th tl tr uk ur vi zh".split())

LANGDETECT_SEED = 0
# langdetect averages 7 random trials by default. Measured on the 7,906 real sentences of
# ../shared/data (en+id): 3 trials gave 97.12%/98.48% accuracy against 97.17%/98.58% with 7,
# at half the time per sentence (1.1 ms vs 2.25 ms). Still seeded, still reproducible.
LANGDETECT_TRIALS = 3
_LANGDETECT_CODES = {"zh-cn": "zh", "zh-tw": "zh"}


class Detector(Protocol):
    name: str

    def detect(self, text: str) -> tuple[str | None, float]:
        """Best language of ``text`` and its probability, or ``(None, 0.0)``."""


@dataclass
class Py3langidDetector:
    name: str = "py3langid"

    def __post_init__(self) -> None:
        self._identifier, depth = _py3langid_identifier()
        self._features = _feature_counter(self._identifier, depth)

    def detect(self, text: str) -> tuple[str | None, float]:
        code, probability = _classify(self._identifier, self._features, text)
        if code not in LANGUAGES or probability <= 0.0:  # no n-gram features at all
            return None, 0.0
        return code, round(min(1.0, probability), 3)


class _WindowedFeatures:
    """py3langid's byte n-gram counts (``visit_counts``), the same ones in the same order,
    from a few numpy passes instead of a Python loop over every byte (~4× faster).

    py3langid finds its features with an Aho–Corasick automaton: the state after a byte is
    the longest suffix of the text so far that is a node of the n-gram trie. No node is
    deeper than ``depth`` bytes (6 for its model), so the state after byte *i* is the state
    reached from the root by the ``depth`` bytes ending at *i*, whatever came before. Pass
    *k* applies byte *i - k* to every position at once, so ``depth`` vectorised passes give
    every position's state. The counts are then listed in the order of each feature's first
    occurrence, the order of py3langid's ``Counter``, so its score (a sum over the features in
    that order) is bit-for-bit its own, without building a ``Counter`` of Python ints.
    """

    def __init__(self, identifier, depth: int) -> None:
        import numpy as np

        self._np = np
        self.depth = depth
        self.nextmove = np.frombuffer(identifier.tk_nextmove, dtype=_dtype(identifier.tk_nextmove))
        self.rowbase = np.asarray(identifier.tk_row, dtype=np.int64) << 8
        self.output = np.asarray(identifier.tk_output, dtype=np.int64)

    def counts(self, data: bytes):
        """``(features, counts)``: the distinct features of ``data`` in order of first
        occurrence and how often each occurs (``Counter(features)``'s keys and values, as
        arrays), or ``None`` when it has none."""
        np = self._np
        size = len(data)
        if not size:
            return None
        text = np.frombuffer(data, dtype=np.uint8).astype(np.int64)
        state = np.zeros(size, dtype=np.int64)
        for back in range(min(self.depth, size) - 1, -1, -1):
            state[back:] = self.nextmove[self.rowbase[state[back:]] + text[:size - back]]
        found = self.output[state]
        found = found[found >= 0]
        if not len(found):
            return None
        features, first, counts = np.unique(found, return_index=True, return_counts=True)
        order = np.argsort(first)
        return features[order], counts[order]


class _NativeFeatures:
    """``_WindowedFeatures.counts`` from the compiled walk (``audit._native_langid``, built by
    ``setup.py`` when a C compiler is there): py3langid's own loop over the bytes, in C, over
    the model's arrays as they are mapped (no copies), with the same features, counts and
    order. Several times cheaper a call than the numpy passes, whose cost is mostly numpy's
    per-call overhead."""

    def __init__(self, walker, depth: int, native=None, identifier=None) -> None:
        import numpy as np

        self._frombuffer, self._int64 = np.frombuffer, np.int64
        self._walker = walker
        self.depth = depth
        self._native = native
        if native is not None:
            self._np = np
            self._pc = np.ascontiguousarray(identifier.nb_pc, dtype=np.float32)
            self._classes = list(identifier.nb_classes)
            self._width = len(self._classes)
            # py3langid's own classes and no aliased columns (see _classify): else numpy's path
            self._fused = identifier.nb_pc.dtype == np.float32 and not identifier._alias_pairs  # noqa: SLF001
            self._add_reduce = np.add.reduce  # what ndarray.sum calls, without its wrapper
            self._local = threading.local()

    def _buffers(self, size: int):
        """This thread's scratch arrays for ``gather``, with room for ``size`` features: kept
        between calls (fresh ones each call cost a page fault a page the rows fill)."""
        local = self._local
        weights = getattr(local, "weights", None)
        if weights is None or len(weights) < size:
            size = max(size, 4096)
            local.weights = weights = self._np.empty(size, dtype=self._np.float32)
            local.rows = self._np.empty((size, self._width), dtype=self._np.float32)
        return weights, local.rows

    def classify(self, data: bytes) -> tuple[str, float] | None:
        """``_classify``'s answer for the encoded ``data`` with fewer numpy calls: the
        features, log1p of their counts (numpy's values, from a table) and their weight rows
        gathered by the compiled walk (copies, each row prefetched a few rows before it is
        copied), the scaling and shifting before ``exp`` and the division and argmax after it
        compiled too (single float32 operations in numpy's order); the matrix product, ``exp`` and the sum stay numpy's own. The same bits. None
        where numpy's path must decide (no features, a NaN or an infinity, no fused walk)."""
        if self._native is None or not self._fused or not data:
            return None
        np = self._np
        weights, rows = self._buffers(len(data))
        found = self._walker.gather(data, weights, rows)
        if not found:
            return None
        if found < 0:  # a count past the log1p table: the counts themselves
            found = -found
            weights = weights[:found]
            np.log1p(weights, out=weights)
        else:
            weights = weights[:found]
        scores = weights @ rows[:found]
        if not self._native.finish(scores, self._pc, len(data)):
            return None
        np.exp(scores, out=scores)
        picked = self._native.pick(scores, self._add_reduce(scores))
        if picked is None:
            return None
        return self._classes[picked[0]], picked[1]

    def counts(self, data: bytes):
        """As ``_WindowedFeatures.counts``."""
        visits = self._walker.counts(data)
        if visits is None:
            return None
        return self._frombuffer(visits[0], dtype=self._int64), self._frombuffer(visits[1], dtype=self._int64)


LOG1P_TABLE = 4096  # counts with a precomputed log1p (a text's counts are almost all below 50)


def _feature_counter(identifier, depth: int):
    """The compiled walk when it is there, else the numpy passes: the same counts either way."""
    native = load_native("_native_langid")
    if native is None:
        return _WindowedFeatures(identifier, depth)
    import numpy as np

    nextmove = np.asarray(identifier.tk_nextmove)  # views of the mapped model: nothing copied
    rows = np.asarray(identifier.tk_row)
    if rows.dtype not in (np.uint16, np.uint32):
        rows = rows.astype(np.uint32)
    ptc = identifier.nb_ptc
    fused = isinstance(ptc, np.ndarray) and ptc.dtype == np.float32 and ptc.ndim == 2 \
        and ptc.flags.c_contiguous  # the mapped model's weights, as they are (no copy)
    # numpy's own log1p of every count below LOG1P_TABLE, for gather() to look up: an
    # elementwise ufunc gives each value the same bits wherever it stands in an array.
    log1p = np.log1p(np.arange(LOG1P_TABLE, dtype=np.float32))
    walker = native.Walker(np.ascontiguousarray(nextmove, dtype=np.uint32), rows,
                           np.asarray(identifier.tk_output, dtype=np.int32), depth,
                           ptc if fused else None, log1p)
    return _NativeFeatures(walker, depth, native if fused else None, identifier)


def _classify(identifier, features, text: str) -> tuple[str, float]:
    """``identifier.classify(text)`` (py3langid 0.4's ``_decide``) with the fast counts."""
    data = identifier._encode(text)  # noqa: SLF001 - its exact normalisation and encoding
    fused = getattr(features, "classify", None)
    if fused is not None:
        answer = fused(data)
        if answer is not None:
            return answer
    import numpy as np

    visits = features.counts(data)
    if visits is not None:  # py3langid's _sparse_score, on the arrays
        found, counts = visits
        # take(): the rows nb_ptc[found] gives, a little cheaper; the sums in place: the same
        # float32 operations on the same values, without a temporary array each.
        scores = np.log1p(counts.astype(np.float32)) @ identifier.nb_ptc.take(found, axis=0)
        scores += identifier.nb_pc
    else:  # no features: uniform under norm_probs (py3langid's own rule)
        scores = np.full(len(identifier.nb_classes), 0.0, dtype=np.float32)
    scores *= 1.0 / math.sqrt(len(data) or 1)  # py3langid: T = sqrt(bytes)
    np.subtract(scores, scores.max(), out=scores)
    np.exp(scores, out=scores)
    scores /= scores.sum()
    for i, j in identifier._alias_pairs:  # noqa: SLF001 - aliased columns (none in LANGUAGES)
        scores[i] += scores[j]
        scores[j] = 0.0
    best = int(scores.argmax())
    return identifier.nb_classes[best], float(scores[best])


@dataclass
class LangdetectDetector:
    name: str = "langdetect"

    def __post_init__(self) -> None:
        from langdetect.detector_factory import DetectorFactory
        factory = DetectorFactory()
        _load_langdetect_profiles(factory, _langdetect_profiles())
        factory.set_seed(LANGDETECT_SEED)
        self._factory = factory

    def detect(self, text: str) -> tuple[str | None, float]:
        from langdetect import LangDetectException
        detector = self._factory.create()
        detector.n_trial = LANGDETECT_TRIALS
        detector.append(text)
        try:
            best = detector.get_probabilities()[0]
        except (LangDetectException, IndexError):
            return None, 0.0
        return _LANGDETECT_CODES.get(best.lang, best.lang), round(best.prob, 3)


def _cache_dir() -> Path:
    """``$XDG_CACHE_HOME/audit`` (``~/.cache/audit`` when unset), as for translations."""
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "audit"


def _py3langid_identifier():
    """py3langid's identifier restricted to ``LANGUAGES``, over a memory-mapped copy of its
    model kept in the cache folder (built by the machine's first run: audit/langid_model.py),
    and the depth of its n-gram automaton (see ``_WindowedFeatures``; kept in the file).
    Raises ``langid_model.ModelError`` when no such file can be built."""
    from py3langid.langid import MODEL_DIR, MODEL_FILE, LanguageIdentifier

    from audit import langid_model

    languages = sorted(LANGUAGES)
    key = hashlib.sha256(" ".join(languages).encode()).hexdigest()[:12]
    path = _cache_dir() / f"py3langid-{versions.version('py3langid')}-{key}.model"
    return langid_model.load(path, Path(MODEL_DIR) / MODEL_FILE, languages, LanguageIdentifier)


def _dtype(values) -> str:
    return {2: "<u2", 4: "<u4", 8: "<u8"}[values.itemsize]


def _load_langdetect_profiles(factory, folder: str) -> None:
    """``factory.load_profile(folder)`` without its bare ``except:``, which turned Ctrl-C into
    a "profile format error" (one article's error, while the run went on): the same files,
    order and indices, and an interrupt goes through."""
    import json

    from langdetect.utils.lang_profile import LangProfile

    names = os.listdir(folder)
    index = 0
    for name in names:
        path = os.path.join(folder, name)
        if name.startswith(".") or not os.path.isfile(path):
            continue
        with open(path, encoding="utf-8") as handle:
            profile = LangProfile(**json.load(handle))
        factory.add_profile(profile, index, len(names))
        index += 1


def _langdetect_profiles() -> str:
    from langdetect.detector_factory import PROFILES_DIRECTORY
    return PROFILES_DIRECTORY


_ENGINES = {"py3langid": Py3langidDetector, "langdetect": LangdetectDetector}
NAMES = tuple(_ENGINES)


def get(name: str | None = None) -> Detector:
    """The detector called ``name`` (default: ``DEFAULT_DETECTOR``), loaded once per process."""
    return _loaded(name or DEFAULT_DETECTOR)


def prepare(name: str | None = None) -> None:
    """Load detector ``name`` before a batch starts (py3langid: its model file, built by a
    machine's first run), so that a model that cannot be built is one clear error
    (``langid_model.ModelError``), not a warning on every article."""
    if (name or DEFAULT_DETECTOR) == "py3langid":
        get(name)


@lru_cache(maxsize=None)
def _loaded(name: str) -> Detector:
    try:
        engine = _ENGINES[name]
    except KeyError:
        raise ValueError(f"unknown language detector {name!r} (choose from {', '.join(NAMES)})") from None
    return engine()


def describe(name: str | None = None) -> str:
    """``"py3langid 0.4.0"``: which detector ran, with its version, for the report's signature."""
    name = name or DEFAULT_DETECTOR
    if name not in _ENGINES:
        raise ValueError(f"unknown language detector {name!r}")
    found = versions.version(name)  # importlib.metadata's, without importing it (start-up)
    return name if found is None else f"{name} {found}"
