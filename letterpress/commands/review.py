"""``letterpress review OUT [OLD_OUT]``: review.pdf and review.html, every copy side by side."""
from __future__ import annotations

import argparse
from pathlib import Path

from . import COMMANDS, path_argument


def register(subparsers) -> None:
    parser = subparsers.add_parser(
        "review", help=COMMANDS["review"],
        description="Write review.pdf and review.html (self-contained: open it from disk) showing every copy in "
                    "OUT: first and signature pages, the address as it sits in the envelope window, page count "
                    "and warnings. With OLD_OUT, mark the copies and pages that differ from that build.")
    parser.add_argument("out", type=path_argument, metavar="OUT", help="a build folder (with its manifest.json)")
    parser.add_argument("old", type=path_argument, nargs="?", metavar="OLD_OUT", help="an earlier build folder to compare with")
    parser.add_argument("-o", "--output", type=path_argument, default=Path("review.pdf"), metavar="REVIEW.pdf",
                        help="where to write the PDF; review.html goes beside it (default: ./review.pdf). "
                             "Not inside OUT, where 'verify OUT/*.pdf' would take it for a copy")
    parser.add_argument("--project", type=path_argument, metavar="PROJECT",
                        help="the letter project the build was made from (default: looked for by the letter id "
                             "in the current folder and beside OUT)")
    parser.set_defaults(run=run, writes="output", elsewhere=ELSEWHERE)


ELSEWHERE = "choose another file with -o"  # how review writes somewhere else, for the fixes of a refusal


def run(args: argparse.Namespace) -> int:
    from ..record import make_folder, read_manifest, write_output
    from ..review import collect, find_project
    from ..review.html import render_html
    from ..review.pdf import render_pdf

    project = None
    manifest = read_manifest(args.out)
    folder = args.project
    if folder is None and manifest is not None:
        folder = find_project(args.out, manifest, (Path.cwd(), args.out.resolve().parent))
    if folder is not None:
        from ..project import load_project

        project = load_project(folder)
    review = collect(args.out, args.old, project=project)
    target = args.output if args.output.suffix.lower() == ".pdf" else args.output.with_suffix(".pdf")
    make_folder(target.parent, ELSEWHERE)
    write_output(target, render_pdf(review), elsewhere=ELSEWHERE)
    write_output(target.with_suffix(".html"), render_html(review).encode("utf-8"), elsewhere=ELSEWHERE)
    warned = sum(1 for c in review.copies if c.warnings)
    line = f"{len(review.copies)} copies reviewed"
    if args.old is not None:
        line += f", {len(review.changed)} changed or new, {len(review.removed)} removed"
    line += f", {warned} with warnings"
    if project is not None and args.project is None:
        line += f" (project: {folder})"
    print(f"{line}: {target} and {target.with_suffix('.html')}")
    for note in review.notes:
        print(f"note: {note}")
    return 0
