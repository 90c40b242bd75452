"""Builds beside each other and builds killed mid-way, counted.

    python benchmarks/robustness.py [--rounds 10] [--kills 10]

Overlapping: each round starts 4 builds of the example into one folder at once; a round passes
when all exit 0, the manifest matches the disk and no .part or lock file is left. Kills: a build
of a 60-letter campaign with two workers is killed (SIGKILL) once a few copies have landed; a
kill passes when no worker outlives it, the manifest (if any) matches the disk, and the next run
exits 0 reusing at least every copy that had landed.
"""
from __future__ import annotations

import argparse
import hashlib
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parents[1]
EXAMPLE = REPO / "letters" / "icnk-2011"


def env(cache: Path, **more: str) -> dict[str, str]:
    return dict(os.environ, LETTERPRESS_CACHE_DIR=str(cache), SOURCE_DATE_EPOCH="1323302400",
                LETTERPRESS_SYSTEM_FONTS="0", **more)


def command(project: Path, out: Path, *extra: str) -> list[str]:
    return [sys.executable, "-m", "letterpress", "build", str(project), "-o", str(out), *extra]


def manifest_ok(out: Path) -> bool:
    if not (out / "manifest.json").exists():
        return True
    for entry in json.loads((out / "manifest.json").read_text("utf-8"))["files"]:
        path = out / entry["file"]
        if not path.exists() or hashlib.sha256(path.read_bytes()).hexdigest() != entry["sha256"]:
            return False
    return True


def children(pid: int) -> set[int]:
    try:
        return {int(c) for c in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()}
    except OSError:
        return set()


def alive(pid: int) -> bool:
    try:
        return "Z" not in [line for line in Path(f"/proc/{pid}/status").read_text().splitlines()
                           if line.startswith("State:")][0]
    except (OSError, IndexError):
        return False


def overlapping(work: Path, cache: Path) -> bool:
    out = work / "overlap"
    shutil.rmtree(out, ignore_errors=True)
    builds = [subprocess.Popen(command(EXAMPLE, out, "-q", "--force"), env=env(cache), stderr=subprocess.DEVNULL)
              for _ in range(4)]
    codes = [b.wait() for b in builds]
    return (codes == [0] * 4 and manifest_ok(out) and not list(out.glob(".*.part"))
            and not (out / ".letterpress.lock").exists())


def campaign(work: Path, letters: int) -> Path:
    project = work / "campaign"
    shutil.copytree(EXAMPLE, project)
    languages = ["en", "ko", "fr", "es", "ja", "zh-Hans"]
    recipients = [{"id": f"m{i:03d}", "name": f"Mission {i}", "city": "Capital",
                   "address": {"country": "GB", "lines": [f"Mission {i}", f"{i} Road", "London W5 4LP"]},
                   "languages": [languages[i % len(languages)]]} for i in range(letters)]
    (project / "recipients.yaml").write_text(yaml.safe_dump(recipients, allow_unicode=True), "utf-8")
    return project


def killed(work: Path, project: Path, cache: Path, index: int) -> bool:
    out = work / f"kill{index}"
    process = subprocess.Popen(command(project, out, "-q", "--jobs", "2"),
                               env=env(cache, LETTERPRESS_LAYOUT_CACHE="0"), stderr=subprocess.DEVNULL)
    workers: set[int] = set()
    while process.poll() is None and len(list(out.glob("*.pdf")) if out.exists() else []) < 3 + index % 7:
        workers |= children(process.pid)
        time.sleep(0.005)
    workers |= children(process.pid)
    process.send_signal(signal.SIGKILL)
    process.wait()
    deadline = time.monotonic() + 10
    while any(alive(p) for p in workers) and time.monotonic() < deadline:
        time.sleep(0.05)
    landed = len(list(out.glob("*.pdf")))
    again = subprocess.run(command(project, out, "--json"), env=env(cache), capture_output=True, text=True)
    reused = json.loads(again.stdout)["unchanged"] if again.returncode == 0 else -1
    return (not any(alive(p) for p in workers) and again.returncode == 0 and reused >= landed
            and manifest_ok(out))


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=10)
    parser.add_argument("--kills", type=int, default=10)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="robustness-"))
    try:
        cache = work / "cache"
        subprocess.run(command(EXAMPLE, work / "warm", "-q"), env=env(cache), check=True)
        passed = sum(overlapping(work, cache) for _ in range(args.rounds))
        print(f"overlapping builds: {passed} of {args.rounds} rounds of 4 builds at once passed "
              f"({args.rounds * 4} builds)")
        project = campaign(work, 60)
        subprocess.run(command(project, work / "warm2", "-q"), env=env(cache), check=True)
        survived = sum(killed(work, project, cache, i) for i in range(args.kills))
        print(f"kills: {survived} of {args.kills} killed builds left a consistent folder, no live worker, "
              "and were completed reusing every landed copy")
        return 0 if passed == args.rounds and survived == args.kills else 1
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
