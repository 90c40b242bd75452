"""What the line store keeps of a paragraph's lines (:mod:`letterpress.layout.diskcache`): read back,
every line is the one that was set, field for field, and a run's zero offsets and one-character
texts are kept once for the run, not once per glyph."""
from __future__ import annotations

import marshal
from dataclasses import fields, replace

from letterpress.layout import diskcache, set_paragraph
from letterpress.text import Run

TEXT = "A letter set once, kept, and read again: every glyph as it was."


def plain(lines) -> list:
    return [[(field.name, getattr(run, field.name)) for field in fields(run) if field.name != "face"]
            + [("face", run.face.key)] for line in lines for run in line.runs] + \
        [(line.width, line.ascent, line.descent, line.last, line.direction, line.key) for line in lines]


def read_back(lines, fonts):
    return diskcache.decoded(marshal.loads(marshal.dumps(diskcache.encoded(lines))), fonts)


def test_lines_read_back_are_the_lines_set(fixed_fonts):
    lines = set_paragraph([Run(TEXT, "en")], fixed_fonts, size=10, width=200)
    assert plain(read_back(lines, fixed_fonts)) == plain(lines)


def test_offsets_that_are_not_all_plain_zeros_and_texts_of_clusters_are_kept_as_they_are(fixed_fonts):
    (line, *_) = set_paragraph([Run(TEXT, "en")], fixed_fonts, size=10, width=200)
    run = line.runs[0]
    count = len(run.glyphs)
    odd = [replace(run, offsets=((-0.0, 0.0),) + ((0.0, 0.0),) * (count - 1)),  # a negative zero is kept
           replace(run, offsets=((0.0, 1.5),) * count),
           replace(run, texts=("fi", "") + run.texts[2:])]  # a ligature's cluster
    for changed in odd:
        (back,) = read_back((replace(line, runs=(changed,)),), fixed_fonts)
        assert [repr(value) for value in back.runs[0].offsets] == [repr(value) for value in changed.offsets]
        assert back.runs[0].texts == changed.texts


def test_a_runs_zero_offsets_and_one_character_texts_are_kept_once_for_the_run(fixed_fonts):
    lines = set_paragraph([Run(TEXT, "en")], fixed_fonts, size=10, width=200)
    for line in diskcache.encoded(lines):
        for run in line[0]:
            offsets, texts = run[5], run[6]
            assert offsets == () and isinstance(texts, str)
