"""Set paragraphs kept on disk between runs, so a warm build does no line layout at all.

Setting a paragraph is pure: the same runs, faces, size, measure and alignment give the same lines.
The key is a hash of all of them, of the font set's content and of this package's own source (so a
change to the layout code can never serve stale lines). A missing, damaged or foreign entry is
simply set again.

Entries live in one SQLite file (stdlib ``sqlite3``) rather than a file each: a cold build stores
about a thousand paragraphs, and an atomic file write (temporary file, rename) cost ~0.4 ms each,
where a WAL-mode insert costs ~25 us. SQLite also lets the batch's worker processes write at once.
Values are nested tuples in ``marshal`` form, which reads back 3-4 times faster than JSON and
already as tuples; its format is tied to the Python version, which is part of the key.
"""
from __future__ import annotations

import hashlib
import marshal
import os
import sqlite3
import sys
from functools import cache
from pathlib import Path

from ..fonts.face import FontSet, PreparedFace
from .types import DRAWN, GlyphRun, Line, Run

_FORMAT = 3  # 2: marshal; 3: with the renderer's memo


@cache
def _code_version() -> str:
    """What the cached values depend on besides their key: the code that sets lines, and the
    renderer whose memo of each line is kept with it."""
    digest = hashlib.sha256(f"{_FORMAT}/{sys.version_info[:2]}/{marshal.version}".encode())
    package = Path(__file__).parents[1]
    for path in sorted((package / "layout").glob("*.py")) + sorted((package / "render").glob("*.py")):
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


# A cache bigger than this is started afresh rather than grown without end.
_MAX_BYTES = 256 * 1024 * 1024
_connection: tuple[int, sqlite3.Connection | None] | None = None  # (pid, connection) of this process


def _path() -> Path | None:
    if os.environ.get("LETTERPRESS_LAYOUT_CACHE", "1") == "0":
        return None
    from ..cache import cache_dir

    return cache_dir() / f"lines-{_code_version()}.sqlite"


def _database() -> sqlite3.Connection | None:
    """This process's connection (a forked worker opens its own), or None when there is no cache."""
    global _connection
    if _connection is not None and _connection[0] == os.getpid():
        return _connection[1]
    path = _path()
    database = None
    if path is not None:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            _remove_stale(path)
            if path.exists() and path.stat().st_size > _MAX_BYTES:
                path.unlink()
            database = sqlite3.connect(path, timeout=30, isolation_level=None, check_same_thread=False)
            database.execute("PRAGMA journal_mode=WAL")
            database.execute("PRAGMA synchronous=OFF")  # a lost entry is only set again
            database.execute("CREATE TABLE IF NOT EXISTS lines (key TEXT PRIMARY KEY, value BLOB)")
        except (OSError, sqlite3.Error):
            database = None  # an unwritable or damaged cache only costs speed
    _connection = (os.getpid(), database)
    return database


def _remove_stale(current: Path) -> None:
    """Caches written by other versions of the layout code can never be read again: remove them."""
    import shutil

    for other in current.parent.glob("lines-*.sqlite*"):
        if not other.name.startswith(current.name):
            other.unlink(missing_ok=True)
    shutil.rmtree(current.parent / "lines", ignore_errors=True)  # the one-file-per-paragraph cache


def key(runs: tuple[Run, ...], fonts: FontSet, size: float, width: float, align: str, indent: float) -> str:
    payload = marshal.dumps((tuple((r.text, r.language, r.style) for r in runs), fonts.key, size, width, align,
                             indent))
    return hashlib.sha256(payload).hexdigest()[:32]


def _faces(fonts: FontSet) -> dict[str, PreparedFace]:
    table = fonts.__dict__.get("_faces_by_id")
    if table is None:
        table = {_face_id(face): face for chain in fonts.chains.values() for face in chain}
        fonts.__dict__["_faces_by_id"] = table
    return table


def _face_id(face: PreparedFace) -> str:
    return f"{face.key}/{int(face.synthetic_bold)}/{face.language}"


def load(entry: str, fonts: FontSet) -> tuple[Line, ...] | None:
    database = _database()
    if database is None:
        return None
    try:
        row = database.execute("SELECT value FROM lines WHERE key = ?", (entry,)).fetchone()
        if row is None:
            return None
        faces = _faces(fonts)
        lines = []
        for runs, width, ascent, descent, last, drawn in marshal.loads(row[0]):
            line = Line(tuple(GlyphRun(faces[run[0]], *run[1:]) for run in runs), width, ascent, descent, last)
            if drawn is not None:
                line.__dict__[DRAWN] = drawn
            lines.append(line)
        return tuple(lines)
    except (sqlite3.Error, ValueError, KeyError, IndexError, TypeError, EOFError):
        return None


_pending: list[tuple[str, tuple[Line, ...]]] = []  # entries set by this process, not yet written
_PENDING_MAX = 512


def store(entry: str, lines: tuple[Line, ...]) -> None:
    """Keep the lines for the next run: written with others by :func:`flush` (one transaction
    for a copy's few hundred paragraphs instead of one each, and a short one, so the batch's
    worker processes do not wait on each other's writes). Written after the copy is drawn, each
    line goes with the renderer's memo of it."""
    if _database() is None:
        return
    _pending.append((entry, lines))
    if len(_pending) >= _PENDING_MAX:
        flush()


def _encoded(lines: tuple[Line, ...]) -> bytes:
    return marshal.dumps(tuple(
        (tuple((_face_id(r.face), r.size, r.x, r.glyphs, r.advances, r.offsets, r.texts) for r in line.runs),
         line.width, line.ascent, line.descent, line.last, line.__dict__.get(DRAWN)) for line in lines))


def flush() -> None:
    """Write the lines set since the last flush."""
    database = _database()
    if database is None or not _pending:
        _pending.clear()
        return
    rows = []
    for entry, lines in _pending:
        try:
            rows.append((entry, _encoded(lines)))
        except ValueError:  # not plain values: not kept
            continue
    try:
        database.execute("BEGIN")
        try:
            database.executemany("INSERT OR IGNORE INTO lines VALUES (?, ?)", rows)
        finally:
            database.execute("COMMIT")
    except sqlite3.Error:
        pass  # a read-only or busy cache only costs speed
    _pending.clear()
