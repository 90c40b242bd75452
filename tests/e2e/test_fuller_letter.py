"""Issue 16: numbered lists, block quotes, footnotes, enclosures and cc, read back with pdftotext."""
from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest

FILLER = ("We urge your government to make public guarantees to provide continued and unfettered access "
          "so that the international community is better prepared to assist those in need. ") * 3

NOTE = ("Report of the detailed findings of the commission of inquiry on human rights in the Democratic "
        "People's Republic of Korea, A/HRC/25/CRP.1, 7 February 2014, paragraphs 1 to 1,225, with its "
        "annexes and the maps of the political prison camps drawn from satellite imagery and testimony.")


def words(pdf: Path) -> list[tuple[int, float, str]]:
    """(page, top y, word) for every word, from poppler's bounding boxes."""
    html = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, text=True,
                          check=True).stdout
    found, page = [], 0
    for line in html.splitlines():
        if "<page " in line:
            page += 1
        match = re.search(r'yMin="([\d.]+)".*>(.*)</word>', line)
        if match:
            found.append((page, float(match.group(1)), match.group(2)))
    return found


SHORT = "We urge your government to make public guarantees to provide continued and unfettered access " \
        "so that the international community is better prepared to assist."  # two lines


def body(fillers: int, note: str = NOTE) -> str:
    paragraphs = [SHORT] * fillers + ["This sentence refers to the report.[^coi] It goes on after the mark."] \
        + [FILLER] * 4
    return ("---\nsubject: Subject\nsalutation: \"Dear Sir,\"\nclosing: \"Yours,\"\n---\n"
            + "\n\n".join(paragraphs) + f"\n\n[^coi]: {note}\n")


# The reference moves down two lines at a time, across the foot of page 1 (where it would fall
# below the note's room) and of page 2.
@pytest.mark.parametrize("fillers", range(8, 18))
def test_a_footnote_is_at_the_foot_of_the_page_that_refers_to_it(minimal_project, run_cli, tmp_path, fillers):
    (minimal_project / "body" / "en.md").write_text(body(fillers), "utf-8")
    out = tmp_path / "out"
    assert run_cli("build", minimal_project, "-o", out, "-q", "--recipient", "london", "--language", "en").code == 0
    placed = words(out / "london.en.pdf")
    reference = [(page, y) for page, y, word in placed if word == "report.¹"]
    note_start = [(page, y) for page, y, word in placed if word == "¹"]  # the note's own mark, alone
    note_end = [(page, y) for page, y, word in placed if word == "testimony."]
    assert len(reference) == 1 and len(note_start) == 1 and len(note_end) == 1, placed
    (page, ref_y), (note_page, note_y), (end_page, end_y) = reference[0], note_start[0], note_end[0]
    assert page == note_page == end_page  # the reference and its whole note on one page
    on_page = [y for p, y, word in placed if p == page]
    body_ys = [y for p, y, word in placed if p == page and y < note_y]
    # the note is at the foot: below every line of text on its page, and nothing below it but the note
    assert note_y > ref_y and max(on_page) == end_y
    assert note_y - max(body_ys) > 12  # a gap (with the footnote rule) between the text and the notes


def test_footnotes_are_numbered_per_copy_in_reading_order(minimal_project, run_cli, tmp_path):
    (minimal_project / "body" / "en.md").write_text(
        "---\nsubject: S\nsalutation: \"Dear Sir,\"\nclosing: \"Yours,\"\n---\n"
        "::: only paris\nParis only.[^a]\n:::\n\nFirst for London.[^b] Then.[^c] Again.[^b]\n\n"
        "[^a]: Note A.\n[^b]: Note B.\n[^c]: Note C.\n", "utf-8")
    out = tmp_path / "out"
    assert run_cli("build", minimal_project, "-o", out, "-q", "--recipient", "london", "--language", "en").code == 0
    text = re.sub(r"\s+", " ", subprocess.run(["pdftotext", str(out / "london.en.pdf"), "-"], capture_output=True,
                                              text=True, check=True).stdout)
    assert "First for London.¹ Then.² Again.¹" in text  # Paris's note is not in London's copy: B is 1
    assert "¹ Note B." in text and "² Note C." in text and "Note A" not in text


def test_korean_copy_footnote_and_numbered_list(minimal_project, run_cli, tmp_path):
    (minimal_project / "body" / "ko.md").write_text(
        "---\nsubject: 제목\nsalutation: \"귀하께,\"\nclosing: \"삼가 올립니다.\"\nenclosures: 보고서\ncc: 특별보고관\n---\n"
        "우리는 다음을 촉구합니다.[^un]\n\n1. 모든 구금 시설 방문 허용\n2. 강제 노동 중단\n\n"
        "> 모든 인간은 태어날 때부터 자유롭다.\n\n"
        "[^un]: 유엔 총회 결의 66/174.\n", "utf-8")
    out = tmp_path / "out"
    assert run_cli("build", minimal_project, "-o", out, "-q", "--recipient", "london", "--language", "ko").code == 0
    text = re.sub(r"\s+", " ", subprocess.run(["pdftotext", str(out / "london.ko.pdf"), "-"], capture_output=True,
                                              text=True, check=True).stdout)
    assert "촉구합니다.¹" in text and "¹ 유엔 총회 결의 66/174." in text
    assert "1. 모든 구금 시설 방문 허용" in text and "2. 강제 노동 중단" in text
    assert "모든 인간은 태어날 때부터 자유롭다." in text
    assert "붙임: 보고서" in text and "참조: 특별보고관" in text


def test_numbering_style_per_language():
    from letterpress.compose.phrases import list_number

    assert [list_number(n, "en") for n in (1, 2, 10)] == ["1.", "2.", "10."]
    assert [list_number(n, "zh-Hans") for n in (1, 10, 11, 23)] == ["一、", "十、", "十一、", "二十三、"]
    assert list_number(3, "ja") == "（3）"


def test_a_numbered_list_hangs_its_numbers_and_a_quote_is_indented(minimal_project, run_cli, tmp_path):
    (minimal_project / "body" / "en.md").write_text(
        "---\nsubject: S\nsalutation: \"Dear Sir,\"\nclosing: \"Yours,\"\n---\nPlain paragraph here.\n\n"
        f"1. {FILLER}\n2. Second.\n\n> {FILLER}\n", "utf-8")
    out = tmp_path / "out"
    assert run_cli("build", minimal_project, "-o", out, "-q", "--recipient", "london", "--language", "en").code == 0
    html = subprocess.run(["pdftotext", "-bbox", str(out / "london.en.pdf"), "-"], capture_output=True, text=True,
                          check=True).stdout
    boxes = [(float(x), float(y), w) for x, y, w in re.findall(r'xMin="([\d.]+)" yMin="([\d.]+)".*>(.*)</word>', html)]
    margin = next(x for x, _, w in boxes if w == "Plain")
    number = next((x, y) for x, y, w in boxes if w == "1.")
    first_word = next(x for x, y, w in boxes if w == "We" and abs(y - number[1]) < 1)
    rows = sorted({round(y, 1) for x, y, w in boxes if y > number[1] and x < first_word + 1})
    # the number sits in the margin of the item, the text after it and every following line align
    assert number[0] >= margin - 0.5 and first_word > number[0] + 8
    continuation = next(x for x, y, w in boxes if round(y, 1) == rows[0])
    assert abs(continuation - first_word) < 0.5
    # the quotation, after "Second.": indented two em (at 10.5 pt) on both sides of the justified text
    right = max(float(x) for x in re.findall(r'xMax="([\d.]+)"', html))
    second = next(y for x, y, w in boxes if w == "Second.")
    closing = next(y for x, y, w in boxes if w == "Yours,")
    quote = [(float(x0), float(x1)) for x0, y, x1 in re.findall(r'xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)"',
                                                               html) if second + 1 < float(y) < closing - 1]
    assert quote and abs(min(x0 for x0, _ in quote) - (margin + 21)) < 0.5
    assert abs(max(x1 for _, x1 in quote) - (right - 21)) < 0.5
