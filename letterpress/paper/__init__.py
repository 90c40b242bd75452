"""National page layouts and envelope windows, as data.

Each layout is one small YAML file in ``layouts/`` (millimetres, from the
top-left corner of the sheet, as the norms and KOMA-Script's letter-class
option files give them); this module loads them into :class:`PageLayout` in
points and picks one for a recipient's country.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml

from ..errors import InputError, did_you_mean

MM = 72 / 25.4
PAPERS = {"A4": (595.276, 841.89), "Letter": (612.0, 792.0)}
_LAYOUTS = Path(__file__).with_name("layouts")

# Country -> layout. Countries without a national norm get DIN 5008 form B on A4: DIN window
# envelopes (DL, C5/6) are the ones sold internationally.
_BY_COUNTRY = {
    "DE": "din-b", "AT": "din-b",
    "CH": "swiss-right", "LI": "swiss-right",
    "FR": "nf", "MC": "nf",
    "GB": "uk-dl", "IE": "uk-dl",
    "US": "us-10", "CA": "us-10", "MX": "us-10", "PH": "us-10", "CL": "us-10", "CO": "us-10", "VE": "us-10",
    "JP": "jp-ll",
}
DEFAULT_LAYOUT = "din-b"


@dataclass(frozen=True)
class Rect:
    """Points, from the top-left corner (y grows downward)."""

    x: float
    y: float
    width: float
    height: float

    @property
    def right(self) -> float:
        return self.x + self.width

    @property
    def bottom(self) -> float:
        return self.y + self.height

    def contains(self, other: "Rect", tolerance: float = 0.01) -> bool:
        return (other.x >= self.x - tolerance and other.y >= self.y - tolerance
                and other.right <= self.right + tolerance and other.bottom <= self.bottom + tolerance)


@dataclass(frozen=True)
class Envelope:
    name: str
    width: float
    height: float
    window: Rect  # relative to the envelope's top-left corner


@dataclass(frozen=True)
class PageLayout:
    name: str
    title: str
    source: str
    paper: str
    page_width: float
    page_height: float
    margin_left: float
    margin_right: float
    margin_top: float
    margin_bottom: float
    letterhead: Rect
    address_field: Rect  # the whole window area, return line included
    return_line_height: float  # 0 where the layout has no return line in the window (US)
    address_size: float  # pt
    date_top: float
    date_align: str
    body_top_first: float
    body_top_next: float
    fold_marks: tuple[float, ...]
    punch_mark: float | None
    envelope: Envelope

    @property
    def address_lines_max(self) -> int:
        leading = self.address_size * 1.2
        return int((self.address_field.height - self.return_line_height + 0.01) // leading)


def _rect(data: dict) -> Rect:
    return Rect(data["x"] * MM, data["y"] * MM, data["width"] * MM, data["height"] * MM)


@cache
def _load(name: str) -> PageLayout:
    data = yaml.safe_load((_LAYOUTS / f"{name}.yaml").read_text("utf-8"))
    width, height = PAPERS[data["paper"]]
    margins = data["margins"]
    envelope = data["envelope"]
    layout = PageLayout(
        name=data["name"],
        title=data["title"],
        source=data["source"],
        paper=data["paper"],
        page_width=width,
        page_height=height,
        margin_left=margins["left"] * MM,
        margin_right=margins["right"] * MM,
        margin_top=margins["top"] * MM,
        margin_bottom=margins["bottom"] * MM,
        letterhead=_rect(data["letterhead"]),
        address_field=_rect(data["address"]),
        return_line_height=data["return_line"] * MM,
        address_size=float(data["address_size"]),
        date_top=data["date"]["top"] * MM,
        date_align=data["date"]["align"],
        body_top_first=data["body_top_first"] * MM,
        body_top_next=data["body_top_next"] * MM,
        fold_marks=tuple(y * MM for y in data["fold_marks"]),
        punch_mark=data["punch_mark"] * MM if data.get("punch_mark") is not None else None,
        envelope=Envelope(envelope["name"], envelope["width"] * MM, envelope["height"] * MM,
                          _rect(envelope["window"])),
    )
    sheet = Rect(0, 0, width, height)
    if not sheet.contains(layout.address_field) or not sheet.contains(layout.letterhead):
        raise ValueError(f"layout {name}: the address field or letterhead lies outside the paper")
    return layout


@cache
def layout_names() -> tuple[str, ...]:
    return tuple(sorted(path.stem for path in _LAYOUTS.glob("*.yaml")))


def layout_for(country: str, *, override: str | None = None) -> PageLayout:
    """The layout for a destination country, unless a layout is named."""
    if override is not None:
        if override not in layout_names():
            guess = did_you_mean(override, layout_names())
            raise InputError(
                f"unknown layout {override!r}",
                hint=(f"did you mean {guess!r}? " if guess else "") + f"layouts: {', '.join(layout_names())}",
            )
        return _load(override)
    return _load(_BY_COUNTRY.get(country.upper(), DEFAULT_LAYOUT))


__all__ = ["Rect", "Envelope", "PageLayout", "layout_for", "layout_names", "MM"]
