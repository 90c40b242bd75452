"""The command line's parser: a run imports only the module of the command it runs, and every help
text and usage error reads as it does with every command's parser built."""
from __future__ import annotations

import argparse
import pkgutil
import subprocess
import sys

import pytest

from letterpress import commands
from letterpress.cli import make_parser
from letterpress.commands import COMMANDS
from letterpress.errors import UsageError


def _helps(parser: argparse.ArgumentParser, path: tuple[str, ...] = ()) -> dict[tuple[str, ...], str]:
    """Every help text of a parser and of its subcommands (and theirs), by command path."""
    helps = {path: parser.format_help()}
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                helps.update(_helps(sub, path + (name,)))
    return helps


def test_every_command_module_is_listed_once_with_the_help_its_parser_shows():
    modules = [m.name for m in pkgutil.iter_modules(commands.__path__) if not m.name.startswith("_")]
    assert sorted(modules) == sorted(COMMANDS)
    full = make_parser()
    subparsers = next(a for a in full._actions if isinstance(a, argparse._SubParsersAction))
    assert list(subparsers.choices) == list(COMMANDS)
    shown = {choice.dest: choice.help for choice in subparsers._choices_actions}
    assert shown == COMMANDS


@pytest.mark.parametrize("argv", [[], ["--help"], ["--version"], ["bogus"], ["-", "build"]]
                         + [[name, "--help"] for name in COMMANDS])
def test_help_is_the_same_as_with_every_command_built(argv):
    full, lazy = _helps(make_parser()), _helps(make_parser(argv))
    assert lazy[()] == full[()]  # the top-level help lists every command
    for name in (name for name in COMMANDS if name in argv):  # the command run: its help and its subcommands'
        assert {path: text for path, text in lazy.items() if path[:1] == (name,)} == \
            {path: text for path, text in full.items() if path[:1] == (name,)}


@pytest.mark.parametrize("argv", [["bogus"], ["build"], ["build", "p", "--bogus"], ["manifest"],
                                  ["-", "build"], ["--", "build", "p"]])
def test_usage_errors_are_the_same(argv):
    def error(parser: argparse.ArgumentParser) -> str:
        with pytest.raises(UsageError) as raised:
            parser.parse_args(argv)
        return str(raised.value)

    assert error(make_parser(argv)) == error(make_parser())


def test_the_command_run_gets_the_same_run_function():
    full = next(a for a in make_parser()._actions if isinstance(a, argparse._SubParsersAction)).choices
    for name in COMMANDS:
        lazy = next(a for a in make_parser([name])._actions if isinstance(a, argparse._SubParsersAction)).choices
        assert lazy[name].get_default("run") is full[name].get_default("run") is not None


def test_a_run_imports_only_its_own_command_module():
    code = ("import sys; from letterpress.cli import make_parser; make_parser(sys.argv[1:]); "
            "print(' '.join(sorted(m for m in sys.modules if m.startswith('letterpress.commands.'))))")
    imported = subprocess.run([sys.executable, "-c", code, "build", "letters", "-o", "out"],
                              capture_output=True, text=True, check=True).stdout.split()
    assert imported == ["letterpress.commands.build"]
    imported = subprocess.run([sys.executable, "-c", code, "--help"],
                              capture_output=True, text=True, check=True).stdout.split()
    assert imported == []


@pytest.mark.parametrize("argv", [["check", "no-such-project"], ["no-such-command"], ["--version"]])
def test_main_leaves_the_collectors_thresholds_as_it_found_them(argv, capsys):
    import gc

    from letterpress.cli import main

    before = gc.get_threshold()
    try:
        gc.set_threshold(700, 10, 10)
        try:
            main(argv)
        except SystemExit:  # --version: argparse's own exit
            pass
        assert gc.get_threshold() == (700, 10, 10)
    finally:
        gc.set_threshold(*before)


# --- The edges of the command line: what a user can type or leave lying around is exit 1 with the
# file and a fix that fits the command, or exit 2 for bad usage; never an internal error (exit 3).

import errno
import json
import os
import shutil
from pathlib import Path


@pytest.fixture
def built(minimal_project, run_cli, tmp_path):
    """The minimal example built into tmp_path/out: (project, out)."""
    out = tmp_path / "out"
    assert run_cli("build", minimal_project, "-o", out, "-q", "-j", "1").code == 0
    return minimal_project, out


def _fixes(err: str) -> str:
    """The fix lines of an error message (the paths before them may hold anything: pytest-of-root)."""
    return "\n".join(line for line in err.splitlines() if line.strip().startswith("fix:"))


def _as_a_user(argv: list, **kwargs) -> subprocess.CompletedProcess:
    """``letterpress argv`` in a new process for whom file permissions hold: as root, without the
    capabilities that override them (skipped where they cannot be dropped)."""
    prefix = []
    if os.geteuid() == 0:
        if shutil.which("setpriv") is None:
            pytest.skip("setpriv is needed to run without root's permission override")
        prefix = ["setpriv", "--bounding-set", "-dac_override,-dac_read_search"]
        import tempfile

        with tempfile.NamedTemporaryFile() as sealed:
            os.chmod(sealed.name, 0)
            if subprocess.run(prefix + ["cat", sealed.name], capture_output=True).returncode == 0:
                pytest.skip("setpriv cannot drop the permission override here")
    return subprocess.run(prefix + [sys.executable, "-m", "letterpress", *map(str, argv)],
                          capture_output=True, text=True, **kwargs)


@pytest.mark.parametrize("text", ["[]", '"str"', "null", "5",
                                  '{"letter": "x", "date": "d", "inputs": {}, "files": [{"file": 5, '
                                  '"recipient": "", "language": "", "pages": 1, "bytes": 1, "sha256": "", '
                                  '"inputs": ""}]}'])
def test_a_manifest_that_is_json_but_not_one_a_build_writes_is_rebuilt_or_reported(built, run_cli, text, tmp_path):
    project, out = built
    (out / "manifest.json").write_text(text, "utf-8")
    result = run_cli("review", out, "-o", tmp_path / "r.pdf", "--project", project)
    assert result.code == 1 and "holds no build" in result.err and "internal error" not in result.err
    rebuilt = run_cli("build", project, "-o", out, "-q", "-j", "1")
    assert rebuilt.code == 0, rebuilt.err
    assert json.loads((out / "manifest.json").read_text("utf-8"))["files"]  # written anew


@pytest.mark.parametrize("text", ["{}", "[]", "null", '{"letter": "x", "date": "d", "inputs": {}, "files": 5}',
                                  "not json"])
def test_merging_what_is_not_a_manifest_says_so_with_a_fix(run_cli, tmp_path, monkeypatch, text):
    monkeypatch.chdir(tmp_path)
    Path("e.json").write_text(text, "utf-8")
    result = run_cli("manifest", "merge", "e.json", "-o", "m.json")
    assert result.code == 1
    assert "e.json is not a letterpress manifest" in result.err
    assert "fix: give the manifest.json a build wrote" in result.err
    for python in ("('letter')", "list indices", "NoneType", "subscriptable", "object has no"):
        assert python not in result.err
    assert not Path("m.json").exists()


def test_a_folder_that_cannot_be_written_is_named_not_the_temporary_file(built, tmp_path):
    project, out = built
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0o555)
    try:
        for argv, target in ((["manifest", "merge", out, "-o", locked / "m.json"], locked / "m.json"),
                             (["review", out, "-o", locked / "r.pdf", "--project", project], locked / "r.pdf")):
            result = _as_a_user(argv)
            assert result.returncode == 1, result.stderr
            assert result.stderr.startswith(f"{target}: error: Permission denied"), result.stderr
            assert ".part" not in result.stderr
            assert "fix: you may not write there: fix the permissions, or choose another file with -o" in result.stderr
    finally:
        locked.chmod(0o755)


@pytest.mark.parametrize("dpi", ["0", "-5", "9", "1201", "100000", "x"])
def test_proof_resolution_outside_its_range_is_bad_usage(built, run_cli, tmp_path, dpi):
    _, out = built
    pdf = next(out.glob("*.pdf"))
    result = run_cli("proof", pdf, "-o", tmp_path / "proofs", "--dpi", dpi)
    assert result.code == 2 and "--dpi" in result.err and "internal error" not in result.err
    assert not (tmp_path / "proofs").exists()


def test_proof_resolution_range_is_in_the_help_and_its_ends_render(built, run_cli, tmp_path, capsys):
    _, out = built
    pdf = next(out.glob("*.pdf"))
    with pytest.raises(SystemExit):
        make_parser(["proof"]).parse_args(["proof", "--help"])
    assert "10 to 1200" in " ".join(capsys.readouterr().out.split())
    assert run_cli("proof", pdf, "-o", tmp_path / "proofs", "--dpi", "10", "--pages", "first").code == 0


@pytest.mark.parametrize("argv", [
    ["build", "{project}", "-o", ""], ["build", ""], ["build", "{project}", "--cache-dir", ""],
    ["build", "{project}", "--font-dir", ""], ["build", "{project}", "--sign", ""], ["watch", "{project}", "-o", ""],
    ["check", ""], ["fonts", ""], ["new", ""], ["review", ""], ["review", "{out}", "-o", ""],
    ["review", "{out}", "--project", ""], ["review", "{out}", ""], ["proof", "{pdf}", "-o", ""], ["proof", ""],
    ["manifest", "merge", "{out}", "-o", ""], ["manifest", "merge", ""], ["verify", ""],
    ["verify", "{pdf}", "--trust", ""]])
def test_an_empty_path_is_bad_usage_not_the_current_folder(built, run_cli, tmp_path, monkeypatch, argv):
    project, out = built
    here = tmp_path / "here"
    here.mkdir()
    monkeypatch.chdir(here)
    pdf = next(out.glob("*.pdf"))
    result = run_cli(*[arg.format(project=project, out=out, pdf=pdf) for arg in argv])
    assert result.code == 2 and "an empty path" in result.err
    assert list(here.iterdir()) == []


def test_an_unreadable_input_says_read_and_names_no_option_check_lacks(minimal_project):
    body = minimal_project / "body"
    body.chmod(0)
    try:
        result = _as_a_user(["check", minimal_project])
    finally:
        body.chmod(0o755)
    assert result.returncode == 1, result.stderr
    assert "Permission denied" in result.stderr and str(body) in result.stderr
    assert "fix: you may not read this" in result.stderr
    assert "write" not in _fixes(result.stderr) and "-o" not in _fixes(result.stderr)


def test_new_over_a_file_names_no_option_new_lacks(run_cli, tmp_path):
    afile = tmp_path / "afile"
    afile.write_text("")
    result = run_cli("new", afile)
    assert result.code == 1 and str(afile) in result.err
    assert "-o" not in _fixes(result.err) and "fix: choose a new folder name" in result.err


def test_new_in_a_folder_that_cannot_be_written_names_its_own_argument(tmp_path):
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0o555)
    try:
        result = _as_a_user(["new", locked / "letter"])
    finally:
        locked.chmod(0o755)
    assert result.returncode == 1, result.stderr
    assert "you may not write there" in result.stderr and "-o" not in _fixes(result.stderr)
    assert "choose another folder name for DIR" in result.stderr


@pytest.mark.parametrize("code", [errno.EACCES, errno.EPERM, errno.EROFS, errno.EISDIR, errno.ENOTDIR,
                                  errno.ENAMETOOLONG, errno.EMFILE])
def test_system_fixes_fit_reading_or_writing_and_the_command(code):
    from letterpress.errors import system_problem

    refusal = OSError(code, os.strerror(code), "some/file")
    if code != errno.EROFS:  # (no file is read-only to read)
        read = system_problem(refusal, reading=True).hint
        assert "with -o" not in read and "--jobs" not in read and "write" not in read
    assert "with -o" not in system_problem(refusal, elsewhere=None).hint
    assert "--jobs" not in system_problem(refusal).hint  # only build and watch have it
    if code in (errno.EACCES, errno.EPERM, errno.EROFS, errno.EISDIR, errno.ENOTDIR):
        assert system_problem(refusal).hint.endswith("choose another folder with -o")
        assert system_problem(refusal, elsewhere="choose another file with -o").hint.endswith(
            "choose another file with -o")


def test_a_refusal_no_command_caught_is_a_read_unless_in_what_the_command_writes():
    from letterpress.cli import _system_problem

    args = argparse.Namespace(output=Path("ro/m.json"), writes="output", elsewhere="choose another file with -o")
    temporary = PermissionError(errno.EACCES, "Permission denied", "ro/.m.json.123-abc.part")
    problem = _system_problem(temporary, args)
    assert problem.location.file == Path("ro/m.json")  # the file asked for, not atomic_write's temporary
    assert problem.hint == "you may not write there: fix the permissions, or choose another file with -o"
    inside = _system_problem(PermissionError(errno.EACCES, "Permission denied", "out/a.pdf"),
                             argparse.Namespace(output=Path("out"), writes="output", elsewhere="x"))
    assert inside.hint.endswith(", or x")
    read = _system_problem(PermissionError(errno.EACCES, "Permission denied", "P/body/en.md"), args)
    assert read.location.file == Path("P/body/en.md") and read.hint.startswith("you may not read this")
    unparsed = _system_problem(PermissionError(errno.EACCES, "Permission denied", "x"), None)
    assert "with -o" not in unparsed.hint


def test_a_missing_signing_key_is_said_before_its_passphrase_is_asked_for(minimal_project, run_cli, tmp_path,
                                                                          monkeypatch):
    monkeypatch.delenv("LETTERPRESS_SIGN_PASSPHRASE", raising=False)
    monkeypatch.chdir(tmp_path)
    result = run_cli("build", minimal_project, "-o", "ou", "--sign", "nope.p12")
    assert result.code == 1
    assert "no signing key at nope.p12" in result.err and "passphrase" not in result.err
    assert not Path("ou").exists()
