"""Word-frequency lists (wordfreq's data files), loaded lazily, per language, within a budget.

Why not call wordfreq itself: ``get_frequency_list``/``get_frequency_dict`` keep every list
they ever loaded (35–150 MB each for the large ones) for the life of the process, a language
code without its own list silently loads the "nearest" one and logs a warning on stderr
("You asked for word frequencies in language 'af'…"), and importing wordfreq costs ~0.3 s
(langcodes). This module reads the same files directly:

* ``zipf_table(lang)``: ``{word: Zipf frequency}``, so that ``checks.lexicon.zipf`` is one
  look-up; the values equal ``wordfreq.zipf_frequency``'s dictionary source exactly
  (``log10(frequency) + 9``).
* ``frequencies(lang)``: ``{word: frequency}``, equal to ``wordfreq.get_frequency_dict(lang)``,
  derived from the Zipf table for a caller that asks (spacing's compound vocabulary) and not kept.
* ``top_words(lang, n)``: the ``n`` commonest words, equal to ``wordfreq.top_n_list(lang, n)``.
  It reads only the first buckets of the file and keeps a small set, so screening every
  article language costs a few kilobytes, not a whole list.
* ``common_zipf(lang, min_zipf)``: ``{word: Zipf}`` of the common words only.

The tables are :class:`PackedWords`, not dicts: each is packed once per machine into a file of
its own (``$XDG_CACHE_HOME/audit/words-*.bin``: a language's whole list for ``zipf_table``,
only its common words for ``common_zipf``) that later runs map instead of decoding wordfreq's
file into a dict (English's 321,000 words took ~0.2 s of every start-up and ~35 MB). A file is
trusted by its header (format, byte order, the size and time of the wordfreq file it was
packed from, its own length), never by reading it whole: only the pages a run looks words up
in are read, so a run's memory holds what it asked, not every list it weighed.

A language code without a list of its own gets ``{}`` (no nearest match, no warning). The
tables kept at once hold at most ``WORD_BUDGET`` words: beyond it the oldest loaded table is
dropped, and loaded again if asked again. wordfreq's files are its "cBpack" format: a msgpack
list whose item ``i`` (after a header) holds the words of frequency 10^(-i/100).
"""

from __future__ import annotations

import gzip
import hashlib
import importlib.util
import marshal
import math
import mmap
import os
import re
import struct
import sys
import zlib
from array import array
from bisect import bisect_left
from collections import OrderedDict
from collections.abc import Mapping
from functools import lru_cache
from itertools import takewhile
from pathlib import Path
from typing import Callable, Iterable

from audit import cachefile

WORD_BUDGET = 1_200_000   # words in all tables kept at once
MEMO_LIMIT = 200_000      # answers a table remembers (the words of a batch recur), then forgets
PACK_FORMAT = 1
_HAS_DIGIT_SEQUENCE = re.compile(r"\d[\d.,]+").match  # wordfreq's top_n_list leaves these out

_tables: OrderedDict[str, Mapping[str, float]] = OrderedDict()  # language → Zipf table, oldest first


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

    The checks ask ~500 words an article, the same words again and again across a batch: a
    :class:`PackedWords` of the whole list that remembers its answers (``MEMO_LIMIT``). The
    values equal ``math.log10(frequency) + 9.0`` exactly.
    """
    table = _tables.get(lang)  # the hot path: one dict look-up
    if table is not None:
        return table
    table = _packed(lang, None) if _file(lang) is not None else {}
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
    table = zipf_table(lang)
    return table.longest if isinstance(table, PackedWords) else max(map(len, table), default=0)


def frequencies(lang: str) -> "Frequencies":
    """``{word: frequency}`` for ``lang``, equal to ``wordfreq.get_frequency_dict(lang)``.

    A read-only view of the Zipf table (the same words, in the same order), each frequency
    computed when read: the one caller (spacing's compound vocabulary) reads it once, and a
    dict of English's 321,000 words built for it was ~15 MB at the peak of the run.
    """
    return Frequencies(zipf_table(lang))


class Frequencies(Mapping):
    """See :func:`frequencies`."""

    def __init__(self, table: Mapping[str, float]) -> None:
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
    """The ``n`` commonest words of ``lang`` (no multi-digit tokens); empty when it has no list.

    Language screening asks it for every article language, ~20 in a batch: read from wordfreq's
    file once per machine (opening and inflating its first buckets is ~5 ms a language), then
    kept in a cache file (``top-words-*.marshal``, audit/cachefile.py; :func:`save`), keyed by
    the size and time of the wordfreq file it was read from."""
    path = _file(lang)
    if path is None:
        return frozenset()
    stat = path.stat()
    key = (path.name, stat.st_size, stat.st_mtime_ns, n)
    words = _top_words_store.get(key)
    if type(words) is not list:
        words = _read_top_words(path, n)
        _top_words_store.add(key, words)
    return frozenset(words)


def _read_top_words(path: Path, n: int) -> list[str]:
    words: list[str] = []
    for bucket in _buckets(path):
        for word in bucket:
            if not _HAS_DIGIT_SEQUENCE(word):
                words.append(word)
                if len(words) >= n:
                    return words
    return words


_top_words_store = cachefile.Store("top-words", 1, f"marshal{marshal.version}", 512)


def derived(rule: Callable[[], Iterable[str]], parameters: tuple, langs: Iterable[str]) -> list[str]:
    """``list(rule())``: words a check derives from the lists of ``langs`` (e.g. the words
    common in Indonesian that are no English word: ~5,000 look-ups, ~20 ms of every run that
    needs them), computed once per machine and then read from a cache file
    (``derived-words-*.marshal``; :func:`save`). The entry is keyed by the rule's code (its
    compiled code, constants and the names it reads: an edited rule is a new entry), the
    ``parameters`` it depends on (every value it reads from outside its code: thresholds,
    the language) and the size and time of each list's file."""
    try:
        key = (_code_digest(rule.__code__), marshal.dumps(parameters),
               tuple(_source(lang) for lang in langs))
    except (ValueError, AttributeError, OSError):  # not a plain function or parameters
        return list(rule())
    words = _derived_store.get(key)
    if type(words) is not list:
        words = list(rule())
        _derived_store.add(key, words)
    return words


def _code_digest(code) -> bytes:
    """A digest of what a function does: its bytecode, the names it reads and its constants
    (nested functions and generator expressions included), not where it is written."""
    digest = hashlib.blake2b(digest_size=16)

    def feed(code) -> None:
        digest.update(code.co_code)
        digest.update(repr((code.co_names, code.co_varnames, code.co_freevars)).encode())
        for const in code.co_consts:
            if hasattr(const, "co_code"):
                feed(const)
            else:
                digest.update(repr(const).encode())

    feed(code)
    return digest.digest()


def _source(lang: str) -> tuple | None:
    """The file ``lang``'s list is read from, as it is now (None without one)."""
    path = _file(lang)
    if path is None:
        return None
    stat = path.stat()
    return (path.name, stat.st_size, stat.st_mtime_ns)


_derived_store = cachefile.Store("derived-words", 1, f"{sys.implementation.cache_tag}-marshal{marshal.version}", 256)


def save() -> None:
    """Write the top-word lists and derived words this process computed that the cache files
    lack (atomically; a folder that cannot be written only costs the next run the work)."""
    _top_words_store.save()
    _derived_store.save()


@lru_cache(maxsize=32)
def common_zipf(lang: str, min_zipf: float) -> "Mapping[str, float]":
    """``{word: Zipf}`` for the words of ``lang`` at ``min_zipf`` or above only: the common
    words a check compares across many languages, without holding each language's full list
    (a :class:`PackedWords` of its own: under a megabyte instead of tens; the values are
    ``9 - bucket/100``). Empty when it has no list."""
    return _packed(lang, min_zipf) if _file(lang) is not None else {}


def _zipf_value(min_zipf: float | None, index: int) -> float:
    """A bucket's value: as the dict of the whole list holds it (``log10(frequency) + 9``), or,
    in a list of common words, ``9 - bucket/100`` (the two differ in the last bit for one)."""
    return math.log10(_frequency(index)) + 9.0 if min_zipf is None else -index / 100 + 9.0


def _packed(lang: str, min_zipf: float | None) -> Mapping[str, float]:
    """``lang``'s list (the whole of it, or its words at ``min_zipf`` or above), from its packed
    file when that was packed from the wordfreq file there is now, else packed afresh (and the
    file written, atomically; a folder that cannot be written keeps it in memory only)."""
    path = _file(lang)
    stat = path.stat()
    source = (path.name, stat.st_size, stat.st_mtime_ns, min_zipf)
    part = "all" if min_zipf is None else f"zipf{min_zipf:g}"
    cache = cachefile.folder() / f"words-{PACK_FORMAT}-{sys.byteorder}-{lang}-{part}.bin"
    memo = min_zipf is None
    try:
        return PackedWords.open(cache, source, memo=memo)
    except (OSError, ValueError, EOFError, TypeError, struct.error):
        pass
    try:
        data = PackedWords.pack(_read(path, min_zipf), source)
    except ValueError:  # a list the format cannot hold exactly: the dict it stands for
        table: dict[str, float] = {}
        for index, bucket in _read(path, min_zipf):
            table.update(dict.fromkeys(bucket, _zipf_value(min_zipf, index)))
        return table
    cachefile.write_bytes(cache, data)
    return PackedWords(data, source, memo=memo)


def _read(path: Path, min_zipf: float | None) -> Iterable[tuple[int, list[str]]]:
    """``(index, words)`` of the buckets of wordfreq's file, all or those at ``min_zipf`` up."""
    buckets = enumerate(_buckets(path))
    if min_zipf is None:
        return buckets
    return takewhile(lambda item: -item[0] / 100 + 9.0 >= min_zipf, buckets)


_UNSEEN = object()
_HEADER = struct.Struct("=16sI")  # magic, length of the marshalled header that follows
_MAGIC = b"audit-wordlist\n\0"


class PackedWords(Mapping):
    """A read-only ``{word: Zipf}`` of one wordfreq list (or its common words), packed: a dict
    of English's 321,000 words costs ~35 MB and ~0.2 s to build; here the words sit in one
    UTF-8 string (``\\0``-separated, in the list's order), found by their CRC-32 in a sorted
    array (bisected within a run of equal top bits) and confirmed by comparing the word itself,
    so a look-up is exact: ~1 µs, ~25 bytes a word. ``get``, ``in``, ``[]``, ``len``,
    iteration and ``items`` (in the list's order, as the dict's) are what callers use. With
    ``memo`` a table remembers its answers, so a batch's recurring words cost a dict look-up.
    """

    def __init__(self, data, source: tuple, *, memo: bool = False) -> None:
        """From the bytes (or a mapping) of a packed file; ``ValueError`` when the header does
        not describe this file packed from ``source`` (another format, another wordfreq file,
        truncated)."""
        magic, size = _HEADER.unpack_from(data, 0)
        if magic != _MAGIC:
            raise ValueError("not a packed word list")
        header = marshal.loads(bytes(data[_HEADER.size:_HEADER.size + size]))
        fmt, order, packed_from, count, buckets, bits, longest, blob_size = header
        if fmt != PACK_FORMAT or order != sys.byteorder or tuple(packed_from) != source:
            raise ValueError("a packed word list of another format or source")
        view = memoryview(data)
        offset = (_HEADER.size + size + 3) & ~3

        def take(code: str, items: int) -> memoryview:
            nonlocal offset
            length = items * struct.calcsize(code)
            part = view[offset:offset + length].cast(code)
            offset += (length + 3) & ~3
            return part

        self._hashes = take("I", count)
        self._order = take("I", count)       # hash rank → the word's place in the list
        self._starts = take("I", count + 1)  # a word's place → where it starts in the blob
        self._runs = take("I", (1 << bits) + 1)
        self._buckets = take("H", count)     # a word's place → its bucket
        self._base = offset
        if len(data) != offset + blob_size:
            raise ValueError("a truncated packed word list")
        self._data, self._count, self.longest = data, count, longest
        self._values = tuple(_zipf_value(source[3], index) for index in range(buckets))
        self._state = (self._hashes, self._runs, 32 - bits, self._order, self._starts, data, offset,
                       self._buckets, self._values)
        self._memo: dict[str, float | None] | None = {} if memo else None
        if memo:
            self.get = self._remembered

    @classmethod
    def open(cls, path: Path, source: tuple, *, memo: bool = False) -> "PackedWords":
        """The packed file at ``path``, mapped (pages are read as look-ups reach them)."""
        with open(path, "rb") as handle:
            data = mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ)
        return cls(data, source, memo=memo)

    @staticmethod
    def pack(buckets: Iterable[tuple[int, list[str]]], source: tuple) -> bytes:
        """The packed file of ``(index, words)`` buckets (in the list's order), one bucket at a
        time: the words of a whole list never exist as str objects at once. ``ValueError``
        for a list this format cannot hold exactly (a word twice, or with a ``\\0``)."""
        import numpy as np  # loaded anyway (the detector); sorting 300,000 CRCs in Python is slow

        hashes, lengths, parts, indexes = array("I"), array("I"), [], array("H")
        longest = buckets_count = 0
        for index, words in buckets:
            buckets_count = index + 1
            if not words:
                continue
            encoded = [word.encode("utf-8", "surrogatepass") for word in words]
            if b"\0" in b"".join(encoded):
                raise ValueError("a word with a NUL character")
            hashes.extend(map(zlib.crc32, encoded))
            lengths.extend(map(len, encoded))
            longest = max(longest, max(map(len, words)))
            parts.append(b"\0".join(encoded))
            indexes.extend([index] * len(words))
        count = len(hashes)
        crcs = np.frombuffer(hashes, dtype=np.uint32) if count else np.empty(0, dtype=np.uint32)
        order = np.argsort(crcs, kind="stable").astype(np.uint32)
        ranked = crcs[order]
        starts = np.zeros(count + 1, dtype=np.uint32)
        if count:
            np.cumsum(np.frombuffer(lengths, dtype=np.uint32) + 1, out=starts[1:])
        blob = b"\0".join(parts)
        for i in np.flatnonzero(ranked[1:] == ranked[:-1]).tolist():  # the same CRC: compare
            a, b = int(order[i]), int(order[i + 1])                    # the words
            if blob[starts[a]:starts[a + 1] - 1] == blob[starts[b]:starts[b + 1] - 1]:
                raise ValueError("a word twice in one list")
        bits = max(1, min(20, count.bit_length() - 2))
        runs = np.searchsorted(ranked >> np.uint32(32 - bits),  # where each run of equal top
                               np.arange((1 << bits) + 1, dtype=np.uint32)).astype(np.uint32)
        header = marshal.dumps((PACK_FORMAT, sys.byteorder, source, count, buckets_count, bits,
                                longest, len(blob)))
        out = [_HEADER.pack(_MAGIC, len(header)), header]
        for part in (ranked.tobytes(), order.tobytes(), starts.tobytes(), runs.tobytes(),
                     indexes.tobytes()):
            out.append(b"\0" * (-sum(map(len, out)) % 4))
            out.append(part)
        out.append(b"\0" * (-sum(map(len, out)) % 4))
        out.append(blob)
        return b"".join(out)

    def _value(self, word: object) -> float | None:
        """``word``'s value, None when it is not in the list."""
        if type(word) is not str:
            return None
        hashes, runs, shift, order, starts, data, base, buckets, values = self._state
        encoded = word.encode("utf-8", "surrogatepass")
        h = zlib.crc32(encoded)
        run = h >> shift
        end = runs[run + 1]
        i = bisect_left(hashes, h, runs[run], end)
        while i < end and hashes[i] == h:
            j = order[i]
            if data[base + starts[j]:base + starts[j + 1] - 1] == encoded:
                return values[buckets[j]]
            i += 1
        return None

    def get(self, word: str, default: float | None = None) -> float | None:
        value = self._value(word)
        return default if value is None else value

    def _remembered(self, word: str, default: float | None = None) -> float | None:
        memo = self._memo
        try:
            value = memo.get(word, _UNSEEN)
        except TypeError:  # unhashable: in no list
            return default
        if value is _UNSEEN:
            if len(memo) >= MEMO_LIMIT:
                memo.clear()
            value = memo[word] = self._value(word)
        return default if value is None else value

    def __contains__(self, word: object) -> bool:
        return self.get(word) is not None

    def __getitem__(self, word: str) -> float:
        value = self.get(word)
        if value is None:
            raise KeyError(word)
        return value

    def __len__(self) -> int:
        return self._count

    def __iter__(self):
        if not self._count:
            return iter(())
        blob = self._data[self._base:self._base + self._starts[self._count] - 1]
        return iter(blob.decode("utf-8", "surrogatepass").split("\0"))

    def values(self):
        return map(self._values.__getitem__, self._buckets)

    def items(self):
        return zip(self, self.values())
