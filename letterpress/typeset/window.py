"""The address in its window: wrapped at word boundaries, set smaller when it must be, refused only
when it cannot fit at all.

An address line wider than the window breaks at a word boundary (after a space or a hyphen; CJK
text wherever its line-breaking rules allow), and the continuation starts at the same left edge,
unindented, as posts read it.  When the wrapped lines are more than the window holds, the whole
block is set a size smaller, down to the layout's ``address_min_size`` (the post's minimum);
the addressee's titles (optional lines) are shown only when they fit at the layout's own size.
Only an address that fits at no size is an error, and it says by how much.

The return line above the window stays one line inside the window and the text area: a smaller
size first, then a shorter form (the short name with the town and country, then the country only).
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Sequence

from ..errors import InputError, Location
from ..layout.types import Line
from ..text import is_cjk

if TYPE_CHECKING:
    from . import Typesetter

MM = 72 / 25.4
SIZE_STEP = 0.5
RETURN_SIZES = (6.5, 6.0, 5.5, 5.0)


@dataclass(frozen=True)
class SetAddress:
    """The address as fitted: the size and leading chosen, and its lines."""

    size: float
    leading: float
    lines: tuple[Line, ...]


def address_leading(language: str, size: float) -> float:
    """The address block's leading at ``size``: 1.2 times the size, 1.45 for Chinese, Japanese and Korean."""
    return round(size * (1.45 if is_cjk(language) else 1.2), 2)


def _sizes(nominal: float, minimum: float) -> list[float]:
    sizes = [nominal]
    while sizes[-1] - SIZE_STEP >= minimum - 0.001:
        sizes.append(round(sizes[-1] - SIZE_STEP, 2))
    if sizes[-1] > minimum:
        sizes.append(minimum)
    return sizes


def fit_address(setter: "Typesetter", texts: Sequence[str], language: str, *, width: float, height: float,
                nominal: float, minimum: float, window: str, recipient_id: str, where: Location | None = None,
                optional: Sequence[str] = (), optional_after: int = 0) -> SetAddress:
    """The address ``texts`` set to fit ``width`` x ``height`` points (see the module's rules).

    ``window`` names the box in messages: "window (DIN 5008 form B)", "label (A4 label sheet)".
    """
    problem = ""
    for size in _sizes(nominal, minimum):
        leading = address_leading(language, size)
        room = int((height + 0.01) // leading)
        wrapped = [_wrap(setter, text, language, size, width) for text in texts]
        if any(lines is None for lines in wrapped):
            problem = _too_wide(setter, texts, language, minimum, width, window)
            continue
        count = sum(len(lines) for lines in wrapped)
        if count > room:
            excess = count - room
            problem = f"at {size:g} pt its {count} lines are {excess} more than the {window.split()[0]} holds ({room})"
            continue
        if size == nominal and optional:
            titles = [_wrap(setter, text, language, size, width) for text in optional]
            if all(lines is not None for lines in titles) and count + sum(len(t) for t in titles) <= room:
                wrapped[optional_after:optional_after] = titles
        return SetAddress(size, leading, tuple(line for lines in wrapped for line in lines))
    raise InputError(f"the address of recipient {recipient_id!r} does not fit the {window}: {problem}",
                     location=where,
                     hint="shorten or abbreviate the longest words or lines of the address in the recipients file, "
                          "or choose another layout for this recipient")


def _wrap(setter: "Typesetter", text: str, language: str, size: float, width: float) -> tuple[Line, ...] | None:
    """``text`` in lines no wider than ``width``, broken only between words; None when a word is wider."""
    lines = setter.text(text, language, size, width)
    if any(line.width > width + 0.01 for line in lines):
        return None
    if len(lines) > 1 and not is_cjk(language) and not _broken_between_words(text, lines):
        return None
    return lines


def _broken_between_words(text: str, lines: tuple[Line, ...]) -> bool:
    """Whether every break falls at a space or after a hyphen (the layout breaks inside a word only when
    a word is wider than the line, and an address must never be hyphenated)."""
    rebuilt = ""
    for line in lines:
        part = line.text.strip()
        rebuilt += part if (not rebuilt or rebuilt.endswith("-")) else " " + part
    return rebuilt == " ".join(text.split())


def _too_wide(setter: "Typesetter", texts: Sequence[str], language: str, size: float, width: float,
              window: str) -> str:
    words = [word for text in texts for word in text.split()]
    widths = {word: setter.text(word, language, size, 1e6)[0].width for word in words if word}
    word, widest = max(widths.items(), key=lambda item: item[1], default=("", 0.0))
    return (f"at {size:g} pt {word!r} is {widest / MM:.1f} mm wide, the {window.split()[0]} {width / MM:.1f} mm "
            f"({(widest - width) / MM:.1f} mm too wide)")


def fit_return_line(setter: "Typesetter", forms: Sequence[str], language: str, width: float, *,
                    window: str) -> tuple[Line, float]:
    """The return line on one line within ``width``: the longest form at the largest size that fits."""
    for form in forms:
        for size in RETURN_SIZES:
            lines = setter.text(form, language, size, width)
            if len(lines) == 1 and lines[0].width <= width + 0.01:
                return lines[0], size
    shortest = setter.text(forms[-1], language, RETURN_SIZES[-1], 1e6)[0].width
    raise InputError(f"the return address does not fit on one line above the {window}: even "
                     f"{forms[-1]!r} is {shortest / MM:.1f} mm wide at {RETURN_SIZES[-1]:g} pt, "
                     f"the line {width / MM:.1f} mm ({(shortest - width) / MM:.1f} mm too wide)",
                     hint="shorten the sender's 'short' name or address lines in letter.yaml")
