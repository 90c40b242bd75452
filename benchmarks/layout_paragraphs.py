"""Layout time per letter: every paragraph of each example copy set into lines, on one core.

    python benchmarks/layout_paragraphs.py

Runs in fresh processes: with the line cache off (every paragraph set afresh), first with Python's
default garbage-collection thresholds and then with those `letterpress build` uses
(``fewer_collections``), then filling the line cache and with it warm (lines set by an earlier run
read back from disk). "first" is a language's first
copy in a process; "next" is every further copy in that language, which reuses lines already set in
memory (the body is the same; the letterhead and address change with the mission's layout).
"""
from __future__ import annotations

import gc
import os
import statistics
import sys
import time
from pathlib import Path

os.environ.setdefault("LETTERPRESS_SYSTEM_FONTS", "0")

from letterpress.build import BuildOptions, fewer_collections, prepare_project_fonts, survey_project  # noqa: E402
from letterpress.cache import flush as flush_caches  # noqa: E402
from letterpress.project import load_project  # noqa: E402
from letterpress.typeset import typeset_document  # noqa: E402

EXAMPLE = Path(__file__).resolve().parents[1] / "letters" / "icnk-2011"
DEFAULT_GC = gc.get_threshold()


def main() -> None:
    project = load_project(EXAMPLE)
    survey = survey_project(project)  # every copy composed, as a build composes them
    fonts = prepare_project_fonts(project, BuildOptions(out_dir=Path(".")), survey)
    documents = list(survey.documents.values())
    seen: set[str] = set()
    first: dict[str, float] = {}
    following: list[float] = []
    with fewer_collections():  # as `letterpress build` runs a batch ("--default-gc" to compare)
        if "--default-gc" in sys.argv:
            gc.set_threshold(*DEFAULT_GC)
        for document in documents:
            started = time.perf_counter()
            typeset_document(document, fonts)
            elapsed = (time.perf_counter() - started) * 1000
            if document.language in seen:
                following.append(elapsed)
            else:
                seen.add(document.language)
                first[document.language] = elapsed
    for language, ms in first.items():
        print(f"first {language:8} {ms:7.1f} ms")
    print(f"next copies: median {statistics.median(following):.1f} ms, max {max(following):.1f} ms "
          f"({len(following)} copies)")
    total = sum(first.values()) + sum(following)
    print(f"whole example: {total:.0f} ms for {len(documents)} copies = {total / len(documents):.1f} ms per letter")
    flush_caches()  # what `letterpress build` does after each copy: the next run finds the lines


def compare(repeat: int = 5) -> None:
    import subprocess
    import tempfile

    def measure(label: str, extra: dict[str, str], flags: tuple[str, ...] = ()) -> float:
        print(f"--- {label}")
        done = subprocess.run([sys.executable, __file__, "--measure", *flags], env={**os.environ, **extra},
                              check=True, capture_output=True, text=True)
        print(done.stdout, end="")
        return float(done.stdout.strip().splitlines()[-1].split("=")[1].split()[0])

    with tempfile.TemporaryDirectory() as cache:
        measure("line cache off, Python's default garbage collection", {"LETTERPRESS_LAYOUT_CACHE": "0"},
                ("--default-gc",))
        # the figure to compare with the target: fresh processes vary by a tenth on this machine
        cold = [measure(f"line cache off ({run + 1} of {repeat})", {"LETTERPRESS_LAYOUT_CACHE": "0"})
                for run in range(repeat)]
        measure("filling the line cache", {"LETTERPRESS_CACHE_DIR": cache})
        measure("line cache warm", {"LETTERPRESS_CACHE_DIR": cache})
    print(f"line cache off: median {statistics.median(cold):.1f} ms per letter, best {min(cold):.1f} "
          f"over {repeat} fresh processes")


if __name__ == "__main__":
    main() if "--measure" in sys.argv else compare()
