"""Preparing the example letter's fonts: empty cache, then warm cache, each in a fresh process.

    python benchmarks/fonts_prepare.py [PROJECT] [--runs N]

The characters per language are those a build of PROJECT (default: letters/icnk-2011)
prepares (every copy's composed text plus the source texts), collected once beforehand
so that only ``prepare_fonts`` is timed.  Each measurement runs in a new Python process
with its own cache folder (empty) or the one the empty run filled (warm), so nothing
stays in memory between them.  Also compares HarfBuzz's subsetter with fontTools' on one
CJK font, the reason letterpress subsets with uharfbuzz.  Targets (issue 3): warm < 50 ms,
empty < 1 s.
"""
from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]

CHILD = r"""
import json, sys, time
started = time.perf_counter()
from letterpress.cache import CacheContext
from letterpress.fonts import prepare_fonts
imported = time.perf_counter()
texts = json.load(open(sys.argv[1], encoding="utf-8"))
fonts = prepare_fonts(texts, cache=CacheContext(sys.argv[2]))
done = time.perf_counter()
faces = {face.key: len(face.data) for chain in fonts.chains.values() for face in chain}
print(json.dumps({"import_ms": (imported - started) * 1000, "prepare_ms": (done - imported) * 1000,
                  "faces": len(faces), "bytes": sum(faces.values())}))
"""


def collect_texts(project_dir: Path) -> dict[str, str]:
    """The characters per language that ``letterpress build`` hands to ``prepare_fonts``."""
    sys.path.insert(0, str(REPO))
    from letterpress.build import survey_project
    from letterpress.project import load_project

    return survey_project(load_project(project_dir)).font_texts


def run_child(texts_file: Path, cache: Path) -> dict:
    env_python = [sys.executable, "-c", CHILD, str(texts_file), str(cache)]
    out = subprocess.run(env_python, cwd=REPO, capture_output=True, text=True, check=True,
                         env={**__import__("os").environ, "LETTERPRESS_SYSTEM_FONTS": "0"})
    return json.loads(out.stdout)


def compare_subsetters(chars: str) -> tuple[float, float]:
    """ms to subset Noto Serif KR to ``chars`` with uharfbuzz and with fontTools."""
    import io

    import pylopdf_fonts_ko  # noqa: F401  (found the same way letterpress finds it)
    import uharfbuzz as hb
    from fontTools import subset
    from fontTools.ttLib import TTFont

    from letterpress.fonts.index import packaged_dirs

    path = next(p for d, _ in packaged_dirs() for p in d.rglob("NotoSerifKR*.otf"))
    started = time.perf_counter()
    plan = hb.SubsetInput()
    for char in chars:
        plan.unicode_set.add(ord(char))
    hb.subset(hb.Face(hb.Blob.from_file_path(str(path))), plan)
    harfbuzz = (time.perf_counter() - started) * 1000
    started = time.perf_counter()
    font = TTFont(str(path))
    subsetter = subset.Subsetter(subset.Options())
    subsetter.populate(unicodes=[ord(c) for c in chars])
    subsetter.subset(font)
    font.save(io.BytesIO())
    fonttools = (time.perf_counter() - started) * 1000
    return harfbuzz, fonttools


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("project", nargs="?", type=Path, default=REPO / "letters" / "icnk-2011")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    texts = collect_texts(args.project)
    print("characters per language: " + ", ".join(f"{lang} {len(text)}" for lang, text in texts.items()))
    empty, warm, imports = [], [], []
    with tempfile.TemporaryDirectory() as scratch:
        texts_file = Path(scratch) / "texts.json"
        texts_file.write_text(json.dumps(texts, ensure_ascii=False), "utf-8")
        for run in range(args.runs):
            cache = Path(scratch) / f"cache-{run}"
            first = run_child(texts_file, cache)
            empty.append(first["prepare_ms"])
            second = run_child(texts_file, cache)
            warm.append(second["prepare_ms"])
            imports.append(second["import_ms"])
    print(f"faces prepared: {first['faces']}, {first['bytes'] / 1024:.0f} KB of font programs in total (TrueType, and CID-keyed CFF for CJK)")
    print(f"empty cache: {statistics.median(empty):7.1f} ms  (median of {args.runs}; target < 1000)")
    print(f"warm cache:  {statistics.median(warm):7.1f} ms  (median of {args.runs}; target < 50)")
    print(f"import letterpress.fonts: {statistics.median(imports):.1f} ms (not counted above)")
    korean = texts.get("ko", "가나다")
    harfbuzz, fonttools = compare_subsetters(korean)
    print(f"subset Noto Serif KR to {len(korean)} characters: uharfbuzz {harfbuzz:.1f} ms, "
          f"fontTools {fonttools:.1f} ms ({fonttools / harfbuzz:.0f}x)")


if __name__ == "__main__":
    main()
