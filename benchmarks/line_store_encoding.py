"""What the line store costs per pass over the example's lines: encoding them as a cold build stores
them, and decoding them as a warm build reads them back.

    python benchmarks/line_store_encoding.py [--passes N]

Every copy of the example is typeset once (line cache off), then all their lines are encoded
(``diskcache.encoded`` and ``marshal.dumps``) and decoded (``marshal.loads`` and ``diskcache.decoded``)
N times; printed: the best and median pass of each, and a digest of the entries with their keys left
out (a key names the layout code's version, so it changes with any edit to it), which stays the same
when a change to the encoding keeps the entries the same.
"""
from __future__ import annotations

import argparse
import hashlib
import marshal
import os
import statistics
import time
from pathlib import Path

os.environ["LETTERPRESS_LAYOUT_CACHE"] = "0"  # every line set here, none read from an earlier run

from letterpress.build import BuildOptions, prepare_project_fonts, survey_project  # noqa: E402
from letterpress.layout import diskcache  # noqa: E402
from letterpress.project import load_project  # noqa: E402
from letterpress.typeset import typeset_document  # noqa: E402

EXAMPLE = Path(__file__).resolve().parents[1] / "letters" / "icnk-2011"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--passes", type=int, default=20)
    args = parser.parse_args()
    project = load_project(EXAMPLE)
    survey = survey_project(project)
    fonts = prepare_project_fonts(project, BuildOptions(out_dir=Path("unused")), survey)
    lines = [placed.line for document in survey.documents.values()
             for page in typeset_document(document, fonts).pages for placed in page.lines]
    encode, decode = [], []
    for _ in range(args.passes):
        started = time.perf_counter()
        stored = [marshal.dumps(diskcache.encoded((line,))) for line in lines]
        encode.append(time.perf_counter() - started)
        started = time.perf_counter()
        for value in stored:
            diskcache.decoded(marshal.loads(value), fonts)
        decode.append(time.perf_counter() - started)
    digest = hashlib.sha256(b"".join(marshal.dumps(tuple(entry[:-1] for entry in diskcache.encoded((line,))))
                                     for line in lines)).hexdigest()[:16]
    print(f"{len(lines)} lines of {len(survey.documents)} copies, {args.passes} passes; entries without keys: {digest}")
    for label, times in (("encode", encode), ("decode", decode)):
        print(f"  {label}: best {min(times) * 1000:.1f} ms, median {statistics.median(times) * 1000:.1f} ms a pass")


if __name__ == "__main__":
    main()
