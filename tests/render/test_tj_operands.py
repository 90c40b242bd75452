"""A run's TJ array writes each glyph's departure from its natural width as ``round(departure, 1)``.

The encoder only rounds the departures that may be nonzero (rounding is the slow part); these runs
put departures on every side of where rounding turns them to 0, and compare with rounding them all,
in a run on the pen and in one with a glyph off it (drawn glyph by glyph).
"""
from __future__ import annotations

import io
import re
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


def _reference(run, positioned: bool = False) -> str:
    """Every departure rounded, one code string per stretch: what the encoder must write (as a
    positioned run works it out when ``positioned``)."""
    widths = pdf_widths(run.face)
    operands, pending = [], []
    for glyph, advance in zip(run.glyphs, run.advances):
        pending.append(glyph)
        if positioned:
            adjust = round((advance - widths[glyph] * run.size / 1000) * 1000 / run.size, 1)
        else:
            adjust = round(advance * (1000 / run.size) - widths[glyph], 1)
        if adjust:
            operands += (f"<{struct.pack(f'>{len(pending)}H', *pending).hex().upper()}>", fmt(-adjust))
            pending = []
    if pending:
        operands.append(f"<{struct.pack(f'>{len(pending)}H', *pending).hex().upper()}>")
    return " ".join(operands)


def _run(size: float) -> GlyphRun:
    data = io.BytesIO()
    fixed_advance_font().save(data)
    face = face_from_sfnt(data.getvalue())
    glyph = face.cmap[ord("a")]
    natural = pdf_widths(face)[glyph]
    advances = tuple((natural + departure) * size / 1000 for departure in DEPARTURES * 2)
    return GlyphRun(face, size, 0.0, (glyph,) * len(advances), advances, ((0.0, 0.0),) * len(advances),
                    ("a",) * len(advances))


@pytest.mark.parametrize("size", [10.0, 11.5, 7.25])
def test_departures_are_rounded_as_each_would_be_alone(size):
    run = _run(size)
    written = line_ops._tj_operands(run)
    assert written == _reference(run)
    assert written.count(">") < len(run.glyphs)  # some departures round to none


@pytest.mark.parametrize("size", [10.0, 11.5, 7.25])
def test_departures_after_a_glyph_off_the_pen_are_rounded_as_each_would_be_alone(size):
    run = _run(size)
    glyph, advance = run.glyphs[0], run.advances[0]
    positioned = GlyphRun(run.face, size, 0.0, (glyph, *run.glyphs), (advance, *run.advances),
                          ((1.0, 2.0), *run.offsets), ("a", *run.texts))
    ops: list[str] = []
    line_ops._offset_run_ops(positioned, ops, 0.0)
    assert re.fullmatch(r"\S+ 0 Td \[(.*)\] TJ", ops[-1]).group(1) == _reference(run, positioned=True)
