"""Spreadsheet rosters read as the spreadsheet shows them: every row, each cell as displayed, and a
cell that shows what the file does not hold (an error value, a formula never computed, a cell
under a merge) refused at its row and column, never read as blank. A damaged file is refused, never
read in part."""
from __future__ import annotations

import re
import zipfile
from pathlib import Path

import pytest

from letterpress.errors import InputError
from letterpress.project.tables import read_table

openpyxl = pytest.importorskip("openpyxl")

HEADINGS = ["id", "name", "postcode", "share"]


def workbook(path: Path, rows: list[list], formats: dict[str, str] | None = None, **sheets) -> Path:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Missions"
    sheet.append(HEADINGS)
    for row in rows:
        sheet.append(row)
    for cell, number_format in (formats or {}).items():
        sheet[cell].number_format = number_format
    for name, state in sheets.items():  # more sheets in front: {"Old": "hidden"}
        extra = book.create_sheet(name, 0)
        extra.sheet_state = state
        extra.append(HEADINGS)
        extra.append(["old", "An old row", 1, 1])
    book.active = book.index(sheet)
    book.save(path)
    return path


def problems(table) -> list[str]:
    return [f"{p.location.line}/{p.location.heading}: {p.message}" for p in table.problems]


def test_numbers_show_as_their_format_shows_them(tmp_path):
    path = workbook(tmp_path / "r.xlsx", [["a", "A", 1234, 0.5], ["b", "B", 1234, 0.125], ["c", "C", 75014, 3]],
                    {"C2": "00000", "D2": "0.00%", "C3": "00000-0000", "D3": "0.0", "C4": "General", "D4": "0%"})
    table = read_table(path)
    assert [cells[2:] for _, cells in table.rows] == [("01234", "50.00%"), ("00000-1234", "0.1"), ("75014", "300%")]


def test_an_error_value_is_refused_at_its_cell_and_its_row_is_not_built(tmp_path):
    path = workbook(tmp_path / "r.xlsx", [["a", "A", "#N/A", 1], ["b", "B", 2, "#REF!"], ["c", "C", 3, 4]])
    table = read_table(path)
    assert problems(table) == ["2/postcode: the cell shows the spreadsheet error #N/A",
                               "3/share: the cell shows the spreadsheet error #REF!"]
    assert table.refused == {2, 3}
    assert [number for number, _ in table.rows] == [2, 3, 4]  # still read, for their other mistakes


def test_a_formula_never_computed_and_a_merged_cell_are_not_blanks(tmp_path):
    path = workbook(tmp_path / "r.xlsx", [["a", "A", 1, 1], ["b", "B", "=C2+1", 1], ["c", "C", 3, 1]])
    book = openpyxl.load_workbook(path)
    book["Missions"].merge_cells("D3:D4")
    book.save(path)
    table = read_table(path)
    assert [p.split(": ", 1)[0] for p in problems(table)] == ["3/postcode", "4/share"]
    assert "formula whose value was never computed" in table.problems[0].message
    assert "under merged cells" in table.problems[1].message
    assert table.refused == {3, 4}


def test_the_first_visible_sheet_is_read_and_a_chart_is_not_a_table(tmp_path):
    path = workbook(tmp_path / "r.xlsx", [["a", "A", 1, 1]], Old="hidden")
    assert [cells[0] for _, cells in read_table(path).rows] == ["a"]
    from openpyxl.chart import BarChart, Reference

    book = openpyxl.load_workbook(path)
    chart = BarChart()
    chart.add_data(Reference(book["Missions"], min_col=3, min_row=1, max_row=2), titles_from_data=True)
    book.create_chartsheet("Chart").add_chart(chart)
    book.save(path)
    with pytest.raises(InputError, match="the sheet 'Chart' of r.xlsx is a chart, not a table") as raised:
        read_table(path, "Chart")
    assert "Missions" in raised.value.hint


def rewritten(path: Path, member: str, change) -> None:
    """``path`` with one part of its zip package changed by ``change(text) -> text``."""
    with zipfile.ZipFile(path) as package:
        parts = {info.filename: package.read(info) for info in package.infolist()}
    parts[member] = change(parts[member].decode("utf-8")).encode("utf-8")
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as package:
        for name, data in parts.items():
            package.writestr(name, data)


def test_every_row_is_read_whatever_size_the_file_claims(tmp_path):
    path = workbook(tmp_path / "r.xlsx", [["a", "A", 1, 1], ["b", "B", 2, 2], ["c", "C", 3, 3]])
    rewritten(path, "xl/worksheets/sheet1.xml", lambda xml: re.sub(r'<dimension ref="[^"]*"', '<dimension ref="A1:D3"',
                                                                   xml))
    assert [cells[0] for _, cells in read_table(path).rows] == ["a", "b", "c"]


def test_a_sheet_cut_short_is_refused_not_read_in_part(tmp_path):
    path = workbook(tmp_path / "r.xlsx", [["a", "A", 1, 1], ["b", "B", 2, 2]])
    rewritten(path, "xl/worksheets/sheet1.xml", lambda xml: xml[: xml.index("<row r=\"3\"") + 30])
    with pytest.raises(InputError, match="r.xlsx is not a readable .xlsx workbook"):
        read_table(path)


def test_every_short_row_of_a_csv_is_reported_in_one_run(tmp_path):
    path = tmp_path / "r.csv"
    path.write_text("id,name,city\na,A,x\nb,B\nc,C,y\nd\n", "utf-8")
    table = read_table(path)
    assert [p.location.line for p in table.problems] == [3, 5]
    assert [cells[0] for _, cells in table.rows] == ["a", "c"]


# --- .ods --------------------------------------------------------------------------------------

def ods(path: Path, rows: list[list], hidden_first: bool = False) -> Path:
    """Cells: a str is a text cell; a (type, value, shown) tuple a typed one; a list of str,
    paragraphs joined by line breaks."""
    pytest.importorskip("odf")
    from odf.opendocument import OpenDocumentSpreadsheet
    from odf.style import Style, TableProperties
    from odf.table import Table, TableCell, TableRow
    from odf.text import LineBreak, P

    document = OpenDocumentSpreadsheet()
    if hidden_first:
        style = Style(name="hiddentable", family="table")
        style.addElement(TableProperties(display="false"))
        document.automaticstyles.addElement(style)
        old = Table(name="Old", stylename=style)
        for values in (HEADINGS, ["old", "An old row", "1", "1"]):
            row = TableRow()
            for value in values:
                cell = TableCell()
                cell.addElement(P(text=value))
                row.addElement(cell)
            old.addElement(row)
        document.spreadsheet.addElement(old)
    table = Table(name="Missions")
    for values in rows:
        row = TableRow()
        for value in values:
            if isinstance(value, tuple):
                kind, stored, shown = value
                attributes = {"booleanvalue": stored} if kind == "boolean" else {"value": stored}
                cell = TableCell(valuetype=kind, **attributes)
                cell.addElement(P(text=shown))
            else:
                cell = TableCell()
                paragraph = P()
                for index, part in enumerate(value if isinstance(value, list) else [value]):
                    if index:
                        paragraph.addElement(LineBreak())
                    paragraph.addText(part)
                cell.addElement(paragraph)
            row.addElement(cell)
        table.addElement(row)
    document.spreadsheet.addElement(table)
    document.save(str(path))
    return path


def test_ods_cells_read_as_shown(tmp_path):
    path = ods(tmp_path / "r.ods", [HEADINGS + ["verified", "lines"],
                                    ["a", "A", ("float", "1234", "01234"), ("percentage", "0.5", "50 %"),
                                     ("boolean", "true", "VRAI"), ["Embassy", "1 Road"]]])
    (_, cells), = read_table(path).rows
    assert cells == ("a", "A", "01234", "50 %", "yes", "Embassy\n1 Road")


def test_ods_first_visible_sheet(tmp_path):
    path = ods(tmp_path / "r.ods", [HEADINGS, ["a", "A", "1", "1"]], hidden_first=True)
    assert [cells[0] for _, cells in read_table(path).rows] == ["a"]


def test_a_damaged_ods_is_refused_and_prints_nothing(tmp_path, capsys):
    path = ods(tmp_path / "r.ods", [HEADINGS, ["a", "A", "1", "1"], ["b", "B", "2", "2"]])
    rewritten(path, "content.xml", lambda xml: xml[: xml.index(">b<") + 2])
    with pytest.raises(InputError, match="r.ods is not a readable .ods spreadsheet"):
        read_table(path)
    assert capsys.readouterr().out == ""


# --- through check and build -------------------------------------------------------------------

def test_check_names_the_error_cell_and_build_leaves_that_row_out_of_nothing(minimal_project, run_cli, tmp_path):
    """A recipient whose cell shows #N/A is refused by check, with its row and column, beside the other
    rows' mistakes; build writes nothing. An address typed with line breaks in its cell (Alt+Enter)
    has one line per break."""
    from tests.project.test_mail_merge import HEADINGS as MERGE_HEADINGS, ROWS, text_of, write_xlsx

    rows = [list(ROWS[0]), list(ROWS[1])]
    rows[0][MERGE_HEADINGS.index("address.lines")] = "Embassy of the DPRK\n73 Gunnersbury Avenue\nLondon W5 4LP"
    write_xlsx(minimal_project / "recipients.xlsx", MERGE_HEADINGS, rows)
    letter = minimal_project / "letter.yaml"
    letter.write_text(letter.read_text("utf-8").replace("recipients: recipients.yaml",
                                                        "recipients: recipients.xlsx"), "utf-8")
    out = tmp_path / "out"
    assert run_cli("build", minimal_project, "-o", out, "-q", "--recipient", "london",
                   "--language", "en").code == 0
    assert re.search(r"Embassy of the DPRK\n73 Gunnersbury Avenue\nLondon W5 4LP", text_of(out / "london.en.pdf"))

    book = openpyxl.load_workbook(minimal_project / "recipients.xlsx")
    book.active["H3"] = "#N/A"  # paris's ambassador: a lookup that failed
    book.active["G2"] = "en xx"  # london: a language the letter lacks
    book.save(minimal_project / "recipients.xlsx")
    result = run_cli("check", minimal_project)
    assert result.code == 1
    assert "recipients.xlsx, row 3, column 'ambassador': error: the cell shows the spreadsheet error #N/A" \
        in result.err
    assert "recipients.xlsx, row 2, column 'languages'" in result.err
    assert "Traceback" not in result.err


def test_a_line_break_or_tab_inside_a_one_line_text_is_a_space(tmp_path):
    """Alt+Enter in a cell, or "\\n" in YAML, inside a name or a placeholder's value: a space, as in a
    body's paragraph (not a character no font draws); a no-break space stays."""
    from letterpress.project.fields import string

    assert string("Ambassador\nJa\t Song-nam \r\n", None, "x") == "Ambassador Ja Song-nam"
    assert string("No.\u00a05", None, "x") == "No.\u00a05"


def test_a_coordinators_own_columns_with_spaces_are_kept_out_of_the_way(minimal_project, run_cli):
    """'Contact person' or 'e-mail (office)' in a roster: columns no placeholder can name, so they
    are the coordinator's own notes, not a mistake (a column one letter off a known one still is)."""
    roster = minimal_project / "signatories.csv"
    roster.write_text("name,Contact person,e-mail (office)\nAmnesty International,Jo,jo@example.org\n", "utf-8")
    letter = minimal_project / "letter.yaml"
    letter.write_text(letter.read_text("utf-8").replace("signatories: signatories.yaml",
                                                        "signatories: signatories.csv"), "utf-8")
    result = run_cli("check", minimal_project)
    assert result.code == 0, result.err


def test_every_address_the_post_refuses_is_reported_in_one_run(minimal_project, run_cli, tmp_path):
    """Two structured addresses with postcodes their posts refuse (a spreadsheet dropped their leading
    zero): check and build name both rows, not the first one alone."""
    roster = minimal_project / "recipients.csv"
    roster.write_text("id,name,country,address.street_address,city,address.postal_code,languages\n"
                      "madrid,Embajada,ES,Calle Mayor 1,Madrid,8001,en\n"
                      "berlin,Botschaft,DE,Strasse 1,Berlin,1067,en\n"
                      "london,Embassy,GB,1 Road,London,SW1A 1AA,en\n", "utf-8")
    letter = minimal_project / "letter.yaml"
    letter.write_text(letter.read_text("utf-8").replace("recipients: recipients.yaml",
                                                        "recipients: recipients.csv"), "utf-8")
    for command in (("check", minimal_project), ("build", minimal_project, "-o", tmp_path / "out")):
        result = run_cli(*command)
        assert result.code == 1
        assert "recipients.csv, row 2: error: this ES address is not valid for its post" in result.err
        assert "recipients.csv, row 3: error: this DE address is not valid for its post" in result.err
        assert "row 4" not in result.err
    assert not list((tmp_path / "out").glob("*.pdf"))


def _with_rosters(project: Path, recipients: str | None = None, signatories: str | None = None) -> None:
    letter = project / "letter.yaml"
    text = letter.read_text("utf-8")
    if recipients is not None:
        (project / "recipients.csv").write_text(recipients, "utf-8")
        text = text.replace("recipients: recipients.yaml", "recipients: recipients.csv")
    if signatories is not None:
        (project / "signatories.csv").write_text(signatories, "utf-8")
        text = text.replace("signatories: signatories.yaml", "signatories: signatories.csv")
    letter.write_text(text, "utf-8")


def test_a_misspelt_address_column_is_named_and_an_unknown_placeholder_reported_once(minimal_project, run_cli):
    rows = ("london,Embassy,London,GB,Embassy | 1 Road | London SW1A 1AA,en\n"
            "paris,Ambassade,Paris,FR,Ambassade | 3 rue X | 75014 Paris,fr\n")
    _with_rosters(minimal_project, recipients="id,name,city,country,adress_lines,languages\n" + rows)
    body = minimal_project / "body" / "en.md"
    body.write_text(body.read_text("utf-8") + "\nFor {recipient.nope}.\n", "utf-8")
    result = run_cli("check", minimal_project)
    assert result.code == 1
    assert "column 'adress_lines': error: unknown column 'adress_lines'; did you mean 'address.lines'?" in result.err
    assert result.err.count("{recipient.nope}") == 1, result.err  # not once more per recipient
    _with_rosters(minimal_project, recipients="id,name,city,country,Adress lines,languages\n" + rows)
    result = run_cli("check", minimal_project)
    assert "column 'Adress lines': error: unknown column 'Adress lines'; did you mean 'address.lines'?" in result.err


def test_spreadsheet_habits_are_understood(minimal_project, run_cli, tmp_path):
    """'Person' capitalized; a plain 'city' column beside 'city:fr' is the postal city of a structured
    address; a language listed twice says how to fix it."""
    _with_rosters(minimal_project,
                  recipients="id,name,city,city:fr,country,address.street_address,address.postal_code,languages\n"
                             "london,Embassy,London,Londres,GB,1 Road,SW1A 1AA,en fr\n",
                  signatories="name,kind\nTomoharu Ebihara,Person\n")
    result = run_cli("build", minimal_project, "-o", tmp_path / "out", "-q")
    assert result.code == 0, result.err
    from tests.project.test_mail_merge import text_of

    assert "LONDON" in text_of(tmp_path / "out" / "london.fr.pdf").upper()
    _with_rosters(minimal_project, recipients="id,name,city,country,address.lines,languages\n"
                  "london,Embassy,London,GB,Embassy | 1 Road | London SW1A 1AA,en en\n")
    result = run_cli("check", minimal_project)
    assert "lists en twice" in result.err and "fix: list each language once" in result.err


def test_json_names_the_spreadsheet_column_of_a_missing_cell(minimal_project, run_cli):
    """A CI job reading check --json learns the heading of the column a row lacks a value in, a
    column that has no number when the sheet does not have it at all."""
    import json

    _with_rosters(minimal_project, recipients="id,name,country,address.lines,languages\n"
                  "london,Embassy,GB,Embassy | 1 Road | London SW1A 1AA,en\n")
    result = run_cli("check", minimal_project, "--json")  # the body uses {recipient.city}: no such column
    assert result.code == 1
    problems = json.loads(result.out)["errors"]
    assert any(p["heading"] == "city" and p["line"] == 2 and p["file"].endswith("recipients.csv") for p in problems), \
        problems
