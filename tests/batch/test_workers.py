"""The forked workers of a build: a failure, a worker's end or Ctrl-C in the middle of its files is
reported by the build, and every file that landed before it is recorded."""
from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

import letterpress.build.runner as runner
from letterpress.errors import InputError

REPO = Path(__file__).resolve().parents[2]
# With --envelopes and two jobs the minimal project's five files go in chunks of two, by language:
# paris.fr.pdf and then paris.envelope.pdf are one chunk.
FAILING = "paris.envelope.pdf"


def _failing_on(monkeypatch, file: str, fail) -> None:
    original = runner.write_product

    def write_product_or_fail(batch, product, fingerprint):
        if product.file == file:
            fail()
        return original(batch, product, fingerprint)

    monkeypatch.setattr(runner, "write_product", write_product_or_fail)  # the forked workers inherit it


def _listed(out: Path) -> set[str]:
    return {record["file"] for record in json.loads((out / "manifest.json").read_text())["files"]}


def test_a_failure_in_a_worker_is_the_builds_and_the_files_its_chunk_wrote_before_are_recorded(
        minimal_project, run_cli, tmp_path, monkeypatch):
    def fail():
        raise InputError("the envelope printer is on fire", hint="put it out")

    _failing_on(monkeypatch, FAILING, fail)
    out = tmp_path / "out"
    result = run_cli("build", minimal_project, "-o", out, "--envelopes", "--jobs", "2", "--debug")
    assert result.code == 1
    assert "the envelope printer is on fire" in result.err
    assert "write_product_or_fail" in result.err  # --debug shows where in the worker it was raised
    on_disk = {p.name for p in out.glob("*.pdf")}
    assert "paris.fr.pdf" in on_disk and FAILING not in on_disk
    assert _listed(out) == on_disk  # the file written before the failure in the same chunk too


def test_a_worker_that_ends_in_the_middle_of_its_files_is_an_internal_error(minimal_project, run_cli, tmp_path,
                                                                           monkeypatch):
    _failing_on(monkeypatch, FAILING, lambda: os._exit(9))
    out = tmp_path / "out"
    result = run_cli("build", minimal_project, "-o", out, "--envelopes", "--jobs", "2")
    assert result.code == 3
    assert "worker process ended before its files were written (exit status 9)" in result.err
    on_disk = {p.name for p in out.glob("*.pdf")}
    assert "paris.fr.pdf" in on_disk and FAILING not in on_disk
    assert _listed(out) == on_disk


def test_a_worker_that_ends_before_its_first_chunk_is_an_internal_error_not_a_hang(minimal_project, run_cli,
                                                                                    tmp_path, monkeypatch):
    monkeypatch.setattr(runner, "_init_worker", lambda batch: os._exit(5))
    result = run_cli("build", minimal_project, "-o", tmp_path / "out", "--jobs", "2")
    assert result.code == 3
    assert "worker process ended before its files were written (exit status 5)" in result.err
    assert not list((tmp_path / "out").glob("*.pdf"))


def test_ctrl_c_leaves_a_manifest_that_lists_exactly_the_files_on_disk(tmp_path, font_cache):
    """Ctrl-C reaches the build and its workers (the whole process group): a file that lands while
    it comes is recorded, and no file is recorded that did not land."""
    out = tmp_path / "out"
    env = dict(os.environ, LETTERPRESS_CACHE_DIR=str(font_cache), LETTERPRESS_LAYOUT_CACHE="0",
               LETTERPRESS_SYSTEM_FONTS="0")
    process = subprocess.Popen([sys.executable, "-m", "letterpress", "build", str(REPO / "letters" / "icnk-2011"),
                                "-o", str(out), "--jobs", "2"], env=env, stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, text=True, start_new_session=True)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and not (out.exists() and any(out.glob("*.pdf"))):
        time.sleep(0.005)
    os.killpg(process.pid, signal.SIGINT)
    _, err = process.communicate(timeout=60)
    assert process.returncode == 130, err
    assert "Traceback" not in err
    assert not list(out.glob(".*"))
    assert _listed(out) == {p.name for p in out.glob("*.pdf")}


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_an_interrupt_just_after_a_file_lands_still_records_it(minimal_project, run_cli, tmp_path, monkeypatch,
                                                               jobs):
    original = runner.write_product

    def interrupted_once_written(batch, product, fingerprint):
        result = original(batch, product, fingerprint)
        if product.file == "london.ko.pdf":  # Ctrl-C: here in the build's process, or in its worker
            os.kill(os.getpid(), signal.SIGINT)
        return result

    monkeypatch.setattr(runner, "write_product", interrupted_once_written)
    out = tmp_path / "out"
    result = run_cli("build", minimal_project, "-o", out, "--jobs", jobs)
    assert result.code == 130
    assert "london.ko.pdf" in {p.name for p in out.glob("*.pdf")}
    assert _listed(out) == {p.name for p in out.glob("*.pdf")}
