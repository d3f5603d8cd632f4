"""Language packs: everything audit knows about one source language, in one data file.

A pack is ``audit/data/languages/<code>.toml``. Adding a language is adding a file (and its
examples, which ``tests/test_language_packs.py`` runs). A pack holds:

* ``code``, ``name``, ``aliases`` (detector codes read as this language: langdetect calls
  Indonesian "ms" or "in"), ``script`` and ``english_outlets`` (the pack's English-language
  services, whose datelines are weak evidence only);
* ``[untranslated]``: words left untranslated, by table (see ``audit/checks/untranslated.py``);
* ``[locale]``: the conventions this language's copy carries into English (shared ones by
  name, ``conventions = ["decimal-comma", ...]``; its own time zones, weekday styles and
  currency) (see ``audit/checks/locale.py``);
* ``[numbers]``: number words and numerals, for ``number-mismatch`` against a source text;
* ``[punctuation]``: what is right in an original in the language (French ``space_before``);
* ``[provenance]``: attribution frames in the language and its national outlets, loaded by
  ``audit/provenance.py`` into the registry;
* ``[[examples]]``: for each group of entries, a sentence the pack must flag and one it must
  leave alone.

Users extend or prune a pack from ``audit.toml`` as they do the lexicons:
``[lexicon.languages.es.untranslated.function] "pues" = "well"``, or
``[lexicon.languages.es] remove = ["según"]``; a table for a code that has no pack adds a
language. ``[lexicon.untranslated]`` and ``[lexicon.locale]`` (the tables of the time when
Indonesian was the only language) still extend the Indonesian pack.
"""

from __future__ import annotations

import json
from functools import lru_cache
from importlib import resources
from typing import Any, Callable, TypeVar

from audit import datacache
from audit.config import DEFAULT, Config

T = TypeVar("T")

#: Pack sections that the pre-pack lexicon tables ([lexicon.untranslated], [lexicon.locale])
#: still extend, for the language they were written for.
LEGACY_TABLES = {"untranslated": ("id", "untranslated"), "locale": ("id", "locale")}
_PACK_KEYS = {"code", "name", "aliases", "script", "english_outlets", "untranslated", "locale",
              "numbers", "provenance", "punctuation", "examples", "scripts", "remove"}


def merge(base: dict[str, Any], user: dict[str, Any]) -> dict[str, Any]:
    """The lexicon merge rules (``audit/checks/lexicon.py``), imported late: the checks
    import this module."""
    from audit.checks.lexicon import merge as lexicon_merge
    return lexicon_merge(base, user)


class PackError(ValueError):
    """A language pack (built-in or from the configuration) cannot be used."""


@lru_cache(maxsize=1)
def builtin_packs() -> dict[str, dict[str, Any]]:
    """Every shipped pack by code, read once (do not mutate)."""
    folder = resources.files("audit") / "data" / "languages"
    packs = {}
    for entry in sorted(folder.iterdir(), key=lambda p: p.name):
        if not entry.name.endswith(".toml"):
            continue
        data = datacache.loads(entry.read_text(encoding="utf-8"))  # tomllib.loads, cached
        code = data.get("code")
        if code != entry.name[:-5]:
            raise PackError(f"languages/{entry.name}: code = {code!r} must match the file name")
        _validate(data, f"languages/{entry.name}")
        packs[code] = data
    return packs


def _validate(data: dict[str, Any], where: str) -> None:
    unknown = set(data) - _PACK_KEYS
    if unknown:
        raise PackError(f"{where}: unknown key(s) {', '.join(sorted(unknown))}; "
                        f"known: {', '.join(sorted(_PACK_KEYS))}")


_PACKS: dict[str, dict[str, dict[str, Any]]] = {}


def packs(config: Config = DEFAULT) -> dict[str, dict[str, Any]]:
    """The packs in use: the built-in ones extended or pruned by ``config``, plus new ones."""
    if not config.lexicon:  # no [lexicon] tables at all (the common case): the built-in packs
        cached = _PACKS.get("")
        if cached is not None:
            return cached
    user = config.lexicon_for("languages")
    legacy = {name: config.lexicon_for(name) for name in LEGACY_TABLES if config.lexicon_for(name)}
    key = json.dumps([user, legacy], sort_keys=True, default=str) if user or legacy else ""
    cached = _PACKS.get(key)
    if cached is not None:
        return cached
    out = dict(builtin_packs())
    for name, table in legacy.items():
        code, section = LEGACY_TABLES[name]
        pack = dict(out[code])
        pack[section] = merge(pack.get(section, {}), table)
        out[code] = pack
    for code, table in user.items():
        if code == "remove":
            continue
        if not isinstance(table, dict):
            raise PackError(f"[lexicon.languages.{code}] must be a table")
        if code in out:
            out[code] = _merge_pack(out[code], table)
        else:
            _validate(table, f"[lexicon.languages.{code}]")
            out[code] = {"code": code, "name": code, **table}
    for code in user.get("remove", []):  # switch a whole pack off
        out.pop(code, None)
    _PACKS[key] = out
    return out


def _merge_pack(pack: dict[str, Any], table: dict[str, Any]) -> dict[str, Any]:
    """A pack extended by a user table; ``remove`` prunes entries from every section."""
    _validate(table, f"[lexicon.languages.{pack['code']}]")
    removed = table.get("remove", [])
    out = dict(pack)
    for key, value in table.items():
        if key == "remove":
            continue
        old = out.get(key)
        out[key] = merge(old, value) if isinstance(old, dict) and isinstance(value, dict) else value
    if removed:
        for section in ("untranslated", "locale", "numbers"):
            if isinstance(out.get(section), dict):
                out[section] = merge(out[section], {"remove": removed})
        # what the user removed, the frequency fallback must not flag either
        untranslated = dict(out.get("untranslated", {}))
        untranslated["kept"] = [*untranslated.get("kept", []), *removed]
        out["untranslated"] = untranslated
    return out


def codes(config: Config = DEFAULT) -> tuple[str, ...]:
    return tuple(packs(config))


def canonical(code: str | None, config: Config = DEFAULT) -> str | None:
    """The pack code for a detector's or registry's language code ("ms" → "id"), or the code
    itself (lower case, region dropped) when no pack claims it."""
    if not code:
        return None
    low = code.lower().replace("_", "-").split("-")[0]
    claimed = derived("canonical", config, _claimed_codes)
    if claimed is not None:
        return claimed.get(low, low)
    for pack in packs(config).values():
        if low == pack["code"] or low in pack.get("aliases", []):
            return pack["code"]
    return low


def _claimed_codes(current: dict[str, dict[str, Any]]) -> dict[str, str] | None:
    """Code or alias → the pack claiming it (the first pack in order, as the scan finds);
    None when a pack's code or aliases are not strings (the scan then decides, as before)."""
    claimed: dict[str, str] = {}
    for pack in current.values():
        aliases = pack.get("aliases", [])
        if not isinstance(aliases, (list, tuple)) or not isinstance(pack["code"], str) \
                or not all(isinstance(alias, str) for alias in aliases):
            return None
        for name in (pack["code"], *aliases):
            claimed.setdefault(name, pack["code"])
    return claimed


def section(code: str, name: str, config: Config = DEFAULT) -> dict[str, Any]:
    """One section of one pack (``{}`` when the pack or the section does not exist)."""
    value = packs(config).get(code, {}).get(name, {})
    return value if isinstance(value, dict) else {}


_COMPILED: dict[tuple[str, str, str, str], Any] = {}
# The same values for the configurations without [lexicon] tables, by the build function
# itself: one look-up a call, no key to format.
_PLAIN: dict[tuple[str, str, Callable], Any] = {}


def compiled(code: str, name: str, config: Config, build: Callable[[dict[str, Any]], T]) -> T:
    """``build(section)`` for one pack section, cached per configuration (like lexicons).
    The section is given the pack's ``code`` and ``name`` too, for messages and frequencies."""
    if not config.lexicon:  # no [lexicon] tables (the common case): no key to build (per call)
        value = _PLAIN.get((code, name, build))
        if value is not None:
            return value
        key = ""
    else:
        user = config.lexicon_for("languages")
        legacy = [config.lexicon_for(n) for n in LEGACY_TABLES]
        key = json.dumps([user, legacy], sort_keys=True, default=str) if user or any(legacy) else ""
    cache_key = (code, name, key, f"{build.__module__}.{build.__qualname__}")
    value = _COMPILED.get(cache_key)
    if value is None:
        pack = packs(config).get(code, {})
        value = build({**section(code, name, config), "code": code,
                       "name": str(pack.get("name", code))})
        _COMPILED[cache_key] = value
    if not key:
        _PLAIN[(code, name, build)] = value
    return value


_PLAIN_ALL: dict[tuple[tuple[str, ...], str, Callable], list[Any]] = {}


def compiled_all(codes: tuple[str, ...], name: str, config: Config,
                 build: Callable[[dict[str, Any]], T]) -> list[T]:
    """``compiled`` for each of ``codes``; for a configuration without [lexicon] tables (whose
    sections are cached by code alone) one look-up an article, not one a pack."""
    if config.lexicon:
        return [compiled(code, name, config, build) for code in codes]
    found = _PLAIN_ALL.get((codes, name, build))
    if found is None:
        found = _PLAIN_ALL[(codes, name, build)] = [
            compiled(code, name, config, build) for code in codes]
    return found


_DERIVED: dict[tuple[str, int], Any] = {}


def derived(name: str, config: Config, build: Callable[[dict[str, dict[str, Any]]], T]) -> T:
    """``build(packs)`` computed once per set of packs in use (packs are cached per config)."""
    current = packs(config)
    key = (name, id(current))
    if key not in _DERIVED:
        _DERIVED[key] = build(current)
    return _DERIVED[key]


def with_section(name: str, config: Config = DEFAULT) -> tuple[str, ...]:
    """The codes of the packs that have a non-empty ``name`` section."""
    return derived(f"with-{name}", config,
                   lambda current: tuple(c for c, p in current.items() if p.get(name)))


def english_outlets(config: Config = DEFAULT) -> dict[str, str]:
    """Outlet name → language, for the English-language services of the packs' countries
    (Bernama, Xinhua, Kyodo in English): their dateline is weak evidence of a translation."""
    out = {}
    for code, pack in packs(config).items():
        for name in pack.get("english_outlets", []):
            out[name] = code
    return out


def names(config: Config = DEFAULT) -> dict[str, str]:
    return {code: str(pack.get("name", code)) for code, pack in packs(config).items()}


def name(code: str, config: Config = DEFAULT) -> str:
    return names(config).get(code, code)


def pack_outlets() -> list[dict[str, Any]]:
    """Every built-in pack's national outlets (``[[provenance.outlets]]``, the schema of
    ``[[agencies]]``), for the agency registry; the packs' frames are read by
    ``audit/provenance.py`` itself."""
    outlets: list[dict[str, Any]] = []
    for pack in builtin_packs().values():
        outlets += pack.get("provenance", {}).get("outlets", [])
    return outlets
