"""Issue 17, item 5: hostile input is a clean exit 1 at file:line:column, and `build` writes nothing.

(`check` on each of these finishes in a few milliseconds; the alias bomb took over 60 s and 1.6 GB.)"""
from __future__ import annotations

import re
from pathlib import Path

import pytest

ALIAS_BOMB = "".join(
    f"{name}: &{name} [{', '.join([f'*{previous}'] * 9) if previous else ', '.join(['lol'] * 9)}]\n"
    for previous, name in zip([None, *"abcdefgh"], "abcdefghi"))


def _insert(project: Path, file: str, old: str, new: str) -> None:
    path = project / file
    text = path.read_text("utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), "utf-8")


def _place(err: str) -> tuple[str, int, int]:
    found = re.search(r"([\w./-]+\.(?:yaml|md)):(\d+):(\d+): error", err)
    assert found, err
    return Path(found.group(1)).name, int(found.group(2)), int(found.group(3))


CASES = {
    # name: (file, text replaced, replacement, (file, line, column) expected)
    "alias bomb": ("letter.yaml", "", ALIAS_BOMB, ("letter.yaml", 1, None)),
    "deep nesting": ("signatories.yaml", "- name: Free NK Gulag", "- name: " + "[" * 500 + "]" * 500,
                     ("signatories.yaml", 2, None)),
    "escape in a recipient": ("recipients.yaml", "London W5 4LP", "\x1b[31mLondon W5 4LP",
                              ("recipients.yaml", 6, 57)),
    "delete in a body": ("body/en.md", "\n\n", "\n\nThe \x7f end.\n\n", ("en.md", None, None)),
    "escaped control character": ("signatories.yaml", "- name: Free NK Gulag", '- name: "Free \\e[1mNK"',
                                  ("signatories.yaml", 2, None)),
    "escape in the sender's short name": ("letter.yaml", "  short: Coalition for Open Access",
                                          '  short: "Coalition\\x07 for Open Access"', ("letter.yaml", 7, None)),
    "non-character": ("signatories.yaml", "- name: Free NK Gulag", "- name: Free \ufdd0NK",
                      ("signatories.yaml", 2, 14)),
    "over-long line": ("signatories.yaml", "- name: Free NK Gulag", "- name: " + "Free " * 3000,
                       ("signatories.yaml", 2, None)),
    "tab indentation": ("recipients.yaml", "  languages: [fr]", "\tlanguages: [fr]", ("recipients.yaml", 14, 1)),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_hostile_input_is_exit_1_at_its_place_and_build_writes_nothing(minimal_project, run_cli, tmp_path, case):
    file, old, new, (want_file, want_line, want_column) = CASES[case]
    if old:
        _insert(minimal_project, file, old, new)
    else:
        (minimal_project / file).write_text(new + (minimal_project / file).read_text("utf-8"), "utf-8")
    checked = run_cli("check", minimal_project)
    assert checked.code == 1, checked.err
    assert "Traceback" not in checked.err and "internal error" not in checked.err
    assert "draws no glyph" not in checked.err  # the character is the mistake, not the font
    name, line, column = _place(checked.err)
    assert name == want_file
    if want_line is not None:
        assert line == want_line, checked.err
    if want_column is not None:
        assert column == want_column, checked.err
    out = tmp_path / "out"
    built = run_cli("build", minimal_project, "-o", out, "-q")
    assert built.code == 1, built.err
    assert not any(out.glob("*.pdf"))  # no folder, or one without a PDF


def test_tabs_are_explained(minimal_project, run_cli):
    _insert(minimal_project, "recipients.yaml", "  languages: [fr]", "\tlanguages: [fr]")
    result = run_cli("check", minimal_project)
    assert "tabs are not allowed in YAML" in result.err and "indent with spaces" in result.err
