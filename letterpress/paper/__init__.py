"""National page layouts and envelope windows, as data.

Each layout is one small YAML file in ``layouts/`` (millimetres from the sheet's
top-left corner, as the norms and KOMA-Script's letter-class-option files give
them, each naming its source); :mod:`.load` reads it into a :class:`PageLayout`
in points and :mod:`.fold` checks that the address shows through the envelope's
window.  This module picks the layout for a recipient.
"""
from __future__ import annotations

from ..cache.memo import memoized
from ..errors import InputError, Location, did_you_mean
from .geometry import MM, PAPERS, Envelope, PageLayout, Rect
from .load import LAYOUTS_DIR, load_layout

# Destination country -> layout.  Paper follows the destination: Letter where the
# post and the stationers use it, A4 elsewhere.
_BY_COUNTRY = {
    "DE": "din-b", "AT": "din-b",
    "CH": "swiss-right", "LI": "swiss-right",
    "FR": "nf", "MC": "nf",
    "GB": "uk-dl", "IE": "uk-dl",
    "US": "us-10", "CA": "us-10", "MX": "us-10", "PH": "us-10", "CL": "us-10", "CO": "us-10", "VE": "us-10",
    "JP": "jp-ll",
}
# Everywhere else (Thailand, Korea, ...): DIN 5008 form B on A4.  DIN 676 window
# envelopes (DL, C5, C6/5) are the window envelopes sold internationally, so a
# DIN letter is the one most likely to fit the envelope at hand.
DEFAULT_LAYOUT = "din-b"


@memoized(maxsize=1)
def layout_names() -> tuple[str, ...]:
    """Every layout letterpress ships, sorted."""
    return tuple(sorted(path.stem for path in LAYOUTS_DIR.glob("*.yaml")))


def layout_for(country: str, *, override: str | None = None, where: Location | None = None) -> PageLayout:
    """The layout for a destination country, or the one named by ``override`` (recipient's, then letter's).

    An unknown override is an :class:`InputError` suggesting the nearest valid name.
    """
    if override is not None:
        if override not in layout_names():
            guess = did_you_mean(override, layout_names())
            raise InputError(
                f"unknown layout {override!r}",
                location=where,
                hint=(f"did you mean {guess!r}? " if guess else "") + f"layouts: {', '.join(layout_names())}",
            )
        return load_layout(override)
    return load_layout(_BY_COUNTRY.get(country.upper(), DEFAULT_LAYOUT))


__all__ = ["load_layout", "MM", "PAPERS", "Rect", "Envelope", "PageLayout", "layout_for", "layout_names", "DEFAULT_LAYOUT"]
