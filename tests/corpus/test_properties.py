"""Issue 8: generated letters in each language's repertoire build, and their text comes back out of the PDF."""
from __future__ import annotations

import shutil
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from letterpress.cli import main
from pdfread import page_texts

REPO = Path(__file__).resolve().parents[2]

ALPHABETS = {
    "en": "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789,.;-()",
    "fr": "abcdeéèêëfghiîïjklmnoôpqrstuùûüvwxyzàâçœABCÉÈÇ0123456789,.-()",
    "ko": "가나다라마바사아자차카타파하한국어조선민주주의인민공화국인권평화정의세계 0123456789,.",
    "ja": "あいうえおかきくけこさしすせそアイウエオカキク日本語人権平和世界国際連合、。",
    "zh-Hans": "中国人权和平世界国际联合组织朝鲜民主主义人民共和国，。、",
}


def words(language: str):
    alphabet = ALPHABETS[language]
    word = st.text(alphabet=alphabet, min_size=1, max_size=14)
    separator = "" if language in ("ja", "zh-Hans") else " "
    return st.lists(word, min_size=1, max_size=40).map(separator.join)


@st.composite
def letters(draw):
    language = draw(st.sampled_from(sorted(ALPHABETS)))
    return language, draw(words(language)), draw(words(language))


def squeeze(text: str) -> str:
    return "".join(ch for ch in text if not ch.isspace() and ch not in "-\ufffe\u2010\u00ad")


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                  HealthCheck.too_slow])
@given(letters())
def test_generated_letters_build_and_read_back(tmp_path_factory, letter):
    language, paragraph, signatory = letter
    folder = tmp_path_factory.mktemp("prop")
    project = folder / "p"
    shutil.copytree(REPO / "examples" / "minimal", project)
    (project / "letter.yaml").write_text(
        (project / "letter.yaml").read_text("utf-8").replace("languages: [en, ko, fr]", f"languages: [{language}]"),
        "utf-8")
    (project / "body").mkdir(exist_ok=True)
    for old in (project / "body").iterdir():
        old.unlink()
    (project / "body" / f"{language}.md").write_text(
        f"---\nsubject: S\nsalutation: Dear,\nclosing: Yours,\n---\n{paragraph}\n", "utf-8")
    (project / "signatories.yaml").write_text(f"- name: '{signatory}'\n", "utf-8")
    (project / "recipients.yaml").write_text(
        "- id: r\n  name: Mission\n  address: {country: GB, lines: [1 Road, London W5 4LP]}\n"
        f"  languages: [{language}]\n", "utf-8")
    out = folder / "out"
    assert main(["build", str(project), "-o", str(out), "-q", "--jobs", "1"]) == 0
    text = squeeze("".join(page_texts(out / f"r.{language}.pdf")))
    assert squeeze(paragraph) in text
    assert squeeze(signatory) in text
