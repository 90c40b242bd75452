"""Rosters as coordinators save them: CSV in any of Excel's dialects, .xlsx, .ods.

A table is a header row and data rows of text cells.  Every cell keeps its row
number (as the spreadsheet shows it) and its column heading, so a message says
"recipients.xlsx, row 7, column 'languages'", never a character offset.

CSV: ``,`` ``;`` or tab separators (French and German Excel save ``;``, Excel's
"Unicode text" is tab-separated UTF-16), a UTF-8 BOM, UTF-16 with or without a
BOM, and Excel's ``sep=;`` first line.  Every row must be as wide as the
header: a short row is how a cell shifts into the wrong column unnoticed.

.xlsx is read with openpyxl (values as last saved, never formulas), .ods with
odfpy; both the first visible sheet, or the one named after ``#`` (``recipients.xlsx#Missions``).
A cell reads as the spreadsheet shows it (a postcode formatted ``00000`` keeps its zeros). A cell
that holds no value a person sees in the file is refused at its row and column, never read as
blank: an error value (``#N/A``), a formula never computed (a file written by a program, not
saved by a spreadsheet), a cell under a merge.
"""
from __future__ import annotations

import contextlib
import datetime as dt
import io
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import InputError, Location

TABLE_SUFFIXES = (".csv", ".tsv", ".txt", ".xlsx", ".xlsm", ".ods")
_SEPARATORS = (",", ";", "\t")


@dataclass(frozen=True)
class Table:
    """A roster's cells: ``rows`` are (row number, cells), every row as wide as ``headings``."""

    name: Path  # the file as messages name it (with "#Sheet" when a sheet was named)
    headings: tuple[str, ...]
    rows: tuple[tuple[int, tuple[str, ...]], ...]
    # Mistakes in single cells and rows, each reported while the other rows are read: a row too
    # short or too long is left out of ``rows`` (its cells may sit under the wrong headings), and a
    # row with a cell that cannot be read is kept, that cell blank, and numbered in ``refused``.
    problems: tuple[InputError, ...] = ()
    refused: frozenset[int] = frozenset()

    def at(self, row: int, heading: str | None = None) -> Location:
        """The location of a cell: ``row`` as the spreadsheet numbers it, and ``heading``'s column when it exists."""
        column = self.headings.index(heading) + 1 if heading in self.headings else None
        return Location(self.name, row, column, table=True, heading=heading)


def split_sheet(path: Path) -> tuple[Path, str | None]:
    """``recipients.xlsx#Missions`` -> (recipients.xlsx, "Missions")."""
    text = str(path)
    if "#" in path.name:
        file, sheet = text.rsplit("#", 1)
        return Path(file), sheet or None
    return path, None


def read_table(path: Path, sheet: str | None = None) -> Table:
    """The table in a CSV, .xlsx or .ods file; ``sheet`` names a spreadsheet's sheet (CSV has none)."""
    suffix = path.suffix.lower()
    name = Path(f"{path}#{sheet}") if sheet else path
    bad_cells: list[tuple[int, int, str, str]] = []  # (row, column, what is wrong, the fix)
    if suffix in (".xlsx", ".xlsm"):
        rows = _xlsx_rows(path, sheet, name, bad_cells)
    elif suffix == ".ods":
        rows = _ods_rows(path, sheet, name)
    else:
        if sheet:
            raise InputError(f"{path.name} is a CSV file: it has no sheet {sheet!r}", location=Location(name),
                             hint=f"remove '#{sheet}' from the roster's path in letter.yaml")
        return _csv_table(path)
    return _table(name, rows, ragged=False, bad_cells=bad_cells)


def _table(name: Path, rows: list[tuple[int, list[str]]], ragged: bool,
           bad_cells: list[tuple[int, int, str, str]] = ()) -> Table:
    """Header and rows, checked: headings named and distinct, every row the header's width."""
    while rows and not any(rows[0][1]):
        rows = rows[1:]  # blank rows above the header
    if not rows:
        raise InputError("the roster is empty", location=Location(name, 1, table=True),
                         hint="the first row names the columns (id, name, languages, ...), one entry per row below")
    header_row, header = rows[0]
    while header and not header[-1]:
        header = header[:-1]
    headings = tuple(cell.strip() for cell in header)
    for index, heading in enumerate(headings):
        if not heading:
            raise InputError(f"column {index + 1} of the header row has no heading",
                             location=Location(name, header_row, index + 1, table=True),
                             hint="name every column in the first row, or delete the empty column")
        if heading in headings[:index]:
            raise InputError(f"two columns are headed '{heading}'",
                             location=Location(name, header_row, index + 1, table=True, heading=heading),
                             hint="rename or delete one of them")
    width = len(headings)
    body = []
    problems: list[InputError] = []
    refused = set()
    for row, column, message, hint in bad_cells:
        if row > header_row and column <= width:
            problems.append(InputError(message, location=Location(name, row, column, table=True,
                                                                  heading=headings[column - 1]), hint=hint))
            refused.add(row)
    for number, cells in rows[1:]:
        if not any(cell.strip() for cell in cells) and number not in refused:
            continue  # a blank row separates groups in many spreadsheets
        if ragged and len(cells) != width:
            problems.append(_wrong_width(name, number, cells, headings))
            continue
        if len(cells) > width:
            extra = next(i for i in range(width, len(cells)) if cells[i].strip()) if any(
                cell.strip() for cell in cells[width:]) else None
            if extra is not None:
                problems.append(InputError(f"row {number} has a value in column {extra + 1}, which has no heading",
                                           location=Location(name, number, extra + 1, table=True),
                                           hint="give the column a heading in the first row, or clear the cell"))
                continue
            cells = cells[:width]
        cells = list(cells) + [""] * (width - len(cells))
        body.append((number, tuple(cells)))
    return Table(name, headings, tuple(body), tuple(problems), frozenset(refused))


def _wrong_width(name: Path, number: int, cells: list[str], headings: tuple[str, ...]) -> InputError:
    width = len(headings)
    if len(cells) < width:
        missing = headings[len(cells):]
        return InputError(
            f"row {number} has {len(cells)} cells but the header names {width} columns: "
            f"no cell for {', '.join(repr(h) for h in missing)}",
            location=Location(name, number, len(cells) + 1, table=True, heading=missing[0]),
            hint="a row must have a cell (empty or not) under every heading: a separator is missing, "
                 "or a cell holds a line break or separator without quotes",
        )
    return InputError(
        f"row {number} has {len(cells)} cells but the header names {width} columns",
        location=Location(name, number, width + 1, table=True, heading=None),
        hint=f"a cell after column '{headings[-1]}' has no heading: put quotes around cells that contain "
             f"the separator, or remove the extra separator",
    )


# --- CSV -------------------------------------------------------------------------------------

def _decode(path: Path, raw: bytes) -> str:
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        encoding = "utf-16"  # Excel's "Unicode text": UTF-16 with a BOM
    elif len(raw) >= 4 and raw[1] == 0 and raw[3] == 0 and raw[0] != 0:
        encoding = "utf-16-le"
    elif len(raw) >= 4 and raw[0] == 0 and raw[2] == 0 and raw[1] != 0:
        encoding = "utf-16-be"
    else:
        encoding = "utf-8-sig"
    try:
        return raw.decode(encoding)
    except UnicodeDecodeError as exc:
        row = raw[: exc.start].count(b"\n") + 1
        raise InputError(
            f"row {row} is not UTF-8 text (byte 0x{raw[exc.start]:02x} cannot be decoded)",
            location=Location(path, row, table=True),
            hint="save the spreadsheet as 'CSV UTF-8' (Excel) or 'Text CSV' with character set Unicode (UTF-8) "
                 "(LibreOffice), or as .xlsx",
        ) from None


def _separator(text: str) -> tuple[str, str, int]:
    """The separator, the text without Excel's ``sep=`` line, and the rows that line took."""
    first, _, rest = text.partition("\n")
    if first.strip().lower().startswith("sep=") and len(first.strip()) == 5:
        return first.strip()[4], rest, 1
    # Counted in the header row outside quotes: headings rarely contain a separator.
    counts = {sep: 0 for sep in _SEPARATORS}
    quoted = False
    for char in first:
        if char == '"':
            quoted = not quoted
        elif not quoted and char in counts:
            counts[char] += 1
    best = max(_SEPARATORS, key=lambda sep: counts[sep])  # ties: ',' first
    return (best if counts[best] else ","), text, 0


def _csv_table(path: Path) -> Table:
    import csv

    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise InputError(f"cannot read {path}: {exc.strerror}", location=Location(path)) from None
    text = _decode(path, raw)
    separator, text, offset = _separator(text)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=separator)
    rows: list[tuple[int, list[str]]] = []
    try:
        # Rows are numbered by the reader's line count, so a quoted cell with a line break
        # does not shift the numbers of the rows after it (a spreadsheet shows it as one row).
        number = offset
        for cells in reader:
            number += 1
            rows.append((number, cells))
    except csv.Error as exc:
        raise InputError(f"this CSV file cannot be read: {exc}",
                         location=Location(path, number + 1, table=True),
                         hint="check the quotes on this row: a cell that starts with \" must end with \"") from None
    return _table(path, rows, ragged=True)


# --- spreadsheets ----------------------------------------------------------------------------

def _cell_text(value: Any) -> str:
    """A cell as text, the way the spreadsheet shows it: 75014 not 75014.0, dates as YYYY-MM-DD."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat(sep=" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value).strip()


def _xlsx_rows(path: Path, sheet: str | None, name: Path,
               bad_cells: list[tuple[int, int, str, str]]) -> list[tuple[int, list[str]]]:
    try:
        import openpyxl
    except ImportError:  # declared in pyproject.toml; only a broken install lacks it
        raise InputError("reading .xlsx needs openpyxl, which is not installed", location=Location(name),
                         hint="pip install openpyxl (letterpress declares it), or save the roster as CSV") from None

    def unreadable(exc: BaseException) -> InputError:
        return InputError(f"{path.name} is not a readable .xlsx workbook ({type(exc).__name__}: {exc})",
                          location=Location(name), hint="open it in a spreadsheet program and save it again as .xlsx")

    try:
        # read_only streams the rows; data_only gives the values Excel last computed, not formulas
        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises zip, XML, key, value and type errors for a broken file
        raise unreadable(exc) from None
    try:
        worksheet = _worksheet(book, path, sheet, name)
        # A stored size can be stale (a program that wrote the file and never counted its rows):
        # read the rows there are, not the ones it claims.
        worksheet.reset_dimensions()
        rows = []
        present_but_empty = []  # cells written in the file with no value (styled, merged, uncomputed)
        for number, row in enumerate(worksheet.iter_rows(), start=1):
            cells = []
            for column, cell in enumerate(row, start=1):
                value = cell.value
                if getattr(cell, "data_type", None) == "e":
                    bad_cells.append((number, column, f"the cell shows the spreadsheet error {value}",
                                      "correct the formula (or type the value) in the spreadsheet and save it"))
                    value = None
                elif value is None and type(cell).__name__ != "EmptyCell":
                    present_but_empty.append((number, column))
                cells.append(_formatted(value, getattr(cell, "number_format", None)))
            while cells and not cells[-1]:
                cells.pop()
            rows.append((number, cells))
        bad_cells += _hidden_values(path, worksheet, present_but_empty)
        return rows
    except InputError:
        raise
    except Exception as exc:  # a sheet's XML cut short or malformed shows only as its rows are read
        raise unreadable(exc) from None
    finally:
        book.close()


def _worksheet(book, path: Path, sheet: str | None, name: Path):
    """The sheet named, or the first one a person sees when opening the workbook (not a hidden
    sheet of old rows, not a chart)."""
    if sheet is not None:
        if sheet not in book.sheetnames:
            raise InputError(f"{path.name} has no sheet {sheet!r}", location=Location(name),
                             hint=f"its sheets are: {', '.join(book.sheetnames)}")
        found = book[sheet]
        if found not in book.worksheets:
            raise InputError(f"the sheet {sheet!r} of {path.name} is a chart, not a table", location=Location(name),
                             hint="name the sheet that holds the rows: "
                                  + ", ".join(ws.title for ws in book.worksheets))
        return found
    visible = [ws for ws in book.worksheets if ws.sheet_state == "visible"]
    if not visible:
        raise _no_visible_sheet(path, name)
    return visible[0]


def _no_visible_sheet(path: Path, name: Path) -> InputError:
    """A workbook whose every sheet of rows is hidden, and no sheet named."""
    return InputError(f"{path.name} has no visible sheet of rows", location=Location(name),
                      hint=f"show the sheet in the spreadsheet program, or name it after '#' in letter.yaml "
                           f"({path.name}#Sheet)")


def _hidden_values(path: Path, worksheet, written_empty: list[tuple[int, int]]) -> list[tuple[int, int, str, str]]:
    """The cells that show a value in a spreadsheet program but hold none in the file: a formula whose
    value was never computed (of ``written_empty``, the cells written with no value), and the cells
    under a merge (its value shows across the merge but belongs to its first cell). openpyxl's
    streaming reader reports neither, so the sheet's XML is read for its <f> and <mergeCell> elements."""
    from xml.etree.ElementTree import iterparse

    from openpyxl.utils.cell import coordinate_to_tuple, range_boundaries

    part = getattr(worksheet, "_worksheet_path", None)  # the sheet's part in the package (openpyxl 3.x)
    if part is None:
        return []
    formulas, merges = set(), []
    with zipfile.ZipFile(path) as package, package.open(part) as xml:
        reference = None
        for event, element in iterparse(xml, events=("start", "end")):
            tag = element.tag.rsplit("}", 1)[-1]
            if event == "start":
                if tag == "c":
                    reference = element.get("r")
                continue
            if tag == "f" and reference:
                formulas.add(coordinate_to_tuple(reference))
            elif tag == "mergeCell" and element.get("ref"):
                merges.append(range_boundaries(element.get("ref")))
            elif tag == "row":
                element.clear()  # the rows were read already: keep memory flat on a long sheet
    found = [(row, column, "the cell holds a formula whose value was never computed (the file was written by "
                           "a program, not saved by a spreadsheet)",
              "open the file in a spreadsheet program and save it, or type the value")
             for row, column in written_empty if (row, column) in formulas]
    for left, top, right, bottom in merges:
        found += [(row, column, "the cell is under merged cells: their value belongs to the first cell only",
                   "unmerge the cells and fill in every row (each row is one entry)")
                  for row in range(top, bottom + 1) for column in range(left, right + 1)
                  if (row, column) != (top, left)]
    return sorted(found)


def _formatted(value: Any, number_format: str | None) -> str:
    """A number as its cell's format shows it, for the formats a roster's numbers use: zeros kept in
    front (a postcode formatted ``00000``, a ZIP+4 ``00000-0000``), a fixed count of decimals
    (``0.00``), a percentage. (openpyxl reads formats but does not apply them, and no maintained
    library applies Excel's format language; any other format shows the plain number.)"""
    if (isinstance(value, bool) or not isinstance(value, (int, float)) or not number_format
            or number_format == "General"):
        return _cell_text(value)
    # the positive section, without quoted text, escaped characters and [colours]
    section = re.sub(r'"[^"]*"|\\.|\[[^]]*\]', "", number_format.split(";")[0])
    if re.fullmatch(r"0+([- ]0+)+", section) and float(value).is_integer() and value >= 0:
        number = str(int(value)).rjust(section.count("0"), "0")
        shown, taken = [], len(number)
        for char in reversed(section):  # digits fill the pattern from the right, separators stay
            if char == "0":
                taken -= 1
                shown.append(number[taken])
            else:
                shown.append(char)
        return number[:taken] + "".join(reversed(shown))
    match = re.fullmatch(r"[#,]*(0*)(?:\.(0+))?(%?)", section)
    if match is None:
        return _cell_text(value)
    zeros, decimals, percent = match[1], match[2] or "", match[3]
    shown = value * 100 if percent else value
    text = f"{shown:.{len(decimals)}f}"
    whole = text.split(".")[0]
    if shown >= 0 and len(whole) < len(zeros):
        text = "0" * (len(zeros) - len(whole)) + text
    return text + percent


def _ods_rows(path: Path, sheet: str | None, name: Path) -> list[tuple[int, list[str]]]:
    try:
        from odf.namespaces import OFFICENS, TABLENS, TEXTNS
        from odf.opendocument import load
    except ImportError:
        raise InputError("reading .ods needs odfpy, which is not installed", location=Location(name),
                         hint="pip install 'letterpress[ods]', or save the roster as .xlsx or CSV") from None

    def unreadable(detail: str = "") -> InputError:
        return InputError(f"{path.name} is not a readable .ods spreadsheet{detail}", location=Location(name),
                          hint="open it in a spreadsheet program and save it again")

    said = io.StringIO()
    try:
        # odfpy prints a part it cannot parse (on standard output, which --json keeps for its
        # report) and goes on with the rows before the fault: what it says is the sign of a broken file
        with contextlib.redirect_stdout(said):
            document = load(str(path))
    except Exception as exc:  # odfpy raises zipfile, xml and key errors for a broken file
        raise unreadable(f" ({exc})") from None
    if "FAILED" in said.getvalue():
        raise unreadable(" (part of its content cannot be parsed)")
    tables = [node for node in document.spreadsheet.childNodes if node.qname == (TABLENS, "table")]
    names = [table.getAttrNS(TABLENS, "name") for table in tables]
    if not tables or (sheet is not None and sheet not in names):
        raise InputError(f"{path.name} has no sheet {sheet!r}" if sheet else f"{path.name} has no sheet",
                         location=Location(name), hint=f"its sheets are: {', '.join(names) or 'none'}")
    if sheet is not None:
        table = tables[names.index(sheet)]
    else:  # the first sheet a person sees: not a hidden one of old rows
        hidden = _ods_hidden_styles(document)
        visible = [table for table in tables if table.getAttrNS(TABLENS, "style-name") not in hidden]
        if not visible:
            raise _no_visible_sheet(path, name)
        table = visible[0]

    def text_of(cell) -> str:
        # as the spreadsheet shows it: its paragraphs (a postcode formatted 00000 keeps its zeros,
        # a date its order), not office:value
        value_type = cell.getAttrNS(OFFICENS, "value-type")
        if value_type == "boolean":  # shown in the sheet's language (VRAI, WAHR): read as the value
            return _cell_text(cell.getAttrNS(OFFICENS, "boolean-value") == "true")
        paragraphs = [node for node in cell.childNodes if node.qname == (TEXTNS, "p")]
        if not paragraphs and value_type in ("float", "percentage", "currency"):
            return _cell_text(float(cell.getAttrNS(OFFICENS, "value")))
        return "\n".join(_ods_text(p) for p in paragraphs).strip()

    rows: list[tuple[int, list[str]]] = []
    number = 0
    for row in (node for node in table.childNodes if node.qname == (TABLENS, "table-row")):
        repeat = int(row.getAttrNS(TABLENS, "number-rows-repeated") or 1)
        cells: list[str] = []
        blanks = 0  # empty cells not yet known to lie between values (a sheet ends in ~16,000 of them)
        for cell in row.childNodes:
            if cell.qname not in ((TABLENS, "table-cell"), (TABLENS, "covered-table-cell")):
                continue
            across = int(cell.getAttrNS(TABLENS, "number-columns-repeated") or 1)
            text = text_of(cell)
            if not text:
                blanks += across
                continue
            cells += [""] * blanks + [text] * across
            blanks = 0
        if not cells:  # empty rows (a sheet ends in a million of them) count, but are not kept
            number += repeat
            continue
        for _ in range(repeat):
            number += 1
            rows.append((number, list(cells)))
    return rows


def _ods_text(node) -> str:
    from odf.namespaces import TEXTNS

    parts = []
    for child in node.childNodes:
        if child.nodeType == child.TEXT_NODE:
            parts.append(child.data)
        elif child.qname == (TEXTNS, "s"):
            parts.append(" " * int(child.getAttrNS(TEXTNS, "c") or 1))
        elif child.qname == (TEXTNS, "tab"):
            parts.append("\t")
        elif child.qname == (TEXTNS, "line-break"):
            parts.append("\n")
        else:
            parts.append(_ods_text(child))
    return "".join(parts)


def _ods_hidden_styles(document) -> set[str]:
    """The names of the table styles that hide a sheet (``table:display="false"``)."""
    from odf.namespaces import STYLENS, TABLENS

    hidden = set()
    for styles in (document.automaticstyles, document.styles):
        for style in styles.childNodes:
            if style.qname != (STYLENS, "style"):
                continue
            for properties in style.childNodes:
                if properties.qname == (STYLENS, "table-properties") and \
                        properties.getAttrNS(TABLENS, "display") == "false":
                    hidden.add(style.getAttrNS(STYLENS, "name"))
    return hidden
