"""Issue 2: the seed letter builds end to end, and every copy says what it must, read back independently."""
from __future__ import annotations

import json
import re

import pytest
import yaml

from pathlib import Path

from pdfread import drawn_glyphs, embedded_fonts, info, normalise, page_texts

ICNK = Path(__file__).resolve().parents[2] / "letters" / "icnk-2011"
RECIPIENTS = yaml.safe_load((ICNK / "recipients.yaml").read_text("utf-8"))
SIGNATORIES = yaml.safe_load((ICNK / "signatories.yaml").read_text("utf-8"))
COPIES = [(r["id"], lang) for r in RECIPIENTS for lang in r["languages"]]
UN_LANGUAGES = {"en", "fr", "es", "zh-Hans", "ru", "ar"}
# pdfium gives an Arabic copy's characters back with the vowel marks (harakat) and some letters
# of a mixed-direction line out of order; the exact-text checks below expect it in logical order.
# pdftotext gives every word back (test_arabic_copies_read_back_word_for_word).
_RTL_EXTRACTION = pytest.mark.xfail(strict=True, reason=(
    "issue 14 (text extraction stays exact): Arabic marks and mixed-direction lines come back out "
    "of logical order from pdfium"))
TEXT_COPIES = [pytest.param(r, lang, marks=_RTL_EXTRACTION) if lang == "ar" else (r, lang) for r, lang in COPIES]
DATES = {
    "en": "8 December 2011", "fr": "8 décembre 2011", "es": "8 de diciembre de 2011",
    "ko": "2011년 12월 8일", "ja": "2011年12月8日", "zh-Hans": "2011年12月8日",
    "ru": "8 декабря 2011 г.", "ar": "8 ديسمبر 2011",
}


def body_paragraphs(language: str) -> list[str]:
    text = (ICNK / "body" / f"{language}.md").read_text("utf-8").split("---", 2)[2]
    return [p for p in (" ".join(block.split()) for block in text.split("\n\n")) if p]


def plain(text: str) -> str:
    """Source text without Markdown marks or quotes/spaces typography changes, for matching."""
    text = re.sub(r"\*+", "", text)
    text = re.sub(r"^- ", "", text)
    # Hyphens are dropped on both sides: a line may break after one, or at an inserted one.
    return re.sub(r"[\s\u00a0\u202f\"'“”‘’«»「」\-\u2010\ufffe]+", "", text)


def bare(text: str) -> str:
    return re.sub(r"[()（）]", "", text)


def signatory_name(entry: dict, language: str) -> str:
    name = entry["name"]
    if isinstance(name, dict):
        return name.get(language) or name.get(language.split("-")[0]) or next(iter(name.values()))
    return name


def test_every_copy_and_the_manifest_are_written(icnk_build):
    manifest = json.loads((icnk_build / "manifest.json").read_text())
    letters = {f["file"] for f in manifest["files"] if f.get("kind", "letter") == "letter"}
    assert letters == {f"{rid}.{lang}.pdf" for rid, lang in COPIES}
    for record in manifest["files"]:
        pdf = icnk_build / record["file"]
        assert pdf.stat().st_size == record["bytes"]
        import hashlib

        assert hashlib.sha256(pdf.read_bytes()).hexdigest() == record["sha256"]
        assert record["pages"] == len(page_texts(pdf))
    assert "letter.yaml" in manifest["inputs"] and "body/ko.md" in manifest["inputs"]


@pytest.mark.parametrize("recipient,language", TEXT_COPIES)
def test_copy_holds_body_salutation_date_and_every_signatory(icnk_build, recipient, language):
    text = normalise(" ".join(page_texts(icnk_build / f"{recipient}.{language}.pdf")))
    squeezed = plain(text)
    for paragraph in body_paragraphs(language):
        assert plain(paragraph) in squeezed, paragraph[:60]
    front = yaml.safe_load((ICNK / "body" / f"{language}.md").read_text("utf-8").split("---")[1])
    assert plain(front["salutation"]) in squeezed
    assert plain(DATES[language]) in squeezed
    from babel import Locale

    territories = Locale.parse(language.replace("-", "_")).territories
    for entry in SIGNATORIES:
        name = plain(signatory_name(entry, language))
        assert name in squeezed, signatory_name(entry, language)
        if entry.get("country"):  # the country named in the copy's language (CLDR, read through Babel)
            assert bare(name + plain(territories[entry["country"]])) in bare(squeezed), (entry["country"], language)


def test_the_un_missions_take_the_six_un_languages():
    missions = {r["id"]: set(r["languages"]) for r in RECIPIENTS}
    assert UN_LANGUAGES <= missions["geneva"] and UN_LANGUAGES <= missions["new-york"]


@pytest.mark.parametrize("recipient", ["geneva", "new-york"])
def test_arabic_copies_read_back_word_for_word(icnk_build, recipient):
    """Every word of the Arabic copy (vowel marks aside), its date and the signatories' Arabic names,
    from pdftotext, set in Noto Naskh Arabic; the Russian copy likewise in Noto Serif."""
    import shutil
    import subprocess
    import unicodedata

    if shutil.which("pdftotext") is None:
        pytest.skip("needs pdftotext")

    def bare_arabic(text: str) -> str:
        text = unicodedata.normalize("NFC", re.sub(r"[\u200e\u200f\u202a-\u202e\u2066-\u2069]", "", text))
        return re.sub(r"[\u064b-\u0652\u0670]", "", text)  # harakat: their order is issue 14's ToUnicode work

    pdf = icnk_build / f"{recipient}.ar.pdf"
    extracted = bare_arabic(subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True,
                                           check=True).stdout)
    source = (ICNK / "body" / "ar.md").read_text("utf-8")
    front = yaml.safe_load(source.split("---")[1])
    text = " ".join([source.split("---", 2)[2].replace("*", ""), *front.values(), DATES["ar"]]
                    + [signatory_name(entry, "ar") for entry in SIGNATORIES])
    words = re.findall(r"[^\s،,.:;!?()«»\"“”'’{}]+", bare_arabic(text))  # (quotes are typeset curly)
    assert len(words) > 500
    assert [word for word in words if word not in extracted] == []
    assert any("NotoNaskhArabic" in font.name for font in embedded_fonts(pdf))
    assert any("NotoSerif-" in font.name for font in embedded_fonts(icnk_build / f"{recipient}.ru.pdf"))


@pytest.mark.parametrize("recipient,language", COPIES)
def test_fonts_are_embedded_subsets_and_no_notdef_is_drawn(icnk_build, recipient, language):
    pdf = icnk_build / f"{recipient}.{language}.pdf"
    fonts = embedded_fonts(pdf)
    assert fonts
    for font in fonts:
        assert font.program is not None, f"{font.name} is not embedded"
        assert re.match(r"^[A-Z]{6}\+", font.name), f"{font.name} is not a subset"
    drawn = drawn_glyphs(pdf)
    programs = {font.name: font.program for font in fonts}
    for name, codes in drawn.glyphs.items():
        assert 0 not in codes, f".notdef drawn from {name}"
        program = programs[name]
        for code in codes:
            assert program.has(code), f"{name} has no glyph for code {code}"
        inked = [code for code in codes if program.inked(code)]
        assert len(inked) >= len(codes) * 0.8  # all but spaces have outlines


@pytest.mark.parametrize("recipient,language", COPIES[:4])
def test_metadata_and_language(icnk_build, recipient, language):
    meta = info(icnk_build / f"{recipient}.{language}.pdf")
    assert meta["Lang"] in (language, language.encode())
    for key in ("Title", "Author", "Subject"):
        assert meta.get(key), key


def test_new_york_is_on_letter_paper_and_the_others_on_a4(icnk_build):
    import pypdfium2 as pdfium

    for recipient, language in COPIES:
        document = pdfium.PdfDocument(str(icnk_build / f"{recipient}.{language}.pdf"))
        width, height = document[0].get_size()
        document.close()
        expected = (612, 792) if recipient == "new-york" else (595.3, 841.9)
        assert (round(width, 1), round(height, 1)) == pytest.approx(expected, abs=0.2), recipient


def test_copies_embed_subsets_only_and_stay_small(icnk_build):
    manifest = json.loads((icnk_build / "manifest.json").read_text())
    letters = [f for f in manifest["files"] if f.get("kind", "letter") == "letter"]
    mean = sum(f["bytes"] for f in letters) / len(letters)
    # ~51 KB: the CJK copies (70-95 KB) carry their CFF glyphs as they are, 7% larger deflated
    # than converted to TrueType; embedding whole fonts would take megabytes.
    assert mean < 55 * 1024, f"mean {mean / 1024:.1f} KB per copy"


def test_signatories_are_localised_and_sorted_on_request(run_cli, tmp_path):
    out = tmp_path / "out"
    assert run_cli("build", ICNK, "-o", out, "-q", "--recipient", "paris", "--sort").code == 0
    text = normalise(" ".join(page_texts(out / "paris.fr.pdf")))
    assert "Free NK Gulag (Corée du Sud)" in text
    korean = normalise(" ".join(page_texts(out / "paris.ko.pdf")))
    assert "Free NK Gulag (대한민국)" in korean and "국제앰네스티" in korean
    # collation order, not roster order: "Droits de l'Homme sans frontières" (19th in the roster)
    # comes before "Freedom House" (12th) in the French copy
    assert text.index("Droits de l") < text.index("Freedom House") < text.index("Young Defectors")
    unsorted = tmp_path / "roster"
    assert run_cli("build", ICNK, "-o", unsorted, "-q", "--recipient", "paris", "--language", "fr").code == 0
    plain = normalise(" ".join(page_texts(unsorted / "paris.fr.pdf")))
    assert plain.index("Freedom House") < plain.index("Droits de l")


@pytest.mark.parametrize("recipient,language", TEXT_COPIES)
def test_closing_stays_with_the_first_signatories(icnk_build, recipient, language):
    front = yaml.safe_load((ICNK / "body" / f"{language}.md").read_text("utf-8").split("---")[1])
    pages = [plain(normalise(text)) for text in page_texts(icnk_build / f"{recipient}.{language}.pdf")]
    closing_page = next(i for i, text in enumerate(pages) if plain(front["closing"]) in text)
    first = plain(signatory_name(SIGNATORIES[0], language))
    assert first in pages[closing_page], "the closing is separated from the signatory block"
    assert plain(front["subject"]) in pages[0]


@pytest.mark.parametrize("suffix", ["png", "svg"])
def test_a_signature_image_is_drawn_above_the_persons_name(minimal_project, run_cli, tmp_path, suffix):
    import pypdfium2 as pdfium
    import pypdfium2.raw as pdfium_c

    folder = minimal_project / "signatures"
    folder.mkdir()
    if suffix == "png":
        from PIL import Image, ImageDraw

        image = Image.new("RGBA", (300, 100), (255, 255, 255, 0))
        ImageDraw.Draw(image).line([(10, 80), (120, 20), (200, 70), (290, 30)], fill=(20, 20, 120, 255), width=6)
        image.save(folder / "ebihara.png")
    else:
        (folder / "ebihara.svg").write_text(
            '<svg xmlns="http://www.w3.org/2000/svg" width="300" height="100">'
            '<path d="M10 80 L120 20 L200 70 L290 30" stroke="#141478" stroke-width="6" fill="none"/></svg>', "utf-8")
    roster = minimal_project / "signatories.yaml"
    roster.write_text(roster.read_text("utf-8").replace(
        "  kind: person", f"  kind: person\n  title: Coordinator\n  signature: signatures/ebihara.{suffix}"), "utf-8")
    out = tmp_path / "out"
    assert run_cli("build", minimal_project, "-o", out, "-q", "--language", "en").code == 0
    document = pdfium.PdfDocument(str(out / "london.en.pdf"))
    page = document[len(document) - 1]
    kinds = [obj.type for obj in page.get_objects(max_depth=3)]
    wanted = pdfium_c.FPDF_PAGEOBJ_IMAGE if suffix == "png" else pdfium_c.FPDF_PAGEOBJ_PATH
    assert wanted in kinds
    text = page.get_textpage().get_text_range()
    document.close()
    assert "Tomoharu Ebihara" in text and "Coordinator" in text
