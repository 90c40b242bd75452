"""Page balance: no page of a letter may end as a sliver.

A continuation page is a sliver when its text fills less than a fifth of its text height, or
when it holds fewer than four rows of a signatory block that began on the page before.  Such a
page reads as an accident, so the flow is set again, in this order, until none is left:

1. a slightly tighter signatory leading (down to ``SIGNATORY_TIGHTENING[-1]`` of the normal
   leading, 1.2 times the type size for Latin) pulls the block back onto the page before, when
   that saves the page;
2. otherwise the page before ends earlier, so more rows (or lines) are carried over and both
   pages look intended.

If neither helps (a page that cannot give anything up), the first setting stands.
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Callable, Hashable

from ..cache.memo import Memo

if TYPE_CHECKING:
    from . import _Flow

SLIVER_FRACTION = 0.2  # of the text height
SLIVER_ROWS = 4  # signatory rows on a page the block continues onto
SIGNATORY_TIGHTENING = (0.96, 0.92, 0.89)  # 1.35 -> 1.2 times the size for Latin
_CARRY_TRIES = 12


# Copies of one language on one layout flow alike (only the window differs): the settings found for
# the first are reused by the others, so a batch pays for the search once per kind of copy (bounded).
_DECISIONS: Memo[tuple, tuple[float, dict[int, float]]] = Memo("page balancing decisions", 256)


def balance_pages(flow_letter: Callable[[float, dict[int, float]], "_Flow"], signatory_leading: float,
                  key: Hashable | None = None) -> "_Flow":
    """The letter flowed by ``flow_letter(tightening, shorten)`` with no sliver page, if one can be had.

    ``key`` (None: no reuse) names everything the flow depends on besides the text's identity."""
    decided = _DECISIONS.get(key) if key is not None else None
    if decided is not None:
        tightening, shorten = decided
        return flow_letter(tightening, shorten)
    tightening, shorten, flow = _search(flow_letter, signatory_leading)
    if key is not None:
        _DECISIONS.put(key, (tightening, shorten))
    return flow


def _search(flow_letter, signatory_leading: float) -> tuple[float, dict[int, float], "_Flow"]:
    flow = flow_letter(1.0, {})
    if _shortfall(flow, signatory_leading) <= 0:
        return 1.0, {}, flow
    # The tightest leading first: when even it cannot save the page, no milder one can.
    tightest = flow_letter(SIGNATORY_TIGHTENING[-1], {})
    if len(tightest.pages) < len(flow.pages) and _shortfall(tightest, signatory_leading) <= 0:
        for tightening in SIGNATORY_TIGHTENING[:-1]:  # the mildest that does
            tighter = flow_letter(tightening, {})
            if len(tighter.pages) < len(flow.pages) and _shortfall(tighter, signatory_leading) <= 0:
                return tightening, {}, tighter
        return SIGNATORY_TIGHTENING[-1], {}, tightest
    # Carry more over: end the page before the sliver earlier, a little more each try.
    last = len(flow.pages) - 1
    shorten = _shortfall(flow, signatory_leading)
    for _ in range(_CARRY_TRIES):
        carried = flow_letter(1.0, {last - 1: shorten})
        if len(carried.pages) != len(flow.pages):
            break
        missing = _shortfall(carried, signatory_leading)
        if missing <= 0 and not _is_sliver(carried, last - 1, signatory_leading):
            return 1.0, {last - 1: shorten}, carried
        shorten += max(missing, signatory_leading)
    return 1.0, {}, flow


def _shortfall(flow: "_Flow", signatory_leading: float) -> float:
    """How much more the last page needs to hold not to be a sliver (<= 0: it is fine)."""
    last = len(flow.pages) - 1
    if last == 0:
        return 0.0
    return _needed(flow, last, signatory_leading) - _filled(flow, last)


def _is_sliver(flow: "_Flow", page: int, signatory_leading: float) -> bool:
    return page > 0 and _filled(flow, page) < _needed(flow, page, signatory_leading)


def _filled(flow: "_Flow", page: int) -> float:
    ends = flow.ends + [flow.y]
    return ends[page] - flow.top_next


def _needed(flow: "_Flow", page: int, signatory_leading: float) -> float:
    layout = flow.layout
    needed = (layout.page_height - layout.margin_bottom - flow.top_next) * SLIVER_FRACTION
    rows, continued = flow.signatory_rows.get(page, (0, False))
    if continued and rows < SLIVER_ROWS:
        needed = max(needed, _filled(flow, page) + (SLIVER_ROWS - rows) * signatory_leading)
    return needed
