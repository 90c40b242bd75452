"""Where things go on the page, in a left-to-right, a right-to-left and a Japanese copy: a whole
copy typeset on a fixed-advance font (every Latin and Hebrew letter half an em, ideographs an
em), so each edge and each line's place is a number.

The copy is built here as a compose.Document (the typesetter's input), not from a project."""
from __future__ import annotations

import datetime as dt
import io

import pytest

from fontmaker import FIXED_CHARS, fixed_advance_font
from letterpress.compose.document import AddressBlock, Document, Letterhead, Metadata, TextBlock
from letterpress.compose.letterform import DEFAULT as DEFAULT_FORM, LetterForm
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
    fixed_advance_font("Fixed Bidi", FIXED_CHARS + HEBREW).save(data)
    face = face_from_sfnt(data.getvalue())
    return FontSet({(language, style): (face,) for language in ("en", "he", "ja", "my", "km", "lo")
                    for style in ("regular", "bold", "italic", "bold-italic")})


@pytest.fixture(autouse=True)
def _no_line_cache(monkeypatch):
    monkeypatch.setenv("LETTERPRESS_LAYOUT_CACHE", "0")


def block(language: str, word: str, **options) -> TextBlock:
    return TextBlock((Run(" ".join([word] * 40), language),), **options)


def document(language: str, body: tuple[TextBlock, ...], layout: str = "din-b",
             form: LetterForm = DEFAULT_FORM, name: str = "") -> Document:
    plain = lambda text: TextBlock((Run(text, language),))  # noqa: E731
    name = name or ("קואליציה" if language == "he" else "Coalition")
    return Document(
        recipient_id="r1", language=language, destination="DE", requested_layout=layout, form=form,
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
    else:  # the name ends where the text's lines end (the right margin is 20 mm); the date flush left
        assert LAYOUT.margin_right != LAYOUT.margin_left
        assert name_right == pytest.approx(LEFT + MEASURE, abs=0.01) and date_left == pytest.approx(LEFT)


def test_a_narrow_letterhead_is_mirrored_within_the_text_not_the_page(fonts):
    """swiss-right's letterhead box is 25-105 mm, the text 25-190 mm: a right-to-left copy's box is
    the text's mirror, 110-190 mm, so the name ends where the lines end (the page's mirror would
    put it at 185 mm, 5 mm short of the right margin)."""
    typeset = typeset_document(document("he", (block("he", WORDS["he"][3]),), layout="swiss-right"), fonts)
    ((_, name_right),) = lines_with(typeset, "קואליציה")
    assert name_right == pytest.approx(LEFT + MEASURE, abs=0.01)


@pytest.mark.parametrize("language, leading", [("en", 14.18), ("ja", 17.85), ("my", 19.43), ("km", 19.43),
                                               ("lo", 17.32)])
def test_japanese_paragraphs_take_an_em_of_indent_and_more_leading(fonts, language, leading):
    """The letter form's first-line indent (ja: one em) and CJK's leading of 1.7 times the size
    (Latin: 1.35); Burmese and Khmer 1.85, Lao 1.65, whose stacked marks would touch the next line
    at 1.35. (The fixed-advance face sets every language's text: the spacing follows the language.)"""
    text = "日本語中文字" * 30 if language == "ja" else " ".join(["aaaa"] * 60)
    form = LetterForm("ja", paragraph_indent=1.0) if language == "ja" else DEFAULT_FORM
    typeset = typeset_document(document(language, (TextBlock((Run(text, language),)),), form=form), fonts)
    body = [placed for placed in typeset.pages[0].lines if set(placed.line.text) <= set(text)]
    assert len(body) >= 3
    starts = [placed.x + placed.line.runs[0].x for placed in body]
    assert starts[0] == pytest.approx(LEFT + (BODY if language == "ja" else 0.0))
    assert starts[1:] == [pytest.approx(LEFT)] * (len(body) - 1)
    assert [b.baseline - a.baseline for a, b in zip(body, body[1:])] == [pytest.approx(leading)] * (len(body) - 1)


def test_a_continuation_page_starts_its_text_clear_of_the_running_headers_rule(fonts):
    """US Letter's top margin is deeper than its 30 mm body start allows for the header and its rule:
    the text starts 9 pt below the rule, whatever the layout says."""
    body = tuple(block("en", word) for word in ("aaaa", "bbbb", "cccc", "dddd") * 3)
    typeset = typeset_document(document("en", body, layout="us-10"), fonts)
    assert len(typeset.pages) >= 2
    page = typeset.pages[1]
    (rule,) = [r for r in page.rules if r.y1 == r.y2 and r.x2 - r.x1 > 300]  # the header's rule
    below = [placed for placed in page.lines if placed.baseline > rule.y1]
    first = min(below, key=lambda placed: placed.baseline)
    assert first.baseline - first.line.ascent >= rule.y1 + 9.0 - 0.01


def test_a_long_sender_name_is_set_smaller_to_stay_on_two_lines(fonts):
    """The letterhead box is 165 mm, the name gets 85 % of it (397.6 pt): thirteen words of ten
    letters and spaces take three lines at 14, 13 and 12 pt (7, 6.5 and 6 pt a letter), two at 11."""
    name = " ".join(["Coalition"] * 13)  # 129 letters and spaces
    typeset = typeset_document(document("en", (block("en", "aaaa"),), name=name), fonts)
    lines = [placed.line for placed in typeset.pages[0].lines if "Coalition" in placed.line.text]
    assert len(lines) == 2 and " ".join(line.text.strip() for line in lines) == name
    assert {run.size for line in lines for run in line.runs} == {11.0}
