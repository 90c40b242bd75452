"""Issue 15: each language's letter form (letterpress/compose/forms/*.yaml), read back with mutool trace."""
from __future__ import annotations

import re
from pathlib import Path

import yaml

from traceread import glyphs, lines, text

REPO = Path(__file__).resolve().parents[2]
LAYOUTS = REPO / "letterpress" / "paper" / "layouts"
MM = 72 / 25.4
BODY_SIZE = 10.5


def margins(layout: str) -> tuple[float, float]:
    data = yaml.safe_load((LAYOUTS / f"{layout}.yaml").read_text("utf-8"))
    return data["margins"]["left"] * MM, data["margins"]["right"] * MM


def all_lines(pdf: Path) -> list[tuple[int, list]]:
    return [(number, line) for number, page in enumerate(glyphs(pdf), start=1) for line in lines(page)]


def find(found: list[tuple[int, list]], start: str) -> int:
    return next(i for i, (_, line) in enumerate(found) if text(line).replace(" ", "").startswith(start))


def test_chinese_closing_is_cizhi_then_jingli(icnk_build):
    """此致 on its own line indented two characters, then 敬礼 at the margin on the next line."""
    left, _ = margins("us-10")
    found = all_lines(icnk_build / "new-york.zh-Hans.pdf")
    index = find(found, "此致")
    page, cizhi = found[index]
    next_page, jingli = found[index + 1]
    assert text(cizhi).strip() == "此致"
    assert abs(cizhi[0].x - (left + 2 * cizhi[0].size)) < 0.5, (cizhi[0].x, left)
    assert text(jingli).startswith("敬礼") and next_page == page
    assert abs(jingli[0].x - left) < 0.5 and jingli[0].baseline > cizhi[0].baseline


def test_chinese_sender_and_date_follow_the_closing_at_the_right(icnk_build):
    _, right = margins("us-10")
    found = all_lines(icnk_build / "new-york.zh-Hans.pdf")
    index = find(found, "敬礼")
    sender, date = found[index + 1][1], found[index + 2][1]
    assert text(sender) == "制止朝鲜反人类罪国际联盟"
    assert "年" in text(date) and "月" in text(date)
    for line in (sender, date):
        assert abs(line[-1].right - (612 - right)) < 1.0
    # and the date is not at the top of page 1 any more
    assert not [line for page, line in found if page == 1 and re.search(r"\d+年\d+月", text(line).replace(" ", ""))]


def test_japanese_closing_is_flush_right_after_the_body_and_the_date_top_right(icnk_build):
    _, right = margins("jp-ll")
    found = all_lines(icnk_build / "tokyo.ja.pdf")
    index = find(found, "敬具")
    closing = found[index][1]
    assert text(closing) == "敬具"
    assert abs(closing[-1].right - (595.276 - right)) < 1.0
    assert "お待ち申し上げております" in text(found[index - 1][1]) or "。" in text(found[index - 1][1])
    page, date = next((n, line) for n, line in found if text(line).replace(" ", "").endswith("日")
                      and "年" in text(line))
    assert page == 1 and abs(date[-1].right - (595.276 - right)) < 1.0


def test_japanese_paragraphs_are_indented_one_character(icnk_build):
    left, _ = margins("jp-ll")
    found = all_lines(icnk_build / "tokyo.ja.pdf")
    first = found[find(found, "私たちは、世界各地")][1]
    assert abs(first[0].x - (left + first[0].size)) < 0.5


def test_korean_date_and_sender_come_after_the_closing(icnk_build):
    _, right = margins("din-b")
    found = all_lines(icnk_build / "bangkok.ko.pdf")
    index = find(found, "삼가올립니다")
    date, sender = text(found[index + 1][1]), text(found[index + 2][1])
    assert "년" in date and "월" in date and "일" in date
    assert sender == "북한반인도범죄철폐국제연대"
    assert abs(found[index + 2][1][-1].right - (595.276 - right)) < 1.0


def test_a_long_sender_name_is_set_smaller_to_stay_on_two_lines(minimal_project, run_cli, tmp_path):
    """The letterhead's name takes the largest size from 14 pt down that keeps it to two lines."""
    long = ("International Coalition for Open Access to the Political Prison Camps and Detention "
            "Facilities of Every Kind in the Region")
    letter = minimal_project / "letter.yaml"
    letter.write_text(letter.read_text("utf-8").replace("en: Coalition for Open Access,", f"en: {long},"), "utf-8")
    out = tmp_path / "out"
    assert run_cli("build", minimal_project, "-o", out, "-q", "--recipient", "london", "--language", "en").code == 0
    rows = lines(glyphs(out / "london.en.pdf")[0])
    size = rows[0][0].size
    name = [row for row in rows if row[0].size == size]
    assert len(name) == 2 and size < 14
    assert "".join(text(row) for row in name).replace(" ", "") == long.replace(" ", "")
