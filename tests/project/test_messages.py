"""Issue 17, items 7 and 8: messages for people, every problem in one run, each once, in file order."""
from __future__ import annotations

import datetime as dt
import json
import re
import subprocess
from pathlib import Path

import pytest


def _edit(project: Path, file: str, old: str, new: str) -> None:
    path = project / file
    text = path.read_text("utf-8")
    assert old in text, (file, old)
    path.write_text(text.replace(old, new, 1), "utf-8")


def _with_russian(project: Path) -> None:
    _edit(project, "letter.yaml", "languages: [en, ko, fr]", "languages: [en, ko, fr, ru]")
    (project / "body" / "ru.md").write_text((project / "body" / "en.md").read_text("utf-8"), "utf-8")


@pytest.mark.parametrize("written, meant", [("fe", "fr"), ("rus", "ru"), ("ru_RU", "ru"), ("ru-ru", "ru"),
                                            ("RU-RU", "ru"), ("fra", "fr")])
def test_a_mistyped_language_gets_a_suggestion(minimal_project, run_cli, written, meant):
    _with_russian(minimal_project)
    _edit(minimal_project, "recipients.yaml", "languages: [fr]", f"languages: [{written}]")
    result = run_cli("check", minimal_project)
    assert result.code == 1
    assert f"did you mean {meant}?" in result.err, result.err
    assert "recipients.yaml:14:" in result.err


def test_check_reports_every_mistake_in_one_run_sorted_by_file_and_line(minimal_project, run_cli):
    _edit(minimal_project, "recipients.yaml", "languages: [fr]", "languages: [fe]")
    _edit(minimal_project, "body/ko.md", "subject:", "subjec:")
    (minimal_project / "letter.yaml").write_text((minimal_project / "letter.yaml").read_text("utf-8")
                                                 + "colour: red\n", "utf-8")
    _edit(minimal_project, "signatories.yaml", "- name: Free NK Gulag", "- name: Free \x1b NK Gulag")
    result = run_cli("check", minimal_project)
    assert result.code == 1
    places = re.findall(r"^(\S+?):(\d+):\d+: error", result.err, re.MULTILINE)
    files = [Path(file).name for file, _ in places]
    assert files == ["ko.md", "letter.yaml", "recipients.yaml", "signatories.yaml"], result.err
    assert len(set(result.err.splitlines())) == len(result.err.splitlines())  # each problem once


def test_a_problem_shared_by_every_copy_is_printed_once(minimal_project, run_cli):
    """A character no face has, in the letter's sender (drawn in every copy)."""
    _edit(minimal_project, "letter.yaml", "Coalition for Open Access, ko:", "Coalition for Open Access \U00013000, ko:")
    result = run_cli("check", minimal_project)
    assert result.code == 1
    errors = [line for line in result.err.splitlines() if ": error:" in line]
    assert len(errors) == len(set(errors)) == 1, result.err


def test_json_failure_report(minimal_project, run_cli, tmp_path):
    _edit(minimal_project, "recipients.yaml", "languages: [fr]", "languages: [fe]")
    result = run_cli("build", minimal_project, "-o", tmp_path / "out", "--json")
    assert result.code == 1
    report = json.loads(result.out)
    assert report["ok"] is False and report["exit_code"] == 1
    (problem,) = report["errors"]
    assert Path(problem["file"]).name == "recipients.yaml" and problem["line"] == 14
    assert "did you mean fr?" in problem["fix"]


def test_one_copy_is_one_copy(minimal_project, run_cli, tmp_path):
    result = run_cli("build", minimal_project, "-o", tmp_path / "out", "--recipient", "paris")
    assert result.code == 0, result.err
    assert re.search(r"^1 copy \(1 written, 0 unchanged\), 1 page,", result.out, re.MULTILINE), result.out


def test_the_file_list_is_in_a_stable_order(minimal_project, run_cli, tmp_path):
    first = json.loads(run_cli("build", minimal_project, "-o", tmp_path / "a", "--json").out)["files"]
    again = json.loads(run_cli("build", minimal_project, "-o", tmp_path / "b", "--json", "--jobs", "1").out)["files"]
    names = [f["file"] for f in first]
    assert names == sorted(names) == [f["file"] for f in again]


def test_pdf_creation_date_is_the_build_time_without_source_date_epoch(minimal_project, run_cli, tmp_path):
    before = dt.datetime.now(dt.timezone.utc).replace(microsecond=0) - dt.timedelta(seconds=1)
    assert run_cli("build", minimal_project, "-o", tmp_path / "out", "-q").code == 0
    info = subprocess.run(["pdfinfo", "-isodates", str(tmp_path / "out" / "paris.fr.pdf")], capture_output=True,
                          text=True, check=True).stdout
    created = dt.datetime.fromisoformat(re.search(r"CreationDate:\s+(\S+)", info).group(1).replace("Z", "+00:00"))
    assert created >= before and created.year > 2000


def test_every_paragraph_of_a_body_is_checked_in_one_run(minimal_project, run_cli):
    """A translator's file with a mistake in its front matter and in several paragraphs: each is
    named, not the first alone."""
    _edit(minimal_project, "body/en.md", "subject:", "subjct:")
    _edit(minimal_project, "body/en.md", "We write to you", "We write { to you")
    _edit(minimal_project, "body/en.md", "**forced labour**", "**forced labour")
    _edit(minimal_project, "body/en.md", "a meeting in {recipient.city}", "a meeting in {recipient.city} }")
    (minimal_project / "body" / "en.md").write_text((minimal_project / "body" / "en.md").read_text("utf-8")
                                                    + "\n::: only london\nAnd one more.\n", "utf-8")
    result = run_cli("check", minimal_project)
    assert result.code == 1
    found = re.findall(r"^\S*en\.md:(\d+):\d+: error: (.*)$", result.err, re.MULTILINE)
    assert [line for line, _ in found] == ["2", "6", "10", "12", "14"], result.err
    assert "'subjct'" in found[0][1] and "lone brace" in found[1][1] and "never closed" in found[2][1]
    assert "lone brace" in found[3][1] and "block is never closed" in found[4][1]


def test_a_file_mistake_does_not_hide_another_copys_problems(minimal_project, run_cli):
    """A mistake in paris's roster entry, a body with a mistake of its own, and a character no face
    draws in london's address: check composes and sets the copies the mistakes leave, and names all
    three in one run (london's address is only known to fail once its copies are set)."""
    _edit(minimal_project, "recipients.yaml", "languages: [fr]", "languages: [fe]")
    _edit(minimal_project, "recipients.yaml", "73 Gunnersbury Avenue", "73 Gunnersbury Avenue \U00013000")
    _edit(minimal_project, "body/ko.md", "subject:", "subjec:")
    result = run_cli("check", minimal_project)
    assert result.code == 1
    errors = [line for line in result.err.splitlines() if ": error: " in line]
    assert any("ko.md:2:" in line and "'subjec'" in line for line in errors), result.err
    assert any("recipients.yaml:5:" in line and "no font for the Egyptian Hieroglyphs" in line
               for line in errors), result.err
    assert any("recipients.yaml:14:" in line and "'fe'" in line for line in errors), result.err
    assert len(errors) == 3, result.err


def test_check_json_for_ci(minimal_project, run_cli, tmp_path):
    passed = run_cli("check", minimal_project, "--json")
    assert passed.code == 0, passed.err
    report = json.loads(passed.out)
    assert report["ok"] is True and report["exit_code"] == 0 and report["warnings"] == []
    assert report["copies"] == len(letterpress_copies(minimal_project))
    _edit(minimal_project, "recipients.yaml", "languages: [fr]", "languages: [fe]")
    _edit(minimal_project, "recipients.yaml", "73 Gunnersbury Avenue", "73 Gunnersbury Avenue \U00013000")
    failed = run_cli("check", minimal_project, "--json")
    assert failed.code == 1
    report = json.loads(failed.out)
    assert report["ok"] is False and report["exit_code"] == 1
    assert sorted((Path(e["file"]).name, e["line"]) for e in report["errors"]) == [("recipients.yaml", 5),
                                                                                     ("recipients.yaml", 14)]


def letterpress_copies(project: Path) -> list:
    import letterpress

    return list(letterpress.load(project).copies)


def test_a_language_the_letter_lacks_is_named(minimal_project, run_cli, tmp_path):
    result = run_cli("build", minimal_project, "-o", tmp_path / "out", "--language", "FR")
    assert result.code == 1
    assert "the letter has no FR text" in result.err and "did you mean fr? its languages are en, ko, fr" in result.err
    assert not (tmp_path / "out").exists() or not list((tmp_path / "out").glob("*.pdf"))


def test_check_lists_every_problem_a_build_shows_the_first(minimal_project, run_cli, tmp_path):
    rows = ["id;name;country;address.lines;languages;city"]
    rows += [f"m{i};Mission {i};GB;{i} Gunnersbury Avenue | London W5 4LP;{'xx' if i < 40 else 'en'};London"
             for i in range(45)]
    (minimal_project / "recipients.csv").write_text("\n".join(rows) + "\n", "utf-8")
    _edit(minimal_project, "letter.yaml", "recipients: recipients.yaml", "recipients: recipients.csv")
    checked = run_cli("check", minimal_project)
    assert checked.code == 1
    assert checked.err.count(": error: unknown language 'xx'") == 40 and "more problems" not in checked.err
    built = run_cli("build", minimal_project, "-o", tmp_path / "out")
    assert built.code == 1
    assert built.err.count(": error: ") == 30 and "... and 10 more problems (letterpress check lists them all)" in built.err
