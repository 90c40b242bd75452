"""Issue 16: partial builds while a translation is awaited, and check's warnings about bodies that
were never written or translated."""
from __future__ import annotations

import json

from letterpress.cli import main


def test_build_one_language_while_another_body_is_missing(minimal_project, run_cli, tmp_path):
    (minimal_project / "body" / "fr.md").unlink()
    out = tmp_path / "out"
    full = run_cli("build", minimal_project, "-o", out, "-q")
    assert full.code == 1 and "body/fr.md is missing" in full.err and "--language" in full.err
    result = run_cli("build", minimal_project, "-o", out, "--language", "en", "--json")
    assert result.code == 0, result.err
    summary = json.loads(result.out)
    assert [f["file"] for f in summary["files"]] == ["london.en.pdf"]
    skipped = {item["file"]: item["reason"] for item in summary["skipped"]}
    assert skipped == {"london.ko.pdf": "not asked for: --language", "paris.fr.pdf": "body/fr.md is missing"}
    assert sorted(p.name for p in out.glob("*.pdf")) == ["london.en.pdf"]
    text = run_cli("build", minimal_project, "-o", out, "--language", "en", "--force")
    assert text.code == 0 and "skipped 1 copy: paris.fr.pdf (body/fr.md is missing)" in text.out
    # a copy left out on purpose is counted, not named: a large roster's other languages are no news
    assert "left out 1 copy of other languages (--language)" in text.out and "london.ko.pdf" not in text.out
    # the missing language itself cannot be asked for
    assert run_cli("build", minimal_project, "-o", out, "--language", "fr").code == 1


def test_check_warns_about_the_new_template_and_untranslated_bodies(tmp_path, run_cli):
    project = tmp_path / "letter"
    assert run_cli("new", project, "--languages", "en,fr,ru").code == 0
    result = run_cli("check", project)
    assert result.code == 0, result.err
    assert "body/en.md:1:1: warning: body/en.md is still the template 'letterpress new' wrote" in result.err
    assert "body/ru.md is still the template 'letterpress new' wrote (not translated into ru)" in result.err
    assert "3 warnings" in result.out
    assert "ok (1 recipient, 3 copies, 3 signatories, languages en, fr, ru), 3 warnings" in result.out, result.out
    built = run_cli("build", project, "-o", tmp_path / "out", "--json")
    assert built.code == 0
    assert any("body/ru.md is still the template" in warning for warning in json.loads(built.out)["warnings"])
    # the author deletes the marks without writing anything: still recognised
    for language in ("en", "fr", "ru"):
        body = project / "body" / f"{language}.md"
        body.write_text("\n".join(line for line in body.read_text("utf-8").splitlines()
                                  if not line.startswith("# letterpress new:")) + "\n", "utf-8")
    result = run_cli("check", project)
    assert "body/en.md is still the template" in result.err and "body/ru.md is still the template" in result.err

    def write(language: str, text: str) -> None:
        body = project / "body" / f"{language}.md"
        front = body.read_text("utf-8").split("---\n")[1]
        body.write_text(f"---\n{front}---\n{text}\n", "utf-8")

    # English written; French and Russian still a copy of it
    for language in ("en", "fr", "ru"):
        write(language, "We write to you about the *detainees*.")
    result = run_cli("check", project)
    assert "template" not in result.err
    assert "body/fr.md has the same text as body/en.md: not translated yet?" in result.err
    assert "body/ru.md has the same text as body/en.md" in result.err
    # written and translated: no warning
    for language, text in (("fr", "Nous vous écrivons."), ("ru", "Мы пишем вам.")):
        write(language, text)
    result = run_cli("check", project)
    assert result.code == 0 and "warning" not in result.err and "warning" not in result.out
