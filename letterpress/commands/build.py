"""``letterpress build PROJECT -o OUT``: write every (recipient, language) copy and the manifest."""
from __future__ import annotations

import argparse
import json
import os
import signal
import sys
from pathlib import Path

from . import COMMANDS, path_argument
from ..errors import OUTPUT_ELSEWHERE


def register(subparsers) -> None:
    parser = subparsers.add_parser("build", help=COMMANDS["build"],
                                   description="Write OUT/<recipient>.<lang>.pdf for every recipient and each "
                                               "of its languages, and OUT/manifest.json.")
    add_copy_options(parser)
    parser.add_argument("--force", action="store_true", help="rebuild copies whose inputs did not change")
    parser.add_argument("--shard", metavar="K/N", help="build only the K-th of N deterministic shares")
    parser.add_argument("--envelopes", action="store_true", help="also write OUT/<recipient>.envelope.pdf")
    parser.add_argument("--labels", action="store_true", help="also write OUT/labels.pdf (A4 3x8 or Letter 3x10)")
    parser.add_argument("--packet", action="store_true",
                        help="also write OUT/<recipient>.packet.pdf with all its copies (and envelope)")
    parser.add_argument("--sort", action="store_true",
                        help="list signatories in each copy's alphabetical order (Unicode collation), "
                             "not roster order")
    parser.add_argument("--show-windows", action="store_true",
                        help="draw the envelope window outlines, for checking by eye")
    parser.add_argument("--sign", type=path_argument, metavar="KEY.p12",
                        help="sign every PDF (PAdES); passphrase from LETTERPRESS_SIGN_PASSPHRASE or a prompt")
    parser.add_argument("--timestamp-url", metavar="URL", help="with --sign: PAdES B-T from this timestamp authority")
    parser.add_argument("--signature-stamp", action="store_true", help="with --sign: a visible signature box")
    output = parser.add_mutually_exclusive_group()
    output.add_argument("-q", "--quiet", action="store_true", help="print nothing but errors")
    output.add_argument("--json", action="store_true", help="print a machine-readable summary on stdout")
    parser.set_defaults(run=run, writes="output", elsewhere=OUTPUT_ELSEWHERE)


def add_copy_options(parser: argparse.ArgumentParser) -> None:
    """PROJECT, -o OUT, the copies to make, and where fonts are: build's and watch's."""
    parser.add_argument("project", type=path_argument, metavar="PROJECT", help="the letter project folder")
    parser.add_argument("-o", "--output", type=path_argument, default=Path("out"), metavar="OUT",
                        help="output folder (default: ./out)")
    parser.add_argument("--recipient", action="append", default=[], metavar="ID",
                        help="build only this recipient (repeatable)")
    parser.add_argument("--language", action="append", default=[], metavar="TAG",
                        help="build only copies in this language (repeatable)")
    add_font_options(parser)
    parser.add_argument("-j", "--jobs", type=int, default=0, metavar="N",
                        help="worker processes (default: one per CPU)")


def add_font_options(parser: argparse.ArgumentParser) -> None:
    """``--font-dir DIR`` (repeatable): extra folders to look for fonts in; ``--cache-dir DIR``: where
    every cache is kept."""
    parser.add_argument("--font-dir", action="append", default=[], type=path_argument, metavar="DIR",
                        help="also look for fonts in DIR (repeatable; also LETTERPRESS_FONT_PATH)")
    parser.add_argument("--cache-dir", type=path_argument, metavar="DIR",
                        help="keep every cache (fonts, set lines, CLDR values, parsed YAML) in DIR "
                             "(default: LETTERPRESS_CACHE_DIR, else the user cache folder)")


def font_dirs(args: argparse.Namespace) -> tuple[Path, ...]:
    """The extra font folders: ``--font-dir`` values first, then those in ``LETTERPRESS_FONT_PATH``."""
    from_env = [Path(p) for p in os.environ.get("LETTERPRESS_FONT_PATH", "").split(os.pathsep) if p]
    return tuple(args.font_dir) + tuple(from_env)


def plural(count: int, one: str, many: str | None = None) -> str:
    """"1 copy", "2 copies"."""
    return f"{count} {one if count == 1 else (many or one + 's')}"


def _terminate_as_interrupt(signum, frame):  # SIGTERM cleans up like Ctrl-C: no partial files
    raise KeyboardInterrupt


def run(args: argparse.Namespace) -> int:
    # Imported here so that `letterpress --help` and the other commands start fast.
    from ..api import load
    from ._progress import BuildProgress

    # With --language, the other languages' bodies may still be awaited: their copies are skipped.
    project = load(args.project, font_dirs=font_dirs(args), languages=tuple(args.language) or None,
                   cache_dir=args.cache_dir)
    passphrase = None
    if args.sign is not None:
        from ..sign import check_key_file, passphrase_from_env_or_prompt

        check_key_file(args.sign)  # no key there: say so before asking for its passphrase
        passphrase = passphrase_from_env_or_prompt(interactive=sys.stdin.isatty())
    elif args.timestamp_url or args.signature_stamp:
        from ..errors import UsageError

        raise UsageError("--timestamp-url and --signature-stamp go with --sign KEY.p12")
    signal.signal(signal.SIGTERM, _terminate_as_interrupt)
    with BuildProgress(quiet=args.quiet or args.json) as progress:
        report = project.build(args.output, recipients=args.recipient, languages=args.language, jobs=args.jobs,
                               sign=args.sign, passphrase=passphrase, timestamp_url=args.timestamp_url,
                               signature_stamp=args.signature_stamp, force=args.force, envelopes=args.envelopes,
                               packets=args.packet, labels=args.labels, sort_signatories=args.sort,
                               show_windows=args.show_windows, shard=args.shard,
                               on_start=progress.start, on_file=progress.copy_done,
                               on_wait=lambda message: print(message, file=sys.stderr, flush=True))
    if args.quiet:  # the summary and its warnings are only printed: -q prints nothing, so none is made
        return 0
    summary = {
        "letter": project.id,
        "output": str(args.output),
        "manifest": str(report.manifest),
        "copies": len(report.files),
        "written": len(report.written),
        "unchanged": len(report.files) - len(report.written),
        "pages": report.pages,
        "bytes": sum(f.bytes for f in report.files),
        "warnings": [str(warning) for warning in _unfinished(project, args)],
        "skipped": _skipped(project, args),
        "dropped": list(report.dropped),
        "timings_ms": {name: round(seconds * 1000, 1) for name, seconds in report.timings.items()},
        "files": [
            {"file": f.file, "recipient": f.recipient, "language": f.language,
             "pages": f.pages, "bytes": f.bytes, "sha256": f.sha256, "unchanged": f.unchanged}
            for f in report.files
        ],
    }
    if args.json:
        json.dump(summary, sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
    else:
        print(f"{plural(summary['copies'], 'copy', 'copies')} ({summary['written']} written, "
              f"{summary['unchanged']} unchanged), {plural(summary['pages'], 'page')}, "
              f"{summary['bytes'] / 1024:.0f} KB in {report.seconds:.2f} s; manifest: {report.manifest}")
        for warning in summary["warnings"]:
            print(warning, file=sys.stderr)
        if report.dropped:
            print(f"no longer made by this project (a recipient or a language taken out), left in "
                  f"{args.output} but not in its manifest: {', '.join(report.dropped)}", file=sys.stderr)
        # copies left out on purpose are counted; those a missing body held back are named
        unasked = [item for item in summary["skipped"] if item["reason"].startswith("not asked for")]
        missing = [item for item in summary["skipped"] if item not in unasked]
        if missing:
            print(f"skipped {plural(len(missing), 'copy', 'copies')}: "
                  + ", ".join(f"{item['file']} ({item['reason']})" for item in missing))
        if unasked:
            print(f"left out {plural(len(unasked), 'copy', 'copies')} of other languages (--language)")
    return 0


def _unfinished(project, args: argparse.Namespace) -> list:
    """Bodies of the languages built that are still the 'new' template or another language's text."""
    return project.warnings(args.language or None)


def _skipped(project, args: argparse.Namespace) -> list[dict]:
    """The copies ``--language`` leaves out, and why (a body still missing, or not asked for)."""
    if not args.language:
        return []
    from ..compose import plan_copies, skipped_copies

    built = plan_copies(project.data, recipients=tuple(args.recipient), languages=tuple(args.language))
    return [{"file": f"{copy.stem}.pdf", "recipient": copy.recipient_id, "language": copy.language,
             "reason": reason}
            for copy, reason in skipped_copies(project.data, built, recipients=tuple(args.recipient))]
