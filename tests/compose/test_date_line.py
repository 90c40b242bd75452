"""The date line in each language's form: French names the place the letter is written
("Genève, le 8 décembre 2011") when the letter gives it; other languages write the date alone."""
from __future__ import annotations

import letterpress
from letterpress.compose import compose_copy, plan_copies

BODY = "---\nsubject: S\nsalutation: \"S,\"\nclosing: C\n---\nText.\n"


def _documents(tmp_path, place=None):
    sender = {"name": "Coalition", "short": "CFA", "address": {"country": "CH", "lines": ["Rue 1", "1202 Genève"]}}
    if place is not None:
        sender["place"] = place
    project = letterpress.Project.from_data(
        letter={"id": "d", "date": "2011-12-08", "languages": ["fr", "en"], "sender": sender,
                "addressee": {"name": "Kim"}},
        bodies={"fr": BODY, "en": BODY},
        signatories=[{"name": "Amnesty International"}],
        recipients=[{"id": "paris", "name": "Mission", "city": "Paris", "languages": ["fr", "en"],
                     "address": {"country": "FR", "lines": ["3 rue Asseline", "75014 Paris"]}}],
        root=tmp_path,
    ).data
    return {copy.language: compose_copy(project, copy) for copy in plan_copies(project)}


def test_a_french_date_line_names_the_place_with_le(tmp_path):
    documents = _documents(tmp_path, {"fr": "Genève", "*": "Geneva"})
    assert documents["fr"].date_line == "Genève, le 8 décembre 2011"
    assert documents["en"].date_line == "8 December 2011"  # English: the date alone
    assert documents["fr"].running_header.endswith("· 8 décembre 2011")  # the header: the date alone


def test_without_a_place_the_date_stands_alone(tmp_path):
    assert _documents(tmp_path)["fr"].date_line == "8 décembre 2011"
