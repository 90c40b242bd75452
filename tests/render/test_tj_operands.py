"""A run's TJ array writes each glyph's departure from its natural width as ``round(departure, 1)``.

The encoder only rounds the departures that may be nonzero (rounding is the slow part); these runs
put departures on every side of where rounding turns them to 0, and compare with rounding them all.
"""
from __future__ import annotations

import io
import struct

import pytest

from fontmaker import fixed_advance_font
from letterpress.fonts.face import face_from_sfnt
from letterpress.layout.types import GlyphRun
from letterpress.render import line_ops
from letterpress.render.line_ops import fmt
from letterpress.render.pdffont import pdf_widths

# thousandths of an em
DEPARTURES = (0.0, 1e-9, -1e-9, 0.0399, 0.04, 0.0449, 0.0499999, 0.05, 0.0500001, -0.0499999, -0.05, -0.0500001,
              0.06, 0.15, 0.25, -0.25, 0.35, 12.35, -250.05)


def _reference(run) -> str:
    """Every departure rounded, one code string per stretch: what the encoder must write."""
    widths = pdf_widths(run.face)
    operands, pending = [], []
    for glyph, advance in zip(run.glyphs, run.advances):
        pending.append(glyph)
        adjust = round(advance * (1000 / run.size) - widths[glyph], 1)
        if adjust:
            operands += (f"<{struct.pack(f'>{len(pending)}H', *pending).hex().upper()}>", fmt(-adjust))
            pending = []
    if pending:
        operands.append(f"<{struct.pack(f'>{len(pending)}H', *pending).hex().upper()}>")
    return " ".join(operands)


@pytest.mark.parametrize("size", [10.0, 11.5, 7.25])
def test_departures_are_rounded_as_each_would_be_alone(size):
    data = io.BytesIO()
    fixed_advance_font().save(data)
    face = face_from_sfnt(data.getvalue())
    glyph = face.cmap[ord("a")]
    natural = pdf_widths(face)[glyph]
    advances = tuple((natural + departure) * size / 1000 for departure in DEPARTURES * 2)
    run = GlyphRun(face, size, 0.0, (glyph,) * len(advances), advances, ((0.0, 0.0),) * len(advances),
                   ("a",) * len(advances))
    written = line_ops._tj_operands(run)
    assert written == _reference(run)
    assert written.count(">") < len(advances)  # some departures round to none
