"""The phrases a letter adds around the author's text, in each language's own form."""
from __future__ import annotations

import pytest

from letterpress.compose.phrases import care_of


@pytest.mark.parametrize("language, expected", [
    ("zh-Hans", "转交"), ("zh", "转交"), ("zh-Hant", "轉交"), ("zh-Hant-TW", "轉交"),
    ("ja", "気付"), ("ko", "전교"), ("fr-CA", "a/s de"), ("it", "c/o"),
])
def test_care_of_in_each_language_and_script(language, expected):
    assert care_of(language) == expected
