"""``letterpress verify FILE...``: validate PDF signatures; exit 1 on any invalid, modified or unsigned file."""
from __future__ import annotations

import argparse
import json

from . import COMMANDS, path_argument


def register(subparsers) -> None:
    parser = subparsers.add_parser("verify", help=COMMANDS["verify"])
    parser.add_argument("files", nargs="+", type=path_argument, metavar="FILE")
    parser.add_argument("--trust", action="append", default=[], type=path_argument, metavar="CA.pem",
                        help="a trust root for the signer's certificate (repeatable)")
    parser.add_argument("--json", action="store_true")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from ..sign import verify_pdf

    reports = [verify_pdf(path, trust=args.trust) for path in args.files]
    if args.json:
        print(json.dumps([{"file": str(r.path), "ok": r.ok, "signer": r.signer,
                           "signing_time": r.signing_time.isoformat() if r.signing_time else None,
                           "intact": r.intact, "trusted": r.trusted, "message": r.message} for r in reports],
                         ensure_ascii=False, indent=2))
    else:
        for r in reports:
            when = r.signing_time.isoformat() if r.signing_time else "-"
            print(f"{'ok  ' if r.ok else 'FAIL'} {r.path}: {r.message}; signer: {r.signer or '-'}; time: {when}")
    return 0 if all(r.ok for r in reports) else 1
