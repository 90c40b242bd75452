"""``letterpress build PROJECT -o OUT``: write every (recipient, language) copy and the manifest."""
from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path



def register(subparsers) -> None:
    parser = subparsers.add_parser("build", help="typeset every copy of a letter project into PDFs",
                                   description="Write OUT/<recipient>.<lang>.pdf for every recipient and each "
                                               "of its languages, and OUT/manifest.json.")
    parser.add_argument("project", type=Path, metavar="PROJECT", help="the letter project folder")
    parser.add_argument("-o", "--output", type=Path, default=Path("out"), metavar="OUT",
                        help="output folder (default: ./out)")
    parser.add_argument("--recipient", action="append", default=[], metavar="ID",
                        help="build only this recipient (repeatable)")
    parser.add_argument("--language", action="append", default=[], metavar="TAG",
                        help="build only copies in this language (repeatable)")
    add_font_options(parser)
    parser.add_argument("--force", action="store_true", help="rebuild copies whose inputs did not change")
    parser.add_argument("-q", "--quiet", action="store_true", help="print nothing but errors")
    parser.set_defaults(run=run)


def add_font_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--font-dir", action="append", default=[], type=Path, metavar="DIR",
                        help="also look for fonts in DIR (repeatable; also LETTERPRESS_FONT_PATH)")


def font_dirs(args: argparse.Namespace) -> tuple[Path, ...]:
    from_env = [Path(p) for p in os.environ.get("LETTERPRESS_FONT_PATH", "").split(os.pathsep) if p]
    return tuple(args.font_dir) + tuple(from_env)


def run(args: argparse.Namespace) -> int:
    # Imported here so that `letterpress --help` and the other commands start fast.
    from ..project import load_project

    project = load_project(args.project)
    from ..build import BuildOptions, CopyResult, build_project

    options = BuildOptions(
        out_dir=args.output,
        recipients=tuple(args.recipient),
        languages=tuple(args.language),
        font_dirs=font_dirs(args),
    )

    def show(result: CopyResult) -> None:
        if not args.quiet:
            record = result.record
            state = "unchanged" if result.skipped else f"{record.pages} p, {record.bytes / 1024:.0f} KB"
            print(f"  {args.output / record.file}  ({state})")

    report = build_project(project, options, on_copy=show)
    if not args.quiet:
        print(f"{len(report.results)} copies ({report.written} written), {report.pages} pages; "
              f"manifest: {report.manifest}", file=sys.stdout)
    return 0
