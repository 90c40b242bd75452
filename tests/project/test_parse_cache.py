"""Parsed YAML is kept between runs; what comes back from the cache is what the parser gave,
every location included, pointing at the file read this time."""
from __future__ import annotations

import datetime
from pathlib import Path

import pytest

from letterpress import cache
from letterpress.project import yamlfile
from letterpress.project.yamlfile import YamlList, YamlMap, load_yaml

TEXT = """\
name: Coalition
founded: 2011-12-08
delivered: 2011-12-08T10:30:00+09:00
count: 40
share: 0.5
signed: true
nothing: null
missions:
  - id: london
    languages: [en, ko]
  - id: tokyo
    address:
      - 〒106-0046 東京都
"""


def located(value, path: Path) -> list[tuple[int, int]]:
    """Every location in a loaded value, in order, checking that each names ``path``."""
    found = list(_locations(value))
    assert found and all(where.file == path for where in found)
    return [(where.line, where.column) for where in found]


def _locations(value):
    if isinstance(value, YamlMap):
        yield value.where
        for key, item in value.items():
            yield value.key_where[key]
            yield value.value_where[key]
            yield from _locations(item)
    elif isinstance(value, YamlList):
        yield value.where
        for where, item in zip(value.item_where, value):
            yield where
            yield from _locations(item)


def test_a_file_read_back_from_the_parse_cache_keeps_its_values_and_locations(tmp_path, monkeypatch):
    first = tmp_path / "first.yaml"
    first.write_text(TEXT, "utf-8")
    parsed = load_yaml(first)
    assert parsed["founded"] == datetime.date(2011, 12, 8)
    cache.flush()

    monkeypatch.setattr(yamlfile, "_parse", lambda *args: pytest.fail("parsed again"))
    moved = tmp_path / "moved.yaml"  # the same text elsewhere: its locations name the new file
    moved.write_text(TEXT, "utf-8")
    again = load_yaml(moved)
    assert again == parsed
    assert type(again["missions"]) is YamlList and type(again["missions"][1]) is YamlMap
    assert again["delivered"].utcoffset() == datetime.timedelta(hours=9)
    assert located(again, moved) == located(parsed, first)
    assert again["missions"].item_where[1].line == 11


def test_front_matter_lines_are_counted_from_their_offset_in_the_cache_too(tmp_path):
    path = tmp_path / "body.md"
    fresh = load_yaml(path, "subject: x\nsalutation: y\n", line_offset=1)
    cache.flush()
    cached = load_yaml(path, "subject: x\nsalutation: y\n", line_offset=1)
    shifted = load_yaml(path, "subject: x\nsalutation: y\n", line_offset=5)
    assert fresh.value_where["salutation"].line == cached.value_where["salutation"].line == 3
    assert shifted.value_where["salutation"].line == 7


def test_a_number_not_written_canonically_is_kept_as_typed(tmp_path):
    """YAML 1.1 reads 01000 as the octal 512: a French postal code would change without a word."""
    path = tmp_path / "numbers.yaml"
    path.write_text("postal_code: 01000\nzip: 08001\ngrouped: 1_000\nversion: 1.10\nplain: 40\nhalf: 0.5\n",
                    encoding="utf-8")
    for _ in range(2):  # parsed, then from the cache
        loaded = load_yaml(path)
        assert loaded["postal_code"] == "01000" and loaded["zip"] == "08001"
        assert loaded["grouped"] == "1_000" and loaded["version"] == "1.10"
        assert loaded["plain"] == 40 and loaded["half"] == 0.5
