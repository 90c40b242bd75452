"""Issue 16: mail merge the way coordinators keep their lists.

A project whose recipients are an .xlsx with the coordinator's own columns (made here with
openpyxl) and whose signatories are a ';'-separated CSV with a BOM, as French Excel saves it;
every copy read back with pdftotext.
"""
from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

openpyxl = pytest.importorskip("openpyxl")

REPO = Path(__file__).resolve().parents[2]

HEADINGS = ["id", "name", "name:ko", "city", "country", "address.lines", "languages", "ambassador",
            "ambassador:ko", "salutation", "salutation:fr", "note", "phone"]
ROWS = [
    ["london", "Embassy of the DPRK", "주영국 조선민주주의인민공화국 대사관", "London", "GB",
     "Embassy of the DPRK | 73 Gunnersbury Avenue | London W5 4LP", "en ko", "Ambassador Ja Song-nam",
     "자성남 대사", None, None, "delivered by hand", 442089921025],
    ["paris", "General Delegation of the DPRK", None, "Paris", "FR",
     "Délégation générale de la RPDC | 3 rue Asseline | 75014 Paris", "en, fr", "Delegate Yun Yong-il",
     None, "Dear Delegate Yun,", "Monsieur le Délégué général,", None, None],
]

BODY_EN = """\
---
subject: "Access for independent human rights monitors"
salutation: "Dear Chairman Kim Jong-il,"
closing: "Yours sincerely,"
enclosures: [Report of the Commission of Inquiry, List of signatories]
cc: "{recipient.ambassador}"
---
This letter is handed to {recipient.ambassador} in {recipient.city}.[^coi]

We urge your government to:

1. allow visits to all detention facilities;
2. end the practice of forced labour.

> All human beings are born free and equal in dignity and rights.

::: only paris
The delegation in Paris received our earlier letter.
:::

[^coi]: Commission of inquiry, A/HRC/25/CRP.1.
"""

BODY_KO = """\
---
subject: "독립적인 인권 감시단의 접근"
salutation: "김정일 국방위원장님께,"
closing: "삼가 올립니다."
---
이 서한은 {recipient.city}에서 {recipient.ambassador}께 전달됩니다.
"""

BODY_FR = """\
---
subject: "Accès des observateurs indépendants"
salutation: "Monsieur le Président,"
closing: "Veuillez agréer, Monsieur le Président, l'expression de notre haute considération."
enclosures: Rapport de la commission d'enquête
cc: "{recipient.ambassador}"
---
Cette lettre est remise à {recipient.ambassador} à {recipient.city}.

Nous demandons à votre gouvernement :

1. d'autoriser les visites ;
2. de mettre fin au travail forcé.
"""

SIGNATORIES = "name;name:ko;country;kind;title;email\r\nAmnesty International;국제앰네스티;;organisation;;a@x.org\r\n" \
              "Burma Partnership;;TH;;;\r\nTomoharu Ebihara;;;person;Director;t@x.org\r\n"


def write_xlsx(path: Path, headings: list, rows: list[list], sheet: str = "Missions") -> None:
    book = openpyxl.Workbook()
    book.active.title = sheet
    book.active.append(headings)
    for row in rows:
        book.active.append(row)
    book.save(path)


@pytest.fixture
def merge_project(minimal_project: Path) -> Path:
    project = minimal_project
    (project / "body" / "en.md").write_text(BODY_EN, "utf-8")
    (project / "body" / "ko.md").write_text(BODY_KO, "utf-8")
    (project / "body" / "fr.md").write_text(BODY_FR, "utf-8")
    write_xlsx(project / "recipients.xlsx", HEADINGS, ROWS)
    (project / "signatories.csv").write_bytes(b"\xef\xbb\xbf" + SIGNATORIES.encode("utf-8"))
    letter = (project / "letter.yaml").read_text("utf-8")
    letter = letter.replace("signatories: signatories.yaml", "signatories: signatories.csv")
    letter = letter.replace("recipients: recipients.yaml", "recipients: recipients.xlsx")
    (project / "letter.yaml").write_text(letter, "utf-8")
    return project


def text_of(pdf: Path, page: int | None = None) -> str:
    pages = ["-f", str(page), "-l", str(page)] if page else []
    return subprocess.run(["pdftotext", *pages, str(pdf), "-"], capture_output=True, text=True, check=True).stdout


def flat(text: str) -> str:
    return re.sub(r"\s+", " ", text)


def test_each_copy_names_its_own_ambassador_in_its_language(merge_project, run_cli, tmp_path):
    out = tmp_path / "out"
    result = run_cli("build", merge_project, "-o", out, "-q")
    assert result.code == 0, result.err
    london_en, london_ko = flat(text_of(out / "london.en.pdf")), flat(text_of(out / "london.ko.pdf"))
    paris_en, paris_fr = flat(text_of(out / "paris.en.pdf")), flat(text_of(out / "paris.fr.pdf"))
    assert "handed to Ambassador Ja Song-nam in London" in london_en
    assert "자성남 대사께" in london_ko and "Ja Song-nam" not in london_ko  # the Korean column
    assert "handed to Delegate Yun Yong-il in Paris" in paris_en
    assert "remise à Delegate Yun Yong-il à Paris" in paris_fr  # no ambassador:fr: the plain column
    # the signatories' ';' CSV with a BOM: names read whole, the Korean column used in Korean
    assert "Amnesty International" in london_en and "국제앰네스티" in london_ko
    assert "Burma Partnership (Thailand)" in london_en
    assert "\ufeff" not in london_en


def test_a_recipients_salutation_replaces_the_bodys_in_its_copies_only(merge_project, run_cli, tmp_path):
    out = tmp_path / "out"
    assert run_cli("build", merge_project, "-o", out, "-q").code == 0
    assert "Dear Delegate Yun," in text_of(out / "paris.en.pdf")
    assert "Monsieur le Délégué général," in text_of(out / "paris.fr.pdf")
    for copy in ("london.en", "london.ko"):
        text = text_of(out / f"{copy}.pdf")
        assert "Delegate Yun," not in text and "Délégué général" not in text
    assert "Dear Chairman Kim Jong-il," in text_of(out / "london.en.pdf")
    assert "Dear Chairman Kim Jong-il," not in text_of(out / "paris.en.pdf")


def test_only_block_lists_enclosures_and_cc(merge_project, run_cli, tmp_path):
    out = tmp_path / "out"
    assert run_cli("build", merge_project, "-o", out, "-q").code == 0
    london, paris = flat(text_of(out / "london.en.pdf")), flat(text_of(out / "paris.en.pdf"))
    assert "earlier letter" in paris and "earlier letter" not in london
    assert re.search(r"1\. allow visits .*2\. end the practice", london)
    assert "All human beings are born free" in london
    assert "Enclosures: Report of the Commission of Inquiry List of signatories" in london
    assert "cc: Ambassador Ja Song-nam" in london
    paris_fr = flat(text_of(out / "paris.fr.pdf"))
    assert "P. J. : Rapport de la commission d’enquête" in paris_fr
    assert "Copie à : Delegate Yun Yong-il" in paris_fr


def test_a_short_csv_row_names_file_row_and_column(merge_project, run_cli):
    (merge_project / "signatories.csv").write_bytes(
        b"\xef\xbb\xbf" + "name;country;kind\r\nAmnesty International;;\r\nBurma Partnership\r\n".encode())
    result = run_cli("check", merge_project)
    assert result.code == 1 and "Traceback" not in result.err
    assert "signatories.csv, row 3, column 'country': error:" in result.err
    assert "has 1 cells but the header names 3 columns" in result.err


def test_a_long_csv_row_is_an_error(merge_project, run_cli):
    (merge_project / "signatories.csv").write_text("name,country\nAmnesty, International,GB\n", "utf-8")
    result = run_cli("check", merge_project)
    assert result.code == 1
    assert "signatories.csv, row 2: error: row 2 has 3 cells but the header names 2 columns" in result.err


def test_excel_unicode_text_tab_separated_utf16(merge_project, run_cli):
    (merge_project / "signatories.csv").unlink()
    text = "name\tname:ko\tcountry\r\nAmnesty International\t국제앰네스티\t\r\nBurma Partnership\t\tTH\r\n"
    (merge_project / "signatories.txt").write_bytes(text.encode("utf-16"))
    letter = merge_project / "letter.yaml"
    letter.write_text(letter.read_text("utf-8").replace("signatories.csv", "signatories.txt"), "utf-8")
    result = run_cli("check", merge_project)
    assert result.code == 0, result.err


def test_spreadsheet_messages_speak_of_rows_and_columns(merge_project, run_cli):
    rows = [list(ROWS[0]), list(ROWS[1])]
    rows[1][HEADINGS.index("languages")] = "fr xx"
    write_xlsx(merge_project / "recipients.xlsx", HEADINGS, rows)
    result = run_cli("check", merge_project)
    assert result.code == 1
    assert "recipients.xlsx, row 3, column 'languages': error: unknown language 'xx'" in result.err
    assert "YAML" not in result.err and "line" not in result.err.split("error:")[0]


def test_a_named_sheet(merge_project, run_cli):
    letter = merge_project / "letter.yaml"
    letter.write_text(letter.read_text("utf-8").replace("recipients.xlsx", "recipients.xlsx#Embassies"), "utf-8")
    result = run_cli("check", merge_project)
    assert result.code == 1 and "has no sheet 'Embassies'" in result.err and "Missions" in result.err
    letter.write_text(letter.read_text("utf-8").replace("#Embassies", "#Missions"), "utf-8")
    assert run_cli("check", merge_project).code == 0


def test_a_missing_value_names_recipient_and_column_unless_defaulted(merge_project, run_cli, tmp_path):
    rows = [list(ROWS[0]), list(ROWS[1])]
    rows[1][HEADINGS.index("ambassador")] = None
    write_xlsx(merge_project / "recipients.xlsx", HEADINGS, rows)
    result = run_cli("check", merge_project)
    assert result.code == 1
    assert "recipients.xlsx, row 3, column 'ambassador': error: recipient 'paris' has no 'ambassador'" in result.err
    letter = merge_project / "letter.yaml"
    letter.write_text(letter.read_text("utf-8") + "defaults:\n  ambassador: {en: the Ambassador, fr: l'Ambassadeur}\n",
                      "utf-8")
    out = tmp_path / "out"
    assert run_cli("build", merge_project, "-o", out, "-q").code == 0
    assert "remise à l’Ambassadeur à Paris" in flat(text_of(out / "paris.fr.pdf"))


def test_unknown_placeholder_lists_the_columns(merge_project, run_cli):
    body = merge_project / "body" / "en.md"
    body.write_text(body.read_text("utf-8").replace("{recipient.ambassador} in", "{recipient.ambasador} in"), "utf-8")
    result = run_cli("check", merge_project)
    assert result.code == 1
    assert "body/en.md:8:" in result.err and "unknown placeholder {recipient.ambasador}" in result.err
    assert "did you mean {recipient.ambassador}" in result.err and "{recipient.phone}" in result.err


def test_values_are_text_never_evaluated(merge_project, run_cli, tmp_path):
    rows = [list(ROWS[0]), list(ROWS[1])]
    rows[0][HEADINGS.index("ambassador")] = "**{letter.id}** {{x}}"
    rows[1][HEADINGS.index("phone")] = 33145450001.0  # a number cell, as Excel stores it
    write_xlsx(merge_project / "recipients.xlsx", HEADINGS, rows)
    letter = merge_project / "letter.yaml"
    letter.write_text(letter.read_text("utf-8") + "fields:\n  campaign: {en: Day of Action, ko: 행동의 날, fr: Journée}\n",
                      "utf-8")
    body = merge_project / "body" / "en.md"
    body.write_text(body.read_text("utf-8").replace("This letter", "On the {letter.campaign}, this letter")
                    .replace("[^coi]", " (tel. {recipient.phone}).[^coi]", 1), "utf-8")
    out = tmp_path / "out"
    assert run_cli("build", merge_project, "-o", out, "-q").code == 0
    text = flat(text_of(out / "london.en.pdf"))
    assert "On the Day of Action, this letter is handed to **{letter.id}** {{x}} in London" in text
    assert "(tel. 442089921025)" in text and "(tel. 33145450001)" in flat(text_of(out / "paris.en.pdf"))


def test_a_typo_column_is_not_taken_for_a_field(merge_project, run_cli):
    headings = [("citty" if h == "city" else h) for h in HEADINGS]
    write_xlsx(merge_project / "recipients.xlsx", headings, ROWS)
    body = merge_project / "body"
    for name in ("en.md", "ko.md", "fr.md"):
        (body / name).write_text((body / name).read_text("utf-8").replace("{recipient.city}", "X"), "utf-8")
    result = run_cli("check", merge_project)
    assert result.code == 1 and "recipients.xlsx, row 2, column 'citty'" in result.err
    assert "did you mean 'city'" in result.err


def test_a_plain_city_column_is_the_postal_city_of_a_structured_address(minimal_project, run_cli, tmp_path):
    (minimal_project / "recipients.csv").write_text(
        "id,name,city,country,street_address,postal_code,languages\n"
        "geneva,Permanent Mission of the DPRK,Geneva,CH,Chemin de Plonjon 1,1207,en\n", "utf-8")
    letter = minimal_project / "letter.yaml"
    letter.write_text(letter.read_text("utf-8").replace("recipients.yaml", "recipients.csv"), "utf-8")
    out = tmp_path / "out"
    result = run_cli("build", minimal_project, "-o", out, "-q")
    assert result.code == 0, result.err
    text = text_of(out / "geneva.en.pdf")
    assert re.search(r"1207 Geneva", text) and "meeting in Geneva" in flat(text)


def write_ods(path: Path, rows: list[list[str]]) -> None:
    pytest.importorskip("odf")
    from odf.opendocument import OpenDocumentSpreadsheet
    from odf.table import Table, TableCell, TableRow
    from odf.text import P

    document = OpenDocumentSpreadsheet()
    table = Table(name="Signatories")
    for values in rows:
        row = TableRow()
        for value in values:
            cell = TableCell()
            if value:
                cell.addElement(P(text=value))
            row.addElement(cell)
        table.addElement(row)
    document.spreadsheet.addElement(table)
    document.save(str(path))


def test_ods_roster(merge_project, run_cli, tmp_path):
    write_ods(merge_project / "signatories.ods",
              [["name", "country"], ["Amnesty International", ""], ["", ""], ["Burma Partnership", "TH"]])
    letter = merge_project / "letter.yaml"
    letter.write_text(letter.read_text("utf-8").replace("signatories.csv", "signatories.ods"), "utf-8")
    out = tmp_path / "out"
    assert run_cli("build", merge_project, "-o", out, "-q", "--recipient", "london").code == 0
    assert "Burma Partnership (Thailand)" in text_of(out / "london.en.pdf")
    # rows are numbered as the spreadsheet shows them, blank rows included
    write_ods(merge_project / "signatories.ods",
              [["name", "country"], ["Amnesty International", ""], ["", ""], ["Burma Partnership", "XX"]])
    result = run_cli("check", merge_project)
    assert "signatories.ods, row 4, column 'country': error:" in result.err


def test_signatory_columns_are_kept_but_a_misspelt_one_is_refused(merge_project, run_cli):
    (merge_project / "signatories.csv").write_text("name;country;titel\nAmnesty International;;x\n", "utf-8")
    result = run_cli("check", merge_project)
    assert result.code == 1
    assert "signatories.csv, row 2, column 'titel': error: unknown column 'titel'; did you mean 'title'?" in result.err


def test_an_unknown_address_column_is_named(merge_project, run_cli):
    headings = [("address.town" if h == "phone" else h) for h in HEADINGS]
    write_xlsx(merge_project / "recipients.xlsx", headings, ROWS)
    result = run_cli("check", merge_project)
    assert result.code == 1
    assert "recipients.xlsx, row 2, column 'address.town': error: the column 'address.town' is not an address field" \
        in result.err


def _errors(result) -> list[str]:
    return [line for line in result.err.splitlines() if ": error: " in line]


def test_check_reports_every_row_and_the_merge_in_one_run(merge_project, run_cli):
    """A coordinator's spreadsheet with a mistake in several rows, and copies that lack a value: one
    run of check names every row and every copy, not the first mistake of each file."""
    rows = [list(ROWS[0]), list(ROWS[1]), list(ROWS[0])]
    rows[0][6] = "en xx"  # london: a language the letter does not have
    rows[1][7] = None  # paris: no ambassador, which its en and fr copies use
    rows[2][0], rows[2][6] = "geneva", "en, zz"  # another row with its own unknown language
    write_xlsx(merge_project / "recipients.xlsx", HEADINGS, rows)
    (merge_project / "signatories.csv").write_text(
        "name;kind;titel\nAmnesty International;company;\nBurma Partnership;;Chair\nTomoharu Ebihara;club;Director\n",
        "utf-8")
    ko = merge_project / "body" / "ko.md"
    ko.write_text(ko.read_text("utf-8").replace("{recipient.city}에서", "{sender.nmae}에서"), "utf-8")
    result = run_cli("check", merge_project)
    assert result.code == 1
    errors = _errors(result)
    expected = [
        ("ko.md:6:", "unknown placeholder {sender.nmae}"),
        ("recipients.xlsx, row 2, column 'languages'", "'xx'"),
        ("recipients.xlsx, row 3, column 'ambassador'", "has no 'ambassador' for its en copy"),
        ("recipients.xlsx, row 3, column 'ambassador'", "has no 'ambassador' for its fr copy"),
        ("recipients.xlsx, row 4, column 'languages'", "'zz'"),
        ("signatories.csv, row 2, column 'kind'", "not 'company'"),
        ("signatories.csv, row 3, column 'titel'", "did you mean 'title'?"),  # the column, once
        ("signatories.csv, row 4, column 'kind'", "not 'club'"),
    ]
    for place, words in expected:
        assert any(place in line and words in line for line in errors), (place, words, result.err)
    assert len(errors) == len(expected), result.err


def test_a_row_left_out_for_its_mistake_raises_no_false_alarm(minimal_project, run_cli):
    """With london's entry refused for its language, the `::: only london` block and london's own
    field are not reported as naming nobody: only the mistake itself is."""
    recipients = minimal_project / "recipients.yaml"
    text = recipients.read_text("utf-8").replace("languages: [en, ko]", "languages: [en, xx]\n  envoy: Ja Song-nam", 1)
    recipients.write_text(text, "utf-8")
    en = minimal_project / "body" / "en.md"
    en.write_text(en.read_text("utf-8") + "\n::: only london\nFor {recipient.envoy}.\n:::\n", "utf-8")
    result = run_cli("check", minimal_project)
    assert result.code == 1
    (error,) = _errors(result)
    assert "recipients.yaml:7:" in error and "'xx'" in error, result.err
