"""The ``letterpress`` command: one subcommand per module in :mod:`letterpress.commands`.

Exit codes: 0 success, 1 a problem in the inputs, 2 bad usage, 3 an internal
error.  A user's mistake is a message naming the file, the line and the fix,
never a traceback (``--debug`` shows one).
"""
from __future__ import annotations

import argparse
import gc
import importlib
import io
import json
import logging
import os
import sys
import traceback
from typing import NoReturn, Sequence

from . import RUN_COLLECTIONS, __version__
from .commands import COMMANDS
from .errors import InputErrors, InternalError, LetterpressError, UsageError, system_problem


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # argparse exits 2 itself; keep the message short and useful
        self.print_usage(sys.stderr)
        raise UsageError(f"{self.prog}: {message}")


def _command_module(name: str):
    return importlib.import_module(f"{__package__}.commands.{name}")


def _command_word(argv: Sequence[str]) -> str | None:
    """The command ``argv`` runs: its first word that is not an option (the top-level options take
    no value), as argparse reads it; None when there is none."""
    return next((arg for arg in argv if not arg.startswith("-")), None)


def make_parser(argv: Sequence[str] | None = None) -> argparse.ArgumentParser:
    """The argument parser: global options, then one subcommand per entry of :data:`commands.COMMANDS`,
    whose module's ``register`` adds it (and ``run`` is its default unless ``register`` sets one).

    Given ``argv``, only the command it runs gets its full parser (and its module imported); the
    others get their name and help line, which is all the top-level help and the error for an
    unknown command show of them.
    """
    parser = _Parser(prog="letterpress",
                     description="Typeset one multilingual letter into print-ready PDFs, one per recipient "
                                 "and language.")
    parser.add_argument("--version", action="version", version=f"letterpress {__version__}")
    parser.add_argument("--debug", action="store_true", help="show a traceback for every error")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    chosen = _command_word(argv) if argv is not None else None
    for name, line in COMMANDS.items():
        if argv is not None and name != chosen:
            subparsers.add_parser(name, help=line)
            continue
        module = _command_module(name)
        module.register(subparsers)
        if subparsers.choices[name].get_default("run") is None:
            subparsers.choices[name].set_defaults(run=module.run)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line ``argv`` (default: ``sys.argv[1:]``) and return the exit code.

    Every failure becomes a message on stderr (and, with ``--json``, a JSON report on stdout);
    a traceback only with ``--debug``.
    """
    argv = list(sys.argv[1:] if argv is None else argv)
    debug = "--debug" in argv
    argv = [arg for arg in argv if arg != "--debug"]  # accepted anywhere on the line
    wants_json = "--json" in argv
    # Libraries log their own failures, some with a traceback (pyHanko on a wrong passphrase);
    # letterpress says what went wrong itself, so their records go nowhere (Python's last-resort
    # handler would print them on stderr).
    if not any(isinstance(handler, _Silence) for handler in logging.getLogger().handlers):
        logging.getLogger().addHandler(_Silence())
    collecting = gc.get_threshold()
    gc.set_threshold(*RUN_COLLECTIONS)
    try:
        return _run(argv, debug, wants_json)
    finally:
        gc.set_threshold(*collecting)


def _run(argv: list[str], debug: bool, wants_json: bool) -> int:
    args = None
    try:
        parser = make_parser(argv)
        args = parser.parse_args(argv)
        if not getattr(args, "command", None):
            parser.print_help(sys.stderr)
            return 2
        return int(args.run(args) or 0)
    except UsageError as error:
        print(f"error: {error}", file=sys.stderr)
        return _report(error, wants_json)
    except LetterpressError as error:
        if debug:
            traceback.print_exc()
        print(str(error), file=sys.stderr)
        return _report(error, wants_json)
    except KeyboardInterrupt:
        print("interrupted: complete files were kept, nothing half-written", file=sys.stderr)
        return 130
    except BrokenPipeError:
        # the reader went away (`letterpress build --json | head`): stop quietly, as a shell tool does
        _discard_stdout()
        return 141
    except Exception as error:  # a bug in letterpress (or the system refusing a file): short report
        if debug:
            traceback.print_exc()
        problem = _system_problem(error, args) if isinstance(error, OSError) else None
        if problem is not None:  # a full disk, a folder in a file's place: the user's situation
            print(str(problem), file=sys.stderr)
            return _report(problem, wants_json)
        kind, value, _ = sys.exc_info()
        print(f"internal error: {kind.__name__}: {value}\n"
              "This is a bug in letterpress, not in your letter. Run again with --debug and report the output.",
              file=sys.stderr)
        return _report(InternalError(f"{kind.__name__}: {value}"), wants_json)


def _system_problem(error: OSError, args: argparse.Namespace | None) -> LetterpressError | None:
    """The system's refusal of a file no command caught, as :func:`errors.system_problem` says it: a
    refusal to write when the file is in what the command writes (its ``writes`` default names
    that argument, and ``elsewhere`` how to choose another place), else a refusal to read."""
    written = getattr(args, getattr(args, "writes", None) or "", None) if args is not None else None
    writing = temporary = False
    if written is not None and isinstance(error.filename, (str, os.PathLike)):
        target, path = os.path.abspath(written), os.path.abspath(error.filename)
        # atomic_write's .<name>.<pid>-<random>.part beside the file: the user asked for the file
        temporary = (os.path.dirname(path) == os.path.dirname(target)
                     and os.path.basename(path).startswith(f".{os.path.basename(target)}."))
        writing = path == target or path.startswith(target.rstrip(os.sep) + os.sep) or temporary
    return system_problem(error, written if temporary else None, reading=not writing,
                          elsewhere=getattr(args, "elsewhere", None))


class _Silence(logging.NullHandler):
    """The handler that keeps libraries' log records (and their tracebacks) off the terminal."""


def _report(error: LetterpressError, wants_json: bool) -> int:
    """With ``--json``, the failure as JSON on stdout too (what a CI job reads); returns the exit code."""
    if wants_json:
        problems = error.errors if isinstance(error, InputErrors) else (error,)
        report = {"ok": False, "exit_code": error.exit_code, "errors": [_problem(p) for p in problems]}
        try:
            json.dump(report, sys.stdout, ensure_ascii=False, indent=2)
            sys.stdout.write("\n")
        except (OSError, ValueError):
            pass
    return error.exit_code


def _problem(error: LetterpressError) -> dict:
    where = getattr(error, "location", None)
    return {"file": str(where.file) if where is not None and where.file is not None else None,
            "line": where.line if where is not None else None,
            "column": where.column if where is not None else None,
            # a spreadsheet's column by its heading: the only name of a column the sheet lacks
            "heading": where.heading if where is not None else None,
            "message": getattr(error, "message", str(error)),
            "fix": getattr(error, "hint", None),
            "kind": {1: "input", 2: "usage", 3: "internal"}.get(error.exit_code, "error")}


if __name__ == "__main__":
    sys.exit(main())


def _discard_stdout() -> None:
    """Point stdout at /dev/null, so the interpreter's last flush cannot fail again."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, AttributeError, io.UnsupportedOperation):
        pass


def run() -> NoReturn:
    """The console entry point: :func:`main`, then leave the process at once.

    Every file has been written, renamed and closed by now, and the worker processes joined;
    what is left is the interpreter freeing a batch's fonts, caches and modules one object at a
    time, a measurable part of a warm build (benchmarks/design_costs.py). (Tests and library
    users call main().)
    """
    code = main()
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except (OSError, ValueError):  # a closed pipe: nothing more to say
        pass
    os._exit(code)
