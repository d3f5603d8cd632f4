"""audit's TOML data files parsed once per machine, not once per run.

``tomllib`` is pure Python: the ~30 shipped lexicons, registries and language packs take
~0.05 s to parse at every start-up. :func:`loads` keeps what it parsed in a cache file
(``$XDG_CACHE_HOME/audit/``), keyed by a digest of the text itself, so an edited file is
simply parsed again; the values are stored with ``marshal`` (dicts, lists, strings, numbers and
booleans: what audit's data holds; a document with dates is parsed every time) and every call
returns fresh objects, as ``tomllib.loads`` does. A missing, foreign, truncated or altered
cache file is ignored. New entries are written by :func:`save` (``audit run`` calls it after
the report), atomically, like the compiled patterns of audit/regexes.py.
"""

from __future__ import annotations

import hashlib
import marshal
import os
import sys
import tomllib
from pathlib import Path
from typing import Any

from audit import cachefile

FORMAT = 1
MAX_ENTRIES = 512
_KEY = f"{sys.implementation.cache_tag}-marshal{marshal.version}"

_store = cachefile.Store("toml", FORMAT, _KEY, MAX_ENTRIES)  # text digest -> marshal dump


def cache_file() -> Path:
    return _store.path()


def loads(text: str) -> dict[str, Any]:
    """``tomllib.loads(text)``, from the cache file when this machine parsed the same text."""
    digest = hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=16).digest()
    blob = _store.get(digest)
    if blob is not None:
        try:
            return marshal.loads(blob)
        except (EOFError, ValueError, TypeError):
            pass
    data = tomllib.loads(text)
    try:
        _store.add(digest, marshal.dumps(data))
    except ValueError:  # a date or time: not worth a format of our own
        pass
    return data


def load(path: str | os.PathLike[str]) -> dict[str, Any]:
    """``tomllib.load`` of the file at ``path`` (UTF-8, as tomllib reads it)."""
    return loads(Path(path).read_bytes().decode("utf-8"))


def save() -> None:
    """Write the documents parsed in this process that the cache file lacks (atomically; a
    folder that cannot be written only costs the next run its parsing)."""
    _store.save()
