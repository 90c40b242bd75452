"""Set paragraphs kept on disk between runs, so a warm build does no line layout at all.

Setting a paragraph is pure: the same runs, faces, size, measure and alignment give the same lines.
The key is a hash of all of them, of the font set's content and of this package's own source (so a
change to the layout code can never serve stale lines). Entries are JSON, written atomically; a
missing, damaged or foreign entry is simply set again.
"""
from __future__ import annotations

import hashlib
import json
import os
from functools import cache
from pathlib import Path

from ..fonts.face import FontSet, PreparedFace
from .types import GlyphRun, Line, Run

_FORMAT = 1


@cache
def _code_version() -> str:
    digest = hashlib.sha256(str(_FORMAT).encode())
    for path in sorted(Path(__file__).parent.glob("*.py")):
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


@cache
def _folder() -> Path | None:
    if os.environ.get("LETTERPRESS_LAYOUT_CACHE", "1") == "0":
        return None
    from ..fonts.cache import cache_dir

    return cache_dir() / "lines" / _code_version()


def key(runs: tuple[Run, ...], fonts: FontSet, size: float, width: float, align: str, indent: float) -> str:
    payload = json.dumps([[(r.text, r.language, r.style) for r in runs], fonts.key, size, width, align, indent],
                         ensure_ascii=False)
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()[:32]


def _faces(fonts: FontSet) -> dict[str, PreparedFace]:
    table = fonts.__dict__.get("_faces_by_id")
    if table is None:
        table = {_face_id(face): face for chain in fonts.chains.values() for face in chain}
        fonts.__dict__["_faces_by_id"] = table
    return table


def _face_id(face: PreparedFace) -> str:
    return f"{face.key}/{int(face.synthetic_bold)}/{face.language}"


def load(entry: str, fonts: FontSet) -> tuple[Line, ...] | None:
    folder = _folder()
    if folder is None:
        return None
    try:
        data = json.loads((folder / entry[:2] / f"{entry}.json").read_text("utf-8"))
        faces = _faces(fonts)
        return tuple(
            Line(tuple(GlyphRun(faces[run[0]], run[1], run[2], tuple(run[3]), tuple(run[4]),
                                tuple(tuple(o) for o in run[5]), tuple(run[6])) for run in line[0]),
                 line[1], line[2], line[3], line[4])
            for line in data)
    except (OSError, ValueError, KeyError, IndexError, TypeError):
        return None


def store(entry: str, lines: tuple[Line, ...]) -> None:
    folder = _folder()
    if folder is None:
        return
    from ..atomic import atomic_write

    data = [[[[_face_id(r.face), r.size, r.x, r.glyphs, r.advances, r.offsets, r.texts] for r in line.runs],
             line.width, line.ascent, line.descent, line.last] for line in lines]
    target = folder / entry[:2] / f"{entry}.json"
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        atomic_write(target, json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8"))
    except OSError:
        pass  # a read-only cache only costs speed
