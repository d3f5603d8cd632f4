"""Regular expressions compiled once per machine, not once per run.

``re.compile`` parses a pattern and generates its matcher code in pure Python; for audit's
~270 patterns (the registry's trie of ~1,500 agency spellings and ~80 attribution frames, the
checks' lexicons) that is ~0.1 s of every start-up. The generated code is a list of integers,
which CPython's ``_sre.compile`` turns into a pattern object directly. So :func:`compile`
keeps the code of each pattern it compiles in a cache file (``$XDG_CACHE_HOME/audit/``, keyed
by the exact Python build and its regex engine's version), and later runs hand it straight to
``_sre.compile``: ~40× cheaper, and the same pattern object (``re.Pattern`` equality compares
pattern, flags and code; ``tests/test_regexes.py`` checks it).

The ``audit`` command calls :func:`install` first thing, so that every ``re.compile`` of the
process (audit's modules compile theirs at import and when a lexicon is built) goes through
:func:`compile`; importing audit as a library changes nothing. A cache file that is missing,
stale (another Python), truncated or altered (its digest does not match) is ignored and
rewritten; anything unexpected falls back to re's own compiler. New entries are written by
:func:`save` (``audit run`` calls it after the report), atomically.
"""

from __future__ import annotations

import hashlib
import re
import sys
from pathlib import Path
from typing import Any

from audit import cachefile

try:  # CPython's regex engine internals; without them this is plain re.compile
    import _sre
    from re import _compiler, _parser
    _original = _compiler.compile
    _KEY = f"{sys.implementation.cache_tag}-{_sre.MAGIC}-{_sre.CODESIZE}-" + hashlib.sha256(
        sys.version.encode()).hexdigest()[:10]
except (ImportError, AttributeError):  # pragma: no cover - another implementation
    _sre = None
    _KEY = ""

MAX_ENTRIES = 4096       # beyond it, a save keeps only what this process used
FORMAT = 1

_compiled: dict[tuple[str, int], re.Pattern[str]] = {}
_store = cachefile.Store("regexes", FORMAT, _KEY, MAX_ENTRIES)  # (pattern, flags) -> code


def cache_file() -> Path:
    return _store.path()


def compile(pattern: str, flags: int = 0) -> re.Pattern[str]:  # noqa: A001 - re's name
    """``re.compile(pattern, flags)``, from the cache file when this machine compiled it before."""
    key = (pattern, int(flags))
    found = _compiled.get(key)
    if found is not None:
        return found
    if _sre is None or type(pattern) is not str or flags & re.DEBUG:  # not a str subclass:
        return _original(pattern, flags)  # the file holds plain values only
    entry = _store.get(key)
    if entry is not None:
        try:
            found = _sre.compile(pattern, *entry)
        except Exception:  # noqa: BLE001 - an unusable entry: compile it afresh
            found = None
    if found is None:
        try:
            found, entry = _compile(pattern, int(flags))
            _store.add(key, entry)
        except re.error:
            raise
        except Exception:  # noqa: BLE001 - re's internals changed: re's own compiler
            found = _original(pattern, flags)
    _compiled[key] = found
    return found


def install() -> None:
    """Route ``re.compile`` (through ``re._compiler.compile``) to :func:`compile` in this
    process. Patterns re compiles from parsed trees (``re.Scanner``) go the usual way."""
    if _sre is None or _compiler.compile is _hooked:
        return
    _compiler.compile = _hooked


def _hooked(pattern, flags=0):
    if type(pattern) is str and not flags & re.DEBUG:
        return compile(pattern, flags)
    return _original(pattern, flags)


def _compile(pattern: str, flags: int) -> tuple[re.Pattern[str], tuple]:
    """``re._compiler.compile`` (CPython 3.11-3.13), keeping the arguments of ``_sre.compile``."""
    parsed = _parser.parse(pattern, flags)
    code = _compiler._code(parsed, flags)  # noqa: SLF001
    groupindex = dict(parsed.state.groupdict)
    indexgroup = [None] * parsed.state.groups
    for name, index in groupindex.items():
        indexgroup[index] = name
    entry = (int(flags | parsed.state.flags), list(map(int, code)), parsed.state.groups - 1,
             groupindex, tuple(indexgroup))
    return _sre.compile(pattern, *entry), entry


def save() -> None:
    """Write the patterns compiled in this process that the cache file lacks (atomically;
    a folder that cannot be written only costs the next run its compiling)."""
    if _sre is not None:
        _store.save()


def stats() -> dict[str, Any]:
    """How many patterns came from the file and how many were compiled (for tests)."""
    return {"stored": len(_store.entries()), "new": len(_store.new), "used": len(_store.used)}
