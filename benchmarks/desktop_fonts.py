"""A desktop's installed fonts in a folder, for timing builds on a machine that has them.

    python benchmarks/desktop_fonts.py HOME        # then: typst_side_by_side.py --home HOME

Issue 18 set its speed targets on a machine with about 340 installed fonts. A CI container has a
handful, so there a tool that reads every installed font at start (Typst does) pays far less than on
a desktop. This puts the font files of Debian's usual desktop font packages (343 files: Noto, Noto CJK,
DejaVu, Liberation, FreeFont, Droid) in HOME/.fonts, the per-user font folder that both Typst and
letterpress read, so a run with HOME=HOME sees them as installed fonts and nothing else on the machine
changes. Needs Debian's apt-get and dpkg, and its package archive (about 80 MB to download).
"""
from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

PACKAGES = ["fonts-dejavu-core", "fonts-liberation2", "fonts-noto-core", "fonts-noto-ui-core", "fonts-noto-mono",
            "fonts-noto-cjk", "fonts-freefont-ttf", "fonts-droid-fallback"]
FONT_SUFFIXES = {".ttf", ".otf", ".ttc", ".otc"}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("home", type=Path, help="the folder to use as HOME; its .fonts folder gets the fonts")
    args = parser.parse_args()
    if not shutil.which("apt-get") or not shutil.which("dpkg"):
        sys.exit("this needs Debian's apt-get and dpkg")
    target = args.home / ".fonts"
    target.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as folder:
        subprocess.run(["apt-get", "download", *PACKAGES], cwd=folder, check=True)
        for package in Path(folder).glob("*.deb"):
            subprocess.run(["dpkg", "-x", str(package), str(Path(folder) / "tree")], check=True)
        fonts = [path for path in (Path(folder) / "tree").rglob("*")
                 if path.suffix.lower() in FONT_SUFFIXES and path.is_file()]
        for path in fonts:
            shutil.copyfile(path, target / path.name)
    print(f"{len(list(target.iterdir()))} font files in {target}")


if __name__ == "__main__":
    main()
