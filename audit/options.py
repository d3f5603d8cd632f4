"""From the configuration and the command-line flags to the pipeline's ``RunOptions``.

One rule decides every setting: the built-in default, then the configuration file, then the
flag given on the command line (a flag left out, ``None`` here, changes nothing).
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

from audit.backtranslate.options import BacktranslateOptions
from audit.config import Config
from audit.pipeline import RunOptions


def run_options(config: Config, *, workers: int = 1, backtranslate: bool = True,
                cache: bool = True, models_dir: Path | None = None, beam_size: int | None = None,
                threshold: float | None = None, cache_dir: Path | None = None,
                via: str | None = None, detector: str | None = None,
                device: str | None = None, time_budget: float | None = None) -> RunOptions:
    """The options of ``audit run``. Raises ``ConfigError`` for a bad ``[backtranslation]``."""
    if detector is not None:
        config = dataclasses.replace(config, detector=detector)
    bt_options = config.backtranslate or BacktranslateOptions.from_config(
        config.backtranslation, config.path or "<config>")  # typed when the config was read
    overrides = {"models_dir": models_dir, "beam_size": beam_size, "threshold": threshold,
                 "cache_dir": cache_dir, "via": via, "device": device}
    bt_options = dataclasses.replace(bt_options, **{k: v for k, v in overrides.items() if v is not None})
    if not backtranslate:
        bt_options.enabled = False
    if not cache:
        bt_options.use_cache = False
    options = RunOptions(config=config, backtranslate=bt_options, workers=workers)
    for budget in (config.time_budget, time_budget):  # the flag wins; 0 means no limit
        if budget is not None:
            options.time_budget = budget or None
    return options
