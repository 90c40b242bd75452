"""Locale typography of the author's text: French spacing and quotation marks, read as strings."""
from __future__ import annotations

import pytest

from letterpress.locale.typography import apply_typography

NBSP, NNBSP = "\u00a0", "\u202f"


@pytest.mark.parametrize("source, expected", [
    ("C'est grave!", f"C’est grave{NNBSP}!"),
    ("Pourquoi ?", f"Pourquoi{NNBSP}?"),
    ("Vraiment ?!", f"Vraiment{NNBSP}?!"),
    ("un point ; puis", f"un point{NNBSP}; puis"),
    ("Objet: la lettre", f"Objet{NBSP}: la lettre"),
    ("« Rapporteur »", f"«{NNBSP}Rapporteur{NNBSP}»"),
    ("«Rapporteur»", f"«{NNBSP}Rapporteur{NNBSP}»"),
])
def test_french_gets_no_break_spaces_before_high_punctuation_and_inside_guillemets(source, expected):
    assert apply_typography(source, "fr") == expected


@pytest.mark.parametrize("source", ["https://example.org/a?b=1", "à 10:30", "ecrire@example.org"])
def test_french_spacing_leaves_urls_times_and_addresses_alone(source):
    assert apply_typography(source, "fr") == source


def test_canadian_french_keeps_no_space_before_semicolon_exclamation_and_question_marks():
    assert apply_typography("Grave! Objet: oui", "fr-CA") == f"Grave! Objet{NBSP}: oui"


def test_other_languages_get_no_french_spacing():
    assert apply_typography("Serious! Subject: yes", "en") == "Serious! Subject: yes"


@pytest.mark.parametrize("language, expected", [
    ("ru", "Он сказал «да» и ушёл"),  # CLDR's marks for a language letterpress has no table row for
    ("pl", "Он сказал „да” и ушёл"),
    ("ar", "Он сказал ”да“ и ушёл"),  # logical order: read from the right, ” opens and “ closes
    ("en", "Он сказал “да” и ушёл"),
])
def test_each_language_gets_its_own_quotation_marks(language, expected):
    assert apply_typography('Он сказал "да" и ушёл', language) == expected


def test_hebrew_acronym_and_abbreviation_marks_are_not_quotes():
    """A straight " between Hebrew letters is the gershayim of an acronym (האו"ם, the UN), and a '
    after a Hebrew letter a geresh (ג'ירפה): neither opens a quotation."""
    assert apply_typography('האו"ם אמר "שלום" לג\'ירפה', "he") == "האו\u05f4ם אמר ”שלום” לג\u05f3ירפה"
