"""Issue 8: every broken project in the corpus exits 1 with its message at its file and line, writes no PDF,
and shows no traceback; --debug shows one."""
from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

CASES = yaml.safe_load((Path(__file__).with_name("broken.yaml")).read_text("utf-8"))


def apply(project: Path, case: dict) -> None:
    if "remove" in case:
        (project / case["remove"]).unlink()
    if "write" in case:
        target = project / case["write"]["file"]
        target.parent.mkdir(parents=True, exist_ok=True)
        if "bytes_hex" in case["write"]:
            target.write_bytes(bytes.fromhex(case["write"]["bytes_hex"]))
        else:
            target.write_text(case["write"]["text"], "utf-8")
    if "edit" in case:
        path = project / case["edit"]["file"]
        text = path.read_text("utf-8")
        assert case["edit"]["find"] in text, f"corpus setup: {case['edit']['find']!r} not in {path.name}"
        path.write_text(text.replace(case["edit"]["find"], case["edit"]["replace"], 1), "utf-8")


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
@pytest.mark.parametrize("command", ["check", "build"])
def test_broken_project(case, command, minimal_project, run_cli, tmp_path):
    apply(minimal_project, case)
    out = tmp_path / "out"
    args = [command, minimal_project] + (["-o", out] if command == "build" else [])
    result = run_cli(*args)
    assert result.code == 1, result.err
    assert "Traceback" not in result.err and "pwned" not in result.out
    where = case["expect"]["where"]
    assert re.search(re.escape(where) + r"[:\d]*: error:", result.err), result.err
    for word in case["expect"]["words"]:
        assert word in result.err, result.err
    if command == "build":
        assert not list(out.glob("*.pdf"))  # (globbing a folder never made finds nothing)


def test_debug_shows_a_traceback(minimal_project, run_cli):
    apply(minimal_project, CASES[0])
    result = run_cli("check", minimal_project, "--debug")
    assert result.code == 1 and "Traceback" in result.err


def test_internal_error_exits_3_with_a_short_report(minimal_project, run_cli, monkeypatch):
    import letterpress.compose as compose

    def broken(*args, **kwargs):
        raise ZeroDivisionError("a bug")

    # patched inside compose_copy (looked up at each call), so no module importing compose_copy
    # during this test can keep the broken function after it
    monkeypatch.setattr(compose, "_placeholder_values", broken)
    result = run_cli("check", minimal_project)
    assert result.code == 3 and "internal error" in result.err and "Traceback" not in result.err


def test_a_closed_output_pipe_ends_the_command_quietly(minimal_project, tmp_path):
    """`letterpress build --json | head -c 10`: the reader leaves early; no internal error, no traceback."""
    import os
    import subprocess
    import sys

    read_end, write_end = os.pipe()
    os.close(read_end)  # the reader is gone before letterpress writes a byte
    env = dict(os.environ, LETTERPRESS_SYSTEM_FONTS="0", LETTERPRESS_CACHE_DIR=str(tmp_path / "cache"))
    try:
        done = subprocess.run([sys.executable, "-m", "letterpress", "build", str(minimal_project), "-o",
                               str(tmp_path / "out"), "--json"], stdout=write_end, stderr=subprocess.PIPE,
                              env=env, text=True, timeout=120)
    finally:
        os.close(write_end)
    assert done.returncode == 141, done.stderr
    assert "internal error" not in done.stderr and "Traceback" not in done.stderr
    assert (tmp_path / "out" / "manifest.json").exists()  # the build itself finished
