"""Setting every paragraph of the example for the first time, as a build's worker does with an empty
line cache: CPU time, in fresh processes.

    python benchmarks/layout_first_pass.py [--runs N]

A worker of `letterpress build` sets the copies of one language in a row (build.runner groups its
work by language), so the copies here are typeset in that order, with the line cache off and the
faces prepared beforehand (not timed). Printed, as medians of N fresh processes:

- typeset: typeset_document over every copy, and the part of it spent setting paragraphs (_set);
- paragraphs set at a measure (or size) they were set at before: layout keeps a paragraph's shaping
  and break opportunities for its next measure (layout._Prepared), so these cost less than first
  settings;
- break_lines: Knuth–Plass alone, over every paragraph that needed a choice of breaks (the same
  items each run, timed in the process that made them; the best of five passes).

CPU time (time.process_time), not wall time: the machine may be shared. Compare runs on one
machine, before and after a change.
"""
from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
EXAMPLE = REPO / "letters" / "icnk-2011"


def measure() -> dict:
    os.environ["LETTERPRESS_LAYOUT_CACHE"] = "0"
    import letterpress.layout as layout
    from letterpress.build import BuildOptions, prepare_project_fonts
    from letterpress.build.runner import fewer_collections
    from letterpress.compose import compose_copy, plan_copies
    from letterpress.project import load_project
    from letterpress.typeset import typeset_document

    project = load_project(EXAMPLE)
    fonts = prepare_project_fonts(project, BuildOptions(out_dir=Path(".")))
    copies = plan_copies(project)
    languages = list(dict.fromkeys(copy.language for copy in copies))
    documents = [compose_copy(project, copy) for copy in sorted(copies, key=lambda c: languages.index(c.language))]

    setting, seen, again, breaking = [0.0], set(), [0], []
    from letterpress.layout import knuth_plass  # _set imports break_lines from it when it runs

    set_paragraph, break_lines = layout._set, knuth_plass.break_lines

    def timed_set(runs, fonts, size, *rest):
        again[0] += (runs, fonts.key, size) in seen
        seen.add((runs, fonts.key, size))
        started = time.process_time()
        try:
            return set_paragraph(runs, fonts, size, *rest)
        finally:
            setting[0] += time.process_time() - started

    def kept_breaks(items, width, **options):
        breaking.append((items, width, options))
        return break_lines(items, width, **options)

    layout._set, knuth_plass.break_lines = timed_set, kept_breaks
    with fewer_collections():  # as a build runs
        started = time.process_time()
        for document in documents:
            typeset_document(document, fonts)
        typeset = time.process_time() - started
    layout._set, knuth_plass.break_lines = set_paragraph, break_lines

    def all_breaks() -> float:
        started = time.process_time()
        for items, width, options in breaking:
            break_lines(items, width, **options)
        return time.process_time() - started

    return {"typeset": typeset * 1000, "set": setting[0] * 1000, "paragraphs": len(seen) + again[0],
            "again": again[0], "break_lines": min(all_breaks() for _ in range(5)) * 1000, "breaks": len(breaking)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--measure", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:
        print(json.dumps(measure()))
        return
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(REPO / "letterpress")], check=True,
                   stdout=subprocess.DEVNULL)
    with tempfile.TemporaryDirectory() as folder:
        env = dict(os.environ, LETTERPRESS_CACHE_DIR=folder, LETTERPRESS_SYSTEM_FONTS="0")
        subprocess.run([sys.executable, __file__, "--measure"], env=env, check=True, capture_output=True)  # faces
        results = [json.loads(subprocess.run([sys.executable, __file__, "--measure"], env=env, check=True,
                                             capture_output=True, text=True).stdout) for _ in range(args.runs)]
    median = {key: statistics.median(result[key] for result in results) for key in results[0]}
    print(f"typeset, every copy grouped by language: {median['typeset']:.0f} ms CPU, of which setting "
          f"{median['paragraphs']:.0f} paragraphs {median['set']:.0f} ms ({median['again']:.0f} of them at a "
          f"measure or size set before)")
    print(f"break_lines over the {median['breaks']:.0f} paragraphs that needed a choice: {median['break_lines']:.1f} ms")
    print(f"(median of {args.runs} fresh processes)")


if __name__ == "__main__":
    main()
