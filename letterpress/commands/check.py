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


def check_project(project, font_dirs=()) -> int:
    """Every check ``build`` makes; raises the problems found together. Returns the number of copies."""
    from ..build import BuildOptions, Survey, prepare_batch_fonts
    from ..compose import compose_copy, plan_copies
    from ..errors import InputError, collect
    from ..preflight import coverage_problems, document_problems, once_per_script
    from ..typeset import typeset_document

    fonts = prepare_batch_fonts(project, BuildOptions(out_dir=Path("."), font_dirs=font_dirs), Survey())
    problems: list[InputError] = coverage_problems(project, fonts.default)
    copies = plan_copies(project)
    for copy in copies:
        try:
            document = compose_copy(project, copy)
            found = document_problems(document, fonts.of(copy.recipient_id))
            problems += found
            if not found:
                typeset_document(document, fonts.of(copy.recipient_id))
        except InputError as error:
            problems.append(error)
    collect(once_per_script(problems))
    return len(copies)


def run(args: argparse.Namespace) -> int:
    from ..project import load_project

    project = load_project(args.project)
    count = check_project(project, font_dirs(args))
    print(f"{args.project}: ok ({len(project.recipients)} recipients, {count} copies, "
          f"{len(project.signatories)} signatories, languages {', '.join(project.languages)})")
    return 0
