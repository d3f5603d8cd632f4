"""A time budget per article: the last line of defence against slow input.

Every check is written to take time linear in the text (``benchmarks/adversarial.py``), but
a batch must not stall on a shape nobody thought of. An article's analysis runs under a
timer; when it fires, ``OverBudget`` is raised wherever the analysis is, and the pipeline
reports what it has: a ``warning`` naming the check that was cut short (with the findings
of the checks before it), or an ``error`` when the budget ran out before the checks. The
batch goes on with the next article.

In a process's main thread (one worker, ``--workers`` processes) the timer is ``SIGALRM``
(``setitimer``), which interrupts pure-Python code and ``re`` matching alike. In any other
thread (a Dask worker's task threads, a library caller's thread) a watchdog thread raises
``OverBudget`` in the analysing thread asynchronously (``PyThreadState_SetAsyncExc``). That
reaches the thread at its next Python instruction, so it stops any Python loop, but not one
call into C that never returns to Python (a single pathological ``re`` match): the checks'
linear-time regexes are the defence there.
"""

from __future__ import annotations

import _signal
import ctypes
import heapq
import signal
import threading
import time

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


class _OverBudgetInThread(OverBudget):
    """What the watchdog raises: an asynchronous exception is created without arguments, so
    it reads its budget from the thread it lands in."""

    def __init__(self) -> None:
        super().__init__(getattr(_local, "seconds", 0.0))


_local = threading.local()


class _Watchdog:
    """One daemon thread that raises ``_OverBudgetInThread`` in threads past their deadline."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._wake = threading.Condition(self._lock)
        self._armed: dict[int, tuple[int, bool]] = {}   # thread id -> (token, fired)
        self._deadlines: list[tuple[float, int, int]] = []  # (deadline, token, thread id)
        self._tokens = 0
        self._thread: threading.Thread | None = None

    def arm(self, seconds: float) -> int:
        thread_id = threading.get_ident()
        with self._lock:
            self._tokens += 1
            self._armed[thread_id] = (self._tokens, False)
            heapq.heappush(self._deadlines, (time.monotonic() + seconds, self._tokens, thread_id))
            if self._thread is None:
                self._thread = threading.Thread(target=self._run, name="audit-time-budget",
                                                daemon=True)
                self._thread.start()
            self._wake.notify()
            return self._tokens

    def disarm(self, token: int) -> None:
        thread_id = threading.get_ident()
        with self._lock:
            entry = self._armed.get(thread_id)
            if entry is None or entry[0] != token:
                return
            del self._armed[thread_id]
            if entry[1]:  # fired but perhaps not delivered yet: cancel it, the block is over
                _set_async_exc(thread_id, None)

    def _run(self) -> None:
        with self._lock:
            while True:
                now = time.monotonic()
                while self._deadlines and self._deadlines[0][0] <= now:
                    _deadline, token, thread_id = heapq.heappop(self._deadlines)
                    if self._armed.get(thread_id) == (token, False):
                        self._armed[thread_id] = (token, True)
                        _set_async_exc(thread_id, _OverBudgetInThread)
                timeout = self._deadlines[0][0] - now if self._deadlines else None
                self._wake.wait(timeout)


def _set_async_exc(thread_id: int, exc: type[BaseException] | None) -> None:
    ctypes.pythonapi.PyThreadState_SetAsyncExc(ctypes.c_ulong(thread_id),
                                               ctypes.py_object(exc) if exc else None)


_watchdog = _Watchdog()


_SIGALRM = getattr(signal, "SIGALRM", None)
_ITIMER_REAL = getattr(signal, "ITIMER_REAL", None)
_setitimer = getattr(signal, "setitimer", None)


def _in_main_thread() -> bool:
    return _setitimer is not None and threading.current_thread() is threading.main_thread()


class time_limit:
    """Raise ``OverBudget`` in the block once ``seconds`` have passed (None or 0: no limit).

    A class rather than a generator-based context manager: it runs once per article, and
    ``contextlib``'s generator machinery cost as much as the timer's system calls."""

    __slots__ = ("seconds", "_armed", "_previous", "_token")

    def __init__(self, seconds: float | None) -> None:
        self.seconds = seconds
        self._armed = False
        self._previous = None
        self._token = None

    def __call__(self, signum: int, frame: object) -> None:  # the SIGALRM handler
        if self._armed:  # a late signal, after the block ended, is ignored
            raise OverBudget(self.seconds)

    def __enter__(self) -> None:
        seconds = self.seconds
        if not seconds or seconds <= 0:
            return
        if not _in_main_thread():
            _local.seconds = seconds
            self._token = _watchdog.arm(seconds)
            return
        self._armed = True
        # ``_signal.signal``: ``signal.signal`` less its enum conversions, which cost more than
        # the two system calls (this runs twice per article).
        self._previous = _signal.signal(_SIGALRM, self)
        _setitimer(_ITIMER_REAL, seconds)

    def __exit__(self, *exc_info: object) -> None:
        if self._token is not None:
            _watchdog.disarm(self._token)
            self._token = None
        elif self._armed:
            self._armed = False
            _setitimer(_ITIMER_REAL, 0)
            _signal.signal(_SIGALRM, self._previous)
            self._previous = None
