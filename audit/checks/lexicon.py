"""Lexicon data for the checks: built-in TOML files under ``audit/data/`` plus the user's config.

Every lexicon is a TOML file ``audit/data/<name>.toml``. A user extends it with a
``[lexicon.<name>]`` table in ``audit.toml`` (or ``[tool.audit.lexicon.<name>]``):

* a table merges into the built-in table of the same name (new keys added, same keys replaced);
* a list is appended to the built-in list of the same name;
* ``remove = ["term", ...]`` deletes those keys from every top-level table and those items from
  every top-level list, so a built-in term that misfires on your copy can be switched off.

Files are read once (``importlib.resources``) and the merged/compiled forms are cached per
distinct user table, so a check pays for its lexicon once per process, not once per article.
Word frequencies (``wordfreq``'s lists) come from ``audit.wordlists``: loaded on first use, only
for the languages asked, a bounded number at a time.
"""

from __future__ import annotations

import copy
import json
from functools import lru_cache
from importlib import resources
from typing import Any, Callable, Iterable, TypeVar

from audit import datacache, wordlists
from audit.config import Config

T = TypeVar("T")


@lru_cache(maxsize=None)
def builtin(name: str) -> dict[str, Any]:
    """The shipped lexicon ``audit/data/<name>.toml`` (read once; do not mutate)."""
    text = (resources.files("audit") / "data" / f"{name}.toml").read_text(encoding="utf-8")
    return datacache.loads(text)  # tomllib.loads, parsed once per machine


@lru_cache(maxsize=1)
def available() -> frozenset[str]:
    """The names of the shipped lexicons, which the configuration's ``[lexicon.<name>]``
    tables are checked against: every ``audit/data/<name>.toml`` except those that a
    configuration section of their own extends (``agencies.toml``: ``[[agencies]]``)."""
    from audit.config import SECTIONS

    folder = resources.files("audit") / "data"
    names = {entry.name[:-len(".toml")] for entry in folder.iterdir()
             if entry.name.endswith(".toml") and entry.is_file()}
    return frozenset(names - SECTIONS)


def merge(base: dict[str, Any], user: dict[str, Any]) -> dict[str, Any]:
    """``base`` extended by a user table (see the module docstring for the rules)."""
    out = copy.deepcopy(base)
    removed = set(user.get("remove", []))
    for key, value in user.items():
        if key == "remove":
            continue
        old = out.get(key)
        if isinstance(old, dict) and isinstance(value, dict):
            out[key] = merge(old, value)
        elif isinstance(old, list) and isinstance(value, list):
            out[key] = old + value
        else:
            out[key] = value
    if removed:
        for key, value in list(out.items()):
            if isinstance(value, dict):
                out[key] = {k: v for k, v in value.items() if k not in removed}
            elif isinstance(value, list):
                out[key] = [v for v in value if not (isinstance(v, str) and v in removed)]
    return out


_COMPILED: dict[tuple[str, str, str], Any] = {}


def compiled(name: str, config: Config, build: Callable[[dict[str, Any]], T]) -> T:
    """``build(lexicon)`` for the built-in lexicon ``name`` extended by ``config``, cached."""
    user = config.lexicon_for(name)
    key = json.dumps(user, sort_keys=True, default=str) if user else ""
    cache_key = (name, key, f"{build.__module__}.{build.__qualname__}")
    value = _COMPILED.get(cache_key)
    if value is None:
        data = merge(builtin(name), user) if user else builtin(name)
        value = build(data)
        _COMPILED[cache_key] = value
    return value


def allowed(config: Config, *texts: str) -> bool:
    """True when one of ``texts`` is in the user's ``[allow] names`` (exact match)."""
    names = config.allow_names
    return bool(names) and any(t in names for t in texts)


# --- word frequencies -------------------------------------------------------------------------

def _frequencies(lang: str) -> dict[str, float]:
    return wordlists.frequencies(lang)


def zipf(word: str, lang: str = "en") -> float:
    """Zipf frequency of a lower-case word (log10 per billion words; 0 = unknown).

    ~7 for "the", ~4 for ordinary words, ~2 for rare ones. Uses ``wordfreq``'s list directly so
    a look-up is one dict access, not wordfreq's tokenizer (which is ~100x slower).
    """
    return wordlists.zipf_table(lang).get(word, 0.0)


def words_of(items: Iterable[str]) -> frozenset[str]:
    return frozenset(items)
