"""Pages of placed content: what the PDF writer draws, in points from the sheet's top-left."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..layout.types import Line


@dataclass(frozen=True, eq=False)
class PlacedLine:
    """A set line at its place on the page: the left edge of its measure and its baseline."""

    line: Line
    x: float  # left edge of the line's measure
    baseline: float  # from the top of the sheet


@dataclass(frozen=True)
class PlacedRule:
    """A straight line drawn from (x1, y1) to (x2, y2): a fold mark, a footnote rule, a window outline."""

    x1: float
    y1: float
    x2: float
    y2: float
    width: float = 0.5
    gray: float = 0.0  # 0 black .. 1 white


def rectangle(x: float, y: float, width: float, height: float, gray: float = 0.55) -> list[PlacedRule]:
    """The four hairline rules of a rectangle's outline (a window, drawn when asked to show them)."""
    return [
        PlacedRule(x, y, x + width, y, 0.4, gray),
        PlacedRule(x + width, y, x + width, y + height, 0.4, gray),
        PlacedRule(x + width, y + height, x, y + height, 0.4, gray),
        PlacedRule(x, y + height, x, y, 0.4, gray),
    ]


@dataclass(frozen=True)
class PlacedImage:
    """A picture (a logo, a signature) in its box on the page."""

    path: Path
    x: float
    y: float  # top edge, from the top of the sheet
    width: float
    height: float


@dataclass(frozen=True, eq=False)
class Page:
    """One page's content: lines, rules and images."""

    lines: tuple[PlacedLine, ...]
    rules: tuple[PlacedRule, ...] = ()
    images: tuple[PlacedImage, ...] = ()


@dataclass(frozen=True)
class PdfInfo:
    """The PDF's document information (title, author, subject, keywords) and its language."""

    title: str
    author: str
    subject: str
    keywords: str
    language: str


@dataclass(frozen=True, eq=False)
class TypesetDocument:
    """A document on its pages, every page ``width`` x ``height`` points: what the renderer draws."""

    width: float
    height: float
    pages: tuple[Page, ...]
    info: PdfInfo
