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
from typing import Sequence

from reportlab.lib.rl_accel import fp_str
from reportlab.pdfgen.canvas import Canvas

from ..cache.context import CacheContext, given
from ..typeset.page import Page, PlacedImage, PlacedRule, TypesetDocument
from . import reportlab_adapter
from .line_ops import MissingGlyphError
from .page_text import PageTexts
from .pdffont import EmbeddedFonts

__all__ = ["render_pdf", "render_packet", "MissingGlyphError"]

PRODUCER = "letterpress"


def render_pdf(document: TypesetDocument, cache: CacheContext | None = None) -> bytes:
    """One typeset document as PDF bytes; ``cache``: the build's caches, where drawn lines and
    font programs are kept (None: the environment's)."""
    return render_packet((document,), cache)


def render_packet(documents: Sequence[TypesetDocument], cache: CacheContext | None = None) -> bytes:
    """Several typeset documents, page after page, in one PDF (each page keeps its own size)."""
    cache = given(cache)
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
    fonts = EmbeddedFonts(cache)
    reportlab_adapter.on_save(canvas, fonts.add_objects)
    texts = PageTexts(cache)
    for part in documents:
        for page in part.pages:
            canvas.setPageSize((part.width, part.height))
            _draw_page(canvas, fonts, texts, page, part.height)
            canvas.showPage()
    reportlab_adapter.save(canvas, texts.compressed)
    return buffer.getvalue()


def _draw_page(canvas: Canvas, fonts: EmbeddedFonts, texts: PageTexts, page: Page, height: float) -> None:
    for rule in page.rules:
        _draw_rule(canvas, rule, height)
    for image in page.images:
        _draw_image(canvas, image, height)
    if page.lines:
        fonts.record(page.lines)
        # the text goes in when the document is saved, and only if the page is not kept already
        canvas.addLiteral(texts.add(page.lines, height))


def _draw_rule(canvas: Canvas, rule: PlacedRule, height: float) -> None:
    # What saveState, setLineWidth, setStrokeGray, line and restoreState write, numbers formatted
    # by reportlab's fp_str, in one literal: each of the five calls also keeps canvas state that the
    # restore throws away (tests/render/test_rules.py compares the two).
    canvas.addLiteral(f"q\n{fp_str(rule.width)} w\n{fp_str(rule.gray)} G\n"
                      f"n {fp_str(rule.x1, height - rule.y1)} m {fp_str(rule.x2, height - rule.y2)} l S\nQ")


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
