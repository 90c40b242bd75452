"""Issue 15: the keeps of the page flow, on blocks of known line counts (the flow needs nothing else)."""
from __future__ import annotations

from letterpress.paper import load_layout
from letterpress.typeset import _Block, _Flow, _flow_blocks

LEADING = 12.0


def block(count: int, tag: str, keep: bool = False, space: float = 0.0) -> _Block:
    return _Block(tuple(f"{tag}{i}" for i in range(count)), LEADING, space, 70.0, keep)


def flowed(*blocks: _Block) -> list[list[str]]:
    layout = load_layout("din-b")
    flow = _Flow(layout, [[]], layout.body_top_first)
    _flow_blocks(flow, list(blocks), first_entry_height=0.0)
    return [[placed.line for placed in page] for page in flow.pages]


def page_one_lines() -> int:
    layout = load_layout("din-b")
    return int((layout.page_height - layout.margin_bottom - layout.body_top_first + 0.01) // LEADING)


def test_the_last_paragraph_keeps_two_lines_with_the_closing():
    """The paragraph fills page 1 exactly: the closing cannot follow it there, so two of its lines
    go over with the closing rather than leave the closing alone at the top of page 2."""
    pages = flowed(block(page_one_lines(), "p", keep=True), block(1, "closing", space=6.0))
    assert len(pages) == 2
    assert pages[1][-1] == "closing0" and pages[1][:-1] == [f"p{page_one_lines() - 2}", f"p{page_one_lines() - 1}"]


def test_no_paragraph_leaves_one_line_at_a_page_foot_or_carries_one_over():
    n = page_one_lines()
    pages = flowed(block(n - 1, "a"), block(4, "b", space=6.0))  # room for b's first line only
    assert all(line.startswith("a") for line in pages[0])  # b moves whole: no orphan
    pages = flowed(block(n + 1, "a"))  # one line too many for page 1
    assert len(pages[1]) >= 2  # no widow: two lines go over


def test_a_paragraph_that_would_leave_one_line_at_the_foot_starts_the_next_page():
    n = page_one_lines()
    pages = flowed(block(n - 1, "a"), block(4, "b"))  # exactly one line of room left for b
    assert pages[0] == [f"a{i}" for i in range(n - 1)]
    assert pages[1] == ["b0", "b1", "b2", "b3"]


def test_a_line_goes_on_a_page_only_with_its_footnote():
    from letterpress.typeset.notes import SetNote, foot_height

    layout = load_layout("din-b")
    n = page_one_lines()
    note = SetNote("¹", ("n0", "n1", "n2"), LEADING)  # 36 pt, 46 with the rule above it
    # four lines of room for b, whose second line refers to the note: b0, b1 and the note do not fit
    text = _Block(tuple(f"a{i}" for i in range(n - 4)), LEADING, 0.0, 70.0)
    referring = _Block(("b0", "b1", "b2", "b3"), LEADING, 0.0, 70.0, notes=((), (note,), (), ()))
    flow = _Flow(layout, [[]], layout.body_top_first)
    _flow_blocks(flow, [text, referring], first_entry_height=0.0)
    pages = [[placed.line for placed in page] for page in flow.pages]
    page = next(index for index, lines in enumerate(pages) if "b1" in lines)
    assert flow.feet[page] == [note]
    tops = [layout.body_top_first] + [flow.top_next] * (len(pages) - 1)
    for index, lines in enumerate(pages):  # every page's lines and notes fit above its bottom margin
        room = layout.page_height - layout.margin_bottom - tops[index]
        assert len(lines) * LEADING + foot_height(flow.feet[index]) <= room + 0.01, index
