"""Issue 14: a face for every script from declared dependencies, fallback by script, faces chosen by
their real weight, and one `check` message per script no face draws."""
from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest
import uharfbuzz as hb
from fontTools.ttLib import TTFont

from fontmaker import small_font, write_font
from pdfread import drawn_glyphs, embedded_fonts, page_texts

from letterpress.cache import CacheContext
from letterpress.fonts import plan_fonts, prepare_fonts
from letterpress.fonts.index import real_weight
from letterpress.text import direction_of, script_of

REPO = Path(__file__).resolve().parents[2]

# A language of each script, with a word of it, and the family that sets it on a fresh install.
SCRIPTS = {
    "ar": ("مرحبا بالعالم", "Noto Naskh Arabic"),
    "fa": ("گزارشگر ویژه", "Noto Naskh Arabic"),
    "ur": ("خصوصی نمائندے", "Noto Naskh Arabic"),
    "he": ("שלום עולם", "Noto Serif Hebrew"),
    "hi": ("हस्ताक्षर", "Noto Serif Devanagari"),
    "bn": ("স্বাক্ষর", "Noto Serif Bengali"),
    "th": ("น้ำใจ", "Noto Serif Thai"),
    "lo": ("ນ້ຳໃຈ", "Noto Serif Lao"),
    "km": ("ហត្ថលេខា", "Noto Serif Khmer"),
    "my": ("လက်မှတ်", "Noto Serif Myanmar"),
    "am": ("ፊርማ", "Noto Serif Ethiopic"),
    "ru": ("Подпись", "Noto Serif"),
}


@pytest.fixture(scope="module")
def script_fonts(tmp_path_factory):
    return prepare_fonts({language: word for language, (word, _) in SCRIPTS.items()},
                         cache=CacheContext(tmp_path_factory.mktemp("cache")))


@pytest.mark.parametrize("language", sorted(SCRIPTS))
def test_every_language_is_set_in_its_script_face_with_a_real_bold(script_fonts, language):
    word, family = SCRIPTS[language]
    regular = script_fonts.chain(language, "regular")[0]
    bold = script_fonts.chain(language, "bold")[0]
    assert regular.family == family and bold.family == family
    assert all(regular.covers(ord(char)) for char in word)
    assert bold.weight == 700 and not bold.synthetic_bold  # a real bold, not a stroked regular
    assert bold.data != regular.data


def _shaped(face: hb.Face, text: str, weight: float | None = None) -> list[tuple[int, int, int, int]]:
    font = hb.Font(face)
    font.scale = (1000, 1000)
    if weight is not None:
        font.set_variations({"wght": weight})
    buffer = hb.Buffer()
    buffer.add_str(text)
    buffer.guess_segment_properties()
    hb.shape(font, buffer)
    return [(info.cluster, pos.x_advance, pos.x_offset, pos.y_offset)
            for info, pos in zip(buffer.glyph_infos, buffer.glyph_positions)]


@pytest.mark.parametrize("language", ["ar", "fa", "hi", "bn", "th", "km", "my"])
def test_the_prepared_face_shapes_as_the_whole_font_does(script_fonts, language):
    """Subsetting keeps the script's shaping features (joining forms, conjuncts, reordering) and the
    characters HarfBuzz decomposes to: the prepared face gives the glyphs and positions the font
    file gives for the word (removing the Indic or Arabic features from the subset fails this)."""
    word, _ = SCRIPTS[language]
    face = script_fonts.chain(language)[0]
    whole = hb.Face(hb.Blob.from_file_path(str(face.source)))
    variable = "wght" in {axis.tag for axis in whole.axis_infos}
    assert _shaped(face.hb_face, word) == _shaped(whole, word, face.weight if variable else None)


def test_arabic_letters_take_their_contextual_forms(script_fonts):
    """The same letter joined at the start, middle and end of a word: three different glyphs."""
    face = script_fonts.chain("ar")[0]
    font = hb.Font(face.hb_face)
    buffer = hb.Buffer()
    buffer.add_str("ببب")
    buffer.guess_segment_properties()
    hb.shape(font, buffer)
    assert len({info.codepoint for info in buffer.glyph_infos}) >= 3  # (Naskh draws the dots apart)


def test_a_character_of_any_script_finds_its_face_in_any_copy(tmp_path):
    """A Thai organisation's name and a Hebrew address in an English copy, Devanagari in Korean."""
    text = "Signed by มูลนิธิ for the address רחוב הרצל 12 and हस्ताक्षर, ፊርማ, ລາວ, ខ្មែរ, မြန်မာ, বাংলা"
    fonts = prepare_fonts({"en": text, "ko": "서명 हस्ताक्षर"}, cache=CacheContext(tmp_path))
    expected = {"ม": "Noto Serif Thai", "ר": "Noto Serif Hebrew", "ह": "Noto Serif Devanagari",
                "ፊ": "Noto Serif Ethiopic", "ລ": "Noto Serif Lao", "ខ": "Noto Serif Khmer",
                "မ": "Noto Serif Myanmar", "ব": "Noto Serif Bengali", "S": "Noto Serif"}
    for char, family in expected.items():
        assert fonts.face_for(ord(char), "en").family == family, char
    assert fonts.face_for(ord("ह"), "ko").family == "Noto Serif Devanagari"


def test_faces_of_scripts_a_batch_does_not_write_are_not_prepared(tmp_path):
    fonts = prepare_fonts({"en": "Hello", "ko": "안녕 Hello"}, cache=CacheContext(tmp_path))
    assert [face.family for face in fonts.chain("en")] == ["Noto Serif"]
    assert fonts.chain("ko")[0].family == "Noto Serif KR"
    assert not any("Thai" in face.family or "Arabic" in face.family or "Devanagari" in face.family
                   for chain in fonts.chains.values() for face in chain)
    (store,) = tmp_path.glob("faces-*.sqlite")
    with sqlite3.connect(store) as database:
        (prepared,) = database.execute("SELECT count(*) FROM entries").fetchone()
    assert prepared == len({face.key for chain in fonts.chains.values() for face in chain})


def test_an_installed_face_outside_the_lists_draws_what_no_listed_face_has(minimal_project, tmp_path):
    """A character no family of fonts.yaml has is set in an installed face that has it."""
    font = small_font("LP Private Use", 400, "ABC")
    cmap = font["cmap"]
    for table in cmap.tables:
        table.cmap[0xE000] = table.cmap[ord("A")]
    write_font(minimal_project / "fonts" / "private.ttf", font)
    fonts = prepare_fonts({"en": "Hello \ue000"}, project_dir=minimal_project, cache=CacheContext(tmp_path))
    assert fonts.face_for(0xE000, "en").family == "LP Private Use"
    assert fonts.face_for(ord("H"), "en").family == "Noto Serif"


def test_a_thai_name_in_an_english_copy_is_drawn_in_the_thai_face(minimal_project, run_cli, tmp_path):
    signatories = minimal_project / "signatories.yaml"
    signatories.write_text(signatories.read_text("utf-8") + "- name: มูลนิธิเพื่อสิทธิมนุษยชน\n  country: TH\n",
                           "utf-8")
    out = tmp_path / "out"
    assert run_cli("check", minimal_project).code == 0
    result = run_cli("build", minimal_project, "-o", out, "--language", "en", "-q")
    assert result.code == 0, result.err
    pdf = out / "london.en.pdf"
    fonts = {font.name.split("+")[1]: font for font in embedded_fonts(pdf)}
    assert {"NotoSerif-Regular", "NotoSerifThai-Regular"} <= set(fonts)
    drawn = drawn_glyphs(pdf)
    thai = next(name for name in drawn.glyphs if "NotoSerifThai" in name)
    program = fonts["NotoSerifThai-Regular"].program
    assert drawn.glyphs[thai] and all(program.inked(code) for code in drawn.glyphs[thai])


SCRIPT_COPIES = {  # languages whose copies the layout sets today (right-to-left copies come with RTL layout)
    "hi": ("हम सभी बंदियों की रिहाई का अनुरोध करते हैं।", "NotoSerifDevanagari"),
    "bn": ("আমরা সকল বন্দীর মুক্তির অনুরোধ করছি।", "NotoSerifBengali"),
    "th": ("เราขอให้ปล่อยตัวผู้ถูกคุมขังทั้งหมด", "NotoSerifThai"),
    "lo": ("ພວກເຮົາຂໍໃຫ້ປ່ອຍຕົວນັກໂທດທັງໝົດ", "NotoSerifLao"),
    "km": ("យើងស្នើសុំឱ្យដោះលែងអ្នកជាប់ឃុំទាំងអស់។", "NotoSerifKhmer"),
    "my": ("အကျဉ်းသားအားလုံးကို လွှတ်ပေးရန် တောင်းဆိုပါသည်။", "NotoSerifMyanmar"),
    "am": ("ሁሉም እስረኞች እንዲፈቱ እንጠይቃለን።", "NotoSerifEthiopic"),
    "ru": ("Мы просим освободить всех заключённых.", "NotoSerif"),
}


@pytest.fixture(scope="module")
def script_build(tmp_path_factory):
    """The minimal letter with a copy in each script, built once."""
    from letterpress.cli import main

    root = tmp_path_factory.mktemp("scripts")
    project = root / "project"
    shutil.copytree(REPO / "examples" / "minimal", project)
    letter = project / "letter.yaml"
    letter.write_text(letter.read_text("utf-8").replace(
        "languages: [en, ko, fr]", "languages: [en, ko, fr, " + ", ".join(SCRIPT_COPIES) + "]"), "utf-8")
    recipients = (project / "recipients.yaml").read_text("utf-8")
    for language, (sentence, _) in SCRIPT_COPIES.items():
        (project / "body" / f"{language}.md").write_text(
            f'---\nsubject: "{sentence[:12]}"\nsalutation: "{sentence[:6]}"\nclosing: "{sentence[-8:]}"\n---\n'
            f"{sentence} **{sentence[:10]}**\n", "utf-8")
        recipients += (f"- id: to-{language}\n  name: {{en: Mission {language}}}\n  city: {{en: Geneva}}\n"
                       f"  address:\n    country: CH\n    lines: [Mission, Chemin 1, 1207 Genève]\n"
                       f"  languages: [{language}]\n")
    (project / "recipients.yaml").write_text(recipients, "utf-8")
    out = root / "out"
    assert main(["check", str(project)]) == 0
    assert main(["build", str(project), "-o", str(out), "-q"]) == 0
    return out


@pytest.mark.parametrize("language", sorted(SCRIPT_COPIES))
def test_each_script_copy_embeds_its_face_and_reads_back(script_build, language):
    sentence, postscript = SCRIPT_COPIES[language]
    pdf = script_build / f"to-{language}.{language}.pdf"
    fonts = {font.name: font for font in embedded_fonts(pdf)}
    # the regular and the bold (a variable face's instances keep the regular's PostScript name)
    ours = [name for name in fonts if name.split("+")[1].split("-")[0] == postscript]
    assert len(ours) == 2, sorted(fonts)
    for font in fonts.values():
        assert font.program is not None  # embedded, and fontTools reads it
    drawn = drawn_glyphs(pdf)
    for name in ours:
        glyphs = drawn.glyphs[name]
        assert 0 not in glyphs  # no tofu
        assert sum(fonts[name].program.inked(g) for g in glyphs) > len(glyphs) / 2  # letters, not spaces
    text = "".join(page_texts(pdf))
    if language in ("ru", "am"):  # (extraction of the complex scripts is the layout's ToUnicode: issue 14)
        assert sentence.split()[0] in text


def test_the_myanmar_bold_that_declares_weight_400_is_the_bold(tmp_path):
    bold_file = REPO / "fonts" / "NotoSerifMyanmar-Bold.ttf"
    assert TTFont(bold_file)["OS/2"].usWeightClass == 400  # the file's own mistake
    plan = plan_fonts(["my"], cache=CacheContext(tmp_path)).languages[0]
    assert Path(plan.chains["regular"][0].info.path).name == "NotoSerifMyanmar-Regular.ttf"
    bold = plan.chains["bold"][0]
    assert Path(bold.info.path).name == "NotoSerifMyanmar-Bold.ttf" and not bold.synthetic_bold


def test_faces_are_chosen_by_the_weight_their_style_says(minimal_project, tmp_path):
    """A family whose Bold file declares usWeightClass 400 and a Condensed regular, both found before its
    Regular: the regular style takes the Regular file, the bold style the Bold one."""
    mislabelled = small_font("LP Mislabelled", 700)
    mislabelled["OS/2"].usWeightClass = 400  # says 400, but fsSelection and the name say Bold
    mislabelled["OS/2"].fsSelection = (mislabelled["OS/2"].fsSelection & ~0x40) | 0x20
    write_font(minimal_project / "fonts" / "a-bold.ttf", mislabelled)
    write_font(minimal_project / "fonts" / "b-regular.ttf", small_font("LP Mislabelled", 400))
    condensed = small_font("LP Mislabelled", 400)
    condensed["OS/2"].usWidthClass = 3  # a condensed regular, found first: not the regular either
    write_font(minimal_project / "fonts" / "0-condensed.ttf", condensed)
    plan = plan_fonts(["en"], project_dir=minimal_project, overrides={"en": ["LP Mislabelled"]},
                      cache=CacheContext(tmp_path)).languages[0]
    assert Path(plan.chains["regular"][0].info.path).name == "b-regular.ttf"
    assert Path(plan.chains["bold"][0].info.path).name == "a-bold.ttf"
    assert plan.chains["bold"][0].weight == 700 and not plan.chains["bold"][0].synthetic_bold


@pytest.mark.parametrize("declared, subfamily, fs_selection, mac_style, real", [
    (400, "Bold", 0x20, 1, 700),      # Noto Serif Myanmar 2.001's Bold
    (400, "Bold", 0, 0, 700),         # only the name says it
    (400, "Black", 0x20, 0, 900),
    (400, "Regular", 0x40, 0, 400),
    (700, "Bold", 0x20, 1, 700),
    (600, "SemiBold", 0, 0, 600),     # not style-linked bold: its own weight
    (0, "Regular", 0, 0, 400),        # out of range
])
def test_real_weight(declared, subfamily, fs_selection, mac_style, real):
    assert real_weight(declared, subfamily, fs_selection, mac_style) == real


@pytest.mark.parametrize("tag, script, direction", [
    ("ar", "Arab", "rtl"), ("fa", "Arab", "rtl"), ("ur", "Arab", "rtl"), ("he", "Hebr", "rtl"),
    ("hi", "Deva", "ltr"), ("bn", "Beng", "ltr"), ("th", "Thai", "ltr"), ("lo", "Laoo", "ltr"),
    ("km", "Khmr", "ltr"), ("my", "Mymr", "ltr"), ("am", "Ethi", "ltr"), ("ru", "Cyrl", "ltr"),
    ("en", "Latn", "ltr"), ("zh-Hans", "Hans", "ltr"), ("zh-TW", "Hant", "ltr"), ("sr-Latn", "Latn", "ltr"),
    ("az-Arab", "Arab", "rtl"), ("sw", "Latn", "ltr"),
])
def test_languages_know_their_script_and_direction(tag, script, direction):
    assert script_of(tag) == script and direction_of(tag) == direction


def _tamil_project(project: Path) -> None:
    letter = project / "letter.yaml"
    letter.write_text(letter.read_text("utf-8").replace("languages: [en, ko, fr]", "languages: [en, ko, fr, ta]"),
                      "utf-8")
    (project / "body" / "ta.md").write_text(
        '---\nsubject: "மனித உரிமை கண்காணிப்பாளர்கள்"\nsalutation: "அன்புள்ள தலைவர் அவர்களே,"\n'
        'closing: "தங்கள் உண்மையுள்ள,"\n---\n'
        "நாங்கள் {sender.name} சார்பாக எழுதுகிறோம், with a Thai name: มูลนิธิ.\n", "utf-8")
    roster = project / "recipients.yaml"
    roster.write_text(roster.read_text("utf-8").replace("  languages: [fr]", "  languages: [fr, ta]"), "utf-8")


@pytest.mark.parametrize("command", ["check", "build"])
def test_a_script_no_face_draws_is_one_message_at_its_first_character(minimal_project, run_cli, tmp_path, command):
    """Tamil has no default face (and the tests see no system fonts): one message for the script,
    at the first Tamil letter, naming the language, the script and a fix; the Thai name is drawn."""
    _tamil_project(minimal_project)
    args = [command, minimal_project] + (["-o", tmp_path / "out"] if command == "build" else [])
    result = run_cli(*args)
    assert result.code == 1, result.err
    errors = [line for line in result.err.splitlines() if "error:" in line]
    assert len(errors) == 1, result.err
    assert errors[0].startswith("body/ta.md:2:10: error:") or "body/ta.md:2:10:" in errors[0], errors[0]
    assert "Tamil script" in errors[0] and " ta text" in errors[0] and "U+0BAE" in errors[0]
    assert "Thai script" not in result.err  # the Thai name finds its face
    assert "fix:" in result.err and "fonts: {ta: [" in result.err
    assert "Traceback" not in result.err
    assert not (tmp_path / "out").exists() or not list((tmp_path / "out").glob("*.pdf"))


def test_a_hidden_script_face_is_one_message_per_script(minimal_project, run_cli, tmp_path, monkeypatch):
    """With the Thai faces gone (their package hidden, no system fonts), a Thai copy is one message
    at the first Thai character, not one per character nor one about fonts.yaml."""
    monkeypatch.setattr("letterpress.fonts.index.PACKAGED",
                        tuple(p for p in __import__("letterpress.fonts.index").fonts.index.PACKAGED
                              if p[0] != "pylopdf_fonts_th"))
    letter = minimal_project / "letter.yaml"
    letter.write_text(letter.read_text("utf-8").replace("languages: [en, ko, fr]", "languages: [en, ko, fr, th]"),
                      "utf-8")
    (minimal_project / "body" / "th.md").write_text(
        '---\nsubject: "การเข้าถึง"\nsalutation: "เรียน ท่านประธาน"\nclosing: "ขอแสดงความนับถือ"\n---\n'
        "เราเขียนถึงท่านจาก {sender.name} น้ำใจ\n", "utf-8")
    roster = minimal_project / "recipients.yaml"
    roster.write_text(roster.read_text("utf-8").replace("  languages: [fr]", "  languages: [fr, th]"), "utf-8")
    result = run_cli("check", minimal_project)
    assert result.code == 1
    errors = [line for line in result.err.splitlines() if "error:" in line]
    assert len(errors) == 1 and "Thai script" in errors[0] and "body/th.md:2:" in errors[0], result.err


def _thai_font_without_nikhahit(family: str) -> TTFont:
    """Noto Serif Thai cut to ก, SARA AA and SARA AM, without NIKHAHIT (U+0E4D): HarfBuzz's Thai
    shaper draws SARA AM as NIKHAHIT + SARA AA, and so draws .notdef with this face."""
    import io

    import pylopdf_fonts_th

    face = hb.Face(hb.Blob.from_file_path(str(pylopdf_fonts_th.serif_path())))
    plan = hb.SubsetInput()
    for char in "กาำ ":
        plan.unicode_set.add(ord(char))
    plan.pin_all_axes_to_default(face)
    font = TTFont(io.BytesIO(bytes(hb.subset(face, plan).blob.data)))
    names = font["name"]
    for record in list(names.names):
        if record.nameID in (1, 2, 4, 6, 16, 17):
            names.removeNames(nameID=record.nameID)
    for name_id, value in ((1, family), (2, "Regular"), (4, family), (6, family.replace(" ", ""))):
        names.setName(value, name_id, 3, 1, 0x409)
    return font


@pytest.mark.parametrize("command", ["check", "build"])
def test_a_character_shaped_to_notdef_is_found_by_check_at_its_line(minimal_project, run_cli, tmp_path, command):
    """A face that has the character but draws .notdef for it once shaped: coverage passes, shaping
    gives tofu. `check` finds it, placed in the input, before the PDF writer would refuse it."""
    write_font(minimal_project / "fonts" / "partial.ttf", _thai_font_without_nikhahit("LP Thai Partial"))
    letter = minimal_project / "letter.yaml"
    letter.write_text(letter.read_text("utf-8") + "fonts: {en: [LP Thai Partial]}\n", "utf-8")
    body = minimal_project / "body" / "en.md"
    body.write_text(body.read_text("utf-8").replace("about the situation", "about the กำ situation"), "utf-8")
    args = [command, minimal_project] + (["-o", tmp_path / "out"] if command == "build" else [])
    result = run_cli(*args)
    assert result.code == 1, result.err
    assert "body/en.md:6:" in result.err and "U+0E33" in result.err and "LP Thai Partial" in result.err, result.err
    assert "Traceback" not in result.err and "refusing to draw tofu" not in result.err


def test_a_hebrew_address_in_an_english_copy_is_drawn_in_the_hebrew_face(minimal_project, run_cli, tmp_path):
    roster = minimal_project / "recipients.yaml"
    roster.write_text(roster.read_text("utf-8") + (
        "- id: jerusalem\n  name: {en: Embassy in Israel}\n  city: {en: Jerusalem}\n  address:\n"
        "    country: IL\n    lines: [שגרירות, רחוב הרצל 12, ירושלים 9100000]\n  languages: [en]\n"), "utf-8")
    out = tmp_path / "out"
    assert run_cli("check", minimal_project).code == 0
    assert run_cli("build", minimal_project, "-o", out, "--recipient", "jerusalem", "-q").code == 0
    pdf = out / "jerusalem.en.pdf"
    fonts = {font.name.split("+")[1]: font for font in embedded_fonts(pdf)}
    assert "NotoSerifHebrew-Regular" in fonts, sorted(fonts)
    hebrew = next(name for name in drawn_glyphs(pdf).glyphs if "NotoSerifHebrew" in name)
    glyphs = drawn_glyphs(pdf).glyphs[hebrew]
    assert len(glyphs) >= 8 and 0 not in glyphs
