"""``letterpress manifest merge M1 M2 ... -o OUT``: join the manifests of sharded builds."""
from __future__ import annotations

import argparse
import json
from pathlib import Path

from . import COMMANDS, path_argument
from ..errors import InputError, Location, system_problem

ELSEWHERE = "choose another file with -o"  # how merge writes somewhere else, for the fixes of a refusal
_GIVE_A_MANIFEST = "give the manifest.json a build wrote (OUT/manifest.json of 'letterpress build -o OUT'), or its folder"


def register(subparsers) -> None:
    parser = subparsers.add_parser("manifest", help=COMMANDS["manifest"])
    actions = parser.add_subparsers(dest="action", metavar="ACTION", required=True)
    merge = actions.add_parser("merge", help="join the manifests of sharded builds into one")
    merge.add_argument("manifests", nargs="+", type=path_argument, metavar="MANIFEST",
                       help="manifest.json files (or the folders holding them)")
    merge.add_argument("-o", "--output", type=path_argument, required=True, metavar="FILE")
    merge.set_defaults(run=run, writes="output", elsewhere=ELSEWHERE)


def merge_manifests(paths: list[Path]):
    """One manifest listing every file of the shards; the shards must come from the same inputs."""
    from ..record import MANIFEST, FileRecord, Manifest, manifest_from_json

    merged: Manifest | None = None
    files: dict[str, FileRecord] = {}
    for path in paths:
        path = path / MANIFEST if path.is_dir() else path
        try:
            text = path.read_text("utf-8")
        except FileNotFoundError:
            raise InputError(f"no manifest at {path}", location=Location(path), hint=_GIVE_A_MANIFEST) from None
        except OSError as exc:
            problem = system_problem(exc, path, reading=True)
            if problem is None:
                raise
            raise problem from None
        except UnicodeDecodeError:
            raise InputError(f"{path} is not a letterpress manifest (it is not text)", location=Location(path),
                             hint=_GIVE_A_MANIFEST) from None
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            raise InputError(f"{path} is not a letterpress manifest (it is not JSON: {exc.msg})",
                             location=Location(path, exc.lineno, exc.colno), hint=_GIVE_A_MANIFEST) from None
        try:
            manifest = manifest_from_json(data)
        except ValueError as exc:
            raise InputError(f"{path} is not a letterpress manifest ({exc})", location=Location(path),
                             hint=_GIVE_A_MANIFEST) from None
        if merged is None:
            merged = manifest
        elif (manifest.letter, manifest.date, manifest.inputs) != (merged.letter, merged.date, merged.inputs):
            raise InputError(f"{path} was built from different inputs than {paths[0]}", location=Location(path),
                             hint="merge only shards of one build (same project, date and input files)")
        for record in manifest.files:
            other = files.get(record.file)
            if other is not None and other.sha256 != record.sha256:
                raise InputError(f"{record.file} differs between shards", location=Location(path),
                                 hint="rebuild the shards from the same inputs with SOURCE_DATE_EPOCH set")
            files[record.file] = record
    assert merged is not None
    return Manifest(merged.letter, merged.date, merged.inputs, tuple(files.values()))


def run(args: argparse.Namespace) -> int:
    from ..record import make_folder, write_output

    manifest = merge_manifests(args.manifests)
    make_folder(args.output.parent, ELSEWHERE)
    write_output(args.output, manifest.to_json().encode("utf-8"), elsewhere=ELSEWHERE)
    print(f"{args.output}: {len(manifest.files)} files from {len(args.manifests)} manifests")
    return 0
