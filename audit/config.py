"""User configuration: ``audit.toml`` or ``[tool.audit]`` in ``pyproject.toml``.

The configuration only *extends or tunes* built-in data (lexicons, agencies, severities);
an empty configuration means "audit's defaults". Unknown keys are errors, so a typo never
silently switches nothing off.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from audit.detectors import NAMES as DETECTORS
from audit.model import SEVERITIES

CONFIG_FILE = "audit.toml"

_KNOWN_KEYS = {
    "ignore", "ignore_fingerprints", "severity", "allow", "lexicon", "agencies",
    "backtranslation", "fail_on", "detector",
}


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
        if pyproject.is_file() and "audit" in _read_toml(pyproject).get("tool", {}):
            return pyproject
    return None


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        with open(path, "rb") as handle:
            return tomllib.load(handle)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: not valid TOML: {exc}") from exc
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read: {exc.strerror}") from exc


def load_config(path: Path | None) -> Config:
    """Read ``path`` (``audit.toml`` or a pyproject with ``[tool.audit]``); None → defaults."""
    if path is None:
        return DEFAULT
    data = _read_toml(path)
    if path.name == "pyproject.toml":
        data = data.get("tool", {}).get("audit", {})
    return parse_config(data, str(path))


def parse_config(data: dict[str, Any], where: str = "<config>") -> Config:
    unknown = set(data) - _KNOWN_KEYS
    if unknown:
        raise ConfigError(f"{where}: unknown key(s) {', '.join(sorted(unknown))}; "
                          f"known: {', '.join(sorted(_KNOWN_KEYS))}")
    severity = data.get("severity", {})
    if not isinstance(severity, dict):
        raise ConfigError(f"{where}: [severity] must be a table of code = severity")
    for code, value in severity.items():
        if value not in SEVERITIES:
            raise ConfigError(f"{where}: severity for {code!r} is {value!r}; "
                              f"use one of {', '.join(SEVERITIES)}")
    fail_on = data.get("fail_on")
    if fail_on is not None and fail_on not in SEVERITIES:
        raise ConfigError(f"{where}: fail_on is {fail_on!r}; use one of {', '.join(SEVERITIES)}")
    detector = data.get("detector")
    if detector is not None and detector not in DETECTORS:
        raise ConfigError(f"{where}: detector is {detector!r}; use one of {', '.join(DETECTORS)}")
    allow = data.get("allow", {})
    agencies = data.get("agencies", [])
    if isinstance(agencies, dict):  # [[agencies.extra]] or [agencies] extra = [...]
        agencies = agencies.get("extra", [])
    if not isinstance(agencies, list) or not all(isinstance(a, dict) for a in agencies):
        raise ConfigError(f"{where}: agencies must be an array of tables ([[agencies]])")
    return Config(
        ignore=frozenset(_string_list(data, "ignore", where)),
        ignore_fingerprints=frozenset(_string_list(data, "ignore_fingerprints", where)),
        severity=dict(severity),
        allow_names=frozenset(_string_list(allow, "names", where)),
        lexicon=dict(data.get("lexicon", {})),
        agencies=tuple(agencies),
        backtranslation=dict(data.get("backtranslation", {})),
        fail_on=fail_on,
        detector=detector,
        path=where,
    )


def _string_list(data: dict[str, Any], key: str, where: str) -> list[str]:
    value = data.get(key, [])
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ConfigError(f"{where}: {key} must be a list of strings")
    return value
