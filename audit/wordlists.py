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
from collections import OrderedDict
from functools import lru_cache
from pathlib import Path

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


def frequencies(lang: str) -> dict[str, float]:
    """``{word: frequency}`` for ``lang``, equal to ``wordfreq.get_frequency_dict(lang)``.

    Built afresh from the Zipf table (the same word objects, in the same order), not kept:
    the one caller (spacing's compound vocabulary) keeps what it derives from it.
    """
    table = zipf_table(lang)
    # Each Zipf value is 9 - index/100 for its bucket's index: recover the index, recompute
    # the frequency with wordfreq's own expression (so the floats are identical).
    by_zipf = {value: _frequency(round((9.0 - value) * 100)) for value in set(table.values())}
    return {word: by_zipf[value] for word, value in table.items()}


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
def common_zipf(lang: str, min_zipf: float) -> dict[str, float]:
    """``{word: Zipf}`` for the words of ``lang`` at ``min_zipf`` or above only: the common
    words a check compares across many languages, without holding each language's full list
    (a few hundred kilobytes instead of tens of megabytes). ``{}`` when it has no list."""
    path = _file(lang)
    table: dict[str, float] = {}
    if path is None:
        return table
    for index, bucket in enumerate(_buckets(path)):
        zipf = -index / 100 + 9.0
        if zipf < min_zipf:
            break
        table.update(dict.fromkeys(bucket, zipf))
    return table
