"""``body/<lang>.md``: YAML front matter and a small Markdown subset.

The subset is what a letter needs and nothing more: paragraphs, ``*emphasis*``,
``**strong**``, bulleted lists (``- `` or ``* ``), numbered lists (``1. ``),
block quotes (``> ``), footnotes (``[^label]`` and a ``[^label]: text`` line),
and fenced ``::: only paris geneva`` ... ``:::`` blocks kept in some recipients'
copies only (``::: except london`` for all but some).  A full CommonMark parser
would accept headings, links and raw HTML that a letter must not contain, and
would lose the source positions our messages need, so this small parser is
written by hand.  Everything else is printed literally: ``<b>`` stays ``<b>``.
"""
from __future__ import annotations

import re
from pathlib import Path

from ..cache.context import CacheContext
from ..errors import InputError, InputErrors, Location, attempt, collect, sorted_problems
from ..model import Block, Body, BulletList, NumberedList, OnlyFor, Paragraph, Quote, Span, _paragraphs_of
from .fields import need_map, string
from .placeholders import check_placeholder_syntax
from .yamlfile import YamlList, check_keys, load_yaml, read_text

FRONT_MATTER_KEYS = ("subject", "salutation", "closing", "signatories_heading", "enclosures", "cc")
#: The line 'letterpress new' writes into every body's front matter; ``check`` warns while it is there.
TEMPLATE_MARK = "# letterpress new:"
_BULLET = re.compile(r"^( {0,3})([-*+])[ \t]+")
_NUMBER = re.compile(r"^( {0,3})(\d{1,3})([.)])[ \t]+")
_FENCE = re.compile(r"^:::[ \t]*(\S.*)?$")
_NOTE = re.compile(r"^\[\^([^\]\s]+)\]:[ \t]*")
_QUOTE = re.compile(r"^ {0,3}>[ \t]?")
_INLINE = re.compile(r"\\([\\*_{}\[])|(\*\*)|(\*)|\[\^([^\]\s]+)\]")


def load_body(path: Path, language: str, cache: CacheContext | None = None) -> Body:
    """The body file ``path`` (``body/<language>.md``), read and parsed (the front matter's parse kept in ``cache``)."""
    return parse_body(read_text(path), path, language, cache)


def parse_body(text: str, path: Path, language: str, cache: CacheContext | None = None) -> Body:
    """A body's text, as read from ``path`` (or given as data: then ``path`` names the argument);
    its front matter's parse is kept in ``cache``."""
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
    # Each part is read even when another has a mistake, so that one run reports them all.
    problems: list[InputError] = []
    front = attempt(problems, lambda: need_map(load_yaml(path, "\n".join(lines[1:end]), line_offset=1, cache=cache),
                                               Location(path, 2, 1), "the front matter"))
    if front is not None:
        attempt(problems, check_keys, front, FRONT_MATTER_KEYS, "the front matter")
    unknown_keys = bool(problems)

    def front_paragraph(key: str, optional: bool = False) -> Paragraph | None:
        if front is None:
            return None
        if key not in front or front[key] is None:
            if optional or unknown_keys:  # ('subjet:' is reported as itself, not as a missing 'subject:')
                return None
            raise InputError(f"the front matter needs '{key}'", location=Location(path, 1, 1),
                             hint=f"add a '{key}:' line between the two '---' lines")
        where = front.location(key)
        return _front_text(front[key], where, key)

    def front_items(key: str) -> tuple[Paragraph, ...]:
        """``enclosures:`` and ``cc:``: one text, or a list of them."""
        value = front.get(key) if front is not None else None
        if value is None:
            return ()
        if isinstance(value, YamlList):
            return tuple(_front_text(item, value.item_where[i], f"{key} item {i + 1}")
                         for i, item in enumerate(value))
        return (_front_text(value, front.location(key), key),)

    front_parts = {key: attempt(problems, front_paragraph, key, key == "signatories_heading")
                   for key in ("subject", "salutation", "closing", "signatories_heading")}
    lists = {key: attempt(problems, front_items, key) for key in ("enclosures", "cc")}
    before = len(problems)
    # (a block never closed, say, ends the reading: the paragraphs' mistakes before it are kept)
    blocks, notes = attempt(problems, parse_blocks, lines[end + 1:], path, end + 2, problems) or ([], [])
    left_out = len(problems) > before  # paragraphs (or notes) left out for mistakes of their own
    flawed_notes = {label for label, note in notes if note is None}
    notes = [(label, note) for label, note in notes if note is not None]
    if not blocks and len(problems) == before:  # (not when every paragraph was left out for a mistake)
        problems.append(InputError("the letter has no body text", location=Location(path, end + 2, 1),
                                   hint="write the letter's paragraphs after the front matter"))
    unread = Paragraph(())  # (in place of a part with a mistake: such a body is only merge-checked)
    body = Body(
        language=language,
        subject=front_parts["subject"] or unread,
        salutation=front_parts["salutation"] or unread,
        closing=front_parts["closing"] or unread,
        signatories_heading=front_parts["signatories_heading"],
        blocks=tuple(blocks),
        path=path,
        footnotes=tuple(notes),
        enclosures=lists["enclosures"] or (),
        cc=lists["cc"] or (),
        template=any(line.strip().startswith(TEMPLATE_MARK) for line in lines[1:end]),
    )
    problems += _footnote_problems(body, flawed_notes, left_out)
    if problems:
        raise FlawedBody(sorted_problems(problems), body)
    return body


class FlawedBody(InputErrors):
    """A body's mistakes, with the part of it read right (its paragraphs without a mistake): check
    runs the mail merge over that part too, so that one run finds every mistake of the file (a lone
    brace does not hide an unknown placeholder). No copy is composed from it."""

    def __init__(self, errors: list[InputError], body: Body) -> None:
        super().__init__(errors)
        self.body = body


def _front_text(value, where: Location, what: str) -> Paragraph:
    text = string(value, where, what)
    check_placeholder_syntax(text, where)
    paragraph = parse_inline(text, where)
    if any(span.footnote for span in paragraph.spans):
        raise InputError(f"a footnote in the {what} line", location=where,
                         hint="footnotes belong in the letter's paragraphs, not in the front matter")
    return paragraph


def _footnote_problems(body: Body, flawed_notes: set[str] = frozenset(), left_out: bool = False
                       ) -> list[InputError]:
    """Every [^label] has its note, every note is referred to, and notes hold no notes.
    ``flawed_notes``: labels whose note has a mistake of its own (written, so not missing);
    ``left_out``: paragraphs were left out for their mistakes (a note may be referred to there)."""
    problems = []
    defined: dict[str, Location] = {}
    for label, note in body.footnotes:
        if label in defined:
            problems.append(InputError(f"the footnote [^{label}] is written twice (first at {defined[label]})",
                                       location=note.where, hint="give each note its own label"))
            continue
        defined[label] = note.where
        for span in note.spans:
            if span.footnote:
                problems.append(InputError("a footnote inside a footnote", location=span.where,
                                           hint="write the second note's text into the first"))
    referred: set[str] = set()
    for paragraph in _paragraphs_of(body.blocks):
        for span in paragraph.spans:
            if span.footnote is None:
                continue
            if span.footnote not in defined and span.footnote not in flawed_notes:
                problems.append(InputError(f"the footnote [^{span.footnote}] has no text", location=span.where,
                                           hint=f"add a line '[^{span.footnote}]: the note's text' below the "
                                                f"paragraph"))
            referred.add(span.footnote)
    for label, where in defined.items():
        if label not in referred and not left_out:
            problems.append(InputError(f"the footnote [^{label}] is never referred to", location=where,
                                       hint=f"write [^{label}] where the note belongs, or delete the note"))
    return problems


Lines = list[tuple[int, str]]  # (line number, text)


def parse_blocks(lines: list[str], path: Path, first_line: int, problems: list[InputError] | None = None
                 ) -> tuple[list[Block], list[tuple[str, Paragraph]]]:
    """The body's blocks, and its footnotes, each located at its first line.

    Fenced ``::: only ids`` blocks and ``>`` quotes hold blocks of their own; everything else is
    paragraphs and lists (see :func:`_plain_blocks`). A paragraph's mistake (a lone brace, an
    unclosed ``*``) goes to ``problems`` and the paragraph is left out, so every paragraph's is
    found in one run; without ``problems`` they are raised together at the end.
    """
    found: list[InputError] = [] if problems is None else problems
    notes: list[tuple[str, Paragraph]] = []
    numbered = list(enumerate(lines, start=first_line))
    blocks = _blocks(numbered, path, notes, found, fenced=False)
    if problems is None:
        collect(found)
    return blocks, notes


def _blocks(lines: Lines, path: Path, notes: list, problems: list[InputError], fenced: bool) -> list[Block]:
    blocks: list[Block] = []
    plain: Lines = []
    i = 0
    while i < len(lines):
        number, raw = lines[i]
        fence = _FENCE.match(raw.strip()) if raw.startswith(":::") else None
        if fence:
            blocks += _plain_blocks(plain, path, problems)
            plain = []
            if fence.group(1) is None:
                raise InputError("':::' closes no block", location=Location(path, number, 1),
                                 hint="open a block with '::: only paris geneva' (or '::: except london') first")
            if fenced:
                raise InputError("a '::: only' block inside another", location=Location(path, number, 1),
                                 hint="close the first block with ':::' before opening the next")
            close = next((j for j in range(i + 1, len(lines)) if lines[j][1].strip() == ":::"), None)
            if close is None:
                raise InputError("this block is never closed", location=Location(path, number, 1),
                                 hint="end it with a line holding only ':::'")
            blocks.append(_only_block(fence.group(1), lines[i + 1:close], path, number, notes, problems))
            i = close + 1
            continue
        note = _NOTE.match(raw)
        if note:
            blocks += _plain_blocks(plain, path, problems)
            plain = []
            text: Lines = [(number, " " * note.end() + raw[note.end():])]
            i += 1
            while i < len(lines) and lines[i][1].strip() and (lines[i][1].startswith((" ", "\t"))
                                                              or not _starts_block(lines[i][1])):
                text.append(lines[i])
                i += 1
            # a note with a mistake of its own is kept as None: its label is written, for the checks
            notes.append((note.group(1), attempt(problems, _paragraph, text, path)))
            continue
        if _QUOTE.match(raw):
            blocks += _plain_blocks(plain, path, problems)
            plain = []
            quoted: Lines = []
            while i < len(lines) and _QUOTE.match(lines[i][1]):
                cut = _QUOTE.match(lines[i][1]).end()
                quoted.append((lines[i][0], " " * cut + lines[i][1][cut:]))
                i += 1
            inner = _plain_blocks(quoted, path, problems, dedent=True)
            if inner:
                blocks.append(Quote(tuple(inner), Location(path, number, 1)))
            continue
        plain.append((number, raw))
        i += 1
    blocks += _plain_blocks(plain, path, problems)
    return blocks


def _starts_block(raw: str) -> bool:
    return bool(_NOTE.match(raw) or _QUOTE.match(raw) or raw.startswith(":::") or _BULLET.match(raw)
                or _NUMBER.match(raw))


def _only_block(spec: str, lines: Lines, path: Path, number: int, notes: list, problems: list[InputError]
                ) -> OnlyFor:
    words = spec.split()
    where = Location(path, number, 1)
    if words[0] not in ("only", "except") or len(words) < 2:
        raise InputError(f"':::' must be followed by 'only' or 'except' and recipient ids, not {spec!r}",
                         location=where, hint="e.g. '::: only paris geneva' or '::: except london'")
    before = len(problems)
    inner = _blocks(lines, path, notes, problems, fenced=True)
    if not inner and len(problems) == before:
        raise InputError("this block holds no text", location=where, hint="write the paragraphs it keeps, or remove it")
    ids = tuple(word.strip(",") for word in words[1:] if word.strip(","))
    return OnlyFor(ids, tuple(inner), exclude=words[0] == "except", where=Location(path, number, 5))


def _plain_blocks(lines: Lines, path: Path, problems: list[InputError], dedent: bool = False) -> list[Block]:
    """Group lines into paragraphs, bullet lists and numbered lists."""
    blocks: list[Block] = []
    pending: Lines = []  # the paragraph being read
    items: list[Paragraph] = []
    item: Lines = []
    kind: list = [None, 1]  # the open list's kind ("bullet" or "number") and first number

    def flush_paragraph() -> None:
        if pending:
            paragraph = attempt(problems, _paragraph, list(pending), path)
            if paragraph is not None:
                blocks.append(paragraph)
            pending.clear()

    def flush_item() -> None:
        if item:
            paragraph = attempt(problems, _paragraph, list(item), path)
            if paragraph is not None:
                items.append(paragraph)
            item.clear()

    def flush_list() -> None:
        flush_item()
        if items:
            if kind[0] == "number":
                blocks.append(NumberedList(tuple(items), kind[1], items[0].where))
            else:
                blocks.append(BulletList(tuple(items), items[0].where))
            items.clear()
        kind[0] = None

    for number, raw in lines:
        if dedent:
            raw = raw.lstrip() if raw.strip() else ""
        if not raw.strip():
            flush_paragraph()
            flush_item()
            continue
        marker = _BULLET.match(raw)
        numeral = None if marker else _NUMBER.match(raw)
        if marker or numeral:
            this = "bullet" if marker else "number"
            flush_paragraph()
            if kind[0] != this:
                flush_list()
                kind[0] = this
                kind[1] = int(numeral.group(2)) if numeral else 1
            flush_item()
            found = marker or numeral
            item.append((number, " " * found.end() + raw[found.end():]))
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


def _reopen(paragraph: Paragraph) -> Lines:
    # A list item separated from its continuation by a blank line: rare; keep its text.
    return [(paragraph.where.line or 0, "".join(span.text for span in paragraph.spans))]


def _paragraph(lines: Lines, path: Path) -> Paragraph:
    """Join a paragraph's lines (a line break is a space) and parse its inline marks."""
    pieces: list[str] = []
    breaks: list[tuple[int, Location]] = []  # where each source line starts in the joined text
    offset = 0
    for number, line in lines:
        stripped = line.strip()
        column = len(line) - len(line.lstrip()) + 1
        # Braces are checked per source line, so the column in a message is exact.
        check_placeholder_syntax(stripped, Location(path, number, column))
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
        if match.group(4):  # [^label]: a footnote reference, a span of its own
            flush(match.start())
            start = match.end()
            spans.append(Span("", emphasis=state["emphasis"], strong=state["strong"], where=locate(match.start()),
                              footnote=match.group(4)))
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
