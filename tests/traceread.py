"""Glyph positions read back with MuPDF's ``mutool trace``: an independent reader of what a PDF draws.

Nothing here imports letterpress.
"""
from __future__ import annotations

import re
import subprocess
from dataclasses import dataclass
from pathlib import Path

_PAGE = re.compile(r'<page number="(\d+)" mediabox="([-\d. ]+)"')
_SPAN = re.compile(r'<span font="([^"]*)"[^>]*trm="([-\d.e ]+)"')
_GLYPH = re.compile(r'<g unicode="([^"]*)" glyph="[^"]*" x="([-\d.e]+)" y="([-\d.e]+)" adv="([-\d.e]+)"')
_STROKE = re.compile(r'<stroke_path[^>]*transform="([-\d. ]+)"')
_POINT = re.compile(r'<(?:moveto|lineto) x="([-\d.e]+)" y="([-\d.e]+)"')
_ENTITIES = {"&lt;": "<", "&gt;": ">", "&amp;": "&", "&quot;": '"', "&apos;": "'"}


@dataclass(frozen=True)
class Glyph:
    char: str
    x: float  # pen position, points from the page's left edge
    baseline: float  # points from the page's TOP edge
    advance: float  # points
    size: float
    font: str

    @property
    def right(self) -> float:
        return self.x + self.advance


def glyphs(pdf: Path) -> list[list[Glyph]]:
    """Per page, every glyph drawn, in drawing order."""
    trace = subprocess.run(["mutool", "trace", str(pdf)], capture_output=True, text=True, check=True).stdout
    pages: list[list[Glyph]] = []
    height, size, font = 0.0, 0.0, ""
    for line in trace.splitlines():
        if match := _PAGE.search(line):
            height = float(match.group(2).split()[3])
            pages.append([])
        elif match := _SPAN.search(line):
            font = match.group(1)
            size = abs(float(match.group(2).split()[0]))
        elif match := _GLYPH.search(line):
            char = match.group(1)
            for entity, value in _ENTITIES.items():
                char = char.replace(entity, value)
            pages[-1].append(Glyph(char, float(match.group(2)), height - float(match.group(3)),
                                   float(match.group(4)) * size, size, font))
    return pages


def lines(page: list[Glyph]) -> list[list[Glyph]]:
    """The page's glyphs grouped by baseline (top to bottom), each line left to right."""
    rows: dict[float, list[Glyph]] = {}
    for glyph in page:
        rows.setdefault(round(glyph.baseline, 1), []).append(glyph)
    return [sorted(rows[key], key=lambda g: g.x) for key in sorted(rows)]


def text(line: list[Glyph]) -> str:
    return "".join(glyph.char for glyph in line)


def horizontal_rules(pdf: Path) -> list[list[tuple[float, float, float]]]:
    """Per page, the straight horizontal strokes drawn, as (x1, x2, y from the page's top)."""
    trace = subprocess.run(["mutool", "trace", str(pdf)], capture_output=True, text=True, check=True).stdout
    pages: list[list[tuple[float, float, float]]] = []
    height, points, stroking = 0.0, [], False
    for line in trace.splitlines():
        if match := _PAGE.search(line):
            height = float(match.group(2).split()[3])
            pages.append([])
        elif _STROKE.search(line):
            stroking, points = True, []
        elif stroking and (match := _POINT.search(line)):
            points.append((float(match.group(1)), float(match.group(2))))
        elif stroking and "</stroke_path>" in line:
            stroking = False
            if len(points) == 2 and abs(points[0][1] - points[1][1]) < 0.01:
                (x1, y), (x2, _) = points
                pages[-1].append((min(x1, x2), max(x1, x2), height - y))
    return pages
