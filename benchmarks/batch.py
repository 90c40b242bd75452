"""Time whole builds in fresh processes: the example batch and a generated 1,000-letter campaign.

    python benchmarks/batch.py                 # example, empty and warm cache; 1,000 letters
    python benchmarks/batch.py --letters 200   # a smaller campaign

Reports wall time, ms per letter and peak RSS (of the process tree's largest member, from
resource.getrusage of the children), for an empty font cache and a warm one. Numbers are
machine-dependent: compare them as ratios on one machine, not against fixed thresholds.

letterpress's modules are compiled to bytecode first, as `pip install` does: on a machine with
PYTHONDONTWRITEBYTECODE set (as this one is) an editable install would otherwise compile every
module from source on every run, ~50 ms that no installed copy pays.
"""
from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parents[1]
EXAMPLE = REPO / "letters" / "icnk-2011"


def campaign(folder: Path, letters: int) -> Path:
    """The example letter sent to ``letters`` generated missions (one copy each, languages in turn)."""
    project = folder / "campaign"
    shutil.copytree(EXAMPLE, project)
    languages = ["en", "ko", "fr", "es", "ja", "zh-Hans"]
    countries = ["GB", "FR", "CH", "US", "TH", "DE"]
    recipients = []
    for index in range(letters):
        country = countries[index % len(countries)]
        recipients.append({
            "id": f"mission-{index:04d}",
            "name": f"Mission {index}",
            "city": "Capital",
            "address": {"country": country, "lines": [f"Mission {index}", f"{index} Embassy Road", "1000 Capital"]},
            "languages": [languages[index % len(languages)]],
        })
    (project / "recipients.yaml").write_text(yaml.safe_dump(recipients, allow_unicode=True), "utf-8")
    return project


def run(project: Path, out: Path, cache: Path, jobs: int | None = None) -> tuple[float, float]:
    """(wall seconds, peak RSS MB) of one `letterpress build` in a fresh process."""
    env = dict(os.environ, LETTERPRESS_CACHE_DIR=str(cache), LETTERPRESS_SYSTEM_FONTS="0",
               SOURCE_DATE_EPOCH="1323302400")
    args = [sys.executable, "-m", "letterpress", "build", str(project), "-o", str(out), "-q", "--force"]
    if jobs:
        args += ["--jobs", str(jobs)]
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    started = time.perf_counter()
    subprocess.run(args, env=env, check=True)
    wall = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return wall, max(peak, before) / 1024


def report(label: str, copies: int, wall: float, rss: float) -> None:
    print(f"{label:34} {wall * 1000:8.0f} ms  {wall * 1000 / copies:7.1f} ms/letter  peak RSS {rss:6.0f} MB")


def main() -> None:
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(REPO / "letterpress")], check=True,
                   stdout=subprocess.DEVNULL)
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--letters", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        folder = Path(folder)
        copies = sum(len(r["languages"]) for r in yaml.safe_load((EXAMPLE / "recipients.yaml").read_text("utf-8")))
        walls: dict[str, list[float]] = {"empty": [], "warm": []}
        for run_index in range(args.runs):
            cache = folder / f"cache-{run_index}"
            for state in ("empty", "warm"):
                wall, rss = run(EXAMPLE, folder / "out", cache)
                walls[state].append(wall)
                report(f"example ({copies} copies), {state} cache", copies, wall, rss)
        # this machine's timings vary by a tenth from run to run: the median and best say more than one run
        for state, times in walls.items():
            print(f"example, {state} cache: median {statistics.median(times) * 1000:.0f} ms, "
                  f"best {min(times) * 1000:.0f} ms over {len(times)} runs")
        if args.letters:
            project = campaign(folder, args.letters)
            cache = folder / "cache-campaign"
            report(f"campaign ({args.letters}), empty cache", args.letters, *run(project, folder / "c", cache))
            report(f"campaign ({args.letters}), warm cache", args.letters, *run(project, folder / "c", cache))


if __name__ == "__main__":
    main()
