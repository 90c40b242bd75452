"""Issue 5: every glyph of every address lies inside its layout's window, on the letters and the envelopes.

Glyph boxes come from pdfium; window rectangles straight from the layout files (millimetres from the
top-left), so neither side of the comparison is letterpress's own arithmetic.
"""
from __future__ import annotations

from pathlib import Path

import pypdfium2 as pdfium
import pytest
import yaml

REPO = Path(__file__).resolve().parents[2]
ICNK = REPO / "letters" / "icnk-2011"
LAYOUTS = REPO / "letterpress" / "paper" / "layouts"
RECIPIENTS = yaml.safe_load((ICNK / "recipients.yaml").read_text("utf-8"))
BY_COUNTRY = {"GB": "uk-dl", "FR": "nf", "CH": "swiss-right", "US": "us-10", "TH": "din-b", "JP": "jp-ll"}
MM = 72 / 25.4


def layout(recipient: dict) -> dict:
    return yaml.safe_load((LAYOUTS / f"{recipient.get('layout') or BY_COUNTRY[recipient['address']['country']]}.yaml")
                          .read_text("utf-8"))


def address_strings(recipient: dict) -> list[str]:
    address = recipient["address"]
    if "lines" in address:
        return list(address["lines"])
    return [address["street_address"], address["postal_code"]]


def glyph_boxes(pdf: Path, page: int = 0) -> tuple[str, list[tuple[float, float, float, float]], float]:
    document = pdfium.PdfDocument(str(pdf))
    try:
        text_page = document[page].get_textpage()
        count = text_page.count_chars()
        chars = "".join(text_page.get_text_range(i, 1) or "\0" for i in range(count))
        boxes = [text_page.get_charbox(i) for i in range(count)]
        height = document[page].get_size()[1]
    finally:
        document.close()
    return chars, boxes, height


def _edges(rect: dict) -> tuple[float, float, float, float]:
    """A layout's rectangle (millimetres from the top left) as left, top, right, bottom in points."""
    left, top = rect["x"] * MM, rect["y"] * MM
    return left, top, left + rect["width"] * MM, top + rect["height"] * MM


def glyphs_of(pdf: Path, strings: list[str], label: str):
    """Each glyph of each of ``strings`` on page 1, as (string, character, left, top, right, bottom) in
    points from the page's top left. Matched ignoring white space: extraction shows the quarter-em
    CJK-Latin gap as a space."""
    chars, boxes, height = glyph_boxes(pdf)
    visible = [(i, ch) for i, ch in enumerate(chars) if not ch.isspace()]
    squeezed = "".join(ch for _, ch in visible)
    for string in strings:
        wanted = "".join(string.split())
        start = squeezed.find(wanted)
        assert start >= 0, f"{label}: {string!r} not found on page 1"
        for index, _ in visible[start:start + len(wanted)]:
            x0, y0, x1, y1 = boxes[index]  # PDF space: origin bottom-left
            yield string, chars[index], x0, height - y1, x1, height - y0


def assert_inside(pdf: Path, strings: list[str], rect: dict, label: str) -> None:
    left, top, right, bottom = _edges(rect)
    checked = 0
    for _, char, x0, glyph_top, x1, glyph_bottom in glyphs_of(pdf, strings, label):
        assert left - 0.5 <= x0 and x1 <= right + 0.5, f"{label}: {char!r} outside horizontally"
        assert top - 0.5 <= glyph_top and glyph_bottom <= bottom + 0.5, f"{label}: {char!r} outside vertically"
        checked += 1
    assert checked > 10


COPIES = [(r, lang) for r in RECIPIENTS for lang in r["languages"]]


@pytest.mark.parametrize("recipient,language", COPIES, ids=[f"{r['id']}.{l}" for r, l in COPIES])
def test_address_glyphs_lie_in_the_window(icnk_build, recipient, language):
    pdf = icnk_build / f"{recipient['id']}.{language}.pdf"
    assert_inside(pdf, address_strings(recipient), layout(recipient)["address"], pdf.name)


@pytest.mark.parametrize("recipient", RECIPIENTS, ids=[r["id"] for r in RECIPIENTS])
def test_envelope_address_lies_in_its_window(icnk_build, recipient):
    pdf = icnk_build / f"{recipient['id']}.envelope.pdf"
    envelope = layout(recipient)["envelope"]
    document = pdfium.PdfDocument(str(pdf))
    width, height = document[0].get_size()
    document.close()
    assert (round(width / MM), round(height / MM)) == (round(envelope["width"]), round(envelope["height"]))
    assert_inside(pdf, address_strings(recipient), envelope["window"], pdf.name)


RETURN_LINES = ["ICNK Secretariat", "5F 27 Bukchon-ro", "Jongno-gu", "Seoul 03053"]  # the return address (its country line is in the post's language)


@pytest.mark.parametrize("recipient", RECIPIENTS, ids=[r["id"] for r in RECIPIENTS])
def test_envelope_return_address_stays_clear_of_the_window(icnk_build, recipient):
    """The return address is printed where the window (the recipient's address) is not: on a
    Japanese 長形3号 the window is at the top left, where other envelopes carry the return address."""
    pdf = icnk_build / f"{recipient['id']}.envelope.pdf"
    left, top, right, bottom = _edges(layout(recipient)["envelope"]["window"])
    for string, _, x0, glyph_top, x1, glyph_bottom in glyphs_of(pdf, RETURN_LINES, pdf.name):
        overlaps = x0 < right and x1 > left and glyph_top < bottom and glyph_bottom > top
        assert not overlaps, f"{pdf.name}: return address {string!r} prints inside the window"


def test_show_windows_draws_the_window_outline(minimal_project, run_cli, tmp_path):
    plain, shown = tmp_path / "plain", tmp_path / "shown"
    assert run_cli("build", minimal_project, "-o", plain, "-q", "--language", "en").code == 0
    assert run_cli("build", minimal_project, "-o", shown, "-q", "--language", "en", "--show-windows").code == 0

    def ink(path: Path) -> int:
        document = pdfium.PdfDocument(str(path))
        image = document[0].render(scale=1).to_pil().convert("L")
        document.close()
        return sum(1 for value in image.tobytes() if value < 200)

    assert ink(shown / "london.en.pdf") > ink(plain / "london.en.pdf") + 200


def test_labels_and_packets(minimal_project, run_cli, tmp_path):
    out = tmp_path / "out"
    assert run_cli("build", minimal_project, "-o", out, "-q", "--labels", "--packet", "--envelopes").code == 0
    labels = pdfium.PdfDocument(str(out / "labels.pdf"))
    assert round(labels[0].get_size()[1]) == 842  # A4 3x8 sheet
    text = labels[0].get_textpage().get_text_range()
    assert "73 Gunnersbury Avenue" in text and "3 rue Asseline" in text
    labels.close()
    packet = pdfium.PdfDocument(str(out / "london.packet.pdf"))
    sizes = {tuple(round(v) for v in packet[i].get_size()) for i in range(len(packet))}
    assert (595, 842) in sizes and len(sizes) == 2  # the letters on A4 and the envelope
    packet.close()


def test_letterhead_logo_is_drawn_on_the_first_page_only(minimal_project, run_cli, tmp_path):
    from PIL import Image
    import pypdfium2.raw as pdfium_c

    Image.new("RGB", (120, 120), (30, 60, 120)).save(minimal_project / "logo.png")
    letter = minimal_project / "letter.yaml"
    letter.write_text(letter.read_text("utf-8").replace("  contact:", "  logo: logo.png\n  contact:"), "utf-8")
    body = minimal_project / "body" / "en.md"
    body.write_text(body.read_text("utf-8") + ("\nMore text to fill a second page. " * 40 + "\n") * 8, "utf-8")
    out = tmp_path / "out"
    assert run_cli("build", minimal_project, "-o", out, "-q", "--language", "en").code == 0
    document = pdfium.PdfDocument(str(out / "london.en.pdf"))
    assert len(document) >= 2
    images = [sum(1 for o in document[i].get_objects() if o.type == pdfium_c.FPDF_PAGEOBJ_IMAGE)
              for i in range(len(document))]
    document.close()
    assert images[0] == 1 and sum(images[1:]) == 0


def _recipients_in_every_layout(project: Path) -> list[str]:
    """The minimal project's London recipient once per packaged layout (``layout:`` names it), in English."""
    names = sorted(path.stem for path in LAYOUTS.glob("*.yaml"))
    entries = [{"id": f"london-{name}", "name": {"en": "Embassy of the DPRK"}, "city": {"en": "London"},
                "address": {"country": "GB", "lines": ["Embassy of the DPRK", "73 Gunnersbury Avenue",
                                                       "London W5 4LP"]},
                "languages": ["en"], "layout": name} for name in names]
    (project / "recipients.yaml").write_text(yaml.safe_dump(entries, allow_unicode=True), "utf-8")
    return names


def test_every_layouts_envelope_holds_the_address_in_its_window_and_the_return_address_beside_it(
        minimal_project, run_cli, tmp_path):
    """Each packaged envelope (DIN A and B, Swiss left and right, US 9 and 10, DL, C5/6, 長形3号),
    built: the example exercises six of them."""
    names = _recipients_in_every_layout(minimal_project)
    checked = run_cli("check", minimal_project, "--envelopes", "--labels")
    assert checked.code == 0 and f"({len(names)} recipients, {len(names)} copies and their envelopes and labels," in checked.out
    out = tmp_path / "out"
    assert run_cli("build", minimal_project, "-o", out, "-q", "--envelopes").code == 0
    for name in names:
        pdf = out / f"london-{name}.envelope.pdf"
        envelope = yaml.safe_load((LAYOUTS / f"{name}.yaml").read_text("utf-8"))["envelope"]
        assert_inside(pdf, ["Embassy of the DPRK", "73 Gunnersbury Avenue", "London W5 4LP"], envelope["window"],
                      pdf.name)
        left, top, right, bottom = _edges(envelope["window"])
        for string, _, x0, glyph_top, x1, glyph_bottom in glyphs_of(pdf, ["12 Example Street", "London N1 7AA"],
                                                                     pdf.name):
            assert not (x0 < right and x1 > left and glyph_top < bottom and glyph_bottom > top), \
                f"{pdf.name}: return address {string!r} prints inside the window"


def _lines(path: Path, old: str, new: str) -> None:
    text = path.read_text("utf-8")
    assert old in text
    path.write_text(text.replace(old, new), "utf-8")


def test_an_address_too_long_for_a_label_is_found_by_check_and_stops_the_build_before_it_writes(
        minimal_project, run_cli, tmp_path):
    """Ten lines fit the DL window of the letter, not a 36 mm label: `check --labels` says so with
    the roster's line, and `build --labels` writes nothing, not the letters first."""
    _lines(minimal_project / "recipients.yaml", "lines: [Embassy of the DPRK, 73 Gunnersbury Avenue, London W5 4LP]",
           "lines: [Embassy of the DPRK, Consular Section, Second Floor, Room 12, 73 Gunnersbury Avenue, Ealing, "
           "Greater London, Building B, London W5 4LP]")
    assert run_cli("check", minimal_project).code == 0  # the letters themselves are fine
    checked = run_cli("check", minimal_project, "--labels")
    assert checked.code == 1
    assert "recipients.yaml:5:" in checked.err and "does not fit the label (A4 label sheet)" in checked.err
    out = tmp_path / "out"
    built = run_cli("build", minimal_project, "-o", out, "--labels")
    assert built.code == 1 and "does not fit the label" in built.err
    assert not list(out.glob("*.pdf"))


def test_a_return_address_with_no_room_beside_the_window_is_found_by_check_at_the_senders_address(
        minimal_project, run_cli, tmp_path):
    """A 長形3号's window takes the top left, so the return address goes to the bottom left: one too
    tall for the room below the window is named at the sender's address in letter.yaml."""
    _lines(minimal_project / "letter.yaml", "lines: [12 Example Street, London N1 7AA]",
           "lines: [" + ", ".join(f"Floor {n}" for n in range(1, 21)) + ", 12 Example Street, London N1 7AA]")
    _lines(minimal_project / "recipients.yaml", "  languages: [en, ko]\n", "  languages: [en, ko]\n  layout: jp-ll\n")
    assert run_cli("check", minimal_project).code == 0
    checked = run_cli("check", minimal_project, "--envelopes")
    assert checked.code == 1
    assert "letter.yaml:9:" in checked.err and "the return address has no room" in checked.err
    out = tmp_path / "out"
    assert run_cli("build", minimal_project, "-o", out, "--envelopes").code == 1
    assert not list(out.glob("*.pdf"))
