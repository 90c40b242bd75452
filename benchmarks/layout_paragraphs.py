"""Layout time per letter: every paragraph of each example copy set into lines, on one core.

    python benchmarks/layout_paragraphs.py

"first" is a language's first copy in a process (nothing cached but the fonts and the HarfBuzz
shaping of earlier languages); "next" is every further copy in that language, which reuses the lines
already set (the body is the same; only the address and placeholders change).
"""
from __future__ import annotations

import os
import statistics
import time
from pathlib import Path

os.environ.setdefault("LETTERPRESS_SYSTEM_FONTS", "0")

from letterpress.build import BuildOptions, prepare_project_fonts  # noqa: E402
from letterpress.compose import compose_copy, plan_copies  # noqa: E402
from letterpress.project import load_project  # noqa: E402
from letterpress.typeset import typeset_document  # noqa: E402

EXAMPLE = Path(__file__).resolve().parents[1] / "letters" / "icnk-2011"


def main() -> None:
    project = load_project(EXAMPLE)
    fonts = prepare_project_fonts(project, BuildOptions(out_dir=Path(".")))
    documents = [compose_copy(project, copy) for copy in plan_copies(project)]
    seen: set[str] = set()
    first: dict[str, float] = {}
    following: list[float] = []
    for document in documents:
        started = time.perf_counter()
        typeset_document(document, fonts)
        elapsed = (time.perf_counter() - started) * 1000
        if document.language in seen:
            following.append(elapsed)
        else:
            seen.add(document.language)
            first[document.language] = elapsed
    for language, ms in first.items():
        print(f"first {language:8} {ms:7.1f} ms")
    print(f"next copies: median {statistics.median(following):.1f} ms, max {max(following):.1f} ms "
          f"({len(following)} copies)")
    total = sum(first.values()) + sum(following)
    print(f"whole example: {total:.0f} ms for {len(documents)} copies = {total / len(documents):.1f} ms per letter")


if __name__ == "__main__":
    main()
