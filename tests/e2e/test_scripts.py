"""Arabic, Hebrew, Devanagari and Thai copies built end to end with real fonts, read back independently:
`mutool trace` for glyph ids and positions, `pdftotext` for the text. (Thai line ends are held
down by tests/layout/test_direction_and_dictionary_breaks.py against ICU's word iterator.)

The faces come from the font packages in the [test] extra, named in the letter (``fonts:``) and
copied into the project's fonts/ folder, so these tests do not depend on the default chains.
(The Thai text has SARA AM, in "น้ำใจ" and "ทำงาน": HarfBuzz draws it as NIKHAHIT + SARA AA, which a
face subset to the text's own characters alone lacks; the fonts stage keeps the whole Thai block.)
"""
from __future__ import annotations

import re
import shutil
import subprocess
import unicodedata
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from fontmaker import package_font
from letterpress.cli import main

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
pytestmark = pytest.mark.skipif(shutil.which("mutool") is None or shutil.which("pdftotext") is None,
                                reason="needs mutool and pdftotext")


SCRIPTS = {
    "ar": dict(font=("pylopdf_fonts_ar", "NotoNaskhArabic-Variable.ttf"), family="Noto Naskh Arabic",
               body="من {recipient.city} 2012 نكتب إليكم بشأن أوضاع المحتجزين في المعسكرات. نطلب دعوة المقرر الخاص التابع للأمم المتحدة "
                    "(UN) دون تأخير، كما طالبت اللجنة الدولية للصليب الأحمر (ICRC) منذ عام 2011 في جنيف. "
                    "نتطلع إلى ردكم في الوقت المناسب. "
                    "هاتفنا +41 22 917 1234.",
               subject="السماح لمراقبي حقوق الإنسان بالوصول", salutation="حضرة الرئيس المحترم،",
               closing="وتفضلوا بقبول فائق الاحترام،", name="التحالف من أجل الوصول",
               city="London"),  # a Latin city in the Arabic text: the placeholder is isolated
    "he": dict(font=("pylopdf_fonts_he", "NotoSerifHebrew-Variable.ttf"), family="Noto Serif Hebrew",
               body="אנו, הארגונים החתומים מטה, כותבים אליכם בעניין מצב העצורים במחנות. אנו מבקשים להזמין את "
                    "הכתב המיוחד של האו״ם (UN) ללא דיחוי, כפי שביקש הצלב האדום (ICRC) מאז שנת 2011 בז׳נבה. "
                    "אנו מצפים לתשובתכם ולפגישה ב{recipient.city}.",
               subject="גישה למשקיפי זכויות אדם", salutation="כבוד היושב ראש,", closing="בכבוד רב,",
               name="הקואליציה לגישה פתוחה", city="לונדון"),
    "hi": dict(font=("pylopdf_fonts_hi", "NotoSerifDevanagari-Variable.ttf"), family="Noto Serif Devanagari",
               body="हम हस्ताक्षरकर्ता संगठन आपको शिविरों में बंदियों की स्थिति के बारे में लिख रहे हैं। हम अनुरोध "
                    "करते हैं कि संयुक्त राष्ट्र के विशेष प्रतिवेदक को बिना देरी के आमंत्रित किया जाए। हम आपके "
                    "उत्तर और {recipient.city} में एक बैठक की प्रतीक्षा करते हैं।",
               subject="स्वतंत्र मानवाधिकार पर्यवेक्षकों के लिए पहुँच", salutation="आदरणीय अध्यक्ष जी,",
               closing="भवदीय,", name="खुली पहुँच के लिए गठबंधन", city="लंदन"),
    "th": dict(font=("pylopdf_fonts_th", "NotoSerifThai-Variable.ttf"), family="Noto Serif Thai",
               body="เราเขียนถึงท่านในนามขององค์กรที่ลงนามข้างท้ายเกี่ยวกับสถานการณ์ของผู้ถูกคุมขังในค่ายกักกัน "
                    "เราขอให้เชิญผู้รายงานพิเศษแห่งสหประชาชาติโดยไม่ชักช้าตามที่คณะกรรมการกาชาดระหว่างประเทศได้เรียกร้อง"
                    "มาตั้งแต่ปีสองพันสิบเอ็ดเราขอขอบคุณน้ำใจและการทำงานของท่านเราหวังว่าจะได้รับการตอบกลับจากท่านในเวลาอันควรและได้พบกันที่{recipient.city}",
               subject="การเข้าถึงของผู้สังเกตการณ์ด้านสิทธิมนุษยชน", salutation="เรียนท่านประธาน",
               closing="ขอแสดงความนับถือ", name="แนวร่วมเพื่อการเข้าถึงอย่างเปิดเผย", city="ลอนดอน"),
}


def make_project(root: Path, language: str) -> Path:
    spec = SCRIPTS[language]
    project = root / f"letter-{language}"
    shutil.copytree(EXAMPLES / "minimal", project)
    (project / "fonts").mkdir(exist_ok=True)
    shutil.copy(package_font(*spec["font"]), project / "fonts")
    letter = (project / "letter.yaml").read_text(encoding="utf-8")
    letter = letter.replace("languages: [en, ko, fr]", f"languages: [{language}]\nfonts: {{{language}: [{spec['family']}]}}")
    letter = letter.replace("fr: Coalition pour l'accès}", f"fr: Coalition pour l'accès, {language}: {spec['name']}}}")
    letter = letter.replace("fr: Kim Jong-il}", f"fr: Kim Jong-il, {language}: Kim Jong-il}}")
    letter = re.sub(r"(fr: Président de la Commission de la défense nationale)}", rf"\1, {language}: Kim}}", letter)
    (project / "letter.yaml").write_text(letter, encoding="utf-8")
    recipients = (project / "recipients.yaml").read_text(encoding="utf-8")
    recipients = re.sub(r"languages: \[[^\]]*\]", f"languages: [{language}]", recipients)
    recipients = re.sub(r"(fr: [^{}]*?)}", rf"\1, {language}: {spec['city']}}}", recipients)
    (project / "recipients.yaml").write_text(recipients, encoding="utf-8")
    signatories = (project / "signatories.yaml").read_text(encoding="utf-8")
    signatories = signatories.replace("fr: Amnesty International}", f"fr: Amnesty International, {language}: Amnesty}}")
    (project / "signatories.yaml").write_text(signatories, encoding="utf-8")
    for old in (project / "body").glob("*.md"):
        old.unlink()
    (project / "body" / f"{language}.md").write_text(
        f'---\nsubject: "{spec["subject"]}"\nsalutation: "{spec["salutation"]}"\nclosing: "{spec["closing"]}"\n---\n'
        f'{spec["body"]}\n', encoding="utf-8")
    return project


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> dict[str, Path]:
    """One copy per script (the London mission), built once."""
    root = tmp_path_factory.mktemp("scripts")
    out = {}
    for language in SCRIPTS:
        project = make_project(root, language)
        target = root / f"out-{language}"
        assert main(["build", str(project), "-o", str(target), "--quiet", "--recipient", "london"]) == 0
        out[language] = target / f"london.{language}.pdf"
    return out


def trace(pdf: Path) -> list[dict]:
    """Every glyph drawn on page 1: glyph id, unicode (from ToUnicode), x, y, font name."""
    xml = subprocess.run(["mutool", "trace", str(pdf), "1"], capture_output=True, text=True, check=True).stdout
    glyphs = []
    for span in ET.fromstring(xml).iter("span"):
        font = span.get("font", "")
        for g in span.iter("g"):
            glyphs.append(dict(font=font, glyph=int(g.get("glyph") or -1), unicode=g.get("unicode", ""),
                               x=float(g.get("x")), y=float(g.get("y")), adv=g.get("adv", "0")))
    return glyphs


def text_of(pdf: Path) -> str:
    return subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout


def words(text: str) -> list[str]:
    return [w for w in re.findall(r"[^\s،,.:;!?()«»\"“”{}।]+", text) if not w.startswith("recipient")]


@pytest.mark.parametrize("language", sorted(SCRIPTS))
def test_pdftotext_gives_back_every_word_in_logical_order(built, language):
    extracted = unicodedata.normalize("NFC", text_of(built[language]))
    extracted = re.sub(r"[\u200e\u200f\u202a-\u202e\u2066-\u2069]", "", extracted)
    flat = re.sub(r"\s+", "", extracted)
    spec = SCRIPTS[language]
    source = (spec["body"] + " " + spec["subject"] + " " + spec["closing"]).replace("{recipient.city}", spec["city"])
    missing = [w for w in words(source)
               if unicodedata.normalize("NFC", w) not in (flat if language == "th" else extracted)]
    assert not missing


def test_arabic_letters_take_their_contextual_forms(built):
    glyphs = [g for g in trace(built["ar"]) if "Naskh" in g["font"] and g["unicode"] != " "]
    # A glyph that is the nominal form of a letter maps back to it alone (ToUnicode); initial,
    # medial and final forms, and letters drawn as a base and dots, are glyphs of their own.
    # Set without contextual shaping, every glyph would be a nominal (isolated) form.
    contextual = [g for g in glyphs if not (len(g["unicode"]) == 1 and "\u0600" <= g["unicode"] <= "\u06ff")]
    assert len(glyphs) > 200 and len(contextual) > len(glyphs) * 0.3
    assert len({g["glyph"] for g in contextual}) >= 10


def visual_lines(glyphs: list[dict]) -> list[str]:
    """Each line's characters as drawn, left to right."""
    lines: dict[float, list[dict]] = {}
    for g in glyphs:
        lines.setdefault(round(g["y"], 1), []).append(g)
    return ["".join(g["unicode"] for g in sorted(line, key=lambda g: g["x"])) for line in lines.values()]


def test_arabic_keeps_a_latin_placeholder_and_a_phone_number_left_to_right_in_place(built):
    lines = visual_lines(trace(built["ar"]))
    # "من {recipient.city} 2012" opens the body: the city is isolated (FSI…PDI), so the year does
    # not join it in one left-to-right run ("London 2012"): drawn right to left, the year is left
    # of the city
    line = next(line for line in lines if "London" in line and "2012" in line)
    assert line.index("2012") < line.index("London")
    # the phone number's groups read left to right, in their written order
    assert any("+41 22 917 1234" in line for line in lines)


def test_an_arabic_copy_isolates_a_latin_placeholder_and_a_grouped_number(tmp_path):
    """What compose hands the typesetter: the Latin city between FSI and PDI, the phone number's
    groups between LRI and PDI (UAX #9 isolates; read back from the Document, not a PDF)."""
    from letterpress.compose import compose_copy, plan_copies
    from letterpress.project import load_project

    project = load_project(make_project(tmp_path, "ar"))
    (copy,) = plan_copies(project, recipients=("london",))
    body = "".join(block.text for block in compose_copy(project, copy).body)
    assert "\u2068London\u2069" in body
    assert "\u2066+41 22 917 1234\u2069" in body


def test_hebrew_runs_right_to_left_with_numbers_and_latin_left_to_right(built):
    lines = visual_lines(trace(built["he"]))
    drawn = "\n".join(lines)
    for word in ("מחנות", "העצורים", "הארגונים"):
        assert word[::-1] in drawn and word not in drawn  # right to left
    for word in ("2011", "ICRC", "UN"):
        assert word in drawn  # left to right inside the Hebrew
    # the Latin and the number stay in their logical places: "(ICRC) מאז שנת 2011" is drawn as
    # "2011 תנש זאמ (ICRC)" with the brackets mirrored
    line = next(line for line in lines if "ICRC" in line)
    assert line.index("2011") < line.index("ICRC")
    assert ")ICRC(" in line.replace(" ", "")


@pytest.mark.parametrize("language, rtl", [("ar", True), ("he", True), ("hi", False)])
def test_a_right_to_left_copy_mirrors_the_letterhead_and_the_date(built, language, rtl):
    """DIN 5008 B puts the letterhead 25 mm from the left edge, at the text's left margin, and the
    date on the right: a right-to-left copy mirrors both within the text, the sender's name ending
    at the text's right margin (20 mm from the right edge) and the date going to the left."""
    from traceread import glyphs, lines, text

    page = glyphs(built[language])[0]
    top = min(glyph.baseline for glyph in page)
    name = [glyph for glyph in page if glyph.baseline < top + 10]  # the name's row (and its marks)
    if rtl:
        assert abs(max(glyph.right for glyph in name) - (595.28 - 20 * 72 / 25.4)) < 1.0
    else:
        assert abs(min(glyph.x for glyph in name) - 25 * 72 / 25.4) < 1.0
    date = next(line for line in lines(page) if "2026" in text(line))  # letter.yaml's date
    assert (max(glyph.right for glyph in date) < 595.28 / 2) if rtl else (min(glyph.x for glyph in date) > 595.28 / 2)


def test_kashida_is_a_yes_or_no_in_letter_yaml(tmp_path, capsys):
    project = make_project(tmp_path, "ar")
    letter = project / "letter.yaml"
    text = letter.read_text(encoding="utf-8")
    letter.write_text(text.replace("id: minimal", "id: minimal\nkashida: sometimes"), encoding="utf-8")
    assert main(["check", str(project)]) == 1
    err = capsys.readouterr().err
    assert "letter.yaml:3" in err and "kashida must be true or false" in err
    letter.write_text(text.replace("id: minimal", "id: minimal\nkashida: true"), encoding="utf-8")
    assert main(["build", str(project), "-o", str(tmp_path / "out"), "--quiet", "--recipient", "london"]) == 0


def test_an_arabic_numbered_list_hangs_its_numbers_on_the_right(tmp_path):
    """A right-to-left copy mirrors a numbered list: the number in the right margin of the item,
    its text starting left of it, and the item's later lines ending where its first line does
    (read back with poppler's word boxes)."""
    project = make_project(tmp_path, "ar")
    item = SCRIPTS["ar"]["body"].replace("{recipient.city}", "لندن")
    (project / "body" / "ar.md").write_text(
        '---\nsubject: "موضوع"\nsalutation: "حضرة الرئيس،"\nclosing: "مع الاحترام،"\n---\n'
        f"فقرة عادية هنا.\n\n1. {item}\n2. ثانيا.\n", encoding="utf-8")
    out = tmp_path / "out"
    assert main(["build", str(project), "-o", str(out), "--quiet", "--recipient", "london"]) == 0
    html = subprocess.run(["pdftotext", "-bbox", str(out / "london.ar.pdf"), "-"], capture_output=True,
                          text=True, check=True).stdout
    boxes = [(float(x0), float(y0), float(x1), word) for x0, y0, x1, word in
             re.findall(r'xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="[\d.]+">(.*)</word>', html)]
    # (poppler's word boxes give an Arabic word's letters in visual order, right to left)
    margin = next(x1 for x0, y0, x1, word in boxes if word[::-1] == "فقرة")  # a plain paragraph starts here
    number = next((x0, y0, x1) for x0, y0, x1, word in boxes if word in (".1", "1."))
    line = [(x0, x1) for x0, y0, x1, word in boxes if abs(y0 - number[1]) < 1 and x1 < number[0]]
    first_word_end = max(x1 for x0, x1 in line)
    # the number sits in the item's right margin; the item's text ends left of it, after a gap
    assert margin - 20 < number[0] < number[2] <= margin + 0.5
    assert number[0] - first_word_end > 2
    later = sorted({round(y0, 1) for x0, y0, x1, word in boxes if y0 > number[1] + 1})
    second_line_end = max(x1 for x0, y0, x1, word in boxes if round(y0, 1) == later[0])
    assert abs(second_line_end - first_word_end) < 0.5


def outlines(font) -> dict[int, tuple]:
    """Glyph id -> its outline (composites drawn out), at the font's default instance: the key that
    finds a subset's glyph in the whole font, whose glyph ids and names the subset does not keep."""
    from fontTools.pens.recordingPen import DecomposingRecordingPen

    glyph_set = font.getGlyphSet()
    found = {}
    for gid, name in enumerate(font.getGlyphOrder()):
        pen = DecomposingRecordingPen(glyph_set)
        glyph_set[name].draw(pen)
        found[gid] = (tuple(pen.value), font["hmtx"][name][0])
    return found


def test_devanagari_is_drawn_with_the_glyphs_harfbuzz_shapes(built):
    """The issue's measure, at PDF level: the Devanagari glyphs drawn on page 1 (mutool trace,
    visible text only: the invisible anchors of ActualText spans are left out), found in the
    package font by their outlines in the subset embedded in the PDF (read back with fontTools),
    must all be glyphs HarfBuzz produces for the copy's words in that font; and every glyph
    HarfBuzz produces for the body must be drawn."""
    from collections import Counter

    import uharfbuzz as hb
    from fontTools.ttLib import TTFont

    from pdfread import embedded_fonts

    pdf = built["hi"]
    package = package_font(*SCRIPTS["hi"]["font"])
    font = hb.Font(hb.Face(package.read_bytes()))
    whole = {}
    for gid, outline in outlines(TTFont(package)).items():
        whole.setdefault(outline, set()).add(gid)
    # the regular face: the subset whose outlines are all the package font's default instance's
    # (the bold is another instance of the variable font, with other outlines)
    regular, subset = next((embedded, found) for embedded in embedded_fonts(pdf) if "Devanagari" in embedded.name
                           for found in [outlines(embedded.program.font)]
                           if all(outline in whole for gid, outline in found.items() if gid))

    def shaped(text: str) -> set[int]:
        glyphs: set[int] = set()
        for word in text.split():  # (the face draws the page's Latin letters and digits too)
            buffer = hb.Buffer()
            buffer.add_str(word)
            buffer.guess_segment_properties()
            buffer.language = "hi"
            hb.shape(font, buffer, {"kern": True, "liga": True, "clig": True, "calt": True})
            glyphs.update(info.codepoint for info in buffer.glyph_infos)
        return glyphs

    xml = subprocess.run(["mutool", "trace", str(pdf), "1"], capture_output=True, text=True, check=True).stdout
    drawn = Counter(int(g.get("glyph")) for fill in ET.fromstring(xml).iter("fill_text")
                    for span in fill.iter("span") if span.get("font") and regular.name.startswith(span.get("font"))
                    # (a glyph that stands for several characters comes with one <g> per extra
                    # character, without a glyph id)
                    for g in span.iter("g") if g.get("glyph") and g.get("unicode") != " ")
    spec = SCRIPTS["hi"]
    # the words on the page: the letter's, and the date and country names letterpress adds (pdftotext)
    page = subprocess.run(["pdftotext", "-l", "1", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    expected = shaped(" ".join([spec["body"].replace("{recipient.city}", spec["city"]), spec["salutation"],
                                spec["closing"], page]))
    foreign = {glyph: count for glyph, count in drawn.items() if not whole.get(subset[glyph], set()) & expected}
    assert sum(drawn.values()) > 200
    assert foreign == {}, f"{sum(foreign.values())} of {sum(drawn.values())} glyphs HarfBuzz never produces"
    drawn_whole = set().union(*(whole.get(subset[glyph], set()) for glyph in drawn))
    assert shaped(spec["body"].replace("{recipient.city}", spec["city"])) <= drawn_whole
