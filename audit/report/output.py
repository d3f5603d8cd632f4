"""Writing a report file atomically: a crash or Ctrl-C never leaves half a report behind."""

from __future__ import annotations

import os
import tempfile
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator, TextIO


@contextmanager
def atomic_output(path: Path) -> Iterator[TextIO]:
    """A text stream that becomes ``path`` only when the block completes without error.

    The report is written to a temporary file in the same folder (so the final rename is
    atomic on POSIX), flushed to disk, then renamed over ``path``. On any exception,
    KeyboardInterrupt included, the temporary file is removed and ``path`` is untouched.
    """
    path = Path(path)
    folder = path.parent if str(path.parent) else Path(".")
    handle = tempfile.NamedTemporaryFile("w", encoding="utf-8", newline="\n", dir=folder,
                                         prefix=f".{path.name}.", suffix=".tmp", delete=False)
    try:
        with handle:
            # mkstemp makes the file private (0600); a report gets the mode a new file would.
            os.chmod(handle.name, _mode_for(path))
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(handle.name, path)
    except BaseException:
        try:
            os.unlink(handle.name)
        except FileNotFoundError:
            pass
        raise


def _mode_for(path: Path) -> int:
    """The permission bits ``path`` keeps (when it exists) or that ``open`` would give it."""
    try:
        return path.stat().st_mode & 0o7777
    except OSError:
        mask = os.umask(0)
        os.umask(mask)
        return 0o666 & ~mask
