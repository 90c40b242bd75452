"""``letterpress fonts [PROJECT] [--language TAG]``: which face sets each language, and why."""
from __future__ import annotations

import argparse
import json

from . import COMMANDS, path_argument
from .build import add_font_options, font_dirs


def register(subparsers) -> None:
    parser = subparsers.add_parser("fonts", help=COMMANDS["fonts"],
                                   description="For each language: the chosen faces per style (family, file, "
                                               "where they come from), the fallback chain, the families "
                                               "rejected and why, and the coverage of the letter's text.")
    parser.add_argument("project", type=path_argument, nargs="?", metavar="PROJECT")
    parser.add_argument("--language", action="append", default=[], metavar="TAG")
    add_font_options(parser)
    parser.add_argument("--json", action="store_true", help="machine-readable output")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from ..fonts import plan_fonts
    from ..project.langtags import check_language
    from ..errors import Location

    from ..cache import CacheContext

    cache = CacheContext(args.cache_dir) if args.cache_dir is not None else None
    project = None
    overrides: dict = {}
    languages = [check_language(tag, Location(None)) for tag in args.language]
    if args.project is not None:
        from ..project import load_project

        project = load_project(args.project, cache=cache)
        overrides = dict(project.fonts)
        languages = languages or list(project.languages)
    languages = languages or ["en", "fr", "es", "ko", "ja", "zh-Hans", "zh-Hant"]
    plan = plan_fonts(languages, project_dir=project.root if project else None, font_dirs=font_dirs(args),
                      overrides=overrides, cache=cache)
    coverage = _coverage(project, plan) if project is not None else {}
    report = []
    for language_plan in plan.languages:
        report.append({
            "language": language_plan.language,
            "family": language_plan.family,
            "styles": {style: [{"face": spec.label, "file": spec.info.path, "index": spec.info.index,
                                "origin": spec.info.origin} for spec in chain]
                       for style, chain in language_plan.chains.items()},
            "rejected": [{"family": r.family, "reason": r.reason} for r in language_plan.rejected],
            "coverage": coverage.get(language_plan.language),
        })
    if args.json:
        print(json.dumps(report, ensure_ascii=False, indent=2))
        return 0
    for entry in report:
        print(f"{entry['language']}: {entry['family']}")
        for style, chain in entry["styles"].items():
            first = chain[0]
            fallbacks = ", ".join(face["face"] for face in chain[1:])
            print(f"  {style:12} {first['face']}  [{first['origin']}] {first['file']}")
            if style == "regular" and fallbacks:
                print(f"  {'fallback':12} {fallbacks}")
        for rejected in entry["rejected"]:
            print(f"  rejected     {rejected['family']}: {rejected['reason']}")
        if entry["coverage"] is not None:
            covered = entry["coverage"]
            missing = "".join(covered["missing"]) or "none"
            print(f"  coverage     {covered['characters']} distinct characters, by face: "
                  + ", ".join(f"{name} {count}" for name, count in covered["by_face"].items())
                  + f"; missing: {missing}")
    return 0


def _coverage(project, plan) -> dict:
    """Which face of the chain draws each distinct character of the letter's text, per language."""
    from ..preflight import source_texts

    texts: dict[str, set[str]] = {}
    for text, language, _, _ in source_texts(project):
        texts.setdefault(language, set()).update(ch for ch in text if not ch.isspace())
    result = {}
    for language_plan in plan.languages:
        chars = texts.get(language_plan.language, set())
        by_face: dict[str, int] = {}
        missing = []
        for char in sorted(chars):
            spec = next((s for s in language_plan.chains["regular"] if s.info.covers(ord(char))), None)
            if spec is None:
                missing.append(char)
            else:
                by_face[spec.info.family] = by_face.get(spec.info.family, 0) + 1
        result[language_plan.language] = {"characters": len(chars), "by_face": by_face, "missing": missing}
    return result
