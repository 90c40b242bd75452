"""Pictures a letter prints (the sender's logo, signatures), checked when the project is read: a
file that a build could not draw is a mistake at the line that names it, never a failure midway
through a build."""
from __future__ import annotations

from pathlib import Path
from typing import Any

from ..errors import InputError, Location
from .fields import string

IMAGE_SUFFIXES = (".png", ".svg", ".jpg", ".jpeg")
# A logo or a signature is a few hundred pixels across; a picture this large is a mistake (a scan
# at full resolution, or a file built to exhaust memory when decoded).
_MOST_PIXELS = 40_000_000


def image_file(base: Path, value: Any, where: Location, what: str, relative_to: str) -> Path:
    """The picture ``value`` names (relative to ``base``, which messages call ``relative_to``),
    checked: a PNG, JPEG or SVG file that decodes whole. ``what``: "the logo", "the signature image"."""
    relative = string(value, where, what)
    try:
        path = (base / relative).resolve(strict=False)
    except (RuntimeError, OSError):  # a link that leads back to itself
        raise InputError(f"{what} {relative!r} is a link that leads back to itself", location=where,
                         hint=f"point the link at the picture, or put the file at {base / relative}") from None
    if path.suffix.lower() not in IMAGE_SUFFIXES:
        raise InputError(f"{what} {relative!r} must be a PNG, JPEG or SVG file", location=where)
    if path.is_dir():
        raise InputError(f"{what} {relative!r} is a folder, not a picture", location=where,
                         hint="name the picture file inside it")
    if not path.is_file():
        raise InputError(f"{what} {relative!r} does not exist", location=where,
                         hint=f"put the picture at {path} or correct the path (relative to {relative_to})")
    problem = _unreadable(path)
    if problem is not None:
        raise InputError(f"{what} {relative!r} is not a readable {path.suffix[1:].upper()} image: {problem}",
                         location=where, hint="export the picture again as PNG (or SVG), or correct the path")
    return path


def _unreadable(path: Path) -> str | None:
    """Why the picture at ``path`` cannot be drawn, or None: decoded whole, as the build will."""
    if path.suffix.lower() == ".svg":
        import logging

        from svglib.svglib import svg2rlg

        logging.getLogger("svglib").setLevel(logging.CRITICAL)  # it logs parse errors; we report them
        try:
            return None if svg2rlg(str(path)) is not None else "it holds no drawing"
        except Exception:  # svglib raises many kinds for a broken file
            return "it cannot be parsed"
    from PIL import Image, UnidentifiedImageError

    try:
        with Image.open(path) as image:
            if image.width * image.height > _MOST_PIXELS:
                return f"{image.width} × {image.height} pixels is far larger than a letter needs"
            image.load()  # the whole file: a picture cut short fails here, not in the middle of a build
        return None
    except UnidentifiedImageError:
        return "it is not an image file"
    except (OSError, SyntaxError, ValueError, Image.DecompressionBombError) as error:
        return str(error) or type(error).__name__
