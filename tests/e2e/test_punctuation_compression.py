"""Issue 15: adjacent CJK punctuation sets in at most 1.5 em in the PDF (mutool trace), in Japanese
(jlreq 3.1.4) and mainland Chinese (clreq), with the real Noto CJK faces."""
from __future__ import annotations

import pytest
import yaml

from traceread import glyphs, lines

# Dense in adjacent punctuation: 」（ ）、 。」 「『 』」 ）」 、「 and the Chinese ”（ ，“ ：“ 》、《
TEXTS = {
    "ja": ("「共和国」（以下「北朝鮮」）は、『世界人権宣言』（一九四八年）に「署名」した。"
           "「『自由権規約』」（第七条）、「拷問等禁止条約」（第二条）、そして「『児童の権利』」。"
           "私たちは「（独立した）監視団」を求め、「人道支援」（食料、医療）、「面会」を求めます。" * 3),
    "zh-Hans": ("我们呼吁贵国（以下简称“朝鲜”）尊重《世界人权宣言》、《公民权利和政治权利国际公约》，"
                "并“立即”（不附加条件）释放被拘留者。他说：“人权（包括言论自由）”，“监察员”（独立的）"
                "应当进入“管理所”。《公约》（第七条）、《禁止酷刑公约》（第二条）。" * 3),
}
PUNCTUATION = set("「」『』（）【】《》〈〉、。，．：；？！“”‘’")


@pytest.fixture
def dense_project(minimal_project):
    letter = yaml.safe_load((minimal_project / "letter.yaml").read_text("utf-8"))
    letter["languages"] = ["ja", "zh-Hans"]
    (minimal_project / "letter.yaml").write_text(yaml.safe_dump(letter, allow_unicode=True), "utf-8")
    for language, text in TEXTS.items():
        front = {"subject": "要請", "salutation": "閣下", "closing": "敬具"}
        (minimal_project / "body" / f"{language}.md").write_text(
            "---\n" + yaml.safe_dump(front, allow_unicode=True) + "---\n" + text + "\n\n" + text + "\n", "utf-8")
    recipients = [{"id": "geneva", "name": "Mission", "city": "Genève", "languages": ["ja", "zh-Hans"],
                   "address": {"country": "CH", "lines": ["Mission de la RPDC", "1207 Genève"]}}]
    (minimal_project / "recipients.yaml").write_text(yaml.safe_dump(recipients, allow_unicode=True), "utf-8")
    return minimal_project


@pytest.mark.parametrize("language", ["ja", "zh-Hans"])
def test_every_adjacent_punctuation_pair_spans_at_most_one_and_a_half_em(dense_project, run_cli, tmp_path,
                                                                          language):
    result = run_cli("build", dense_project, "-o", tmp_path / "out", "--quiet", "--language", language)
    assert result.code == 0, result.err
    pairs = []
    for page in glyphs(tmp_path / "out" / f"geneva.{language}.pdf"):
        for line in lines(page):
            for a, b in zip(line, line[1:]):
                full_width = a.advance >= 0.9 * a.size and b.advance >= 0.9 * b.size
                if a.char in PUNCTUATION and b.char in PUNCTUATION and full_width and a.size == b.size:
                    pairs.append((a.char + b.char, (b.x + b.advance - a.x) / a.size))
    assert len(pairs) >= 40, pairs
    loose = [(pair, round(span, 2)) for pair, span in pairs if span > 1.5 + 0.01]
    assert not loose, f"{len(loose)} of {len(pairs)} pairs span more than 1.5 em: {loose[:8]}"
