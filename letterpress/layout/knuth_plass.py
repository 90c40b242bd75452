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
    """Material that stays whole: a cluster or a word of them."""

    width: float


@dataclass(slots=True)
class Glue:
    """Space that may stretch or shrink; a line may break at it when a box comes before it."""

    width: float
    stretch: float
    shrink: float
    first: bool = False  # adjusted before the others when a line is justified (jlreq 3.8)


@dataclass(slots=True)
class Penalty:
    """A possible break that costs ``cost``, with ``width`` of material (a hyphen) only when taken."""

    width: float  # added to the line when the break is taken here (a hyphen)
    cost: float  # >= INFINITE: never break; <= -INFINITE: always break
    flagged: bool = False  # a hyphen: two in a row cost more


Item = Box | Glue | Penalty


def prefix_sums(items: list[Item]) -> tuple:
    """What :func:`break_lines` reads of ``items`` at any measure: the prefix sums of widths, stretch
    and shrink up to (not including) each item, the candidate breaks, each as (index, the width and
    cost of its penalty, flagged, forced), and whether the sums only grow. A caller that breaks the
    same items at several measures or tolerances makes it once."""
    n = len(items)
    sum_w = [0.0] * (n + 1)
    sum_y = [0.0] * (n + 1)
    sum_z = [0.0] * (n + 1)
    w = y = z = 0.0
    candidates = []
    previous_is_box = False
    # With no negative width or stretch, the prefix sums only grow: see the loop over active breaks.
    growing = True
    for i, item in enumerate(items):
        kind = type(item)
        if kind is Box:
            w += item.width
            if item.width < 0:
                growing = False
        elif kind is Glue:
            if previous_is_box:
                candidates.append((i, 0.0, 0.0, False, False))
            w += item.width
            y += item.stretch
            z += item.shrink
            if item.width < 0 or item.stretch < 0:
                growing = False
        elif item.cost < INFINITE:
            candidates.append((i, item.width, item.cost, item.flagged, item.cost <= -INFINITE))
        previous_is_box = kind is Box
        sum_w[i + 1], sum_y[i + 1], sum_z[i + 1] = w, y, z
    return sum_w, sum_y, sum_z, candidates, growing


def break_lines(items: list[Item], width: float, *, tolerance: float = 3.0, looseness_cost: float = 0.0,
                first_width: float | None = None, line_stretch: float = 0.0, sums: tuple | None = None
                ) -> list[int] | None:
    """Indices of the items to break at (a Glue or Penalty), the last one the paragraph's end.

    ``line_stretch`` is extra stretchability every line has at its end: ragged-right text
    passes a large one (TeX's ``\\rightskip``), so a short line is not "infeasible". ``sums``:
    :func:`prefix_sums` of the items, when the caller keeps them.
    Returns None when no set of breaks keeps every line's adjustment ratio within ``tolerance``.
    """
    n = len(items)
    sum_w, sum_y, sum_z, candidates, growing = sums if sums is not None else prefix_sums(items)

    # best[b] = (total demerits, previous break, line number, flagged)
    best: dict[int, tuple[float, int, int, bool]] = {-1: (0.0, -1, 0, False)}
    start = _line_start(items, -1)
    # Active breaks, each with what its next line needs: where it starts (as prefix sums), its
    # measure, and the break's own (total demerits, line number, flagged). This is the hot loop
    # of line breaking (candidates x active breaks), so everything it reads is in the tuple.
    active = [(-1, sum_w[start], sum_y[start] - line_stretch, sum_z[start],
               width if first_width is None else first_width, 0.0, 0, False)]
    for b, penalty_width, penalty_cost, flagged, forced in candidates:
        at_w, at_y, at_z = sum_w[b] + penalty_width, sum_y[b], sum_z[b]
        choice = None
        still_active = []
        for index, node in enumerate(active):
            a, from_w, from_y, from_z, line_width, total, lines, was_flagged = node
            natural = at_w - from_w
            if natural < line_width:
                stretch = at_y - from_y
                ratio = (line_width - natural) / stretch if stretch > 0 else INFINITE
            elif natural > line_width:
                shrink = at_z - from_z
                ratio = (line_width - natural) / shrink if shrink > 0 else -INFINITE
            else:
                ratio = 0.0
            if ratio < -1:
                continue  # overfull: this and later breaks are impossible from a
            still_active.append(node)
            if ratio > tolerance and not forced:
                if growing and (a != -1 or line_width == width):
                    # Active breaks are in paragraph order, and every one after this starts its line
                    # later: a line from it is no wider and stretches no more, so it is looser still
                    # (neither feasible nor overfull). They stay active, unexamined.
                    still_active += active[index + 1:]
                    break
                continue
            badness = 100 * abs(ratio) ** 3 if ratio < INFINITE else INFINITE
            if penalty_cost >= 0:
                demerits = (1 + badness + penalty_cost) ** 2
            elif penalty_cost > -INFINITE:
                demerits = (1 + badness) ** 2 - penalty_cost ** 2
            else:
                demerits = (1 + badness) ** 2
            if flagged and was_flagged:
                demerits += 10000  # TeX's \\doublehyphendemerits
            demerits += looseness_cost
            if choice is None or total + demerits < choice[0]:
                choice = (total + demerits, a, lines + 1, flagged)
        active = still_active
        if choice is not None:
            best[b] = choice
            start = _line_start(items, b)
            node = (b, sum_w[start], sum_y[start] - line_stretch, sum_z[start], width, choice[0], choice[2], flagged)
            if forced:
                active = [node]
            else:
                active.append(node)  # still_active: a new list each candidate
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


def greedy_breaks(items: list[Item], width: float) -> list[int]:
    """Last resort: break at the last candidate that fits, or anywhere."""
    breaks, used = [], 0.0
    last = None
    for index, item in enumerate(items):
        if isinstance(item, (Glue, Penalty)) and (not isinstance(item, Penalty) or item.cost < INFINITE):
            last = index
        used += item.width if not isinstance(item, Penalty) else 0.0
        if used > width and last is not None:
            breaks.append(last)
            used = 0.0
            last = None
    breaks.append(len(items) - 1)
    return breaks
