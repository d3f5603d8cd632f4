"""audit's per-machine cache files (compiled patterns, parsed data): one file format for all.

A file is the BLAKE2b digest of its payload followed by the payload, a ``marshal`` dump of
``{"format", "key", "entries"}``. A file that is missing, truncated, altered, or written for
another format or Python build reads as empty; a write is atomic (a temporary file renamed
over the old one), and a folder that cannot be written costs only the next run's work.
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
