"""Long dates, country names, page labels and collation, per language."""
from __future__ import annotations

import datetime as dt

import pytest
from babel.dates import format_date

from letterpress.locale.dates import babel_date_locale, format_long_date
from letterpress.locale.names import country_name, page_label, sort_key

DAY = dt.date(2026, 11, 23)
FIRST = dt.date(2026, 3, 1)


@pytest.mark.parametrize("language, expected", [
    ("en", "23 November 2026"),
    ("fr", "23 novembre 2026"),
    ("es", "23 de noviembre de 2026"),
    ("ko", "2026년 11월 23일"),
    ("ja", "2026年11月23日"),
    ("zh-Hans", "2026年11月23日"),
    ("zh-Hant", "2026年11月23日"),
])
def test_long_dates_in_the_six_languages(language, expected):
    assert format_long_date(DAY, language) == expected


@pytest.mark.parametrize("language, expected", [
    ("fa", "۲۳ نوامبر ۲۰۲۶"),  # CLDR's default numbering system for Persian: extended Arabic-Indic digits
    ("bn", "২৩ নভেম্বর, ২০২৬"),
    ("my", "၂၀၂၆ နိုဝင်ဘာ ၂၃"),
    ("ar", "23 نوفمبر 2026"),  # Arabic (no region): Latin digits, as CLDR has it
    ("th", "23 พฤศจิกายน 2569"),  # the Buddhist era, as Thai letters are dated
])
def test_a_date_is_written_in_the_languages_own_digits_and_era(language, expected):
    assert format_long_date(DAY, language) == expected


def test_english_us_order():
    assert format_long_date(DAY, "en", region="US") == "November 23, 2026"
    assert format_long_date(DAY, "en-US") == "November 23, 2026"


def test_french_first_of_the_month_is_an_ordinal():
    assert format_long_date(FIRST, "fr") == "1er mars 2026"
    assert format_long_date(dt.date(2026, 3, 11), "fr") == "11 mars 2026"  # not "1er1 mars"
    assert format_long_date(FIRST, "en") == "1 March 2026"
    assert format_long_date(FIRST, "es") == "1 de marzo de 2026"


def test_chinese_tags_map_to_regional_babel_locales():
    assert str(babel_date_locale("zh-Hans")) == "zh_Hans_CN"
    assert str(babel_date_locale("zh-Hant")) == "zh_Hant_TW"
    assert str(babel_date_locale("en")) == "en_GB"


def test_dates_come_from_cldr_not_a_table():
    # The Spanish month name is CLDR's: the same as Babel gives directly.
    assert format_date(DAY, "MMMM", locale="es") in format_long_date(DAY, "es")


@pytest.mark.parametrize("language, expected", [
    ("ko", "대한민국"), ("fr", "Corée du Sud"), ("en", "South Korea"), ("ja", "韓国"), ("zh-Hans", "韩国"),
])
def test_country_names(language, expected):
    assert country_name("KR", language) == expected


def test_country_name_is_case_insensitive_on_the_code():
    assert country_name("jp", "en") == "Japan"


@pytest.mark.parametrize("language, expected", [
    ("en", "Page 2 of 3"), ("fr", "Page 2 sur 3"), ("es", "Página 2 de 3"), ("ko", "3쪽 중 2쪽"),
    ("ja", "2/3ページ"), ("zh-Hans", "第2页，共3页"), ("zh-Hant", "第2頁，共3頁"), ("en-US", "Page 2 of 3"),
])
def test_page_labels(language, expected):
    assert page_label(2, 3, language) == expected


def test_page_label_for_an_unlisted_language_is_neutral_not_english():
    assert page_label(2, 3, "fi") == "2/3"


def test_swedish_sorts_a_ring_after_z():
    # CLDR's tailorings come from ICU, a dependency (pyicu-wheels): never skipped, so a missing ICU
    # fails here (the pyuca fallback sorts Å with A)
    names = ["Åsa", "Zorn", "Anna", "Örjan"]
    assert sorted(names, key=sort_key("sv")) == ["Anna", "Zorn", "Åsa", "Örjan"]


def test_french_sorts_accents_as_secondary():
    names = ["Emma", "Émile", "Eli", "Zoé", "Abel"]
    assert sorted(names, key=sort_key("fr")) == ["Abel", "Eli", "Émile", "Emma", "Zoé"]


def test_collation_is_not_code_point_order():
    # Code points put "Émile" (U+00C9) after "Zoé"; collation must not.
    assert sorted(["Zoé", "Émile"], key=sort_key("fr")) == ["Émile", "Zoé"]


def test_spanish_n_tilde_after_n():
    # ICU's Spanish tailoring, as above
    assert sorted(["ñu", "oso", "nube"], key=sort_key("es")) == ["nube", "ñu", "oso"]


def test_without_pyicu_the_fallback_is_still_a_unicode_collation(monkeypatch):
    import builtins

    real_import = builtins.__import__

    def no_icu(name, *args, **kwargs):
        if name == "icu":
            raise ImportError("no PyICU here")
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_icu)
    sort_key.cache_clear()
    try:
        key = sort_key("fr")
        assert sorted(["Emma", "Zoé", "Émile", "Eli"], key=key) == ["Eli", "Émile", "Emma", "Zoé"]
        assert sorted(["Åsa", "Zorn", "Anna"], key=sort_key("sv")) == ["Anna", "Åsa", "Zorn"]  # untailored DUCET
    finally:
        sort_key.cache_clear()


def test_cldr_values_kept_on_disk_are_babels(monkeypatch, tmp_path):
    """Country names and long dates come from Babel once, then from the cache file; both the same."""
    import datetime

    from babel import Locale
    from babel.dates import format_date

    from letterpress import cldr
    from letterpress.locale.dates import format_long_date
    from letterpress.locale.names import country_name

    monkeypatch.setenv("LETTERPRESS_CACHE_DIR", str(tmp_path))
    cldr._values.clear()
    assert country_name("KR", "fr") == Locale("fr").territories["KR"] == "Corée du Sud"
    date = datetime.date(2011, 12, 8)
    assert format_long_date(date, "ko") == format_date(date, "long", locale="ko_KR")
    from letterpress.cache import flush

    flush()  # as a build does once a copy is written
    (written,) = tmp_path.glob("cldr-*.sqlite")
    cldr._values.clear()  # as a new process: answers from the store, not from compute
    assert cldr.remembered(("territories", "fr"), lambda: {})["KR"] == "Corée du Sud"
    assert cldr.remembered(("long date", date.isoformat(), "ko", None), lambda: "") == "2011년 12월 8일"


def test_cldr_values_asked_by_concurrent_processes_are_all_kept(tmp_path):
    """Two processes that ask different values both keep them (one file rewritten whole by each
    kept only the last writer's)."""
    import os
    import subprocess
    import sys

    # each asks its value, then waits for the other to have asked too, and only then writes
    ask = ("import pathlib, sys, time\nfrom letterpress import cldr\nfrom letterpress.cache import flush\n"
           "cldr.remembered(('test', sys.argv[1]), lambda: sys.argv[1] * 2)\n"
           "barrier = pathlib.Path(sys.argv[2])\n(barrier / sys.argv[1]).touch()\n"
           "while len(list(barrier.iterdir())) < 2: time.sleep(0.01)\nflush()\n")
    env = dict(os.environ, LETTERPRESS_CACHE_DIR=str(tmp_path / "cache"))
    barrier = tmp_path / "asked"
    barrier.mkdir()
    asking = [subprocess.Popen([sys.executable, "-c", ask, word, str(barrier)], env=env) for word in ("left", "right")]
    assert [process.wait(timeout=60) for process in asking] == [0, 0]
    check = ("from letterpress import cldr\n"
             "assert cldr.remembered(('test', 'left'), lambda: None) == 'leftleft'\n"
             "assert cldr.remembered(('test', 'right'), lambda: None) == 'rightright'\n")
    assert subprocess.run([sys.executable, "-c", check], env=env, timeout=60).returncode == 0
