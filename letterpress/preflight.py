"""Everything ``build`` would trip over, found before anything is drawn.

``check`` and ``build`` both run it: every script no face in a language's
chain draws is reported once, at the file, line and column of its first
character, with the characters missing and the faces tried.  Tofu is never an
outcome.
"""
from __future__ import annotations

from typing import Iterator

from .compose.document import Document
from .errors import InputError, Location
from .fonts import find_uncovered
from .fonts.face import FontSet
from .model import LocalizedText, Paragraph, Project
from .text import style_of


def _paragraph_texts(paragraph: Paragraph, language: str) -> Iterator[tuple[str, str, str, Location]]:
    for span in paragraph.spans:
        yield span.text, language, style_of(span.strong, span.emphasis), span.where


def _localized(text: LocalizedText | None, languages: tuple[str, ...]) -> Iterator[tuple[str, str, str, Location]]:
    if text is None:
        return
    for language in languages:
        value = text.get(language)
        if value is None:
            value = text.values[0][1]
        yield value, language, "regular", text.where


def source_texts(project: Project) -> Iterator[tuple[str, str, str, Location]]:
    """(text, language, style, location) for every text of the project, in each language it is drawn in."""
    for body in project.bodies:
        for paragraph in body.paragraphs():
            yield from _paragraph_texts(paragraph, body.language)
    languages = project.languages
    yield from _localized(project.sender.name, languages)
    yield from _localized(project.sender.short, languages)
    yield from _localized(project.sender.place, languages)
    yield from _localized(project.sender.contact, languages)
    yield from _address_texts(project.sender.address, languages[0])
    yield from _localized(project.addressee.name, languages)
    for title in project.addressee.titles:
        yield from _localized(title, languages)
    for signatory in project.signatories:
        yield from _localized(signatory.name, languages)
        yield from _localized(signatory.title, languages)
    for recipient in project.recipients:
        yield from _localized(recipient.name, recipient.languages + ("en",))
        yield from _localized(recipient.city, recipient.languages)
        for _, text in recipient.overrides + recipient.fields:
            yield from _localized(text, recipient.languages)
        yield from _address_texts(recipient.address,
                                  _address_language(recipient.address.country, recipient.address.lines))


def _address_texts(address, language: str) -> Iterator[tuple[str, str, str, Location]]:
    """An address's texts, ready-to-print lines or structured fields."""
    for text in address.lines + tuple(value for _, value in address.fields):
        yield text, language, "regular", address.where


def _address_language(country: str, lines: tuple[str, ...]) -> str:
    from .compose.phrases import post_language

    return post_language(country, lines)


def text_problems(project: Project) -> list[InputError]:
    """Characters no letter should print, in any text however it was written (a YAML escape such
    as ``"\\e"``, a spreadsheet cell): control characters other than tab and line ends, and
    Unicode non-characters. Font coverage counts control characters as drawn (as nothing), so
    without this they would reach the page as tofu or nothing."""
    from .project.yamlfile import check_characters, forbidden_at

    texts = list(source_texts(project))
    if forbidden_at("\n".join(text for text, _, _, _ in texts)) is None:  # one pass over all: the usual case
        return []
    problems: dict[str, InputError] = {}
    for text, _, _, where in texts:
        if forbidden_at(text) is None:
            continue
        try:
            check_characters(text, where)
        except InputError as error:
            problems.setdefault(str(error), error)
    return list(problems.values())


def coverage_problems(project: Project, fonts: FontSet) -> list[InputError]:
    """Every script of the inputs that no face draws: one problem per language and script, placed
    at the first character of it (file, line and column), naming the characters missing."""
    texts = list(source_texts(project))
    # Checked per distinct character of each (language, style) first (the inputs repeat most of
    # their characters); only a group with a miss is gone through text by text to place it.
    groups: dict[tuple[str, str], list[str]] = {}
    for text, language, style, _ in texts:
        groups.setdefault((language, style), []).append(text)
    missing = {group for group, found in groups.items() if find_uncovered("".join(set("".join(found))), *group, fonts)}
    gaps = _Gaps()
    for text, language, style, where in texts:
        if (language, style) not in missing:
            continue
        for offset, char, tried in find_uncovered(text, language, style, fonts):
            at = where.shifted(text, offset) if where.line is not None else where
            gaps.add(char, language, at, tried)
    return gaps.problems()


def document_problems(document: Document, fonts: FontSet) -> list[InputError]:
    """Characters letterpress itself adds (dates, country names, quotes) that no face covers.

    Checked per distinct character (with the verdicts remembered per font set), since every copy
    repeats most of its texts; only a missing character is traced back to its text for the message.
    """
    by_language: dict[str, set[str]] = {}
    for language, text in document.texts():
        by_language.setdefault(language, set()).update(text)
    gaps = _Gaps()
    for language, chars in by_language.items():
        missing = [char for char in chars if not _covered(fonts, language, char)]
        if not missing:
            continue
        for language_of_text, text in document.texts():
            if language_of_text != language:
                continue
            for _, char, tried in find_uncovered(text, language, "regular", fonts):
                gaps.add(char, language, Location(None), tried,
                         context=f"in {document.recipient_id}.{document.language}: {text[:40]!r}")
    return gaps.problems()


_VERDICTS: dict[tuple[str, str, str], bool] = {}


def _covered(fonts: FontSet, language: str, char: str) -> bool:
    key = (fonts.key, language, char)
    verdict = _VERDICTS.get(key)
    if verdict is None:
        verdict = not find_uncovered(char, language, "regular", fonts)
        if len(_VERDICTS) > 200_000:  # bounded
            _VERDICTS.clear()
        _VERDICTS[key] = verdict
    return verdict


def script_name(char: str) -> str:
    """The Unicode script of a character, by name ("Thai", "Tamil", "Egyptian Hieroglyphs"); asked
    only of characters no face has, so fontTools' script tables are loaded only then."""
    from fontTools import unicodedata as ucd

    code = ucd.script(char)
    if code in ("Zyyy", "Zinh", "Zzzz"):
        return {"Zyyy": "Common", "Zinh": "Inherited", "Zzzz": "Unknown"}[code]
    return ucd.script_name(code).replace("_", " ")


class _Gaps:
    """Characters no face draws, gathered per (language, script): one problem each, at the first."""

    def __init__(self) -> None:
        self._found: dict[tuple[str, str], dict] = {}

    def add(self, char: str, language: str, at: Location, tried, context: str = "") -> None:
        gap = self._found.setdefault((language, script_name(char)),
                                     {"first": char, "at": at, "tried": tried, "context": context, "chars": {}})
        gap["chars"].setdefault(char, None)

    def problems(self) -> list[InputError]:
        found = []
        for (language, script), gap in self._found.items():
            problem = _missing(language, script, **gap)
            problem.gap = (language, script)
            found.append(problem)
        return found


def once_per_script(problems: list[InputError]) -> list[InputError]:
    """The problems with a missing script reported once per language: the first (the one placed in
    the input) stands for the later ones (the same script in the text letterpress composes)."""
    seen: set[tuple[str, str]] = set()
    kept = []
    for problem in problems:
        gap = getattr(problem, "gap", None)
        if gap is not None:
            if gap in seen:
                continue
            seen.add(gap)
        kept.append(problem)
    return kept


def _missing(language: str, script: str, first: str, at: Location, tried, context: str,
             chars: dict) -> InputError:
    import unicodedata

    name = f"U+{ord(first):04X}"
    try:
        name += f" {unicodedata.name(first)}"
    except ValueError:
        pass
    faces = ", ".join(tried) or "none"
    shown = " ".join(list(chars)[:12]) + (" ..." if len(chars) > 12 else "")
    what = (f"the {script} script" if script not in ("Common", "Inherited", "Unknown")
            else "these characters")
    count = f"{len(chars)} character{'s' if len(chars) != 1 else ''}"
    return InputError(
        f"no font for {what} in {language} text{(' ' + context) if context else ''}: {count} ({shown}), "
        f"first {first!r} ({name}) here; faces tried: {faces}",
        location=at if at.file is not None else None,
        hint=(f"install a font for {script} (Noto Serif {script} or Noto Sans {script}, for example) and name it in letter.yaml under fonts: {{{language}: [Family]}}, "
              f"or put its file in the project's fonts/ folder or pass --font-dir"
              if what != "these characters" else
              f"install a font that has them and name it in letter.yaml under fonts: {{{language}: [Family]}} "
              "or pass --font-dir; or replace the characters"),
    )


def tofu_problems(typeset, project: Project, language: str) -> list[InputError]:
    """Runs that shaping set with glyph 0 (.notdef) although a face covers every character: what
    the PDF writer refuses to draw, found by ``check`` (which typesets every copy) and placed at the
    text of the input that holds it. One problem per distinct text and face."""
    from .project.yamlfile import forbidden_at

    seen: set[tuple[str, str]] = set()
    problems = []
    for page in typeset.pages:
        for placed in page.lines:
            for run in placed.line.runs:
                if not run.glyphs or 0 not in run.glyphs or (run.text, run.face.family) in seen:
                    continue
                seen.add((run.text, run.face.family))
                # .notdef for a character no letter may hold (a control character) is text_problems' to report
                undrawn = "".join(text for glyph, text in zip(run.glyphs, run.texts) if glyph == 0)
                if undrawn and all(forbidden_at(char) is not None for char in undrawn if not char.isspace()):
                    continue
                at, source = _first_source(project, run.text.strip(), language)
                text = source or run.text
                codes = " ".join(f"U+{ord(char):04X}" for char in dict.fromkeys(text) if not char.isspace())
                problems.append(InputError(
                    f"{run.face.family} draws no glyph (.notdef) for part of {text!r} ({codes}) as HarfBuzz "
                    f"shapes it in {language} text",
                    location=at,
                    hint=f"name a font that draws it in letter.yaml under fonts: {{{language}: [Family]}} or "
                         "pass --font-dir; or replace the characters"))
    return problems


def _first_source(project: Project, text: str, language: str) -> tuple[Location | None, str]:
    """Where in the input ``text`` (as a run of set glyphs gives it back) first occurs, and the input's
    own characters there. Compared without combining marks: a shaped run's text may have lost or
    decomposed some (Thai SARA AM drawn as NIKHAHIT + SARA AA)."""
    import unicodedata

    def skeleton(value: str) -> tuple[str, list[int]]:
        kept, offsets = [], []
        for offset, char in enumerate(value):
            for part in unicodedata.normalize("NFKD", char):
                if not unicodedata.category(part).startswith("M"):
                    kept.append(part)
                    offsets.append(offset)
        return "".join(kept), offsets

    wanted = skeleton(text)[0]
    if not wanted:
        return None, ""
    for source, source_language, _, where in source_texts(project):
        if source_language != language:
            continue
        flat, offsets = skeleton(source)
        found = flat.find(wanted)
        if found >= 0:
            start, end = offsets[found], offsets[found + len(wanted) - 1] + 1
            while end < len(source) and unicodedata.category(source[end]).startswith("M"):
                end += 1  # the marks that follow belong to the text too
            at = where.shifted(source, start) if where.line is not None else where
            return at, source[start:end]
    return None, ""


def generated_text_problems(texts: dict[str, str], fonts: FontSet) -> list[InputError]:
    """Characters of the composed copies (dates, country names, quotes) that no face covers."""
    gaps = _Gaps()
    for language, text in sorted(texts.items()):
        for _, char, tried in find_uncovered(text, language, "regular", fonts):
            gaps.add(char, language, Location(None), tried, context="in text letterpress adds")
    return gaps.problems()
