"""No sliver page (:mod:`letterpress.typeset.balance`), on blocks of known line counts: the page
balancer is given the flow as a function of the signatory leading and of where pages end."""
from __future__ import annotations

from letterpress.paper import load_layout
from letterpress.typeset import _Block, _Flow, _flow_blocks
from letterpress.typeset.balance import SLIVER_FRACTION, balance_pages

LEADING = 12.0
LAYOUT = load_layout("din-b")


def page_one_lines() -> int:
    return int((LAYOUT.page_height - LAYOUT.margin_bottom - LAYOUT.body_top_first + 0.01) // LEADING)


def flow_of(text_lines: int, signatory_lines: int):
    """The flow function balance_pages takes: a text block, then a block standing for the
    signatories, whose leading the balancer may tighten."""
    def flow_letter(tightening: float, shorten: dict[int, float]) -> _Flow:
        flow = _Flow(LAYOUT, [[]], LAYOUT.body_top_first, dict(shorten))
        blocks = [_Block(tuple(f"a{i}" for i in range(text_lines)), LEADING, 0.0, 70.0)]
        if signatory_lines:
            blocks.append(_Block(tuple(f"s{i}" for i in range(signatory_lines)), LEADING * tightening, 0.0, 70.0))
        _flow_blocks(flow, blocks, first_entry_height=0.0)
        return flow

    return flow_letter


def lines_on(flow: _Flow) -> list[list[str]]:
    return [[placed.line for placed in page] for page in flow.pages]


def test_a_last_page_of_two_lines_takes_more_from_the_page_before():
    n = page_one_lines()
    plain = flow_of(n + 1, 0)(1.0, {})
    assert [len(page) for page in lines_on(plain)] == [n - 1, 2]  # the sliver, as first set
    balanced = lines_on(balance_pages(flow_of(n + 1, 0), LEADING))
    text_height = LAYOUT.page_height - LAYOUT.margin_bottom - plain.top_next
    assert len(balanced) == 2 and len(balanced[1]) * LEADING >= SLIVER_FRACTION * text_height
    assert sum(balanced, []) == [f"a{i}" for i in range(n + 1)]


def test_a_signatory_block_a_few_lines_too_long_is_pulled_back_by_a_tighter_leading():
    # eleven signatory lines in the room of ten: at 0.89 of the leading (10.68 pt) they fit
    n = page_one_lines()
    plain = flow_of(n - 10, 11)(1.0, {})
    assert len(plain.pages) == 2
    balanced = balance_pages(flow_of(n - 10, 11), LEADING)
    assert len(balanced.pages) == 1 and lines_on(balanced)[0][-1] == "s10"


def block_of(*entry_lines: int):
    """A signatory block of one column whose entries have these line counts."""
    from letterpress.typeset.signatories import Measured, _Entry

    return Measured(1, 400.0, tuple(_Entry(("x",) * lines, lines * LEADING + 4.0, None) for lines in entry_lines))


def test_a_copy_set_in_other_fonts_balances_its_own_pages():
    """The page balance found for one copy is reused by alike copies only with a signatory block of
    the same shape: its entries' line counts (so the block's height) come from the fonts that set
    them, and the body's line counts alone do not show it."""
    from letterpress.typeset import _flow_key

    blocks = [_Block(("a", "b"), LEADING, 0.0, 70.0)]
    keys = {_flow_key(LAYOUT, blocks, [], signatures, LEADING) for signatures in (block_of(1, 1), block_of(1, 2))}
    assert len(keys) == 2


def test_layouts_that_differ_only_in_their_window_share_their_page_balance():
    """The flow reads a layout's heights, not its name or its window: copies on two such layouts
    (DIN 5008 B and the Swiss layout with the window on the right) are balanced once."""
    from dataclasses import replace

    from letterpress.typeset import _flow_key

    blocks = [_Block(("a", "b"), LEADING, 0.0, 70.0)]
    swiss = load_layout("swiss-right")
    assert swiss.name != LAYOUT.name and swiss.address_field != LAYOUT.address_field
    assert _flow_key(swiss, blocks, [], block_of(1), LEADING) == _flow_key(LAYOUT, blocks, [], block_of(1), LEADING)
    lower = replace(swiss, body_top_first=swiss.body_top_first + LEADING)  # the text starts a line lower
    assert _flow_key(lower, blocks, [], block_of(1), LEADING) != _flow_key(LAYOUT, blocks, [], block_of(1), LEADING)


def test_the_blocks_after_the_signatures_are_told_apart_from_those_before():
    from letterpress.typeset import _flow_key

    one, two = _Block(("a",), LEADING, 0.0, 70.0), _Block(("b", "c"), LEADING, 0.0, 70.0)
    assert _flow_key(LAYOUT, [one], [two], block_of(1), LEADING) != _flow_key(LAYOUT, [one, two], [], block_of(1),
                                                                               LEADING)
