"""The drawn store keeps each line's PDF operators across runs, under render's declared version.

So a change to what render writes for a line must come with a new version, or a warm build would
draw the old operators. This test draws lines that take every path of the encoder (plain runs,
justified ones, positioned marks, an ActualText span, a synthetic bold) and compares a digest of
the operators with the one recorded for the current version.
"""
from __future__ import annotations

import hashlib
import io

from fontmaker import fixed_advance_font
from letterpress.fonts.face import face_from_sfnt
from letterpress.layout.types import GlyphRun, Line
from letterpress.render import line_ops
from letterpress.render.pdffont import resource_name

# line_ops._VERSION -> digest of the operators below. A new version records its digest here.
RECORDED = {1: "f1473e1b388df115"}


def _operators() -> str:
    data = io.BytesIO()
    fixed_advance_font().save(data)
    face = face_from_sfnt(data.getvalue())
    bold = face_from_sfnt(data.getvalue(), synthetic_bold=True)
    a, b, c, space = (face.cmap[ord(char)] for char in "abc ")
    runs = (
        GlyphRun(face, 10.0, 0.0, (a, b, space, c), (5.0, 5.0, 7.25, 5.0), ((0.0, 0.0),) * 4, ("a", "b", " ", "c")),
        GlyphRun(face, 10.0, 22.25, (a, c, b), (5.0, 0.0, 5.0), ((0.0, 0.0), (-4.0, 2.5), (0.0, 0.0)), ("a", "c", "b")),
        GlyphRun(face, 12.0, 32.25, (b, a, c), (6.0, 6.0, 6.0), ((0.0, 0.0),) * 3, ("ab", "", "c"), ((0, 2, "ab"),)),
        GlyphRun(bold, 9.5, 50.25, (c, a), (4.75, 4.75), ((0.0, 0.0),) * 2, ("c", "a")),
        # a cluster drawn mark first, raised, and ending on a glyph with no advance: anchored at both ends
        GlyphRun(face, 10.0, 59.75, (b, c), (5.0, 0.0), ((1.0, 3.0), (0.0, 0.0)), ("bc", ""), ((0, 2, "bc"),)),
    )
    ops = line_ops.drawn_line(Line(runs, 65.0, 8.0, 2.0)).ops
    # resource names come from the face's bytes, which fontTools may write differently: not the encoder's doing
    return ops.replace(resource_name(face), "F").replace(resource_name(bold), "F")


def test_what_render_writes_for_a_line_is_what_its_version_says():
    digest = hashlib.sha256(_operators().encode()).hexdigest()[:16]
    assert RECORDED.get(line_ops._VERSION) == digest, (
        f"render writes other operators for a line (digest {digest}): bump _VERSION in "
        "letterpress/render/line_ops.py, so that no warm build draws the drawn store's old ones, and record "
        f"{{new version: {digest!r}}} in RECORDED here")
