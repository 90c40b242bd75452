"""BuildOptions.cache_dir is where every cache of the build goes, whatever LETTERPRESS_CACHE_DIR says;
a stage given a CacheContext keeps its entries there, whatever context is active."""
from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]

BUILD = """
import sys
from pathlib import Path
from letterpress.build import BuildOptions, build_project
from letterpress.cache import CacheContext
from letterpress.project import load_project

chosen = Path(sys.argv[2])
project = load_project(sys.argv[1], cache=CacheContext(chosen))
build_project(project, BuildOptions(out_dir=Path(sys.argv[3]), cache_dir=chosen, jobs=int(sys.argv[4])))
"""


@pytest.mark.parametrize("jobs", [1, 2])  # in the build's process, and in forked workers
def test_every_cache_of_a_build_lands_in_its_cache_dir_and_none_in_the_environments(tmp_path, jobs):
    chosen, elsewhere = tmp_path / "chosen", tmp_path / "elsewhere"
    env = dict(os.environ, LETTERPRESS_CACHE_DIR=str(elsewhere), SOURCE_DATE_EPOCH="1323302400",
               LETTERPRESS_SYSTEM_FONTS="0")
    # a fresh process: no cache of another test's is open or remembered in memory
    result = subprocess.run([sys.executable, "-c", BUILD, str(REPO / "examples" / "minimal"), str(chosen),
                             str(tmp_path / "out"), str(jobs)], env=env, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    assert list((tmp_path / "out").glob("*.pdf"))
    kinds = {path.name.split("-")[0] for path in chosen.iterdir()}
    assert kinds == {"cldr", "drawn", "faces", "index", "lines", "pdf", "signatories", "yaml"}, kinds
    assert all(path.suffix == ".sqlite" for path in chosen.iterdir())  # one form, each log folded in
    assert not elsewhere.exists() or not any(elsewhere.iterdir())


def test_the_command_line_keeps_its_caches_in_cache_dir(tmp_path):
    """``letterpress build --cache-dir DIR`` (as a user runs it) puts every cache in DIR, not in the
    environment's folder; ``check --cache-dir`` reads the same stores."""
    chosen, elsewhere = tmp_path / "chosen", tmp_path / "elsewhere"
    env = dict(os.environ, LETTERPRESS_CACHE_DIR=str(elsewhere), LETTERPRESS_SYSTEM_FONTS="0")
    command = [sys.executable, "-m", "letterpress", "build", str(REPO / "examples" / "minimal"), "-o",
               str(tmp_path / "out"), "-q", "--cache-dir", str(chosen)]
    result = subprocess.run(command, env=env, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    kinds = {path.name.split("-")[0] for path in chosen.iterdir()}
    assert {"faces", "index", "lines", "yaml"} <= kinds, kinds
    checked = subprocess.run([sys.executable, "-m", "letterpress", "check", str(REPO / "examples" / "minimal"),
                              "--cache-dir", str(chosen)], env=env, capture_output=True, text=True, timeout=300)
    assert checked.returncode == 0, checked.stderr
    assert not elsewhere.exists() or not any(elsewhere.iterdir())


STAGES = """
import sys
from letterpress.build import survey_project
from letterpress.cache import CacheContext, flush
from letterpress.fonts.batch import prepare_batch_fonts
from letterpress.project import load_project
from letterpress.render import render_pdf
from letterpress.typeset import typeset_document

explicit, active = CacheContext(sys.argv[2]), CacheContext(sys.argv[3])
with active.active():
    project = load_project(sys.argv[1], cache=explicit)
    survey = survey_project(project, cache=explicit)
    fonts = prepare_batch_fonts(project, survey.font_texts, cache=explicit)
    for copy, document in survey.documents.items():
        render_pdf(typeset_document(document, fonts.of(copy.recipient_id), cache=explicit), explicit)
    flush()
explicit.close()
active.close()
"""


def _keys(folder: Path, kind: str) -> list[str]:
    found = [path for path in folder.glob(f"{kind}-*.sqlite")]
    if not found:
        return []
    with sqlite3.connect(found[0]) as database:
        return [row[0] for row in database.execute("SELECT key FROM entries")]


def test_the_stages_keep_their_entries_in_the_context_they_are_given_not_the_active_one(tmp_path):
    explicit, active = tmp_path / "explicit", tmp_path / "active"
    env = dict(os.environ, LETTERPRESS_CACHE_DIR=str(tmp_path / "environment"), LETTERPRESS_SYSTEM_FONTS="0")
    result = subprocess.run([sys.executable, "-c", STAGES, str(REPO / "examples" / "minimal"), str(explicit),
                             str(active)], env=env, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    kinds = {path.name.split("-")[0] for path in explicit.iterdir()}
    assert {"lines", "drawn", "pdf", "faces", "index", "cldr", "yaml"} <= kinds, kinds
    # set lines, drawn lines and font programs: only where the caller said
    assert not {path.name.split("-")[0] for path in active.glob("*")} & {"lines", "drawn", "pdf", "faces", "index"}
    # the CLDR values a copy names (its date, country names) too; the active context keeps only what
    # the memoized script lookup asks (letterpress.text.script_of), which no caller passes a context to
    assert any(key.startswith("('long date'") for key in _keys(explicit, "cldr"))
    assert all(key.startswith("('likely script'") for key in _keys(active, "cldr")), _keys(active, "cldr")
    assert not (tmp_path / "environment").exists()


def test_another_versions_store_file_is_deleted_when_this_versions_is_made(tmp_path):
    """A new version of a store starts a file of its own; the old version's file goes, so the cache
    folder does not grow with every upgrade. (Only then: benchmarks/build_work.py counts the scans.)"""
    from letterpress.cache.store import Store

    stale = tmp_path / "kept-0.sqlite"  # what another version left
    stale.write_bytes(b"old")
    Store("kept-1.sqlite", stale="kept-*", folder=tmp_path).put([("key", b"entry")])
    assert not stale.exists()
    assert Store("kept-1.sqlite", stale="kept-*", folder=tmp_path).get("key") == b"entry"
