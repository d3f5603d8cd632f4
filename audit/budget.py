"""A time budget per article: the last line of defence against slow input.

Every check is written to take time linear in the text (``benchmarks/adversarial.py``), but
a batch must not stall on a shape nobody thought of. An article's analysis runs under a
timer; when it fires, ``OverBudget`` is raised wherever the analysis is, and the pipeline
reports what it has: a ``warning`` naming the check that was cut short (with the findings
of the checks before it), or an ``error`` when the budget ran out before the checks. The
batch goes on with the next article.

The timer is ``SIGALRM`` (``setitimer``), which interrupts pure-Python code and ``re``
matching alike. It is armed only in a process's main thread, which is where articles are
analysed both with one worker and in ``--workers`` processes; elsewhere (a library caller's
thread, a platform without ``SIGALRM``) the budget is not enforced.
"""

from __future__ import annotations

import signal
import threading
from contextlib import contextmanager
from typing import Iterator

DEFAULT_SECONDS = 20.0  # a news article takes milliseconds; the slowest adversarial input, ~1 s


class OverBudget(BaseException):
    """The article's time budget ran out. A BaseException, so that no ``except Exception`` in
    a check or a library can swallow it. Partial results travel with it."""

    def __init__(self, seconds: float) -> None:
        super().__init__(f"the time budget of {seconds:g} s per article ran out")
        self.seconds = seconds
        self.check: str | None = None       # the check that was running, if one was
        self.findings: list = []            # findings of the checks that completed
        self.warnings: list[str] = []

    def cut_short(self, check: str, findings: list, warnings: list[str]) -> None:
        """Record where the budget ran out (called by the check runner)."""
        self.check = check
        self.findings = list(findings)
        self.warnings = list(warnings)


def enforceable() -> bool:
    return hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()


@contextmanager
def time_limit(seconds: float | None) -> Iterator[None]:
    """Raise ``OverBudget`` in the block once ``seconds`` have passed (None or 0: no limit)."""
    if not seconds or seconds <= 0 or not enforceable():
        yield
        return
    armed = True

    def expired(signum: int, frame: object) -> None:
        if armed:  # a late signal, after the block ended, is ignored
            raise OverBudget(seconds)

    previous = signal.signal(signal.SIGALRM, expired)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        armed = False
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
