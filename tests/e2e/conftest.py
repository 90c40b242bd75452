"""End-to-end fixtures: the real example letter built once per test session, read back independently."""
from __future__ import annotations

import os
from pathlib import Path

import pytest

from letterpress.cli import main

REPO = Path(__file__).resolve().parents[2]
ICNK = REPO / "letters" / "icnk-2011"
MINIMAL = REPO / "examples" / "minimal"
EPOCH = "1323302400"  # 2011-12-08, so dates are deterministic


@pytest.fixture(scope="session")
def icnk_build(tmp_path_factory) -> Path:
    """The seed letter, every copy, built once (with SOURCE_DATE_EPOCH for a fixed date)."""
    out = tmp_path_factory.mktemp("icnk-out")
    cache = tmp_path_factory.getbasetemp() / "font-cache"
    old = {key: os.environ.get(key) for key in ("SOURCE_DATE_EPOCH", "LETTERPRESS_CACHE_DIR")}
    os.environ["SOURCE_DATE_EPOCH"] = EPOCH
    os.environ["LETTERPRESS_CACHE_DIR"] = str(cache)
    try:
        code = main(["build", str(ICNK), "-o", str(out), "--quiet", "--envelopes"])
    finally:
        for key, value in old.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value
    assert code == 0
    return out
