"""letterpress watch: a saved change rebuilds the copies it affects, errors are shown, and it stops cleanly."""
from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

from conftest import EXAMPLES

from letterpress.commands.watch import Rebuild, watch


def _state(out: Path) -> dict[str, tuple[int, str]]:
    manifest = json.loads((out / "manifest.json").read_text("utf-8"))
    return {f["file"]: ((out / f["file"]).stat().st_mtime_ns, f["sha256"]) for f in manifest["files"]}


def _save(path: Path, text: str) -> None:
    """As an editor saves: a scratch file renamed over the old one, so no half-written file is seen."""
    scratch = path.with_name(path.name + ".tmp")
    scratch.write_text(text, "utf-8")
    os.replace(scratch, path)


def _wait_for(rounds: list[Rebuild], count: int, timeout: float = 60) -> Rebuild:
    deadline = time.monotonic() + timeout
    while len(rounds) < count:
        assert time.monotonic() < deadline, f"no rebuild after the change: {rounds}"
        time.sleep(0.05)
    return rounds[count - 1]


def test_a_body_change_rebuilds_only_that_languages_copies(tmp_path):
    project = tmp_path / "minimal"
    shutil.copytree(EXAMPLES / "minimal", project)
    out = tmp_path / "out"
    rounds: list[Rebuild] = []
    stop, ready = threading.Event(), threading.Event()
    watcher = threading.Thread(target=watch, args=(project, out), daemon=True,
                               kwargs={"report": rounds.append, "stop": stop, "ready": ready.set, "jobs": 1})
    watcher.start()
    try:
        assert ready.wait(120), "the first build did not finish"
        first = rounds[0]
        assert first.error is None and sorted(first.written) == ["london.en.pdf", "london.ko.pdf", "paris.fr.pdf"]
        before = _state(out)

        body = project / "body" / "ko.md"
        _save(body, body.read_text("utf-8") + "\n한 문장 더 있습니다.\n")
        second = _wait_for(rounds, 2)
        assert second.changed == ("body/ko.md",) and second.error is None
        assert second.written == ("london.ko.pdf",) and second.latency is not None
        after = _state(out)
        assert after["london.ko.pdf"] != before["london.ko.pdf"]
        assert after["london.en.pdf"] == before["london.en.pdf"] and after["paris.fr.pdf"] == before["paris.fr.pdf"]

        # a mistake is shown, nothing is written, and the watch goes on to the next save
        good = body.read_text("utf-8")
        _save(body, good.replace("한 문장 더", "*한 문장 더"))
        third = _wait_for(rounds, 3)
        assert third.error is not None and "body/ko.md" in third.error and "never closed" in third.error
        assert "waiting for the next save" in third.line() and _state(out) == after
        _save(body, good.replace("한 문장 더", "두 문장 더"))
        fourth = _wait_for(rounds, 4)
        assert fourth.error is None and fourth.written == ("london.ko.pdf",)
        assert _state(out)["paris.fr.pdf"] == before["paris.fr.pdf"]
    finally:
        stop.set()
        watcher.join(30)
    assert not watcher.is_alive(), "the watch did not stop"


def test_the_command_prints_one_line_per_round_and_stops_on_sigterm(tmp_path):
    project = tmp_path / "minimal"
    shutil.copytree(EXAMPLES / "minimal", project)
    process = subprocess.Popen([sys.executable, "-m", "letterpress", "watch", str(project), "-o", str(tmp_path / "out"),
                                "-j", "1"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                               env={**os.environ, "PYTHONUNBUFFERED": "1"})
    try:
        assert "watching" in process.stdout.readline()
        first = process.stdout.readline()
        assert "first build: 3 rebuilt" in first, first
        process.send_signal(signal.SIGTERM)
        out, err = process.communicate(timeout=30)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
    assert process.returncode == 0, err
    assert out.strip().splitlines()[-1] == "stopped" and "Traceback" not in err
