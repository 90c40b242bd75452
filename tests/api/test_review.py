"""letterpress review: every copy on the sheet, a changed copy marked, and the HTML drawn by a real browser."""
from __future__ import annotations

import base64
import io
import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from conftest import EXAMPLES
from PIL import Image, ImageChops

from letterpress.review import SLIVER_LINES, _text_lines

EPOCH = "1795305600"


@pytest.fixture
def two_builds(tmp_path, run_cli, monkeypatch):
    """The minimal example built, then one body edited and built again into another folder."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    project = tmp_path / "minimal"
    shutil.copytree(EXAMPLES / "minimal", project)
    roster = project / "recipients.yaml"
    roster.write_text(roster.read_text("utf-8").replace("  languages: [fr]", "  languages: [fr]\n  verified: false"),
                      "utf-8")
    assert run_cli("build", project, "-o", tmp_path / "old", "-q", "-j", "1").code == 0
    body = project / "body" / "ko.md"
    body.write_text(body.read_text("utf-8").rstrip() + " 마지막으로 한 문장을 더합니다.\n", "utf-8")
    assert run_cli("build", project, "-o", tmp_path / "new", "-q", "-j", "1").code == 0
    return project, tmp_path / "new", tmp_path / "old"


def _sections(html: str) -> dict[str, str]:
    return dict(re.findall(r'<section class="([^"]*)" id="[^"]*" data-file="([^"]*)"', html)[i][::-1]
                for i in range(html.count("<section")))


def test_review_lists_every_copy_and_marks_the_changed_one(two_builds, run_cli, tmp_path):
    project, new, old = two_builds
    result = run_cli("review", new, old, "-o", tmp_path / "sheet" / "review.pdf", "--project", project)
    assert result.code == 0, result.err
    assert "3 copies reviewed, 1 changed or new" in result.out
    html = (tmp_path / "sheet" / "review.html").read_text("utf-8")
    sections = _sections(html)
    manifest = json.loads((new / "manifest.json").read_text("utf-8"))
    assert set(sections) == {f["file"] for f in manifest["files"]} == {"london.en.pdf", "london.ko.pdf",
                                                                        "paris.fr.pdf"}
    assert sections["london.ko.pdf"] == "copy changed"
    assert sections["london.en.pdf"] == sections["paris.fr.pdf"] == "copy unchanged"
    assert "page 1: changed" in html
    paris = html[html.index('data-file="paris.fr.pdf"'):]
    paris = paris[:paris.index("</section>")]
    assert "address not verified" in paris and "in the envelope window" in paris
    assert "http:" not in html and "https:" not in html, "the sheet must work without a network"
    text = subprocess.run(["pdftotext", "-layout", str(tmp_path / "sheet" / "review.pdf"), "-"], capture_output=True,
                          text=True, check=True).stdout
    for name in sections:
        assert name in text
    assert re.search(r"CHANGED: pages 1", text) and text.count("UNCHANGED") == 2


def test_identical_translations_are_flagged(tmp_path, run_cli, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    project = tmp_path / "minimal"
    shutil.copytree(EXAMPLES / "minimal", project)
    english = (project / "body" / "en.md").read_text("utf-8")
    french = (project / "body" / "fr.md").read_text("utf-8")
    front = french[:french.index("---", 3) + 3]
    (project / "body" / "fr.md").write_text(front + english[english.index("---", 3) + 3:], "utf-8")
    assert run_cli("build", project, "-o", tmp_path / "out", "-q", "-j", "1").code == 0
    assert run_cli("review", tmp_path / "out", "-o", tmp_path / "review.pdf", "--project", project).code == 0
    html = (tmp_path / "review.html").read_text("utf-8")
    assert "body/fr.md has the same text as body/en.md" in html
    assert html.count("has the same text as") == 1  # on paris.fr only


def test_a_sliver_last_page_is_counted_by_its_lines(tmp_path):
    import pypdfium2 as pdfium
    from reportlab.pdfgen.canvas import Canvas

    def pdf(lines_on_last: int) -> Path:
        path = tmp_path / f"{lines_on_last}.pdf"
        canvas = Canvas(str(path))
        canvas.drawString(72, 770, "body text")
        canvas.showPage()
        canvas.drawString(72, 800, "Running header · page 2")
        for i in range(lines_on_last):
            canvas.drawString(72, 760 - 14 * i, f"line {i + 1}")
        canvas.showPage()
        canvas.save()
        return path

    for lines in (1, SLIVER_LINES, 9):
        document = pdfium.PdfDocument(str(pdf(lines)))
        assert _text_lines(document[1]) == lines
        document.close()


PROBE = """<script>
window.addEventListener("load", () => {
  const copies = [...document.querySelectorAll("section.copy")].map(section => ({
    file: section.dataset.file,
    thumbs: [...section.querySelectorAll("img.thumb")].map(img => {
      const r = img.getBoundingClientRect();
      return {x: r.x + scrollX, y: r.y + scrollY, w: r.width, h: r.height, loaded: img.complete && img.naturalWidth > 0,
              src: img.src};
    })
  }));
  const probe = document.createElement("pre");
  probe.id = "probe";
  probe.textContent = JSON.stringify({height: document.documentElement.scrollHeight, copies});
  document.body.appendChild(probe);
});
</script>"""


def test_the_html_sheet_is_drawn_by_a_headless_browser(two_builds, run_cli, tmp_path):
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if chromium is None:
        pytest.skip("chromium is not installed (.ci/system-packages installs it)")
    project, new, old = two_builds
    assert run_cli("review", new, old, "-o", tmp_path / "sheet" / "review.pdf", "--project", project).code == 0
    html = (tmp_path / "sheet" / "review.html").read_text("utf-8")
    probed = tmp_path / "sheet" / "probed.html"  # the sheet as written, plus a script reading back its layout
    probed.write_text(html.replace("</body>", PROBE + "</body>"), "utf-8")
    flags = [chromium, "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--force-device-scale-factor=1",
             "--virtual-time-budget=5000", "--window-size=1300,900"]
    dom = subprocess.run(flags + ["--dump-dom", probed.as_uri()], capture_output=True, text=True, timeout=120).stdout
    found = re.search(r'<pre id="probe">(.*?)</pre>', dom, re.S)
    assert found, "the page did not load in chromium"
    layout = json.loads(found.group(1).replace("&quot;", '"').replace("&amp;", "&"))
    assert sorted(c["file"] for c in layout["copies"]) == ["london.en.pdf", "london.ko.pdf", "paris.fr.pdf"]

    shot = tmp_path / "sheet" / "shot.png"
    flags[-1] = f"--window-size=1300,{layout['height']}"
    subprocess.run(flags + [f"--screenshot={shot}", probed.as_uri()], capture_output=True, timeout=120)
    screen = Image.open(shot).convert("L")
    for copy in layout["copies"]:
        assert copy["thumbs"], f"{copy['file']} has no thumbnail"
        for thumb in copy["thumbs"]:
            assert thumb["loaded"], copy["file"]
            # What the browser drew in the thumbnail's box is the thumbnail: compare it with the PNG itself.
            source = Image.open(io.BytesIO(base64.b64decode(thumb["src"].split(",", 1)[1]))).convert("L")
            box = tuple(round(v) for v in (thumb["x"], thumb["y"], thumb["x"] + thumb["w"], thumb["y"] + thumb["h"]))
            drawn = screen.crop(box)
            inner = (2, 2, drawn.width - 2, drawn.height - 2)  # inside the 1 px border
            drawn, source = drawn.crop(inner), source.resize(drawn.size).crop(inner)
            # Ink where the PNG has ink, give or take a pixel (the box may sit at a fractional position):
            # a blank box, a broken-image icon or alt text would not match it.
            drawn_ink, source_ink = _ink(drawn), _ink(source)
            recall = _covered(source_ink, drawn_ink)
            precision = _covered(drawn_ink, source_ink)
            assert _count(source_ink) > 50 and recall > 0.8 and precision > 0.8, (
                f"{copy['file']}: its thumbnail is not drawn in the browser ({recall:.2f}, {precision:.2f})")


def _ink(image: Image.Image) -> Image.Image:
    return image.point(lambda v: 255 if v < 160 else 0)


def _count(mask: Image.Image) -> int:
    return mask.histogram()[255]


def _covered(mask: Image.Image, by: Image.Image) -> float:
    """The share of ``mask``'s ink within a pixel of ``by``'s."""
    from PIL import ImageFilter

    near = by.filter(ImageFilter.MaxFilter(3))
    return _count(ImageChops.multiply(mask, near).point(lambda v: 255 if v else 0)) / max(1, _count(mask))


def test_the_project_is_found_by_the_build_s_inputs(two_builds, run_cli, tmp_path, monkeypatch):
    project, new, _ = two_builds
    decoy = tmp_path / "elsewhere" / "copy"  # the same letter with another roster: not the build's project
    shutil.copytree(project, decoy)
    (decoy / "recipients.yaml").write_text((decoy / "recipients.yaml").read_text("utf-8") + "# edited\n", "utf-8")
    monkeypatch.chdir(tmp_path)
    found = run_cli("review", new, "-o", tmp_path / "a" / "review.pdf")
    assert found.code == 0 and found.out.split("(project: ")[1].startswith(str(Path.cwd() / "minimal"))
    assert "address not verified" in (tmp_path / "a" / "review.html").read_text("utf-8")
    (project / "recipients.yaml").write_text((project / "recipients.yaml").read_text("utf-8") + "# edited\n", "utf-8")
    lost = run_cli("review", new, "-o", tmp_path / "b" / "review.pdf")
    assert lost.code == 0 and "no letter project given or found" in lost.out
    assert "in the envelope window" not in (tmp_path / "b" / "review.html").read_text("utf-8")
