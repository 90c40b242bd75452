"""Issue 17, item 9: mutations of the example project end in exit 0 or 1: never a traceback or an
internal error, never partial output, and within a bound (an alarm fails an example that hangs).

A small example budget keeps CI fast; raise it locally with --hypothesis-seed and
LETTERPRESS_FUZZ_EXAMPLES=500 to search harder."""
from __future__ import annotations

import os
import shutil
import signal
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

REPO = Path(__file__).resolve().parents[2]
MINIMAL = REPO / "examples" / "minimal"
FILES = sorted(str(p.relative_to(MINIMAL)) for p in MINIMAL.rglob("*") if p.is_file())
EXAMPLES = int(os.environ.get("LETTERPRESS_FUZZ_EXAMPLES", "15"))
BOUND = 60  # seconds: a build of the minimal project takes well under one

# What people (and hostile files) put in: YAML syntax, aliases, tabs, control characters,
# non-characters, other scripts, very long runs.
FRAGMENTS = st.sampled_from([
    ":", ": ", "- ", "[", "]", "{", "}", "&a ", "*a", "<<: *a", "!!python/object ", "\t", "\n", "\n  ", "'", '"',
    "\x1b[31m", "\x7f", "\x00", "\ufffe", "\U0001f600", "한국어", "日本語", "ไทย", "العربية", "{recipient.city}",
    "{nonsense}", "**", "*", "# ", "---\n", "x" * 5000, "2026-13-45", "~", "null", "yes", "1e400",
])


@st.composite
def mutations(draw):
    file = draw(st.sampled_from(FILES))
    kind = draw(st.sampled_from(["insert", "delete", "duplicate", "truncate", "replace"]))
    return file, kind, draw(st.integers(0, 10_000)), draw(st.integers(0, 10_000)), draw(
        st.one_of(FRAGMENTS, st.text(max_size=20)))


def _mutate(text: str, kind: str, a: int, b: int, fragment: str) -> str:
    if not text:
        return fragment
    a, b = a % (len(text) + 1), b % (len(text) + 1)
    start, end = min(a, b), max(a, b)
    if kind == "insert":
        return text[:a] + fragment + text[a:]
    if kind == "delete":
        return text[:start] + text[end:]
    if kind == "duplicate":
        return text[:end] + text[start:end] + text[end:]
    if kind == "truncate":
        return text[:a]
    return text[:start] + fragment + text[end:]


class _Hung(Exception):
    pass


def _alarm(signum, frame):
    raise _Hung


@settings(max_examples=EXAMPLES, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(st.lists(mutations(), min_size=1, max_size=3))
def test_mutated_projects_end_in_exit_0_or_1_with_no_partial_output(tmp_path_factory, run_cli, changes):
    folder = tmp_path_factory.mktemp("fuzz")
    project = folder / "p"
    shutil.copytree(MINIMAL, project)
    for file, kind, a, b, fragment in changes:
        path = project / file
        path.write_text(_mutate(path.read_text("utf-8"), kind, a, b, fragment), "utf-8", newline="")
    out = folder / "out"
    previous = signal.signal(signal.SIGALRM, _alarm)
    signal.alarm(BOUND)
    try:
        checked = run_cli("check", project)
        built = run_cli("build", project, "-o", out, "-q", "--jobs", "1")
    except _Hung:
        pytest.fail(f"check or build ran over {BOUND} s")
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)
    for result in (checked, built):
        assert result.code in (0, 1), result.err
        assert "Traceback" not in result.err and "internal error" not in result.err, result.err
    assert checked.code == built.code, (checked.err, built.err)  # check is build's dry run
    if built.code == 1:
        assert not (out.exists() and [p for p in out.iterdir() if p.suffix == ".pdf" or p.name.endswith(".part")])
    else:
        assert sorted(p.name for p in out.glob("*.pdf")) and (out / "manifest.json").exists()
