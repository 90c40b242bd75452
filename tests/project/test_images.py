"""A logo or a signature a build could not draw is a mistake at the line that names it, found by
check (never an internal error halfway through a build)."""
from __future__ import annotations

import io
import os
from pathlib import Path

import pytest
from PIL import Image

from letterpress.errors import InputError, Location
from letterpress.project.images import image_file

WHERE = Location(Path("letter.yaml"), 7, 9)


def png(path: Path, size: tuple[int, int] = (40, 20), mode: str = "RGB") -> Path:
    Image.new(mode, size, "white").save(path)
    return path


def refused(base: Path, name: str) -> str:
    with pytest.raises(InputError) as raised:
        image_file(base, name, WHERE, "the logo", "letter.yaml")
    assert raised.value.location == WHERE
    return raised.value.message


def test_a_good_picture_is_taken(tmp_path):
    logo = png(tmp_path / "logo.png")
    assert image_file(tmp_path, "logo.png", WHERE, "the logo", "letter.yaml") == logo


def test_a_picture_that_does_not_decode_whole_is_refused(tmp_path):
    (tmp_path / "noise.png").write_bytes(os.urandom(3000))
    assert "'noise.png' is not a readable PNG image: it is not an image file" in refused(tmp_path, "noise.png")
    data = io.BytesIO()
    Image.effect_noise((300, 300), 64).save(data, "PNG")
    (tmp_path / "cut.png").write_bytes(data.getvalue()[: len(data.getvalue()) // 2])
    assert "'cut.png' is not a readable PNG image" in refused(tmp_path, "cut.png")


def test_a_picture_far_larger_than_a_letter_needs_is_refused(tmp_path):
    png(tmp_path / "scan.png", (8000, 6000), mode="1")
    assert "8000 × 6000 pixels is far larger than a letter needs" in refused(tmp_path, "scan.png")


def test_a_folder_and_a_link_loop_are_named_as_such(tmp_path):
    (tmp_path / "logo.png").mkdir()
    assert "'logo.png' is a folder, not a picture" in refused(tmp_path, "logo.png")
    (tmp_path / "a.png").symlink_to(tmp_path / "b.png")
    (tmp_path / "b.png").symlink_to(tmp_path / "a.png")
    assert "'a.png' is a link that leads back to itself" in refused(tmp_path, "a.png")


def test_check_finds_a_damaged_logo_and_build_refuses_it(minimal_project, run_cli, tmp_path):
    (minimal_project / "logo.png").write_bytes(os.urandom(3000))
    letter = minimal_project / "letter.yaml"
    text = letter.read_text("utf-8")
    assert "\n  address:" in text
    letter.write_text(text.replace("\n  address:", "\n  logo: logo.png\n  address:", 1), "utf-8")
    result = run_cli("check", minimal_project)
    assert result.code == 1 and "letter.yaml" in result.err
    assert "the logo 'logo.png' is not a readable PNG image" in result.err
    result = run_cli("build", minimal_project, "-o", tmp_path / "out")
    assert result.code == 1 and "internal error" not in result.err
    assert not list((tmp_path / "out").glob("*.pdf"))
