"""The signatory block: entries in balanced columns, never split across a column or a page.

The number of columns follows the names' widths: as many as the page allows
while most entries still fit on one line.  Each page's share of the entries is
balanced so the columns end level (the shortest column height that holds them,
found by bisection over greedy column filling), as a typesetter would.
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..cache.memo import Memo, memoized
from ..compose.document import SignatoryEntry
from ..layout.types import Line
from ..text import Run
from . import blockstore
from .page import PlacedImage, PlacedLine, PlacedRule

if TYPE_CHECKING:
    from . import Typesetter, _Flow

COLUMN_GAP = 14.0
SIGNATURE_HEIGHT = 34.0


@dataclass(frozen=True)
class _Entry:
    lines: tuple[Line, ...]
    height: float
    signature: SignatoryEntry | None  # set when the entry carries a signature image


def _entry_text(entry: SignatoryEntry) -> tuple[Run, ...]:
    if entry.kind == "organisation" and entry.detail:
        return (Run(entry.name, entry.language), Run(f" ({entry.detail})", entry.language))
    return (Run(entry.name, entry.language, "bold" if entry.kind == "person" else "regular"),)


def choose_columns(entries: tuple[SignatoryEntry, ...], setter: "Typesetter", size: float, width: float) -> int:
    """Three columns when nine in ten entries fit one line there; else two (long names wrap); one for a few."""
    if len(entries) <= 4:
        return 1
    column_width = (width - COLUMN_GAP * 2) / 3
    # one unbroken setting per entry measures it (and is cached for every later copy)
    one_line = sum(1 for e in entries if setter.lines(_entry_text(e), size, 1e6)[0].width <= column_width)
    return 3 if one_line >= 0.9 * len(entries) else 2


@dataclass(frozen=True)
class Measured:
    """The signatory block set for one column measure: the same for every copy of a language."""

    columns: int
    column_width: float
    entries: tuple[_Entry, ...]


def place_signatories(flow: "_Flow", measured: Measured, leading: float, tightening: float = 1.0) -> None:
    """Place the block :func:`measure` set from ``flow.y`` on, over as many pages as it needs (a
    letter the page balancer flows again and again measures it once).

    ``tightening`` (at most 1) scales the leading between the entries' lines, which the page balancer
    uses to pull a block back rather than leave a few rows alone on a page; line breaks do not change.
    """
    columns, column_width, entries = measured.columns, measured.column_width, measured.entries
    if tightening != 1.0:
        leading = round(leading * tightening, 2)
        entries = _with_leading(entries, leading)
    flow.y += leading * 0.8
    remaining = entries
    continued = False
    while remaining:
        room = flow.room()
        count = _fit_count(remaining, columns, room)
        if count == 0:
            if flow.at_page_top():
                # an entry taller than a whole column (a name of a thousand words): broken into
                # pieces a column high, which fill columns and pages like body text
                remaining = _split(remaining[0], room, leading) + remaining[1:]
                continue
            flow.new_page()
            continue
        share = remaining[:count]
        height = _balanced_height(share, columns, room)
        rows = _place(flow, share, columns, column_width, height, leading)
        flow.signatory_rows[len(flow.pages) - 1] = (rows, continued)
        remaining = remaining[count:]
        if remaining:
            flow.new_page()
            continued = True


def _split(entry: _Entry, room: float, leading: float) -> tuple[_Entry, ...]:
    """``entry`` cut between lines into pieces no taller than ``room`` (the signature, if any, with
    the first); each piece at least one line, so that every line is placed."""
    gap = entry.height - len(entry.lines) * leading - (SIGNATURE_HEIGHT if entry.signature else 0.0)
    pieces = []
    lines = entry.lines
    signature = entry.signature
    while lines:
        extra = SIGNATURE_HEIGHT if signature is not None else 0.0
        count = max(1, int((room - extra + 0.01) // leading))
        piece, lines = lines[:count], lines[count:]
        height = len(piece) * leading + extra + (gap if not lines else 0.0)
        pieces.append(_Entry(piece, min(height, room), signature))
        signature = None
    return tuple(pieces)


def _with_leading(entries: tuple[_Entry, ...], leading: float) -> tuple[_Entry, ...]:
    """The entries with their heights at another leading (the gap after each scales with it)."""
    gap = leading * 0.35
    return tuple(_Entry(e.lines, len(e.lines) * leading + gap + (SIGNATURE_HEIGHT if e.signature else 0.0),
                        e.signature) for e in entries)


# Copies of one language share their signatory block, and a worker makes several of them in a
# row: the block is set and balanced once (bounded, keyed by everything the result depends on).
_MEASURED: Memo[tuple, Measured] = Memo("signatory entries set for a column width", 32)


def measure(signatories: tuple[SignatoryEntry, ...], setter: "Typesetter", size: float, leading: float,
            width: float) -> Measured:
    """The block set for the text ``width``: its columns and each entry's lines and height."""
    key = (signatories, setter.fonts.key, size, leading, width)
    measured = _MEASURED.get(key)
    if measured is None:
        measured = _MEASURED.put(key, _kept_or_set(signatories, setter, size, leading, width))
    return measured


def _kept_or_set(signatories: tuple[SignatoryEntry, ...], setter: "Typesetter", size: float, leading: float,
                 width: float) -> Measured:
    """The block as an earlier run kept it (:mod:`.blockstore`), else set and kept."""
    entry = blockstore.entry(signatories, setter.fonts, size, leading, width)
    kept = blockstore.load(entry, setter.fonts, len(signatories), setter.cache) if entry is not None else None
    if kept is not None:
        columns, column_width, entries = kept
        return Measured(columns, column_width, tuple(
            _Entry(lines, height, signatory if signed else None)
            for (lines, height, signed), signatory in zip(entries, signatories)))
    measured = _set_entries(signatories, setter, size, leading, width)
    if entry is not None:
        blockstore.store(entry, (measured.columns, measured.column_width, tuple(
            (e.lines, e.height, e.signature is not None) for e in measured.entries)), setter.cache)
    return measured


def _set_entries(signatories: tuple[SignatoryEntry, ...], setter: "Typesetter", size: float, leading: float,
                 width: float) -> Measured:
    columns = choose_columns(signatories, setter, size, width)
    column_width = (width - COLUMN_GAP * (columns - 1)) / columns
    gap = leading * 0.35
    entries = []
    for entry in signatories:
        lines = setter.lines(_entry_text(entry), size, column_width)
        if entry.kind == "person" and entry.detail:
            lines += setter.lines((Run(entry.detail, entry.language),), size, column_width)
        height = len(lines) * leading + gap
        has_signature = entry.signature is not None
        if has_signature:
            height += SIGNATURE_HEIGHT
        entries.append(_Entry(tuple(lines), height, entry if has_signature else None))
    return Measured(columns, column_width, tuple(entries))


def _fill(entries: tuple[_Entry, ...], columns: int, height: float) -> list[list[_Entry]]:
    """Greedy column filling up to ``height``; returns the columns (possibly not all entries)."""
    result: list[list[_Entry]] = [[]]
    used = 0.0
    for entry in entries:
        if used + entry.height > height + 0.01 and result[-1]:
            if len(result) == columns:
                break
            result.append([])
            used = 0.0
        if used + entry.height > height + 0.01:
            break
        result[-1].append(entry)
        used += entry.height
    return result


def _fit_count(entries: tuple[_Entry, ...], columns: int, room: float) -> int:
    return sum(len(column) for column in _fill(entries, columns, room))


@memoized(maxsize=256)  # copies of a language balance the same entries in the same room
def _balanced_height(entries: tuple[_Entry, ...], columns: int, room: float) -> float:
    heights = tuple(e.height for e in entries)
    low = max(heights)
    high = room
    # Whether filling takes every entry changes at one limit only (a higher limit never ends a column
    # sooner): the tallest column of a fill that takes them all, when a hair below it does not. Once
    # that limit is found, each later step compares with it instead of filling again; the steps, and
    # so the height, are those of filling at each.
    least = None
    for _ in range(30):
        middle = (low + high) / 2
        limit = middle + 0.01
        if least is None:
            tallest = _tallest(heights, columns, limit)
            holds = tallest is not None
            if holds and _tallest(heights, columns, math.nextafter(tallest, -math.inf)) is None:
                least = tallest
        else:
            holds = limit >= least
        if holds:
            high = middle
        else:
            low = middle
    return high


def _tallest(heights: tuple[float, ...], columns: int, limit: float) -> float | None:
    """The tallest column when :func:`_fill` up to ``limit`` - 0.01 takes every entry (of these
    heights), else None: the same sums and comparisons, without building the columns, for the
    bisection that asks it again and again."""
    column, used, empty, tallest = 1, 0.0, True, 0.0
    for entry_height in heights:
        if used + entry_height > limit and not empty:
            if column == columns:
                return None
            tallest = max(tallest, used)
            column, used, empty = column + 1, 0.0, True
        if used + entry_height > limit:
            return None
        used += entry_height
        empty = False
    return max(tallest, used)


def _place(flow: "_Flow", entries: tuple[_Entry, ...], columns: int, column_width: float, height: float,
           leading: float) -> int:
    """Place the entries in columns of ``height``; returns the rows (lines) of the longest column."""
    top = flow.y
    deepest = top
    rows = 0
    # a right-to-left copy fills its columns from the right
    rtl = any(line.direction == "rtl" for entry in entries[:1] for line in entry.lines)
    for index, column in enumerate(_fill(entries, columns, height)):
        x = flow.left + index * (column_width + COLUMN_GAP)
        if rtl:
            x = flow.left + flow.width - column_width - index * (column_width + COLUMN_GAP)
        y = top
        for entry in column:
            if entry.signature is not None:
                signature = entry.signature.signature
                rule = min(column_width, 150)
                start = x + column_width - rule if rtl else x  # the signature sits on the start side
                flow.pages[-1].append(PlacedImage(signature, x + column_width - SIGNATURE_HEIGHT * 3 if rtl else x, y,
                                                  SIGNATURE_HEIGHT * 3, SIGNATURE_HEIGHT - 6))
                y += SIGNATURE_HEIGHT
                flow.pages[-1].append(PlacedRule(start, y - 3, start + rule, y - 3, 0.4))
            for line in entry.lines:
                flow.pages[-1].append(PlacedLine(line, x, y + leading * 0.78))
                y += leading
            y += entry.height - len(entry.lines) * leading - (SIGNATURE_HEIGHT if entry.signature else 0)
        deepest = max(deepest, y)
        rows = max(rows, sum(len(entry.lines) for entry in column))
    flow.y = deepest
    return rows
