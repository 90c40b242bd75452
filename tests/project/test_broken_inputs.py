"""Broken projects exit 1 with a message naming the file, the line and the fix, and write no PDF."""
from __future__ import annotations

import re
from pathlib import Path

import pytest


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text("utf-8")
    assert old in text, f"test setup: {old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), "utf-8")


def assert_input_error(result, file: str, line: int | None, *words: str) -> None:
    assert result.code == 1, result.err
    assert "Traceback" not in result.err
    where = re.escape(file) + (rf":{line}(:\d+)?" if line else "")
    assert re.search(where + r": error:", result.err), result.err
    for word in words:
        assert word in result.err, result.err


@pytest.mark.parametrize("command", ["check", "build"])
def test_missing_body_file(minimal_project, run_cli, tmp_path, command):
    (minimal_project / "body" / "fr.md").unlink()
    args = [command, minimal_project] + (["-o", tmp_path / "out"] if command == "build" else [])
    result = run_cli(*args)
    assert_input_error(result, "letter.yaml", 4, "body/fr.md", "fix:")
    assert not list(tmp_path.glob("out/*.pdf"))


def test_yaml_syntax_error_names_line_and_column(minimal_project, run_cli):
    edit(minimal_project / "recipients.yaml", "  city: {en: London", "  city: {en: London,,")
    result = run_cli("check", minimal_project)
    assert_input_error(result, "recipients.yaml", 3, "YAML syntax error")


def test_unknown_language(minimal_project, run_cli):
    edit(minimal_project / "letter.yaml", "languages: [en, ko, fr]", "languages: [en, ko, fr, xx]")
    result = run_cli("check", minimal_project)
    assert_input_error(result, "letter.yaml", 4, "unknown language 'xx'")


def test_malformed_language_tag(minimal_project, run_cli):
    edit(minimal_project / "recipients.yaml", "languages: [fr]", "languages: [fr_fr_fr]")
    result = run_cli("check", minimal_project)
    assert_input_error(result, "recipients.yaml", 14, "malformed language tag")


def test_unresolved_placeholder_points_at_its_column(minimal_project, run_cli):
    edit(minimal_project / "body" / "en.md", "in {recipient.city}.", "in {recipient.town}.")
    result = run_cli("check", minimal_project)
    assert_input_error(result, "body/en.md", 12, "unknown placeholder {recipient.town}", "recipient.city")
    assert "body/en.md:12:62" in result.err


def test_placeholder_cannot_reach_beyond_documented_fields(minimal_project, run_cli):
    edit(minimal_project / "body" / "en.md", "{sender.name}", "{sender.__class__.__init__.__globals__}")
    result = run_cli("check", minimal_project)
    assert_input_error(result, "body/en.md", 6, "unknown placeholder")


def test_recipient_language_without_body(minimal_project, run_cli, tmp_path):
    edit(minimal_project / "recipients.yaml", "languages: [fr]", "languages: [fr, es]")
    result = run_cli("build", minimal_project, "-o", tmp_path / "out")
    assert_input_error(result, "recipients.yaml", 14, "es", "body/es.md")
    assert not list(tmp_path.glob("out/*.pdf"))


def test_unknown_key_suggests_the_nearest(minimal_project, run_cli):
    edit(minimal_project / "letter.yaml", "date: 2026-11-23", "dat: 2026-11-23")
    result = run_cli("check", minimal_project)
    assert_input_error(result, "letter.yaml", 3, "unknown key 'dat'", "did you mean 'date'")


def test_invalid_date(minimal_project, run_cli):
    edit(minimal_project / "letter.yaml", "date: 2026-11-23", "date: 2026-13-45")
    result = run_cli("check", minimal_project)
    assert_input_error(result, "letter.yaml", 3, "invalid date", "YYYY-MM-DD")


def test_duplicate_recipient_id(minimal_project, run_cli):
    edit(minimal_project / "recipients.yaml", "- id: paris", "- id: london")
    result = run_cli("check", minimal_project)
    assert_input_error(result, "recipients.yaml", 8, "used twice")


@pytest.mark.parametrize("bad_id", ["../escape", "/etc/passwd", "a/b", ".."])
def test_recipient_id_must_be_a_safe_file_name(minimal_project, run_cli, bad_id):
    edit(minimal_project / "recipients.yaml", "- id: paris", f"- id: '{bad_id}'")
    result = run_cli("check", minimal_project)
    assert_input_error(result, "recipients.yaml", 8, "not a safe file name")


def test_yaml_tags_never_construct_objects(minimal_project, run_cli):
    edit(minimal_project / "letter.yaml", "id: minimal", "id: !!python/object/apply:os.system ['echo pwned']")
    result = run_cli("check", minimal_project)
    assert_input_error(result, "letter.yaml", 2, "not allowed")
    assert "pwned" not in result.out


def test_body_not_utf8(minimal_project, run_cli):
    (minimal_project / "body" / "fr.md").write_bytes("---\nsubject: Accès\n".encode("latin-1"))
    result = run_cli("check", minimal_project)
    assert_input_error(result, "body/fr.md", 2, "not UTF-8", "UTF-8")


def test_missing_letter_yaml(tmp_path, run_cli):
    result = run_cli("check", tmp_path)
    assert result.code == 1 and "no letter.yaml" in result.err and "Traceback" not in result.err


def test_bad_usage_exits_2(run_cli):
    assert run_cli("build").code == 2
    assert run_cli("frobnicate").code == 2


def test_unknown_layout_is_reported_at_its_line(minimal_project, run_cli):
    edit(minimal_project / "recipients.yaml", "  languages: [fr]", "  languages: [fr]\n  layout: din-c")
    result = run_cli("check", minimal_project)
    assert_input_error(result, "recipients.yaml", 15, "unknown layout 'din-c'", "din-b")


def test_new_scaffolds_a_project_that_checks_and_builds(tmp_path, run_cli):
    project = tmp_path / "campaign"
    assert run_cli("new", project, "--languages", "en,ko,fr").code == 0
    assert {p.name for p in (project / "body").iterdir()} == {"en.md", "ko.md", "fr.md"}
    assert run_cli("check", project).code == 0
    assert run_cli("build", project, "-o", tmp_path / "out", "-q").code == 0
    assert len(list((tmp_path / "out").glob("*.pdf"))) == 3
    assert run_cli("new", project).code == 1  # not over an existing project
    assert run_cli("new", tmp_path / "x", "--languages", "en,zz").code == 1


def test_an_address_with_lines_and_empty_structured_fields_is_its_lines(minimal_project, run_cli):
    """A structured field left empty (``street_address:`` with nothing after it) is not given: the
    address is its lines, not refused as having both."""
    edit(minimal_project / "recipients.yaml", "    country: GB\n", "    country: GB\n    street_address:\n    city: ~\n")
    assert run_cli("check", minimal_project).code == 0


def test_an_address_with_lines_and_a_filled_structured_field_is_refused(minimal_project, run_cli):
    edit(minimal_project / "recipients.yaml", "    country: GB\n", "    country: GB\n    city: London\n")
    assert_input_error(run_cli("check", minimal_project), "recipients.yaml", 5, "both 'lines' and structured fields")


def test_every_mistake_of_a_body_is_found_in_one_run(minimal_project, run_cli):
    """A lone brace, a footnote without its text, an unknown placeholder and an unknown ::: only id,
    each in its own paragraph, with a misspelt front-matter key: one run of check names them all
    (the paragraphs read right are merge-checked too), and no copy in that language is built."""
    body = minimal_project / "body" / "en.md"
    text = body.read_text("utf-8").replace("subject:", "subjct:", 1)
    body.write_text(text + "\nHi {foo}.\n\n::: only nowhere\nx\n:::\n\nFoot[^nope].\n\nLone } brace.\n", "utf-8")
    result = run_cli("check", minimal_project)
    assert result.code == 1
    for found in ("unknown placeholder {foo}", "no recipient with id 'nowhere'",
                  "the footnote [^nope] has no text", "a lone brace", "unknown key 'subjct'"):
        assert found in result.err, (found, result.err)
    assert "internal error" not in result.err


def test_a_paragraph_or_note_left_out_for_its_mistake_raises_no_false_footnote_alarm(minimal_project, run_cli):
    """A note referred to only from a paragraph with a mistake is not "never referred to", and a
    note whose own text has a mistake is not "missing": each mistake is reported once."""
    body = minimal_project / "body" / "en.md"
    body.write_text(body.read_text("utf-8") + "\nA lone } brace and a note[^a].\n\n[^a]: The note.\n\n"
                    "Another note[^b].\n\n[^b]: A lone { brace.\n", "utf-8")
    result = run_cli("check", minimal_project)
    assert result.code == 1
    assert result.err.count("a lone brace") == 2, result.err
    assert "never referred to" not in result.err and "has no text" not in result.err, result.err
