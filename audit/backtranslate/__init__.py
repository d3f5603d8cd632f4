"""Back-translation with Argos Translate models, batched and cached.

``Backtranslator`` (backtranslator.py) is the pipeline's step; ``BacktranslateOptions``
(options.py) its settings. Importing this package is cheap: argostranslate, CTranslate2 and
sacrebleu are imported only when a chunk actually needs them, and the step's own modules
(backtranslator, engine, models, plan) only when a name of theirs is asked for: a run
without back-translation needs only the options (its configuration and cache key).
"""

from __future__ import annotations

from importlib import import_module

_NAMES = {"Backtranslator": "backtranslator", "error_record": "backtranslator",
          "BacktranslateOptions": "options", "DEFAULT_THRESHOLD": "scoring"}

__all__ = ["BacktranslateOptions", "Backtranslator", "DEFAULT_THRESHOLD", "error_record"]


def __getattr__(name: str):
    """``from audit.backtranslate import Backtranslator`` imports backtranslator.py then."""
    module = _NAMES.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(import_module(f"{__name__}.{module}"), name)
    globals()[name] = value
    return value
