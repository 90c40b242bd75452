"""Stage 4b: draw typeset pages into PDF bytes with reportlab.

reportlab provides the document structure (pages, images, compression, the
info dictionary, /Lang); glyphs are drawn by id through :mod:`.pdffont`, so no
font is ever registered in reportlab's process-wide registry. What reportlab offers no
public API for is done in :mod:`.reportlab_adapter`, and only there. The output is
deterministic under ``SOURCE_DATE_EPOCH``: reportlab's invariant mode then takes the dates from
it and fixes the file id. Without it, the dates are the build's time (invariant mode alone would
date every PDF 1 January 2000).
"""
from __future__ import annotations

import io
import os
import struct
from typing import Sequence

from reportlab.pdfgen.canvas import Canvas

from ..layout.types import DRAWN, GlyphRun
from ..typeset.page import Page, PlacedImage, PlacedLine, PlacedRule, TypesetDocument
from ..errors import InputError
from . import reportlab_adapter
from .pdffont import EmbeddedFonts, pdf_widths, resource_name, width_units

__all__ = ["render_pdf", "render_packet", "MissingGlyphError"]

PRODUCER = "letterpress"


class MissingGlyphError(InputError):
    """A glyph the face does not have reached the renderer (the preflight should have caught it)."""


def render_pdf(document: TypesetDocument) -> bytes:
    """One typeset document as PDF bytes."""
    return render_packet((document,))


def render_packet(documents: Sequence[TypesetDocument]) -> bytes:
    """Several typeset documents, page after page, in one PDF (each page keeps its own size)."""
    document = documents[0]
    buffer = io.BytesIO()
    canvas = reportlab_adapter.new_canvas(buffer, document.width, document.height,
                                          invariant=bool(os.environ.get("SOURCE_DATE_EPOCH", "").strip()),
                                          lang=document.info.language)
    info = document.info
    canvas.setTitle(info.title)
    canvas.setAuthor(info.author)
    canvas.setSubject(info.subject)
    canvas.setKeywords(info.keywords)
    canvas.setCreator(PRODUCER)
    canvas.setProducer(PRODUCER)
    fonts = EmbeddedFonts()
    reportlab_adapter.on_save(canvas, fonts.add_objects)
    for part in documents:
        for page in part.pages:
            canvas.setPageSize((part.width, part.height))
            _draw_page(canvas, fonts, page, part.height)
            canvas.showPage()
    reportlab_adapter.save(canvas)
    return buffer.getvalue()


def _draw_page(canvas: Canvas, fonts: EmbeddedFonts, page: Page, height: float) -> None:
    for rule in page.rules:
        _draw_rule(canvas, rule, height)
    for image in page.images:
        _draw_image(canvas, image, height)
    ops: list[str] = ["BT"]
    for placed in page.lines:
        ops += _line_ops(fonts, placed, height)
    ops.append("ET")
    if len(ops) > 2:
        canvas.addLiteral("\n".join(ops))


def _fmt(value: float) -> str:
    text = f"{value:.3f}".rstrip("0").rstrip(".")
    return text if text not in ("-0", "") else "0"


def _line_ops(fonts: EmbeddedFonts, placed: PlacedLine, height: float) -> list[str]:
    line = placed.line
    cached = line.__dict__.get(DRAWN)
    if cached is None:
        # A line is set once and drawn in every copy that shares it: its operators are
        # position-independent (Td moves from the line's origin) and kept on the line
        # (and with it in the line cache on disk).
        cached = line.__dict__[DRAWN] = _relative_ops(line)
    for run in line.runs:
        if run.glyphs:
            fonts.record_run(run)
    return [f"1 0 0 1 {_fmt(placed.x)} {_fmt(height - placed.baseline)} Tm", cached]


def _relative_ops(line) -> str:
    ops: list[str] = []
    origin = 0.0  # x of the current text line matrix, relative to the line's start
    for run in line.runs:
        if not run.glyphs:
            continue
        face = run.face
        if 0 in run.glyphs:
            raise MissingGlyphError(f"no glyph for {run.text!r} in {face.family}: refusing to draw tofu")
        ops.append(f"/{resource_name(face)} {_fmt(run.size)} Tf")
        if face.synthetic_bold:
            # No bold in the family: stroke the outlines (about 2.5% of the size) to embolden.
            ops.append(f"2 Tr {_fmt(run.size * 0.025)} w")
        mode = "2 Tr" if face.synthetic_bold else "0 Tr"
        for part, actual_text in _spans(run):
            if actual_text is not None:
                # a cluster whose glyphs do not give its text back one by one (a vowel drawn before
                # its consonant, a split vowel, a letter drawn as a base and its dots): text
                # extraction reads this instead (PDF 14.9.4)
                ops.append(f"/Span <</ActualText <FEFF{actual_text.encode('utf-16-be').hex().upper()}>>> BDC")
                if part.offsets[0] != (0.0, 0.0):
                    origin = _anchor(part, part.x, ops, origin, mode)
            if any(dx or dy for dx, dy in part.offsets):
                origin = _offset_run_ops(part, ops, origin)
            else:
                ops.append(f"{_fmt(part.x - origin)} 0 Td [{_tj_operands(part)}] TJ")
                origin = part.x
            if actual_text is not None:
                if part.offsets[-1] != (0.0, 0.0) or not part.advances[-1]:
                    end = part.x + sum(part.advances) - width_units(face, part.glyphs[0]) * part.size / 1000
                    origin = _anchor(part, end, ops, origin, mode)
                ops.append("EMC")
        if face.synthetic_bold:
            ops.append("0 Tr")
    return "\n".join(ops)


def _anchor(part, x: float, ops: list[str], origin: float, mode: str) -> float:
    """An invisible copy (render mode 3) of the span's first glyph, on the baseline at ``x``.

    Readers place an ActualText span from the pen position of its first glyph to the end of its
    last one (poppler's TextPage::addChar): a mark drawn first or last, raised or shifted, would
    misplace the text, so the span starts and ends with a glyph on the baseline instead."""
    ops.append(f"3 Tr {_fmt(x - origin)} 0 Td <{part.face.pdf_code(part.glyphs[0]):04X}> Tj {mode}")
    return x


def _spans(run):
    """(part of the run, its ActualText or None), left to right: the run whole when every cluster
    maps back to its text glyph by glyph (the usual case)."""
    if not run.actual_texts:
        return ((run, None),)
    parts = []
    at = 0
    x = run.x
    for start, end, text in run.actual_texts:
        for first, stop, actual in ((at, start, None), (start, end, text)):
            if first < stop:
                parts.append((_slice(run, first, stop, x), actual))
                x += sum(run.advances[first:stop])
        at = end
    if at < len(run.glyphs):
        parts.append((_slice(run, at, len(run.glyphs), x), None))
    return parts


def _slice(run, start: int, end: int, x: float) -> GlyphRun:
    return GlyphRun(run.face, run.size, x, run.glyphs[start:end], run.advances[start:end], run.offsets[start:end],
                    run.texts[start:end])


def _tj_operands(run) -> str:
    """The TJ array of a run whose glyphs all sit on the pen: hex strings of codes, each followed by
    the glyph's departure from its natural width (justification, kerning) in thousandths of an em.

    This is the hot loop of rendering (every glyph of every line), so it works on whole runs:
    codes are packed and hex-encoded in one call per stretch of unadjusted glyphs.
    """
    face = run.face
    widths = pdf_widths(face)
    glyphs = run.glyphs
    codes = [face.cids[g] for g in glyphs] if face.cids is not None else glyphs
    scale = 1000 / run.size
    # to 0.1 thousandth of an em: at most 0.001 pt off per glyph
    adjusts = [round(advance * scale - widths[glyph], 1) for glyph, advance in zip(glyphs, run.advances)]
    operands: list[str] = []
    start = 0  # first code since the last adjustment
    for index, adjust in enumerate(adjusts):
        if adjust:
            operands.append(f"<{_hex(codes[start:index + 1])}>")
            operands.append(_fmt(-adjust))
            start = index + 1
    if start < len(codes):
        operands.append(f"<{_hex(codes[start:])}>")
    return " ".join(operands)


def _hex(codes) -> str:
    return struct.pack(f">{len(codes)}H", *codes).hex().upper()


def _offset_run_ops(run, ops: list[str], origin: float) -> float:
    """A run with positioned glyphs (marks, offsets): each such glyph gets its own Td."""
    face = run.face
    x = run.x
    pending: list[str] = []  # TJ operands: hex strings of codes and spacing adjustments
    start_x = x
    for glyph, advance, (dx, dy) in zip(run.glyphs, run.advances, run.offsets):
        if dx or dy:
            if pending:
                ops.append(f"{_fmt(start_x - origin)} 0 Td [{' '.join(pending)}] TJ")
                origin, pending = start_x, []
            ops.append(f"{_fmt(x + dx - origin)} {_fmt(dy)} Td <{face.pdf_code(glyph):04X}> Tj 0 {_fmt(-dy)} Td")
            origin = x + dx
            x += advance
            start_x = x
            continue
        code = f"{face.pdf_code(glyph):04X}"
        if pending and pending[-1].endswith(">"):
            pending[-1] = pending[-1][:-1] + code + ">"  # consecutive glyphs share one string
        else:
            pending.append(f"<{code}>")
        natural = width_units(face, glyph) * run.size / 1000
        adjust = round((advance - natural) * 1000 / run.size, 1)
        if adjust:
            pending.append(_fmt(-adjust))
        x += advance
    if pending:
        ops.append(f"{_fmt(start_x - origin)} 0 Td [{' '.join(pending)}] TJ")
        origin = start_x
    return origin


def _draw_rule(canvas: Canvas, rule: PlacedRule, height: float) -> None:
    canvas.saveState()
    canvas.setLineWidth(rule.width)
    canvas.setStrokeGray(rule.gray)
    canvas.line(rule.x1, height - rule.y1, rule.x2, height - rule.y2)
    canvas.restoreState()


def _draw_image(canvas: Canvas, image: PlacedImage, height: float) -> None:
    if image.path.suffix.lower() == ".svg":
        _draw_svg(canvas, image, height)
        return
    canvas.drawImage(str(image.path), image.x, height - image.y - image.height, image.width, image.height,
                     preserveAspectRatio=True, anchor="sw", mask="auto")


def _draw_svg(canvas: Canvas, image: PlacedImage, height: float) -> None:
    """An SVG signature, scaled into its box keeping its proportions (svglib turns it into a drawing)."""
    from reportlab.graphics import renderPDF
    from svglib.svglib import svg2rlg

    drawing = svg2rlg(str(image.path))
    if drawing is None or not drawing.width or not drawing.height:
        return
    scale = min(image.width / drawing.width, image.height / drawing.height)
    canvas.saveState()
    canvas.translate(image.x, height - image.y - drawing.height * scale)
    canvas.scale(scale, scale)
    renderPDF.draw(drawing, canvas, 0, 0)
    canvas.restoreState()
