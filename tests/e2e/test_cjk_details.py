"""Issue 15: Chinese and Japanese details, read back with mutool trace and pdfium."""
from __future__ import annotations

from pathlib import Path

import pypdfium2 as pdfium
import pytest

from traceread import glyphs, horizontal_rules

COPIES = ["new-york.zh-Hans", "tokyo.ja", "london.en", "new-york.en", "bangkok.ko", "paris.fr"]


@pytest.mark.parametrize("copy", COPIES)
def test_text_on_a_continuation_page_keeps_clear_of_the_header_rule(icnk_build, copy):
    pdf = icnk_build / f"{copy}.pdf"
    rules = horizontal_rules(pdf)
    document = pdfium.PdfDocument(str(pdf))
    try:
        for index in range(1, len(document)):
            page = document[index]
            height, width = page.get_size()[1], page.get_size()[0]
            # the running header's rule: the widest horizontal stroke in the top fifth of the page
            rule = max((r for r in rules[index] if r[2] < height / 5), key=lambda r: r[1] - r[0])[2]
            text_page = page.get_textpage()
            tops = [height - text_page.get_charbox(i)[3] for i in range(text_page.count_chars())
                    if not (text_page.get_text_range(i, 1) or " ").isspace()]
            below = [top for top in tops if top > rule]
            assert below, f"page {index + 1}: no text below the header rule"
            gap = min(below) - rule
            assert gap >= 6, f"page {index + 1}: the first line's glyphs come within {gap:.1f} pt of the rule"
    finally:
        document.close()


@pytest.mark.parametrize("copy", ["new-york.zh-Hans", "tokyo.ja"])
def test_apostrophes_in_latin_names_are_latin_not_full_width(icnk_build, copy):
    checked = 0
    for page in glyphs(icnk_build / f"{copy}.pdf"):
        for before, glyph in zip(page, page[1:]):
            if glyph.char == "’" and before.char.isascii() and before.char.isalpha():
                assert glyph.advance < 0.4 * glyph.size, f"{before.char}’ advances {glyph.advance / glyph.size:.2f} em"
                assert "Noto" in glyph.font and "CJK" not in glyph.font and not glyph.font.endswith(("SC-Regular", "JP-Regular"))
                checked += 1
    assert checked, "no apostrophe after a Latin letter in the copy"
