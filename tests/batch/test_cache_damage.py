"""Issue 17, item 1: a damaged or unusable cache never changes what is printed, never fails the build,
and repairs itself. Each build runs in its own process, so nothing is remembered in memory."""
from __future__ import annotations

import os
import random
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
PROJECT = REPO / "examples" / "minimal"


def build(out: Path, cache: Path, project: Path = PROJECT) -> subprocess.CompletedProcess:
    env = dict(os.environ, LETTERPRESS_CACHE_DIR=str(cache), SOURCE_DATE_EPOCH="1323302400",
               LETTERPRESS_SYSTEM_FONTS="0")
    return subprocess.run([sys.executable, "-m", "letterpress", "build", str(project), "-o", str(out), "-q"],
                          env=env, capture_output=True, text=True, timeout=120)


def pdfs(out: Path) -> dict[str, bytes]:
    return {path.name: path.read_bytes() for path in sorted(out.glob("*.pdf"))}


@pytest.fixture(scope="module")
def warm(tmp_path_factory):
    """A cache filled by one build, and the PDFs that build wrote."""
    work = tmp_path_factory.mktemp("damage")
    cache = work / "cache"
    result = build(work / "reference", cache)
    assert result.returncode == 0, result.stderr
    return cache, pdfs(work / "reference")


def _flip(path: Path, rng: random.Random) -> None:
    data = bytearray(path.read_bytes())
    for _ in range(16):
        data[rng.randrange(len(data))] ^= 1 << rng.randrange(8)
    path.write_bytes(bytes(data))


def _truncate(path: Path, rng: random.Random) -> None:
    data = path.read_bytes()
    path.write_bytes(data[: rng.randrange(len(data))])


def _garbage(path: Path, rng: random.Random) -> None:
    path.write_bytes(rng.randbytes(max(1, path.stat().st_size)))


@pytest.mark.parametrize("damage", [_flip, _truncate, _garbage])
def test_every_damaged_cache_file_is_dropped_rebuilt_and_changes_no_byte(tmp_path, warm, damage):
    clean, reference = warm
    cache = tmp_path / "cache"
    shutil.copytree(clean, cache)
    files = sorted(p for p in cache.rglob("*") if p.is_file() and p.stat().st_size)
    kinds = {p.name.split("-")[0] if p.parent == cache else p.parent.name for p in files}
    assert {"faces", "index", "cldr", "yaml", "lines", "pdf"} <= kinds
    rng = random.Random(17)
    for path in files:
        damage(path, rng)
    first = build(tmp_path / "first", cache)
    assert first.returncode == 0, first.stderr
    assert "Traceback" not in first.stderr
    assert pdfs(tmp_path / "first") == reference
    if damage is not _truncate:  # (a truncated SQLite log is simply shorter: nothing to warn about)
        assert "damaged" in first.stderr
    # repaired: the next build finds nothing wrong and still prints the same bytes
    again = build(tmp_path / "again", cache)
    assert again.returncode == 0 and "warning" not in again.stderr, again.stderr
    assert pdfs(tmp_path / "again") == reference


def test_damaged_prepared_face_is_not_drawn(tmp_path, warm):
    """The case of the issue: bytes flipped in a prepared font program gave wrong glyphs with exit 0."""
    clean, reference = warm
    cache = tmp_path / "cache"
    shutil.copytree(clean, cache)
    rng = random.Random(4)
    (store,) = cache.glob("faces-*.sqlite")
    with sqlite3.connect(store) as database:  # bits flipped in the programs, past each entry's seal
        for key, value in database.execute("SELECT key, value FROM entries").fetchall():
            flipped = bytearray(value)
            for _ in range(16):
                flipped[rng.randrange(12, len(flipped))] ^= 1 << rng.randrange(8)
            database.execute("UPDATE entries SET value = ? WHERE key = ?", (bytes(flipped), key))
    result = build(tmp_path / "out", cache)
    assert result.returncode == 0 and pdfs(tmp_path / "out") == reference
    assert result.stderr.count("warning") == 1, result.stderr  # one line, not one per entry


def _folder_for_a_file(cache: Path) -> None:
    for path in cache.iterdir():
        path.unlink()
        path.mkdir()


def _file_for_the_folder(cache: Path) -> None:
    shutil.rmtree(cache)
    cache.write_text("not a folder")


@pytest.mark.parametrize("spoil", [_folder_for_a_file, _file_for_the_folder])
def test_a_cache_that_cannot_be_used_is_no_cache_with_one_warning(tmp_path, warm, spoil):
    clean, reference = warm
    cache = tmp_path / "cache"
    shutil.copytree(clean, cache)
    spoil(cache)
    result = build(tmp_path / "out", cache)
    assert result.returncode == 0, result.stderr
    assert pdfs(tmp_path / "out") == reference
    assert "Traceback" not in result.stderr and len(result.stderr.strip().splitlines()) <= 2, result.stderr


def test_a_full_cache_disk_is_no_cache(tmp_path, warm, small_disk):
    """A real full file system (a 64 KB tmpfs): needs root to mount, skipped otherwise."""
    _, reference = warm
    small = small_disk(64)
    result = build(tmp_path / "out", small / "cache")
    assert result.returncode == 0, result.stderr
    assert pdfs(tmp_path / "out") == reference
    assert "warning" in result.stderr and "Traceback" not in result.stderr
