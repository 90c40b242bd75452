"""Shared fixtures: example projects copied to a temporary folder, and the CLI run in-process."""
from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest

from letterpress.cli import main

REPO = Path(__file__).resolve().parent.parent
EXAMPLES = REPO / "examples"
LETTERS = REPO / "letters"


@dataclass
class CliResult:
    code: int
    out: str
    err: str


@pytest.fixture
def run_cli(capsys):
    def run(*args: str) -> CliResult:
        code = main([str(a) for a in args])
        captured = capsys.readouterr()
        return CliResult(code, captured.out, captured.err)

    return run


@pytest.fixture
def minimal_project(tmp_path: Path) -> Path:
    target = tmp_path / "minimal"
    shutil.copytree(EXAMPLES / "minimal", target)
    return target


@pytest.fixture(scope="session")
def font_cache(tmp_path_factory) -> Path:
    """One font cache for the whole session: preparing faces is the expensive part."""
    return tmp_path_factory.mktemp("font-cache")


@pytest.fixture(autouse=True)
def _isolated_cache(monkeypatch, font_cache):
    monkeypatch.setenv("LETTERPRESS_CACHE_DIR", str(font_cache))
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)


@pytest.fixture(autouse=True)
def _no_system_fonts(monkeypatch):
    """Tests see only the declared fonts (and the ones they make): results must not depend on the machine."""
    monkeypatch.setenv("LETTERPRESS_SYSTEM_FONTS", "0")


@pytest.fixture
def small_disk(tmp_path):
    """A real file system that fills up: ``small_disk(kilobytes)`` mounts a tmpfs of that size and
    gives its folder, unmounted after the test. Needs root to mount; the test is skipped otherwise."""
    import subprocess

    mounted = []

    def mount(kilobytes: int) -> Path:
        folder = tmp_path / f"disk-{len(mounted)}"
        folder.mkdir()
        if subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={kilobytes}k", "tmpfs", str(folder)],
                          capture_output=True).returncode != 0:
            pytest.skip("cannot mount a small tmpfs here")
        mounted.append(folder)
        return folder

    yield mount
    for folder in mounted:
        subprocess.run(["umount", str(folder)], check=True)
