"""Stage 3b: set a paragraph into lines of shaped, positioned glyphs (:func:`set_paragraph`).

The steps, one module each, in the order they run (after Typst's inline layout: collect,
prepare, line-break, finalize); the direction travels on the data:

    bidi         1. the paragraph's direction and each character's bidi level (ICU's UAX #9)
    itemize      2. items of one level, script, language and face
    shaping      3. each item shaped by HarfBuzz with its direction, script and language;
                    clusters in logical order
    breaks       4. break opportunities as boxes, glue and penalties (rules, hyphenate, dictionary:
                    UAX #14 as letters need it, ICU's dictionaries, kinsoku, Korean keep-all, CJK glue,
                    CJK punctuation as half-em ink and adjustable blank: punctuation)
    knuth_plass  5. the total-fit choice of breaks, in logical order
    finalize     6. each line: visual order (UAX #9 L1-L2), justification, start/end alignment,
                    the indent on the start side

CJK text is justified by glue between characters and a quarter-em gap at CJK–Latin boundaries
(none at line edges); other text by stretching spaces after choosing breaks over the whole paragraph.
"""
from __future__ import annotations

from typing import Sequence

from ..cache.context import CacheContext
from ..cache.memo import Memo
from ..fonts.face import FontSet
from ..text import Align, Run, direction_of, script_of
from . import diskcache
from .bidi import BidiParagraph, base_direction, needs_bidi
from .types import GlyphRun, Line

# The other steps (itemize, shaping, breaks, knuth_plass, finalize) are imported where a paragraph is
# set afresh: a build whose lines all come from the line cache never loads them.

__all__ = ["set_paragraph", "Line", "GlyphRun"]

_LINES: Memo[tuple, tuple[Line, ...]] = Memo("set paragraphs", 2048)


def set_paragraph(runs: Sequence[Run], fonts: FontSet, *, size: float, width: float, align: Align = "justify",
                  first_line_indent: float = 0.0, kashida: bool = False,
                  cache: CacheContext | None = None) -> tuple[Line, ...]:
    """The paragraph's lines. ``kashida``: justified Arabic lines also lengthen words with tatweel
    (calligraphic elongation) before widening their spaces. ``cache``: the build's caches, whose
    line store keeps set paragraphs between runs (None: the environment's, see
    :func:`letterpress.cache.given`)."""
    runs = tuple(run for run in runs if run.text)
    if not runs:
        return ()
    if kashida and not any(script_of(run.language) == "Arab" for run in runs):
        kashida = False  # no Arabic-script text to elongate: the same lines, under the same keys
    key = (runs, fonts.key, size, width, align, first_line_indent) + (("kashida",) if kashida else ())
    cached = _LINES.get(key)
    if cached is not None:
        return cached
    one_line = _ONE_LINE.get((runs, fonts.key, size, align, first_line_indent))
    # the very test _set makes before setting a paragraph on one line
    if one_line is not None and one_line[1] <= width - first_line_indent:
        lines = one_line[0]
        if one_line[2]:
            # set by this process: kept under this measure too, for a run that meets the paragraph
            # at this measure first (lines read from the store were kept so by the run that set them)
            diskcache.store(diskcache.key(runs, fonts, size, width, align, first_line_indent, kashida),
                            lines, one_line[1], cache)
        return _LINES.put(key, lines)
    entry = diskcache.key(runs, fonts, size, width, align, first_line_indent, kashida)
    loaded = diskcache.load(entry, fonts, cache)
    if loaded is not None:
        lines, natural = loaded
        fresh = False
    else:
        lines, natural = _set(runs, fonts, size, width, align, first_line_indent, kashida)
        lines = diskcache.keyed(lines, entry)
        diskcache.store(entry, lines, natural, cache)
        fresh = True
    if natural is not None and align in _WIDTH_FREE and direction_of(runs[0].language) == "ltr":
        _ONE_LINE.put((runs, fonts.key, size, align, first_line_indent), (lines, natural, fresh))
    return _LINES.put(key, lines)


# A left-to-right paragraph set on one line, left-aligned (or justified: a last line is not), is the
# same at any measure it fits: the signatory block measures every entry unbroken, then sets it in a
# column. (A right-to-left one starts at the right edge of its measure.) The natural width is kept
# in the line store with the lines, so a run that reads them meets the paragraph's other measures
# here too. Each value: the lines, their natural width, and whether this process set them.
_WIDTH_FREE = ("left", "start", "justify")
_ONE_LINE: Memo[tuple, tuple[tuple[Line, ...], float, bool]] = Memo(
    "paragraphs set on one line, with their natural width", 2048)


class _Prepared:
    """A paragraph shaped, with its direction and bidi levels, and its break opportunities as they
    are asked for: what setting it at any measure starts from, none of it depending on the measure.
    Kept for the paragraph's next measure: a signatory is measured unbroken, then set in its
    column; a body is set at each paper's text width."""

    __slots__ = ("text", "size", "direction", "bidi", "clusters", "language_at", "natural", "_items", "_breaking")

    def __init__(self, runs: tuple[Run, ...], fonts: FontSet, size: float):
        from .itemize import itemize
        from .shaping import shape

        self.text = text = "".join(run.text for run in runs)
        self.size = size
        self.direction = direction = direction_of(runs[0].language)  # the side lines align to
        base = base_direction(text, direction)  # the paragraph's bidi level
        self.bidi = bidi = BidiParagraph(text, base) if needs_bidi(text, base) else None
        self.clusters = shape(text, itemize(runs, fonts, bidi.levels if bidi is not None else None), size)
        self.language_at = _languages(runs)
        self.natural = sum(cluster.width for cluster in self.clusters)
        self._items: dict[tuple[bool, bool], tuple] = {}
        self._breaking: dict[tuple[bool, bool], tuple] = {}

    def items(self, *, emergency: bool, hyphenate: bool) -> tuple[tuple, tuple]:
        """(items, pieces) of :func:`break_items`, as tuples: every measure reads the same ones."""
        found = self._items.get((emergency, hyphenate))
        if found is None:
            from .breaks import break_items

            items, pieces = break_items(self.text, self.clusters, self.language_at, self.size, emergency=emergency,
                                        hyphenate=hyphenate)
            found = self._items[(emergency, hyphenate)] = (tuple(items), tuple(pieces))
        return found

    def breaking(self, *, emergency: bool, hyphenate: bool) -> tuple[tuple, tuple, tuple]:
        """(items, pieces, :func:`prefix_sums` of the items): what Knuth–Plass reads, made once for
        every measure and tolerance."""
        found = self._breaking.get((emergency, hyphenate))
        if found is None:
            from .knuth_plass import prefix_sums

            items, pieces = self.items(emergency=emergency, hyphenate=hyphenate)
            found = self._breaking[(emergency, hyphenate)] = (items, pieces, prefix_sums(items))
        return found


# bounded: a worker sets a language's copies in a row, so a paragraph's measures come close together
_PREPARED: Memo[tuple, _Prepared] = Memo("paragraphs shaped for breaking at any measure", 256)


def _set(runs: tuple[Run, ...], fonts: FontSet, size: float, width: float, align: Align,
         indent: float, kashida: bool = False) -> tuple[tuple[Line, ...], float | None]:
    """The paragraph's lines, and its natural width when it was set on one line because it fits."""
    from .breaks import natural_width
    from .finalize import assemble
    from .knuth_plass import INFINITE, break_lines, greedy_breaks

    key = (runs, fonts.key, size)
    paragraph = _PREPARED.get(key) or _PREPARED.put(key, _Prepared(runs, fonts, size))
    direction, bidi = paragraph.direction, paragraph.bidi

    def lines(items, pieces, breaks):
        return tuple(assemble(items, pieces, breaks, width, indent, align, direction, bidi, kashida))

    justify = align == "justify"
    natural = paragraph.natural
    if natural <= width - indent:
        # Likely one line (a signatory, an address line, a short paragraph): a paragraph's only
        # line is its last, never justified, so it needs neither hyphenation nor a choice of breaks.
        items, pieces = paragraph.items(emergency=False, hyphenate=False)
        natural = max(natural, natural_width(items))
        if natural <= width - indent:
            return lines(items, pieces, [len(items) - 1]), natural
    # Ragged text is not hyphenated (nothing to even out) and may leave any line short.
    items, pieces, sums = paragraph.breaking(emergency=False, hyphenate=justify)
    options = dict(first_width=width - indent, line_stretch=0.0 if justify else width)
    breaks = break_lines(items, width, tolerance=2.5 if justify else 4.0, sums=sums, **options)
    if breaks is None:
        breaks = break_lines(items, width, tolerance=20.0, sums=sums, **options)
    if breaks is None:  # a word wider than the line: allow breaks inside words, at a high cost
        items, pieces, sums = paragraph.breaking(emergency=True, hyphenate=justify)
        breaks = break_lines(items, width, tolerance=INFINITE, sums=sums, **options)
    if breaks is None:
        breaks = greedy_breaks(items, width)
    return lines(items, pieces, breaks), None


def _languages(runs: tuple[Run, ...]) -> list[str]:
    out: list[str] = []
    for run in runs:
        out += [run.language] * len(run.text)
    return out
