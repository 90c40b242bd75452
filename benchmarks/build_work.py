"""What a build does, counted rather than timed: paragraphs set, lines encoded, fonts read,
the libraries it imports. For an empty cache, a warm cache, and a re-run that rebuilds nothing.

    python benchmarks/build_work.py                       # the example letter (every copy)
    python benchmarks/build_work.py examples/minimal      # any project
    python benchmarks/build_work.py --system-fonts        # with the machine's fonts there to index

Each build runs in a fresh process under cProfile, which counts every call of every function
(timings under the profiler mean nothing and are not shown). What a warm build should do, and
did when these counts were last read (see the notes of issues 12 and 18):

- a warm build sets no paragraph and encodes no line: every line comes back from the line cache,
  and its PDF text from the renderer's drawn store; it imports neither Babel nor PyYAML (the CLDR values
  and the parsed YAML are cached too);
- a re-run with nothing changed does not import reportlab: it checks every copy and skips it;
- a build with workers (`--jobs 2`) forks them itself: it imports neither concurrent.futures nor
  multiprocessing (their executor, queues and threads);
- only a store made afresh looks through the cache folder for files an older version left: a warm
  build makes none (each worker opening the stores again used to scan the folder every time);
- a warm build loads none of layout's steps (itemize, shaping, breaks, knuth_plass, finalize),
  and a build loads only the module of the command it runs: the modules loaded are counted;
- a project with no right-to-left or dictionary-broken script (`examples/minimal`) never imports
  ICU (`icu`): its paragraphs are broken without it;
- `import letterpress` alone loads neither the API nor the pipeline (nor typing, yaml, reportlab,
  dataclasses), so the CLI and `import letterpress` start fast.

These used to be assertions in tests/batch/test_batch.py, on private functions; they are
measurements of work avoided, so they live here. What they protect as behaviour (a warm build
writes the same bytes; a re-run rebuilds nothing) is tested there.
"""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
EXAMPLE = REPO / "letters" / "icnk-2011"

# (label, function name, the file it is in must contain this): the name, not the module, so the
# count survives functions moving between modules. A function never called counts 0, so a renamed
# one shows as 0 in the empty-cache column too, where every count should be above 0.
COUNTED = [
    ("paragraphs set afresh", "itemize", "letterpress"),
    ("lines broken (Knuth-Plass runs)", "break_lines", "letterpress"),
    ("lines encoded as PDF text", "_relative_ops", "letterpress"),
    ("font files read into the index", "read_faces", "letterpress"),
    ("faces prepared (subset, instanced)", "build_face", "letterpress"),
    ("copies composed (once a copy: the survey's)", "compose_copy", "letterpress"),
    ("cache folder scans for old versions' stores", "_remove_stale", "letterpress"),
]
LIBRARIES = ("babel", "yaml", "reportlab", "fontTools", "pyphen", "icu", "pyhanko", "concurrent.futures",
             "multiprocessing")

CHILD = r"""
import cProfile, json, pstats, sys
from letterpress.cli import main
profile = cProfile.Profile()
code = profile.runcall(main, sys.argv[2:])
stats = pstats.Stats(profile).stats
counted = {}
for label, name, where in json.loads(sys.argv[1]):
    calls = [value[1] for (file, line, function), value in stats.items() if function == name and where in file]
    counted[label] = sum(calls)
imported = [lib for lib in %r if lib in sys.modules]
modules = f"{sum(name.startswith('letterpress.') for name in sys.modules)} / {len(sys.modules)}"
print(json.dumps({"code": code, "counted": counted, "imported": imported, "modules": modules}))
""" % (LIBRARIES,)


def build(project: Path, out: Path, cache: Path, *extra: str, system_fonts: bool = False, jobs: int = 1) -> dict:
    env = dict(os.environ, LETTERPRESS_CACHE_DIR=str(cache), LETTERPRESS_SYSTEM_FONTS="1" if system_fonts else "0",
               SOURCE_DATE_EPOCH="1323302400")
    args = [sys.executable, "-c", CHILD, json.dumps(COUNTED), "build", str(project), "-o", str(out), "-q",
            "--jobs", str(jobs), *extra]
    done = subprocess.run(args, env=env, check=True, capture_output=True, text=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def modules_loaded_by_import() -> str:
    """What `import letterpress` loads of letterpress and the heavier libraries, in a fresh process
    (measured against what the interpreter had loaded before: site hooks may import typing)."""
    code = ("import sys; before = set(sys.modules); import letterpress; print(sorted(m for m in set(sys.modules) "
            "- before if m.startswith(('letterpress.', 'typing', 'yaml', 'reportlab', 'dataclasses'))))")
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.strip()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("project", nargs="?", type=Path, default=EXAMPLE)
    parser.add_argument("--system-fonts", action="store_true",
                        help="let the builds see the machine's fonts (they are indexed only when needed)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        folder = Path(folder)
        cache = folder / "cache"
        system = dict(system_fonts=args.system_fonts)
        runs = {
            "empty cache": build(args.project, folder / "cold", cache, **system),
            "warm cache": build(args.project, folder / "warm", cache, **system),
            "re-run, nothing changed": build(args.project, folder / "warm", cache, **system),
            "warm cache, 2 workers": build(args.project, folder / "workers", cache, "--force", jobs=2, **system),
        }
        same = sorted(p.read_bytes() for p in (folder / "cold").glob("*.pdf")) == \
            sorted(p.read_bytes() for p in (folder / "warm").glob("*.pdf"))
    width = max(len(label) for label, *_ in COUNTED)
    print(f"{'':{width}} " + "".join(f"{state:>26}" for state in runs))
    for label, *_ in COUNTED:
        cells = [run["counted"][label] for run in runs.values()]
        print(f"{label:{width}} " + "".join(f"{c:>26}" for c in cells))
    print(f"{'libraries imported':{width}} " + "".join(f"{','.join(run['imported']) or '-':>26}"
                                                     for run in runs.values()))
    print(f"{'modules loaded (letterpress / all)':{width}} " + "".join(f"{run['modules']:>26}"
                                                                     for run in runs.values()))
    print(f"warm build wrote the same PDFs as the cold one: {same}")
    print(f"`import letterpress` alone loads: {modules_loaded_by_import()}")


if __name__ == "__main__":
    main()
