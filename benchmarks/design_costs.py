"""The costs behind design choices the code's comments explain, measured on this machine.

    python benchmarks/design_costs.py [--runs N]

The code says *why* (Babel is imported only when a value is not cached; the index is kept in
marshal form; fonts are read through HarfBuzz, not fontTools; ...); this script says *how much*,
so the figures are measured again instead of going stale in comments. Each line names the
choice and where it is made. Timings are medians of N runs; imports are timed in fresh
processes. Compare the two sides of each line, not the numbers across machines.

Figures when these choices were made (2-core machine, idle): importing Babel ~10 ms, PyYAML
~12 ms, reportlab ~30 ms, fontTools ~35 ms; Pyphen's parse of en_GB 55-95 ms, letterpress's
28 ms, the marshal cache a few ms (since replaced by parsing each pattern when first met); a CJK cmap through fontTools ~0.1 s; a CJK PDF font program
~3 ms; a CFF-to-TrueType conversion ~170-200 ms a face; an atomic file write ~0.4 ms against
~25 us for a WAL-mode SQLite insert; the interpreter's teardown after a warm build ~35 ms;
libyaml 7-10x faster than pure-Python PyYAML; the line cache's marshal 3-4x faster than JSON.
The garbage-collector threshold (build.runner.fewer_collections) is measured by
benchmarks/layout_paragraphs.py, HarfBuzz's subsetter against fontTools' by
benchmarks/fonts_prepare.py.
"""
from __future__ import annotations

import argparse
import base64
import json
import marshal
import os
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
import zlib
from pathlib import Path

os.environ.setdefault("LETTERPRESS_SYSTEM_FONTS", "0")

REPO = Path(__file__).resolve().parents[1]
EXAMPLE = REPO / "letters" / "icnk-2011"
RUNS = 5


def timed(function, runs: int | None = None) -> float:
    """Median wall time of ``function()``, in ms."""
    times = []
    for _ in range(runs or RUNS):
        started = time.perf_counter()
        function()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


def fresh(code: str, runs: int | None = None) -> float:
    """Median ms of the statement ``code`` run first thing in a fresh Python process."""
    script = f"import time; t = time.perf_counter(); {code}; print((time.perf_counter() - t) * 1000)"
    return statistics.median(float(subprocess.run([sys.executable, "-c", script], check=True, capture_output=True,
                                                  text=True).stdout) for _ in range(runs or RUNS))


def line(choice: str, where: str, *figures: str) -> None:
    print(f"{choice:60} {'; '.join(figures):30} [{where}]", flush=True)


def imports() -> None:
    for module, where in (("babel.core", "cldr, project.langtags, text.script_of"), ("yaml", "cache.parsed_yaml"),
                          ("reportlab.pdfgen.canvas", "build.products"), ("fontTools.ttLib", "fonts.sfnt"),
                          ("pyphen", "layout.hyphenate"), ("icu", "layout.bidi, layout.segmenter"),
                          ("fontTools.unicodedata", "layout.itemize")):
        line(f"import {module}, where it is avoided", where, f"{fresh(f'import {module}'):.1f} ms")


def babel_locale_data() -> None:
    # the clock starts after the import: only the locales' data is timed
    code = ("from babel import Locale; t = time.perf_counter(); "
            "[Locale.parse(l).territories['KR'] for l in ('fr', 'ko', 'ja', 'es')]")
    per_language = fresh(code) / 4
    line("Babel: CLDR data of a language, first asked", "cldr", f"{per_language:.1f} ms a language")


def country_codes() -> None:
    # after importing Babel and reading its global data, which the language checks have done
    setup = ("from babel import Locale; import babel.dates; from letterpress.cldr import _country_codes; "
             "Locale.parse('en'); t = time.perf_counter(); ")
    by_hand = fresh(setup + "_country_codes()")
    merged = fresh(setup + "[c for c in Locale('en').territories if len(c) == 2]")
    line("country codes: root's and en's files / Babel's en merged", "cldr._country_codes",
         f"{by_hand:.1f} ms / {merged:.1f} ms")


def teardown() -> None:
    with tempfile.TemporaryDirectory() as folder:
        env = dict(os.environ, LETTERPRESS_CACHE_DIR=f"{folder}/cache", SOURCE_DATE_EPOCH="1323302400")
        args = ["build", str(EXAMPLE), "-o", f"{folder}/out", "-q", "--force"]
        subprocess.run([sys.executable, "-m", "letterpress", *args], env=env, check=True)  # fill the cache

        def run(command: list[str]) -> float:
            started = time.perf_counter()
            subprocess.run(command, env=env, check=True)
            return (time.perf_counter() - started) * 1000

        quick = statistics.median(run([sys.executable, "-m", "letterpress", *args]) for _ in range(RUNS))
        slow = statistics.median(run([sys.executable, "-c", "import sys; from letterpress.cli import main; "
                                      "sys.exit(main(sys.argv[1:]))", *args]) for _ in range(RUNS))
    line("warm build, leaving at once (cli.run) / with teardown", "cli.run", f"{quick:.0f} ms / {slow:.0f} ms")


def hyphenation_patterns() -> None:
    """Hyphenating the example's English words from a cold start: after Pyphen's parse of the
    whole dictionary, after reading back a parsed table kept with marshal (the cache letterpress
    kept until each pattern was parsed when first met), and with letterpress's reading."""
    import re

    import pyphen

    from letterpress.layout.hyphenate import read_patterns

    path = Path(pyphen.LANGUAGES["en_GB"])
    words = sorted({word for word in re.findall(r"[^\W\d_]+", (EXAMPLE / "body" / "en.md").read_text("utf-8"))
                    if len(word) >= 5})
    parsed = pyphen.HyphDict(path)
    packed = marshal.dumps((parsed.maxlen, parsed.patterns))

    def with_pyphen():
        table = pyphen.HyphDict(path)
        return [table.positions(word) for word in words]

    def from_marshal():
        table = object.__new__(pyphen.HyphDict)
        (table.maxlen, table.patterns), table.cache = marshal.loads(packed), {}
        return [table.positions(word) for word in words]

    def ours():
        table = read_patterns(path, 1, 1)
        return [table.positions(word) for word in words]

    line(f"hyphenating {len(words)} words, en_GB: Pyphen's parse / a parsed table read back / ours",
         "layout.hyphenate", f"{timed(with_pyphen):.1f} / {timed(from_marshal):.1f} / {timed(ours):.1f} ms")


def cmap_reading() -> None:
    import uharfbuzz as hb

    import pylopdf_fonts_ko
    from letterpress.fonts import sfnt

    path = next(Path(pylopdf_fonts_ko.__file__).parent.glob("NotoSerifKR-Regular.otf"))

    def with_fonttools():
        from fontTools.ttLib import TTFont

        TTFont(str(path), lazy=True).getBestCmap()

    def with_harfbuzz():
        sfnt.cmap(hb.Face(hb.Blob.from_file_path(str(path))))

    line("cmap of Noto Serif KR: fontTools / HarfBuzz", "fonts.index, fonts.sfnt",
         f"{timed(with_fonttools, 3):.0f} / {timed(with_harfbuzz, 3):.0f} ms")


def font_index_file(folder: Path) -> None:
    from letterpress.cache import CacheContext, unseal
    from letterpress.fonts.index import FontIndex, packaged_dirs

    FontIndex(packaged_dirs(), CacheContext(folder)).faces
    (database,) = folder.glob("index-*.sqlite")
    with sqlite3.connect(database) as connection:  # each entry is sealed (a checksum around the marshal data)
        entries = {key: marshal.loads(unseal(value)) for key, value in connection.execute("SELECT key, value FROM entries")}
    data = marshal.dumps(entries)

    def jsonable(value):
        if isinstance(value, bytes):
            return "b64:" + base64.b64encode(value).decode()
        if isinstance(value, dict):
            return {str(k): jsonable(v) for k, v in value.items()}
        if isinstance(value, (list, tuple)):
            return [jsonable(v) for v in value]
        return value

    as_json = json.dumps(jsonable(entries))
    line("font index file: marshal / JSON with base64 coverage", "fonts.index",
         f"{timed(lambda: marshal.loads(data)):.2f} / "
         f"{timed(lambda: jsonable_back(json.loads(as_json))):.2f} ms")


def jsonable_back(value):
    """What reading the JSON index cost beyond parsing it: decoding every coverage string."""
    if isinstance(value, str) and value.startswith("b64:"):
        return base64.b64decode(value[4:])
    if isinstance(value, dict):
        return {k: jsonable_back(v) for k, v in value.items()}
    if isinstance(value, list):
        return [jsonable_back(v) for v in value]
    return value


def line_cache(folder: Path) -> None:
    env = dict(os.environ, LETTERPRESS_CACHE_DIR=str(folder / "build-cache"), SOURCE_DATE_EPOCH="1323302400")
    subprocess.run([sys.executable, "-m", "letterpress", "build", str(EXAMPLE), "-o", str(folder / "out"), "-q"],
                   env=env, check=True)
    (database,) = (folder / "build-cache").glob("lines-*.sqlite")
    with sqlite3.connect(database) as connection:
        blobs = [row[0] for row in connection.execute("SELECT value FROM entries")]
    from letterpress.cache import unseal

    blobs = [unseal(blob) for blob in blobs]  # each entry is sealed (a checksum around the marshal data)
    values = [marshal.loads(blob) for blob in blobs]
    texts = [json.dumps(value) for value in values]
    line(f"line cache, {len(blobs)} paragraphs: marshal / JSON", "layout.diskcache",
         f"{timed(lambda: [marshal.loads(b) for b in blobs]):.1f} / "
         f"{timed(lambda: [json.loads(t) for t in texts]):.1f} ms")


def pdf_font_program(folder: Path) -> None:
    from letterpress.cache import CacheContext
    from letterpress.fonts import prepare_fonts
    from letterpress.render.font_program import subset_for_pdf

    text = (EXAMPLE / "body" / "ko.md").read_text("utf-8")
    face = prepare_fonts({"ko": text}, cache=CacheContext(folder / "faces")).chain("ko")[0]
    glyphs = {face.cmap[ord(char)] for char in text if ord(char) in face.cmap}
    line(f"PDF program of a CJK face ({len(glyphs)} glyphs): subset + deflate", "render.font_program",
         f"{timed(lambda: zlib.compress(subset_for_pdf(face, glyphs), 9)):.1f} ms")


def cff_conversion(folder: Path) -> None:
    from letterpress.cache import CacheContext
    from letterpress.fonts import prepare_fonts
    from letterpress.fonts.prepare import cff_to_truetype

    text = (EXAMPLE / "body" / "ko.md").read_text("utf-8")
    face = prepare_fonts({"ko": text}, cache=CacheContext(folder / "faces")).chain("ko")[0]
    line("CFF to TrueType conversion of that face", "fonts.prepare", f"{timed(lambda: cff_to_truetype(face.data), 3):.0f} ms")


def store_writes(folder: Path) -> None:
    from letterpress.atomic import atomic_write

    value = os.urandom(2048)
    count = 200

    def files():
        for index in range(count):
            atomic_write(folder / "files" / f"{index}.bin", value)

    (folder / "files").mkdir()

    def database():
        connection = sqlite3.connect(folder / "store.sqlite")
        connection.execute("PRAGMA journal_mode=WAL")
        connection.execute("CREATE TABLE IF NOT EXISTS entries (key TEXT PRIMARY KEY, value BLOB)")
        with connection:
            connection.executemany("INSERT OR REPLACE INTO entries VALUES (?, ?)",
                                   ((str(index), value) for index in range(count)))
        connection.close()

    line("cache entries: atomic file write / SQLite WAL insert", "cache.Store",
         f"{timed(files) / count * 1000:.0f} / {timed(database) / count * 1000:.0f} us an entry")


def yaml_loaders() -> None:
    import yaml

    recipients = [{"id": f"mission-{i}", "name": f"Mission {i}", "languages": ["en", "fr"],
                   "address": {"country": "FR", "lines": [f"{i} rue de la Paix", "75002 Paris"]}}
                  for i in range(1000)]
    text = yaml.safe_dump(recipients, allow_unicode=True)
    if not hasattr(yaml, "CSafeLoader"):
        line("YAML, 1,000 recipients: libyaml / pure Python", "cache.parsed_yaml.safe_loader", "no libyaml here")
        return
    line("YAML, 1,000 recipients: libyaml / pure Python", "cache.parsed_yaml.safe_loader",
         f"{timed(lambda: yaml.load(text, yaml.CSafeLoader), 3):.0f} / "
         f"{timed(lambda: yaml.load(text, yaml.SafeLoader), 3):.0f} ms")


def main() -> None:
    global RUNS
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=RUNS)
    RUNS = parser.parse_args().runs
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(REPO / "letterpress")], check=True,
                   stdout=subprocess.DEVNULL)
    with tempfile.TemporaryDirectory() as folder:
        folder = Path(folder)
        os.environ["LETTERPRESS_CACHE_DIR"] = str(folder / "cache")
        imports()
        babel_locale_data()
        country_codes()
        hyphenation_patterns()
        yaml_loaders()
        cmap_reading()
        font_index_file(folder / "index")
        pdf_font_program(folder)
        cff_conversion(folder)
        store_writes(folder)
        line_cache(folder)
        teardown()


if __name__ == "__main__":
    main()
