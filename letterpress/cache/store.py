"""The one store interface: every cache on disk is a :class:`Store`, sealed entries in one SQLite
file per cache and version.

SQLite's transactions (in WAL mode) let the processes of a batch, and concurrent builds, read and
add entries at once, and no reader ever sees half an entry. Every entry is sealed (:mod:`.seal`):
a damaged one is dropped, with one warning, and computed again.
"""
from __future__ import annotations

import os
import sqlite3
import time
import weakref
from pathlib import Path
from typing import Iterable

try:
    import fcntl
except ImportError:  # Windows: damaged files are replaced without a lock
    fcntl = None  # type: ignore[assignment]

from .context import at_flush, current
from .seal import damaged, seal, unseal, unusable

_OPEN_ATTEMPTS = 20  # a new store refused while another process switches it to WAL: tried again
# What SQLite can raise. Its message about a damaged schema ("malformed database schema (...)")
# quotes the file's own bytes, and when they are not UTF-8 Python raises UnicodeDecodeError in
# place of the sqlite3.DatabaseError: that too is a damaged file, never a failed build.
_ERRORS = (sqlite3.Error, UnicodeDecodeError)
_DAMAGED = (sqlite3.DatabaseError, UnicodeDecodeError)


def _replaced(exc: sqlite3.Error) -> bool:
    """Whether SQLite failed because the file was deleted or replaced under this connection: another
    process of the batch dropped it as damaged (SQLITE_IOERR_*, SQLITE_READONLY_DBMOVED)."""
    code = getattr(exc, "sqlite_errorcode", None)
    return code is not None and (code & 0xFF == 10 or code == 1032)


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

    def __init__(self, file_name: str, *, stale: str | tuple[str, ...] = (), folder: Path | None = None):
        self.file_name = file_name
        # globs of what older versions of this store left, to delete
        self.stale = (stale,) if isinstance(stale, str) else stale
        self.folder = folder  # None: the folder of the current cache context, when first opened
        self._connection: tuple[tuple, sqlite3.Connection | None] | None = None
        self._later: list[tuple[str, bytes]] = []
        self._inode = 0  # of the file the connection opened: another process may replace it
        _stores.add(self)

    def _database(self) -> sqlite3.Connection | None:
        # per process (a forked worker opens its own) and per cache folder (tests change it)
        context = current() if self.folder is None else None
        folder = self.folder if context is None else context.folder
        owner = (os.getpid(), folder)
        if self._connection is not None and self._connection[0] == owner:
            return self._connection[1]
        database = None
        path = folder / self.file_name
        try:
            if context is not None:
                context.ensure()
            else:
                folder.mkdir(parents=True, exist_ok=True)
            exists = path.exists()
            if self.stale and not exists:
                # what other versions left is deleted when this version's file is made: a file that
                # is there was made so (and a warm build opens every store in every process)
                self._remove_stale(path)
            if exists and path.stat().st_size > self.MAX_BYTES:
                self._remove(path)
            try:
                database = self._open(path)
            except _DAMAGED as exc:
                if isinstance(exc, sqlite3.OperationalError):
                    raise
                database = self._open_afresh(path)
            self._inode = self._inode_of(path)
        except (OSError, *_ERRORS) as exc:
            unusable(path, exc)
            database = None
        self._connection = (owner, database)
        return database

    def _open_afresh(self, path: Path) -> sqlite3.Connection:
        """Open a store whose file is not a database any more (damaged, its schema too), started
        afresh. The processes of a batch find it damaged at once: one replaces it while the others
        wait (a lock on the damaged file), then open what it made; two replacing it in turn would
        each delete the new store the other has open, which then fails with "disk I/O error"."""
        try:
            held = os.open(path, os.O_RDONLY)
        except OSError:  # gone: replaced by another process, or removed
            held = None
        try:
            if held is not None and fcntl is not None:
                fcntl.flock(held, fcntl.LOCK_EX)
                try:
                    return self._open(path)  # replaced while this process waited
                except _DAMAGED as exc:
                    if isinstance(exc, sqlite3.OperationalError):
                        raise
            damaged(path.name)
            self._remove(path)
            return self._open(path)
        finally:
            if held is not None:
                os.close(held)  # and the lock with it

    def _remove_stale(self, path: Path) -> None:
        """Delete what other versions of this cache left (files, or a folder of an older form)."""
        import shutil

        for other in (found for pattern in self.stale for found in path.parent.glob(pattern)):
            if other.name.startswith(path.name):
                continue
            try:
                if other.is_dir() and not other.is_symlink():
                    shutil.rmtree(other)
                else:
                    other.unlink(missing_ok=True)
            except OSError:
                pass  # another process's, or not ours to delete: left alone

    def _path(self) -> Path:
        return (self.folder if self.folder is not None else current().folder) / self.file_name

    @staticmethod
    def _open(path: Path) -> sqlite3.Connection:
        # Processes opening a new store at once (a batch's workers, two builds) each want it
        # exclusively to switch it to WAL; SQLite refuses one of them at once ("database is
        # locked") rather than wait, to avoid a deadlock. That one tries again shortly, as does one
        # that opened a damaged file just as another process replaced it (a "disk I/O error").
        for attempt in range(_OPEN_ATTEMPTS):
            database = sqlite3.connect(path, timeout=30, isolation_level=None, check_same_thread=False)
            try:
                # a lost entry is only computed again: no fsync, not even for the switch to WAL,
                # which with SQLite's default (FULL) waited for the disk on every new store
                database.execute("PRAGMA synchronous=OFF")
                database.execute("PRAGMA journal_mode=WAL")
                database.execute("CREATE TABLE IF NOT EXISTS entries (key TEXT PRIMARY KEY, value BLOB)")
                return database
            except sqlite3.OperationalError as exc:
                database.close()
                if attempt + 1 == _OPEN_ATTEMPTS or not ("locked" in str(exc) or "busy" in str(exc) or _replaced(exc)):
                    raise
                time.sleep(0.005 * (attempt + 1))
            except _ERRORS:
                database.close()
                raise
        raise AssertionError("unreachable")

    @staticmethod
    def _remove(path: Path) -> None:
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)

    def _damaged(self) -> None:
        """The file is damaged past one entry (SQLite says so): drop it; this run goes on without
        it, the next one starts it afresh."""
        damaged(self.file_name)
        if self._connection is not None and self._connection[1] is not None:
            try:
                self._connection[1].close()
            except _ERRORS:
                pass
            self._connection = (self._connection[0], None)
        try:
            self._remove(self._path())
        except OSError:
            pass

    def _forget_if_replaced(self, exc: sqlite3.OperationalError) -> bool:
        """When another process dropped the file under this connection (as damaged), close it: the
        next use opens the file there now. Whether it was so."""
        if not _replaced(exc):
            return False
        if self._inode_of(self._path()) == self._inode != 0:
            return False  # the same file: a real I/O error
        self.close()
        return True

    @staticmethod
    def _inode_of(path: Path) -> int:
        try:
            return path.stat().st_ino
        except OSError:  # deleted (as damaged, by another process)
            return 0

    def close(self, folder: Path | None = None) -> None:
        """Close this process's connection (to ``folder``'s file only, when given). The last
        connection to close moves the entries from SQLite's write-ahead log into the store's file,
        so what a build leaves is one file per store; the store opens again when next used."""
        if self._connection is None:
            return
        (pid, connected_to), database = self._connection
        if pid != os.getpid() or (folder is not None and connected_to != folder):
            return
        self._connection = None
        if database is not None:
            try:
                database.close()
            except _ERRORS:
                pass

    @property
    def available(self) -> bool:
        """Whether the store could be opened (a store that cannot misses and drops writes)."""
        return self._database() is not None

    def get(self, key: str) -> bytes | None:
        """The entry stored under ``key``; None when missing, damaged (then deleted) or unreadable."""
        database = self._database()
        if database is None:
            return None
        try:
            row = database.execute("SELECT value FROM entries WHERE key = ?", (key,)).fetchone()
        except sqlite3.OperationalError as exc:  # busy, locked: a miss
            self._forget_if_replaced(exc)
            return None
        except _ERRORS:
            self._damaged()
            return None
        if row is None:
            return None
        data = unseal(row[0] if isinstance(row[0], bytes) else b"", self.file_name)
        if data is None:
            self._delete(database, key)
        return data

    def _delete(self, database: sqlite3.Connection, key: str) -> None:
        """Delete a damaged entry, so that it is written again. When SQLite cannot (its index or
        pages are damaged too: "database disk image is malformed"), the entry would stay, every
        later run would find it damaged again and never write it anew: the file is dropped."""
        try:
            database.execute("DELETE FROM entries WHERE key = ?", (key,))
        except sqlite3.OperationalError:  # busy, locked: deleted by a later run
            pass
        except _ERRORS:
            self._damaged()  # SQLite cannot delete it: the file is damaged past this entry

    def get_many(self, keys: Iterable[str]) -> dict[str, bytes]:
        """The entries stored under ``keys`` that are there and sound, read in a few queries
        (for a caller that needs hundreds at once: one query each costs more than the entry)."""
        database = self._database()
        wanted = list(dict.fromkeys(keys))
        found: dict[str, bytes] = {}
        if database is None or not wanted:
            return found
        try:
            for start in range(0, len(wanted), 500):  # SQLite's older limit is 999 parameters
                chunk = wanted[start:start + 500]
                rows = database.execute(f"SELECT key, value FROM entries WHERE key IN ({','.join('?' * len(chunk))})",
                                        chunk).fetchall()
                for key, value in rows:
                    data = unseal(value if isinstance(value, bytes) else b"", self.file_name)
                    if data is not None:
                        found[key] = data
                    else:  # damaged: deleted, so that it is written again
                        database.execute("DELETE FROM entries WHERE key = ?", (key,))
        except sqlite3.OperationalError as exc:  # busy, locked: misses
            self._forget_if_replaced(exc)
            return found
        except _ERRORS:  # the file is damaged past one entry (a DELETE SQLite refuses too)
            self._damaged()
        return found

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
            if not self._forget_if_replaced(exc):  # (dropped as damaged by another process: quietly)
                unusable(self._path(), exc)
        except _ERRORS:
            self._damaged()


_stores: "weakref.WeakSet[Store]" = weakref.WeakSet()  # every store of this process, for close_stores


def close_stores(folder: Path) -> None:
    """Close every store of this process in ``folder`` (see :meth:`Store.close`), and fold into
    its file the write-ahead log of a store only worker processes wrote (they end without closing)."""
    for store in list(_stores):
        store.close(folder)
    try:
        logs = list(folder.glob("*.sqlite-wal"))
    except OSError:
        return
    for log in logs:
        try:
            database = sqlite3.connect(log.with_name(log.name[:-len("-wal")]), timeout=0)
            try:
                # as every store's connection: no fsync (SQLite's default syncs twice per checkpoint)
                database.execute("PRAGMA synchronous=OFF")
                database.execute("PRAGMA wal_checkpoint(PASSIVE)")  # never waits: a busy store keeps its log
            finally:
                database.close()  # the last connection to close deletes the log
        except _ERRORS:
            pass
