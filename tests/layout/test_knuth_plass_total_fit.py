"""Knuth–Plass finds the least total demerits: checked against a search of every set of breaks.

The breaker skips the active breaks it can prove too loose (they start their lines later than one
already too loose); the search below skips nothing, so a shortcut that dropped a feasible break,
or kept an overfull one, would show as a different total. Paragraphs with a negative width inside
a word (a kern, a narrowed punctuation mark) are included: the breaker then skips nothing. (Like
every total-fit breaker, it takes no span between two breaks to be narrower than nothing.)
"""
from __future__ import annotations

import math

from hypothesis import given, settings
from hypothesis import strategies as st

from letterpress.layout.knuth_plass import INFINITE, Box, Glue, Penalty, break_lines, prefix_sums


def _total_demerits(items, breaks, width, tolerance, first_width) -> float | None:
    """The breaks' total demerits as break_lines scores them, or None when a line is infeasible."""
    sums = [(0.0, 0.0, 0.0)]
    w = y = z = 0.0
    for item in items:
        if type(item) is not Penalty:
            w += item.width
            if type(item) is Glue:
                y += item.stretch
                z += item.shrink
        sums.append((w, y, z))
    total, previous = 0.0, -1
    for number, b in enumerate(breaks):
        start = previous + 1
        while start < len(items) and type(items[start]) is not Box and not (
                type(items[start]) is Penalty and items[start].cost <= -INFINITE):
            start += 1
        item = items[b]
        penalty = item if type(item) is Penalty else None
        natural = sums[b][0] + (penalty.width if penalty else 0.0) - sums[start][0]
        line_width = first_width if number == 0 else width
        if natural < line_width:
            stretch = sums[b][1] - sums[start][1]
            ratio = (line_width - natural) / stretch if stretch > 0 else INFINITE
        elif natural > line_width:
            shrink = sums[b][2] - sums[start][2]
            ratio = (line_width - natural) / shrink if shrink > 0 else -INFINITE
        else:
            ratio = 0.0
        forced = penalty is not None and penalty.cost <= -INFINITE
        if ratio < -1 or (ratio > tolerance and not forced):
            return None
        badness = 100 * abs(ratio) ** 3 if ratio < INFINITE else INFINITE
        cost = penalty.cost if penalty else 0.0
        if cost >= 0:
            total += (1 + badness + cost) ** 2
        elif cost > -INFINITE:
            total += (1 + badness) ** 2 - cost ** 2
        else:
            total += (1 + badness) ** 2
        previous = b
    return total


def _best_by_search(items, width, tolerance, first_width) -> float | None:
    candidates = [i for i, item in enumerate(items[:-1])
                  if (type(item) is Glue and i and type(items[i - 1]) is Box)
                  or (type(item) is Penalty and item.cost < INFINITE)]
    best = None
    for mask in range(1 << len(candidates)):
        breaks = [c for bit, c in enumerate(candidates) if mask >> bit & 1] + [len(items) - 1]
        total = _total_demerits(items, breaks, width, tolerance, first_width)
        if total is not None and (best is None or total < best):
            best = total
    return best


@st.composite
def paragraphs(draw):
    """Words (boxes, now and then split by a hyphenation penalty) between spaces, ended as
    break_items ends a paragraph; with ``kerned``, some boxes narrower than nothing (as a kern)."""
    kerned = draw(st.booleans())
    items = []
    for index in range(draw(st.integers(4, 8))):
        if index:
            items.append(Glue(draw(st.floats(2, 6)), draw(st.floats(0, 3)), draw(st.floats(0, 2))))
        items.append(Box(draw(st.floats(4, 40))))
        if kerned and draw(st.booleans()):
            items.append(Box(-draw(st.floats(0.1, 3))))  # a kern: the word stays wider than nothing
        if draw(st.integers(0, 3)) == 0:
            items.append(Penalty(draw(st.floats(0, 4)), draw(st.floats(0, 100))))
            items.append(Box(draw(st.floats(4, 20))))
    items += [Penalty(0, INFINITE), Glue(0, 1e6, 0), Penalty(0, -INFINITE)]
    return items


@settings(max_examples=200, deadline=None)
@given(paragraphs(), st.floats(30, 90), st.sampled_from([1.0, 2.5, 20.0]), st.floats(0, 15))
def test_break_lines_finds_the_least_total_demerits(items, width, tolerance, indent):
    first_width = width - indent
    breaks = break_lines(items, width, tolerance=tolerance, first_width=first_width)
    best = _best_by_search(items, width, tolerance, first_width)
    if best is None:
        assert breaks is None
        return
    assert breaks is not None and breaks[-1] == len(items) - 1
    found = _total_demerits(items, breaks, width, tolerance, first_width)
    assert found is not None and math.isclose(found, best, rel_tol=1e-9, abs_tol=1e-9)


@settings(max_examples=100, deadline=None)
@given(paragraphs(), st.lists(st.tuples(st.floats(30, 90), st.sampled_from([1.0, 2.5, 20.0])), min_size=1, max_size=4))
def test_prefix_sums_kept_for_several_measures_give_the_same_breaks(items, measures):
    # layout makes a paragraph's prefix sums once and breaks it at each measure (and tolerance) from them
    sums = prefix_sums(items)
    for width, tolerance in measures:
        assert break_lines(items, width, tolerance=tolerance, sums=sums) == break_lines(items, width, tolerance=tolerance)
