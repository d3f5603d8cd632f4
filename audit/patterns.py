"""Regular expressions built from word lists: lexicons and registries are data, not regexes.

Building the trie of a large list in Python (the registry's ~1,500 agency spellings, eleven
language packs' source words) is ~0.05 s of every start-up, so each alternation built is kept
in a per-machine cache file (``$XDG_CACHE_HOME/audit/``, audit/cachefile.py), keyed by a
digest of its exact input; :func:`save` writes the new ones (``audit run`` calls it after the
report). The cached string is the one the trie gives: a missing or altered file only costs
the building again.
"""

from __future__ import annotations

import hashlib
import marshal
import re
import sys
from typing import Any, Iterable

from audit import cachefile

FORMAT = 1
MAX_ENTRIES = 1024
_KEY = f"{sys.implementation.cache_tag}-marshal{marshal.version}"

_store = cachefile.Store("alternations", FORMAT, _KEY, MAX_ENTRIES)  # input digest -> regex


def cache_file():
    return _store.path()


def literal_alternation(words: Iterable[str], *, flexible_space: bool = False) -> str:
    """:func:`build_alternation`, from the cache file when this machine built it before."""
    words = list(words)
    try:  # the trie is the same for any order of the words: one entry for all
        key = marshal.dumps((flexible_space, tuple(sorted(set(words)))))
        digest = hashlib.blake2b(key, digest_size=16).digest()
    except (ValueError, TypeError):  # not plain strings: nothing to key them by
        return build_alternation(words, flexible_space=flexible_space)
    found = _store.get(digest)
    if type(found) is not str:
        found = build_alternation(words, flexible_space=flexible_space)
        _store.add(digest, found)
    return found


def save() -> None:
    """Write the alternations built in this process that the cache file lacks (atomically)."""
    _store.save()


def build_alternation(words: Iterable[str], *, flexible_space: bool = False) -> str:
    """A regex matching any of the literal ``words``, the longest first ("tenth" before "ten").

    Written as a trie ("d(?:a(?:n|ri)|engan|i)") rather than a flat "dan|dari|dengan|di":
    Python's ``re`` tries a flat alternation branch by branch at every position of the text,
    which costs several times more for lexicons of hundreds of words. The result is not
    wrapped in a group ("" for no words): put it in one before quantifying or concatenating
    it with another alternative. With ``flexible_space`` a space in a word matches any run of
    whitespace ("West  Bank", a line break inside a name).
    """
    trie: dict[str, Any] = {}
    for word in words:
        node = trie
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}

    def emit(node: dict[str, Any]) -> str:
        branches = [(r"\s+" if flexible_space and char == " " else re.escape(char)) + emit(child)
                    for char, child in sorted(node.items()) if char]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        return f"(?:{body})?" if "" in node else body

    return emit(trie)
