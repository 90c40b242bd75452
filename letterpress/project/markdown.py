"""``body/<lang>.md``: YAML front matter and a small Markdown subset.

The subset is what a letter needs and nothing more: paragraphs, ``*emphasis*``,
``**strong**`` and bulleted lists (``- `` or ``* ``).  A full CommonMark parser
would accept headings, links and raw HTML that a letter must not contain, and
would lose the source positions our messages need, so this small parser is
written by hand.  Everything else is printed literally: ``<b>`` stays ``<b>``.
"""
from __future__ import annotations

import re
from pathlib import Path

from ..errors import InputError, Location
from ..model import Body, BulletList, Paragraph, Span
from .fields import need_map, string
from .placeholders import check_placeholders
from .yamlfile import check_keys, load_yaml, read_text

FRONT_MATTER_KEYS = ("subject", "salutation", "closing", "signatories_heading")
_BULLET = re.compile(r"^( {0,3})([-*+])[ \t]+")
_INLINE = re.compile(r"\\([\\*_{}])|(\*\*)|(\*)")


def load_body(path: Path, language: str) -> Body:
    return parse_body(read_text(path), path, language)


def parse_body(text: str, path: Path, language: str) -> Body:
    """A body's text, as read from ``path`` (or given as data: then ``path`` names the argument)."""
    lines = text.splitlines()
    if not lines or lines[0].strip() != "---":
        raise InputError(
            "the body file must start with front matter between two '---' lines",
            location=Location(path, 1, 1),
            hint="begin the file with ---, then subject:, salutation: and closing: lines, then ---",
        )
    try:
        end = next(i for i in range(1, len(lines)) if lines[i].strip() == "---")
    except StopIteration:
        raise InputError("the front matter is not closed", location=Location(path, 1, 1),
                         hint="add a line with --- after the closing: line") from None
    front = load_yaml(path, "\n".join(lines[1:end]), line_offset=1)
    front = need_map(front, Location(path, 2, 1), "the front matter")
    check_keys(front, FRONT_MATTER_KEYS, "the front matter")

    def front_paragraph(key: str, optional: bool = False) -> Paragraph | None:
        if key not in front or front[key] is None:
            if optional:
                return None
            raise InputError(f"the front matter needs '{key}'", location=Location(path, 1, 1),
                             hint=f"add a '{key}:' line between the two '---' lines")
        where = front.location(key)
        text = string(front[key], where, key)
        check_placeholders(text, where)
        return parse_inline(text, where)

    blocks = parse_blocks(lines[end + 1:], path, first_line=end + 2)
    if not blocks:
        raise InputError("the letter has no body text", location=Location(path, end + 2, 1),
                         hint="write the letter's paragraphs after the front matter")
    return Body(
        language=language,
        subject=front_paragraph("subject"),
        salutation=front_paragraph("salutation"),
        closing=front_paragraph("closing"),
        signatories_heading=front_paragraph("signatories_heading", optional=True),
        blocks=tuple(blocks),
        path=path,
    )


def parse_blocks(lines: list[str], path: Path, first_line: int) -> list[Paragraph | BulletList]:
    """Group lines into paragraphs and bullet lists; each keeps the location of its first line."""
    blocks: list[Paragraph | BulletList] = []
    pending: list[tuple[int, str]] = []  # (line number, text) of the paragraph being read
    items: list[Paragraph] = []
    item: list[tuple[int, str]] = []

    def flush_paragraph() -> None:
        if pending:
            blocks.append(_paragraph(pending, path))
            pending.clear()

    def flush_item() -> None:
        if item:
            items.append(_paragraph(item, path))
            item.clear()

    def flush_list() -> None:
        flush_item()
        if items:
            blocks.append(BulletList(tuple(items), items[0].where))
            items.clear()

    for number, raw in enumerate(lines, start=first_line):
        if not raw.strip():
            flush_paragraph()
            flush_item()
            continue
        bullet = _BULLET.match(raw)
        if bullet:
            flush_paragraph()
            flush_item()
            item.append((number, " " * bullet.end() + raw[bullet.end():]))
            continue
        if (item or items) and raw.startswith((" ", "\t")) and not pending:
            # an indented line continues the current list item
            if not item and items:
                item.extend(_reopen(items.pop()))
            item.append((number, raw))
            continue
        flush_list()
        pending.append((number, raw))
    flush_paragraph()
    flush_list()
    return blocks


def _reopen(paragraph: Paragraph) -> list[tuple[int, str]]:
    # A list item separated from its continuation by a blank line: rare; keep its text.
    return [(paragraph.where.line or 0, "".join(span.text for span in paragraph.spans))]


def _paragraph(lines: list[tuple[int, str]], path: Path) -> Paragraph:
    """Join a paragraph's lines (a line break is a space) and parse its inline marks."""
    pieces: list[str] = []
    breaks: list[tuple[int, Location]] = []  # where each source line starts in the joined text
    offset = 0
    for number, line in lines:
        stripped = line.strip()
        column = len(line) - len(line.lstrip()) + 1
        # Placeholders are checked per source line, so the column in a message is exact.
        check_placeholders(stripped, Location(path, number, column))
        breaks.append((offset, Location(path, number, column)))
        pieces.append(stripped)
        offset += len(stripped) + 1
    return parse_inline(" ".join(pieces), breaks[0][1], breaks=breaks)


def parse_inline(text: str, where: Location, *, breaks: list[tuple[int, Location]] | None = None) -> Paragraph:
    """Split text into spans at ``*`` and ``**``; an unclosed mark is an error at its position.

    ``breaks`` gives the offset in ``text`` at which each source line starts:
    spans are cut there too, so every span's location (and a column within it)
    is exact for the coverage and placeholder messages.
    """
    breaks = breaks or [(0, where)]

    def locate(offset: int) -> Location:
        line_start, line_where = max((b for b in breaks if b[0] <= offset), key=lambda b: b[0])
        return line_where.shifted(text[line_start:], offset - line_start)

    spans: list[Span] = []
    state = {"emphasis": False, "strong": False}
    opened: dict[str, int] = {}
    buffer: list[str] = []
    start = 0

    def flush(end: int) -> None:
        piece = "".join(buffer)
        buffer.clear()
        cuts = [b[0] for b in breaks if start < b[0] < end] + [end]
        at = start
        for cut in cuts:
            # text offsets equal raw offsets except after a backslash escape (then off by one per escape)
            chunk = piece[at - start:cut - start] if cut != end else piece[at - start:]
            if chunk:
                spans.append(Span(chunk, emphasis=state["emphasis"], strong=state["strong"], where=locate(at)))
            at = cut

    position = 0
    for match in _INLINE.finditer(text):
        buffer.append(text[position:match.start()])
        position = match.end()
        if match.group(1):  # an escaped character stands for itself
            buffer.append(match.group(1))
            continue
        mark = match.group(0)
        flush(match.start())
        start = match.end()
        key = "strong" if mark == "**" else "emphasis"
        state[key] = not state[key]
        if state[key]:
            opened[mark] = match.start()
        else:
            opened.pop(mark, None)
    buffer.append(text[position:])
    flush(len(text))
    if opened:
        mark, offset = min(opened.items(), key=lambda item: item[1])
        raise InputError(
            f"'{mark}' opens {'strong' if mark == '**' else 'emphasis'} that is never closed",
            location=locate(offset),
            hint=f"close it with another '{mark}', or write \\{mark[0]} for a literal asterisk",
        )
    return Paragraph(tuple(spans), where)
