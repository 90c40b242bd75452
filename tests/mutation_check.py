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

# rule -> [(file, text in it, replacement)]; every edit of a rule must apply
MUTATIONS: dict[str, list[tuple[str, str, str]]] = {
    "inseparable ——/……": [
        ("letterpress/layout/rules.py",
         "    if before in INSEPARABLE and after in INSEPARABLE:\n        return False\n", ""),
    ],
    "no lone CJK character on the last line": [
        ("letterpress/layout/__init__.py",
         "    if allowed and cjk and after.start >= last_alone:\n", "    if False:\n"),
    ],
    "hyphenation": [
        ("letterpress/layout/__init__.py",
         "hyphen_points = _hyphen_points(text, language_at) if hyphenate else set()", "hyphen_points = set()"),
    ],
    "CJK-Latin gap": [
        ("letterpress/layout/__init__.py",
         "    if mixed and not (a in NO_END or b in NO_START):\n", "    if False:\n"),
    ],
    "kinsoku: no line start": [
        ("letterpress/layout/rules.py",
         "    if after in NO_START or before in NO_END:\n", "    if before in NO_END:\n"),
    ],
    "kinsoku: no line end": [
        ("letterpress/layout/rules.py",
         "    if after in NO_START or before in NO_END:\n", "    if after in NO_START:\n"),
    ],
    "Korean keep-all": [
        ("letterpress/layout/rules.py",
         "    if is_hangul(before) or is_hangul(after):\n        return False  # Korean: keep-all, words break at spaces only\n",
         ""),
        ("letterpress/layout/__init__.py", "Penalty(0, 5000 if emergency else INFINITE)", "Penalty(0, 0)"),
    ],
    "French spacing": [
        ("letterpress/locale/typography.py",
         "        text = french_spacing(text, canadian=language.upper().endswith(\"-CA\"))\n", "        pass\n"),
    ],
    "justification": [
        ("letterpress/layout/__init__.py",
         "if (align == \"justify\" and not last) or excess < 0 else {}", "if excess < 0 else {}"),
    ],
    "CJK punctuation space adjusts first (jlreq 3.8)": [
        ("letterpress/layout/__init__.py", "    for tier in (True, False):\n", "    for tier in (None,):\n"),
        ("letterpress/layout/__init__.py", "group = [g for g in glues if g.first == tier]", "group = list(glues)"),
    ],
}


def mutate(root: Path, edits: list[tuple[str, str, str]]) -> bool:
    for name, old, new in edits:
        path = root / name
        source = path.read_text("utf-8")
        if source.count(old) != 1:
            return False
        path.write_text(source.replace(old, new), "utf-8")
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
