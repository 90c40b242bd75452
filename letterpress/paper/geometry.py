"""The shapes a page layout is made of: rectangles, envelopes and the layout itself.

Everything is in PostScript points with the origin at the TOP-LEFT corner of the
sheet (or of the envelope) and y growing downward, as the norms measure; the
renderer flips y once, where it draws.
"""
from __future__ import annotations

from dataclasses import dataclass

MM = 72 / 25.4
PAPERS = {"A4": (595.276, 841.89), "Letter": (612.0, 792.0)}
# The leading the address block is set with (the address line count is computed from it).
ADDRESS_LEADING = 1.2


@dataclass(frozen=True)
class Rect:
    """Points, from the top-left corner (y grows downward)."""

    x: float
    y: float
    width: float
    height: float

    @property
    def right(self) -> float:
        """The x of the right edge."""
        return self.x + self.width

    @property
    def bottom(self) -> float:
        """The y of the bottom edge."""
        return self.y + self.height

    def moved(self, dx: float, dy: float) -> "Rect":
        """The same rectangle shifted by ``dx``, ``dy`` points."""
        return Rect(self.x + dx, self.y + dy, self.width, self.height)

    def contains(self, other: "Rect", tolerance: float = 0.01) -> bool:
        """Whether ``other`` lies inside this rectangle, allowing ``tolerance`` points of overhang."""
        return self.overhang(other) <= tolerance

    def overhang(self, other: "Rect") -> float:
        """How far ``other`` sticks out of this rectangle on its worst side (<= 0 when inside)."""
        return max(self.x - other.x, self.y - other.y, other.right - self.right, other.bottom - self.bottom)

    def overlaps(self, other: "Rect") -> bool:
        """Whether the two rectangles share some area (touching edges do not overlap)."""
        return (self.x < other.right and other.x < self.right
                and self.y < other.bottom and other.y < self.bottom)


@dataclass(frozen=True)
class Envelope:
    """A window envelope lying landscape (long side horizontal), window side up.

    ``window`` is relative to the envelope's top-left corner.  ``folds`` are the
    y positions at which the sheet is folded to fit it (the layout's fold marks
    unless the envelope needs others); ``seat`` says where the folded letter
    comes to rest inside ("bottom-centre", "bottom-left", "top-left" ...);
    ``tolerance`` is how far, in points, the address field may hide behind the
    window's edge (print and folding accuracy).  :mod:`letterpress.paper.fold`
    checks the one invariant that matters: the address shows through the window.
    """

    name: str
    width: float
    height: float
    window: Rect
    folds: tuple[float, ...] = ()
    seat: str = "bottom-centre"
    tolerance: float = 1 * MM
    source: str = ""


@dataclass(frozen=True)
class PageLayout:
    """A national letter layout: the sheet, its margins and where the letterhead, window, date and body go.

    Every position is in points from the sheet's top-left corner.  ``envelope`` is the window
    envelope the layout is folded for.
    """

    name: str  # "din-b", "din-a", "swiss-right", "swiss-left", "nf", "uk-dl", "us-9", "us-10", "jp-ll"
    title: str  # "DIN 5008 form B"
    source: str  # where the numbers come from (a KOMA-Script .lco file, or "common practice, unverified")
    paper: str  # "A4" | "Letter"
    page_width: float
    page_height: float
    margin_left: float  # the body text area on every page
    margin_right: float
    margin_top: float
    margin_bottom: float
    letterhead: Rect  # the sender's letterhead on page 1
    address_field: Rect  # the whole window area, return line included
    return_line_height: float  # 0 where the layout has no return line in the window (US)
    address_size: float  # pt
    address_min_size: float  # pt: the smallest the post reads reliably; a long address is set down to it
    date_top: float  # y of the date/reference line on page 1
    date_align: str  # "right" | "left"
    body_top_first: float  # y where the subject/body starts on page 1
    body_top_next: float  # y where the body starts on continuation pages
    fold_marks: tuple[float, ...]  # y positions of the fold marks printed at the left edge
    punch_mark: float | None  # y of the hole-punch mark (DIN: 148.5 mm) or None
    envelope: Envelope

    @property
    def address_lines_max(self) -> int:
        """How many address lines fit below the return line at ``address_size``."""
        leading = self.address_size * ADDRESS_LEADING
        return int((self.address_field.height - self.return_line_height + 0.01) // leading)
