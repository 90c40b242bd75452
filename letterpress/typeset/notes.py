"""Footnotes at the foot of the page that refers to them.

A paragraph's notes are set (with the same line layout as the text, at a
smaller size) before the paragraph is placed.  While lines are placed, the
flow keeps each page's notes and their height: a line that refers to a note
goes on a page only if the note fits there too, so a reference and its note
are never on different pages.  Once the pages are filled, the notes are set
bottom-aligned above the bottom margin, under a short rule (LaTeX's
``\\footnoterule``: 2 in wide, 0.4 pt).
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..compose.document import Footnote
from ..layout.types import Line
from ..text import Run
from .page import PlacedLine, PlacedRule

if TYPE_CHECKING:
    from . import Typesetter

NOTE_SIZE = 8.5
SEPARATOR = 10.0  # the space the rule takes above the first note
RULE_WIDTH = 144.0


@dataclass(frozen=True)
class SetNote:
    """A footnote set into lines, ready to hang at a page foot."""

    mark: str
    lines: tuple[Line, ...]
    leading: float

    @property
    def height(self) -> float:
        """The note's height on the page: its lines at its leading."""
        return len(self.lines) * self.leading


def set_note(note: Footnote, language: str, setter: "Typesetter", width: float, leading: float) -> SetNote:
    """The footnote set justified at the note size in ``width``, its mark first."""
    runs = (Run(note.mark + "\u2002", language),) + note.runs
    return SetNote(note.mark, setter.lines(runs, NOTE_SIZE, width, "justify"), leading)


def notes_by_line(lines: tuple[Line, ...], notes: tuple[SetNote, ...]) -> list[tuple[SetNote, ...]]:
    """Which of a paragraph's notes each line refers to: found by their marks, in order."""
    found: list[list[SetNote]] = [[] for _ in lines]
    pending = list(notes)
    for index, line in enumerate(lines):
        text = line.text
        position = 0
        while pending:
            at = text.find(pending[0].mark, position)
            if at < 0:
                break
            found[index].append(pending.pop(0))
            position = at + len(found[index][-1].mark)
    if pending and found:  # a mark the search missed (never expected): keep its note with the paragraph's end
        found[-1].extend(pending)
    return [tuple(group) for group in found]


def foot_height(notes: list[SetNote]) -> float:
    """The height a page's notes take, the rule above them included (0 with no notes)."""
    return SEPARATOR + sum(note.height for note in notes) if notes else 0.0


def place_notes(notes: list[SetNote], left: float, bottom: float) -> tuple[list[PlacedLine], list[PlacedRule]]:
    """A page's notes, the last one's last line resting on the bottom margin."""
    if not notes:
        return [], []
    y = bottom - sum(note.height for note in notes)
    rules = [PlacedRule(left, y - SEPARATOR * 0.55, left + RULE_WIDTH, y - SEPARATOR * 0.55, 0.4)]
    placed = []
    for note in notes:
        for line in note.lines:
            placed.append(PlacedLine(line, left, y + note.leading * 0.78))
            y += note.leading
    return placed, rules
