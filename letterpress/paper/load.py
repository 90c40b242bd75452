"""Read one layout file (millimetres) into a :class:`PageLayout` (points), checked.

The files ship with letterpress and never change while it runs, so each is read
once (a :func:`letterpress.cache.memoized` memo); a mistake in one is our bug and raises
:class:`InternalError` naming the file and the key.
"""
from __future__ import annotations

from pathlib import Path
from typing import Any

from ..cache.memo import memoized
from ..errors import InternalError
from ..cache.parsed_yaml import read_plain_yaml
from .fold import check_envelope
from .geometry import MM, PAPERS, Envelope, PageLayout, Rect

LAYOUTS_DIR = Path(__file__).with_name("layouts")


class _Reader:
    """Typed access to the YAML mapping, with errors that name the file and the key."""

    def __init__(self, path: Path, data: Any):
        if not isinstance(data, dict):
            raise InternalError(f"{path}: a layout file must be a mapping")
        self.path, self.data = path, data

    def get(self, dotted: str, default: Any = ...) -> Any:
        value: Any = self.data
        for key in dotted.split("."):
            if not isinstance(value, dict) or key not in value:
                if default is not ...:
                    return default
                raise InternalError(f"{self.path}: missing key {dotted!r}")
            value = value[key]
        return value

    def mm(self, dotted: str) -> float:
        value = self.get(dotted)
        if not isinstance(value, (int, float)) or value < 0:
            raise InternalError(f"{self.path}: {dotted} must be a non-negative number of millimetres, not {value!r}")
        return float(value) * MM

    def rect(self, dotted: str) -> Rect:
        return Rect(*(self.mm(f"{dotted}.{key}") for key in ("x", "y", "width", "height")))

    def choice(self, dotted: str, choices: tuple[str, ...]) -> str:
        value = self.get(dotted)
        if value not in choices:
            raise InternalError(f"{self.path}: {dotted} must be one of {', '.join(choices)}, not {value!r}")
        return value

    def mm_list(self, dotted: str) -> tuple[float, ...]:
        values = self.get(dotted, [])
        if not isinstance(values, list) or not all(isinstance(v, (int, float)) and v > 0 for v in values):
            raise InternalError(f"{self.path}: {dotted} must be a list of positive millimetres, not {values!r}")
        return tuple(float(v) * MM for v in values)


_SEATS = tuple(f"{v}-{h}" for v in ("top", "bottom") for h in ("left", "centre", "right"))


@memoized(maxsize=64)
def load_layout(name: str) -> PageLayout:
    """The layout in ``layouts/<name>.yaml``, in points, validated."""
    path = LAYOUTS_DIR / f"{name}.yaml"
    read = _Reader(path, read_plain_yaml(path))
    if read.get("name") != name:
        raise InternalError(f"{path}: name {read.get('name')!r} differs from the file name")
    paper = read.choice("paper", tuple(PAPERS))
    width, height = PAPERS[paper]
    punch = read.get("punch_mark", None)
    layout = PageLayout(
        name=name,
        title=str(read.get("title")),
        source=str(read.get("source")),
        paper=paper,
        page_width=width,
        page_height=height,
        margin_left=read.mm("margins.left"),
        margin_right=read.mm("margins.right"),
        margin_top=read.mm("margins.top"),
        margin_bottom=read.mm("margins.bottom"),
        letterhead=read.rect("letterhead"),
        address_field=read.rect("address"),
        return_line_height=read.mm("return_line"),
        address_size=float(read.get("address_size")),
        address_min_size=float(read.get("address_min_size")),
        date_top=read.mm("date.top"),
        date_align=read.choice("date.align", ("left", "right")),
        body_top_first=read.mm("body_top_first"),
        body_top_next=read.mm("body_top_next"),
        fold_marks=read.mm_list("fold_marks"),
        punch_mark=read.mm("punch_mark") if punch is not None else None,
        envelope=Envelope(
            name=str(read.get("envelope.name")),
            width=read.mm("envelope.width"),
            height=read.mm("envelope.height"),
            window=read.rect("envelope.window"),
            folds=read.mm_list("envelope.folds"),
            seat=read.choice("envelope.seat", _SEATS),
            tolerance=read.mm("envelope.tolerance"),
            source=str(read.get("envelope.source")),
        ),
    )
    _check_geometry(path, layout)
    check_envelope(layout)
    return layout


def _check_geometry(path: Path, layout: PageLayout) -> None:
    """The page's parts sit on the paper, in order, without covering one another."""
    sheet = Rect(0, 0, layout.page_width, layout.page_height)
    problems = []
    for label, rect in (("address", layout.address_field), ("letterhead", layout.letterhead)):
        if not sheet.contains(rect):
            problems.append(f"the {label} field lies outside the {layout.paper} sheet")
    if layout.letterhead.overlaps(layout.address_field):
        problems.append("the letterhead overlaps the address field")
    if layout.margin_left + layout.margin_right >= layout.page_width:
        problems.append("the margins leave no text width")
    if not layout.address_field.bottom <= layout.date_top < layout.body_top_first:
        problems.append("the date line must come below the address field and above the body")
    if not layout.margin_top <= layout.body_top_next < layout.page_height - layout.margin_bottom:
        problems.append("continuation pages start outside the text area")
    if any(not 0 < y < layout.page_height for y in layout.fold_marks):
        problems.append("a fold mark lies off the sheet")
    if not 0 < layout.address_min_size <= layout.address_size:
        problems.append("address_min_size must be above 0 and at most address_size")
    if layout.address_lines_max < 4:
        problems.append("the address field holds fewer than 4 lines")
    if problems:
        raise InternalError(f"{path}: " + "; ".join(problems))
