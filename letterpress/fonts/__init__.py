"""Stage 2b: fonts. Find every font, choose the right one per language, prepare it, never draw tofu.

    index    FontIndex: the faces of the packaged, project, user and (when needed) system fonts, cached
    choose   per language and style, an ordered chain of faces (fonts/fonts.yaml)
    prepare  subset to the batch's characters, instance, name-keyed CFF -> TrueType (cached on disk)
    sfnt     the few table fields letterpress reads, through HarfBuzz
    face     PreparedFace and FontSet: what layout shapes with and the PDF embeds
    batch    BatchFonts: a batch's faces, the letter's and a recipient's own (font overrides merged)

``prepare_fonts`` is the entry point; ``plan_fonts`` explains a choice without
preparing anything (``letterpress fonts``); ``find_uncovered`` is the coverage
preflight.
"""
from __future__ import annotations

import functools
import os
import unicodedata
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Mapping, Sequence

from ..errors import Location
from ..cache import CacheContext
from ..text import STYLES, WESTERN_PUNCTUATION, Style, is_cjk
from .choose import FaceSpec, LanguagePlan, plan_language, script_families
from .face import FontSet, PreparedFace, gives_western_punctuation
from .index import FaceInfo, FontIndex, packaged_dirs, system_dirs
from .prepare import ALWAYS, prepare_faces

__all__ = ["prepare_fonts", "plan_fonts", "font_index", "find_uncovered", "uncovered_at", "FontSet", "PreparedFace", "FontPlan"]

REPOSITORY_FONTS = Path(__file__).resolve().parents[2] / "fonts"
_ALWAYS = frozenset(ALWAYS)


def font_sources(project_dir: Path | None, font_dirs: Sequence[Path]) -> list[tuple[Path, str]]:
    """Where to look, in order of preference."""
    sources = list(packaged_dirs())
    if REPOSITORY_FONTS.is_dir():
        sources.append((REPOSITORY_FONTS, "repository fonts/"))
    if project_dir is not None and (project_dir / "fonts").is_dir():
        sources.append(((project_dir / "fonts").resolve(), "project fonts/"))
    sources += [(Path(d).resolve(), "--font-dir") for d in font_dirs if Path(d).is_dir()]
    if os.environ.get("LETTERPRESS_SYSTEM_FONTS", "1") != "0":
        sources += [(d, "system") for d in system_dirs()]
    return sources


def font_index(project_dir: Path | None, font_dirs: Sequence[Path] = (), cache: CacheContext | None = None) -> FontIndex:
    """The index of the faces in :func:`font_sources` (read when first asked: :meth:`FontIndex.read`)."""
    return FontIndex(font_sources(project_dir, font_dirs), cache)


@dataclass(frozen=True)
class FontPlan:
    """The faces chosen for each language, in the order asked (what ``letterpress fonts`` shows)."""

    languages: tuple[LanguagePlan, ...]


def plan_fonts(languages: Sequence[str], *, project_dir: Path | None = None, font_dirs: Sequence[Path] = (),
               overrides: Mapping[str, Sequence[str]] = {}, styles: Sequence[Style] = STYLES,
               cache: CacheContext | None = None, index: FontIndex | None = None) -> FontPlan:
    """Which face each language and style would get, and why (``cache``: the build's cache context,
    else the current one)."""
    index = index or FontIndex(font_sources(project_dir, font_dirs), cache)
    # every language's chains end with the same faces, one per script: found once, when first asked
    scripts = functools.cache(lambda: script_families(index))
    return FontPlan(tuple(plan_language(language, index, overrides, styles, scripts) for language in languages))


def prepare_fonts(
    texts: Mapping[str, str],
    *,
    styles_used: Mapping[str, frozenset[Style]] | None = None,
    project_dir: Path | None = None,
    font_dirs: Sequence[Path] = (),
    overrides: Mapping[str, Sequence[str]] = {},
    cache: CacheContext | None = None,
    index: FontIndex | None = None,
) -> FontSet:
    """Faces for every language in ``texts``, each subset to the characters it will draw.

    A language's chain keeps its own face and the fallbacks that draw at least one of its
    characters: the faces of scripts a batch does not write are never prepared. ``cache``: the
    build's cache context (else the current one), where the font index and the prepared faces are kept.
    ``index``: the :func:`font_index` of ``project_dir`` and ``font_dirs`` when the caller has read it
    already (it is this call's then: the system's fonts may be indexed into it).
    """
    index = index or font_index(project_dir, font_dirs, cache)
    plan = plan_fonts(list(texts), overrides=overrides, index=index)
    coverage = _Coverage()
    if not index.system_indexed and _lacks_a_character(plan, texts, styles_used, coverage):
        # the declared fonts lack a character: only now are the system's fonts looked at
        index.index_system()
        plan = plan_fonts(list(texts), overrides=overrides, index=index)
    # A synthetic bold is the regular face drawn with a stroke: both share one font program,
    # so they are prepared (and embedded) once, from the union of their characters.
    charsets: dict[tuple, tuple[FaceSpec, set[str]]] = {}
    used: dict[tuple[str, Style], list[FaceSpec]] = {}
    for language_plan in plan.languages:
        language = language_plan.language
        # layout may add a hyphen, a bullet or a space of its own to any text
        text = frozenset(texts[language]) | _ALWAYS
        styles = styles_used.get(language, STYLES) if styles_used else STYLES
        for style in styles:
            chain = list(language_plan.chains[style])
            drawn = _assign(chain, text, charsets, coverage)
            if is_cjk(language) and not WESTERN_PUNCTUATION.isdisjoint(text):
                # layout takes these from the chain's first face without Han (itemize): it must have them
                _give_latin_punctuation(chain, text & WESTERN_PUNCTUATION, charsets, drawn)
            missing = {char for char in set(texts[language]) - set().union(*drawn.values()) if _needs_face(char)}
            if missing:  # no listed family has them: any installed face that does (a system font)
                extra = _faces_covering(index, missing, style, language, chain)
                chain += extra
                drawn.update(_assign(extra, frozenset(missing), charsets, coverage))
            used[(language, style)] = [spec for i, spec in enumerate(chain) if i == 0 or drawn.get(_program(spec))]
    wanted = {_program(spec) for specs in used.values() for spec in specs}
    prepared = prepare_faces({key: (replace(spec, synthetic_bold=False), "".join(chars))
                              for key, (spec, chars) in charsets.items() if key in wanted}, cache)
    chains = {key: tuple(_drawn(prepared[_program(spec)], spec) for spec in specs) for key, specs in used.items()}
    return FontSet(chains)


def _give_latin_punctuation(chain: list[FaceSpec], chars: set[str], charsets: dict, drawn: dict) -> None:
    latin = next((spec for spec in chain if gives_western_punctuation(spec.info)), None)
    if latin is not None:
        charsets.setdefault(_program(latin), (latin, set()))[1].update(chars)
        drawn.setdefault(_program(latin), set()).update(chars)


class _Coverage:
    """Which face of a chain draws which characters: the first face that has them. Each face's share
    is worked out once per set of characters left to it, in a call of :func:`prepare_fonts`: a
    language's styles share their first faces (a CJK face, a variable Latin one), and looking a CJK
    text's characters up in a face's cmap one at a time was most of a warm build's font time."""

    def __init__(self) -> None:
        self._taken: dict[tuple, frozenset[str]] = {}

    def split(self, faces: Sequence[FaceInfo], chars: frozenset[str]) -> tuple[frozenset[str], ...]:
        """For each face of ``faces``, in order, the characters of ``chars`` it is the first to have
        (the faces after the one that leaves none are given nothing)."""
        parts: list[frozenset[str]] = []
        left = chars
        for face in faces:
            if not left:
                parts.append(left)
                continue
            key = (face.path, face.index, left)  # a file's face: its coverage
            taken = self._taken.get(key)
            if taken is None:
                covers = face.covers
                taken = self._taken[key] = frozenset(char for char in left if covers(ord(char)))
            parts.append(taken)
            left = left - taken
        return tuple(parts)


def _assign(chain: Sequence[FaceSpec], chars: frozenset[str],
            charsets: dict[tuple, tuple[FaceSpec, set[str]]], coverage: _Coverage) -> dict[tuple, set[str]]:
    """Give each character to the first face of the chain that has it (added to ``charsets``, the
    characters each font program is prepared with); returns what each face was given here."""
    given: dict[tuple, set[str]] = {}
    for spec, taken in zip(chain, coverage.split([spec.info for spec in chain], chars)):
        program = _program(spec)
        assigned = charsets.setdefault(program, (spec, set()))[1]
        if taken:
            assigned |= taken
            given.setdefault(program, set()).update(taken)
    return given


def _lacks_a_character(plan: FontPlan, texts: Mapping[str, str],
                       styles_used: Mapping[str, frozenset[Style]] | None, coverage: _Coverage) -> bool:
    for language_plan in plan.languages:
        text = frozenset(texts[language_plan.language])
        chars = text | _ALWAYS  # as prepare_fonts asks: the splits are shared
        styles = styles_used.get(language_plan.language, STYLES) if styles_used else STYLES
        for style in styles:
            covered = set().union(*coverage.split([spec.info for spec in language_plan.chains[style]], chars))
            if any(_needs_face(char) for char in text - covered):
                return True
    return False


def _needs_face(char: str) -> bool:
    return not (unicodedata.category(char) in ("Cc", "Zl", "Zp") or char in "\u200b\u200c\u200d\ufeff")


def _faces_covering(index: FontIndex, chars: set[str], style: Style, language: str,
                    chain: Sequence[FaceSpec]) -> list[FaceSpec]:
    """Faces of installed families outside the lists that draw characters no listed family has:
    the family with the most of them first, until none is left that any family has. Looked for
    only when such characters are there (a script ``fonts.yaml`` has no default for)."""
    from .choose import face_for_style

    listed = {spec.info.family.casefold() for spec in chain}
    families: dict[str, list] = {}
    for face in index.faces:
        if face.family.casefold() not in listed:
            families.setdefault(face.family, []).append(face)
    found: list[FaceSpec] = []
    left = {ord(char) for char in chars}
    while left:
        best, best_count = None, 0
        for family, faces in families.items():
            count = sum(1 for code in left if any(face.covers(code) for face in faces))
            if count > best_count:
                best, best_count = family, count
        if best is None:
            break
        spec = face_for_style(families.pop(best), style, language)
        if spec is None:
            break
        found.append(spec)
        left = {code for code in left if not spec.info.covers(code)}
    return found


def _program(spec: FaceSpec) -> tuple:
    """What identifies a font program: the file's face and the instance, not how it is drawn."""
    return spec.identity[:4]


def _drawn(face: PreparedFace, spec: FaceSpec) -> PreparedFace:
    if spec.synthetic_bold == face.synthetic_bold and spec.language == face.language:
        return face
    return replace(face, synthetic_bold=spec.synthetic_bold, language=spec.language)


def find_uncovered(text: str, language: str, style: Style, fonts: FontSet) -> list[tuple[int, str, tuple[str, ...]]]:
    """(offset, character, families tried) for every character no face of the chain has."""
    chain = fonts.chain(language, style)
    # each distinct character once (a text repeats most of its characters), positions only for misses;
    # a face's share taken away at once: what face.covers asks, set against its cmap's keys in C
    left = set(map(ord, set(text)))
    for face in chain:
        if not left:
            return []
        left -= face.cmap.keys()
    uncovered = {chr(code) for code in left if _needs_face(chr(code))}
    if not uncovered:
        return []
    tried = tuple(dict.fromkeys(face.family for face in chain))
    return [(offset, char, tried) for offset, char in enumerate(text) if char in uncovered]


def uncovered_at(where: Location, text: str, language: str, style: Style,
                 fonts: FontSet) -> list[tuple[Location, str, tuple[str, ...]]]:
    """Like :func:`find_uncovered`, each character placed at its file:line:column.

    ``where`` is the location of the first character of ``text`` in its source file.
    """
    return [(where.shifted(text, offset), char, tried)
            for offset, char, tried in find_uncovered(text, language, style, fonts)]
