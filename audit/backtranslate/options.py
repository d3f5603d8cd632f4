"""Back-translation options of ``audit run`` (``[backtranslation]`` and flags), validated."""

from __future__ import annotations

from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any

from audit.backtranslate.cache import CACHE_FILE, default_cache_dir
from audit.backtranslate.scoring import DEFAULT_THRESHOLD, MIN_WORDS


@dataclass
class BacktranslateOptions:
    """Options of ``audit run`` that concern back-translation (see docs/backtranslation.md)."""

    enabled: bool = True  # --no-backtranslate
    models_dir: Path | None = None  # --models-dir; None: where argostranslate keeps them
    beam_size: int = 2  # --beam-size
    threshold: float | None = None  # --round-trip-threshold; None: DEFAULT_THRESHOLD
    cache_path: Path | None = None  # the SQLite file itself (overrides cache_dir)
    use_cache: bool = True  # --no-cache
    via: str | None = None  # --via: language an English article round-trips through
    cache_dir: Path | None = None  # --cache-dir; None: $XDG_CACHE_HOME/audit
    min_words: int = MIN_WORDS  # shorter sentences are reported but never findings
    threads: int | None = None  # CTranslate2 intra_threads; None: the machine's cores
    device: str = "auto"  # --device: auto, cpu or cuda (audit.backtranslate.device)

    @property
    def effective_threshold(self) -> float:
        return DEFAULT_THRESHOLD if self.threshold is None else float(self.threshold)

    def resolved_cache_path(self) -> Path | None:
        if not self.use_cache:
            return None
        if self.cache_path is not None:
            path = Path(self.cache_path)
            # A folder given where a file is expected (`--cache-dir` passed as the file)
            # means the cache file inside it; SQLite cannot open a folder.
            return path / CACHE_FILE if path.is_dir() else path
        return Path(self.cache_dir or default_cache_dir()) / CACHE_FILE

    @classmethod
    def from_config(cls, table: dict[str, Any], where: str = "<config>",
                    base: "BacktranslateOptions | None" = None) -> "BacktranslateOptions":
        """Options from the ``[backtranslation]`` table of audit.toml, over ``base``.

        Keys: enabled, models_dir, beam_size, threshold, cache (bool), cache_dir, via,
        min_words, device. Command-line flags should be applied after this, so they win.
        """
        from audit.config import ConfigError

        options = base or cls()
        known = {"enabled", "models_dir", "beam_size", "threshold", "cache", "cache_dir",
                 "via", "min_words", "device"}
        unknown = set(table) - known
        if unknown:
            raise ConfigError(f"{where}: unknown [backtranslation] key(s) "
                              f"{', '.join(sorted(unknown))}; known: {', '.join(sorted(known))}")

        def typed(key: str, kinds: tuple[type, ...], check=lambda v: True, what: str = ""):
            value = table[key]
            if isinstance(value, bool) and bool not in kinds or not isinstance(value, kinds) \
                    or not check(value):
                raise ConfigError(f"{where}: [backtranslation] {key} must be {what}")
            return value

        values: dict[str, Any] = {f.name: getattr(options, f.name) for f in fields(options)}
        if "enabled" in table:
            values["enabled"] = typed("enabled", (bool,), what="true or false")
        if "cache" in table:
            values["use_cache"] = typed("cache", (bool,), what="true or false")
        if "beam_size" in table:
            values["beam_size"] = typed("beam_size", (int,), lambda v: 1 <= v <= 16,
                                        "an integer from 1 to 16")
        if "min_words" in table:
            values["min_words"] = typed("min_words", (int,), lambda v: v >= 0,
                                        "a non-negative integer")
        if "threshold" in table:
            values["threshold"] = float(typed("threshold", (int, float),
                                              lambda v: 0 <= v <= 100, "a number from 0 to 100"))
        for key in ("models_dir", "cache_dir"):
            if key in table:
                values[key] = Path(typed(key, (str,), bool, "a path")).expanduser()
        if "via" in table:
            values["via"] = typed("via", (str,), bool, "a language code such as \"id\"")
        if "device" in table:
            from audit.backtranslate.device import DEVICES

            values["device"] = typed("device", (str,), lambda v: v in DEVICES,
                                     "one of " + ", ".join(f'"{d}"' for d in DEVICES))
        return cls(**values)
