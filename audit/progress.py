"""The progress bar of ``audit run`` on stderr (a no-op when stderr is not a terminal)."""

from __future__ import annotations

from contextlib import contextmanager, nullcontext
from typing import Callable, ContextManager


def progress(enabled: bool, console=None) -> ContextManager[Callable[[], None]]:
    """A context manager yielding a tick function; a live, transient bar when enabled."""
    if not enabled:
        return nullcontext(lambda: None)
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, SpinnerColumn, TimeElapsedColumn

    @contextmanager
    def bar():
        with Progress(SpinnerColumn(), "[progress.description]{task.description}", BarColumn(),
                      MofNCompleteColumn(), TimeElapsedColumn(), console=console,
                      transient=True) as prog:
            task = prog.add_task("auditing", total=None)
            yield lambda: prog.advance(task)

    return bar()
