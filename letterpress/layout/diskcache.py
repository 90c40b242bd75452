"""Set paragraphs kept on disk between runs, so a warm build does no line layout at all.

Setting a paragraph is pure: the same runs, faces, size, measure and alignment give the same lines.
The key is a hash of all of them and of the font set's content; the store is named after a hash of
the layout and render code (so a change to either can never serve stale lines or stale PDF text).
A missing, damaged or foreign entry is simply set again.

Entries live in a :class:`letterpress.cache.Store` (one SQLite file) named after that version.
Values are nested tuples in ``marshal`` form, which reads back several times faster than JSON
(benchmarks/design_costs.py) and already as tuples; its format is tied to the Python version, which is part of the key.
"""
from __future__ import annotations

import hashlib
import marshal
import os
import sys
from pathlib import Path

from ..cache.memo import Memo, memoized
from ..fonts.face import FontSet, PreparedFace
from .bidi import icu_version
from .types import DRAWN, GlyphRun, Line, Run

_FORMAT = 4  # 2: marshal; 3: with the renderer's memo; 4: direction and ActualText spans


@memoized(maxsize=1)
def _code_version() -> str:
    """What the cached values depend on besides their key: the code that sets lines, and the
    renderer whose memo of each line is kept with it."""
    digest = hashlib.sha256(f"{_FORMAT}/{sys.version_info[:2]}/{marshal.version}".encode())
    package = Path(__file__).parents[1]
    for path in sorted((package / "layout").glob("*.py")) + sorted((package / "render").glob("*.py")):
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


_registered = False  # whether flush() is registered with letterpress.cache.flush


def _store():
    """The line store of the current cache context, or None when the line cache is off (a store
    that cannot be opened misses every read and drops every write)."""
    global _registered
    if os.environ.get("LETTERPRESS_LAYOUT_CACHE", "1") == "0":
        return None
    from ..cache import at_flush, current

    if not _registered:
        at_flush(flush)
        _registered = True
    return current().store("lines", _code_version())


def key(runs: tuple[Run, ...], fonts: FontSet, size: float, width: float, align: str, indent: float,
        kashida: bool = False) -> str:
    """The entry of a paragraph. One that ICU sets (bidi levels, dictionary breaks) names ICU's
    version too: a new ICU may resolve levels or find words differently."""
    from .segmenter import needs_icu

    icu = needs_icu(runs)
    payload = marshal.dumps((tuple((r.text, r.language, r.style) for r in runs), fonts.key, size, width, align,
                             indent) + ((icu_version(),) if icu else ()) + (("kashida",) if kashida else ()))
    return hashlib.sha256(payload).hexdigest()[:32]


def _faces(fonts: FontSet) -> dict[str, PreparedFace]:
    table = _FACES_BY_ID.get(fonts.key)
    if table is None:
        table = _FACES_BY_ID.put(fonts.key, {_face_id(face): face for chain in fonts.chains.values() for face in chain})
    return table


_FACES_BY_ID: Memo[str, dict[str, PreparedFace]] = Memo("the faces of a font set, by their id in the line cache", 16)


def _face_id(face: PreparedFace) -> str:
    return f"{face.key}/{int(face.synthetic_bold)}/{face.language}"


def load(entry: str, fonts: FontSet) -> tuple[Line, ...] | None:
    store = _store()
    value = store.get(entry) if store is not None else None
    if value is None:
        return None
    try:
        faces = _faces(fonts)
        lines = []
        for runs, width, ascent, descent, last, direction, drawn in marshal.loads(value):
            line = Line(tuple(GlyphRun(faces[run[0]], *run[1:]) for run in runs), width, ascent, descent, last,
                        direction)
            if drawn is not None:
                line.__dict__[DRAWN] = drawn
            lines.append(line)
    except (ValueError, KeyError, IndexError, TypeError, EOFError):
        return None
    lines = tuple(lines)
    if not _drawn(lines):
        _remember_undrawn(entry, lines)
    return lines


_pending: list[tuple[str, tuple[Line, ...]]] = []  # entries set by this process, not yet written
_PENDING_MAX = 512
# Entries on disk without the renderer's memo (set by a process that did not draw them, such as
# the batch's preflight): written again once drawn here, so later runs neither set nor encode them.
_undrawn: dict[str, tuple[Line, ...]] = {}
_UNDRAWN_MAX = 4096  # some paragraphs are only measured, never drawn: forget the oldest


def store(entry: str, lines: tuple[Line, ...]) -> None:
    """Keep the lines for the next run: written with others at :func:`letterpress.cache.flush`
    (one short transaction for a copy's few hundred paragraphs, so the batch's worker processes
    do not wait on each other's writes). Written after the copy is drawn, each line goes with
    the renderer's memo of it."""
    store = _store()
    if store is None or not store.available:
        return
    _pending.append((entry, lines))
    if len(_pending) >= _PENDING_MAX:
        flush()


def _drawn(lines: tuple[Line, ...]) -> bool:
    return all(DRAWN in line.__dict__ for line in lines)


def _remember_undrawn(entry: str, lines: tuple[Line, ...]) -> None:
    _undrawn[entry] = lines
    if len(_undrawn) > _UNDRAWN_MAX:
        del _undrawn[next(iter(_undrawn))]


def _encoded(lines: tuple[Line, ...]) -> bytes:
    return marshal.dumps(tuple(
        (tuple((_face_id(r.face), r.size, r.x, r.glyphs, r.advances, r.offsets, r.texts, r.actual_texts)
               for r in line.runs),
         line.width, line.ascent, line.descent, line.last, line.direction, line.__dict__.get(DRAWN)) for line in lines))


def _rows(entries: list[tuple[str, tuple[Line, ...]]]) -> list[tuple[str, bytes]]:
    rows = []
    for entry, lines in entries:
        try:
            rows.append((entry, _encoded(lines)))
        except ValueError:  # not plain values: not kept
            continue
    return rows


def flush() -> None:
    """Write the lines set since the last flush, and those read without the renderer's memo
    that have been drawn since (replacing the memo-less entry)."""
    store = _store()
    if store is None:
        return
    complete = [(entry, lines) for entry, lines in _pending if _drawn(lines)]
    undrawn = [(entry, lines) for entry, lines in _pending if not _drawn(lines)]
    _pending.clear()
    complete += [(entry, _undrawn.pop(entry)) for entry in [e for e, lines in _undrawn.items() if _drawn(lines)]]
    for entry, lines in undrawn:
        _remember_undrawn(entry, lines)
    if undrawn:
        store.put(_rows(undrawn))
    if complete:
        store.put(_rows(complete), replace=True)
