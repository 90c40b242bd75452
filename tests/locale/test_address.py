"""Postal addresses for the destination's post (fitting them in their window: tests/e2e/test_address_window.py)."""
from __future__ import annotations

import pytest

from letterpress.errors import InputError, Location
from letterpress.locale.address import format_address
from letterpress.model import PostalAddress


def fields(country: str, **values: str) -> PostalAddress:
    return PostalAddress(country, fields=tuple(values.items()), where=Location(None, 12, 5))


# The six missions of the seed story, with structured fields.
MISSIONS = {
    "GB": fields("GB", organization="Embassy of the DPRK", street_address="73 Gunnersbury Avenue",
                 city="London", postal_code="W5 4LP"),
    "FR": fields("FR", organization="Délégation générale de la RPDC", street_address="47 rue de Bois-Colombes",
                 city="Antony", postal_code="92160"),
    "CH": fields("CH", organization="Mission permanente de la RPDC", street_address="Chemin de Plonjon 1",
                 city="Vésenaz", postal_code="1222"),
    "US": fields("US", organization="Permanent Mission of the DPRK to the United Nations",
                 street_address="820 Second Avenue, 13th Floor", city="New York", country_area="NY",
                 postal_code="10017"),
    "TH": fields("TH", organization="Embassy of the DPRK", street_address="14 Mooban Suanlaemthong 2, Soi 28",
                 city="Bangkok", postal_code="10250"),
    "JP": fields("JP", organization="在日本朝鮮人総聯合会", street_address="千代田区富士見2-14-15",
                 country_area="東京都", postal_code="102-0071"),
}

EXPECTED = {
    "GB": ("Embassy of the DPRK", "73 Gunnersbury Avenue", "LONDON", "W5 4LP", "UNITED KINGDOM"),
    "FR": ("Délégation générale de la RPDC", "47 rue de Bois-Colombes", "92160 ANTONY", "FRANCE"),
    "CH": ("Mission permanente de la RPDC", "Chemin de Plonjon 1", "CH-1222 Vésenaz", "SWITZERLAND"),
    "US": ("Permanent Mission of the DPRK to the United Nations", "820 Second Avenue, 13th Floor",
           "NEW YORK NY 10017", "UNITED STATES"),
    "TH": ("Embassy of the DPRK", "14 Mooban Suanlaemthong 2, Soi 28", "Bangkok", "10250", "THAILAND"),
    "JP": ("〒102-0071", "東京都", "千代田区富士見2-14-15", "在日本朝鮮人総聯合会", "JAPAN"),
}


@pytest.mark.parametrize("country", sorted(MISSIONS))
def test_structured_fields_follow_the_destination_post(country):
    assert format_address(MISSIONS[country], sender_country="KR", copy_language="ko") == EXPECTED[country]


@pytest.mark.parametrize("language", ["en", "fr", "es", "ko", "ja", "zh-Hans"])
def test_the_copy_language_does_not_change_the_address(language):
    assert format_address(MISSIONS["FR"], sender_country="KR", copy_language=language) == EXPECTED["FR"]
    assert format_address(MISSIONS["JP"], sender_country="KR", copy_language=language) == EXPECTED["JP"]


def test_domestic_mail_has_no_country_line():
    assert format_address(MISSIONS["GB"], sender_country="GB", copy_language="en")[-1] == "W5 4LP"
    assert format_address(MISSIONS["US"], sender_country="us", copy_language="en")[-1] == "NEW YORK NY 10017"


@pytest.mark.parametrize("country, lines, country_line", [
    ("GB", ("Embassy of the DPRK", "73 Gunnersbury Avenue", "London W5 4LP"), "UNITED KINGDOM"),
    ("FR", ("Délégation générale de la RPDC", "47 rue de Bois-Colombes", "92160 ANTONY"), "FRANCE"),
    ("CH", ("Mission permanente de la RPDC", "Chemin de Plonjon 1", "1222 Vésenaz"), "SWITZERLAND"),
    ("US", ("820 Second Avenue", "NEW YORK NY 10017"), "UNITED STATES"),
    ("TH", ("14 Mooban Suanlaemthong 2", "Bangkok 10250"), "THAILAND"),
    ("JP", ("〒102-0071", "東京都千代田区富士見2-14-15", "在日本朝鮮人総聯合会 御中"), "JAPAN"),
])
def test_ready_lines_are_kept_and_international_mail_gets_the_country_last(country, lines, country_line):
    address = PostalAddress(country, lines=lines)
    assert format_address(address, sender_country="KR", copy_language="en") == lines + (country_line,)
    assert format_address(address, sender_country=country, copy_language="en") == lines


def test_a_country_line_the_author_wrote_is_not_doubled():
    address = PostalAddress("CH", lines=("Chemin de Plonjon 1", "1222 Vésenaz", "SUISSE"))
    assert format_address(address, sender_country="KR", copy_language="fr")[-1] == "SUISSE"
    assert len(format_address(address, sender_country="KR", copy_language="fr")) == 3


def test_missing_required_field_names_the_field_and_the_fix():
    address = fields("US", street_address="820 Second Avenue", city="New York", postal_code="10017")
    with pytest.raises(InputError) as caught:
        format_address(address, sender_country="KR", copy_language="en")
    assert "country_area" in caught.value.message
    assert "add country_area" in caught.value.hint
    assert caught.value.location.line == 12


def test_invalid_postcode_shows_an_example():
    address = fields("US", street_address="820 Second Avenue", city="New York", country_area="NY",
                     postal_code="ABC")
    with pytest.raises(InputError) as caught:
        format_address(address, sender_country="KR", copy_language="en")
    assert "postal_code" in caught.value.message
    assert "95014" in caught.value.hint  # Google's example US ZIP code


def test_latin_post_refuses_text_it_cannot_read():
    address = fields("TH", organization="สถานเอกอัครราชทูต", street_address="14 Mooban", city="Bangkok",
                     postal_code="10250")
    with pytest.raises(InputError, match="organization"):
        format_address(address, sender_country="KR", copy_language="ko")
