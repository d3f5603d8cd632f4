"""User configuration: ``audit.toml`` or ``[tool.audit]`` in ``pyproject.toml``.

The configuration only *extends or tunes* built-in data (lexicons, agencies, severities);
an empty configuration means "audit's defaults". It is validated completely, once, when it is
read, before any article is: unknown keys, wrong types, check codes that no check has (in
``ignore`` and ``[severity]``), lexicons that do not exist, malformed ``[[agencies]]`` and
``[backtranslation]`` entries are all ``ConfigError``s that name the file, the key and the
reason. So a typo never silently switches nothing off, and a bad entry never turns into an
error on every article. Check codes come from the check registry and lexicon names from the
shipped data files: the lists validation consults are the ones audit runs with.
"""

from __future__ import annotations

import difflib
import math
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from audit.detectors import NAMES as DETECTORS
from audit.model import SEVERITIES

if TYPE_CHECKING:  # pragma: no cover
    from audit.backtranslate.options import BacktranslateOptions

CONFIG_FILE = "audit.toml"

SECTIONS = frozenset({
    "ignore", "ignore_fingerprints", "severity", "allow", "lexicon", "agencies",
    "backtranslation", "fail_on", "detector", "time_budget",
})
_KNOWN_KEYS = SECTIONS
_ALLOW_KEYS = {"names"}


class ConfigError(ValueError):
    """The configuration file cannot be used; the message says where and why."""


@dataclass(frozen=True)
class Config:
    ignore: frozenset[str] = frozenset()
    ignore_fingerprints: frozenset[str] = frozenset()
    severity: dict[str, str] = field(default_factory=dict)
    allow_names: frozenset[str] = frozenset()
    lexicon: dict[str, Any] = field(default_factory=dict)
    agencies: tuple[dict[str, Any], ...] = ()
    backtranslation: dict[str, Any] = field(default_factory=dict)
    fail_on: str | None = None
    detector: str | None = None  # language detector (audit.detectors.NAMES); None = the default
    path: str | None = None
    # Typed forms of the tables above, validated when the configuration is read.
    backtranslate: "BacktranslateOptions | None" = None   # [backtranslation]; None: defaults
    time_budget: float | None = None                       # seconds per article; 0: no limit

    def lexicon_for(self, name: str) -> dict[str, Any]:
        """The user's extension table for one lexicon (``[lexicon.<name>]``), or {}."""
        value = self.lexicon.get(name, {})
        return value if isinstance(value, dict) else {}


DEFAULT = Config()


def find_config(start: Path | None = None) -> Path | None:
    """``audit.toml``, else a ``pyproject.toml`` with ``[tool.audit]``, in ``start`` or above."""
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        candidate = folder / CONFIG_FILE
        if candidate.is_file():
            return candidate
        pyproject = folder / "pyproject.toml"
        if pyproject.is_file():
            tool = _read_toml(pyproject).get("tool", {})
            if isinstance(tool, dict) and "audit" in tool:
                return pyproject
    return None


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        with open(path, "rb") as handle:
            return tomllib.load(handle)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: not valid TOML: {exc}") from exc
    except UnicodeDecodeError as exc:
        raise ConfigError(f"{path}: not UTF-8 text (TOML files are UTF-8): byte {exc.start} "
                          f"cannot be read") from exc
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read: {exc.strerror or exc}") from exc


def load_config(path: Path | None) -> Config:
    """Read ``path`` (``audit.toml`` or a pyproject with ``[tool.audit]``); None → defaults."""
    if path is None:
        return DEFAULT
    data = _read_toml(path)
    if path.name == "pyproject.toml":
        tool = data.get("tool", {})
        data = tool.get("audit", {}) if isinstance(tool, dict) else {}
        if not isinstance(data, dict):
            raise ConfigError(f"{path}: tool.audit: must be a table ([tool.audit])")
    return parse_config(data, str(path))


def parse_config(data: dict[str, Any], where: str = "<config>") -> Config:
    """Validate a parsed configuration completely and return it typed (``ConfigError``)."""
    if not isinstance(data, dict):
        raise ConfigError(f"{where}: must be a table of settings")
    _no_unknown(data, _KNOWN_KEYS, where, "")
    codes = _check_codes()
    ignore = _string_list(data, "ignore", where)
    for code in ignore:
        _known_code(code, codes, where, "ignore")
    severity = _table(data, "severity", where, "a table of check-code = severity")
    for code, value in severity.items():
        _known_code(code, codes, where, f"severity.{code}")
        if value not in SEVERITIES:
            raise ConfigError(f"{where}: severity.{code}: is {value!r}; "
                              f"use one of {', '.join(SEVERITIES)}")
    fail_on = data.get("fail_on")
    if fail_on is not None and fail_on not in SEVERITIES:
        raise ConfigError(f"{where}: fail_on: is {fail_on!r}; use one of {', '.join(SEVERITIES)}")
    detector = data.get("detector")
    if detector is not None and detector not in DETECTORS:
        raise ConfigError(f"{where}: detector is {detector!r}; use one of {', '.join(DETECTORS)}")
    allow = _table(data, "allow", where, "a table: [allow] names = [...]")
    _no_unknown(allow, _ALLOW_KEYS, where, "allow.")
    return Config(
        ignore=frozenset(ignore),
        ignore_fingerprints=frozenset(_string_list(data, "ignore_fingerprints", where)),
        severity=dict(severity),
        allow_names=frozenset(_string_list(allow, "names", where, "allow.")),
        lexicon=_lexicons(data, where),
        agencies=_agencies(data, where),
        backtranslation=dict(_table(data, "backtranslation", where, "a table ([backtranslation])")),
        backtranslate=_backtranslate(data, where),
        fail_on=fail_on,
        detector=detector,
        time_budget=_time_budget(data, where),
        path=where,
    )


# --- the parts ----------------------------------------------------------------------------------

def _check_codes() -> frozenset[str]:
    from audit.checks import REGISTRY  # imported here: the checks import this module

    return frozenset(REGISTRY)


def _known_code(code: Any, codes: frozenset[str], where: str, key: str) -> None:
    if code not in codes:
        raise ConfigError(f"{where}: {key}: {code!r} is not a check code{_did_you_mean(code, codes)}"
                          f" (`audit checks` lists them)")


def _lexicons(data: dict[str, Any], where: str) -> dict[str, Any]:
    """``[lexicon.<name>]`` tables: the name is a shipped lexicon (a data file), a pre-pack
    table of the Indonesian pack (``untranslated``, ``locale``) or ``languages`` (the packs);
    each top-level key is one the built-in data has (or ``remove``), and each value has the
    built-in value's type. Packs are checked by the pack loader itself."""
    from audit import languages
    from audit.checks.lexicon import available, builtin

    lexicons = _table(data, "lexicon", where, "a table of [lexicon.<name>] tables")
    files = available()
    names = files | set(languages.LEGACY_TABLES) | {"languages"}
    for name, table in lexicons.items():
        if name not in names:
            raise ConfigError(f"{where}: lexicon.{name}: no such lexicon"
                              f"{_did_you_mean(name, names)}; lexicons: {', '.join(sorted(names))}")
        if not isinstance(table, dict):
            raise ConfigError(f"{where}: lexicon.{name}: must be a table ([lexicon.{name}])")
        if "remove" in table:
            _string_list(table, "remove", where, f"lexicon.{name}.")
        if name == "languages":
            continue
        base = dict(builtin(name)) if name in files else {}
        if name in languages.LEGACY_TABLES:
            code, section = languages.LEGACY_TABLES[name]
            base.update(languages.builtin_packs().get(code, {}).get(section, {}))
        _no_unknown(table, set(base) | {"remove"}, where, f"lexicon.{name}.")
        for key, value in table.items():
            if key == "remove":
                continue
            old = base[key]
            if isinstance(old, dict) and not isinstance(value, dict):
                raise ConfigError(f"{where}: lexicon.{name}.{key}: must be a table, like the "
                                  f"built-in one (it extends it)")
            if isinstance(old, list) and not isinstance(value, list):
                raise ConfigError(f"{where}: lexicon.{name}.{key}: must be a list, like the "
                                  f"built-in one (it is appended to it)")
    try:  # the packs, as extended: built once here, so that no article meets the error
        languages.packs(Config(lexicon=dict(lexicons)))
    except (ValueError, TypeError, AttributeError) as exc:
        raise ConfigError(f"{where}: lexicon: {exc}") from exc
    return dict(lexicons)


def _agencies(data: dict[str, Any], where: str) -> tuple[dict[str, Any], ...]:
    from audit import provenance  # imported here: provenance reads the configuration's entries

    agencies = data.get("agencies", [])
    if isinstance(agencies, dict):  # [[agencies.extra]] or [agencies] extra = [...]
        _no_unknown(agencies, {"extra"}, where, "agencies.")
        agencies = agencies.get("extra", [])
    if not isinstance(agencies, list) or not all(isinstance(a, dict) for a in agencies):
        raise ConfigError(f"{where}: agencies: must be an array of tables ([[agencies]])")
    try:
        provenance.load_registry(tuple(agencies))  # every entry checked now, not per article
    except (ValueError, TypeError) as exc:
        raise ConfigError(f"{where}: {exc}") from exc
    return tuple(agencies)


def _backtranslate(data: dict[str, Any], where: str) -> "BacktranslateOptions":
    from audit.backtranslate.options import BacktranslateOptions

    table = _table(data, "backtranslation", where, "a table ([backtranslation])")
    return BacktranslateOptions.from_config(table, where)


def _time_budget(data: dict[str, Any], where: str) -> float | None:
    value = data.get("time_budget")
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, (int, float)) or value < 0 \
            or not math.isfinite(value):
        raise ConfigError(f"{where}: time_budget: must be a number of seconds (0: no limit), "
                          f"got {value!r}")
    return float(value)


# --- helpers -------------------------------------------------------------------------------------

def _table(data: dict[str, Any], key: str, where: str, what: str) -> dict[str, Any]:
    value = data.get(key, {})
    if not isinstance(value, dict):
        raise ConfigError(f"{where}: {key}: must be {what}, got {value!r}")
    return value


def _string_list(data: dict[str, Any], key: str, where: str, prefix: str = "") -> list[str]:
    value = data.get(key, [])
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ConfigError(f"{where}: {prefix}{key}: must be a list of strings, got {value!r}")
    return value


def _no_unknown(table: dict[str, Any], known: set[str], where: str, prefix: str) -> None:
    unknown = sorted(str(k) for k in set(table) - known)
    if unknown:
        hint = _did_you_mean(unknown[0], known) if len(unknown) == 1 else ""
        raise ConfigError(f"{where}: unknown key(s) {', '.join(prefix + k for k in unknown)}"
                          f"{hint}; known: {', '.join(sorted(known))}")


def _did_you_mean(word: Any, choices: frozenset[str] | set[str]) -> str:
    close = difflib.get_close_matches(str(word), sorted(choices), n=1)
    return f" (did you mean {close[0]!r}?)" if close else ""
