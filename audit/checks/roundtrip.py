"""``round-trip-divergence``: registered here so the registry lists every finding code.

Its findings come from the back-translation step (``audit/backtranslate/scoring.py``), which
needs an installed model and batches sentences across articles, so the check function never
runs (``needs_model``). Registering it makes ``audit checks``, the configuration's
``ignore``/``severity`` and the docs test see it like any other check.
"""

from __future__ import annotations

from typing import Iterable

from audit.backtranslate.scoring import CATEGORY, CODE, SEVERITY_BANDS
from audit.checks.base import CheckContext, Hit, check


@check(CODE, category=CATEGORY, severity=SEVERITY_BANDS[0][1], needs_model=True,
       example="en→id→en round trip of a garbled sentence scores chrF 21 < 35")
def round_trip_divergence(ctx: CheckContext) -> Iterable[Hit]:
    """A sentence whose round trip through Argos Translate comes back with a different meaning (chrF below the threshold)."""
    return ()
