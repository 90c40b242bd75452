"""Stage 4a: place a composed copy on the pages of its national layout.

``typeset_document`` sets every text with :func:`letterpress.layout.set_paragraph`
and places the lines: the letterhead, the address in the envelope window, the
date line, then the letter flowing over as many pages as it needs, with keeps
(no widows or orphans; the subject stays with the first paragraph; the last
paragraph's last lines, the closing and the signatories' heading stay with the
first signatories), the signatories in balanced columns, no sliver of a last page
(:mod:`.balance`), and a short header with a localised page label on continuation pages.
"""
from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Callable, Mapping

from ..cache.context import CacheContext
from ..compose.document import AddressBlock, Document, TextBlock
from ..errors import InputError, attempt
from ..fonts.face import FontSet
from ..layout import set_paragraph
from ..layout.types import Line
from ..locale.names import page_label
from ..paper import PageLayout, layout_for, load_layout
from ..paper.fold import window_on_sheet
from ..text import Align, Run, direction_of, is_cjk, script_of
from .notes import NOTE_SIZE, SEPARATOR, SetNote, foot_height, notes_by_line, place_notes, set_note
from .page import Page, PdfInfo, PlacedImage, PlacedLine, PlacedRule, TypesetDocument, rectangle
from .balance import balance_pages
from .signatories import Measured, measure, place_signatories
from .window import fit_address, fit_return_line

__all__ = ["typeset_document", "page_layout", "address_problems", "TypesetDocument", "Page"]

BODY_SIZE = 10.5
SIGNATORY_SIZE = 9.0
LETTERHEAD_SIZE = 14.0
SMALL_SIZE = 7.5
HEADER_SIZE = 8.5  # the running header on continuation pages
HEADER_RULE = HEADER_SIZE * 1.6  # its rule, below the header's top
HEADER_GAP = 9.0  # at least this much air between the rule and the text below it


def body_top_next(layout: PageLayout) -> float:
    """Where text starts on a continuation page: the layout's figure, but never on or above the
    running header's rule (US layouts have a deeper top margin than the 30 mm body start allows)."""
    return max(layout.body_top_next, layout.margin_top + HEADER_RULE + HEADER_GAP)


# Line spacing of the scripts that stack marks above and below their letters, as a multiple of the
# size: at Latin's 1.35 the marks of one line touch the next. The default faces' ink over running
# text spans about 1.6 em in Burmese and Khmer and 1.4 em in Lao (Latin about 1.25): each gets
# that and room to breathe, as printed text in these scripts does.
_TALL_SCRIPTS = {"Mymr": 1.85, "Khmr": 1.85, "Tibt": 1.85, "Laoo": 1.65}


def leading_for(language: str, size: float) -> float:
    """Line spacing: CJK text needs more air between lines than Latin (jlreq suggests 1.5-2 em), and
    so do scripts with stacked marks (:data:`_TALL_SCRIPTS`)."""
    return round(size * (1.7 if is_cjk(language) else _TALL_SCRIPTS.get(script_of(language), 1.35)), 2)


@dataclass
class _Flow:
    """Lines being placed on pages, top to bottom.

    ``shorten`` ends chosen pages early (page index -> points taken off the bottom): the page
    balancer's way of carrying more onto the next page.  ``signatory_rows`` is, per page, how many
    rows of the signatory block it holds and whether that block began on an earlier page.
    """

    layout: PageLayout
    pages: list[list]
    y: float
    shorten: dict[int, float] = field(default_factory=dict)
    signatory_rows: dict[int, tuple[int, bool]] = field(default_factory=dict)
    ends: list[float] = field(default_factory=list)  # where each finished page's content ends
    feet: list[list[SetNote]] = field(default_factory=lambda: [[]])  # each page's footnotes

    @property
    def bottom(self) -> float:
        return self.layout.page_height - self.layout.margin_bottom - self.shorten.get(len(self.pages) - 1, 0.0)

    @property
    def top_next(self) -> float:
        return body_top_next(self.layout)

    @property
    def left(self) -> float:
        return self.layout.margin_left

    @property
    def width(self) -> float:
        return self.layout.page_width - self.layout.margin_left - self.layout.margin_right

    def new_page(self) -> None:
        self.ends.append(self.y)
        self.pages.append([])
        self.feet.append([])
        self.y = self.top_next

    def room(self) -> float:
        """Height left for text on this page, above the footnotes placed on it."""
        feet = self.feet[-1]
        return self.bottom - self.y - (foot_height(feet) if feet else 0.0)

    def at_page_top(self) -> bool:
        return self.y <= (self.top_next if len(self.pages) > 1 else self.layout.body_top_first) + 0.01

    def place(self, line: Line, x: float, leading: float) -> None:
        self.pages[-1].append(PlacedLine(line, x, self.y + leading * 0.78))
        self.y += leading


@dataclass(frozen=True)
class _Block:
    lines: tuple[Line, ...]
    leading: float
    space_before: float
    x: float
    keep_with_next: bool = False
    marker: tuple[Line, float] | None = None  # a list number or label, and its x, on the first line
    notes: tuple[tuple[SetNote, ...], ...] = ()  # per line: the footnotes it refers to


class Typesetter:
    """Sets text with the batch's fonts; one per document. It carries the build's caches (as
    WeasyPrint's ``LayoutContext`` does) to every paragraph it sets: ``cache`` (None: the
    environment's, for a caller without a build)."""

    def __init__(self, fonts: FontSet, cache: CacheContext | None = None):
        self.fonts = fonts
        self.cache = cache

    def lines(self, runs: tuple[Run, ...], size: float, width: float, align: Align = "start",
              indent: float = 0.0, kashida: bool = False) -> tuple[Line, ...]:
        """The runs set in ``width``; "start" is the left of a left-to-right paragraph and the
        right of a right-to-left one (:func:`letterpress.text.direction_of` its language)."""
        if not runs or not any(run.text for run in runs):
            return ()
        return set_paragraph(runs, self.fonts, size=size, width=width, align=align, first_line_indent=indent,
                             kashida=kashida, cache=self.cache)

    def text(self, text: str, language: str, size: float, width: float, align: Align = "start",
             style="regular") -> tuple[Line, ...]:
        """One plain text in one language and style, set in ``width``."""
        return self.lines((Run(text, language, style),), size, width, align)


def typeset_document(document: Document, fonts: FontSet, *, show_windows: bool = False,
                     cache: CacheContext | None = None) -> TypesetDocument:
    """The composed copy on its pages, set with ``fonts``; ``cache``: the build's caches (None: the
    environment's)."""
    layout = page_layout(document)
    setter = Typesetter(fonts, cache)
    first: list = []  # page 1's placed lines and images
    rules: list[PlacedRule] = []
    _letterhead(document, layout, setter, first)
    place_address(document.address, document.recipient_id, layout, setter, first, rules)
    _date_line(document, layout, setter, first)
    rules += _marks(layout)
    if show_windows:  # the address field, and around it the window it shows through
        field = layout.address_field
        rules += rectangle(field.x, field.y, field.width, field.height)
        window = window_on_sheet(layout)
        rules += rectangle(window.x, window.y, window.width, window.height)

    language = document.language
    leading = leading_for(language, BODY_SIZE)
    paragraph_gap = leading * 0.6
    width = layout.page_width - layout.margin_left - layout.margin_right
    blocks: list[_Block] = []

    note_leading = leading_for(language, NOTE_SIZE)
    label_indent = _label_indent(document, setter)
    number_indent = _number_indent(document, setter) if any(block.marker for block in document.body) else 0.0

    form = document.form

    def add(block: TextBlock, space_before: float, keep: bool = False, into: list | None = None,
            first: float = 0.0) -> None:
        indent = BODY_SIZE * 1.2 if block.bullet else 0.0
        right = 0.0
        if block.quote:  # a block quotation: indented on both sides, as LaTeX's quote
            indent, right = indent + BODY_SIZE * 2, BODY_SIZE * 2
        runs = block.runs
        if block.bullet:
            runs = (Run("•\u2002", language, "regular"),) + runs
        marker = None
        if block.marker or block.role in ("enclosures", "cc"):
            hang = label_indent if block.role in ("enclosures", "cc") else number_indent
            if block.marker:
                mark = setter.text(block.marker, language, BODY_SIZE, 10_000, align="left")[0]
                # numbers end flush before the text (as LaTeX's enumerate); labels start at the margin;
                # a right-to-left copy mirrors both: the number sits right of the text it heads
                gap = BODY_SIZE * 0.4
                start = indent + (hang - gap - mark.width if block.role == "body" else 0.0)
                if direction_of(language) == "rtl":
                    start = width - start - mark.width
                marker = (mark, layout.margin_left + start)
            indent += hang
        if block.role == "body" and not (block.bullet or block.marker or block.quote):
            first = form.paragraph_indent * BODY_SIZE  # the language's paragraph indent (zh 2, ja 1 em)
        lines = setter.lines(runs, BODY_SIZE, width - indent - right, block.align, first, document.kashida)
        # the indent is on the start side: the right of a right-to-left copy
        x = layout.margin_left + (indent if direction_of(language) == "ltr" else right)
        notes = tuple(set_note(note, language, setter, width, note_leading) for note in block.notes)
        by_line = tuple(notes_by_line(lines, notes)) if notes else ()
        (blocks if into is None else into).append(
            _Block(lines, leading, space_before, x, keep, marker, by_line))

    add(document.subject, 0.0, keep=True)
    add(document.salutation, leading, keep=True)
    for index, block in enumerate(document.body):
        previous = document.body[index - 1] if index else None
        in_list = previous is not None and (block.bullet and previous.bullet or block.marker and previous.marker)
        # the last paragraph keeps at least two of its lines with the closing
        add(block, 2.0 if in_list else paragraph_gap, keep=index == len(document.body) - 1)
    for index, part in enumerate(document.closing_lines or (document.closing,)):
        add(part, paragraph_gap if index == 0 else 0.0, keep=True, first=form.closing_indent(index) * BODY_SIZE)
    for index, part in enumerate(document.after_closing):  # the sender and the date, where the form puts them
        add(part, leading if index == 0 else 0.0, keep=True)
    if document.signatories_heading:
        add(document.signatories_heading, leading, keep=True)

    signatory_leading = leading_for(language, SIGNATORY_SIZE)
    after: list[_Block] = []  # enclosures and cc, after the signatures (KOMA-Script's \encl, \cc)
    for group in (document.enclosures, document.cc):
        for index, block in enumerate(group):
            add(block, (leading if not after else paragraph_gap) if index == 0 else 0.0,
                keep=index + 1 < len(group), into=after)

    # set once: the page balancer may flow the letter several times
    signatures = measure(document.signatories, setter, SIGNATORY_SIZE, signatory_leading, width) \
        if document.signatories else None

    def flow_letter(tightening: float, shorten: dict[int, float]) -> _Flow:
        flow = _Flow(layout, [list(first)], layout.body_top_first, dict(shorten))
        _flow_blocks(flow, blocks, first_entry_height=signatory_leading * 2)
        if signatures is not None:
            place_signatories(flow, signatures, signatory_leading, tightening=tightening)
        if after:
            _flow_blocks(flow, after, first_entry_height=0.0)
        return flow

    flow = balance_pages(flow_letter, signatory_leading,
                         key=_flow_key(layout, blocks, after, signatures, signatory_leading))

    pages = []
    total = len(flow.pages)
    for number, placed in enumerate(flow.pages, start=1):
        note_lines, note_rules = place_notes(flow.feet[number - 1], layout.margin_left,
                                             layout.page_height - layout.margin_bottom)
        page_rules = (list(rules) if number == 1 else []) + [i for i in placed if isinstance(i, PlacedRule)]
        page_rules += note_rules
        page_lines = [item for item in placed if isinstance(item, PlacedLine)] + note_lines
        if number > 1:
            page_lines += _running_header(document, layout, setter, number, total, page_rules)
        page_images = tuple(item for item in placed if isinstance(item, PlacedImage))
        pages.append(Page(tuple(page_lines), tuple(page_rules), page_images))
    meta = document.metadata
    info = PdfInfo(meta.title, meta.author, meta.subject, meta.keywords, meta.language)
    return TypesetDocument(layout.page_width, layout.page_height, tuple(pages), info)


def _flow_key(layout: PageLayout, blocks: list[_Block], after: list[_Block], signatures: Measured | None,
              signatory_leading: float) -> tuple | None:
    """What the flow of the text reads, for reusing the page balance found for an alike copy: the
    page's heights (not the layout's name: layouts that differ only in their window flow alike), the
    blocks' line counts and spacing, before and after the signatures, and the signatory block's
    columns and entries (their lines, so the fonts and measure that set them, and heights); None with
    footnotes, whose heights vary line by line."""
    if any(block.notes for block in blocks + after):
        return None

    def spacing(group: list[_Block]) -> tuple:
        return tuple((len(b.lines), b.leading, b.space_before, b.keep_with_next) for b in group)

    block = None if signatures is None else (signatures.columns, tuple(
        (len(entry.lines), entry.height, entry.signature is not None) for entry in signatures.entries))
    return (layout.page_height, layout.margin_bottom, layout.body_top_first, body_top_next(layout),
            signatory_leading, spacing(blocks), spacing(after), block)


def page_layout(document: Document) -> PageLayout:
    """The page layout a copy is set in: the one its recipient or letter names, else its destination
    country's national layout (:func:`letterpress.paper.layout_for`)."""
    return layout_for(document.destination, override=document.requested_layout)


def _flow_blocks(flow: _Flow, blocks: list[_Block], first_entry_height: float) -> None:
    """Place blocks with keeps: no paragraph leaves fewer than two lines at a page's foot (orphan) or
    carries fewer than two to the next (widow); a keep-with-next block's last lines (all of a short
    block, two of a long one) share their page with what must follow them.  A line that refers to a
    footnote goes on a page only with room for the note at its foot."""
    for index, block in enumerate(blocks):
        if not flow.at_page_top():
            flow.y += block.space_before
        lines = list(block.lines)
        notes = list(block.notes)  # empty, or one tuple of notes per line
        marker = block.marker
        tail = _kept_after(blocks, index, first_entry_height) if block.keep_with_next else 0.0

        def place(count: int) -> None:
            nonlocal lines, notes, marker
            if marker is not None and count:  # the list number, on the item's first line
                flow.pages[-1].append(PlacedLine(marker[0], marker[1], flow.y + block.leading * 0.78))
                marker = None
            for line in lines[:count]:
                flow.place(line, block.x, block.leading)
            if notes:
                for line_notes in notes[:count]:
                    flow.feet[-1].extend(line_notes)
                notes = notes[count:]
            lines = lines[count:]

        while lines:
            room = flow.room()
            if notes:  # lines that bring footnotes to the page's foot
                fit = _fit(flow, block.leading, notes)
                height = _height(lines, notes, block.leading, flow)
            else:
                fit = int((room + 0.01) // block.leading)
                height = len(lines) * block.leading
            if len(lines) <= fit and height + tail <= room + 0.01:
                place(len(lines))
                break
            # Too long for the page, or what must follow it is: the last two lines (at least) go over.
            take = min(fit, len(lines) - 2)
            if take < 2:  # an orphan, or nothing: the whole block moves on
                if not flow.at_page_top():
                    flow.new_page()
                    continue
                if len(lines) <= fit:  # a fresh page cannot do better
                    place(len(lines))
                    break
                take = max(fit, 1)  # a page that cannot hold two lines: give what fits
            place(take)
            flow.new_page()


def _fit(flow: _Flow, leading: float, notes: list[tuple[SetNote, ...]]) -> int:
    """How many lines fit on this page, each with the footnotes it refers to."""
    room = flow.room() + 0.01
    if not notes or not any(notes):
        return int(room // leading)
    has_notes = bool(flow.feet[-1])
    used = 0.0
    for count, line_notes in enumerate(notes):
        extra = sum(note.height for note in line_notes)
        if line_notes and not has_notes:
            extra += SEPARATOR  # the rule above a page's first note
        if used + leading + extra > room:
            return count
        used += leading + extra
        has_notes = has_notes or bool(line_notes)
    return len(notes) + int((room - used) // leading)


def _height(lines: list, notes: list[tuple[SetNote, ...]], leading: float, flow: _Flow) -> float:
    """The height lines take on the page, with the notes they bring to its foot."""
    brought = [note for line_notes in notes for note in line_notes] if notes else None
    if not brought:
        return len(lines) * leading
    return len(lines) * leading + foot_height(flow.feet[-1] + brought) - foot_height(flow.feet[-1])


def _number_indent(document: Document, setter: Typesetter) -> float:
    """The hanging indent of numbered items: room for the widest number, at least 1.5 em."""
    widths = [setter.text(block.marker, document.language, BODY_SIZE, 10_000)[0].width
              for block in document.body if block.marker]
    return max([BODY_SIZE * 1.5] + [width + BODY_SIZE * 0.4 for width in widths])


def _label_indent(document: Document, setter: Typesetter) -> float:
    """Enclosures and cc items align after the wider of the two labels."""
    labels = [block.marker for block in document.enclosures + document.cc if block.marker]
    widths = [setter.text(label, document.language, BODY_SIZE, 10_000)[0].width for label in labels]
    return max(widths, default=0.0) + BODY_SIZE * 0.5 if widths else 0.0


def _kept_after(blocks: list[_Block], index: int, first_entry_height: float) -> float:
    """The height that must follow block ``index`` on its page: the next block's first two lines (all of
    it when it is too short to split, and then what it keeps in turn), or the first signatory rows."""
    if index + 1 >= len(blocks):
        return first_entry_height
    following = blocks[index + 1]
    if len(following.lines) >= 4:  # splittable: its own keeps are settled when it is placed
        return following.space_before + 2 * following.leading
    height = following.space_before + len(following.lines) * following.leading
    if following.keep_with_next:
        height += _kept_after(blocks, index + 1, first_entry_height)
    return height


def _letterhead(document: Document, layout: PageLayout, setter: Typesetter, out: list) -> None:
    head = document.letterhead
    box = layout.letterhead
    y = box.y
    # a right-to-left letterhead is mirrored within the text's measure (the window below stays where
    # the envelope has it): the name ends where the text's lines end, whatever the two margins are,
    # and the logo is on its left
    rtl = direction_of(head.language) == "rtl"
    if rtl:
        text_right = layout.page_width - layout.margin_right
        box = replace(box, x=layout.margin_left + text_right - box.x - box.width)
    if head.logo is not None:
        size = min(box.height, 48.0)
        out.append(PlacedImage(head.logo, box.x if rtl else box.x + box.width - size, box.y, size, size))
    # The sender's name at the largest size (14 pt down to 10 pt) that keeps it to two lines.
    for size in (LETTERHEAD_SIZE, 13.0, 12.0, 11.0, 10.0):
        name_lines = setter.text(head.name, head.language, size, box.width * 0.85, style="bold")
        if len(name_lines) <= 2:
            break
    for line in name_lines:
        out.append(PlacedLine(line, box.x + (box.width * 0.15 if rtl else 0.0), y + size))
        y += size * 1.25
    details = [" · ".join(head.address)]
    if head.contact:
        details.append(head.contact)
    y += 2
    for detail in details:
        for line in setter.text(detail, head.language, 8.0, box.width):
            out.append(PlacedLine(line, box.x, y + 8.0))
            y += 10.5


def place_address(block: AddressBlock, recipient_id: str, layout: PageLayout, setter: Typesetter, out: list,
                  rules: list) -> None:
    """The return line and the address in the window (:mod:`.window`); an InputError naming the
    recipient if they cannot fit."""
    field = layout.address_field
    x = field.x + (5 * 72 / 25.4 if layout.return_line_height else 0)  # DIN 5008: 5 mm indent
    width = field.x + field.width - x
    window = f"window ({layout.title})"
    y = field.y
    if layout.return_line_height:
        # inside the window, and not past the text's right edge where the window reaches beyond it
        right = min(field.right, layout.page_width - layout.margin_right)
        line, _ = fit_return_line(setter, block.return_forms or (block.return_line,), block.language, right - x,
                                  window=window)
        out.append(PlacedLine(line, x, y + layout.return_line_height * 0.7))
        rules.append(PlacedRule(x, y + layout.return_line_height - 1, x + line.width,
                                y + layout.return_line_height - 1, 0.3))
        y += layout.return_line_height
    fitted = fit_address(setter, block.lines, block.language, width=width, height=field.bottom - y,
                         nominal=layout.address_size, minimum=layout.address_min_size, window=window,
                         recipient_id=recipient_id, where=block.where, optional=block.optional_lines,
                         optional_after=block.optional_after)
    for line in fitted.lines:
        out.append(PlacedLine(line, x, y + fitted.size))
        y += fitted.leading


def address_problems(addresses: Mapping[str, tuple[AddressBlock, str]],
                     fonts_for: Callable[[str], FontSet], cache: CacheContext | None = None) -> list[InputError]:
    """Each recipient's address (its block and its page layout's name) set in its layout's window:
    lines that do not fit are errors now, before any copy is written (one per recipient: its copies
    share the window's text)."""
    problems: list[InputError] = []
    for recipient_id, (block, layout_name) in sorted(addresses.items()):
        attempt(problems, lambda: place_address(block, recipient_id, load_layout(layout_name),
                                                Typesetter(fonts_for(recipient_id), cache), [], []))
    return problems


def _date_line(document: Document, layout: PageLayout, setter: Typesetter, out: list) -> None:
    width = layout.page_width - layout.margin_left - layout.margin_right
    y = layout.date_top
    form = document.form
    texts = [document.date_line] if form.date == "top" else []  # else it follows the closing
    if document.reference_line:
        texts.insert(0, document.reference_line)
    # the layout's side for the date is its side in a left-to-right letter: a right-to-left
    # copy mirrors it (a date on the right goes to the left, the end of an Arabic line)
    side = layout.date_align if form.date_align == "layout" else form.date_align
    align = {"left": "start", "right": "end"}.get(side, side)
    for text in texts:
        for line in setter.text(text, document.language, BODY_SIZE, width, align=align):
            out.append(PlacedLine(line, layout.margin_left, y + BODY_SIZE))
            y += leading_for(document.language, BODY_SIZE)


def _marks(layout: PageLayout) -> list[PlacedRule]:
    """Fold and punch marks at the left edge, as DIN 5008 and KOMA-Script draw them."""
    marks = [PlacedRule(9.0, y, 17.0, y, 0.3, 0.4) for y in layout.fold_marks]
    if layout.punch_mark is not None:
        marks.append(PlacedRule(9.0, layout.punch_mark, 20.0, layout.punch_mark, 0.3, 0.4))
    return marks


def _running_header(document: Document, layout: PageLayout, setter: Typesetter, number: int, total: int,
                    rules: list) -> list[PlacedLine]:
    width = layout.page_width - layout.margin_left - layout.margin_right
    y = layout.margin_top
    size = HEADER_SIZE
    placed = []
    label = setter.text(page_label(number, total, document.language), document.language, size, width,
                        align="end")
    header = setter.text(document.running_header, document.language, size, width * 0.7)
    if header:
        rtl = direction_of(document.language) == "rtl"
        placed.append(PlacedLine(header[0], layout.margin_left + (width * 0.3 if rtl else 0.0), y + size))
    if label:
        placed.append(PlacedLine(label[0], layout.margin_left, y + size))
    rules.append(PlacedRule(layout.margin_left, y + HEADER_RULE, layout.page_width - layout.margin_right,
                            y + HEADER_RULE, 0.3, 0.5))
    return placed
