"""Does the address show through the window?  Fold the sheet, put it in its envelope, look.

The model, kept simple on purpose:

1. The sheet is folded at the envelope's folds (the layout's fold marks by
   default) into panels.  The folded letter is as wide as the sheet and as high
   as its tallest panel.
2. The top panel (sheet top to first fold) faces the window; the other panels
   fold behind it, so its fold lies on the folded letter's bottom edge and a
   shorter top panel (DIN 5008 form A: 87 mm of 105) starts lower down.
3. The folded letter rests in the envelope where the envelope's ``seat`` says:
   vertically on the bottom edge (letters settle when an envelope stands up,
   which is why DIN 676 measures its window from the bottom edge) or against
   the top; horizontally centred, or against the left or right side.
4. The address field, carried along, must lie inside the window, give or take
   the envelope's ``tolerance``.

It is a nominal position, not every position the letter can slide to: window
norms leave a few millimetres of play around the field for exactly that.
"""
from __future__ import annotations

from ..errors import InternalError
from .geometry import Envelope, PageLayout, Rect

MM = 72 / 25.4


def folds_for(layout: PageLayout) -> tuple[float, ...]:
    """Where the sheet is folded to fit its envelope, top to bottom."""
    folds = layout.envelope.folds or layout.fold_marks
    return tuple(sorted(y for y in folds if 0 < y < layout.page_height))


def folded_size(layout: PageLayout) -> tuple[float, float]:
    """(width, height) of the folded letter."""
    edges = (0.0, *folds_for(layout), layout.page_height)
    return layout.page_width, max(b - a for a, b in zip(edges, edges[1:]))


def seat_offset(envelope: Envelope, width: float, height: float) -> tuple[float, float]:
    """Top-left corner of the folded letter inside the envelope."""
    vertical, _, horizontal = envelope.seat.partition("-")
    dy = {"top": 0.0, "bottom": envelope.height - height}[vertical]
    dx = {"left": 0.0, "centre": (envelope.width - width) / 2, "right": envelope.width - width}[horizontal]
    return dx, dy


def _sheet_in_envelope(layout: PageLayout) -> tuple[float, float]:
    """How far a point of the sheet's top panel moves, folded and seated, into the envelope."""
    width, height = folded_size(layout)
    folds = folds_for(layout)
    top_panel = folds[0] if folds else layout.page_height
    dx, dy = seat_offset(layout.envelope, width, height)
    return dx, dy + height - top_panel


def address_in_envelope(layout: PageLayout) -> Rect:
    """The address field as it lies in the envelope, relative to the envelope's top-left corner."""
    return layout.address_field.moved(*_sheet_in_envelope(layout))


def window_on_sheet(layout: PageLayout) -> Rect:
    """Where the envelope's window lies on the unfolded sheet (the nominal seat): what
    ``--show-windows`` outlines beside the address field."""
    dx, dy = _sheet_in_envelope(layout)
    return layout.envelope.window.moved(-dx, -dy)


def check_envelope(layout: PageLayout) -> None:
    """Raise :class:`InternalError` when the layout's own data would put the address behind paper.

    The layouts ship with letterpress, so a failure here is our bug, not the user's.
    """
    envelope = layout.envelope
    width, height = folded_size(layout)
    if width > envelope.width + 0.01 or height > envelope.height + 0.01:
        raise InternalError(
            f"layout {layout.name}: the folded letter ({width / MM:.1f} x {height / MM:.1f} mm) "
            f"does not fit the {envelope.name} envelope ({envelope.width / MM:.1f} x {envelope.height / MM:.1f} mm)")
    overhang = envelope.window.overhang(address_in_envelope(layout))
    if overhang > envelope.tolerance:
        raise InternalError(
            f"layout {layout.name}: the address field sticks {overhang / MM:.1f} mm out of the "
            f"{envelope.name} window (tolerance {envelope.tolerance / MM:.1f} mm)")
