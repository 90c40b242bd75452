"""Issue 17, items 3 and 4: builds beside each other, killed builds, and the system refusing files.

Every build runs as its own process (as a user or CI runs it); results are read back from the
folder: file bytes and modes, the manifest against the disk, `qpdf --check`, the process table."""
from __future__ import annotations

import hashlib
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
import yaml

REPO = Path(__file__).resolve().parents[2]
MINIMAL = REPO / "examples" / "minimal"
ICNK = REPO / "letters" / "icnk-2011"


def env(cache: Path, **more: str) -> dict[str, str]:
    return dict(os.environ, LETTERPRESS_CACHE_DIR=str(cache), SOURCE_DATE_EPOCH="1323302400",
                LETTERPRESS_SYSTEM_FONTS="0", **more)


def command(project: Path, out: Path, *extra: str) -> list[str]:
    return [sys.executable, "-m", "letterpress", "build", str(project), "-o", str(out), *extra]


def build(project: Path, out: Path, cache: Path, *extra: str, umask: int | None = None,
          **more: str) -> subprocess.CompletedProcess:
    return subprocess.run(command(project, out, *extra), env=env(cache, **more), capture_output=True, text=True,
                          timeout=300, preexec_fn=(lambda: os.umask(umask)) if umask is not None else None)


def manifest_matches_disk(out: Path) -> list[str]:
    """The manifest's entries whose file is missing or has other bytes (should be none)."""
    manifest = json.loads((out / "manifest.json").read_text("utf-8"))
    wrong = []
    for entry in manifest["files"]:
        path = out / entry["file"]
        if not path.exists() or hashlib.sha256(path.read_bytes()).hexdigest() != entry["sha256"]:
            wrong.append(entry["file"])
    return wrong


def campaign(folder: Path, letters: int) -> Path:
    """The example letter to ``letters`` generated missions: a batch long enough to kill mid-way."""
    project = folder / "campaign"
    shutil.copytree(ICNK, project)
    languages = ["en", "ko", "fr", "es", "ja", "zh-Hans"]
    recipients = [{"id": f"m{index:03d}", "name": f"Mission {index}", "city": "Capital",
                   "address": {"country": "GB", "lines": [f"Mission {index}", f"{index} Road", "London W5 4LP"]},
                   "languages": [languages[index % len(languages)]]} for index in range(letters)]
    (project / "recipients.yaml").write_text(yaml.safe_dump(recipients, allow_unicode=True), "utf-8")
    return project


# --- the system's refusals are the user's situation: exit 1 with the path and the fix ------------

@pytest.mark.parametrize("umask", [0o022, 0o077, 0o002])
def test_written_files_follow_the_umask(tmp_path, umask):
    out = tmp_path / "out"
    result = build(MINIMAL, out, tmp_path / "cache", "-q", umask=umask)
    assert result.returncode == 0, result.stderr
    files = sorted(out.iterdir())
    assert "manifest.json" in [p.name for p in files] and len(files) > 3
    for path in files:
        assert path.stat().st_mode & 0o777 == 0o666 & ~umask, path


def test_an_output_name_taken_by_a_folder_is_exit_1_naming_it(tmp_path):
    out = tmp_path / "out"
    (out / "london.ko.pdf").mkdir(parents=True)
    result = build(MINIMAL, out, tmp_path / "cache", "-q", "--jobs", "1")
    assert result.returncode == 1, result.stderr
    assert str(out / "london.ko.pdf") in result.stderr and "folder" in result.stderr
    assert "Traceback" not in result.stderr and "internal error" not in result.stderr
    assert not list(out.glob(".*.part"))
    assert manifest_matches_disk(out) == []


def test_a_full_output_disk_is_exit_1_naming_the_path(tmp_path, small_disk):
    """A real full file system (a small tmpfs): needs root to mount, skipped otherwise."""
    disk = small_disk(40)
    result = build(MINIMAL, disk / "out", tmp_path / "cache", "--json")
    assert result.returncode == 1, result.stderr
    assert "disk is full" in result.stderr and str(disk / "out") in result.stderr
    assert "Traceback" not in result.stderr
    report = json.loads(result.stdout)
    assert report["ok"] is False and report["errors"][0]["file"].startswith(str(disk / "out"))
    assert not list((disk / "out").glob(".*.part"))


# --- temporary files belong to their build ---------------------------------------------------------

def test_another_running_builds_temporary_files_are_left_alone(tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    alive = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    try:
        dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True,
                              text=True).stdout.strip()
        theirs = out / f".london.en.pdf.{alive.pid}-abc123.part"
        stale = out / f".london.ko.pdf.{dead}-def456.part"
        theirs.write_bytes(b"half a PDF")
        stale.write_bytes(b"half a PDF")
        assert build(MINIMAL, out, tmp_path / "cache", "-q").returncode == 0
        assert theirs.exists()  # a live process's: its own
        assert not stale.exists()  # a dead one's: cleaned up
    finally:
        alive.kill()
        alive.wait()


# --- one build at a time per output folder ---------------------------------------------------------

def test_overlapping_builds_into_one_folder_all_succeed_and_agree(tmp_path):
    out = tmp_path / "out"
    cache = tmp_path / "cache"
    assert build(MINIMAL, tmp_path / "warm", cache, "-q").returncode == 0
    builds = [subprocess.Popen(command(MINIMAL, out, "--force", "-q"), env=env(cache), stderr=subprocess.PIPE,
                               text=True) for _ in range(3)]
    results = [(b.wait(timeout=300), b.stderr.read()) for b in builds]
    for code, err in results:
        assert code == 0, err
    assert manifest_matches_disk(out) == []
    assert not list(out.glob(".*.part")) and not (out / ".letterpress.lock").exists()
    for pdf in out.glob("*.pdf"):
        assert subprocess.run(["qpdf", "--check", str(pdf)], capture_output=True).returncode == 0


def test_a_build_waits_for_the_one_writing_the_folder_and_names_it(tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    holder = subprocess.Popen([sys.executable, "-c", (
        "import sys; from pathlib import Path; from letterpress.record import OutputLock\n"
        f"with OutputLock(Path({str(out)!r})):\n    print('held', flush=True); sys.stdin.read()")],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "held"
        waiting = subprocess.Popen(command(MINIMAL, out, "-q"), env=env(tmp_path / "cache"), stderr=subprocess.PIPE,
                                   text=True)
        told = waiting.stderr.readline()  # blocks until the build says it waits
        assert f"waiting for the build (pid {holder.pid})" in told
        assert waiting.poll() is None and not list(out.glob("*.pdf"))  # it waits, writing nothing
        holder.stdin.close()  # the first build finishes
        assert waiting.wait(timeout=300) == 0, waiting.stderr.read()
        assert manifest_matches_disk(out) == [] and list(out.glob("*.pdf"))
    finally:
        holder.kill()
        holder.wait()


# --- kills ----------------------------------------------------------------------------------------

def _children(pid: int) -> set[int]:
    try:
        return {int(c) for c in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()}
    except OSError:
        return set()


def _alive(pid: int) -> bool:
    try:
        state = [line for line in Path(f"/proc/{pid}/status").read_text().splitlines()
                 if line.startswith("State:")][0]
    except (OSError, IndexError):
        return False
    return "Z" not in state.split()[1]


def _kill_mid_build(project: Path, out: Path, cache: Path, written_before: int = 3) -> set[int]:
    """Start a build with two workers, SIGKILL its main process once a few copies have landed;
    returns the workers' pids."""
    before = {p: p.stat().st_mtime_ns for p in out.glob("*.pdf")} if out.exists() else {}
    process = subprocess.Popen(command(project, out, "-q", "--jobs", "2"),
                               env=env(cache, LETTERPRESS_LAYOUT_CACHE="0"), stderr=subprocess.DEVNULL)
    workers: set[int] = set()
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and process.poll() is None:
        workers |= _children(process.pid)
        landed = [p for p in out.glob("*.pdf") if before.get(p) != p.stat().st_mtime_ns] if out.exists() else []
        if len(landed) >= written_before:
            break
        time.sleep(0.01)
    assert process.poll() is None, "the build finished before it could be killed: make the batch longer"
    workers |= _children(process.pid)
    process.send_signal(signal.SIGKILL)
    process.wait()
    return workers


@pytest.fixture(scope="module")
def long_batch(tmp_path_factory):
    folder = tmp_path_factory.mktemp("kill")
    project = campaign(folder, 60)
    cache = folder / "cache"
    reference = folder / "reference"
    result = build(project, reference, cache, "-q")
    assert result.returncode == 0, result.stderr
    return project, cache, {p.name: p.read_bytes() for p in reference.glob("*.pdf")}


def test_workers_die_with_a_killed_build_and_the_next_run_reuses_every_complete_copy(tmp_path, long_batch):
    project, cache, reference = long_batch
    out = tmp_path / "out"
    workers = _kill_mid_build(project, out, cache)
    assert workers, "no worker processes seen"
    deadline = time.monotonic() + 10
    while any(_alive(pid) for pid in workers) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not any(_alive(pid) for pid in workers), "workers outlived their build"
    complete = {p.name for p in out.glob("*.pdf") if p.read_bytes() == reference[p.name]}
    assert complete and all(p.name in complete for p in out.glob("*.pdf"))  # nothing half-written
    if (out / "manifest.json").exists():
        assert manifest_matches_disk(out) == []
    again = build(project, out, cache, "--json")
    assert again.returncode == 0, again.stderr
    summary = json.loads(again.stdout)
    assert summary["unchanged"] >= len(complete)  # every complete copy proven current and kept
    assert {p.name: p.read_bytes() for p in out.glob("*.pdf")} == reference
    assert manifest_matches_disk(out) == [] and not (out / ".letterpress-journal").exists()


def test_a_kill_during_a_rebuild_leaves_a_manifest_that_matches_the_disk(tmp_path, long_batch):
    project, cache, _ = long_batch
    edited = tmp_path / "edited"
    shutil.copytree(project, edited)
    out = tmp_path / "out"
    assert build(edited, out, cache, "-q").returncode == 0
    for body in (edited / "body").glob("*.md"):  # every copy must be rebuilt
        body.write_text(body.read_text("utf-8") + "\nOne more paragraph.\n", "utf-8")
    _kill_mid_build(edited, out, cache)
    assert manifest_matches_disk(out) == []
    assert build(edited, out, cache, "-q").returncode == 0
    assert manifest_matches_disk(out) == []


STORE_WRITER = r"""
import pathlib, sys, time
from letterpress.cache.store import Store
barrier = pathlib.Path(sys.argv[2])
(barrier / sys.argv[1]).touch()
while len(list(barrier.iterdir())) < int(sys.argv[3]):
    time.sleep(0.001)
Store("race-1.sqlite", folder=pathlib.Path(sys.argv[4])).put([(sys.argv[1], b"entry")])
"""


def test_processes_opening_a_new_store_at_once_all_keep_their_entries(tmp_path):
    """A batch's workers (or two builds) meeting a cache store that does not exist yet: each must
    keep its entries, with no "cannot be used" warning (SQLite refuses all but one of them at once
    while the store is switched to WAL)."""
    import sqlite3

    processes = 8
    for round_ in range(4):
        barrier, folder = tmp_path / f"barrier{round_}", tmp_path / f"cache{round_}"
        barrier.mkdir()
        running = [subprocess.Popen([sys.executable, "-c", STORE_WRITER, f"key{i}", str(barrier), str(processes),
                                     str(folder)], stderr=subprocess.PIPE, text=True) for i in range(processes)]
        warnings = [process.communicate(timeout=60)[1] for process in running]
        assert not any("cannot be used" in text for text in warnings), warnings
        with sqlite3.connect(folder / "race-1.sqlite") as database:
            assert database.execute("SELECT count(*) FROM entries").fetchone()[0] == processes


def test_a_new_store_is_switched_to_wal_without_waiting_for_the_disk(tmp_path, monkeypatch):
    """A lost cache entry is only computed again, so a store never asks the disk to sync, not even
    when a new one is switched to WAL: with SQLite's default (synchronous=FULL) then, every new store
    of a cold build waited for an fsync before the build could go on."""
    from letterpress.cache import store

    statements = _trace_store_statements(monkeypatch)
    store.Store("new-1.sqlite", folder=tmp_path).put([("key", b"entry")])
    pragmas = [text for text in statements if text.startswith("PRAGMA")]
    assert pragmas.index("PRAGMA synchronous=OFF") < pragmas.index("PRAGMA journal_mode=WAL"), pragmas


def test_the_log_a_worker_left_is_folded_in_without_waiting_for_the_disk(tmp_path, monkeypatch):
    """The write-ahead log of a store only worker processes wrote is folded into its file when the
    build ends, after its last copy: without syncing the disk (SQLite's default syncs twice per
    checkpoint), as every store's connection does."""
    import sqlite3

    from letterpress.cache import store

    writer = sqlite3.connect(tmp_path / "worker-1.sqlite", isolation_level=None)
    writer.execute("PRAGMA journal_mode=WAL")
    writer.execute("CREATE TABLE entries (key TEXT PRIMARY KEY, value BLOB)")
    writer.execute("INSERT INTO entries VALUES ('key', x'00')")
    assert (tmp_path / "worker-1.sqlite-wal").exists()
    statements = _trace_store_statements(monkeypatch)
    store.close_stores(tmp_path)
    writer.close()
    pragmas = [text for text in statements if text.startswith("PRAGMA")]
    assert pragmas and pragmas.index("PRAGMA synchronous=OFF") < pragmas.index("PRAGMA wal_checkpoint(PASSIVE)")


def _trace_store_statements(monkeypatch) -> list[str]:
    """The SQL statements of every connection the cache's stores open from now on."""
    import sqlite3

    from letterpress.cache import store

    statements: list[str] = []
    connect = sqlite3.connect

    def traced(*args, **kwargs):
        database = connect(*args, **kwargs)
        database.set_trace_callback(statements.append)
        return database

    monkeypatch.setattr(store.sqlite3, "connect", traced)
    return statements
