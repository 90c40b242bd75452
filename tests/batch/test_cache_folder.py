"""BuildOptions.cache_dir is where every cache of the build goes, whatever LETTERPRESS_CACHE_DIR says."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]

BUILD = """
import sys
from pathlib import Path
from letterpress.build import BuildOptions, build_project
from letterpress.cache import CacheContext
from letterpress.project import load_project

chosen = Path(sys.argv[2])
project = load_project(sys.argv[1], cache=CacheContext(chosen))
build_project(project, BuildOptions(out_dir=Path(sys.argv[3]), cache_dir=chosen, jobs=2))
"""


def test_every_cache_of_a_build_lands_in_its_cache_dir_and_none_in_the_environments(tmp_path):
    chosen, elsewhere = tmp_path / "chosen", tmp_path / "elsewhere"
    env = dict(os.environ, LETTERPRESS_CACHE_DIR=str(elsewhere), SOURCE_DATE_EPOCH="1323302400",
               LETTERPRESS_SYSTEM_FONTS="0")
    # a fresh process: no cache of another test's is open or remembered in memory
    result = subprocess.run([sys.executable, "-c", BUILD, str(REPO / "examples" / "minimal"), str(chosen),
                             str(tmp_path / "out")], env=env, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    assert list((tmp_path / "out").glob("*.pdf"))
    kinds = {path.name.split("-")[0] for path in chosen.iterdir()}
    assert kinds == {"cldr", "drawn", "faces", "index", "lines", "pdf", "yaml"}, kinds
    assert all(path.suffix == ".sqlite" for path in chosen.iterdir())  # one form, each log folded in
    assert not elsewhere.exists() or not any(elsewhere.iterdir())
