"""Which side of the page things go to, in a left-to-right and a right-to-left copy: a whole copy
typeset on a fixed-advance font (every Latin and Hebrew letter half an em), so each edge is a number.

The copy is built here as a compose.Document (the typesetter's input), not from a project."""
from __future__ import annotations

import datetime as dt
import io

import pytest

from fontmaker import ASCII, fixed_advance_font
from letterpress.compose.document import AddressBlock, Document, Letterhead, Metadata, TextBlock
from letterpress.fonts.face import FontSet, face_from_sfnt
from letterpress.paper import load_layout
from letterpress.text import Run
from letterpress.typeset import typeset_document

HEBREW = "אבגדהוזחטיכלמנסעפצקרשת"
LAYOUT = load_layout("din-b")  # letterhead 25 mm from the left, date on the right
MM = 72 / 25.4
LEFT = LAYOUT.margin_left
MEASURE = LAYOUT.page_width - LAYOUT.margin_left - LAYOUT.margin_right
BODY = 10.5
# one word per block, so each block's lines can be told apart
WORDS = {"en": ("aaaa", "bbbb", "cccc", "dddd"), "he": ("אבגד", "הוזח", "טיכל", "מנסע")}


@pytest.fixture(scope="module")
def fonts() -> FontSet:
    data = io.BytesIO()
    fixed_advance_font("Fixed Bidi", ASCII + HEBREW).save(data)
    face = face_from_sfnt(data.getvalue())
    return FontSet({(language, style): (face,) for language in ("en", "he")
                    for style in ("regular", "bold", "italic", "bold-italic")})


@pytest.fixture(autouse=True)
def _no_line_cache(monkeypatch):
    monkeypatch.setenv("LETTERPRESS_LAYOUT_CACHE", "0")


def block(language: str, word: str, **options) -> TextBlock:
    return TextBlock((Run(" ".join([word] * 40), language),), **options)


def document(language: str, body: tuple[TextBlock, ...]) -> Document:
    plain = lambda text: TextBlock((Run(text, language),))  # noqa: E731
    name = "Coalition" if language == "en" else "קואליציה"
    return Document(
        recipient_id="r1", language=language, destination="DE", requested_layout="din-b",
        letterhead=Letterhead(name, ("1 Street", "Town"), None, None, language),
        address=AddressBlock("Sender, 1 Street, Town", ("Mission", "2 Road", "Geneva"), (), 0, "en"),
        date_line="23.11.2026", reference_line=None, running_header="Mission, 23.11.2026",
        subject=plain("Subject"), salutation=plain("Dear Sir,"), body=body, closing=plain("Yours,"),
        signatories_heading=None, signatories=(),
        metadata=Metadata("t", "a", "s", "k", language, dt.date(2026, 11, 23)))


def lines_with(typeset, text: str) -> list[tuple[float, float]]:
    """(left, right) page edges of the ink of every page-1 line that contains ``text`` (or, as
    Line.text reads a right-to-left line as drawn, ``text`` reversed)."""
    found = []
    for placed in typeset.pages[0].lines:
        if text in placed.line.text or text[::-1] in placed.line.text:
            runs = placed.line.runs
            found.append((placed.x + min(r.x for r in runs), placed.x + max(r.x + r.width for r in runs)))
    return found


@pytest.mark.parametrize("language", ["en", "he"])
@pytest.mark.parametrize("options, start, end", [(dict(bullet=True), BODY * 1.2, 0.0),
                                                 (dict(quote=True), BODY * 2, BODY * 2)])
def test_a_bullet_is_indented_on_the_start_side_and_a_quotation_on_both(fonts, language, options, start, end):
    word = WORDS[language][0]
    typeset = typeset_document(document(language, (block(language, word, **options),)), fonts)
    edges = lines_with(typeset, word)
    assert len(edges) >= 3
    left_in, right_in = (start, end) if language == "en" else (end, start)
    for left, right in edges[:-1]:  # justified: every line but the last spans the measure less the indents
        assert left == pytest.approx(LEFT + left_in) and right == pytest.approx(LEFT + MEASURE - right_in)


@pytest.mark.parametrize("language", ["en", "he"])
def test_a_list_number_hangs_on_the_start_side_of_its_item(fonts, language):
    word = WORDS[language][1]
    typeset = typeset_document(document(language, (block(language, word, marker="7."),)), fonts)
    text_edges = lines_with(typeset, word)
    ((number_left, number_right),) = lines_with(typeset, "7")
    if language == "en":
        assert number_right < min(left for left, _ in text_edges)
    else:
        assert number_left > max(right for _, right in text_edges)


@pytest.mark.parametrize("language", ["en", "he"])
def test_the_letterhead_and_the_date_are_mirrored_in_a_right_to_left_copy(fonts, language):
    typeset = typeset_document(document(language, (block(language, WORDS[language][3]),)), fonts)
    ((name_left, name_right),) = lines_with(typeset, "Coalition" if language == "en" else "קואליציה")
    ((date_left, date_right),) = lines_with(typeset, "23.11.2026")
    if language == "en":  # 25 mm from the left edge; the date flush right
        assert name_left == pytest.approx(25 * MM) and date_right == pytest.approx(LEFT + MEASURE)
    else:  # 25 mm from the right edge; the date flush left
        assert name_right == pytest.approx(LAYOUT.page_width - 25 * MM) and date_left == pytest.approx(LEFT)
