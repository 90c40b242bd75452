"""Issue 3: faces by language, fallback inside a run, styles, collections, variable fonts, caches, no tofu."""
from __future__ import annotations

from pathlib import Path

import pytest
from fontTools.pens.recordingPen import RecordingPen
from fontTools.ttLib import TTFont

from fontmaker import small_font, write_collection, write_font
from pdfread import embedded_fonts, page_texts

from letterpress.cache import MARSHAL, CacheContext
from letterpress.fonts import find_uncovered, plan_fonts, prepare_fonts

HAN = "海返"  # the same code points take three different glyphs in Japan, mainland China and Korea


def outline(face, char: str):
    font = TTFont(__import__("io").BytesIO(face.data))
    name = font.getGlyphOrder()[face.cmap[ord(char)]]
    pen = RecordingPen()
    font.getGlyphSet()[name].draw(pen)
    return pen.value


def test_han_takes_the_regional_face_of_each_language(tmp_path):
    fonts = prepare_fonts({"ja": HAN, "zh-Hans": HAN, "ko": HAN, "zh-Hant": HAN}, cache=CacheContext(tmp_path))
    faces = {lang: fonts.face_for(ord("海"), lang) for lang in ("ja", "zh-Hans", "ko", "zh-Hant")}
    assert {lang: face.family for lang, face in faces.items()} == {
        "ja": "Noto Serif JP", "zh-Hans": "Noto Serif SC", "ko": "Noto Serif KR", "zh-Hant": "Noto Serif TC"}
    shapes = {lang: str(outline(face, "海")) for lang, face in faces.items()}
    assert len({shapes["ja"], shapes["zh-Hans"], shapes["ko"]}) == 3  # three different glyphs


def test_a_character_the_korean_face_lacks_falls_back_to_the_japanese_face(tmp_path):
    # 丼 and 両 are Japanese forms that Noto Serif KR does not have; its own kana it has, and a
    # character goes to the first face of the chain that covers it
    fonts = prepare_fonts({"ko": "대한민국 丼 両 ひらがな Latin"}, cache=CacheContext(tmp_path))
    assert fonts.face_for(ord("대"), "ko").family == "Noto Serif KR"
    assert fonts.face_for(ord("丼"), "ko").family == "Noto Serif JP"
    assert fonts.face_for(ord("両"), "ko").family == "Noto Serif JP"
    assert fonts.face_for(ord("ひ"), "ko").family == "Noto Serif KR"
    assert not find_uncovered("대한민국 丼 両 ひらがな", "ko", "regular", fonts)


def test_cjk_emphasis_is_bold_never_slanted(tmp_path):
    fonts = prepare_fonts({"ko": "관리소", "en": "kwan-li-so"}, cache=CacheContext(tmp_path))
    korean = fonts.chain("ko", "italic")[0]
    assert korean.family == "Noto Serif KR" and korean.synthetic_bold and korean.italic_angle == 0
    latin = fonts.chain("en", "italic")[0]
    assert latin.style == "italic" and latin.italic_angle != 0
    bold = fonts.chain("en", "bold")[0]
    assert bold.weight == 700 and not bold.synthetic_bold


def test_variable_font_is_instanced_at_each_weight(tmp_path):
    fonts = prepare_fonts({"en": "abc"}, cache=CacheContext(tmp_path))
    regular, bold = fonts.chain("en", "regular")[0], fonts.chain("en", "bold")[0]
    gid_r, gid_b = regular.cmap[ord("a")], bold.cmap[ord("a")]
    assert regular.advances[gid_r] != bold.advances[gid_b]
    for face in (regular, bold):
        font = TTFont(__import__("io").BytesIO(face.data))
        assert "fvar" not in font and "glyf" in font and "CFF " not in font


def test_cid_keyed_cff_faces_stay_cff_and_are_embedded_by_cid(minimal_project, run_cli, tmp_path):
    fonts = prepare_fonts({"ja": "日本語"}, cache=CacheContext(tmp_path))
    face = fonts.chain("ja")[0]
    font = TTFont(__import__("io").BytesIO(face.data))
    assert "CFF " in font and "glyf" not in font
    assert outline(face, "日")
    # Written into a PDF as a bare CID-keyed CFF, drawn by CID: read back, the drawn codes are
    # glyphs with outlines, and the text comes back through ToUnicode.
    from pdfread import drawn_glyphs

    body = minimal_project / "body" / "en.md"
    body.write_text(body.read_text("utf-8") + "\n日本語の本文。\n", "utf-8")
    out = tmp_path / "out"
    assert run_cli("build", minimal_project, "-o", out, "--language", "en", "-q").code == 0
    pdf = out / "london.en.pdf"
    han = [f for f in embedded_fonts(pdf) if f.descendant == "CIDFontType0"]
    assert len(han) == 1 and "NotoSerif" in han[0].name  # the en chain's CJK fallback
    program = han[0].program
    codes = drawn_glyphs(pdf).glyphs[han[0].name]
    assert codes and all(program.has(code) and program.inked(code) for code in codes if code)
    assert "日本語の本文。" in "".join(page_texts(pdf))


def test_name_keyed_cff_faces_are_converted_to_truetype(minimal_project, run_cli, tmp_path):
    from fontmaker import small_cff_font

    write_font(minimal_project / "fonts" / "house.otf", small_cff_font("LP House CFF"))
    letter = minimal_project / "letter.yaml"
    letter.write_text(letter.read_text("utf-8") + "fonts: {en: [LP House CFF]}\n", "utf-8")
    fonts = prepare_fonts({"en": "Hello"}, project_dir=minimal_project, overrides={"en": ["LP House CFF"]},
                          cache=CacheContext(tmp_path / "cache"))
    face = fonts.chain("en")[0]
    assert face.family == "LP House CFF" and not face.is_cid_cff
    font = TTFont(__import__("io").BytesIO(face.data))
    assert "glyf" in font and "CFF " not in font
    assert font["glyf"][font.getGlyphOrder()[face.cmap[ord("H")]]].numberOfContours > 0
    out = tmp_path / "out"
    assert run_cli("build", minimal_project, "-o", out, "--language", "en", "-q").code == 0
    house = [f for f in embedded_fonts(out / "london.en.pdf") if "LPHouseCFF" in f.name]
    assert house and house[0].descendant == "CIDFontType2"


def test_a_collection_face_is_found_and_used(tmp_path):
    folder = tmp_path / "fonts"
    write_collection(folder / "test.ttc", [small_font("LP Collection Serif", 400),
                                           small_font("LP Collection Serif", 700)])
    plan = plan_fonts(["en"], font_dirs=[folder], overrides={"en": ["LP Collection Serif"]},
                      cache=CacheContext(tmp_path))
    chain = plan.languages[0].chains
    assert chain["regular"][0].info.family == "LP Collection Serif"
    assert chain["bold"][0].info.index == 1 and not chain["bold"][0].synthetic_bold
    fonts = prepare_fonts({"en": "Hello"}, font_dirs=[folder], overrides={"en": ["LP Collection Serif"]},
                          cache=CacheContext(tmp_path))
    assert fonts.chain("en", "bold")[0].weight == 700


def test_a_changed_font_file_is_read_again(tmp_path):
    folder = tmp_path / "fonts"
    path = write_font(folder / "changing.ttf", small_font("LP Changing", 400))
    options = dict(font_dirs=[folder], overrides={"en": ["LP Changing"]}, cache=CacheContext(tmp_path / "cache"))
    before = prepare_fonts({"en": "Hello"}, **options).chain("en")[0]
    path.unlink()
    write_font(path, small_font("LP Changing", 800))  # same name, other outlines
    after = prepare_fonts({"en": "Hello"}, **options).chain("en")[0]
    assert after.weight == 800 and before.weight == 400
    assert after.key != before.key


def test_the_font_index_reads_back_what_it_indexed_and_drops_older_formats(tmp_path, monkeypatch):
    from letterpress.fonts import index

    folder = tmp_path / "fonts"
    write_font(folder / "a.ttf", small_font("LP Indexed", 400))
    write_font(folder / "b.ttf", small_font("LP Indexed", 700))
    cache = tmp_path / "cache"
    cache.mkdir()
    (cache / "index-v6.json").write_text("{}")  # what an older letterpress left
    (cache / "index-v8-py311.marshal").write_bytes(b"LPc2")
    fresh = index.FontIndex([(folder, "--font-dir")], CacheContext(cache)).faces
    assert [path.name for path in cache.glob("index*") if not path.name.endswith(("-wal", "-shm"))] \
        == [f"index-{index.INDEX_VERSION}-{MARSHAL}.sqlite"]

    monkeypatch.setattr(index, "read_faces", lambda *args: pytest.fail("font read again"))
    again = index.FontIndex([(folder, "--font-dir")], CacheContext(cache)).faces
    assert again == fresh and sorted(face.weight for face in again) == [400, 700]
    assert again[0].covers(ord("H"))


def test_the_font_index_reads_every_file_s_entry_in_one_query(tmp_path, monkeypatch):
    from letterpress.cache.store import Store
    from letterpress.fonts import index

    folder = tmp_path / "fonts"
    for weight in (400, 700, 900):
        write_font(folder / f"w{weight}.ttf", small_font("LP Queried", weight))
    fresh = index.FontIndex([(folder, "--font-dir")], CacheContext(tmp_path / "cache")).faces
    queries = []
    monkeypatch.setattr(Store, "get", lambda self, key: pytest.fail("an entry read on its own"))
    get_many = Store.get_many
    monkeypatch.setattr(Store, "get_many", lambda self, keys: queries.append(1) or get_many(self, keys))
    assert index.FontIndex([(folder, "--font-dir")], CacheContext(tmp_path / "cache")).faces == fresh
    assert len(queries) == 1


def test_prepared_faces_are_read_in_one_query(tmp_path, monkeypatch):
    from letterpress.cache.store import Store
    from letterpress.fonts.prepare import prepare_faces

    chains = plan_fonts(["en", "ko"], cache=CacheContext(tmp_path)).languages
    wanted = {i: (language.chains["regular"][0], "Hello 안녕") for i, language in enumerate(chains)}
    first = prepare_faces(wanted, CacheContext(tmp_path))
    queries = []
    monkeypatch.setattr(Store, "get", lambda self, key: pytest.fail("an entry read on its own"))
    get_many = Store.get_many
    monkeypatch.setattr(Store, "get_many", lambda self, keys: queries.append(1) or get_many(self, keys))
    again = prepare_faces(wanted, CacheContext(tmp_path))
    assert [face.key for face in again.values()] == [face.key for face in first.values()] and len(queries) == 1


def test_a_prepared_face_s_key_uses_the_file_as_the_index_found_it(tmp_path, monkeypatch):
    # the same key as from the file itself, without asking the file system again
    from dataclasses import replace

    from letterpress.fonts.prepare import cache_key

    spec = plan_fonts(["ko"], cache=CacheContext(tmp_path)).languages[0].chains["regular"][0]
    assert spec.info.file_key and spec.info.stamp
    by_itself = cache_key(replace(spec, info=replace(spec.info, file_key="", stamp=())), "안녕")
    monkeypatch.setattr(Path, "stat", lambda *args, **kwargs: pytest.fail("stat again"))
    monkeypatch.setattr(Path, "resolve", lambda *args, **kwargs: pytest.fail("resolved again"))
    assert cache_key(spec, "안녕") == by_itself


def test_warm_cache_reuses_prepared_faces(tmp_path, monkeypatch):
    from letterpress.fonts import prepare

    first = prepare_fonts({"ko": "안녕하세요"}, cache=CacheContext(tmp_path))
    monkeypatch.setattr(prepare, "build_face", lambda *args: pytest.fail("face prepared again"))
    second = prepare_fonts({"ko": "안녕하세요"}, cache=CacheContext(tmp_path))
    assert first.chain("ko")[0].key == second.chain("ko")[0].key


def test_each_character_is_looked_up_once_per_face_whatever_the_styles(tmp_path, monkeypatch):
    # The four styles of a Korean copy share the Korean face, and the check for characters the
    # declared fonts lack asks what preparing then asks: a text's characters are looked up in the
    # face's cmap once, not once per style and pass.
    from letterpress.fonts.index import FaceInfo

    from letterpress.fonts.choose import SAMPLES

    text = "대한민국의 인권 상황에 관하여"
    prepare_fonts({"ko": text}, cache=CacheContext(tmp_path))
    asked: dict[tuple[str, int], int] = {}
    covers = FaceInfo.covers

    def counted(self, codepoint):
        if self.family == "Noto Serif KR":
            asked[(self.path, codepoint)] = asked.get((self.path, codepoint), 0) + 1
        return covers(self, codepoint)

    monkeypatch.setattr(FaceInfo, "covers", counted)
    fonts = prepare_fonts({"ko": text}, cache=CacheContext(tmp_path))
    assert {style: fonts.chain("ko", style)[0].family for style in ("regular", "bold", "italic", "bold-italic")} \
        == dict.fromkeys(("regular", "bold", "italic", "bold-italic"), "Noto Serif KR")
    body = {ord(char) for char in text if not char.isspace() and char not in SAMPLES["ko"]}  # the sample: the choice's
    assert body <= {code for _, code in asked}
    assert max(count for (_, code), count in asked.items() if code in body) == 1


def test_a_font_file_found_through_a_link_is_indexed_once(tmp_path):
    from letterpress.fonts import index

    folder = tmp_path / "fonts"
    real = write_font(folder / "real.ttf", small_font("LP Linked", 400))
    (folder / "link.ttf").symlink_to(real)
    other = tmp_path / "elsewhere"
    other.mkdir()
    (other / "same.ttf").symlink_to(real)
    faces = index.FontIndex([(folder, "--font-dir"), (other, "--font-dir")], CacheContext(tmp_path / "cache")).faces
    assert [(Path(face.path).name, face.family) for face in faces] == [("link.ttf", "LP Linked")]


def test_find_uncovered_reports_offsets_and_faces_tried(tmp_path):
    fonts = prepare_fonts({"en": "ab\U00013000"}, cache=CacheContext(tmp_path))
    missing = find_uncovered("ab\U00013000", "en", "regular", fonts)
    assert missing and missing[0][0] == 2 and missing[0][1] == "\U00013000"
    assert "Noto Serif" in missing[0][2]


@pytest.mark.parametrize("command", ["check", "build"])
def test_a_character_no_face_has_is_reported_at_its_line_and_column(minimal_project, run_cli, tmp_path, command):
    body = minimal_project / "body" / "en.md"
    body.write_text(body.read_text("utf-8").replace("about the situation", "about the \U00013000 situation"),
                    "utf-8")
    args = [command, minimal_project] + (["-o", tmp_path / "out"] if command == "build" else [])
    result = run_cli(*args)
    assert result.code == 1, result.err
    assert "body/en.md:6:" in result.err and "U+13000" in result.err and "Noto Serif" in result.err
    assert "Traceback" not in result.err
    assert not list((tmp_path / "out").glob("*.pdf"))  # (globbing a folder never made finds nothing)


def test_korean_copy_with_japanese_address_draws_both(tmp_path, run_cli):
    project = Path(__file__).resolve().parents[2] / "letters" / "icnk-2011"
    out = tmp_path / "out"
    assert run_cli("build", project, "-o", out, "--recipient", "tokyo", "--language", "ko", "-q").code == 0
    pdf = out / "tokyo.ko.pdf"
    names = {font.name.split("+")[1] for font in embedded_fonts(pdf)}
    assert {"NotoSerifKR-Regular", "NotoSerifJP-Regular"} <= names
    text = "".join(page_texts(pdf))
    assert "東京都千代田区富士見" in text and "조선민주주의인민공화국" in text


def test_project_fonts_folder_and_override(minimal_project, run_cli, tmp_path):
    write_font(minimal_project / "fonts" / "house.ttf", small_font("LP House Serif", 400))
    letter = minimal_project / "letter.yaml"
    letter.write_text(letter.read_text("utf-8") + "fonts: {en: [LP House Serif]}\n", "utf-8")
    out = tmp_path / "out"
    assert run_cli("build", minimal_project, "-o", out, "--language", "en", "-q").code == 0
    assert any("LPHouseSerif" in font.name for font in embedded_fonts(out / "london.en.pdf"))


def test_uncovered_characters_are_placed_at_line_and_column(tmp_path):
    from letterpress.errors import Location
    from letterpress.fonts import uncovered_at

    text = "Dear\nfriends \ue000 and \U00013000"
    fonts = prepare_fonts({"en": text}, cache=CacheContext(tmp_path))
    found = uncovered_at(Location(Path("body/en.md"), 3, 1), text, "en", "regular", fonts)
    assert [(str(at), char) for at, char, _ in found] == [
        ("body/en.md:4:9", "\ue000"), ("body/en.md:4:15", "\U00013000")]


def test_fonts_command_shows_the_choice_per_language(run_cli):
    result = run_cli("fonts", "--language", "ko", "--language", "en", "--json")
    assert result.code == 0, result.err
    report = {entry["language"]: entry for entry in __import__("json").loads(result.out)}
    assert report["ko"]["family"] == "Noto Serif KR" and report["en"]["family"] == "Noto Serif"
    assert report["ko"]["styles"]["italic"][0]["face"].endswith("(synthetic bold)")
    assert "pylopdf_fonts_ko" in report["ko"]["styles"]["regular"][0]["origin"]
    assert any(r["family"] == "Nanum Myeongjo" for r in report["ko"]["rejected"])


def test_fonts_command_reports_coverage_of_a_project(minimal_project, run_cli):
    result = run_cli("fonts", minimal_project)
    assert result.code == 0, result.err
    assert "coverage" in result.out and "missing: none" in result.out


def test_a_recipient_may_name_its_own_font(minimal_project, run_cli, tmp_path):
    write_font(minimal_project / "fonts" / "embassy.ttf", small_font("LP Embassy Serif", 400))
    roster = minimal_project / "recipients.yaml"
    roster.write_text(roster.read_text("utf-8").replace(
        "  languages: [fr]", "  languages: [fr]\n  fonts: {fr: [LP Embassy Serif]}"), "utf-8")
    assert run_cli("check", minimal_project).code == 0
    out = tmp_path / "out"
    assert run_cli("build", minimal_project, "-o", out, "-q").code == 0
    assert any("LPEmbassySerif" in f.name for f in embedded_fonts(out / "paris.fr.pdf"))
    assert not any("LPEmbassySerif" in f.name for f in embedded_fonts(out / "london.en.pdf"))
