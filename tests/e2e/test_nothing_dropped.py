"""Issue 17, item 2: every text of the input is on the page. Generated projects (any number of
signatories, names and titles from one word to taller than a page, paragraphs of any length) are
built, and every word of every name, title and paragraph is read back from the PDF, in order."""
from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from letterpress.cli import main

REPO = Path(__file__).resolve().parents[2]

# Words of two to four letters: never hyphenated, so each comes back whole.
WORD = st.text(alphabet="abcdefghijklmnopqrstuvwxyz", min_size=2, max_size=4)


def texts(min_words: int, max_words: int):
    return st.lists(WORD, min_size=min_words, max_size=max_words).map(" ".join)


SIGNATORY = st.tuples(texts(1, 6), st.one_of(st.none(), texts(1, 12)),
                      st.sampled_from(["organisation", "person"]))


@st.composite
def projects(draw):
    signatories = draw(st.lists(SIGNATORY, min_size=1, max_size=40))
    if draw(st.booleans()):  # one entry taller than a page
        index = draw(st.integers(0, len(signatories) - 1))
        name, title, kind = signatories[index]
        words = name.split()
        signatories[index] = (" ".join(words * (1 + 1500 // len(words))), title, kind)  # ~70 lines
    paragraphs = draw(st.lists(texts(1, 120), min_size=1, max_size=6))
    return signatories, paragraphs


def _yaml_string(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _in_order(words: list[str], tokens: list[str], start: int) -> int:
    """The position after ``words`` found in order in ``tokens`` from ``start`` (-1 if not)."""
    position = start
    for word in words:
        try:
            position = tokens.index(word, position) + 1
        except ValueError:
            return -1
    return position


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                  HealthCheck.too_slow])
@given(projects())
def test_every_name_title_and_paragraph_is_printed(tmp_path_factory, generated):
    signatories, paragraphs = generated
    folder = tmp_path_factory.mktemp("dropped")
    project = folder / "p"
    shutil.copytree(REPO / "examples" / "minimal", project)
    letter = project / "letter.yaml"
    letter.write_text(letter.read_text("utf-8").replace("languages: [en, ko, fr]", "languages: [en]"), "utf-8")
    for old in (project / "body").iterdir():
        old.unlink()
    (project / "body" / "en.md").write_text(
        "---\nsubject: S\nsalutation: Dear,\nclosing: Yours,\n---\n" + "\n\n".join(paragraphs) + "\n", "utf-8")
    roster = []
    for name, title, kind in signatories:
        entry = f"- name: {_yaml_string(name)}\n  kind: {kind}\n"
        if title is not None and kind == "person":
            entry += f"  title: {_yaml_string(title)}\n"
        roster.append(entry)
    (project / "signatories.yaml").write_text("".join(roster), "utf-8")
    (project / "recipients.yaml").write_text(
        "- id: r\n  name: Mission\n  address: {country: GB, lines: [1 Road, London W5 4LP]}\n"
        "  languages: [en]\n", "utf-8")
    out = folder / "out"
    assert main(["build", str(project), "-o", str(out), "-q", "--jobs", "1"]) == 0
    text = subprocess.run(["pdftotext", "-layout", str(out / "r.en.pdf"), "-"], capture_output=True, text=True,
                          check=True).stdout
    # -layout keeps columns apart; reading order within an entry is still top to bottom per column
    tokens = text.split()
    position = 0
    for paragraph in paragraphs:
        position = _in_order(paragraph.split(), tokens, position)
        assert position >= 0, f"paragraph missing from the PDF: {paragraph[:80]}"
    plain = subprocess.run(["pdftotext", str(out / "r.en.pdf"), "-"], capture_output=True, text=True,
                           check=True).stdout.split()
    for name, title, kind in signatories:
        assert _in_order(name.split(), plain, 0) >= 0, f"signatory missing from the PDF: {name[:80]}"
        if title is not None and kind == "person":
            assert _in_order(title.split(), plain, 0) >= 0, f"title missing from the PDF: {title[:80]}"
