"""Word-frequency lists (wordfreq's data files), loaded lazily, per language, within a budget.

Why not call wordfreq itself: ``get_frequency_list``/``get_frequency_dict`` keep every list
they ever loaded (35–150 MB each for the large ones) for the life of the process, a language
code without its own list silently loads the "nearest" one and logs a warning on stderr
("You asked for word frequencies in language 'af'…"), and importing wordfreq costs ~0.3 s
(langcodes). This module reads the same files directly:

* ``zipf_table(lang)``: ``{word: Zipf frequency}``, so that ``checks.lexicon.zipf`` is one
  ``dict.get``; the values equal ``wordfreq.zipf_frequency``'s dictionary source exactly
  (``log10(frequency) + 9``).
* ``frequencies(lang)``: ``{word: frequency}``, equal to ``wordfreq.get_frequency_dict(lang)``,
  derived from the Zipf table for a caller that asks (spacing's compound vocabulary) and not kept.
* ``top_words(lang, n)``: the ``n`` commonest words, equal to ``wordfreq.top_n_list(lang, n)``.
  It reads only the first buckets of the file and keeps a small set, so screening every
  article language costs a few kilobytes, not a whole list.

A language code without a list of its own gets ``{}`` (no nearest match, no warning). The
tables kept at once hold at most ``WORD_BUDGET`` words (English's large list is 321,000 words,
~35 MB; Russian's 713,000): beyond it the oldest loaded table is dropped, and loaded again if
asked again. The files are wordfreq's "cBpack" format: a msgpack list whose item ``i`` (after
a header) holds the words of frequency 10^(-i/100).
"""

from __future__ import annotations

import gzip
import importlib.util
import math
import re
from array import array
from bisect import bisect_left
from collections import OrderedDict
from collections.abc import Mapping
from functools import lru_cache
from itertools import takewhile
from pathlib import Path
from typing import Iterable

WORD_BUDGET = 1_200_000   # words in all tables kept at once (~130 MB at most)
_HAS_DIGIT_SEQUENCE = re.compile(r"\d[\d.,]+").match  # wordfreq's top_n_list leaves these out

_tables: OrderedDict[str, dict[str, float]] = OrderedDict()  # language → Zipf table, oldest first


@lru_cache(maxsize=1)
def _data_dir() -> Path | None:
    spec = importlib.util.find_spec("wordfreq")  # locates the package without importing it
    if spec is None or not spec.submodule_search_locations:
        return None
    return Path(next(iter(spec.submodule_search_locations))) / "data"


@lru_cache(maxsize=None)
def _file(lang: str) -> Path | None:
    """The best list wordfreq has for exactly this code: large, else small, else None."""
    folder = _data_dir()
    if folder is None or not re.fullmatch(r"[a-z]{2,3}", lang or ""):
        return None
    for size in ("large", "small"):
        path = folder / f"{size}_{lang}.msgpack.gz"
        if path.is_file():
            return path
    return None


def available(lang: str | None) -> bool:
    """True when there is a word list for exactly this language code."""
    return bool(lang) and _file(lang) is not None


def _buckets(path: Path):
    """The frequency buckets of a cBpack file, one at a time, most frequent first."""
    import msgpack
    with gzip.open(path, "rb") as handle:
        unpacker = msgpack.Unpacker(handle, raw=False)
        count = unpacker.read_array_header()
        header = unpacker.unpack()
        if not isinstance(header, dict) or header.get("format") != "cB" or header.get("version") != 1:
            raise ValueError(f"{path.name}: not a wordfreq cBpack file")
        for _ in range(count - 1):
            yield unpacker.unpack()


def zipf_table(lang: str) -> dict[str, float]:
    """``{word: Zipf frequency}`` (log10 per billion words) for ``lang``; ``{}`` without a list.

    Precomputed so that a look-up is one ``dict.get``: the checks ask ~500 times an article.
    The values equal ``math.log10(frequency) + 9.0`` exactly; the words of one frequency
    bucket share one float object, so the table costs a dict, not a float per word.
    """
    table = _tables.get(lang)  # the hot path: one dict look-up
    if table is not None:
        return table
    table = {}
    path = _file(lang)
    if path is not None:
        for index, bucket in enumerate(_buckets(path)):
            table.update(dict.fromkeys(bucket, math.log10(_frequency(index)) + 9.0))
    _tables[lang] = table
    words = sum(map(len, _tables.values()))
    while words > WORD_BUDGET and len(_tables) > 1:  # drop the oldest, never the one just read
        _, dropped = _tables.popitem(last=False)
        words -= len(dropped)
    return table


@lru_cache(maxsize=None)
def longest_word(lang: str) -> int:
    """The length of the longest word in ``lang``'s list (0 without one): a bound that needs
    no dict of the list's frequencies (``max(map(len, frequencies(lang)))`` built one)."""
    return max(map(len, zipf_table(lang)), default=0)


def frequencies(lang: str) -> "Frequencies":
    """``{word: frequency}`` for ``lang``, equal to ``wordfreq.get_frequency_dict(lang)``.

    A read-only view of the Zipf table (the same words, in the same order), each frequency
    computed when read: the one caller (spacing's compound vocabulary) reads it once, and a
    dict of English's 321,000 words built for it was ~15 MB at the peak of the run.
    """
    return Frequencies(zipf_table(lang))


class Frequencies(Mapping):
    """See :func:`frequencies`."""

    def __init__(self, table: dict[str, float]) -> None:
        self._table = table
        # Each Zipf value is 9 - index/100 for its bucket's index: recover the index,
        # recompute the frequency with wordfreq's own expression (so the floats are identical).
        self._by_zipf = {value: _frequency(round((9.0 - value) * 100)) for value in set(table.values())}

    def __getitem__(self, word: str) -> float:
        return self._by_zipf[self._table[word]]

    def __iter__(self):
        return iter(self._table)

    def __len__(self) -> int:
        return len(self._table)

    def __contains__(self, word: object) -> bool:
        return word in self._table

    def items(self):
        by_zipf = self._by_zipf
        return ((word, by_zipf[value]) for word, value in self._table.items())


def _frequency(index: int) -> float:
    return 10 ** (-index / 100)  # wordfreq.cB_to_freq(-index)


@lru_cache(maxsize=256)
def top_words(lang: str, n: int) -> frozenset[str]:
    """The ``n`` commonest words of ``lang`` (no multi-digit tokens); empty when it has no list."""
    path = _file(lang)
    if path is None:
        return frozenset()
    words: list[str] = []
    for bucket in _buckets(path):
        for word in bucket:
            if not _HAS_DIGIT_SEQUENCE(word):
                words.append(word)
                if len(words) >= n:
                    return frozenset(words)
    return frozenset(words)


@lru_cache(maxsize=32)
def common_zipf(lang: str, min_zipf: float) -> "CommonWords":
    """``{word: Zipf}`` for the words of ``lang`` at ``min_zipf`` or above only: the common
    words a check compares across many languages, without holding each language's full list
    (see :class:`CommonWords`: under a megabyte instead of tens). Empty when it has no list."""
    path = _file(lang)
    buckets = enumerate(_buckets(path)) if path is not None else iter(())
    return CommonWords(takewhile(lambda item: -item[0] / 100 + 9.0 >= min_zipf, buckets))


class CommonWords:
    """A read-only ``{word: Zipf}`` of a language's common words, packed: a dict of 60,000
    words costs ~7 MB (a str object and a dict entry each), a check weighs eleven languages,
    and the pofilter workload's peak memory budget is 200 MB. Here the words sit in one UTF-8
    string (``\\0``-separated), found by their ``hash()`` in a sorted ``array`` and confirmed by comparing
    the word itself, so a look-up is exact: ~1 µs and ~25 bytes a word. ``get``, ``in``,
    ``len`` and iteration (in the list's order, as the dict's) are what its callers use; the
    values equal the dict's (``9 - bucket/100``)."""

    def __init__(self, buckets: Iterable[tuple[int, list[str]]]) -> None:
        """From ``(index, words)`` buckets, packed one bucket at a time: the words of the
        whole list never exist as str objects at once (they were the peak of a run)."""
        import numpy as np  # loaded anyway (py3langid); sorting 100,000 hashes in Python is slow

        hashes, lengths, parts, indexes = [], [], [], array("H")
        for index, words in buckets:
            if not words:
                continue
            hashes.append(np.fromiter(map(hash, words), dtype=np.int64, count=len(words)))
            lengths.append(np.fromiter((len(w.encode("utf-8", "surrogatepass")) for w in words),
                                       dtype=np.uint32, count=len(words)))
            parts.append("\0".join(words).encode("utf-8", "surrogatepass"))
            indexes.extend([index] * len(words))
        all_hashes = np.concatenate(hashes) if hashes else np.empty(0, dtype=np.int64)
        order = np.argsort(all_hashes, kind="stable")
        ranked = all_hashes[order]
        self._hashes = array("q", ranked.tobytes())
        self._order = array("I", order.astype(np.uint32).tobytes())  # hash rank → word
        self._indexes = indexes
        # UTF-8, in the list's order (most frequent first): one emoji in a list would make a
        # str blob four bytes a character
        self._blob = b"\0".join(parts)
        starts = np.zeros(len(ranked) + 1, dtype=np.uint32)
        if lengths:
            np.cumsum(np.concatenate(lengths) + 1, out=starts[1:])
        self._starts = array("I", starts.tobytes())
        # Where each run of hashes with the same top bits starts (~4 words a run), so that a
        # look-up bisects a few entries instead of all of them.
        self._bits = max(1, min(20, len(ranked).bit_length() - 2))
        prefixes = np.arange(-(1 << (self._bits - 1)), (1 << (self._bits - 1)) + 1, dtype=np.int64)
        self._runs = array("I", np.searchsorted(ranked >> np.int64(64 - self._bits), prefixes)
                           .astype(np.uint32).tobytes())

    def _find(self, word: str) -> int:
        h = hash(word)
        hashes, order, blob, starts = self._hashes, self._order, self._blob, self._starts
        run = (h >> (64 - self._bits)) + (1 << (self._bits - 1))
        i = bisect_left(hashes, h, self._runs[run], self._runs[run + 1])
        while i < len(hashes) and hashes[i] == h:
            j = order[i]
            if blob[starts[j]:starts[j + 1] - 1] == word.encode("utf-8", "surrogatepass"):
                return j
            i += 1
        return -1

    def get(self, word: str, default: float | None = None) -> float | None:
        i = self._find(word) if type(word) is str else -1
        return default if i < 0 else -self._indexes[i] / 100 + 9.0

    def __contains__(self, word: object) -> bool:
        return type(word) is str and self._find(word) >= 0

    def __getitem__(self, word: str) -> float:
        value = self.get(word)
        if value is None:
            raise KeyError(word)
        return value

    def __len__(self) -> int:
        return len(self._hashes)

    def __iter__(self):
        if not self._hashes:
            return iter(())
        return (w.decode("utf-8", "surrogatepass") for w in self._blob.split(b"\0"))

    def items(self):
        return ((word, -index / 100 + 9.0) for word, index in zip(self, self._indexes))
