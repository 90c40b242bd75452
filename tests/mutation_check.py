"""Mutation check for the layout rules: remove each rule in turn, run the suite, count failures.

    python tests/mutation_check.py [--only NAME ...] [-- extra pytest args]

Each mutation is applied to a copy of the repository in a temporary folder (the checkout is never
touched) and the whole suite runs there, with that copy first on PYTHONPATH so subprocesses
import it too. A rule that no test holds down shows 0 failures. A mutation whose source text is
no longer found reports "moved": the rule's code changed and this table needs its new text.
Not a test (nothing here is collected by pytest): it takes one suite run per rule.
"""
from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]

# rule -> [(files (a glob), text found in exactly one place in them, replacement)]; every edit of a
# rule must apply. Globs, not file names: the code may move between a package's modules.
MUTATIONS: dict[str, list[tuple[str, str, str]]] = {
    "inseparable ——/……": [
        ("letterpress/layout/*.py",
         "    if before in INSEPARABLE and after in INSEPARABLE:\n        return False\n", ""),
    ],
    "no lone CJK character on the last line": [
        ("letterpress/layout/*.py", "last_alone = _last_alone_from(text)", "last_alone = len(text) + 1"),
    ],
    "hyphenation": [
        ("letterpress/layout/*.py",
         "hyphen_points = _hyphen_points(text, language_at) if hyphenate else set()", "hyphen_points = set()"),
    ],
    "CJK-Latin gap": [
        ("letterpress/layout/*.py",
         "    if mixed and not (a in NO_END or b in NO_START):\n", "    if False:\n"),
    ],
    "kinsoku: no line start": [
        ("letterpress/layout/*.py",
         "    if after in NO_START or before in NO_END:\n", "    if before in NO_END:\n"),
    ],
    "kinsoku: no line end": [
        ("letterpress/layout/*.py",
         "    if after in NO_START or before in NO_END:\n", "    if after in NO_START:\n"),
    ],
    "Korean keep-all": [
        ("letterpress/layout/*.py",
         "    if is_hangul(before) or is_hangul(after):\n        return False  # Korean: keep-all, words break at spaces only\n",
         ""),
        ("letterpress/layout/*.py", "Penalty(0, 5000 if emergency else INFINITE), _NOTHING), (Glue(0, em * 0.04, 0)",
         "Penalty(0, 0), _NOTHING), (Glue(0, em * 0.04, 0)"),
    ],
    "French spacing": [
        ("letterpress/locale/typography.py",
         "        text = french_spacing(text, canadian=language.upper().endswith(\"-CA\"))\n", "        pass\n"),
    ],
    "justification": [
        ("letterpress/layout/*.py",
         "justified = align == \"justify\" and not last", "justified = False"),
    ],
    "CJK punctuation space adjusts first (jlreq 3.8)": [
        ("letterpress/layout/*.py", "    for tier in (True, False):\n", "    for tier in (None,):\n"),
        ("letterpress/layout/*.py", "group = [g for g in glues if g.first == tier]", "group = list(glues)"),
    ],
}


def mutate(root: Path, edits: list[tuple[str, str, str]]) -> bool:
    for pattern, old, new in edits:
        found = [path for path in sorted(root.glob(pattern)) if old in path.read_text("utf-8")]
        if len(found) != 1 or found[0].read_text("utf-8").count(old) != 1:
            return False
        found[0].write_text(found[0].read_text("utf-8").replace(old, new), "utf-8")
    return True


def run_suite(root: Path, extra: list[str]) -> tuple[int, str]:
    env = dict(os.environ, PYTHONPATH=str(root))
    done = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", *extra],
                          cwd=root, env=env, capture_output=True, text=True)
    summary = done.stdout.strip().splitlines()[-1] if done.stdout.strip() else done.stderr[-300:]
    failed = sum(int(n) for n in re.findall(r"(\d+) (?:failed|error)", summary))
    return failed, summary


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", nargs="*", help="rule names (substrings) to check")
    parser.add_argument("pytest_args", nargs="*")
    args = parser.parse_args()
    print(f"{'rule removed':50} failing tests")
    for rule, edits in MUTATIONS.items():
        if args.only and not any(part.lower() in rule.lower() for part in args.only):
            continue
        with tempfile.TemporaryDirectory(prefix="mutation-") as folder:
            root = Path(folder) / "repo"
            shutil.copytree(REPO, root, ignore=shutil.ignore_patterns(".git", "__pycache__", "*.egg-info"))
            if not mutate(root, edits):
                print(f"{rule:50} moved (update MUTATIONS)")
                continue
            failed, summary = run_suite(root, args.pytest_args)
            print(f"{rule:50} {failed:3}   ({summary})", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
