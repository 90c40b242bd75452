"""Issue 15: no page of a copy ends as a sliver; keeps hold.  Read back with poppler's pdftotext -bbox."""
from __future__ import annotations

import re
import subprocess
from pathlib import Path
from xml.etree import ElementTree

import pytest
import yaml

REPO = Path(__file__).resolve().parents[2]
LAYOUTS = REPO / "letterpress" / "paper" / "layouts"
MM = 72 / 25.4


def words_by_page(pdf: Path) -> list[tuple[float, list[tuple[float, float, float, str]]]]:
    """Per page: its height and its words as (yMin, yMax, xMin, text), from the page's top."""
    xhtml = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, text=True,
                           check=True).stdout
    xhtml = re.sub(r"<!DOCTYPE[^>]*>", "", xhtml).replace('xmlns="http://www.w3.org/1999/xhtml"', "")
    pages = []
    for page in ElementTree.fromstring(xhtml).iter("page"):
        words = [(float(w.get("yMin")), float(w.get("yMax")), float(w.get("xMin")), w.text or "")
                 for w in page.iter("word")]
        pages.append((float(page.get("height")), sorted(words)))
    return pages


def rows(words) -> list[list]:
    """Words grouped into rows by their vertical position."""
    result: list[list] = []
    for word in words:
        if result and abs(word[1] - result[-1][0][1]) < 2.5:
            result[-1].append(word)
        else:
            result.append([word])
    return result


def sliver_pages(pdf: Path, layout: str) -> list[str]:
    """Continuation pages whose text, measured from the running header down, fills under a fifth of
    the text height, or that hold fewer than four rows."""
    margin_bottom = yaml.safe_load((LAYOUTS / f"{layout}.yaml").read_text("utf-8"))["margins"]["bottom"] * MM
    problems = []
    pages = words_by_page(pdf)
    for number, (height, words) in enumerate(pages[1:], start=2):
        header, *body = rows(words)
        header_bottom = max(w[1] for w in header)
        text_height = height - margin_bottom - header_bottom
        filled = max(w[1] for w in words) - header_bottom
        if filled < 0.2 * text_height or len(body) < 4:
            problems.append(f"page {number}: {filled:.0f} of {text_height:.0f} pt, {len(body)} rows")
    return problems


COPY_LAYOUTS = {"london": "uk-dl", "paris": "nf", "geneva": "swiss-right", "new-york": "us-10",
                "bangkok": "din-b", "tokyo": "jp-ll"}


def test_no_copy_of_the_example_ends_on_a_sliver(icnk_build):
    problems = {}
    for pdf in sorted(icnk_build.glob("*.pdf")):
        layout = COPY_LAYOUTS[pdf.name.split(".")[0]]
        if found := sliver_pages(pdf, layout):
            problems[pdf.name] = found
    assert not problems


def _signatories(count: int) -> list[dict]:
    names = ["Coalition", "Alliance", "Network", "Committee", "Association", "Citizens", "Centre", "Forum"]
    return [{"name": f"{names[i % len(names)]} for Human Rights No. {i + 1}", "country": "KR"}
            for i in range(count)]


@pytest.mark.parametrize("count", [40, 46, 52, 126])
def test_signatories_never_leave_a_sliver_page(minimal_project, run_cli, tmp_path, count):
    """Roster lengths around a page break: without the balancer some of them end on a few rows."""
    (minimal_project / "signatories.yaml").write_text(yaml.safe_dump(_signatories(count)), "utf-8")
    out = tmp_path / "out"
    assert run_cli("build", minimal_project, "-o", out, "--quiet", "--recipient", "london",
                   "--language", "en").code == 0
    pdf = out / "london.en.pdf"
    assert sliver_pages(pdf, "uk-dl") == []
    texts = [" ".join(w[3] for w in words) for _, words in words_by_page(pdf)]
    everything = " ".join(texts)
    assert all(f"No. {i + 1} " in everything + " " for i in range(count))  # nobody dropped
