"""``letterpress manifest merge M1 M2 ... -o OUT``: join the manifests of sharded builds."""
from __future__ import annotations

import argparse
import json
from pathlib import Path

from . import COMMANDS
from ..errors import InputError, Location

ELSEWHERE = "choose another file with -o"  # how merge writes somewhere else, for the fixes of a refusal


def register(subparsers) -> None:
    parser = subparsers.add_parser("manifest", help=COMMANDS["manifest"])
    actions = parser.add_subparsers(dest="action", metavar="ACTION", required=True)
    merge = actions.add_parser("merge", help="join the manifests of sharded builds into one")
    merge.add_argument("manifests", nargs="+", type=Path, metavar="MANIFEST",
                       help="manifest.json files (or the folders holding them)")
    merge.add_argument("-o", "--output", type=Path, required=True, metavar="FILE")
    merge.set_defaults(run=run, writes="output", elsewhere=ELSEWHERE)


def merge_manifests(paths: list[Path]):
    """One manifest listing every file of the shards; the shards must come from the same inputs."""
    from ..record import MANIFEST, FileRecord, Manifest

    merged: Manifest | None = None
    files: dict[str, FileRecord] = {}
    for path in paths:
        path = path / MANIFEST if path.is_dir() else path
        try:
            data = json.loads(path.read_text("utf-8"))
            manifest = Manifest(letter=data["letter"], date=data["date"], inputs=dict(data["inputs"]),
                                files=tuple(FileRecord(**f) for f in data["files"]))
        except FileNotFoundError:
            raise InputError(f"no manifest at {path}", location=Location(path)) from None
        except (ValueError, KeyError, TypeError) as exc:
            raise InputError(f"{path} is not a letterpress manifest ({exc})", location=Location(path)) from None
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
