"""Damage every file of a warm cache in several ways and check that the build still gives the same bytes.

    python benchmarks/cache_damage.py [--project letters/icnk-2011] [--seeds 3]

For each cache file and each kind of damage: build into a fresh folder (exit 0, no traceback, every
PDF byte-identical to a build with a clean cache), then build again and check that the cache has
repaired itself (no warning the second time). Prints "survived N of M".
"""
from __future__ import annotations

import argparse
import os
import random
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def build(project: Path, out: Path, cache: Path) -> subprocess.CompletedProcess:
    env = dict(os.environ, LETTERPRESS_CACHE_DIR=str(cache), SOURCE_DATE_EPOCH="1323302400",
               LETTERPRESS_SYSTEM_FONTS="0")
    return subprocess.run([sys.executable, "-m", "letterpress", "build", str(project), "-o", str(out), "-q"],
                          env=env, capture_output=True, text=True)


def pdfs(out: Path) -> dict[str, bytes]:
    return {path.name: path.read_bytes() for path in sorted(out.glob("*.pdf"))}


def damages(seed: int):
    rng = random.Random(seed)

    def flip(path: Path) -> None:
        data = bytearray(path.read_bytes())
        for _ in range(16):
            data[rng.randrange(len(data))] ^= 1 << rng.randrange(8)
        path.write_bytes(bytes(data))

    def truncate(path: Path) -> None:
        data = path.read_bytes()
        path.write_bytes(data[: rng.randrange(len(data))])

    def garbage(path: Path) -> None:
        path.write_bytes(rng.randbytes(path.stat().st_size))

    def folder(path: Path) -> None:
        path.unlink()
        path.mkdir()

    return [("flip 16 bits", flip), ("truncate", truncate), ("garbage", garbage), ("a folder in its place", folder)]


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--project", type=Path, default=REPO / "letters" / "icnk-2011")
    parser.add_argument("--seeds", type=int, default=1)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="cache-damage-"))
    try:
        clean = work / "clean"
        assert build(args.project, work / "ref", clean).returncode == 0
        reference = pdfs(work / "ref")
        files = sorted(p.relative_to(clean) for p in clean.rglob("*") if p.is_file() and p.stat().st_size)
        tried = survived = 0
        for seed in range(args.seeds):
            for relative in files:
                for name, damage in damages(seed * 1000 + hash(str(relative)) % 1000):
                    cache = work / "cache"
                    shutil.rmtree(cache, ignore_errors=True)
                    shutil.copytree(clean, cache)
                    damage(cache / relative)
                    tried += 1
                    out = work / f"out{tried}"
                    first = build(args.project, out, cache)
                    again = build(args.project, work / f"again{tried}", cache)
                    ok = (first.returncode == 0 and "Traceback" not in first.stderr and pdfs(out) == reference
                          and again.returncode == 0 and pdfs(work / f"again{tried}") == reference)
                    survived += ok
                    if not ok:
                        print(f"FAILED: {relative} ({name}): exit {first.returncode}/{again.returncode}\n"
                              f"{first.stderr[-400:]}", file=sys.stderr)
                    shutil.rmtree(out, ignore_errors=True)
                    shutil.rmtree(work / f"again{tried}", ignore_errors=True)
        print(f"survived {survived} of {tried} damaged cache files ({len(files)} files x "
              f"{tried // max(1, len(files))} kinds of damage)")
        return 0 if survived == tried else 1
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
