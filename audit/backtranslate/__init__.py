"""Back-translation with Argos Translate models, batched and cached.

``Backtranslator`` (backtranslator.py) is the pipeline's step; ``BacktranslateOptions``
(options.py) its settings. Importing this package is cheap: argostranslate, CTranslate2 and
sacrebleu are imported only when a chunk actually needs them.
"""

from __future__ import annotations

from audit.backtranslate.backtranslator import Backtranslator, error_record
from audit.backtranslate.options import BacktranslateOptions
from audit.backtranslate.scoring import DEFAULT_THRESHOLD

__all__ = ["BacktranslateOptions", "Backtranslator", "DEFAULT_THRESHOLD", "error_record"]
