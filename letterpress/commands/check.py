"""``letterpress check PROJECT``: validate everything ``build`` would use; write nothing."""
from __future__ import annotations

import argparse
from pathlib import Path

from .build import add_font_options, font_dirs


def register(subparsers) -> None:
    parser = subparsers.add_parser("check", help="validate a letter project without writing anything",
                                   description="Load the project, compose and typeset every copy, and report "
                                               "every problem (with file, line and column) without writing files.")
    parser.add_argument("project", type=Path, metavar="PROJECT")
    add_font_options(parser)
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from ..api import load
    from ..errors import collect

    project = load(args.project, font_dirs=font_dirs(args))
    collect([problem.error for problem in project.check() if problem.error is not None])
    data = project.data
    print(f"{args.project}: ok ({len(data.recipients)} recipients, {len(project.copies)} copies, "
          f"{len(data.signatories)} signatories, languages {', '.join(data.languages)})")
    return 0
