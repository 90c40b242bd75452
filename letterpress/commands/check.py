"""``letterpress check PROJECT``: validate everything ``build`` would use; write nothing."""
from __future__ import annotations

import argparse
import sys
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
    warnings = project.warnings()
    for warning in warnings:  # before any errors: an untranslated body explains many of them
        print(warning, file=sys.stderr)
    collect([problem.error for problem in project.check() if problem.error is not None])
    data = project.data
    print(f"{args.project}: ok ({len(data.recipients)} recipients, {len(project.copies)} copies, "
          f"{len(data.signatories)} signatories, languages {', '.join(data.languages)})"
          + (f", {len(warnings)} warning{'s' if len(warnings) > 1 else ''}" if warnings else ""))
    return 0


def template_body_text() -> str:
    """The body text 'letterpress new' writes, as the check for unfinished bodies reads it."""
    from ..project.markdown import parse_blocks
    from ..model import Body
    from ..project.unfinished import body_text
    from .new import BODY

    lines = BODY.format(salutation="", closing="", mark="").splitlines()
    end = lines.index("---", 1)
    blocks, _ = parse_blocks(lines[end + 1:], Path("new.md"), end + 2)
    empty = blocks[0]
    return body_text(Body("", empty, empty, empty, tuple(blocks), Path("new.md")))
