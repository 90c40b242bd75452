"""The review sheet: every copy of a build side by side, and what changed since another build.

    collect(out, old)  ->  Review  ->  html.render_html / pdf.render_pdf

For each letter copy in a build folder's manifest: thumbnails of its first page and its
signature (last) page, the part of the first page that shows through the envelope window
(cut from the page by the layout's window geometry), its page count, and warnings worth a
look before printing: an address not verified yet, a text identical to another language's
(not translated?) or still the template, a last page holding only a few lines. Given an older build folder, every
copy is compared page by page on rendered pixels, and the pages that differ are shown with
the differing pixels marked.

Pages are rendered with pdfium (pypdfium2), an independent reader of what letterpress wrote.
"""
from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import InputError, Location

if TYPE_CHECKING:
    from PIL.Image import Image

    from ..model import Project

THUMB_WIDTH = 220  # pixels: a page's thumbnail
WINDOW_SCALE = 2.0  # pixels per point for the window cut-out (144 dpi: the address is readable)
DIFF_SCALE = 0.75  # pixels per point for page comparison (54 dpi: a changed word shows)
SLIVER_LINES = 4  # a last page with fewer lines of text than this, below its running header, is a sliver


@dataclass(frozen=True)
class PageImage:
    """One page (or the window cut-out) rendered as PNG."""

    number: int  # 1-based
    png: bytes
    width: int
    height: int
    note: str = ""  # for a compared page: "changed", "new page", "removed page"


@dataclass(frozen=True)
class CopyReview:
    """One letter copy on the review sheet: its pages, window cut-out, warnings and change status."""

    file: str
    recipient: str
    language: str
    pages: int
    first: PageImage
    last: PageImage
    window: PageImage | None  # the first page as seen through the envelope window
    warnings: tuple[str, ...] = ()
    status: str = ""  # with an older build: "unchanged", "changed", "new"; "" without one
    differences: tuple[PageImage, ...] = ()  # the pages that differ, differing pixels in red


@dataclass(frozen=True)
class Review:
    """The review of a build folder: every letter copy, and what changed since an older build if one was given."""

    letter: str
    out: Path
    old: Path | None
    copies: tuple[CopyReview, ...]
    removed: tuple[str, ...] = ()  # copies in the older build only
    notes: tuple[str, ...] = ()  # about the review itself (e.g. no project found: no window cut-outs)

    @property
    def changed(self) -> tuple[CopyReview, ...]:
        """The copies that are changed or new since the older build."""
        return tuple(c for c in self.copies if c.status in ("changed", "new"))


def collect(out: Path, old: Path | None = None, *, project: Project | None = None) -> Review:
    """Review every letter copy listed in ``out``'s manifest (against ``old``'s, when given)."""
    from ..record import read_manifest

    manifest = _manifest(out, read_manifest)
    old_records = {}
    if old is not None:
        old_manifest = _manifest(old, read_manifest)
        old_records = {r.file: r for r in old_manifest.files if r.kind == "letter"}
    notes = []
    if project is None:
        notes.append("no letter project given or found: no window cut-outs, no checks of addresses or "
                     "translations (pass --project)")
    elif project.id != manifest.letter:
        raise InputError(f"the project {project.root} is letter {project.id!r}, but {out} holds {manifest.letter!r}",
                         hint="pass the project the build was made from")
    unfinished = _unfinished(project) if project is not None else {}
    copies = []
    records = sorted((r for r in manifest.files if r.kind == "letter"), key=lambda r: r.file)
    for record in records:
        warnings = []
        layout = None
        if project is not None:
            recipient = _recipient(project, record.recipient)
            if recipient is not None and not recipient.verified:
                warnings.append("address not verified (verified: false in the recipients roster)")
            warnings += unfinished.get(record.language, [])
            if recipient is not None:
                layout = _layout(project, record.recipient, record.language)
        review = _review_copy(out / record.file, record, layout, warnings)
        if old is not None:
            earlier = old_records.get(record.file)
            review = _compared(review, out / record.file, old / record.file if earlier else None,
                               earlier is not None and earlier.sha256 == record.sha256)
        copies.append(review)
    if old is not None:  # what changed first: that is what the reviewer is here for
        copies.sort(key=lambda c: c.status not in ("changed", "new"))
    removed = tuple(sorted(set(old_records) - {r.file for r in records}))
    return Review(manifest.letter, out, old, tuple(copies), removed, tuple(notes))


def find_project(out: Path, manifest, search: tuple[Path, ...]) -> Path | None:
    """The project folder the build in ``out`` was made from, or None: among the folders under
    ``search`` (two levels down at most: ``letters/icnk-2011``) whose letter.yaml and rosters are
    still as the build read them (a copy of the project elsewhere has other rosters), the one
    whose bodies are too, most of them."""
    from ..project.yamlfile import load_yaml
    from ..record import sha256

    seen = set()
    best: tuple[int, Path] | None = None
    for base in search:
        for pattern in ("letter.yaml", "*/letter.yaml", "*/*/letter.yaml"):
            for candidate in sorted(base.glob(pattern)):
                resolved = candidate.resolve()
                if resolved in seen or out.resolve() in resolved.parents:
                    continue
                seen.add(resolved)
                try:
                    data = load_yaml(candidate)
                except InputError:
                    continue
                if not isinstance(data, dict) or data.get("id") != manifest.letter:
                    continue
                same, differing = 0, 0
                for name, digest in manifest.inputs.items():
                    try:
                        matches = sha256((candidate.parent / name).read_bytes()) == digest
                    except OSError:
                        matches = False
                    same += matches
                    # the bodies may have been edited since; the letter and its rosters name the build
                    differing += not matches and not name.startswith("body/")
                if not differing and (best is None or same > best[0]):
                    best = (same, candidate.parent)
    return best[1] if best is not None else None


def _manifest(folder: Path, read_manifest):
    manifest = read_manifest(folder)
    if manifest is None:
        raise InputError(f"{folder} holds no build (no readable manifest.json)", location=Location(folder),
                         hint="pass the folder given to 'letterpress build -o'")
    return manifest


def _recipient(project: Project, recipient_id: str):
    try:
        return project.recipient(recipient_id)
    except KeyError:
        return None


def _layout(project: Project, recipient_id: str, language: str):
    from ..compose import Copy, compose_copy
    from ..typeset import page_layout

    try:
        return page_layout(compose_copy(project, Copy(recipient_id, language)))
    except (InputError, KeyError):
        return None  # the project changed since the build: no cut-out for this copy


def _unfinished(project: Project) -> dict[str, list[str]]:
    """Per language, what ``build`` warns about its body: still the template, or another's text."""
    from ..project.unfinished import template_body_text, unfinished_bodies

    found: dict[str, list[str]] = {}
    for warning in unfinished_bodies(project, template_body_text()):
        found.setdefault(warning.language, []).append(warning.message)
    return found


def _review_copy(path: Path, record, layout, warnings: list[str]) -> CopyReview:
    import pypdfium2 as pdfium

    try:
        document = pdfium.PdfDocument(str(path))
    except (pdfium.PdfiumError, OSError) as exc:
        raise InputError(f"cannot open {path} as a PDF: {exc}", location=Location(path),
                         hint="build again: the folder's manifest lists a file that is missing or damaged") from None
    try:
        count = len(document)
        first_page = document[0]
        scale = THUMB_WIDTH / first_page.get_width()
        big = first_page.render(scale=WINDOW_SCALE).to_pil()
        first = _page_image(1, big.resize((round(big.width * scale / WINDOW_SCALE),
                                           round(big.height * scale / WINDOW_SCALE))))
        window = _window(big, layout) if layout is not None else None
        last_page = document[count - 1]
        last = first if count == 1 else _page_image(count, last_page.render(scale=scale).to_pil())
        if count > 1:
            lines = _text_lines(last_page)
            if lines < SLIVER_LINES:
                warnings.append(f"the last page holds only {lines} line{'s' if lines != 1 else ''} of text")
    finally:
        document.close()
    return CopyReview(record.file, record.recipient, record.language, count, first, last, window, tuple(warnings))


def _window(page: Image, layout) -> PageImage:
    """The part of the first page that shows through the envelope's window, as it lies there."""
    from ..paper.fold import folded_size, folds_for, seat_offset

    width, height = folded_size(layout)
    folds = folds_for(layout)
    top_panel = folds[0] if folds else layout.page_height
    dx, dy = seat_offset(layout.envelope, width, height)
    window = layout.envelope.window
    # address_in_envelope moves the page by (dx, dy + height - top_panel): move the window back
    left, top = window.x - dx, window.y - (dy + height - top_panel)
    box = tuple(round(v * WINDOW_SCALE) for v in (left, top, left + window.width, top + window.height))
    return _page_image(1, page.crop(box))


def _text_lines(page) -> int:
    """Lines of text on a continuation page, not counting its running header (the top line)."""
    textpage = page.get_textpage()
    try:
        centres = sorted((textpage.get_rect(i)[1] + textpage.get_rect(i)[3]) / 2
                         for i in range(textpage.count_rects()))
    finally:
        textpage.close()
    rows: list[float] = []
    for centre in centres:
        if not rows or centre - rows[-1] > 3:  # points: the same baseline, give or take
            rows.append(centre)
    return max(0, len(rows) - 1)


def _compared(review: CopyReview, new: Path, old: Path | None, same_bytes: bool) -> CopyReview:
    from dataclasses import replace

    if old is None:
        return replace(review, status="new")
    if same_bytes:
        return replace(review, status="unchanged")
    differences = _page_differences(old, new)
    return replace(review, status="changed", differences=differences)


def _page_differences(old: Path, new: Path) -> tuple[PageImage, ...]:
    """Each page of ``new`` whose rendering differs from ``old``'s, differing pixels marked in red."""
    import pypdfium2 as pdfium
    from PIL import Image, ImageChops, ImageFilter

    before, after = pdfium.PdfDocument(str(old)), pdfium.PdfDocument(str(new))
    try:
        scale = THUMB_WIDTH / after[0].get_width()
        found = []
        for index in range(max(len(before), len(after))):
            if index >= len(after):
                page = before[index].render(scale=scale).to_pil().convert("L").convert("RGB")
                found.append(_page_image(index + 1, page, "removed page"))
                continue
            now = after[index].render(scale=DIFF_SCALE).to_pil().convert("RGB")
            if index >= len(before):
                found.append(_page_image(index + 1, _thumb(now, scale), "new page"))
                continue
            then = before[index].render(scale=DIFF_SCALE).to_pil().convert("RGB")
            if then.size != now.size:
                found.append(_page_image(index + 1, _thumb(now, scale), "changed"))
                continue
            mask = ImageChops.difference(then, now).convert("L").point(lambda v: 255 if v > 40 else 0)
            if mask.getbbox() is None:
                continue
            # The new page, faded, with the differing pixels (grown a little, to be seen) in red on top.
            mask = mask.filter(ImageFilter.MaxFilter(5))
            faded = Image.blend(now, Image.new("RGB", now.size, "white"), 0.45)
            marked = Image.composite(Image.new("RGB", now.size, (220, 30, 30)), faded, mask)
            found.append(_page_image(index + 1, _thumb(marked, scale), "changed"))
        return tuple(found)
    finally:
        before.close()
        after.close()


def _thumb(image: Image, scale: float) -> Image:
    factor = scale / DIFF_SCALE
    return image.resize((round(image.width * factor), round(image.height * factor)))


def _page_image(number: int, image: Image, note: str = "") -> PageImage:
    from PIL import ImageChops

    image = image.convert("RGB")
    gray = image.convert("L")
    if ImageChops.difference(image, gray.convert("RGB")).getbbox() is None:
        image = gray  # a page without colour: a third of the bytes in the HTML
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return PageImage(number, buffer.getvalue(), image.width, image.height, note)


__all__ = ["CopyReview", "PageImage", "Review", "collect", "find_project"]
