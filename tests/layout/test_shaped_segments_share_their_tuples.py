"""A shaped segment keeps one tuple per distinct glyph, advance and offset, not one per cluster.

What shaping makes is kept (in its memo and in the clusters of every paragraph kept for its next
measure), and every object kept counts toward the cyclic garbage collector's next run, which then
visits it: a segment's one-glyph clusters share the tuples of their repeated values.
"""
from __future__ import annotations

from letterpress.layout.shaping import shape_segment


def test_repeated_letters_share_their_glyph_advance_and_offset_tuples(fixed_fonts):
    face = fixed_fonts.chain("en", "regular")[0]
    starts, ends, texts, glyphs, advances, offsets, widths = shape_segment("abab ab", face, 10.0, "en")
    assert list(texts) == list("abab ab")
    assert list(starts) == list(range(7)) and list(ends) == list(range(1, 8))
    assert glyphs[0] is glyphs[2] is glyphs[5] and glyphs[1] is glyphs[3] is glyphs[6]
    assert glyphs[0] != glyphs[1] and all(len(glyph) == 1 for glyph in glyphs)
    assert advances[0] is advances[2] and offsets[0] is offsets[1] is offsets[4]
    assert widths == tuple(advance for advance, in advances)
