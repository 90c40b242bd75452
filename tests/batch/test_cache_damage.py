"""Issue 17, item 1: a damaged or unusable cache never changes what is printed, never fails the build,
and repairs itself. Each build runs in its own process, so nothing is remembered in memory."""
from __future__ import annotations

import contextlib
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


# Damage that the seal alone cannot repair: the store's file itself. Found by QA on letters/icnk-2011.

def _spoil_schema(path: Path) -> None:
    """One byte of the table's name in ``sqlite_master`` made invalid UTF-8: SQLite's "malformed
    database schema (entri\\x9as)" message then quotes it, and Python raises UnicodeDecodeError
    instead of sqlite3.DatabaseError on the first statement (PRAGMA synchronous) of every run."""
    data = bytearray(path.read_bytes())
    at = data.find(b"tableentriesentries")
    assert at >= 0, path
    data[at + len("tableentri")] = 0x9A
    path.write_bytes(bytes(data))


def _spoil_a_page(path: Path) -> None:
    """One entry's seal broken, and the free-space list of the page that holds it pointed into the
    page's header: SQLite still reads the page (the entry is found damaged), but refuses every
    change to it ("database disk image is malformed"), so the damaged entry can neither be deleted
    nor written again: what 200 random flipped bytes did to the QA's store."""
    with contextlib.closing(sqlite3.connect(path)) as database:
        (key,) = database.execute("SELECT key FROM entries ORDER BY key LIMIT 1").fetchone()
    data = bytearray(path.read_bytes())
    at = data.find(key.encode() + b"LPc2")  # the table's row: the key, then the sealed value
    assert at >= 0, path
    data[at + len(key.encode()) + 4] ^= 0xFF  # the seal's checksum
    size = int.from_bytes(data[16:18], "big") or 65536
    page = at // size * size
    assert data[page] == 0x0D, (path, data[page])  # a table's leaf page (not page 1, whose header comes first)
    data[page + 1:page + 3] = (1).to_bytes(2, "big")  # its first free block, inside its own header
    path.write_bytes(bytes(data))


def _healthy(path: Path) -> bool:
    with contextlib.closing(sqlite3.connect(path)) as database:
        return database.execute("PRAGMA integrity_check").fetchall() == [("ok",)]


@pytest.mark.parametrize("spoil", [_spoil_schema, _spoil_a_page])
def test_a_damaged_store_file_warns_once_is_started_afresh_and_changes_no_byte(tmp_path, warm, spoil):
    """A damaged schema failed every command with "internal error: UnicodeDecodeError" (exit 3) until
    the cache was deleted by hand; a damaged page warned "damaged cache entries" on every run, forever,
    and the entries were never rebuilt. One run warns and drops the file; the next one is quiet."""
    clean, reference = warm
    cache = tmp_path / "cache"
    shutil.copytree(clean, cache)
    stores = sorted(cache.glob("*.sqlite"))
    assert len(stores) >= 6
    for path in stores:
        spoil(path)
    first = build(tmp_path / "first", cache)
    assert first.returncode == 0, first.stderr
    assert pdfs(tmp_path / "first") == reference
    assert "damaged cache entries" in first.stderr and len(first.stderr.splitlines()) == 1, first.stderr
    again = build(tmp_path / "again", cache)
    assert again.returncode == 0 and again.stderr == "", again.stderr
    assert pdfs(tmp_path / "again") == reference


@pytest.mark.parametrize("spoil", [_spoil_schema, _spoil_a_page])
def test_a_damaged_store_file_is_replaced_by_a_sound_one(tmp_path, capsys, spoil):
    """The same, at the store: the first read warns and misses, drops the file, and what is then
    stored is read back, without a warning."""
    from letterpress.cache.store import Store

    seal = sys.modules["letterpress.cache.seal"]  # the module (the package's ``seal`` is its function)
    path = tmp_path / "kept-1.sqlite"
    store = Store(path.name, folder=tmp_path)
    store.put([(f"key{number:03}", bytes([number]) * 300) for number in range(40)])
    store.close()
    spoil(path)
    seal._told[:] = bytes(len(seal._told))  # no warning told yet in this test process
    try:
        store = Store(path.name, folder=tmp_path)
        assert store.get("key000") is None
        assert capsys.readouterr().err.count("warning: damaged cache entries (first: kept-1.sqlite)") == 1
        store.close()
        store = Store(path.name, folder=tmp_path)
        assert store.get("key000") is None  # a miss, not damage
        store.put([("key000", b"made again")])
        store.close()
        assert Store(path.name, folder=tmp_path).get("key000") == b"made again"
        assert capsys.readouterr().err == ""
        assert _healthy(path)
    finally:
        seal._told[:] = bytes(len(seal._told))


def test_a_cache_warning_is_told_once_by_a_build_and_the_workers_it_forks(capfd):
    """Two workers that find the same damaged store at once: one warning line, not one per process."""
    seal = sys.modules["letterpress.cache.seal"]
    seal._told[:] = bytes(len(seal._told))
    try:
        pid = os.fork()
        if pid == 0:  # a worker, forked after the build started
            seal.damaged("lines-1.sqlite")
            os._exit(0)
        os.waitpid(pid, 0)
        seal.damaged("lines-1.sqlite")  # the parent (or the other worker) finds it too
        assert capfd.readouterr().err.count("warning: damaged cache entries") == 1
    finally:
        seal._told[:] = bytes(len(seal._told))
