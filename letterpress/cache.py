"""Where letterpress keeps what is expensive to recompute: the font index, prepared faces,
parsed hyphenation patterns, parsed YAML, set lines and CLDR values.

``LETTERPRESS_CACHE_DIR`` wins; otherwise the platform's user cache folder
(``$XDG_CACHE_HOME/letterpress`` on Linux).  Files are written under a temporary
name and renamed, and many small entries go into a :class:`Store`, so concurrent
builds never read half an entry.  Deleting the folder only costs speed.
"""
from __future__ import annotations

import os
import sqlite3
import sys
from pathlib import Path
from typing import Callable, Iterable

from .atomic import atomic_write


def cache_dir() -> Path:
    explicit = os.environ.get("LETTERPRESS_CACHE_DIR")
    if explicit:
        path = Path(explicit)
    elif sys.platform == "darwin":
        path = Path.home() / "Library" / "Caches" / "letterpress"
    elif os.name == "nt":
        path = Path(os.environ.get("LOCALAPPDATA", Path.home() / "AppData" / "Local")) / "letterpress" / "Cache"
    else:
        path = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "letterpress"
    path.mkdir(parents=True, exist_ok=True)
    return path


_flushes: list[Callable[[], None]] = []  # what flush() writes: entries kept back by each cache


def at_flush(write: Callable[[], None]) -> None:
    """Have :func:`flush` call ``write`` (once per registration)."""
    if write not in _flushes:
        _flushes.append(write)


def flush() -> None:
    """Write what the caches of this process have kept back.

    Caches gather their new entries and write them together, once a copy is written (and before
    worker processes are forked, so no worker writes the parent's entries again): one write per
    copy instead of one per entry, which in a cold build had cost more than the entries saved.
    """
    for write in _flushes:
        write()


def write_atomic(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    atomic_write(path, data)


class Store:
    """A key -> bytes table in one SQLite file of the cache folder, shared by a batch's processes.

    One file rather than a file per entry: a cold build stores hundreds of entries, and an atomic
    file write (temporary file, rename) costs an order of magnitude more than a WAL-mode insert
    (benchmarks/design_costs.py); SQLite also lets the worker processes write at once. Each process (a forked worker too) opens
    its own connection. Nothing here can fail a build: a missing, damaged or unwritable store only
    misses, and its writes are dropped.
    """

    # a store bigger than this is started afresh rather than grown without end
    MAX_BYTES = 256 * 1024 * 1024

    def __init__(self, file_name: str, *, stale: str | None = None):
        self.file_name = file_name
        self.stale = stale  # a glob of the files older versions of this store wrote, to delete
        self._connection: tuple[tuple, sqlite3.Connection | None] | None = None
        self._later: list[tuple[str, bytes]] = []

    def _database(self) -> sqlite3.Connection | None:
        # per process (a forked worker opens its own) and per cache folder (tests change it)
        owner = (os.getpid(), os.environ.get("LETTERPRESS_CACHE_DIR"))
        if self._connection is not None and self._connection[0] == owner:
            return self._connection[1]
        database = None
        try:
            path = cache_dir() / self.file_name
            if self.stale:
                for other in path.parent.glob(self.stale):
                    if not other.name.startswith(path.name):
                        other.unlink(missing_ok=True)
            if path.exists() and path.stat().st_size > self.MAX_BYTES:
                path.unlink()
            database = sqlite3.connect(path, timeout=30, isolation_level=None, check_same_thread=False)
            database.execute("PRAGMA journal_mode=WAL")
            database.execute("PRAGMA synchronous=OFF")  # a lost entry is only computed again
            database.execute("CREATE TABLE IF NOT EXISTS entries (key TEXT PRIMARY KEY, value BLOB)")
        except (OSError, sqlite3.Error):
            database = None
        self._connection = (owner, database)
        return database

    @property
    def available(self) -> bool:
        return self._database() is not None

    def get(self, key: str) -> bytes | None:
        database = self._database()
        if database is None:
            return None
        try:
            row = database.execute("SELECT value FROM entries WHERE key = ?", (key,)).fetchone()
        except sqlite3.Error:
            return None
        return None if row is None else row[0]

    def put_later(self, key: str, value: bytes) -> None:
        """Store an entry at the next :func:`flush`."""
        self._later.append((key, value))
        at_flush(self._write_later)

    def _write_later(self) -> None:
        if self._later:
            self.put(self._later)
            self._later = []

    def put(self, rows: Iterable[tuple[str, bytes]], *, replace: bool = False) -> None:
        """Store entries in one short transaction; an existing key keeps its value unless
        ``replace`` (for a value that completes the one stored)."""
        database = self._database()
        if database is None:
            return
        try:
            database.execute("BEGIN")
            try:
                verb = "INSERT OR REPLACE" if replace else "INSERT OR IGNORE"
                database.executemany(f"{verb} INTO entries VALUES (?, ?)", rows)
            finally:
                database.execute("COMMIT")
        except sqlite3.Error:
            pass
