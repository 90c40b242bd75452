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
