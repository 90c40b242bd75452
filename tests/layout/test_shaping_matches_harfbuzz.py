"""Complex scripts are drawn with exactly the glyphs HarfBuzz shapes for them.

Each word is set by letterpress (``set_paragraph``) in a real font, and its glyph ids, left to
right, are compared with what HarfBuzz itself gives for the same word in the same font bytes
(HarfBuzz's output is in visual order too). A cluster split across items, a syllable shaped in
pieces or right-to-left clusters read in the wrong order all show up as foreign glyphs.
"""
from __future__ import annotations

from pathlib import Path

import pytest
import uharfbuzz as hb

from letterpress.fonts.face import FontSet, face_from_sfnt
from letterpress.layout import Run, set_paragraph

REPO_FONTS = Path(__file__).resolve().parents[2] / "fonts"


def package_file(package: str, name: str) -> Path:
    module = pytest.importorskip(package)
    found = next(Path(module.__file__).parent.rglob(name), None)
    if found is None:
        pytest.skip(f"{name} not in {package}")
    return found


CASES = [
    ("hi", lambda: package_file("pylopdf_fonts_hi", "NotoSerifDevanagari-Variable.ttf"),
     ["हस्ताक्षरकर्ता", "संयुक्त", "राष्ट्र", "प्रतिवेदक", "स्थिति", "क्षत्रिय", "द्वितीय"]),
    ("ar", lambda: package_file("pylopdf_fonts_ar", "NotoNaskhArabic-Variable.ttf"),
     ["المتحدة", "لللجنة", "بالعالم", "الإنسان", "مستقلين"]),
    ("th", lambda: package_file("pylopdf_fonts_th", "NotoSerifThai-Variable.ttf"),
     ["ที่ไม่มี", "ผู้ถูกคุมขัง", "สำหรับ", "กั้น"]),
    ("km", lambda: REPO_FONTS / "NotoSerifKhmer-Regular.ttf", ["ភាសាខ្មែរ", "ស្ត្រី", "កម្ពុជា", "អង្គការ"]),
    ("bn", lambda: REPO_FONTS / "NotoSerifBengali-Regular.ttf", ["বাংলা", "স্বাক্ষর", "ক্ষমা"]),
    ("my", lambda: REPO_FONTS / "NotoSerifMyanmar-Regular.ttf", ["မြန်မာ", "ကြိုဆို", "နိုင်ငံ"]),
]


@pytest.fixture(autouse=True)
def _no_line_cache(monkeypatch):
    monkeypatch.setenv("LETTERPRESS_LAYOUT_CACHE", "0")


@pytest.mark.parametrize("language, font_file, words", CASES, ids=[case[0] for case in CASES])
def test_each_word_is_drawn_with_harfbuzz_s_glyphs(language, font_file, words):
    path = font_file()
    if not path.exists():
        pytest.skip(f"no {path.name}")
    data = path.read_bytes()
    fonts = FontSet({(language, "regular"): (face_from_sfnt(data),)})
    font = hb.Font(hb.Face(data))
    for word in words:
        (line,) = set_paragraph([Run(word, language)], fonts, size=10, width=1000, align="start")
        drawn = [glyph for run in line.runs for glyph in run.glyphs]
        buffer = hb.Buffer()
        buffer.add_str(word)
        buffer.guess_segment_properties()
        buffer.language = language
        hb.shape(font, buffer, {"kern": True, "liga": True, "clig": True, "calt": True})
        assert drawn == [info.codepoint for info in buffer.glyph_infos], word
