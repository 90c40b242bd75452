"""letterpress against Typst on the same letters (every copy of the example), in fresh processes, cold and warm.

    pip install -e '.[bench]'                       # Typst from PyPI (the `typst` package)
    python benchmarks/typst_side_by_side.py [--runs N]

The example letter (letters/icnk-2011: 6 missions, each copy in one of its languages; 16 copies
when issue 18 set the targets, more as languages were added) is written out as one Typst document
per copy with the same text: the
sender, the mission's address, the subject, the body (emphasis kept), the closing and the 40
signatories, each in the copy's language and in the same Noto Serif faces letterpress uses.
Typst is given the same font folders (the packaged Noto fonts) and its usual system fonts.

Each run starts new processes, alternating:
- Typst: one process, one ``typst.Compiler`` for the batch, one PDF a copy (its best case: fonts are
  found once and its memo is shared across the documents); Typst keeps nothing on disk, so
  every run is as cold as its first;
- letterpress, empty cache: ``letterpress build`` with a new cache folder;
- letterpress, warm cache: ``letterpress build --force`` again, with the cache the empty run filled.

Printed: the median wall time of each, and letterpress's ratios to Typst; and the median CPU time
(user and system, of the process and its children: Typst's one process, letterpress's workers),
which shifts less with the machine's load. Targets (issue 18, wall time): cold at most 1.0x Typst,
warm at most 0.5x. The machine may be shared: the runs alternate so that load hits all
three alike, and the median of several runs says more than one.

Installed fonts matter: Typst reads every one at start, letterpress only when the letter's default
fonts lack a character. Issue 18 measured on a machine with about 340; a CI container has a few.
``--home HOME`` runs all three with HOME=HOME, so the fonts in HOME/.fonts are installed fonts for
both (``benchmarks/desktop_fonts.py HOME`` puts a desktop's 343 there).

``--bounds`` adds two rows that say how far any speed-up of one part could go:
- "set lines kept": a build with an empty cache but for the stores of set lines and signatory
  blocks (``lines``, ``signatories``), copied from the warm run's cache: a cold build whose paragraph
  setting costs nothing, which no faster line-setting core (compiled or not) could beat;
- "start and imports": ``python -c "import ..."`` of the modules a warm build imports before it
  reads its first file: a warm build's floor while it runs on this interpreter and these libraries.

Typst does less than letterpress here (no per-language font choice from a roster, no envelope
window fitting, no manifest); the comparison is of the work a user waits for, not of equal work.
"""
from __future__ import annotations

import argparse
import json
import os
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parents[1]
EXAMPLE = REPO / "letters" / "icnk-2011"
FONTS = {"ko": "Noto Serif KR", "ja": "Noto Serif JP", "zh-Hans": "Noto Serif SC"}
FALLBACK = ["Noto Serif", "Noto Serif KR", "Noto Serif JP", "Noto Serif SC"]
LETTER_PAPER = {"US", "CA"}

TEMPLATE = r"""
#let data = json(sys.inputs.data)
#set page(paper: data.paper, margin: (left: 25mm, right: 20mm, top: 20mm, bottom: 22mm),
          footer: context align(center, text(size: 8pt, counter(page).display("1 / 1", both: true))))
#set text(font: data.fonts, size: 10.5pt, lang: data.lang, region: data.region)
#set par(justify: true, leading: 0.7em, spacing: 1.1em, first-line-indent: 0pt)
#text(weight: "bold", data.sender) \
#for line in data.sender_lines [#line \ ]
#text(size: 8.5pt, data.contact)
#v(12mm)
#for line in data.address [#line \ ]
#v(8mm)
#align(right, data.date)
#v(4mm)
#for line in data.addressee [#line \ ]
#v(4mm)
#text(weight: "bold", data.subject)
#v(2mm)
#data.salutation
#for paragraph in data.body {
  par(for (text, emphasis) in paragraph { if emphasis { emph(text) } else { text } })
}
#data.closing
#v(4mm)
#data.heading
#set par(justify: false)
#columns(2, for name in data.signatories [#name \ ])
"""

CHILD_TYPST = r"""
import json, sys, typst
jobs = json.loads(sys.argv[1])
compiler = typst.Compiler(root=jobs["root"], font_paths=jobs["fonts"])
for source, data, output in jobs["copies"]:
    compiler.compile(input=source, output=output, sys_inputs={"data": data})
"""


# the stores a build's paragraph setting fills: the line store and the signatory blocks' store
LAYOUT_STORES = ("lines-", "signatories-")
# what a warm build has imported when it reads its first file (the workers fork after these)
IMPORTS = "import letterpress.cli, letterpress.commands.build, letterpress.build, letterpress.render"


def localized(value, language: str) -> str:
    if isinstance(value, dict):
        return value.get(language) or value.get("en") or next(iter(value.values()))
    return value


def body_of(language: str) -> tuple[dict, list[list[tuple[str, bool]]]]:
    text = (EXAMPLE / "body" / f"{language}.md").read_text("utf-8")
    _, front, body = text.split("---", 2)
    paragraphs = []
    for block in re.split(r"\n\s*\n", body.strip()):
        block = " ".join(block.split())
        segments = [(part, index % 2 == 1) for index, part in enumerate(block.split("*")) if part]
        paragraphs.append(segments)
    return yaml.safe_load(front), paragraphs


def copies() -> list[dict]:
    letter = yaml.safe_load((EXAMPLE / "letter.yaml").read_text("utf-8"))
    recipients = yaml.safe_load((EXAMPLE / "recipients.yaml").read_text("utf-8"))
    signatories = yaml.safe_load((EXAMPLE / "signatories.yaml").read_text("utf-8"))
    out = []
    for recipient in recipients:
        address = recipient["address"]
        lines = address.get("lines") or [address.get("organization", ""), address.get("street_address", ""),
                                         f"{address.get('city', '')} {address.get('country_area', '')} "
                                         f"{address.get('postal_code', '')}".strip()]
        for language in recipient["languages"]:
            front, body = body_of(language)
            out.append({
                "name": f"{recipient['id']}.{language}",
                "paper": "us-letter" if address["country"] in LETTER_PAPER else "a4",
                "fonts": [FONTS.get(language, "Noto Serif")] + [f for f in FALLBACK if f != FONTS.get(language)],
                "lang": language.split("-")[0],
                "region": {"zh-Hans": "cn"}.get(language, None),
                "sender": localized(letter["sender"]["name"], language),
                "sender_lines": letter["sender"]["address"]["lines"],
                "contact": letter["sender"].get("contact", ""),
                "address": [localized(recipient["name"], language)] + [line for line in lines if line],
                "date": "2011-12-08",
                "addressee": [localized(letter["addressee"]["name"], language)]
                + [localized(title, language) for title in letter["addressee"].get("titles", [])],
                "subject": front["subject"],
                "salutation": front["salutation"],
                "body": body,
                "closing": front["closing"],
                "heading": front.get("signatories_heading", ""),
                "signatories": [localized(s["name"], language) for s in signatories],
            })
    return out


def font_folders() -> list[str]:
    from letterpress.fonts.index import packaged_dirs

    return [str(path) for path, _ in packaged_dirs()]


def installed_fonts() -> int:
    """How many font files the two tools see installed."""
    from letterpress.fonts.index import font_files, system_dirs

    return sum(1 for folder in system_dirs() for _ in font_files(folder))


def timed(args: list[str], env: dict | None = None) -> tuple[float, float]:
    """Wall seconds of the command, and the CPU seconds (user and system) of it and its children: the
    CPU time says less about the wait than the wall time, but shifts less with the machine's load."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    subprocess.run(args, env=env, check=True)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--bounds", action="store_true",
                        help="also time a cold build with the set lines kept, and start-up with the imports alone")
    parser.add_argument("--home", type=Path, help="run with HOME=HOME (its .fonts: installed fonts for both tools)")
    args = parser.parse_args()
    if args.home is not None:  # for this process (installed_fonts) and the runs it starts
        os.environ["HOME"] = str(args.home.resolve())
        os.environ.pop("XDG_DATA_HOME", None)  # (its fonts folder would be read instead of HOME's)
    try:
        import typst  # noqa: F401
    except ImportError:
        sys.exit("Typst is not installed: pip install -e '.[bench]'")
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(REPO / "letterpress")], check=True,
                   stdout=subprocess.DEVNULL)
    with tempfile.TemporaryDirectory() as folder:
        folder = Path(folder)
        typst_dir = folder / "typst"
        typst_dir.mkdir()
        (typst_dir / "letter.typ").write_text(TEMPLATE, "utf-8")
        jobs = {"root": str(typst_dir), "fonts": font_folders(), "copies": []}
        for copy in copies():
            (typst_dir / f"{copy['name']}.json").write_text(json.dumps(copy, ensure_ascii=False), "utf-8")
            jobs["copies"].append([str(typst_dir / "letter.typ"), f"{copy['name']}.json",
                                   str(typst_dir / f"{copy['name']}.pdf")])
        typst_args = [sys.executable, "-c", CHILD_TYPST, json.dumps(jobs)]
        env = dict(os.environ, SOURCE_DATE_EPOCH="1323302400")
        env.pop("LETTERPRESS_SYSTEM_FONTS", None)  # as a user runs it: system fonts there, looked at when needed
        times: dict[str, list[tuple[float, float]]] = {"typst": [], "letterpress, empty cache": [],
                                                       "letterpress, warm cache": []}
        for run in range(args.runs):
            times["typst"].append(timed(typst_args))
            run_env = dict(env, LETTERPRESS_CACHE_DIR=str(folder / f"cache-{run}"))
            build = [sys.executable, "-m", "letterpress", "build", str(EXAMPLE), "-o", str(folder / "out"), "-q",
                     "--force"]
            times["letterpress, empty cache"].append(timed(build, run_env))
            times["letterpress, warm cache"].append(timed(build, run_env))
            if args.bounds:
                kept = folder / f"kept-{run}"
                kept.mkdir()
                for store in (folder / f"cache-{run}").iterdir():
                    if store.name.startswith(LAYOUT_STORES):
                        shutil.copy(store, kept / store.name)
                times.setdefault("letterpress, set lines kept", []).append(
                    timed(build, dict(env, LETTERPRESS_CACHE_DIR=str(kept))))
                times.setdefault("start and imports", []).append(timed([sys.executable, "-c", IMPORTS], env))
            print(f"run {run + 1}: " + ", ".join(f"{label} {values[-1][0] * 1000:.0f} ms"
                                                 for label, values in times.items()), flush=True)
        made = len(list(typst_dir.glob("*.pdf"))), len(list((folder / "out").glob("*.pdf")))
    typst_median = statistics.median(wall for wall, _ in times["typst"])
    typst_cpu = statistics.median(cpu for _, cpu in times["typst"])
    print(f"\n{made[0]} letters in Typst, {made[1]} in letterpress, median of {args.runs} runs, "
          f"{installed_fonts()} installed font files:")
    for label, values in times.items():
        median = statistics.median(wall for wall, _ in values)
        cpu = statistics.median(cpu for _, cpu in values)
        print(f"  {label:28} {median * 1000:6.0f} ms  (best {min(wall for wall, _ in values) * 1000:.0f})  "
              f"{median / typst_median:5.2f}x Typst;  CPU {cpu * 1000:5.0f} ms  {cpu / typst_cpu:5.2f}x")
    print("targets: empty cache <= 1.0x Typst, warm cache <= 0.5x Typst")


if __name__ == "__main__":
    main()
