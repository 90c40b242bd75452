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
