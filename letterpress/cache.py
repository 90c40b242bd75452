"""Where letterpress keeps what is expensive to recompute: the font index, prepared faces,
parsed hyphenation patterns, parsed YAML, set lines and CLDR values.

``LETTERPRESS_CACHE_DIR`` wins; otherwise the platform's user cache folder
(``$XDG_CACHE_HOME/letterpress`` on Linux).  Files are written under a temporary
name and renamed, and many small entries go into a :class:`Store`, so concurrent
builds never read half an entry.  Deleting the folder only costs speed.

Every entry is stored *sealed*: with a checksum of its bytes, checked on every read (:func:`seal`,
:func:`unseal`). An entry that fails the check (flipped bits, a truncated file, another program's
bytes) is dropped and computed again, with a one-line warning: a damaged cache must never change
what is printed, nor be blamed on the user's input. A cache folder that cannot be read or written
(read-only, full, a file where the folder belongs) is no cache for this run, with one warning:
never an error, and the output bytes are the same.
"""
from __future__ import annotations

import os
import sqlite3
import sys
import zlib
from pathlib import Path
from typing import Callable, Iterable

from .atomic import atomic_write

_MAGIC = b"LPc2"  # entries written before entries were sealed lack it: a silent miss, not damage
_SEAL = 8  # a CRC-32 and the length of the data after the magic: a damaged entry is found, not used
_warned: set[str] = set()  # one warning per kind of trouble per process (forked workers inherit it)


def warn(kind: str, message: str) -> None:
    """Print a cache warning once per ``kind`` in this process: caches only cost speed, so their
    trouble is a warning on stderr, never an error."""
    if kind in _warned:
        return
    _warned.add(kind)
    try:
        print(f"warning: {message}", file=sys.stderr, flush=True)
    except (OSError, ValueError):
        pass


def seal(data: bytes) -> bytes:
    """``data`` with its checksum and length in front, as every cache entry is stored.

    CRC-32 rather than a cryptographic hash: the cache is the user's own, and what it must catch
    is damage (flipped bits, a torn write, a truncated file), which CRC-32 misses once in 4 billion;
    it is several times cheaper than BLAKE2b, and a warm build reads a thousand entries.
    """
    return _MAGIC + zlib.crc32(data).to_bytes(4, "big") + len(data).to_bytes(4, "big") + data


def unseal(stored: bytes | None, where: str = "cache") -> bytes | None:
    """The data of a sealed entry, or None (with a warning) when the entry is damaged."""
    if stored is None or not stored.startswith(_MAGIC):
        return None
    start = len(_MAGIC) + _SEAL
    data = stored[start:]
    if (len(stored) < start or int.from_bytes(stored[start - 4:start], "big") != len(data)
            or zlib.crc32(data) != int.from_bytes(stored[len(_MAGIC):start - 4], "big")):
        warn("damaged", f"damaged cache entries (first: {where}) were dropped and will be rebuilt")
        return None
    return data


def unusable(path: Path, exc: BaseException) -> None:
    """Warn (once) that the cache cannot be used this run."""
    reason = getattr(exc, "strerror", None) or str(exc)
    warn("unusable", f"the cache cannot be used ({path}: {reason}); building without it (slower, same "
                     "output). Fix: make the folder writable, or set LETTERPRESS_CACHE_DIR to another folder")


def read_entry(path: Path) -> bytes | None:
    """A sealed cache file's data; None when it is missing, unreadable or damaged (a damaged file
    is removed, so that it is written again)."""
    try:
        stored = path.read_bytes()
    except FileNotFoundError:
        return None
    except OSError as exc:
        if not isinstance(exc, (NotADirectoryError, IsADirectoryError)) or path.parent.is_dir():
            unusable(path, exc)
        return None
    data = unseal(stored, path.name)
    if data is None:
        try:
            path.unlink()
        except OSError:
            pass
    return data


def write_entry(path: Path, data: bytes) -> None:
    """Store ``data`` sealed in a cache file; a cache that cannot be written is warned about once."""
    try:
        write_atomic(path, seal(data))
    except OSError as exc:
        unusable(path, exc)


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
    try:
        path.mkdir(parents=True, exist_ok=True)
    except OSError as exc:  # no cache this run: reads miss and writes are dropped, with one warning
        unusable(path, exc)
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
    (benchmarks/design_costs.py); SQLite also lets the worker processes write at once. Each process
    (a forked worker too) opens its own connection. Nothing here can fail a build: a missing or
    unwritable store only misses, and its writes are dropped (with one warning); a damaged entry is
    deleted, a damaged file started afresh.
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
                self._remove(path)
            try:
                database = self._open(path)
            except sqlite3.DatabaseError as exc:
                if isinstance(exc, sqlite3.OperationalError):
                    raise
                # not a database any more (damaged): started afresh
                warn("damaged", f"damaged cache entries (first: {path.name}) were dropped and will be rebuilt")
                self._remove(path)
                database = self._open(path)
        except (OSError, sqlite3.Error) as exc:
            unusable(cache_dir() / self.file_name, exc)
            database = None
        self._connection = (owner, database)
        return database

    @staticmethod
    def _open(path: Path) -> sqlite3.Connection:
        database = sqlite3.connect(path, timeout=30, isolation_level=None, check_same_thread=False)
        try:
            database.execute("PRAGMA journal_mode=WAL")
            database.execute("PRAGMA synchronous=OFF")  # a lost entry is only computed again
            database.execute("CREATE TABLE IF NOT EXISTS entries (key TEXT PRIMARY KEY, value BLOB)")
        except sqlite3.Error:
            database.close()
            raise
        return database

    @staticmethod
    def _remove(path: Path) -> None:
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)

    def _damaged(self) -> None:
        """The file is damaged past one entry (SQLite says so): drop it; this run goes on without
        it, the next one starts it afresh."""
        warn("damaged", f"damaged cache entries (first: {self.file_name}) were dropped and will be rebuilt")
        if self._connection is not None and self._connection[1] is not None:
            try:
                self._connection[1].close()
            except sqlite3.Error:
                pass
            self._connection = (self._connection[0], None)
        try:
            self._remove(cache_dir() / self.file_name)
        except OSError:
            pass

    @property
    def available(self) -> bool:
        return self._database() is not None

    def get(self, key: str) -> bytes | None:
        database = self._database()
        if database is None:
            return None
        try:
            row = database.execute("SELECT value FROM entries WHERE key = ?", (key,)).fetchone()
        except sqlite3.OperationalError:  # busy, locked: a miss
            return None
        except sqlite3.Error:
            self._damaged()
            return None
        if row is None:
            return None
        data = unseal(row[0] if isinstance(row[0], bytes) else b"", self.file_name)
        if data is None:
            try:
                database.execute("DELETE FROM entries WHERE key = ?", (key,))
            except sqlite3.Error:
                pass
        return data

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
                database.executemany(f"{verb} INTO entries VALUES (?, ?)",
                                     ((key, seal(value)) for key, value in rows))
            finally:
                database.execute("COMMIT")
        except sqlite3.OperationalError as exc:  # read-only, full, busy: dropped
            unusable(cache_dir() / self.file_name, exc)
        except sqlite3.Error:
            self._damaged()
