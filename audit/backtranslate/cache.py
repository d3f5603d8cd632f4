"""On-disk translation cache (SQLite): a re-run translates nothing, a killed run resumes.

One row per (model key, sentence), where the model key already folds in the package id,
version, a content hash of its files, the direction and the decoding options (see
``engine.model_key``). Rows are written one transaction per translated batch, in WAL mode,
so a process killed mid-run loses at most the batch in flight and never corrupts the file.
"""

from __future__ import annotations

import hashlib
import logging
import os
import sqlite3
import time
from pathlib import Path
from typing import Iterable, Mapping

log = logging.getLogger("audit.backtranslate")

CACHE_FILE = "backtranslate.sqlite3"
SCHEMA_VERSION = "1"
_CHUNK = 500  # keys per SELECT (SQLite's variable limit is 999 on old builds)


def default_cache_dir() -> Path:
    """``$XDG_CACHE_HOME/audit`` (``~/.cache/audit`` when unset)."""
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "audit"


def entry_key(model_key: str, sentence: str) -> str:
    return hashlib.sha256(f"{model_key}\x1f{sentence}".encode("utf-8", "surrogatepass")).hexdigest()


class TranslationCache:
    """A small key → translation store; every failure degrades to "not cached", never raises."""

    def __init__(self, path: Path):
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._db = sqlite3.connect(self.path, timeout=30.0, isolation_level=None)
        try:
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.execute("PRAGMA synchronous=NORMAL")
            self._db.execute(
                "CREATE TABLE IF NOT EXISTS translations ("
                " key TEXT PRIMARY KEY, model TEXT NOT NULL, output TEXT NOT NULL,"
                " created REAL NOT NULL) WITHOUT ROWID")
            self._db.execute("CREATE TABLE IF NOT EXISTS meta (name TEXT PRIMARY KEY, value TEXT)")
            self._db.execute("INSERT OR IGNORE INTO meta VALUES ('schema', ?)", (SCHEMA_VERSION,))
        except sqlite3.Error:
            self._db.close()
            raise

    def get_many(self, keys: Iterable[str]) -> dict[str, str]:
        keys = list(keys)
        found: dict[str, str] = {}
        try:
            for i in range(0, len(keys), _CHUNK):
                chunk = keys[i:i + _CHUNK]
                marks = ",".join("?" * len(chunk))
                found.update(self._db.execute(
                    f"SELECT key, output FROM translations WHERE key IN ({marks})", chunk))
        except sqlite3.Error as exc:
            log.warning("translation cache %s unreadable, translating anew: %s", self.path, exc)
        return found

    def put_many(self, model_id: str, items: Mapping[str, str]) -> None:
        """Store one batch in a single transaction (the unit a killed run can lose)."""
        if not items:
            return
        now = time.time()
        try:
            with self._db:
                self._db.execute("BEGIN IMMEDIATE")
                self._db.executemany(
                    "INSERT OR REPLACE INTO translations VALUES (?, ?, ?, ?)",
                    [(key, model_id, output, now) for key, output in items.items()])
        except sqlite3.Error as exc:
            log.warning("translation cache %s not written: %s", self.path, exc)

    def __len__(self) -> int:
        return self._db.execute("SELECT COUNT(*) FROM translations").fetchone()[0]

    def close(self) -> None:
        try:
            self._db.close()
        except sqlite3.Error:
            pass


def open_cache(path: Path) -> TranslationCache | None:
    """The cache at ``path``, or None (with a warning) when it cannot be used."""
    try:
        return TranslationCache(path)
    except (OSError, sqlite3.Error) as exc:
        log.warning("translation cache %s unusable, running without it: %s", path, exc)
        return None
