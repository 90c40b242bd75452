"""Issue 8: inputs that must work: markup-looking text printed literally, over-long words broken,
a 5,000-signatory roster and a 50-page body, with bounded memory."""
from __future__ import annotations

import subprocess
import sys
import os

import yaml

from pdfread import page_texts


def test_markup_and_ampersands_are_printed_literally(minimal_project, run_cli, tmp_path):
    roster = minimal_project / "signatories.yaml"
    roster.write_text(roster.read_text("utf-8") + "- name: 'Rights & Co <b>bold</b> {{not}} %s \\\\n'\n", "utf-8")
    body = minimal_project / "body" / "en.md"
    body.write_text(body.read_text("utf-8") + "\nPrinted as is: <script>alert(1)</script> & AT&T; 5 > 3 < 4.\n",
                    "utf-8")
    out = tmp_path / "out"
    assert run_cli("build", minimal_project, "-o", out, "-q", "--language", "en").code == 0
    text = "".join(page_texts(out / "london.en.pdf"))
    assert "Rights & Co <b>bold</b> {{not}} %s \\\\n" in text  # rosters have no placeholders
    assert "<script>alert(1)</script> & AT&T; 5 > 3 < 4." in text


def test_a_word_longer_than_the_line_is_broken_not_overflowing(minimal_project, run_cli, tmp_path):
    import pypdfium2 as pdfium

    long_word = "https://example.org/" + "a-very-long-path-segment" * 8
    korean = "조선민주주의인민공화국" * 12
    body = minimal_project / "body" / "ko.md"
    body.write_text(body.read_text("utf-8") + f"\n{long_word} {korean}\n", "utf-8")
    out = tmp_path / "out"
    assert run_cli("build", minimal_project, "-o", out, "-q", "--language", "ko").code == 0
    document = pdfium.PdfDocument(str(out / "london.ko.pdf"))
    page = document[0]
    width = page.get_size()[0]
    text_page = page.get_textpage()
    right_edge = max(text_page.get_charbox(i)[2] for i in range(text_page.count_chars()))
    document.close()
    assert right_edge <= width - 20 * 72 / 25.4 + 0.5  # inside the right margin of the UK layout
    squeezed = "".join(("".join(page_texts(out / "london.ko.pdf"))).split()).replace("\ufffe", "")
    assert korean in squeezed


def _roster(count: int) -> list[dict]:
    countries = ["KR", "JP", "US", "FR", "GB", "TH", "CZ", "BR"]
    return [{"name": f"Organisation number {i} for human rights", "country": countries[i % len(countries)]}
            for i in range(count)]


def test_five_thousand_signatories_paginate_with_bounded_memory(minimal_project, tmp_path):
    (minimal_project / "signatories.yaml").write_text(yaml.safe_dump(_roster(5000)), "utf-8")
    out = tmp_path / "out"
    env = dict(os.environ, LETTERPRESS_CACHE_DIR=str(tmp_path / "cache"), LETTERPRESS_SYSTEM_FONTS="0")
    # The build runs under a fresh parent that reports its children's peak: this process's own
    # RUSAGE_CHILDREN also holds every earlier test's subprocesses (mypy, a browser).
    build = [sys.executable, "-m", "letterpress", "build", str(minimal_project), "-o", str(out), "-q",
             "--language", "en", "--jobs", "1"]
    measure = ("import resource, subprocess, sys; subprocess.run(sys.argv[1:], check=True); "
               "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)")
    reported = subprocess.run([sys.executable, "-c", measure, *build], env=env, check=True,
                              capture_output=True, text=True).stdout
    peak_mb = int(reported.split()[-1]) / 1024
    texts = page_texts(out / "london.en.pdf")
    assert len(texts) > 40
    joined = " ".join(texts)
    assert "Organisation number 4999 for human rights" in joined and "Organisation number 0 for" in joined
    assert peak_mb < 300, f"peak RSS {peak_mb:.0f} MB"


def test_a_fifty_page_body(minimal_project, run_cli, tmp_path):
    paragraph = ("We urge your government to make public guarantees to provide continued and unfettered "
                 "access so that the international community is better prepared. ") * 6
    body = minimal_project / "body" / "en.md"
    text = body.read_text("utf-8")
    body.write_text(text + "\n" + "\n\n".join(f"{i}. {paragraph}" for i in range(260)) + "\n", "utf-8")
    out = tmp_path / "out"
    assert run_cli("build", minimal_project, "-o", out, "-q", "--language", "en").code == 0
    texts = page_texts(out / "london.en.pdf")
    assert len(texts) >= 50
    assert "259." in texts[-1] or "259." in texts[-2]
    assert "Page 2 of" in texts[1]
