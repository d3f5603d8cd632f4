"""Ctrl-C, SIGTERM and SIGHUP end a run the same way, at any moment, with the shell's status.

A signal becomes ``Interrupted`` (a ``KeyboardInterrupt``), so every ``finally`` runs: the
temporary report file is removed and the old report is left as it was. The exit status is
128 + the signal number (130 for Ctrl-C, 143 for SIGTERM, 129 for SIGHUP).

Libraries may catch an interrupt: langdetect's profile loader has a bare ``except:`` that
turns it into a ``LangDetectException``, which would then read as one article's error while
the batch went on. So the signal is also *recorded*, and ``check()`` (called by the pipeline
between articles and wherever an article error is about to be reported) raises it again. An
interrupt that some library swallowed can delay the end by one article, never cancel it.

A signal that lands in a finaliser (a generator or file closed by the garbage collector)
raises there, where Python cannot propagate it: it prints "Exception ignored in …" with a
traceback and goes on. The signal is recorded all the same, so ``install`` also quiets that
report for ``Interrupted`` alone; ``check()`` ends the run a moment later.
"""

from __future__ import annotations

import signal
import sys
import threading

SIGNALS = tuple(getattr(signal, name) for name in ("SIGINT", "SIGTERM", "SIGHUP")
                if hasattr(signal, name))

_received: int | None = None


class Interrupted(KeyboardInterrupt):
    """A run stopped by a signal; ``exit_code`` is what the shell expects for it."""

    def __init__(self, signum: int = signal.SIGINT) -> None:
        super().__init__(signal.Signals(signum).name)
        self.signum = signum

    @property
    def exit_code(self) -> int:
        return 128 + self.signum


def _handler(signum: int, frame: object) -> None:
    global _received
    if _received is None:
        _received = signum
    raise Interrupted(signum)


def _quiet_unraisable(unraisable) -> None:
    """``sys.unraisablehook`` that drops an ``Interrupted`` (recorded, raised again later)."""
    if isinstance(unraisable.exc_value, Interrupted):
        return
    _previous_unraisablehook(unraisable)


_previous_unraisablehook = sys.unraisablehook


def install() -> None:
    """Route SIGINT, SIGTERM and SIGHUP to ``Interrupted`` (main thread only; idempotent)."""
    global _previous_unraisablehook
    if threading.current_thread() is not threading.main_thread():
        return
    if sys.unraisablehook is not _quiet_unraisable:
        _previous_unraisablehook = sys.unraisablehook
        sys.unraisablehook = _quiet_unraisable
    for signum in SIGNALS:
        if signal.getsignal(signum) is signal.SIG_IGN and signum != signal.SIGINT:
            continue  # `nohup audit ...`: the user asked for SIGHUP to be ignored
        signal.signal(signum, _handler)


def settle() -> None:
    """The run's result is committed (the report renamed into place, or its last record
    written): from now on a signal is ignored, so that what remains (closing files, saving
    caches, the closing message, the interpreter's exit) cannot turn a finished report into
    "interrupted; no report was written" or a death by SIGINT. Main thread only."""
    if threading.current_thread() is not threading.main_thread():
        return
    for signum in SIGNALS:
        if signal.getsignal(signum) is _handler:
            signal.signal(signum, signal.SIG_IGN)


def received() -> int | None:
    """The first signal received since ``install`` (None: none)."""
    return _received


def check() -> None:
    """Raise ``Interrupted`` again if a signal came, even if a library swallowed it."""
    if _received is not None:
        raise Interrupted(_received)


def within(exc: BaseException) -> KeyboardInterrupt | None:
    """The interrupt ``exc`` stands for, if any: itself, or one in its cause/context chain.

    Python wraps some exceptions it did not raise itself: a signal that lands while a class is
    created, inside a descriptor's ``__set_name__`` (``functools.cached_property``), comes out
    of the ``import`` as "RuntimeError: Error calling __set_name__" (Python 3.11), with the
    interrupt as its cause. Still an interrupt, and it must end the run as one."""
    seen = set()
    while exc is not None and id(exc) not in seen:
        if isinstance(exc, KeyboardInterrupt):
            return exc
        seen.add(id(exc))
        exc = exc.__cause__ or exc.__context__
    return None


def exit_code(exc: BaseException) -> int:
    """The exit status for an interrupt: 128 + its signal (a plain KeyboardInterrupt: 130)."""
    signum = getattr(exc, "signum", None) or _received or signal.SIGINT
    return 128 + signum


def reset() -> None:
    """Forget a received signal (for tests and long-lived hosts)."""
    global _received
    _received = None
