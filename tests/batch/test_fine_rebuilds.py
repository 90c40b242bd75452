"""Issue 17, item 6: a copy is rebuilt only when what it prints changed; what is kept is still right
(byte-identical to a fresh build of the edited project)."""
from __future__ import annotations

import json
from pathlib import Path

import pytest


def _edit(project: Path, file: str, old: str, new: str) -> None:
    path = project / file
    text = path.read_text("utf-8")
    assert old in text, (file, old)
    path.write_text(text.replace(old, new, 1), "utf-8")


def _append(project: Path, file: str, text: str) -> None:
    path = project / file
    path.write_text(path.read_text("utf-8") + text, "utf-8")


EDITS = {
    # name: (edit, files expected to be rebuilt)
    "a word of the English body": (lambda p: _edit(p, "body/en.md", "without delay", "with no delay"),
                                   {"london.en.pdf"}),
    "a recipient's note": (lambda p: _edit(p, "recipients.yaml", "  languages: [fr]",
                                           "  note: called them on Monday\n  languages: [fr]"), set()),
    "comments": (lambda p: (_append(p, "letter.yaml", "# a comment\n"),
                            _edit(p, "recipients.yaml", "- id: paris", "# the delegation\n- id: paris"),
                            _append(p, "signatories.yaml", "# more to come\n")), set()),
    "one recipient's address": (lambda p: _edit(p, "recipients.yaml", "3 rue Asseline", "5 rue Asseline"),
                                {"paris.fr.pdf"}),
    "a signatory": (lambda p: _edit(p, "signatories.yaml", "Burma Partnership", "Burma Partnerships"),
                    {"london.en.pdf", "london.ko.pdf", "paris.fr.pdf"}),
}


@pytest.mark.parametrize("name", sorted(EDITS))
def test_only_copies_whose_print_changed_are_rebuilt(minimal_project, run_cli, tmp_path, monkeypatch, name):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1323302400")
    edit, expected = EDITS[name]
    out = tmp_path / "out"
    first = json.loads(run_cli("build", minimal_project, "-o", out, "--json").out)
    assert {f["file"] for f in first["files"]} == {"london.en.pdf", "london.ko.pdf", "paris.fr.pdf"}
    edit(minimal_project)
    again = run_cli("build", minimal_project, "-o", out, "--json")
    assert again.code == 0, again.err
    rebuilt = {f["file"] for f in json.loads(again.out)["files"] if not f["unchanged"]}
    assert rebuilt == expected
    fresh = tmp_path / "fresh"
    assert run_cli("build", minimal_project, "-o", fresh, "-q").code == 0
    for pdf in fresh.glob("*.pdf"):
        assert (out / pdf.name).read_bytes() == pdf.read_bytes(), pdf.name


def test_a_build_reads_back_only_the_earlier_files_it_may_keep(minimal_project, tmp_path, monkeypatch):
    """An earlier file is read and hashed (is it still what its record says?) only when the build
    may keep it: a file it does not make, or one it makes whose inputs are unchanged; with --force,
    or when the inputs changed, the file is made again without being read first."""
    import letterpress
    import letterpress.build as build

    out = tmp_path / "out"
    project = letterpress.load(minimal_project)
    project.build(out, jobs=1)
    asked: list[str] = []
    current_record = build.current_record
    monkeypatch.setattr(build, "current_record",
                        lambda folder, records: asked.extend(r.file for r in records[-1:]) or current_record(folder, records))

    project.build(out, jobs=1, force=True, recipients=["london"])
    assert asked == ["paris.fr.pdf"]  # kept in the manifest, and not made by this build
    asked.clear()
    report = project.build(out, jobs=1)
    assert sorted(asked) == ["london.en.pdf", "london.ko.pdf", "paris.fr.pdf"] and len(report.written) == 0
    _edit(minimal_project, "body/en.md", "without delay", "with no delay")
    asked.clear()
    report = letterpress.load(minimal_project).build(out, jobs=1)
    assert sorted(asked) == ["london.ko.pdf", "paris.fr.pdf"] and [f.path.name for f in report.written] == ["london.en.pdf"]
    manifest = json.loads((out / "manifest.json").read_text("utf-8"))
    assert sorted(entry["file"] for entry in manifest["files"]) == ["london.en.pdf", "london.ko.pdf", "paris.fr.pdf"]
