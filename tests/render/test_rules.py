"""A rule is drawn as one literal: the operators reportlab's canvas calls would write, byte for byte."""
from __future__ import annotations

import io

import pytest

from letterpress.render import _draw_rule
from letterpress.render.reportlab_adapter import new_canvas, save
from letterpress.typeset.page import PlacedRule

RULES = [
    PlacedRule(50.0, 40.0, 250.0, 40.0, 0.5, 0.2),
    PlacedRule(56.6929, 120.3333, 538.5827, 120.3333, 0.25, 0.0),
    PlacedRule(0, 0, 595.2756, 841.8898, 1, 1),
    PlacedRule(-3.14159, 1e-4, 12345.6789, 0.0005, 0.0001, 0.6666666),
]


def _pdf(draw) -> bytes:
    output = io.BytesIO()
    canvas = new_canvas(output, 300, 400, invariant=True, lang="en")
    for rule in RULES:
        draw(canvas, rule, 400)
    canvas.showPage()
    save(canvas)
    return output.getvalue()


def _with_calls(canvas, rule, height):
    canvas.saveState()
    canvas.setLineWidth(rule.width)
    canvas.setStrokeGray(rule.gray)
    canvas.line(rule.x1, height - rule.y1, rule.x2, height - rule.y2)
    canvas.restoreState()


def test_a_rule_is_written_as_the_canvas_calls_write_it(monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1323302400")
    assert _pdf(_draw_rule) == _pdf(_with_calls)


def test_the_literal_is_one_operator_list_per_rule():
    output = io.BytesIO()
    canvas = new_canvas(output, 300, 400, invariant=True, lang="en")
    literals = []
    monkey = canvas.addLiteral
    canvas.addLiteral = lambda text, *args: (literals.append(text), monkey(text, *args))
    _draw_rule(canvas, RULES[0], 400)
    assert literals == ["q\n.5 w\n.2 G\nn 50 360 m 250 360 l S\nQ"]


@pytest.fixture(autouse=True)
def _no_cache(tmp_path, monkeypatch):
    monkeypatch.setenv("LETTERPRESS_CACHE_DIR", str(tmp_path / "cache"))
