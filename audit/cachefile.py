"""audit's per-machine cache files (compiled patterns, parsed data, word-list alternations):
one file format and one store for all.

A file is the BLAKE2b digest of its payload followed by the payload, a ``marshal`` dump of
``{"format", "key", "entries"}``. A file that is missing, truncated, altered, or written for
another format or Python build reads as empty; a write is atomic (a temporary file renamed
over the old one), and a folder that cannot be written costs only the next run's work.
:class:`Store` is what audit/regexes.py, audit/datacache.py and audit/patterns.py keep in
such a file: the entries read at first use, those this process added, and :meth:`Store.save`.
"""

from __future__ import annotations

import hashlib
import marshal
import os
import tempfile
from pathlib import Path
from typing import Any


def folder() -> Path:
    """``$XDG_CACHE_HOME/audit`` (``~/.cache/audit`` by default)."""
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "audit"


def read(path: Path, fmt: int, key: str) -> dict[Any, Any]:
    """The entries of the cache file at ``path``, or {} when it is not a good one."""
    try:
        blob = path.read_bytes()
        digest, payload = blob[:32], blob[32:]
        if hashlib.blake2b(payload, digest_size=32).digest() != digest:
            return {}
        data = marshal.loads(payload)
        if data.get("format") != fmt or data.get("key") != key:
            return {}
        return data["entries"]
    except (OSError, EOFError, ValueError, TypeError, KeyError, AttributeError):
        return {}


def write(path: Path, fmt: int, key: str, entries: dict[Any, Any]) -> bool:
    """Write ``entries`` atomically; False when the folder cannot be written. Raises
    ``ValueError`` for an entry ``marshal`` cannot dump (before touching any file)."""
    payload = marshal.dumps({"format": fmt, "key": key, "entries": entries})
    return write_bytes(path, hashlib.blake2b(payload, digest_size=32).digest() + payload)


def write_bytes(path: Path, data: bytes) -> bool:
    """Write ``data`` to ``path`` atomically; False when the folder cannot be written."""
    handle = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=path.parent, prefix=f".{path.stem}-", suffix=".tmp",
                                         delete=False) as handle:
            handle.write(data)
        os.replace(handle.name, path)
    except OSError:
        if handle is not None:
            try:
                os.unlink(handle.name)
            except OSError:
                pass
        return False
    return True


class Store:
    """One cache file's entries (``folder()/NAME-KEY.marshal``): read at the first look-up,
    added to by this process, written back by :meth:`save` (``audit run`` saves each store
    after the report). ``key`` names what the entries are valid for (a Python build, a
    marshal version): another key is another file, and a file with a foreign key reads empty.
    """

    def __init__(self, name: str, fmt: int, key: str, max_entries: int) -> None:
        self.name, self.format, self.key, self.max_entries = name, fmt, key, max_entries
        self.stored: dict[Any, Any] | None = None   # the file's entries, once read
        self.new: dict[Any, Any] = {}               # added here, not yet in the file
        self.used: set[Any] = set()                 # looked up by this process

    def path(self) -> Path:
        return folder() / f"{self.name}-{self.key}.marshal"

    def entries(self) -> dict[Any, Any]:
        """The cache file's entries (read once; {} for a missing or bad file)."""
        if self.stored is None:
            self.stored = read(self.path(), self.format, self.key)
        return self.stored

    def get(self, key: Any) -> Any:
        """The value for ``key`` added by this process or read from the file, else None."""
        self.used.add(key)
        found = self.new.get(key)
        return self.entries().get(key) if found is None else found

    def add(self, key: Any, value: Any) -> None:
        self.used.add(key)
        self.new[key] = value

    def save(self) -> None:
        """Write the entries added in this process that the file lacks, with the file's
        (atomically; a folder that cannot be written only costs the next run its work).
        Beyond ``max_entries`` only what this process used is kept (the rest belongs to
        data or configurations long replaced); an entry ``marshal`` cannot dump is left out."""
        if not self.new:
            return
        entries = {**self.entries(), **self.new}
        if len(entries) > self.max_entries:
            entries = {key: value for key, value in entries.items() if key in self.used}
        try:
            written = write(self.path(), self.format, self.key, entries)
        except ValueError:
            entries = {key: value for key, value in entries.items() if _marshallable((key, value))}
            written = write(self.path(), self.format, self.key, entries)
        if written:
            self.stored = entries
            self.new.clear()


def _marshallable(value: Any) -> bool:
    try:
        marshal.dumps(value)
    except ValueError:
        return False
    return True
