"""Total-fit line breaking (Knuth & Plass, 1981) over boxes, glue and penalties.

Greedy filling decides each line alone and leaves loose lines where a better
break earlier would have avoided them; the total-fit algorithm chooses all the
breaks of a paragraph together, minimising the sum of the lines' demerits.
This is the dynamic-programming form (every feasible break keeps its best
predecessor), which is exact and fast enough for letter paragraphs.
"""
from __future__ import annotations

from dataclasses import dataclass

INFINITE = 10_000


@dataclass(slots=True)
class Box:
    width: float


@dataclass(slots=True)
class Glue:
    width: float
    stretch: float
    shrink: float
    first: bool = False  # adjusted before the others when a line is justified (jlreq 3.8)


@dataclass(slots=True)
class Penalty:
    width: float  # added to the line when the break is taken here (a hyphen)
    cost: float  # >= INFINITE: never break; <= -INFINITE: always break
    flagged: bool = False  # a hyphen: two in a row cost more


Item = Box | Glue | Penalty


def break_lines(items: list[Item], width: float, *, tolerance: float = 3.0, looseness_cost: float = 0.0,
                first_width: float | None = None, line_stretch: float = 0.0) -> list[int] | None:
    """Indices of the items to break at (a Glue or Penalty), the last one the paragraph's end.

    ``line_stretch`` is extra stretchability every line has at its end: ragged-right text
    passes a large one (TeX's ``\\rightskip``), so a short line is not "infeasible".
    Returns None when no set of breaks keeps every line's adjustment ratio within ``tolerance``.
    """
    n = len(items)
    # prefix sums of widths, stretch and shrink up to (not including) item i
    sum_w = [0.0] * (n + 1)
    sum_y = [0.0] * (n + 1)
    sum_z = [0.0] * (n + 1)
    for i, item in enumerate(items):
        w = y = z = 0.0
        if isinstance(item, Box):
            w = item.width
        elif isinstance(item, Glue):
            w, y, z = item.width, item.stretch, item.shrink
        sum_w[i + 1], sum_y[i + 1], sum_z[i + 1] = sum_w[i] + w, sum_y[i] + y, sum_z[i] + z

    candidates = [i for i, item in enumerate(items)
                  if (isinstance(item, Penalty) and item.cost < INFINITE)
                  or (isinstance(item, Glue) and i > 0 and isinstance(items[i - 1], Box))]
    # best[b] = (total demerits, previous break, line number, flagged)
    best: dict[int, tuple[float, int, int, bool]] = {-1: (0.0, -1, 0, False)}
    active = [-1]
    starts = {-1: _line_start(items, -1)}  # where the line after each active break begins
    for b in candidates:
        item = items[b]
        penalty_width = item.width if isinstance(item, Penalty) else 0.0
        penalty_cost = item.cost if isinstance(item, Penalty) else 0.0
        flagged = isinstance(item, Penalty) and item.flagged
        forced = isinstance(item, Penalty) and item.cost <= -INFINITE
        choice = None
        still_active = []
        for a in active:
            start = starts[a]
            natural = sum_w[b] - sum_w[start] + penalty_width
            stretch = sum_y[b] - sum_y[start] + line_stretch
            shrink = sum_z[b] - sum_z[start]
            line_width = first_width if (a == -1 and first_width is not None) else width
            if natural < line_width:
                ratio = (line_width - natural) / stretch if stretch > 0 else INFINITE
            elif natural > line_width:
                ratio = (line_width - natural) / shrink if shrink > 0 else -INFINITE
            else:
                ratio = 0.0
            if ratio < -1:
                continue  # overfull: this and later breaks are impossible from a
            still_active.append(a)
            if ratio > tolerance and not forced:
                continue
            badness = 100 * abs(ratio) ** 3 if ratio < INFINITE else INFINITE
            if penalty_cost >= 0:
                demerits = (1 + badness + penalty_cost) ** 2
            elif penalty_cost > -INFINITE:
                demerits = (1 + badness) ** 2 - penalty_cost ** 2
            else:
                demerits = (1 + badness) ** 2
            total, _, lines, was_flagged = best[a]
            if flagged and was_flagged:
                demerits += 10000  # TeX's \\doublehyphendemerits
            demerits += looseness_cost
            candidate = (total + demerits, a, lines + 1, flagged)
            if choice is None or candidate[0] < choice[0]:
                choice = candidate
        active = still_active
        if choice is not None:
            best[b] = choice
            active.append(b)
            starts[b] = _line_start(items, b)
        if forced:
            active = [b] if choice is not None else active
    end = n - 1
    if end not in best:
        return None
    breaks = []
    b = end
    while b != -1:
        breaks.append(b)
        b = best[b][1]
    return breaks[::-1]


def _line_start(items: list[Item], previous_break: int) -> int:
    """The first item of a line after a break: glue and penalties at a line start are discarded."""
    i = previous_break + 1
    while i < len(items) and not isinstance(items[i], Box):
        if isinstance(items[i], Penalty) and items[i].cost <= -INFINITE:
            break
        i += 1
    return i
