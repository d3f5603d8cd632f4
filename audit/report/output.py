"""Writing a report file atomically: a crash, Ctrl-C, SIGTERM or even ``kill -9`` never leaves
half a report, or a temporary file, behind; and ``--out`` never replaces anything that is not
a report (a device, a FIFO, a symlink, a folder).
"""

from __future__ import annotations

import errno
import io
import os
import stat
import tempfile
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator, TextIO

from audit import interrupts

_KINDS = ((stat.S_ISLNK, "a symbolic link"), (stat.S_ISDIR, "a folder"),
          (stat.S_ISFIFO, "a named pipe (FIFO)"), (stat.S_ISCHR, "a character device"),
          (stat.S_ISBLK, "a block device"), (stat.S_ISSOCK, "a socket"))


class UnsafeOutput(OSError):
    """``--out`` names something a report must not replace; ``strerror`` says what it is."""


def check_output_path(path: Path) -> None:
    """Refuse anything but a regular file or a new path (as root, ``--out /dev/null`` used to
    replace the system's /dev/null with a report)."""
    try:
        mode = os.lstat(path).st_mode
    except FileNotFoundError:
        return
    except OSError:
        return  # unreadable folder and the like: writing reports the real error
    if stat.S_ISREG(mode):
        return
    if stat.S_ISDIR(mode):
        raise UnsafeOutput(errno.EISDIR, os.strerror(errno.EISDIR))
    what = next((name for test, name in _KINDS if test(mode)), "not a regular file")
    raise UnsafeOutput(errno.EINVAL, f"it is {what}; give a regular file or a new path")


@contextmanager
def atomic_output(path: Path) -> Iterator[TextIO]:
    """A text stream that becomes ``path`` only when the block completes without error.

    Where the system allows it (Linux ``O_TMPFILE``), the report is written to an unnamed
    file in the same folder, which is given a name only at the end: a killed process leaves
    nothing behind. Elsewhere a named temporary file (``.NAME.XXXX.tmp``) is used and removed
    on any exception, KeyboardInterrupt and SIGTERM included. Either way the data is flushed
    to disk and then renamed over ``path`` atomically; ``path`` is untouched until then.
    """
    path = Path(path)
    check_output_path(path)
    folder = path.parent if str(path.parent) else Path(".")
    mode = _mode_for(path)
    fd = _unnamed_file(folder, mode)
    if fd is not None:
        handle = io.open(fd, "w", encoding="utf-8", newline="\n")
        with handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
            interrupts.check()  # an interrupt some library swallowed: keep the old report
            interrupts.settle()  # past this point the report is the run's result
            _link_over(fd, folder, path)
        return
    handle = tempfile.NamedTemporaryFile("w", encoding="utf-8", newline="\n", dir=folder,
                                         prefix=f".{path.name}.", suffix=".tmp", delete=False)
    try:
        with handle:
            # mkstemp makes the file private (0600); a report gets the mode a new file would.
            os.chmod(handle.name, mode)
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        interrupts.check()
        check_output_path(path)
        interrupts.settle()
        os.replace(handle.name, path)
    except BaseException:
        try:
            os.unlink(handle.name)
        except FileNotFoundError:
            pass
        raise


def _unnamed_file(folder: Path, mode: int) -> int | None:
    """An ``O_TMPFILE`` descriptor in ``folder`` with ``mode``, or None where unsupported."""
    flag = getattr(os, "O_TMPFILE", None)
    if flag is None or not os.path.isdir("/proc/self/fd"):
        return None
    try:
        fd = os.open(folder, flag | os.O_RDWR | getattr(os, "O_CLOEXEC", 0), mode)
    except OSError as exc:
        if exc.errno in (errno.EOPNOTSUPP, errno.EISDIR, errno.EINVAL, errno.ENOENT):
            if exc.errno == errno.ENOENT and not folder.is_dir():
                raise  # the folder does not exist: say so
            return None  # the file system cannot: fall back to a named temporary file
        raise
    os.fchmod(fd, mode)  # O_TMPFILE honours the umask; a report gets what a new file would
    return fd


def _link_over(fd: int, folder: Path, path: Path) -> None:
    """Give the unnamed file a name, then rename it over ``path`` (link cannot replace)."""
    name = f".{path.name}.{os.urandom(6).hex()}.tmp"
    tmp = folder / name
    dirfd = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    try:
        try:  # linkat(AT_SYMLINK_FOLLOW): a dir fd makes os.link use it
            os.link(f"/proc/self/fd/{fd}", name, dst_dir_fd=dirfd, follow_symlinks=True)
        except OSError:
            _copy_to(fd, tmp)  # /proc not usable for links here: copy to a named file
        check_output_path(path)
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        raise
    finally:
        os.close(dirfd)


def _copy_to(fd: int, tmp: Path) -> None:
    with open(tmp, "xb") as target:
        os.chmod(tmp, os.fstat(fd).st_mode & 0o7777)
        offset = 0
        while True:
            block = os.pread(fd, 1 << 20, offset)
            if not block:
                break
            target.write(block)
            offset += len(block)
        target.flush()
        os.fsync(target.fileno())


def _mode_for(path: Path) -> int:
    """The permission bits ``path`` keeps (when it exists) or that ``open`` would give it."""
    try:
        return path.stat().st_mode & 0o7777
    except OSError:
        mask = os.umask(0)
        os.umask(mask)
        return 0o666 & ~mask


class CountingStream(io.TextIOBase):
    """Stdout as the writers see it, counting what went out: an interrupted run can then say
    that a partial report was already streamed, rather than that none was written."""

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream
        self.written = 0

    def write(self, text: str) -> int:
        count = self.stream.write(text)
        self.written += len(text)
        return count if count is not None else len(text)

    def flush(self) -> None:
        self.stream.flush()

    def isatty(self) -> bool:
        return self.stream.isatty()

    def fileno(self) -> int:
        return self.stream.fileno()

    @property
    def encoding(self) -> str:  # type: ignore[override]
        return getattr(self.stream, "encoding", "utf-8")

    def writable(self) -> bool:
        return True
