"""National layouts: they load, sit where the norms put them, and fit their envelopes."""
from __future__ import annotations

import dataclasses

import pytest
import yaml

from letterpress.errors import InputError, InternalError
from letterpress.paper import PAPERS, layout_for, layout_names
from letterpress.paper.fold import address_in_envelope, check_envelope, folded_size
from letterpress.paper.geometry import MM, Rect
from letterpress.paper.load import LAYOUTS_DIR

EXPECTED = {"din-a", "din-b", "swiss-right", "swiss-left", "nf", "uk-dl", "us-9", "us-10", "jp-ll"}


def mm(rect: Rect) -> tuple[float, ...]:
    return tuple(round(v / MM, 2) for v in (rect.x, rect.y, rect.width, rect.height))


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_every_layout_loads_and_its_parts_lie_on_the_paper(name):
    layout = layout_for("ZZ", override=name)
    assert layout.name == name
    assert (layout.page_width, layout.page_height) == PAPERS[layout.paper]
    sheet = Rect(0, 0, layout.page_width, layout.page_height)
    assert sheet.contains(layout.address_field)
    assert sheet.contains(layout.letterhead)
    assert layout.letterhead.y < layout.address_field.bottom  # the letterhead is not below the window
    assert layout.address_field.bottom <= layout.date_top < layout.body_top_first
    assert layout.address_lines_max >= 5
    assert layout.source  # every file names where its numbers come from


def test_the_shipped_set_is_the_one_the_issue_asks_for():
    assert set(layout_names()) == EXPECTED


def test_yaml_files_name_their_source_in_millimetres():
    paths = sorted(LAYOUTS_DIR.glob("*.yaml"))
    assert len(paths) >= len(EXPECTED)
    for path in paths:
        data = yaml.safe_load(path.read_text("utf-8"))
        assert "KOMA-Script" in data["source"] or "unverified" in data["source"], path
        assert data["address"]["width"] < 300  # millimetres, not points


@pytest.mark.parametrize("name, field_mm", [
    ("din-b", (20, 45, 85, 45)),
    ("din-a", (20, 27, 85, 45)),
    ("nf", (100, 35, 100, 45)),
    ("swiss-right", (112, 45, 90, 45)),
    ("jp-ll", (25, 12, 90, 40)),
    ("us-9", (17.46, 55.56, 114.3, 28.58)),
])
def test_address_field_sits_where_the_reference_says(name, field_mm):
    assert mm(layout_for("ZZ", override=name).address_field) == pytest.approx(field_mm, abs=0.01)


def test_swiss_right_field_ends_8_mm_from_the_right_edge():
    layout = layout_for("CH")
    assert (layout.page_width - layout.address_field.right) / MM == pytest.approx(8, abs=0.05)


def test_us_10_is_letter_paper_with_a_window_of_four_and_a_half_by_one_and_an_eighth_inches():
    layout = layout_for("US")
    assert layout.paper == "Letter" and layout.page_width == 612 and layout.page_height == 792
    window = layout.envelope.window
    assert window.width / 72 == pytest.approx(4.5, abs=0.01)
    assert window.height / 72 == pytest.approx(1.125, abs=0.01)
    assert layout.envelope.width / 72 == pytest.approx(9.5, abs=0.01)
    assert layout.return_line_height == 0  # US letters carry the return address in the letterhead
    assert layout.margin_left == pytest.approx(72)


def test_us_10_address_field_keeps_clear_of_the_window_edges():
    """The #10 window is barely taller than a five-line address: the field lies inside it with play
    all round (at least the envelope's tolerance), so a sheet sliding by that much hides no line,
    and starts at the text's left margin."""
    layout = layout_for("US")
    field, window = address_in_envelope(layout), layout.envelope.window
    play = min(field.x - window.x, window.right - field.right, field.y - window.y, window.bottom - field.bottom)
    assert play >= layout.envelope.tolerance
    assert layout.address_field.x == pytest.approx(layout.margin_left, abs=0.1)


def test_show_windows_outlines_the_window_on_the_sheet_around_the_field():
    from letterpress.paper.fold import window_on_sheet

    layout = layout_for("US")
    window, field = window_on_sheet(layout), layout.address_field
    assert window.contains(field) and not field.contains(window)
    assert mm(window)[2:] == pytest.approx((114.3, 28.6), abs=0.01)


def test_din_marks():
    layout = layout_for("DE")
    assert [round(y / MM, 1) for y in layout.fold_marks] == [105, 210]
    assert layout.punch_mark / MM == pytest.approx(148.5)
    assert layout.margin_left / MM == pytest.approx(25) and layout.margin_right / MM == pytest.approx(20)
    assert layout.date_top / MM == pytest.approx(98.5)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_folded_letter_shows_its_address_through_the_window(name):
    """The real invariant: fold at the layout's folds, seat it in the envelope, the field is in the window."""
    layout = layout_for("ZZ", override=name)
    envelope = layout.envelope
    width, height = folded_size(layout)
    assert width <= envelope.width and height <= envelope.height
    field = address_in_envelope(layout)
    assert envelope.window.contains(field, tolerance=envelope.tolerance), (mm(field), mm(envelope.window))


def test_din_b_in_a_dl_envelope_by_hand():
    # 210 x 105 mm folded letter, centred in 220 x 110 and resting on the bottom: 5 mm right, 5 mm down.
    assert mm(address_in_envelope(layout_for("DE"))) == pytest.approx((25, 50, 85, 45))


def test_din_a_short_top_panel_lowers_the_field_by_18_mm():
    assert mm(address_in_envelope(layout_for("ZZ", override="din-a"))) == pytest.approx((25, 50, 85, 45))


def test_a_field_moved_off_the_window_is_caught():
    layout = layout_for("DE")
    moved = dataclasses.replace(layout, address_field=layout.address_field.moved(0, 15 * MM))
    with pytest.raises(InternalError, match="window"):
        check_envelope(moved)
    refolded = dataclasses.replace(layout, fold_marks=(99 * MM, 198 * MM))
    with pytest.raises(InternalError, match="window"):
        check_envelope(refolded)


@pytest.mark.parametrize("country, name", [
    ("DE", "din-b"), ("AT", "din-b"), ("CH", "swiss-right"), ("LI", "swiss-right"), ("FR", "nf"),
    ("MC", "nf"), ("GB", "uk-dl"), ("IE", "uk-dl"), ("US", "us-10"), ("CA", "us-10"), ("MX", "us-10"),
    ("PH", "us-10"), ("JP", "jp-ll"), ("TH", "din-b"), ("KR", "din-b"), ("KP", "din-b"), ("gb", "uk-dl"),
])
def test_country_chooses_the_layout(country, name):
    assert layout_for(country).name == name


def test_paper_follows_the_destination():
    assert layout_for("TH").paper == "A4" and layout_for("JP").paper == "A4"
    assert layout_for("CA").paper == "Letter"


def test_override_wins_over_the_country():
    assert layout_for("US", override="din-a").name == "din-a"


def test_override_typo_suggests_the_nearest_name():
    with pytest.raises(InputError) as caught:
        layout_for("DE", override="dinb")
    assert "dinb" in caught.value.message
    assert "'din-b'" in caught.value.hint
    with pytest.raises(InputError, match="swiss-left"):
        layout_for("CH", override="swiss-lft")


def test_layouts_are_loaded_once():
    assert layout_for("DE") is layout_for("AT")
