"""Copies composed one after another share what their language has in common, and nothing else."""
from __future__ import annotations

import letterpress
from letterpress.compose import compose_copy, plan_copies

BODY = """---
subject: Access for monitors
salutation: "Dear Chairman,"
closing: Yours sincerely,
---
We write to you about {letter.campaign}.[^a]

::: only paris
A paragraph for Paris only, with a note.[^b]
:::

We hope to meet you in {recipient.city}.[^c]

[^a]: The first note.
[^b]: Paris's note.
[^c]: The note after the Paris paragraph.
"""


def _project(tmp_path):
    address = {"country": "GB", "lines": ["1 Example Street", "London N1 9GU"]}
    return letterpress.Project.from_data(
        letter={"id": "shared", "date": "2026-03-01", "languages": ["en"],
                "sender": {"name": "Coalition", "short": "CFA", "address": address},
                "addressee": {"name": "Chairman Kim"}, "fields": {"campaign": "the day of action"}},
        bodies={"en": BODY},
        signatories=[{"name": "Amnesty International", "country": "GB"}, {"name": "Tomoharu Ebihara", "kind": "person"}],
        recipients=[{"id": r, "name": f"Mission in {city}", "city": city, "languages": ["en"],
                     "address": {"country": "GB", "lines": [f"1 Road, {city}", "London W5 4LP"]}}
                    for r, city in (("london", "London"), ("paris", "Paris"), ("geneva", "Geneva"), ("rome", "London"))],
        root=tmp_path,
    ).data


def test_copies_composed_with_shared_parts_are_the_copies_composed_alone(tmp_path):
    project = _project(tmp_path)
    shared: dict = {}
    together = [compose_copy(project, copy, shared=shared) for copy in plan_copies(project)]
    alone = [compose_copy(project, copy) for copy in plan_copies(project)]
    assert together == alone
    by_recipient = {document.recipient_id: document for document in together}
    # the Paris paragraph and its note are in Paris's copy only, and the notes after it are numbered on
    assert [note.mark for block in by_recipient["paris"].body for note in block.notes] == ["¹", "²", "³"]
    assert [note.mark for block in by_recipient["london"].body for note in block.notes] == ["¹", "²"]
    assert "in Geneva." in by_recipient["geneva"].body[-1].text


def test_what_a_language_shares_is_made_once(tmp_path):
    project = _project(tmp_path)
    shared: dict = {}
    london, paris, geneva, rome = (compose_copy(project, copy, shared=shared) for copy in plan_copies(project))
    assert london.signatories is geneva.signatories and london.letterhead is paris.letterhead
    # the same city and the same kept paragraphs: the same body; another city: another body
    assert rome.body is london.body and geneva.body is not london.body and paris.body is not london.body


def test_a_recipient_s_copies_share_its_address_block_unless_the_window_speaks_each_copy_s_language(
        minimal_project):
    for window, shared_address in (("post", True), ("copy", False)):
        path = minimal_project / "letter.yaml"
        text = path.read_text("utf-8").replace("window_language: copy\n", "")
        path.write_text(text + ("window_language: copy\n" if window == "copy" else ""), "utf-8")
        project = letterpress.load(minimal_project).data
        shared: dict = {}
        copies = plan_copies(project)
        together = {copy.stem: compose_copy(project, copy, shared=shared) for copy in copies}
        assert together == {copy.stem: compose_copy(project, copy) for copy in copies}
        assert (together["london.en"].address is together["london.ko"].address) == shared_address
