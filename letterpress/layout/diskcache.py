"""Set paragraphs kept on disk between runs, so a warm build does no line layout at all.

Setting a paragraph is pure: the same runs, faces, size, measure and alignment give the same lines.
The key is a hash of all of them, of the font set's content and of the layout code; the store is
named after that code's version too (so a change to it can never serve stale lines). A missing,
damaged or foreign entry is simply set again. Each line's :attr:`Line.key` is the key of the
paragraph it was set for and its number, kept with it: a paragraph set on one line and kept under
another measure too (:func:`letterpress.layout.set_paragraph`) keeps its lines' keys.

Entries live in a :class:`letterpress.cache.Store` (one SQLite file) named after that version.
Values are nested tuples in ``marshal`` form, which reads back several times faster than JSON
(benchmarks/design_costs.py) and already as tuples; its format is tied to the Python version, which is part of the key.
"""
from __future__ import annotations

import hashlib
import marshal
import os
from math import copysign
from pathlib import Path

from ..cache.code import code_digest
from ..cache.context import CacheContext, at_flush, given
from ..cache.memo import Memo, memoized
from ..cache.seal import MARSHAL
from ..fonts.face import FontSet, PreparedFace
from ..text import Run
from .bidi import icu_version
from .types import ON_PEN, GlyphRun, Line

_FORMAT = 7  # 2: marshal; 3: with the renderer's memo; 4: direction and ActualText spans; 5: no renderer's memo;
# 6: with the natural width of a paragraph set on one line; 7: a run's zero offsets and one-character texts in short


@memoized(maxsize=1)
def _code_version() -> str:
    """What the cached values depend on besides their key: the code that sets lines (layout's
    modules, by content), the entry format, Python's version and marshal's."""
    return f"{code_digest(Path(__file__).parent, recursive=False)}-{_FORMAT}-{MARSHAL}"


def version() -> str:
    """The version of the line store's entries (:func:`encoded` included): a store that keeps lines
    in that form (the signatory blocks of :mod:`letterpress.typeset`) names it in its own."""
    return _code_version()


def enabled() -> bool:
    """Whether set lines are kept between runs (``LETTERPRESS_LAYOUT_CACHE=0`` turns it off)."""
    return os.environ.get("LETTERPRESS_LAYOUT_CACHE", "1") != "0"


_line_stores: dict = {}  # cache context -> its line store: asked for every paragraph


def _store(cache: CacheContext | None):
    """The line store of ``cache`` (the environment's when None), or None when the line cache is
    off (a store that cannot be opened misses every read and drops every write)."""
    if not enabled():
        return None
    context = given(cache)
    found = _line_stores.get(context)
    if found is None:
        at_flush(flush)
        if len(_line_stores) >= 8:  # a process that makes many contexts (tests): not kept forever
            _line_stores.clear()
        found = _line_stores[context] = context.store("lines", _code_version())
    return found


def key(runs: tuple[Run, ...], fonts: FontSet, size: float, width: float, align: str, indent: float,
        kashida: bool = False) -> str:
    """The entry of a paragraph. One that ICU sets (bidi levels, dictionary breaks) names ICU's
    version too: a new ICU may resolve levels or find words differently."""
    from .segmenter import needs_icu

    icu = needs_icu(runs)
    payload = marshal.dumps((tuple((r.text, r.language, r.style) for r in runs), fonts.key, size, width, align,
                             indent, _code_version()) + ((icu_version(),) if icu else ()) + (("kashida",) if kashida else ()))
    return hashlib.sha256(payload).hexdigest()[:32]


def keyed(lines: tuple[Line, ...], entry: str) -> tuple[Line, ...]:
    """The paragraph's lines, each with its content key (:attr:`Line.key`): ``entry`` and its number."""
    return tuple(Line(line.runs, line.width, line.ascent, line.descent, line.last, line.direction, f"{entry}.{index}")
                 for index, line in enumerate(lines))


def _faces(fonts: FontSet) -> dict[str, PreparedFace]:
    table = _FACES_BY_ID.get(fonts.key)
    if table is None:
        table = _FACES_BY_ID.put(fonts.key, {_face_id(face): face for chain in fonts.chains.values() for face in chain})
    return table


_FACES_BY_ID: Memo[str, dict[str, PreparedFace]] = Memo("the faces of a font set, by their id in the line cache", 16)


def _face_id(face: PreparedFace) -> str:
    return f"{face.key}/{int(face.synthetic_bold)}/{face.language}"


def load(entry: str, fonts: FontSet, cache: CacheContext | None = None) -> tuple[tuple[Line, ...], float | None] | None:
    """The paragraph's lines kept under ``entry`` in ``cache``'s line store, and its natural width
    when it was set on one line because it fits (else None); None when not kept."""
    store = _store(cache)
    value = store.get(entry) if store is not None else None
    if value is None:
        return None
    try:
        natural, lines = marshal.loads(value)
        return decoded(lines, fonts), natural
    except (ValueError, KeyError, IndexError, TypeError, EOFError):
        return None


def encoded(lines: tuple[Line, ...]) -> tuple:
    """The lines as plain values (``marshal`` can write them), each face by its id (:func:`decoded`
    finds it again in the font set). A run's offsets are () when every glyph's is (0.0, 0.0), and its
    texts one string when each glyph stands for one character (most runs): a warm build reads every
    glyph of its copies back, and each object per glyph is one more for marshal to make."""
    return tuple((tuple((_face_id(r.face), r.size, r.x, r.glyphs, r.advances, _short_offsets(r), _short_texts(r.texts),
                         r.actual_texts) for r in line.runs),
                  line.width, line.ascent, line.descent, line.last, line.direction, line.key) for line in lines)


def _short_offsets(run: GlyphRun) -> tuple:
    offsets = run.offsets
    if len(offsets) != len(run.glyphs):
        return offsets
    # Shaping gives every glyph on the pen the one ON_PEN tuple: asked by identity first, in C; other
    # zero offsets are asked value by value, +0.0 only (a -0.0 is written as such).
    if set(map(id, offsets)) == {id(ON_PEN)} or all(
            dx == 0.0 and dy == 0.0 and copysign(1.0, dx) == copysign(1.0, dy) == 1.0 for dx, dy in offsets):
        return ()
    return offsets


def _short_texts(texts: tuple[str, ...]) -> tuple[str, ...] | str:
    # each text one character: as many characters as texts, none of them empty
    joined = "".join(texts)
    return joined if len(joined) == len(texts) and "" not in texts else texts


def decoded(value: tuple, fonts: FontSet) -> tuple[Line, ...]:
    """The lines :func:`encoded` gave ``value`` for, with ``fonts``' faces (KeyError: a face it lacks;
    ValueError, IndexError, TypeError: not such a value)."""
    faces = _faces(fonts)
    return tuple(Line(tuple(GlyphRun(faces[face], size, x, glyphs, advances, offsets or (ON_PEN,) * len(glyphs),
                                     tuple(texts) if texts.__class__ is str else texts, actual)
                            for face, size, x, glyphs, advances, offsets, texts, actual in runs),
                      width, ascent, descent, last, direction, key)
                 for runs, width, ascent, descent, last, direction, key in value)


# entries set by this process, not yet written, by the store they go to
_pending: dict[object, list[tuple[str, tuple[Line, ...], float | None]]] = {}
_PENDING_MAX = 512


def store(entry: str, lines: tuple[Line, ...], natural: float | None, cache: CacheContext | None = None) -> None:
    """Keep the lines (and ``natural``, the paragraph's natural width when it was set on one line
    because it fits) for the next run, in ``cache``'s line store: written with others at
    :func:`letterpress.cache.flush` (one short transaction for a copy's few hundred paragraphs, so
    the batch's worker processes do not wait on each other's writes)."""
    store = _store(cache)
    if store is None or not store.available:
        return
    pending = _pending.setdefault(store, [])
    pending.append((entry, lines, natural))
    if len(pending) >= _PENDING_MAX:
        flush()


def _encoded(lines: tuple[Line, ...], natural: float | None) -> bytes:
    return marshal.dumps((natural, encoded(lines)))


def flush() -> None:
    """Write the lines set since the last flush."""
    while _pending:
        store, pending = _pending.popitem()
        rows = []
        for entry, lines, natural in pending:
            try:
                rows.append((entry, _encoded(lines, natural)))
            except ValueError:  # not plain values: not kept
                continue
        store.put(rows)
