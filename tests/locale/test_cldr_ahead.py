"""CLDR values asked of Babel ahead, in a forked process, while a project is read: the same values."""
from __future__ import annotations

import datetime as dt
import os
import threading

import pytest
from babel import Locale
from babel.dates import format_date

from letterpress import cldr

DATE = dt.date(2011, 12, 8)

forks = pytest.mark.skipif(not hasattr(os, "fork"), reason="values are asked ahead only where processes fork")


@pytest.fixture
def fresh(monkeypatch, tmp_path):
    """An empty cache, nothing remembered in this process, and a second core (as a build has)."""
    monkeypatch.setenv("LETTERPRESS_CACHE_DIR", str(tmp_path))
    monkeypatch.setattr(os, "cpu_count", lambda: 2)
    monkeypatch.setattr(os, "sched_getaffinity", lambda pid: {0, 1}, raising=False)
    cldr.settle()
    cldr._values.clear()
    yield
    cldr.settle()
    cldr._values.clear()


def test_country_codes_are_babels():
    # read by hand from the files Babel merges for English: the same codes as Babel's own answer
    assert cldr._country_codes() == frozenset(code for code in Locale("en").territories
                                             if len(code) == 2 and code.isalpha())
    assert {"KR", "KP", "GB", "FR", "CH", "US", "TH", "JP"} <= cldr._country_codes()
    assert "419" not in cldr._country_codes() and "EU" in cldr._country_codes()


@forks
def test_values_asked_ahead_come_from_another_process_and_are_babels(fresh, monkeypatch):
    jobs = cldr._letter_jobs
    monkeypatch.setattr(cldr, "_letter_jobs", lambda languages, date: {**jobs(languages, date), ("pid", "ko"): os.getpid})
    cldr.ask_ahead(("ko", "fr"), DATE)
    assert cldr._ahead is not None
    asked_by = cldr.remembered(("pid", "ko"), os.getpid)
    assert asked_by != os.getpid()  # not asked here
    for language in ("en", "ko", "fr"):  # the country names of the letter's languages, English and French
        assert cldr.remembered(("territories", language), lambda: {}) == dict(Locale(language).territories)
    # and the long dates of the letter's languages, as letterpress.locale.dates asks them
    from letterpress.locale.dates import format_long_date

    assert format_long_date(DATE, "ko") == format_date(DATE, "long", locale="ko_KR") == "2011년 12월 8일"
    cldr.settle()  # as the build's flush does before it forks its workers
    with pytest.raises(ChildProcessError):
        os.waitpid(asked_by, os.WNOHANG)  # the process has ended, and been waited for


@forks
def test_a_value_the_other_process_cannot_give_is_asked_here(fresh, monkeypatch):
    def fails():
        raise ValueError("not this one")

    jobs = cldr._letter_jobs
    monkeypatch.setattr(cldr, "_letter_jobs", lambda languages, date: {
        ("fails", "ko"): fails, ("not marshal", "ko"): object, **jobs(languages, date)})
    cldr.ask_ahead(("ko",), DATE)
    assert cldr.remembered(("fails", "ko"), lambda: "asked here") == "asked here"
    assert cldr.remembered(("not marshal", "ko"), lambda: "asked here too") == "asked here too"
    assert cldr.remembered(("territories", "ko"), lambda: {})["KR"] == "대한민국"


@forks
def test_nothing_is_asked_ahead_that_is_known_or_with_threads_running(fresh, monkeypatch):
    started = []
    monkeypatch.setattr(cldr, "_Ahead", lambda jobs: started.append([key for key, _ in jobs]))
    for language in ("en", "ko", "fr"):
        cldr.territory_names(language)
    from letterpress.cache import flush

    flush()
    cldr._values.clear()
    cldr.ask_ahead(("ko",), DATE)  # only the date is not kept yet
    assert started == [[("long date", DATE.isoformat(), "ko", None)]]
    stop = threading.Event()
    thread = threading.Thread(target=stop.wait)
    thread.start()
    try:
        cldr.ask_ahead(("ja",), DATE)  # a forked child could wait forever on a lock the thread holds
    finally:
        stop.set()
        thread.join()
    assert len(started) == 1
    monkeypatch.setattr(os, "sched_getaffinity", lambda pid: {0}, raising=False)
    cldr.ask_ahead(("ja",), DATE)  # one core of the machine's two allowed (taskset, a container): nothing to gain
    assert len(started) == 1
    monkeypatch.setattr(os, "cpu_count", lambda: 1)
    cldr.ask_ahead(("ja",), DATE)
    assert len(started) == 1


@forks
def test_loading_a_project_asks_its_languages_ahead(fresh, monkeypatch):
    import letterpress

    started = []
    monkeypatch.setattr(cldr, "_Ahead", lambda jobs: started.append([key for key, _ in jobs]))
    letterpress.Project.from_data(
        letter={"id": "ahead", "date": "2011-12-08", "languages": ["en", "ko"],
                "sender": {"name": "Coalition", "address": {"country": "GB", "lines": ["1 Example Street", "London"]}},
                "addressee": {"name": "Chairman"}},
        bodies={language: "---\nsubject: S\nsalutation: Dear,\nclosing: Yours,\n---\nText.\n" for language in ("en", "ko")},
        signatories=[{"name": "Amnesty International"}],
        recipients=[{"id": "london", "name": "Embassy", "languages": ["en", "ko"],
                     "address": {"country": "GB", "lines": ["73 Gunnersbury Avenue", "London W5 4LP"]}}])
    (keys,) = started
    assert keys[:4] == [("territories", "en"), ("long date", "2011-12-08", "en", None),
                        ("territories", "ko"), ("long date", "2011-12-08", "ko", None)]
    assert keys[4:] == [("territories", "fr")]  # the country line of a letter posted to France


def test_a_bare_tag_s_date_region_is_the_one_the_language_fallback_finds():
    # cldr cannot import letterpress.text (which asks it for likely scripts): its lookup of the
    # default region gives what text.for_language gives, for every tag without a region that a
    # letter may name (language, or language-Script) of the locales Babel knows
    from babel.localedata import locale_identifiers

    from letterpress.project.langtags import _TAG, canonical_tag
    from letterpress.text import for_language

    tags = {canonical_tag("-".join(identifier.split("_")[:2])) for identifier in locale_identifiers()}
    tags = {tag for tag in tags | {"zh-Hans", "zh-Hant", "zh-Latn", "en-Dsrt", "pt"} if _TAG.match(tag)
            and not any(len(part) == 2 or part.isdigit() for part in tag.split("-")[1:])}
    assert len(tags) > 300
    for tag in sorted(tags):
        assert cldr._default_region(tag) == for_language(cldr._DEFAULT_REGION, tag), tag
    assert str(cldr.babel_date_locale("zh-Hans")) == "zh_Hans_CN" and str(cldr.babel_date_locale("en")) == "en_GB"


@forks
def test_a_project_s_loading_asks_its_dates_ahead_whatever_was_imported_before(tmp_path):
    """As the command line loads a project: before anything imports letterpress.locale."""
    import subprocess
    import sys
    from pathlib import Path

    example = Path(__file__).resolve().parents[2] / "letters" / "icnk-2011"
    script = ("import sys\nfrom letterpress import cldr\nasked = []\n"
              "cldr._Ahead = lambda jobs: asked.extend(key for key, _ in jobs)\n"
              "cldr._can_fork = lambda: True\n"
              "from letterpress.project import load_project\nload_project(sys.argv[1])\n"
              "assert 'letterpress.locale.dates' not in sys.modules\n"
              "print(sorted(key[2] for key in asked if key[0] == 'long date'))\n")
    env = dict(__import__("os").environ, LETTERPRESS_CACHE_DIR=str(tmp_path / "cache"), SOURCE_DATE_EPOCH="1323302400")
    found = subprocess.run([sys.executable, "-c", script, str(example)], env=env, capture_output=True, text=True, timeout=120)
    assert found.returncode == 0, found.stderr
    assert found.stdout.split("\n")[0] == str(sorted(["en", "ko", "zh-Hans", "ja", "fr", "es", "ru", "ar"]))
