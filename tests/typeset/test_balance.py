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


def test_a_copy_set_in_other_fonts_balances_its_own_pages():
    """The page balance found for one copy is reused by alike copies only with the same fonts: the
    signatory entries' line counts (so the block's height) come from them, and the body's line counts
    alone do not show it."""
    from types import SimpleNamespace

    from letterpress.typeset import _flow_key

    document = SimpleNamespace(language="en", signatories=())
    blocks = [_Block(("a", "b"), LEADING, 0.0, 70.0)]
    keys = {_flow_key(LAYOUT, blocks, document, SimpleNamespace(key=fonts)) for fonts in ("narrow", "wide")}
    assert len(keys) == 2
