"""What layout gives: lines of positioned glyphs.

Compose hands layout a paragraph as :class:`letterpress.text.Run` s; layout shapes them with
HarfBuzz, breaks them into lines by the rules of their language, justifies
them, and returns :class:`Line` s of :class:`GlyphRun` s in points.  The PDF
writer draws those glyph ids as they are; nothing downstream re-measures text.
"""
from __future__ import annotations

from dataclasses import dataclass

from ..fonts.face import PreparedFace
from ..text import Direction

ON_PEN = (0.0, 0.0)  # the offset of nearly every glyph: one tuple, shared by every run that has it


@dataclass(frozen=True, eq=False)
class GlyphRun:
    """Glyphs of one face at one size, placed from ``x`` (points from the line start).

    ``advances`` are final, in points, justification included; ``offsets`` are
    (dx, dy) in points from the pen position.  ``texts[i]`` is the Unicode text
    glyph ``i`` stands for (``""`` for the second and later glyphs of a cluster),
    so the PDF's text can be extracted again.
    """

    face: PreparedFace
    size: float
    x: float
    glyphs: tuple[int, ...]
    advances: tuple[float, ...]
    offsets: tuple[tuple[float, float], ...]
    texts: tuple[str, ...]
    # (first glyph, end glyph, text) of the clusters whose glyphs cannot be mapped back to their text
    # one glyph at a time (reordered marks, split vowels): drawn inside an ActualText span
    actual_texts: tuple[tuple[int, int, str], ...] = ()

    @property
    def width(self) -> float:
        """The run's advance, in points."""
        return sum(self.advances)

    @property
    def text(self) -> str:
        """The text the run's glyphs stand for."""
        return "".join(self.texts)


@dataclass(frozen=True, eq=False)
class Line:
    """One line of a paragraph, ready to draw at a baseline.

    ``key`` names the line's content: lines with the same key are the same glyphs of the same
    faces at the same positions, in every process and every run (the key of the paragraph in the
    line cache, which covers the text, the font set's content, the measure and this layout code,
    with the line's number). It lets a later stage keep what it derives from a line without
    writing into it. ``""`` for a line not made by :func:`letterpress.layout.set_paragraph`.
    """

    runs: tuple[GlyphRun, ...]
    width: float  # the width as set, in points (the measure for a justified line)
    ascent: float  # above the baseline, points
    descent: float  # below the baseline, points (positive)
    last: bool = False  # the paragraph's last line
    direction: Direction = "ltr"  # the paragraph's base direction; runs are in visual order, left to right
    key: str = ""

    @property
    def text(self) -> str:
        """The line's text in visual order (glyph runs left to right)."""
        return "".join(run.text for run in self.runs)
