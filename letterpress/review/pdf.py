"""review.pdf: the same sheet on paper, A4 landscape, a few copies to a page (reportlab).

It is a working document for the people signing off the copies, not a letter: it uses the
PDF standard Helvetica (not embedded) for its few Latin labels; every text of the letters
themselves appears only in the page images.
"""
from __future__ import annotations

import io

from . import CopyReview, PageImage, Review

_RED = (0.82, 0.12, 0.12)
ROW = 170  # points per copy: three to a page
MARGIN = 28
THUMB_HEIGHT = 158
TEXT_COLUMN = 170  # points: the copy's facts and warnings, left of its pages


def render_pdf(review: Review) -> bytes:
    """The review as PDF bytes: A4 landscape, a few copies to a page, the same bytes for the same review."""
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.pdfgen.canvas import Canvas

    width, height = landscape(A4)
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=(width, height), invariant=1)  # the same review, the same bytes
    canvas.setTitle(f"Review of {review.letter}")
    canvas.setCreator("letterpress review")
    y = _header(canvas, review, width, height)
    for copy in review.copies:
        if y - ROW < MARGIN:
            canvas.showPage()
            y = height - MARGIN
        _row(canvas, copy, y, width)
        y -= ROW
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def _header(canvas, review: Review, width: float, height: float) -> float:
    y = height - MARGIN - 14
    canvas.setFont("Helvetica-Bold", 14)
    canvas.drawString(MARGIN, y, f"Review of {review.letter}: {len(review.copies)} copies in {review.out}")
    canvas.setFont("Helvetica", 9)
    lines = []
    if review.old is not None:
        lines.append(f"Compared with {review.old}: {len(review.changed)} changed or new, "
                     f"{len(review.removed)} removed" + (f" ({', '.join(review.removed)})" if review.removed else ""))
    lines.extend(review.notes)
    for line in lines:
        y -= 12
        canvas.drawString(MARGIN, y, line)
    return y - 10


def _row(canvas, copy: CopyReview, top: float, width: float) -> None:
    from reportlab.lib.utils import simpleSplit

    changed = copy.status in ("changed", "new")
    canvas.setStrokeColorRGB(*(_RED if changed else (0.75, 0.75, 0.75)))
    canvas.setLineWidth(2 if changed else 0.5)
    canvas.rect(MARGIN - 4, top - ROW + 6, width - 2 * MARGIN + 8, ROW - 8)
    # Left: what the copy is, and its warnings; right: its pages.
    canvas.setFillColorRGB(*(_RED if changed else (0, 0, 0)))
    canvas.setFont("Helvetica-Bold", 10)
    canvas.drawString(MARGIN, top - 16, copy.file)
    canvas.setFillColorRGB(0, 0, 0)
    lines = [(f"recipient {copy.recipient}", False), (f"language {copy.language}", False),
             (f"{copy.pages} page{'s' if copy.pages != 1 else ''}", False)]
    if copy.status:
        lines.append((copy.status.upper() + (f": pages {', '.join(str(p.number) for p in copy.differences)}"
                                             if copy.differences else ""), changed))
    shown = _shown(copy, width)
    if len(copy.differences) > shown:
        lines.append((f"{len(copy.differences) - shown} more changed pages in review.html", True))
    for warning in copy.warnings:
        lines += [(f"! {part}" if i == 0 else f"  {part}", True)
                  for i, part in enumerate(simpleSplit(warning, "Helvetica", 8.5, TEXT_COLUMN - 8))]
    y = top - 30
    for text, alert in lines:
        canvas.setFillColorRGB(*((0.6, 0.23, 0) if alert else (0.2, 0.2, 0.2)))
        canvas.setFont("Helvetica", 8.5)
        canvas.drawString(MARGIN, y, text)
        y -= 11
    canvas.setFillColorRGB(0, 0, 0)
    images = _images(copy)
    x = MARGIN + TEXT_COLUMN
    for page, caption, marked in images[:len(images) - len(copy.differences) + shown]:
        x = _image(canvas, page, caption, x, top - 10, marked)


def _images(copy: CopyReview) -> list[tuple[PageImage, str, bool]]:
    images: list[tuple[PageImage, str, bool]] = [(copy.first, "first page", False)]
    if copy.last.number != copy.first.number:
        images.append((copy.last, f"signature page ({copy.last.number})", False))
    if copy.window is not None:
        images.append((copy.window, "in the envelope window", False))
    return images + [(page, f"p. {page.number}: {page.note}", True) for page in copy.differences]


def _shown(copy: CopyReview, width: float) -> int:
    """How many of the copy's changed pages fit on its row."""
    x = MARGIN + TEXT_COLUMN
    fitting = 0
    for page, _, marked in _images(copy):
        x += max(_fitted(page)[0], 60) + 10
        if x > width - MARGIN:
            break
        fitting += marked
    return fitting


def _fitted(page: PageImage) -> tuple[float, float]:
    scale = min((THUMB_HEIGHT - 14) / page.height, 220 / page.width)
    return page.width * scale, page.height * scale


def _image(canvas, page: PageImage, caption: str, x: float, top: float, marked: bool) -> float:
    from reportlab.lib.utils import ImageReader

    w, h = _fitted(page)
    canvas.drawImage(ImageReader(io.BytesIO(page.png)), x, top - h, w, h)
    canvas.setStrokeColorRGB(*(_RED if marked else (0.6, 0.6, 0.6)))
    canvas.setLineWidth(1.5 if marked else 0.4)
    canvas.rect(x, top - h, w, h)
    canvas.setFont("Helvetica", 7.5)
    canvas.drawString(x, top - h - 9, caption)
    return x + max(w, 60) + 10
