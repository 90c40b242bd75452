"""Installed system fonts are looked at only when the declared fonts lack a character or a letter
names a family they do not have (README: "Installed system fonts are only looked at ...").

The system's font folders are replaced by a folder of the test's own; the machine's fonts play
no part. Whether letterpress read that folder shows in what it did: a font file that cannot be
parsed is harmless only if it is never read, and a face only there is used only if it was.
"""
from __future__ import annotations

from pathlib import Path

import pytest

from fontmaker import ASCII, fixed_advance_font, small_font, write_font
from pdfread import embedded_fonts

from letterpress.cache import CacheContext
from letterpress.fonts import find_uncovered, prepare_fonts

RUNES = "ᚠᚢᚦᚨ"  # Runic: no declared font has it


@pytest.fixture
def system_fonts(monkeypatch, tmp_path) -> Path:
    """An empty folder standing in for the system's font folders."""
    import letterpress.fonts

    folder = tmp_path / "system-fonts"
    folder.mkdir()
    monkeypatch.setenv("LETTERPRESS_SYSTEM_FONTS", "1")
    monkeypatch.setattr(letterpress.fonts, "system_dirs", lambda: [folder])
    return folder


def broken_font(folder: Path) -> Path:
    path = folder / "broken.ttf"
    path.write_bytes(b"\x00\x01\x00\x00" + b"not a font" * 50)
    return path


def test_a_build_that_needs_nothing_from_the_system_fonts_never_reads_them(system_fonts, minimal_project,
                                                                           run_cli, tmp_path):
    broken_font(system_fonts)
    result = run_cli("build", minimal_project, "-o", tmp_path / "out", "-q")
    assert result.code == 0, result.err
    assert "broken.ttf" not in result.err
    assert len(list((tmp_path / "out").glob("*.pdf"))) == 3


def test_a_family_the_letter_names_is_looked_for_among_the_system_fonts(system_fonts, minimal_project, run_cli,
                                                                        tmp_path):
    write_font(system_fonts / "house.ttf", small_font("LP System Serif", 400))
    letter = minimal_project / "letter.yaml"
    letter.write_text(letter.read_text("utf-8") + "fonts: {en: [LP System Serif]}\n", "utf-8")
    out = tmp_path / "out"
    assert run_cli("build", minimal_project, "-o", out, "--language", "en", "-q").code == 0
    assert any("LPSystemSerif" in font.name for font in embedded_fonts(out / "london.en.pdf"))


def test_a_character_the_declared_fonts_lack_is_looked_for_among_the_system_fonts(system_fonts, tmp_path):
    # DejaVu Serif is one of fonts.yaml's fallback families, and usually a system font
    write_font(system_fonts / "dejavu.ttf", fixed_advance_font("DejaVu Serif", ASCII + RUNES))
    fonts = prepare_fonts({"en": f"Hello {RUNES}"}, cache=CacheContext(tmp_path / "cache"))
    assert fonts.face_for(ord("H"), "en").family == "Noto Serif"
    assert fonts.face_for(ord("ᚠ"), "en").family == "DejaVu Serif"
    assert not find_uncovered(f"Hello {RUNES}", "en", "regular", fonts)


def test_preparing_fonts_the_declared_ones_cover_never_reads_the_system_fonts(system_fonts, tmp_path):
    broken_font(system_fonts)
    fonts = prepare_fonts({"en": "Hello", "ko": "안녕하세요"}, cache=CacheContext(tmp_path / "cache"))
    assert [face.family for face in fonts.chain("en")][:1] == ["Noto Serif"]
    assert all(face.origin != "system" for chain in fonts.chains.values() for face in chain)
