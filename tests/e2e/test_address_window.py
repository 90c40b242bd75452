"""Issue 15: addresses wrap inside their window, are set smaller before they are refused, and the return
line fits.  Geometry from the layout files; positions read back with poppler (pdftotext -bbox) and pdfium."""
from __future__ import annotations

import ctypes
import re
import subprocess
from pathlib import Path
from xml.etree import ElementTree

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
import pytest
import yaml

from e2e.test_windows import assert_inside

REPO = Path(__file__).resolve().parents[2]
LAYOUTS = REPO / "letterpress" / "paper" / "layouts"
MM = 72 / 25.4
LONG_NAME = ("Mission permanente de la République populaire démocratique de Corée auprès de l'Office des "
             "Nations Unies à Genève")
ICNK_SENDER = {"country": "KR", "lines": ["ICNK Secretariat", "5F 27 Bukchon-ro", "Jongno-gu", "Seoul 03053"]}


def layout(name: str) -> dict:
    return yaml.safe_load((LAYOUTS / f"{name}.yaml").read_text("utf-8"))


def words(pdf: Path) -> list[tuple[float, float, float, float, str]]:
    """Page 1's words as (xMin, yMin, xMax, yMax, text) in points from the top-left."""
    xhtml = subprocess.run(["pdftotext", "-bbox", "-f", "1", "-l", "1", str(pdf), "-"], capture_output=True,
                           text=True, check=True).stdout
    xhtml = re.sub(r"<!DOCTYPE[^>]*>", "", xhtml).replace('xmlns="http://www.w3.org/1999/xhtml"', "")
    return [(float(w.get("xMin")), float(w.get("yMin")), float(w.get("xMax")), float(w.get("yMax")), w.text or "")
            for w in ElementTree.fromstring(xhtml).iter("word")]


def in_field(pdf: Path, field: dict) -> list[tuple[float, float, float, float, str]]:
    left, top = field["x"] * MM, field["y"] * MM
    return [w for w in words(pdf) if w[0] >= left - 1 and top - 1 <= w[1] <= top + field["height"] * MM]


def rows(found) -> list[list]:
    result: dict[float, list] = {}
    for word in found:
        result.setdefault(round(word[3], 0), []).append(word)
    return [sorted(result[key]) for key in sorted(result)]


def project_with(minimal_project: Path, recipient: dict, **letter) -> Path:
    recipient = {"city": "City", **recipient}  # the body names it
    (minimal_project / "recipients.yaml").write_text(yaml.safe_dump([recipient], allow_unicode=True), "utf-8")
    if letter:
        path = minimal_project / "letter.yaml"
        data = yaml.safe_load(path.read_text("utf-8"))
        data.update(letter)
        path.write_text(yaml.safe_dump(data, allow_unicode=True), "utf-8")
    return minimal_project


def geneva(lines: list[str], **extra) -> dict:
    return {"id": "geneva", "name": {"fr": LONG_NAME}, "address": {"country": "CH", "lines": lines},
            "languages": ["fr"], **extra}


def test_a_long_mission_name_wraps_inside_the_window(minimal_project, run_cli, tmp_path):
    project = project_with(minimal_project, geneva([LONG_NAME, "Chemin de Plonjon 1", "1207 Genève"]))
    result = run_cli("build", project, "-o", tmp_path / "out", "--quiet")
    assert result.code == 0, result.err
    pdf = tmp_path / "out" / "geneva.fr.pdf"
    field = layout("swiss-right")["address"]
    assert_inside(pdf, [LONG_NAME.replace("'", "’"), "Chemin de Plonjon 1", "1207 Genève"], field, pdf.name)
    name_words = set(LONG_NAME.replace("'", "’").split())
    name_rows = [row for row in rows(in_field(pdf, field)) if any(w[4] in name_words for w in row)
                 and any(w[4] in ("Corée", "Unies", "permanente") for w in row)]
    assert len(name_rows) >= 2, "the name was not wrapped"
    lefts = {round(row[0][0], 1) for row in rows(in_field(pdf, field))[1:]}  # below the return line
    assert len(lefts) == 1, f"a continuation line is indented: {sorted(lefts)}"


@pytest.mark.parametrize("country,layout_name", [("CH", "swiss-right"), ("FR", "nf")])
def test_the_return_line_stays_inside_the_window_and_names_the_sender_once(minimal_project, run_cli, tmp_path,
                                                                          country, layout_name):
    recipient = {"id": "mission", "name": "Mission", "languages": ["fr"],
                 "address": {"country": country, "lines": ["Mission de la RPDC", "3 rue Asseline", "75014 Paris"]}}
    project = project_with(minimal_project, recipient,
                           sender={"name": "International Coalition", "short": "ICNK", "address": ICNK_SENDER})
    assert run_cli("build", project, "-o", tmp_path / "out", "--quiet").code == 0
    geometry = layout(layout_name)
    field = geometry["address"]
    found = in_field(tmp_path / "out" / "mission.fr.pdf", field)
    return_line = rows([w for w in found if w[3] <= (field["y"] + geometry["return_line"]) * MM + 1])
    assert len(return_line) == 1
    right = min(field["x"] + field["width"], 210 - geometry["margins"]["right"]) * MM
    assert all(field["x"] * MM <= w[0] and w[2] <= right + 0.5 for w in return_line[0]), return_line
    assert [w[4] for w in return_line[0]].count("ICNK") == 1


def test_an_address_is_set_smaller_before_it_is_refused(minimal_project, run_cli, tmp_path):
    """Nine lines do not fit the UK window at 10 pt (eight do); they do at a smaller size."""
    lines = ["Embassy of the DPRK", "Second floor", "73 Gunnersbury Avenue", "Ealing", "Greater London",
             "Middlesex", "London", "W5 4LP"]  # + the name line (domestic mail: no country line): 9
    project = project_with(minimal_project, {"id": "london", "name": "Embassy", "languages": ["en"],
                                             "address": {"country": "GB", "lines": lines}})
    result = run_cli("build", project, "-o", tmp_path / "out", "--quiet")
    assert result.code == 0, result.err
    pdf = tmp_path / "out" / "london.en.pdf"
    assert_inside(pdf, lines[:5], layout("uk-dl")["address"], pdf.name)  # "London" is in the letterhead too
    sizes = font_sizes(pdf, "Gunnersbury")
    assert sizes and max(sizes) < 10 - 0.2, sizes
    assert min(sizes) >= layout("uk-dl")["address_min_size"] - 0.01


def font_sizes(pdf: Path, text: str) -> list[float]:
    document = pdfium.PdfDocument(str(pdf))
    try:
        page = document[0].get_textpage()
        count = page.count_chars()
        chars = "".join(page.get_text_range(i, 1) or "\0" for i in range(count))
        start = chars.index(text)
        return [pdfium_c.FPDFText_GetFontSize(page.raw, i) for i in range(start, start + len(text))]
    finally:
        document.close()


def test_an_address_that_fits_at_no_size_says_by_how_much(minimal_project, run_cli, tmp_path):
    word = "Generalkonsulatsverwaltungsdienststellenleitungsbürovorsteherstellvertretung"  # 95 mm at 8 pt
    project = project_with(minimal_project, geneva([word, "1207 Genève"]))
    result = run_cli("build", project, "-o", tmp_path / "out", "--quiet")
    assert result.code == 1
    assert "'geneva'" in result.err and "mm too wide" in result.err and "8 pt" in result.err
    assert not list((tmp_path / "out").glob("*.pdf"))


def test_too_many_lines_at_the_smallest_size_are_refused(minimal_project, run_cli, tmp_path):
    project = project_with(minimal_project, geneva([f"Line {n}" for n in range(14)]))
    result = run_cli("build", project, "-o", tmp_path / "out", "--quiet")
    assert result.code == 1
    assert "'geneva'" in result.err and "more than the" in result.err


MOSCOW = {"id": "moscow", "name": "Embassy", "languages": ["en"],
          "address": {"country": "RU", "lines": ["Посольство КНДР", "ул. Мосфильмовская, 72", "Москва 119590"]}}


def test_the_windows_words_follow_the_script_of_the_address(minimal_project, run_cli, tmp_path):
    """A Russian address reads in Russian: no English "c/o" or English title in front of it."""
    project = project_with(minimal_project, MOSCOW)
    assert run_cli("build", project, "-o", tmp_path / "out", "--quiet").code == 0
    window = " ".join(w[4] for w in in_field(tmp_path / "out" / "moscow.en.pdf", layout("din-b")["address"]))
    assert "Посольство" in window and "передачи" in window
    assert "c/o" not in window and "Chairman" not in window


def test_the_window_may_speak_the_copys_language(minimal_project, run_cli, tmp_path):
    project = project_with(minimal_project, MOSCOW, window_language="copy")
    assert run_cli("build", project, "-o", tmp_path / "out", "--quiet").code == 0
    window = " ".join(w[4] for w in in_field(tmp_path / "out" / "moscow.en.pdf", layout("din-b")["address"]))
    assert "c/o" in window and "Chairman" in window and "передачи" not in window


def test_address_lines_get_the_copys_quotes(minimal_project, run_cli, tmp_path):
    project = project_with(minimal_project, {"id": "london", "name": "Embassy", "languages": ["en"],
                                             "address": {"country": "GB",
                                                         "lines": ["The \"Friendship\" House", "London W5 4LP"]}})
    assert run_cli("build", project, "-o", tmp_path / "out", "--quiet").code == 0
    window = " ".join(w[4] for w in in_field(tmp_path / "out" / "london.en.pdf", layout("uk-dl")["address"]))
    assert "“Friendship”" in window and '"' not in window
