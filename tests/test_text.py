"""The shared text model: one language fallback and one script test, the same in every stage."""
from __future__ import annotations

import ast
from pathlib import Path

import pytest

import letterpress.text
from letterpress.fonts.choose import language_key
from letterpress.layout.punctuation import style_of as compression_style
from letterpress.locale.names import page_label
from letterpress.locale.typography import curl_quotes
from letterpress.text import (base_language, for_language, has_letters_written, is_cjk, language_fallbacks,
                              script_of, style_of)


def test_a_tag_falls_back_one_subtag_at_a_time():
    assert list(language_fallbacks("zh-Hant-TW")) == ["zh-Hant-TW", "zh-Hant", "zh"]
    assert list(language_fallbacks("en")) == ["en"]
    assert base_language("zh-Hant-TW") == "zh"


def test_a_table_is_read_by_the_nearest_tag_it_holds():
    table = {"zh": "base", "zh-Hant": "script"}
    assert for_language(table, "zh-Hant-TW") == "script"
    assert for_language(table, "zh-Hans") == "base"
    assert for_language(table, "en", "default") == "default"
    assert for_language({"en-GB": "regional"}, "en") is None  # never from a more specific tag


def test_every_stage_falls_back_the_same_way_for_a_tag_with_script_and_region():
    """Traditional Chinese as written in Taiwan reads its script's page label and quotes, not the
    base language's Simplified ones (the locale stage used to skip from zh-Hant-TW straight to zh)."""
    assert page_label(2, 3, "zh-Hant-TW") == page_label(2, 3, "zh-Hant") == "第2頁，共3頁"
    assert curl_quotes('"a"', "zh-Hant-TW") == curl_quotes('"a"', "zh-Hant") == "「a」"


@pytest.mark.parametrize("tag", ["zh-TW", "zh-HK", "zh-MO"])
def test_a_region_that_writes_traditional_chinese_reads_the_traditional_forms(tag):
    """``zh-TW`` names no script, but Taiwan writes Traditional Chinese (CLDR's likely subtags): it
    takes ``zh-Hant``'s care-of, page label and quotes, not the Simplified ones of ``zh``."""
    from letterpress.compose.phrases import care_of

    assert list(language_fallbacks(tag)) == [tag, "zh-Hant", "zh"]
    assert care_of(tag) == "轉交"
    assert page_label(2, 3, tag) == "第2頁，共3頁"
    assert curl_quotes('"a"', tag) == "「a」"


def test_a_region_writing_the_language_s_own_script_falls_back_as_before():
    assert list(language_fallbacks("zh-CN")) == ["zh-CN", "zh"]
    assert list(language_fallbacks("zh-Hans-TW")) == ["zh-Hans-TW", "zh-Hans", "zh"]
    assert list(language_fallbacks("en-GB")) == ["en-GB", "en"]


@pytest.mark.parametrize("tag,script", [("zh-TW", "Hant"), ("zh-Hant", "Hant"), ("zh-Hans-TW", "Hans"),
                                        ("zh", "Hans"), ("zh-HK", "Hant")])
def test_the_fonts_and_the_punctuation_read_chinese_script_as_the_text_model_does(tag, script):
    """An explicit script subtag wins over the region everywhere: zh-Hans-TW is Simplified."""
    assert script_of(tag) == script
    assert language_key(tag) == ("zh-Hant" if script == "Hant" else "zh-Hans")
    assert compression_style(tag) == (None if script == "Hant" else "gb")


def test_letters_written_each_way():
    assert has_letters_written("Genève", "ltr") and not has_letters_written("Genève", "rtl")
    assert has_letters_written("שלום, Dana", "rtl") and has_letters_written("שלום, Dana", "ltr")
    assert not has_letters_written("12 345", "ltr") and not has_letters_written("12 345", "rtl")


def test_cjk_and_styles():
    assert is_cjk("ja") and is_cjk("zh-Hant") and is_cjk("ko-KR") and not is_cjk("vi")
    assert [style_of(s, e) for s, e in ((False, False), (True, False), (False, True), (True, True))] == \
        ["regular", "bold", "italic", "bold-italic"]


def test_the_text_model_loads_nothing_heavy():
    """Every stage imports it, so at load it imports only the standard library's typing, dataclasses
    and Unicode database, and the memo: Babel is asked (through the CLDR cache) only inside script_of."""
    tree = ast.parse(Path(letterpress.text.__file__).read_text(encoding="utf-8"))
    loaded = {alias.name if isinstance(node, ast.Import) else "." * node.level + (node.module or "")
              for node in tree.body if isinstance(node, (ast.Import, ast.ImportFrom)) for alias in node.names}
    assert loaded == {"__future__", "dataclasses", "typing", "unicodedata", ".cache.memo"}
