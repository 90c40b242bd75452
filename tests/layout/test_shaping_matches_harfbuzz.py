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

from fontmaker import package_font
from letterpress.fonts.face import FontSet, face_from_sfnt
from letterpress.layout import set_paragraph
from letterpress.text import Run

REPO_FONTS = Path(__file__).resolve().parents[2] / "fonts"


CASES = [
    ("hi", lambda: package_font("pylopdf_fonts_hi", "NotoSerifDevanagari-Variable.ttf"),
     ["हस्ताक्षरकर्ता", "संयुक्त", "राष्ट्र", "प्रतिवेदक", "स्थिति", "क्षत्रिय", "द्वितीय"]),
    ("ar", lambda: package_font("pylopdf_fonts_ar", "NotoNaskhArabic-Variable.ttf"),
     ["المتحدة", "لللجنة", "بالعالم", "الإنسان", "مستقلين"]),
    ("th", lambda: package_font("pylopdf_fonts_th", "NotoSerifThai-Variable.ttf"),
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


@pytest.mark.parametrize("language, font_file, text", [
    ("hi", CASES[0][1], "हम हस्ताक्षरकर्ता संगठन आपको शिविरों में बंदियों की स्थिति के बारे में लिख रहे हैं। हम अनुरोध "
                        "करते हैं कि संयुक्त राष्ट्र के विशेष प्रतिवेदक को बिना देरी के आमंत्रित किया जाए।"),
    ("bn", CASES[4][1], "আমরা স্বাক্ষরকারী সংগঠনগুলি শিবিরে বন্দীদের অবস্থা সম্পর্কে আপনাকে লিখছি। আমরা অনুরোধ করছি "
                        "যে জাতিসংঘের বিশেষ প্রতিবেদককে অবিলম্বে আমন্ত্রণ জানানো হোক।"),
], ids=["hi", "bn"])
def test_justified_indic_lines_stretch_only_their_spaces_so_the_headline_stays_whole(language, font_file, text):
    path = font_file()
    if not path.exists():
        pytest.skip(f"no {path.name}")
    face = face_from_sfnt(path.read_bytes())
    fonts = FontSet({(language, "regular"): (face,)})
    space = face.cmap[ord(" ")]
    justified = set_paragraph([Run(text, language)], fonts, size=10, width=180, align="justify")
    (natural,) = set_paragraph([Run(text, language)], fonts, size=10, width=10_000, align="start")
    assert len(justified) >= 3

    def letters(lines):
        return [(glyph, round(advance, 6)) for line in lines for run in line.runs
                for glyph, advance in zip(run.glyphs, run.advances) if glyph != space]

    # every glyph of every word keeps its own advance: only the spaces took the justification
    assert letters(justified) == letters([natural])
    stretched = [advance for line in justified[:-1] for run in line.runs
                 for glyph, advance in zip(run.glyphs, run.advances) if glyph == space]
    assert max(stretched) > face.advances[space] * 10 / face.units_per_em + 0.1
