"""``letterpress check PROJECT``: validate everything ``build`` would use; write nothing."""
from __future__ import annotations

import argparse
import json
import sys

from . import COMMANDS, path_argument
from .build import add_font_options, font_dirs, plural


def register(subparsers) -> None:
    parser = subparsers.add_parser("check", help=COMMANDS["check"],
                                   description="Load the project, compose and typeset every copy, and report "
                                               "every problem (with file, line and column) without writing files.")
    parser.add_argument("project", type=path_argument, metavar="PROJECT")
    parser.add_argument("--envelopes", action="store_true",
                        help="also check every envelope, as build --envelopes makes them")
    parser.add_argument("--labels", action="store_true",
                        help="also check the address labels, as build --labels makes them")
    parser.add_argument("--json", action="store_true",
                        help="print a machine-readable result on stdout (the problems, when there are)")
    add_font_options(parser)
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from ..api import load_for_checking
    from ..errors import collect

    # The files' mistakes do not stop the check: the copies they leave are composed and set too.
    project, problems = load_for_checking(args.project, font_dirs=font_dirs(args), cache_dir=args.cache_dir)
    warnings = project.warnings() if project is not None else []
    for warning in warnings:  # before any errors: an untranslated body explains many of them
        print(warning, file=sys.stderr)
    if project is not None:
        problems += project.check(envelopes=args.envelopes, labels=args.labels)
    collect([problem.error for problem in problems if problem.error is not None], shown=None)  # every one
    data = project.data
    if args.json:  # (a failure's report is the command line's: {"ok": false, "errors": [...]})
        json.dump({"ok": True, "exit_code": 0, "recipients": len(data.recipients), "copies": len(project.copies),
                   "signatories": len(data.signatories), "languages": list(data.languages),
                   "warnings": [{"file": str(w.file) if w.file is not None else None, "line": w.line,
                                 "column": w.column, "message": w.message, "fix": w.fix, "kind": "warning"}
                                for w in warnings]}, sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
        return 0
    products = [name for name, asked in (("envelopes", args.envelopes), ("labels", args.labels)) if asked]
    print(f"{args.project}: ok ({plural(len(data.recipients), 'recipient')}, "
          f"{plural(len(project.copies), 'copy', 'copies')}"
          + (f" and their {' and '.join(products)}" if products else "")
          + f", {plural(len(data.signatories), 'signatory', 'signatories')}, "
          f"{'language' if len(data.languages) == 1 else 'languages'} {', '.join(data.languages)})"
          + (f", {plural(len(warnings), 'warning')}" if warnings else ""))
    return 0
