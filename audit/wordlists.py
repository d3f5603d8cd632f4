"""Word-frequency lists (wordfreq's data files), loaded lazily, per language, within a budget.

Why not call wordfreq itself: ``get_frequency_list``/``get_frequency_dict`` keep every list
they ever loaded (35–150 MB each for the large ones) for the life of the process, a language
code without its own list silently loads the "nearest" one and logs a warning on stderr
("You asked for word frequencies in language 'af'…"), and importing wordfreq costs ~0.3 s
(langcodes). This module reads the same files directly:

* ``zipf_table(lang)``: ``{word: Zipf frequency}``, so that ``checks.lexicon.zipf`` is one
  ``dict.get`` once a batch has asked enough words (the packed file answers before); the values equal ``wordfreq.zipf_frequency``'s dictionary source exactly
  (``log10(frequency) + 9``).
* ``frequencies(lang)``: ``{word: frequency}``, equal to ``wordfreq.get_frequency_dict(lang)``,
  derived from the Zipf table for a caller that asks (spacing's compound vocabulary) and not kept.
* ``top_words(lang, n)``: the ``n`` commonest words, equal to ``wordfreq.top_n_list(lang, n)``.
  It reads only the first buckets of the file and keeps a small set, so screening every
  article language costs a few kilobytes, not a whole list.

Each list a run needs whole (English and Indonesian for the checks, the languages of
``common_zipf``) is packed once per machine into a file that later runs map instead of reading
(:class:`PackedWords`): building English's dict is ~0.15 s, one article asks a few hundred words.

A language code without a list of its own gets ``{}`` (no nearest match, no warning). The
tables kept at once hold at most ``WORD_BUDGET`` words (English's large list is 321,000 words,
~35 MB; Russian's 713,000): beyond it the oldest loaded table is dropped, and loaded again if
asked again. The files are wordfreq's "cBpack" format: a msgpack list whose item ``i`` (after
a header) holds the words of frequency 10^(-i/100).
"""

from __future__ import annotations

import gzip
import hashlib
import importlib.util
import math
import mmap
import re
import struct
import zlib
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


def zipf_table(lang: str) -> Mapping[str, float]:
    """``{word: Zipf frequency}`` (log10 per billion words) for ``lang``; ``{}`` without a list.

    The values equal ``math.log10(frequency) + 9.0`` exactly. A run starts with the list's
    packed file (:class:`PackedWords`: mapped, nothing built), whose look-ups cost ~1 µs; once
    it has answered ``PROMOTE_AFTER`` of them (a batch, not one article) the table becomes a
    dict, one ``dict.get`` a look-up: the checks ask ~100 times an article.
    """
    table = _tables.get(lang)  # the hot path: one dict look-up
    if table is not None:
        return table
    packed = _packed(lang)
    if packed is not None:
        table = WordTable(packed, len(packed), _zipf_values(packed.buckets_count),
                          promote=lambda: _full_table(lang))
    else:
        table = _read_table(lang)
    _keep(lang, table)
    return table


def _full_table(lang: str) -> dict[str, float]:
    """``lang``'s Zipf table as a dict, from then on the one :func:`zipf_table` returns."""
    table = _tables.get(lang)
    if type(table) is dict:
        return table
    packed = _packed(lang)
    table = packed.as_dict(_zipf_values(packed.buckets_count)) if packed is not None \
        else _read_table(lang)
    _keep(lang, table)
    return table


def _read_table(lang: str) -> dict[str, float]:
    """The Zipf dict from wordfreq's file itself (a list that cannot be packed)."""
    table: dict[str, float] = {}
    path = _file(lang)
    if path is not None:
        for index, bucket in enumerate(_buckets(path)):
            table.update(dict.fromkeys(bucket, math.log10(_frequency(index)) + 9.0))
    return table


def _zipf_values(buckets: int) -> tuple[float, ...]:
    """The Zipf value of each bucket, as the dict of the whole list holds it."""
    return tuple(math.log10(_frequency(index)) + 9.0 for index in range(buckets))


def _keep(lang: str, table: Mapping[str, float]) -> None:
    _tables.pop(lang, None)
    _tables[lang] = table
    words = sum(map(len, _tables.values()))
    while words > WORD_BUDGET and len(_tables) > 1:  # drop the oldest, never the one just read
        _, dropped = _tables.popitem(last=False)
        words -= len(dropped)


@lru_cache(maxsize=None)
def longest_word(lang: str) -> int:
    """The length of the longest word in ``lang``'s list (0 without one): a bound that needs
    no dict of the list's frequencies (``max(map(len, frequencies(lang)))`` built one)."""
    packed = _packed(lang)
    if packed is not None:
        return packed.longest
    return max(map(len, zipf_table(lang)), default=0)


def frequencies(lang: str) -> "Frequencies":
    """``{word: frequency}`` for ``lang``, equal to ``wordfreq.get_frequency_dict(lang)``.

    A read-only view of the Zipf table (the same words, in the same order), each frequency
    computed when read: the one caller (spacing's compound vocabulary) reads it once, and a
    dict of English's 321,000 words built for it was ~15 MB at the peak of the run.
    """
    return Frequencies(_full_table(lang) if available(lang) else {})


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
    # a list packed already, else the first buckets of wordfreq's file (cheap: a screen of
    # every article language must not pack every language's whole list)
    packed = _packed_lists.get(lang)
    buckets = (packed.words(),) if packed is not None else _buckets(path)
    for bucket in buckets:
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
    packed = _packed(lang)
    if packed is not None:  # the buckets down to min_zipf are the first words of the list
        last = next((i for i in range(packed.buckets_count) if -i / 100 + 9.0 < min_zipf),
                    packed.buckets_count)
        return WordTable(packed, packed.words_before(last),
                         tuple(-i / 100 + 9.0 for i in range(packed.buckets_count)))
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


# --- the packed, mapped form of a list (per machine) -------------------------------------------

PROMOTE_AFTER = 100_000  # look-ups a packed Zipf table answers before it becomes a dict
_FORMAT = 1
_MAGIC = b"audit-words\0"
_HEADER = struct.Struct("<12sIIIIII")  # magic, format, words, buckets, bits, longest, checksum


class PackedWords:
    """One language's list as a per-machine file (``$XDG_CACHE_HOME/audit/words-*.bin``),
    mapped, not read: reading wordfreq's file into a dict of English's 321,000 words is
    ~0.15 s of every start-up, and one article asks for a few hundred words.

    The file holds the words in the list's order (UTF-8, ``\\0``-separated), each word's
    bucket, and the CRC-32s of the words sorted (with where each word is), found by bisection
    within a run of equal top bits and confirmed by comparing the word itself, so a look-up is
    exact. A file that is truncated or altered (its checksum) is built again; a folder that
    cannot be written keeps the packed list in memory.
    """

    def __init__(self, data) -> None:
        magic, fmt, count, buckets, bits, longest, checksum = _HEADER.unpack_from(data, 0)
        if magic != _MAGIC or fmt != _FORMAT or zlib.crc32(memoryview(data)[_HEADER.size:]) != checksum:
            raise ValueError("not a packed word list of this format")
        view = memoryview(data)
        offset = _HEADER.size

        def take(code: str, items: int) -> memoryview:
            nonlocal offset
            size = items * struct.calcsize(code)
            part = view[offset:offset + size].cast(code)
            offset += (size + 3) & ~3
            return part

        self._data = data
        self.buckets_count, self.longest, self._shift = buckets, longest, 32 - bits
        self._bucket = take("H", count)
        self._starts = take("I", count + 1)
        self._hashes = take("I", count)
        self._order = take("I", count)
        self._runs = take("I", (1 << bits) + 1)
        self._blob, self._base = data, offset  # slicing an mmap or bytes gives bytes
        if len(data) - offset < self._starts[count]:
            raise ValueError("truncated packed word list")
        self._count = count

    def __len__(self) -> int:
        return self._count

    def find(self, word: str) -> int:
        """The position of ``word`` in the list, -1 when it is not in it."""
        encoded = word.encode("utf-8", "surrogatepass")
        h = zlib.crc32(encoded)
        run = h >> self._shift
        hashes, end = self._hashes, self._runs[run + 1]
        i = bisect_left(hashes, h, self._runs[run], end)
        while i < end and hashes[i] == h:
            j = self._order[i]
            if self._blob[self._base + self._starts[j]:self._base + self._starts[j + 1] - 1] == encoded:
                return j
            i += 1
        return -1

    def bucket(self, j: int) -> int:
        return self._bucket[j]

    def words_before(self, bucket: int) -> int:
        """How many words the buckets before ``bucket`` hold (the list is in bucket order)."""
        return bisect_left(self._bucket, bucket)

    def words(self, limit: int | None = None):
        """The first ``limit`` words (all by default), in the list's order, one at a time."""
        blob, starts, base = self._blob, self._starts, self._base
        for j in range(self._count if limit is None else limit):
            yield blob[base + starts[j]:base + starts[j + 1] - 1].decode("utf-8", "surrogatepass")

    def as_dict(self, values: tuple[float, ...], limit: int | None = None) -> dict[str, float]:
        limit = self._count if limit is None else limit
        if not limit:
            return {}
        end = self._base + self._starts[limit] - 1
        words = self._blob[self._base:end].decode("utf-8", "surrogatepass").split("\0")
        return dict(zip(words, map(values.__getitem__, self._bucket[:limit])))


class WordTable(Mapping):
    """A read-only ``{word: value}`` of the first ``limit`` words of a packed list, the value
    chosen by the word's bucket; with ``promote``, the dict that replaces it after
    ``PROMOTE_AFTER`` look-ups (see :func:`zipf_table`)."""

    def __init__(self, packed: PackedWords, limit: int, values: tuple[float, ...],
                 promote=None) -> None:
        self._packed, self._limit, self._values, self._promote = packed, limit, values, promote
        self._asked = 0

    def get(self, word, default=None):
        if self._promote is not None:
            self._asked += 1
            if self._asked > PROMOTE_AFTER:
                return self._promote().get(word, default)
        j = self._packed.find(word) if type(word) is str else -1
        if j < 0 or j >= self._limit:
            return default
        return self._values[self._packed.bucket(j)]

    def __contains__(self, word: object) -> bool:
        return type(word) is str and 0 <= self._packed.find(word) < self._limit

    def __getitem__(self, word: str) -> float:
        value = self.get(word)
        if value is None:
            raise KeyError(word)
        return value

    def __len__(self) -> int:
        return self._limit

    def __iter__(self):
        return self._packed.words(self._limit)

    def items(self):
        return self._packed.as_dict(self._values, self._limit).items()


_packed_lists: dict[str, PackedWords | None] = {}


def _packed(lang: str) -> PackedWords | None:
    """``lang``'s packed list (built and written the first time on this machine), or None
    without a list or for one that cannot be packed exactly (a word twice, a NUL in a word)."""
    if lang in _packed_lists:
        return _packed_lists[lang]
    path = _file(lang)
    packed = None
    if path is not None:
        from audit import cachefile

        stat = path.stat()
        key = hashlib.blake2b(f"{_FORMAT}|{path}|{stat.st_size}|{stat.st_mtime_ns}".encode(
            "utf-8", "surrogatepass"), digest_size=8).hexdigest()
        cached = cachefile.folder() / f"words-{lang}-{key}.bin"
        try:
            with open(cached, "rb") as handle:
                packed = PackedWords(mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ))
        except (OSError, ValueError, struct.error, TypeError):
            data = _pack(path)
            if data is not None:
                cachefile.write_bytes(cached, data)
                packed = PackedWords(data)
    _packed_lists[lang] = packed
    return packed


def _pack(path: Path) -> bytes | None:
    """The packed file of a wordfreq list (see :class:`PackedWords`), None when a word is
    there twice or holds a NUL (the dict of the list would not be its words in order).
    Built one bucket at a time: the words of a whole list never exist as str objects at once."""
    import numpy as np

    hashes, lengths, parts = [], [], []
    bucket = array("H")
    longest = buckets = 0
    for index, items in enumerate(_buckets(path)):
        buckets = index + 1
        if not items:
            continue
        encoded = [w.encode("utf-8", "surrogatepass") for w in items]
        longest = max(longest, max(map(len, items)))
        hashes.append(np.fromiter(map(zlib.crc32, encoded), dtype=np.uint32, count=len(encoded)))
        lengths.append(np.fromiter(map(len, encoded), dtype=np.uint32, count=len(encoded)))
        parts.append(b"\0".join(encoded) + b"\0")
        bucket.extend([index] * len(encoded))
    blob = b"".join(parts)
    del parts
    count = len(bucket)
    if blob.count(b"\0") != count:
        return None  # a NUL inside a word
    all_hashes = np.concatenate(hashes) if hashes else np.empty(0, dtype=np.uint32)
    starts = np.zeros(count + 1, dtype=np.uint32)
    if lengths:
        np.cumsum(np.concatenate(lengths) + 1, out=starts[1:])
    order = np.argsort(all_hashes, kind="stable").astype(np.uint32)
    ranked = all_hashes[order]
    for i in np.flatnonzero(ranked[1:] == ranked[:-1]).tolist():  # a CRC shared: the same word?
        a, b = int(order[i]), int(order[i + 1])
        if blob[starts[a]:starts[a + 1]] == blob[starts[b]:starts[b + 1]]:
            return None
    bits = max(1, min(20, count.bit_length() - 2))
    runs = np.searchsorted(ranked >> np.uint32(32 - bits),
                           np.arange((1 << bits) + 1, dtype=np.uint32)).astype(np.uint32)

    def aligned(part: bytes) -> bytes:
        return part + b"\0" * (-len(part) % 4)

    body = b"".join([aligned(bucket.tobytes()), aligned(starts.tobytes()), aligned(ranked.tobytes()),
                     aligned(order.tobytes()), aligned(runs.tobytes()), blob])
    return _HEADER.pack(_MAGIC, _FORMAT, count, buckets if count else 0, bits, longest,
                        zlib.crc32(body)) + body
