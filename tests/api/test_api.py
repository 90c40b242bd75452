"""The public API: letterpress.load / Project.from_data / check / build / copy."""
from __future__ import annotations

import copy as copying
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

import letterpress
from conftest import LETTERS, REPO

EXAMPLE = LETTERS / "icnk-2011"
EPOCH = "1323302400"  # 2011-12-08


def example_data() -> dict:
    """The example project as plain Python data, read from its files."""
    letter = yaml.safe_load((EXAMPLE / "letter.yaml").read_text("utf-8"))
    del letter["signatories"], letter["recipients"]
    return {
        "letter": letter,
        "bodies": {p.stem: p.read_text("utf-8") for p in (EXAMPLE / "body").glob("*.md")},
        "signatories": yaml.safe_load((EXAMPLE / "signatories.yaml").read_text("utf-8")),
        "recipients": yaml.safe_load((EXAMPLE / "recipients.yaml").read_text("utf-8")),
    }


def test_from_data_builds_the_same_bytes_as_the_cli(tmp_path, run_cli, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    cli = run_cli("build", EXAMPLE, "-o", tmp_path / "cli", "--recipient", "london", "--recipient", "tokyo",
                  "--jobs", "1", "-q")
    assert cli.code == 0, cli.err
    project = letterpress.Project.from_data(**example_data())
    report = project.build(tmp_path / "api", recipients=["london", "tokyo"], jobs=1)
    assert isinstance(report, letterpress.Report)
    names = sorted(f.file for f in report.files)
    assert names == sorted(p.name for p in (tmp_path / "cli").glob("*.pdf"))
    assert names == ["london.en.pdf", "london.ko.pdf", "tokyo.ja.pdf", "tokyo.ko.pdf"]
    for built in report.files:
        assert built.path.read_bytes() == (tmp_path / "cli" / built.file).read_bytes(), built.file
        assert built.path.parent == tmp_path / "api"
        assert built.pages >= 1 and len(built.sha256) == 64 and not built.unchanged
        assert built.recipient in ("london", "tokyo") and built.file == f"{built.recipient}.{built.language}.pdf"
    again = project.build(tmp_path / "api", recipients=["london", "tokyo"], jobs=1)
    assert [f.unchanged for f in again.files] == [True] * 4 and again.written == ()
    # one copy in memory: the same bytes, and nothing written
    before = sorted(p.name for p in tmp_path.rglob("*"))
    assert project.copy("tokyo", "ja") == (tmp_path / "cli" / "tokyo.ja.pdf").read_bytes()
    assert sorted(p.name for p in tmp_path.rglob("*")) == before


def test_load_check_and_copies():
    project = letterpress.load(EXAMPLE)
    assert project.id == "icnk-2011" and project.languages[0] == "en"
    roster = yaml.safe_load((EXAMPLE / "recipients.yaml").read_text("utf-8"))
    assert ("london", "ko") in project.copies
    assert len(project.copies) == sum(len(recipient["languages"]) for recipient in roster)
    assert project.check() == []


def test_check_returns_each_problem_with_its_place(tmp_path):
    data = example_data()
    data["bodies"]["fr"] = data["bodies"]["fr"].replace("\n\n", "\n\nLe sceau \U00012000 du roi.\n\n", 1)
    problems = letterpress.Project.from_data(**data).check()
    assert problems, "a character no face has is a problem"
    assert all(isinstance(p, letterpress.Problem) for p in problems)
    found = [p for p in problems if p.file == Path("bodies[fr]")]
    assert found and found[0].line is not None and found[0].fix
    assert "bodies[fr]:" in str(found[0])


def test_data_errors_name_the_field_and_the_fix():
    data = example_data()
    data["recipients"][2]["address"]["country"] = "XX"
    with pytest.raises(letterpress.LetterError) as caught:
        letterpress.Project.from_data(**data)
    error = caught.value
    assert error.field == "recipients[2].address.country" and error.file is None
    assert str(error).startswith("recipients[2].address.country: error:")

    data = example_data()
    data["letter"]["languages"].append("de")
    with pytest.raises(letterpress.LetterError) as caught:
        letterpress.Project.from_data(**data)
    assert caught.value.field == "letter.languages" and "bodies" in (caught.value.fix or "")

    data = example_data()
    data["bodies"]["ko"] = data["bodies"]["ko"].replace("---\n", "---\nsubject: *unclosed\n", 1).replace(
        "subject:", "subjekt:", 1)
    with pytest.raises(letterpress.LetterError) as caught:
        letterpress.Project.from_data(**data)
    assert caught.value.file == Path("bodies[ko]") and caught.value.line == 2 and caught.value.fix


def test_the_same_mistake_in_a_file_and_in_data_gives_the_same_message(tmp_path):
    data = example_data()
    data["signatories"][0]["kind"] = "robot"
    with pytest.raises(letterpress.LetterError) as from_data:
        letterpress.Project.from_data(**copying.deepcopy(data))
    project = tmp_path / "p"
    (project / "body").mkdir(parents=True)
    for language, text in data["bodies"].items():
        (project / "body" / f"{language}.md").write_text(text, "utf-8")
    (project / "letter.yaml").write_text(yaml.safe_dump(
        {**data["letter"], "signatories": "signatories.yaml", "recipients": "recipients.yaml"},
        allow_unicode=True), "utf-8")
    (project / "signatories.yaml").write_text(yaml.safe_dump(data["signatories"], allow_unicode=True), "utf-8")
    (project / "recipients.yaml").write_text(yaml.safe_dump(data["recipients"], allow_unicode=True), "utf-8")
    with pytest.raises(letterpress.LetterError) as from_files:
        letterpress.load(project)
    assert from_data.value.message == from_files.value.message
    assert from_data.value.field == "signatories[0].kind" and from_files.value.line is not None


def test_the_public_modules_pass_mypy_strict(tmp_path):
    pytest.importorskip("mypy")
    result = subprocess.run([sys.executable, "-m", "mypy", "--strict", "--no-incremental", "--cache-dir", str(tmp_path), "letterpress/__init__.py",
                             "letterpress/api.py"], cwd=REPO, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_py_typed_is_shipped():
    assert (REPO / "letterpress" / "py.typed").is_file()
    assert "py.typed" in (REPO / "pyproject.toml").read_text("utf-8")


def test_warnings_are_given_as_problems_without_an_error():
    data = example_data()
    english = data["bodies"]["en"]
    data["bodies"]["es"] = data["bodies"]["es"].split("---", 2)[1].join(["---", "---"]) + english.split("---", 2)[2]
    project = letterpress.Project.from_data(**data)
    warnings = project.warnings()
    assert [w.file for w in warnings] == [Path("bodies[es]")]
    assert warnings[0].error is None and "same text" in warnings[0].message and warnings[0].fix
    assert str(warnings[0]).startswith("bodies[es]:1:1: warning: ")
    assert project.warnings(languages=["en", "fr"]) == []
    assert letterpress.load(EXAMPLE).warnings() == []


def test_check_a_folder_reports_its_files_mistakes_without_raising(tmp_path):
    assert letterpress.check(EXAMPLE) == []
    project = tmp_path / "letter"
    subprocess.run(["cp", "-r", str(EXAMPLE), str(project)], check=True)
    recipients = project / "recipients.yaml"
    recipients.write_text(recipients.read_text("utf-8").replace("languages: [en, ko]", "languages: [en, kx]", 1),
                          "utf-8")
    body = project / "body" / "fr.md"
    body.write_text(body.read_text("utf-8").replace("\n\n", "\n\nLe sceau \U00012000 du roi.\n\n", 1), "utf-8")
    problems = letterpress.check(project)
    assert all(isinstance(p, letterpress.Problem) and p.error is not None for p in problems)
    places = {(p.file.name, "'kx'" in p.message or "Cuneiform" in p.message) for p in problems}
    assert places == {("recipients.yaml", True), ("fr.md", True)}, [str(p) for p in problems]
    with pytest.raises(letterpress.LetterError):
        letterpress.load(project)  # what load raises at once, check gives as problems
    (missing,) = letterpress.check(tmp_path / "nowhere")
    assert "no letter.yaml" in missing.message


def test_an_empty_output_folder_is_refused_not_the_current_folder(tmp_path, monkeypatch):
    from letterpress.errors import UsageError

    monkeypatch.chdir(tmp_path)
    project = letterpress.load(REPO / "examples" / "minimal")
    with pytest.raises(UsageError, match="an empty output folder"):
        project.build("")
    assert not list(tmp_path.glob("*.pdf"))


def test_load_with_languages_builds_those_and_names_a_missing_body(minimal_project, tmp_path, monkeypatch):
    """load(languages=...) as its docstring says: only copies in these are built, another language's
    body may be missing, a tag the letter lacks is refused, and one string is one tag."""
    (minimal_project / "body" / "fr.md").unlink()
    project = letterpress.load(minimal_project, languages="en")
    report = project.build(tmp_path / "out", jobs=1)
    assert {f.language for f in report.files} == {"en"}
    with pytest.raises(letterpress.LetterError, match="body/fr.md is missing"):
        project.copy(next(r.id for r in project.data.recipients if "fr" in r.languages), "fr")
    with pytest.raises(letterpress.LetterError, match="the letter has no xx text"):
        letterpress.load(minimal_project, languages=["xx"])


def test_copy_refuses_a_control_character_at_its_place_as_build_does(minimal_project):
    body = minimal_project / "body" / "en.md"
    body.write_text(body.read_text("utf-8") + "\nabc\x07def\n", "utf-8")
    bodies = {path.stem: path.read_text("utf-8") for path in (minimal_project / "body").glob("*.md")}
    letter = yaml.safe_load((minimal_project / "letter.yaml").read_text("utf-8"))
    del letter["signatories"], letter["recipients"]
    project = letterpress.Project.from_data(
        letter=letter, bodies=bodies, root=minimal_project,
        signatories=yaml.safe_load((minimal_project / "signatories.yaml").read_text("utf-8")),
        recipients=yaml.safe_load((minimal_project / "recipients.yaml").read_text("utf-8")))
    recipient = next(r.id for r in project.data.recipients if "en" in r.languages)
    with pytest.raises(letterpress.LetterError, match=r"U\+0007") as raised:
        project.copy(recipient, "en")
    assert "bodies[en]" in str(raised.value)
