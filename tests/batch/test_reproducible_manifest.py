"""The manifest is the same wherever the same letterpress runs: files are fingerprinted with the
code's content, not its files' modification times (a fresh checkout in CI has new ones)."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

from letterpress.cache.code import code_digest

REPO = Path(__file__).resolve().parents[2]


def test_the_code_digest_follows_content_not_modification_times(tmp_path):
    package = tmp_path / "pkg"
    shutil.copytree(REPO / "letterpress" / "layout", package, ignore=shutil.ignore_patterns("__pycache__"))
    before = code_digest(package)
    later = time.time() + 100
    for path in package.iterdir():
        os.utime(path, (later, later))
    code_digest.cache_clear()
    assert code_digest(package) == before  # a touch, a new checkout: the same code
    (package / "breaks.py").write_text((package / "breaks.py").read_text("utf-8") + "\n# edited\n", "utf-8")
    code_digest.cache_clear()
    assert code_digest(package) != before  # an edit: every copy is rebuilt, the old lines never read


def test_two_checkouts_of_the_same_code_write_the_same_manifest(tmp_path, font_cache):
    manifests = []
    for checkout in ("a", "b"):
        root = tmp_path / checkout
        shutil.copytree(REPO / "letterpress", root / "letterpress", ignore=shutil.ignore_patterns("__pycache__"))
        if checkout == "b":  # checked out later: every file newer
            later = time.time() + 1000
            for path in (root / "letterpress").rglob("*"):
                os.utime(path, (later, later))
        env = dict(os.environ, PYTHONPATH=str(root), SOURCE_DATE_EPOCH="1323302400", LETTERPRESS_SYSTEM_FONTS="0",
                   LETTERPRESS_CACHE_DIR=str(font_cache))
        out = tmp_path / f"out-{checkout}"
        done = subprocess.run([sys.executable, "-m", "letterpress", "build", str(REPO / "examples" / "minimal"),
                               "-o", str(out), "-q"], env=env, capture_output=True, text=True, timeout=300, cwd=root)
        assert done.returncode == 0, done.stderr
        manifests.append((out / "manifest.json").read_bytes())
    assert manifests[0] == manifests[1]
