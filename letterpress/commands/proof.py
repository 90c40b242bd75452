"""``letterpress proof PDF... -o DIR``: render pages to PNG for review (in CI, or by eye)."""
from __future__ import annotations

import argparse
import io
from pathlib import Path

from . import COMMANDS, path_argument
from ..errors import OUTPUT_ELSEWHERE, InputError, Location


def register(subparsers) -> None:
    parser = subparsers.add_parser("proof", help=COMMANDS["proof"])
    parser.add_argument("pdfs", nargs="+", type=path_argument, metavar="PDF")
    parser.add_argument("-o", "--output", type=path_argument, default=Path("proofs"), metavar="DIR")
    parser.add_argument("--dpi", type=dpi_argument, default=110,
                        help=f"resolution, {MIN_DPI} to {MAX_DPI} (default 110; an A4 page at {MAX_DPI} "
                             f"takes about 1 GB of memory to render)")
    parser.add_argument("--pages", default="all", help="'all', 'first', or a number")
    parser.set_defaults(run=run, writes="output", elsewhere=OUTPUT_ELSEWHERE)


# Below 10 dpi a page is a few pixels (at 0 none: pdfium refuses it); above 1200, a page is
# billions of bytes to render (100000 dpi: a MemoryError) and finer than any proof needs.
MIN_DPI, MAX_DPI = 10, 1200


def dpi_argument(text: str) -> int:
    """``--dpi``: a whole number from MIN_DPI to MAX_DPI, else bad usage."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number of dots per inch") from None
    if not MIN_DPI <= value <= MAX_DPI:
        raise argparse.ArgumentTypeError(f"{value} is outside {MIN_DPI} to {MAX_DPI} dots per inch "
                                         "(110 is a screen's view; 300 shows print detail)")
    return value


def render_proofs(pdf: Path, out_dir: Path, *, dpi: int = 110, pages: str = "all") -> list[Path]:
    """Each selected page of ``pdf`` as ``<stem>-p<N>.png`` in ``out_dir``."""
    import pypdfium2 as pdfium

    from ..record import make_folder, write_output

    try:
        document = pdfium.PdfDocument(str(pdf))
    except (pdfium.PdfiumError, FileNotFoundError, OSError) as exc:
        raise InputError(f"cannot open {pdf} as a PDF: {exc}", location=Location(pdf),
                         hint="pass PDF files written by 'letterpress build'") from None
    count = len(document)
    if pages == "all":
        numbers = range(count)
    elif pages == "first":
        numbers = range(min(1, count))
    elif pages.isdigit() and 1 <= int(pages) <= count:
        numbers = [int(pages) - 1]
    else:
        raise InputError(f"--pages {pages!r}: the PDF {pdf} has {count} pages",
                         hint="use all, first, or a page number")
    make_folder(out_dir)
    written = []
    for index in numbers:
        image = document[index].render(scale=dpi / 72).to_pil()
        target = out_dir / f"{pdf.stem}-p{index + 1}.png"
        buffer = io.BytesIO()
        image.save(buffer, format="PNG")
        write_output(target, buffer.getvalue())
        written.append(target)
    document.close()
    return written


def run(args: argparse.Namespace) -> int:
    for pdf in args.pdfs:
        for path in render_proofs(pdf, args.output, dpi=args.dpi, pages=args.pages):
            print(path)
    return 0
