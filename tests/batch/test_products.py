"""Issue 18, item 2: every file a build makes goes one way (fingerprinted, journalled, recorded,
kept when unchanged), the label sheet included; and each copy is composed once per build."""
from __future__ import annotations

import json
import os
import sys
from collections import Counter
from pathlib import Path

import pytest
from pdfread import page_texts

from letterpress.record import read_manifest


def _edit(project: Path, file: str, old: str, new: str) -> None:
    path = project / file
    text = path.read_text("utf-8")
    assert old in text, (file, old)
    path.write_text(text.replace(old, new, 1), "utf-8")


def _rebuilt(result) -> set[str]:
    assert result.code == 0, result.err
    return {f["file"] for f in json.loads(result.out)["files"] if not f["unchanged"]}


def test_label_sheet_is_fingerprinted_and_kept_until_an_address_changes(minimal_project, run_cli, tmp_path,
                                                                        monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1323302400")
    out = tmp_path / "out"
    first = run_cli("build", minimal_project, "-o", out, "--labels", "--json")
    assert "labels.pdf" in _rebuilt(first)
    (labels,) = [r for r in read_manifest(out).files if r.file == "labels.pdf"]
    assert labels.kind == "labels" and len(labels.inputs) == 64  # a sha256 of what it depends on

    assert _rebuilt(run_cli("build", minimal_project, "-o", out, "--labels", "--json")) == set()
    # a word of a body is on no label
    _edit(minimal_project, "body/en.md", "without delay", "with no delay")
    assert _rebuilt(run_cli("build", minimal_project, "-o", out, "--labels", "--json")) == {"london.en.pdf"}
    # an address is
    _edit(minimal_project, "recipients.yaml", "3 rue Asseline", "5 rue Asseline")
    assert _rebuilt(run_cli("build", minimal_project, "-o", out, "--labels", "--json")) == {"paris.fr.pdf",
                                                                                             "labels.pdf"}
    fresh = tmp_path / "fresh"
    assert run_cli("build", minimal_project, "-o", fresh, "-q", "--labels").code == 0
    for pdf in fresh.glob("*.pdf"):  # what was kept is what a fresh build makes
        assert (out / pdf.name).read_bytes() == pdf.read_bytes(), pdf.name


def test_an_envelope_is_kept_when_the_body_changes_and_rebuilt_when_the_address_does(
        minimal_project, run_cli, tmp_path, monkeypatch):
    """An envelope prints the address and the return address (and names the addressee and the
    recipient in its document information): a word of a body, or its subject, is not on it."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1323302400")
    out = tmp_path / "out"
    assert "london.envelope.pdf" in _rebuilt(run_cli("build", minimal_project, "-o", out, "--envelopes", "--json"))
    _edit(minimal_project, "body/en.md", "without delay", "with no delay")
    assert _rebuilt(run_cli("build", minimal_project, "-o", out, "--envelopes", "--json")) == {"london.en.pdf"}
    _edit(minimal_project, "body/en.md", "Access for independent", "Access for impartial")
    assert _rebuilt(run_cli("build", minimal_project, "-o", out, "--envelopes", "--json")) == {"london.en.pdf"}
    _edit(minimal_project, "recipients.yaml", "73 Gunnersbury Avenue", "75 Gunnersbury Avenue")
    assert "london.envelope.pdf" in _rebuilt(run_cli("build", minimal_project, "-o", out, "--envelopes", "--json"))
    fresh = tmp_path / "fresh"
    assert run_cli("build", minimal_project, "-o", fresh, "-q", "--envelopes").code == 0
    for pdf in fresh.glob("*.pdf"):  # what was kept is what a fresh build makes
        assert (out / pdf.name).read_bytes() == pdf.read_bytes(), pdf.name


def test_a_label_is_addressed_from_a_copy_whose_body_is_written(minimal_project, run_cli, tmp_path):
    """London writes in English first, but only the Korean body is written yet: its label is made
    from its Korean copy (it was an internal error, composing a copy with no body)."""
    (minimal_project / "body" / "en.md").unlink()
    out = tmp_path / "out"
    result = run_cli("build", minimal_project, "-o", out, "-q", "--language", "ko", "--labels")
    assert result.code == 0, result.err
    assert "73 Gunnersbury Avenue" in page_texts(out / "labels.pdf")[0]


def test_label_sheet_is_journalled_as_it_lands(minimal_project, run_cli, tmp_path, monkeypatch):
    """Like every file: a build killed after the sheet landed keeps it (the journal records it)."""
    from letterpress.record import JOURNAL, read_journal

    seen = []
    original = os.replace

    def spy(source, target, *args, **kwargs):  # the moment a file lands, read the journal
        original(source, target, *args, **kwargs)
        if Path(target).name == "labels.pdf":
            seen.extend(record.file for record in read_journal(Path(target).parent))

    monkeypatch.setattr(os, "replace", spy)
    assert run_cli("build", minimal_project, "-o", tmp_path / "out", "-q", "--labels", "--jobs", "1").code == 0
    assert "labels.pdf" in seen
    assert not (tmp_path / "out" / JOURNAL).exists()  # the manifest replaced it


def _count_compositions(monkeypatch, log: Path) -> None:
    """Every module's compose_copy appends the copy it composes to ``log`` (one write per line, so
    forked workers' lines never interleave)."""
    import letterpress.compose as compose

    original = compose.compose_copy

    def counted(project, copy, **kwargs):
        handle = os.open(log, os.O_WRONLY | os.O_APPEND | os.O_CREAT)
        try:
            os.write(handle, f"{copy.recipient_id}.{copy.language}\n".encode())
        finally:
            os.close(handle)
        return original(project, copy, **kwargs)

    for module in list(sys.modules.values()):
        if module is not None and module.__name__.startswith("letterpress") \
                and getattr(module, "compose_copy", None) is original:
            monkeypatch.setattr(module, "compose_copy", counted)


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_each_copy_is_composed_once_per_build(minimal_project, run_cli, tmp_path, monkeypatch, jobs):
    import letterpress.build  # noqa: F401  (every module that composes is imported before counting)

    log = tmp_path / "composed"
    _count_compositions(monkeypatch, log)
    result = run_cli("build", minimal_project, "-o", tmp_path / "out", "-q", "--envelopes", "--packet",
                     "--labels", "--sort", "--jobs", jobs)
    assert result.code == 0, result.err
    assert len(list((tmp_path / "out").glob("*.pdf"))) == 3 + 2 + 2 + 1
    composed = Counter(log.read_text().split())
    assert composed == {"london.en": 1, "london.ko": 1, "paris.fr": 1}


def test_check_then_copy_compose_each_copy_once(minimal_project, tmp_path, monkeypatch):
    """The API's check and copy read the same composed copies that prepared the fonts."""
    import letterpress

    log = tmp_path / "composed"
    _count_compositions(monkeypatch, log)
    project = letterpress.load(minimal_project)
    assert project.check() == []
    assert project.copy("paris", "fr").startswith(b"%PDF")
    assert Counter(log.read_text().split()) == {"london.en": 1, "london.ko": 1, "paris.fr": 1}
