"""Stories: the batch's articles grouped into near-duplicates of one piece of copy, and each
translation linked to its original when both are in the batch.

A desk sees 40 items of one AFP story as one story. Near-duplicates are found with MinHash
signatures of word 3-gram shingles (datasketch's MinHash, computed here with numpy) and a
locality-sensitive hashing index of our own, so each article is compared with the few earlier
articles that share an LSH band, not with all of them: the work grows about linearly with the
batch.

Reports stream, so stories are assigned *online*, in input order: an article joins the story
of the most similar earlier article (estimated Jaccard similarity at least ``threshold``) or
starts a new one. An article's story therefore depends only on the articles before it, and a
run with ``--workers`` gives the same stories as one worker. What is kept per article is a
constant few kilobytes (two signatures, a capped set of facts, its languages and story id),
never its text, so memory does not grow with article length; the summary's story list, built
from the streamed records, is the only part that grows with the batch (member ids).

Translations: an article whose ``source_text`` matches an earlier article's text (or whose
text matches an earlier article's ``source_text``) is linked *by source text*. Across
languages without ``source_text``, articles are linked *by shared facts*: numbers (compared
by their digits, so "1,5" = "1.5" and "1.500.000" = "1,500,000"), capitalised names and
dates written with digits, at least ``MIN_SHARED_FACTS`` of them and a Jaccard similarity of
the fact sets of at least ``FACTS_THRESHOLD``; the one whose origin language is the other's
language is the translation. A linked translation joins its original's story.
"""

from __future__ import annotations

import re
import zlib
from array import array
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, Iterable

import numpy as np

from audit import native

NUM_PERM = 128
THRESHOLD = 0.5          # estimated Jaccard of 3-gram shingles for "the same copy"
FACTS_THRESHOLD = 0.3    # Jaccard of the fact sets for a cross-language link
MIN_SHARED_FACTS = 5
MAX_FACTS = 64           # facts kept per article (the first ones in the text)
SHINGLE = 3

_WORD = re.compile(r"\w+")
_NUMBER = re.compile(r"\d[\d.,]*\d|\d")
# A capitalised word (Haniyeh, Égypte). The capital comes first and the word boundary is checked
# after it (not \b before it): a pattern that starts with a character set is scanned for it fast.
_CAPITALISED = re.compile(r"[A-ZÀ-ÖØ-Þ](?<!\w.)[a-zß-öø-ÿ][^\W\d_]+")
_OPENING = " \t\"'“‘("       # skipped before a name to find what precedes it
_SENTENCE_END = ".!?\n:—–-"  # a name after one of these (or at the start) is sentence-initial


def _hash(data: bytes) -> int:
    return zlib.crc32(data)  # deterministic across processes, unlike hash()


def shingles(text: str) -> set[bytes]:
    """Lower-case word 3-grams: robust to a changed word, a dropped sentence, new punctuation."""
    return set(map(str.encode, _shingle_strings(text)))


def _shingle_strings(text: str) -> list[str]:
    words = _WORD.findall(text.lower())
    if len(words) < SHINGLE:
        return [" ".join(words)] if words else []
    return list(map(" ".join, zip(words, words[1:], words[2:])))


def facts(text: str) -> set[str]:
    """Numbers (by their digits), and capitalised names that are not sentence-initial: what a
    translation keeps from its original whatever the language."""
    unique = list(dict.fromkeys(_fact_strings(text)))
    return set(unique[:MAX_FACTS])


def _fact_hashes(text: str) -> list[int]:
    """The CRC-32s of ``facts(text)`` (``_hash`` of each), increasing: what the index keeps."""
    if _NATIVE is not None:
        return _NATIVE.fact_hashes(text, _OPENING, _SENTENCE_END, MAX_FACTS)
    return sorted(set(map(zlib.crc32, map(str.encode, facts(text)))))


def _fact_strings(text: str) -> list[str]:
    """The facts in the text's order (numbers first, then names), repeats kept."""
    if _NATIVE is not None:
        return _NATIVE.fact_strings(text, _OPENING, _SENTENCE_END)
    found = ["#" + (digits.lstrip("0") or "0") for digits in
             (number.replace(".", "").replace(",", "") for number in _NUMBER.findall(text))
             if len(digits) >= 2]
    for m in _CAPITALISED.finditer(text):
        k = m.start() - 1
        while k >= 0 and text[k] in _OPENING:
            k -= 1
        if k >= 0 and text[k] not in _SENTENCE_END:
            found.append(m.group().lower())
    return found


# -- MinHash ---------------------------------------------------------------------------------
# The signatures are datasketch's MinHash (version 2, scheme "affine32": each input hash is
# mixed by the MurmurHash3 finaliser, then permuted by a·h + b mod 2^32, a odd) computed here
# in a few numpy operations: importing datasketch imports scipy (~0.4 s of start-up, its LSH
# module needs scipy.integrate), and building a MinHash object per text cost more than the
# hashing. The values are the same bit for bit (tests/test_stories.py compares them with
# datasketch's when it is installed), so stories do not change; and they no longer depend on
# which datasketch version is installed (1.x used another scheme).

_MASK32 = np.uint32(0xFFFFFFFF)


# The compiled steps (audit/_native/stories.c), or None: then the numpy code below runs,
# with the same output bit for bit (audit/native.py).
_NATIVE = native.load("_native_stories")


def _permutations(num_perm: int = NUM_PERM, seed: int = 1) -> np.ndarray:
    """datasketch's ``MinHash(num_perm, seed)._init_permutations`` for "affine32": rows a, b."""
    gen = np.random.RandomState(seed)
    a = gen.randint(0, 1 << 31, num_perm, dtype=np.uint32) * np.uint32(2) + np.uint32(1)
    b = gen.randint(0, 1 << 32, num_perm, dtype=np.uint32)
    return np.array([a, b])


# ``_permutations()`` saved (1 KB): drawing them imports numpy.random, ~15 ms of start-up.
# tests/test_stories.py checks the file against the computation. It is code, not data (a
# fixed function of the seed), so it sits beside the module, outside the data/ folder whose
# files the report's signature hashes.
PERMUTATIONS_FILE = Path(__file__).with_name("minhash-permutations.npy")
_A, _B = np.load(PERMUTATIONS_FILE, allow_pickle=False)


def _fmix32(hv: np.ndarray) -> np.ndarray:
    """MurmurHash3's 32-bit finaliser (a bijection), as datasketch pre-mixes each hash."""
    hv = hv ^ (hv >> np.uint32(16))
    hv = hv * np.uint32(0x85EBCA6B)
    hv = hv ^ (hv >> np.uint32(13))
    hv = hv * np.uint32(0xC2B2AE35)
    return hv ^ (hv >> np.uint32(16))


def minhash(hashes: np.ndarray, num_perm: int = NUM_PERM) -> np.ndarray:
    """The MinHash signature (``num_perm`` uint32) of a set given by its items' 32-bit hashes
    (repeats change nothing); all-max for an empty set, as datasketch's. A smaller
    ``num_perm`` gives the first values of the full signature (all the fact bands read)."""
    if not len(hashes):
        return np.full(num_perm, _MASK32, dtype=np.uint32)
    mixed = _fmix32(hashes.astype(np.uint32, copy=False))[:, None]
    return (mixed * _A[:num_perm] + _B[:num_perm]).min(axis=0)  # uint32 arithmetic wraps: the mod 2^32


def _crc32s(items: Iterable[bytes]) -> np.ndarray:
    return np.fromiter(map(zlib.crc32, items), dtype=np.uint32)


def signature(items: Iterable[bytes | str]) -> np.ndarray:
    """The MinHash signature of ``items`` (bytes, or str encoded as UTF-8), CRC-32 hashed."""
    return minhash(_crc32s(i.encode() if isinstance(i, str) else i for i in items))


def _text_signature(text: str) -> np.ndarray:
    """``signature(shingles(text))``, without building the set (repeats change no minimum)."""
    if _NATIVE is not None:
        return np.frombuffer(_NATIVE.text_signature(text, _A, _B), dtype=np.uint32)  # lower-cases it
    return minhash(_crc32s(map(str.encode, _shingle_strings(text))))


def _facts_signature(fact_hashes: list[int], num_perm: int) -> np.ndarray:
    """The first ``num_perm`` values of ``signature(str(h) for h in fact_hashes)``."""
    if _NATIVE is not None:  # it hashes an int as str(int)
        return np.frombuffer(_NATIVE.item_signature(fact_hashes, _A, _B, num_perm), dtype=np.uint32)
    return minhash(_crc32s(map(str.encode, map(str, fact_hashes))), num_perm)


# -- LSH band parameters ---------------------------------------------------------------------

def _false_rates(threshold: float, num_perm: int, b: int, r: int, nodes, weights) -> tuple[float, float]:
    lo = (nodes + 1) * threshold / 2
    hi = threshold + (nodes + 1) * (1 - threshold) / 2
    fp = float(np.dot(weights * threshold / 2, 1 - (1 - lo ** r) ** b))
    fn = float(np.dot(weights * (1 - threshold) / 2, (1 - hi ** r) ** b))
    return fp, fn


def optimal_bands(threshold: float, num_perm: int = NUM_PERM, fp_weight: float = 0.5,
                  fn_weight: float = 0.5) -> tuple[int, int]:
    """The b bands of r rows (b·r ≤ ``num_perm``) that minimise the weighted false-positive
    and false-negative probability mass around ``threshold``: datasketch's ``_optimal_param``.
    The thresholds of the default index are precomputed (``_PRECOMPUTED``); others are solved
    once per process (``solve_bands``)."""
    key = (round(threshold, 6), num_perm, fp_weight, fn_weight)
    return _PRECOMPUTED.get(key) or solve_bands(*key)


@lru_cache(maxsize=None)
def solve_bands(threshold: float, num_perm: int, fp_weight: float, fn_weight: float) -> tuple[int, int]:
    """datasketch's ``_optimal_param``, same loop and tie-breaking, without scipy: its
    integrands are polynomials of degree b·r ≤ ``num_perm``, which Gauss–Legendre quadrature
    of ``num_perm // 2 + 1`` nodes integrates exactly (about 10 ms)."""
    from numpy.polynomial.legendre import leggauss

    nodes, weights = leggauss(num_perm // 2 + 1)
    best, opt = float("inf"), (0, 0)
    for b in range(1, num_perm + 1):
        for r in range(1, num_perm // b + 1):
            fp, fn = _false_rates(threshold, num_perm, b, r, nodes, weights)
            error = fp * fp_weight + fn * fn_weight
            if error < best:
                best, opt = error, (b, r)
    return opt


# (threshold, num_perm, weights) → (b, r) for the LSH thresholds of the default StoryIndex
# (THRESHOLD - 0.1 and FACTS_THRESHOLD - 0.1), so a run computes none; tests/test_stories.py
# checks them against the computation (and datasketch's).
_PRECOMPUTED = {(0.4, 128, 0.5, 0.5): (32, 4), (0.2, 128, 0.5, 0.5): (28, 2)}


def _splitmix64(seed: int, count: int) -> list[int]:
    """``count`` well-mixed 64-bit constants (Steele et al.'s SplitMix64), deterministic."""
    out, state, mask = [], seed, (1 << 64) - 1
    for _ in range(count):
        state = (state + 0x9E3779B97F4A7C15) & mask
        z = state
        z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & mask
        z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & mask
        out.append(z ^ (z >> 31))
    return out


class _Bands:
    """LSH banding over MinHash signatures, stored compactly.

    The band parameters (b bands of r rows) are datasketch's optimum for the threshold
    (``optimal_bands``). The
    storage is ours: datasketch's in-memory LSH keeps a Python set per bucket, about 9 KB per
    article for 32 bands, which would make memory grow fast with the batch. Here a band is one
    64-bit hash; recent inserts sit in a dict and are merged into one sorted array of hashes
    (and one of keys) when the dict grows past a fraction of it: 12 bytes per band and
    article, and a query is a binary search per band.
    """

    MAX_PER_BUCKET = 64  # a bucket's earliest keys: enough to find a story, bounded work

    def __init__(self, threshold: float, num_perm: int) -> None:
        self.b, self.r = optimal_bands(threshold, num_perm)
        # A band's hash: its rows times odd 64-bit multipliers, summed, xor a salt per band.
        # Equal bands always hash alike; which constants only decides 2^-64 collisions.
        constants = _splitmix64(7, self.r + self.b)
        self.multipliers = np.array(constants[:self.r], dtype=np.uint64) | np.uint64(1)
        self.salts = np.array(constants[self.r:], dtype=np.uint64)
        self.hashes = np.empty(0, dtype=np.uint64)
        self.keys = np.empty(0, dtype=np.uint32)
        self.recent: dict[int, list[int]] = {}  # band hash -> keys, in insertion order
        self.recent_hashes: list[int] = []      # the same pairs, flat, for the next merge
        self.recent_keys: list[int] = []
        self.pending = 0

    @property
    def rows(self) -> int:
        """How many values of a signature the bands read: its first b·r."""
        return self.b * self.r

    def bands(self, sig: np.ndarray) -> list[int]:
        rows = sig[: self.b * self.r].astype(np.uint64).reshape(self.b, self.r)
        return (rows @ self.multipliers ^ self.salts).tolist()  # uint64 arithmetic wraps

    def query(self, bands: list[int]) -> list[int]:
        """The keys, increasing, of the first ``MAX_PER_BUCKET`` keys of each band's bucket
        among the merged inserts and among the recent ones."""
        found: set[int] = set()
        if len(self.hashes):
            wanted = np.array(bands, dtype=np.uint64)
            lo = np.searchsorted(self.hashes, wanted, "left")
            hi = np.searchsorted(self.hashes, wanted, "right")
            hit = np.flatnonzero(hi > lo)
            if len(hit):  # few bands hit: slice only those buckets
                ends = np.minimum(hi[hit], lo[hit] + self.MAX_PER_BUCKET)
                for a, z in zip(lo[hit].tolist(), ends.tolist()):
                    found.update(self.keys[a:z].tolist())
        for keys in filter(None, map(self.recent.get, bands)):
            found.update(keys[:self.MAX_PER_BUCKET])
        return sorted(found)

    def insert(self, key: int, bands: list[int]) -> None:
        """Keys must come in increasing order (``_merge`` relies on it)."""
        recent = self.recent
        fresh = dict.fromkeys(bands, (key,))
        if len(fresh) == len(bands) and recent.keys().isdisjoint(fresh):
            recent.update(fresh)  # the usual case, every band a new bucket: no loop in Python
        else:
            for band in bands:
                keys = recent.get(band)
                if keys is None:
                    recent[band] = [key]
                elif type(keys) is tuple:  # a bucket of one, shared with its other bands
                    recent[band] = [*keys, key]
                else:
                    keys.append(key)
        self.recent_hashes += bands
        self.recent_keys += [key] * len(bands)
        self.pending += 1
        if self.pending >= max(512, len(self.hashes) // (4 * self.b)):
            self._merge()

    def _merge(self) -> None:
        all_hashes = np.concatenate([self.hashes, np.array(self.recent_hashes, dtype=np.uint64)])
        all_keys = np.concatenate([self.keys, np.array(self.recent_keys, dtype=np.uint32)])
        # By hash, then the earliest key first. The merged arrays are in that order already and
        # every recent key is later than theirs, in insertion order, so a stable sort by hash
        # alone gives it (lexsort by key then hash did twice the work, from scratch).
        order = np.argsort(all_hashes, kind="stable")
        self.hashes, self.keys = all_hashes[order], all_keys[order]
        self.recent, self.recent_hashes, self.recent_keys, self.pending = {}, [], [], 0


def _band_index(threshold: float, num_perm: int):
    """A ``_Bands`` index, compiled when the module is there (``_native_stories.Bands``: the
    same storage, merges and answers, without a Python loop or dict per insert)."""
    bands = _Bands(threshold, num_perm)
    if _NATIVE is None:
        return bands
    return _NATIVE.Bands(bands.b, bands.r, bands.multipliers, bands.salts, _Bands.MAX_PER_BUCKET)


class _Rows:
    """A growing 2-D uint32 array (one signature a row), doubling its capacity."""

    def __init__(self, width: int) -> None:
        self.data = np.empty((1024, width), dtype=np.uint32)
        self.size = 0

    def append(self, row: np.ndarray) -> int:
        if self.size == len(self.data):
            self.data = np.concatenate([self.data, np.empty_like(self.data)])
        self.data[self.size] = row
        self.size += 1
        return self.size - 1


@dataclass
class Link:
    article: str        # the other article
    relation: str       # "translation-of" (this article translates it) or "original-of"
    by: str             # "source-text" or "shared-facts"

    def to_dict(self) -> dict[str, Any]:
        return {"article": self.article, "relation": self.relation, "by": self.by}


@dataclass
class Story:
    id: str
    links: list[Link] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "links": [link.to_dict() for link in self.links]}


class StoryIndex:
    """Assigns stories to articles as they stream past (see the module docstring).

    Per article it keeps its id, story number, languages, text signature (512 bytes), LSH
    bands (12 bytes each), fact hashes (at most ``MAX_FACTS`` × 4 bytes) and, with a
    ``source_text``, that signature too: about 1.5 KB whatever the article's length."""

    def __init__(self, threshold: float = THRESHOLD, facts_threshold: float = FACTS_THRESHOLD,
                 min_shared_facts: int = MIN_SHARED_FACTS) -> None:
        self.threshold = threshold
        self.facts_threshold = facts_threshold
        self.min_shared_facts = min_shared_facts
        # LSH a little below the decision threshold: borderline pairs become candidates and
        # the signatures decide.
        self.text_bands = _band_index(max(0.05, threshold - 0.1), NUM_PERM)
        # The same parameters and constants as text_bands: a signature's bands serve both.
        self.source_bands = _band_index(max(0.05, threshold - 0.1), NUM_PERM)
        self.fact_bands = _band_index(max(0.05, facts_threshold - 0.1), NUM_PERM)
        # A signature's band hashes as the index takes them: the compiled one's packed in bytes
        # (no int object per band to make and read back), the Python one's as a list of ints.
        self._text_band_hashes = getattr(self.text_bands, "packed", self.text_bands.bands)
        self._fact_band_hashes = getattr(self.fact_bands, "packed", self.fact_bands.bands)
        self.sigs = _Rows(NUM_PERM)
        self.source_sigs: dict[int, np.ndarray] = {}
        self.ids: list[str] = []
        self.story_numbers = array("I")
        self.languages: list[str | None] = []
        self.origins: list[str | None] = []
        self.fact_data = array("I")
        self.fact_starts = array("I", [0])
        self.stories = 0

    def _facts_of(self, key: int) -> array:
        return self.fact_data[self.fact_starts[key]:self.fact_starts[key + 1]]

    def add(self, article_id: str, text: str, language: str | None = None,
            origin: str | None = None, source_text: str | None = None) -> Story:
        key = len(self.ids)
        text_sig = _text_signature(text) if text.strip() else None
        article_facts = _fact_hashes(text)
        source_sig = _text_signature(source_text) if source_text else None
        text_bands = self._text_band_hashes(text_sig) if text_sig is not None else []
        links: list[Link] = []
        linked: list[int] = []  # the keys of the linked articles

        best = self._best(self.text_bands.query(text_bands), text_sig, self.sigs.data)
        story = self.story_numbers[best] if best is not None else None
        if source_sig is not None:  # a translation of an earlier article ...
            source_bands = self._text_band_hashes(source_sig)
            k = self._best(self.text_bands.query(source_bands), source_sig,
                           self.sigs.data)
            if k is not None:
                links.append(Link(self.ids[k], "translation-of", "source-text"))
                linked.append(k)
        if text_sig is not None and self.source_sigs:  # ... or the original of one
            candidates = [k for k in self.source_bands.query(text_bands)
                          if k in self.source_sigs]
            k = self._best_of(candidates, text_sig, lambda k: self.source_sigs[k])
            if k is not None and k not in linked:
                links.append(Link(self.ids[k], "original-of", "source-text"))
                linked.append(k)
        fact_bands = []
        if len(article_facts) >= self.min_shared_facts:
            fact_bands = self._fact_band_hashes(_facts_signature(article_facts, self.fact_bands.rows))
            if not links:
                found = self._facts_link(fact_bands, set(article_facts), language, origin)
                if found is not None:
                    links.append(found[1])
                    linked.append(found[0])
        if story is None and links:
            story = self.story_numbers[linked[0]]
        if story is None:
            self.stories += 1
            story = self.stories

        self.ids.append(article_id)
        self.story_numbers.append(story)
        self.languages.append(language)
        self.origins.append(origin)
        self.fact_data.extend(article_facts)
        self.fact_starts.append(len(self.fact_data))
        self.sigs.append(text_sig if text_sig is not None else np.zeros(NUM_PERM, np.uint32))
        if text_sig is not None:
            self.text_bands.insert(key, text_bands)
        if source_sig is not None:
            self.source_sigs[key] = source_sig
            self.source_bands.insert(key, source_bands)
        if fact_bands:
            self.fact_bands.insert(key, fact_bands)
        return Story(f"S{story}", links)

    def _best(self, candidates: Iterable[int], sig: np.ndarray | None, rows: np.ndarray) -> int | None:
        """The most similar candidate at or above the threshold (ties: the earliest)."""
        keys = sorted(candidates)
        if sig is None or not keys:
            return None
        if _NATIVE is not None:
            best, agreeing = _NATIVE.best_row(rows, len(sig), keys, sig)
        else:
            counts = (rows[keys] == sig).sum(axis=1)  # the estimated Jaccard times len(sig)
            best = int(np.argmax(counts))  # the first of the highest: the earliest
            agreeing = int(counts[best])
        return keys[best] if agreeing / len(sig) >= self.threshold else None

    def _best_of(self, candidates: list[int], sig: np.ndarray, sig_of) -> int | None:
        keys = sorted(candidates)
        if not keys:
            return None
        i = self._best(range(len(keys)), sig, np.stack([sig_of(k) for k in keys]))
        return keys[i] if i is not None else None

    def _facts_link(self, fact_bands: list[int], article_facts: set[int],
                    language: str | None, origin: str | None) -> tuple[int, Link] | None:
        best, best_score = None, self.facts_threshold
        if not language:
            return None  # shared facts link across languages only
        for k in self.fact_bands.query(fact_bands):  # increasing keys
            other_language = self.languages[k]
            if other_language == language or not other_language:
                continue  # shared facts link across languages only
            other = self._facts_of(k)
            shared = len(article_facts.intersection(other))
            score = shared / (len(article_facts) + len(other) - shared)
            if shared < self.min_shared_facts or score < best_score:
                continue
            if origin == other_language:
                relation = "translation-of"
            elif self.origins[k] == language:
                relation = "original-of"
            else:
                continue  # neither says it was translated from the other
            if best is None or score > best_score:
                best, best_score = (k, Link(self.ids[k], relation, "shared-facts")), score
        return best


def assign_story(index: StoryIndex, report, article) -> dict[str, Any]:
    """The ``story`` field of one finalised report (``pipeline.run`` calls it in input order)."""
    language = report.language.code if report.language else None
    origin = report.origin_language.code if report.origin_language else None
    return index.add(report.id, report.text, language=language, origin=origin,
                     source_text=article.source_text).to_dict()


def cluster(texts: Iterable[str], threshold: float = THRESHOLD) -> list[str]:
    """The story id of each text, in order (the benchmark's and the tests' entry point)."""
    index = StoryIndex(threshold=threshold)
    return [index.add(str(i), text).id for i, text in enumerate(texts)]
