"""Rosters as coordinators save them: CSV in any of Excel's dialects, .xlsx, .ods.

A table is a header row and data rows of text cells.  Every cell keeps its row
number (as the spreadsheet shows it) and its column heading, so a message says
"recipients.xlsx, row 7, column 'languages'", never a character offset.

CSV: ``,`` ``;`` or tab separators (French and German Excel save ``;``, Excel's
"Unicode text" is tab-separated UTF-16), a UTF-8 BOM, UTF-16 with or without a
BOM, and Excel's ``sep=;`` first line.  Every row must be as wide as the
header: a short row is how a cell shifts into the wrong column unnoticed.

.xlsx is read with openpyxl (values as last saved, never formulas), .ods with
odfpy; both the first sheet, or the one named after ``#`` (``recipients.xlsx#Missions``).
"""
from __future__ import annotations

import datetime as dt
import io
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
    if suffix in (".xlsx", ".xlsm"):
        rows = _xlsx_rows(path, sheet, name)
    elif suffix == ".ods":
        rows = _ods_rows(path, sheet, name)
    else:
        if sheet:
            raise InputError(f"{path.name} is a CSV file: it has no sheet {sheet!r}", location=Location(name),
                             hint=f"remove '#{sheet}' from the roster's path in letter.yaml")
        return _csv_table(path)
    return _table(name, rows, ragged=False)


def _table(name: Path, rows: list[tuple[int, list[str]]], ragged: bool) -> Table:
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
    for number, cells in rows[1:]:
        if not any(cell.strip() for cell in cells):
            continue  # a blank row separates groups in many spreadsheets
        if ragged and len(cells) != width:
            _wrong_width(name, number, cells, headings)
        if len(cells) > width:
            extra = next(i for i in range(width, len(cells)) if cells[i].strip()) if any(
                cell.strip() for cell in cells[width:]) else None
            if extra is not None:
                raise InputError(f"row {number} has a value in column {extra + 1}, which has no heading",
                                 location=Location(name, number, extra + 1, table=True),
                                 hint="give the column a heading in the first row, or clear the cell")
            cells = cells[:width]
        cells = list(cells) + [""] * (width - len(cells))
        body.append((number, tuple(cells)))
    return Table(name, headings, tuple(body))


def _wrong_width(name: Path, number: int, cells: list[str], headings: tuple[str, ...]) -> None:
    width = len(headings)
    if len(cells) < width:
        missing = headings[len(cells):]
        raise InputError(
            f"row {number} has {len(cells)} cells but the header names {width} columns: "
            f"no cell for {', '.join(repr(h) for h in missing)}",
            location=Location(name, number, len(cells) + 1, table=True, heading=missing[0]),
            hint="a row must have a cell (empty or not) under every heading: a separator is missing, "
                 "or a cell holds a line break or separator without quotes",
        )
    raise InputError(
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


def _xlsx_rows(path: Path, sheet: str | None, name: Path) -> list[tuple[int, list[str]]]:
    try:
        import openpyxl
    except ImportError:  # declared in pyproject.toml; only a broken install lacks it
        raise InputError("reading .xlsx needs openpyxl, which is not installed", location=Location(name),
                         hint="pip install openpyxl (letterpress declares it), or save the roster as CSV") from None
    from zipfile import BadZipFile

    try:
        # read_only streams the rows; data_only gives the values Excel last computed, not formulas
        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except (BadZipFile, KeyError, OSError, ValueError) as exc:
        raise InputError(f"{path.name} is not a readable .xlsx workbook ({exc})", location=Location(name),
                         hint="open it in a spreadsheet program and save it again as .xlsx") from None
    try:
        if sheet is not None and sheet not in book.sheetnames:
            raise InputError(f"{path.name} has no sheet {sheet!r}", location=Location(name),
                             hint=f"its sheets are: {', '.join(book.sheetnames)}")
        worksheet = book[sheet] if sheet is not None else book.worksheets[0]
        rows = []
        for number, values in enumerate(worksheet.iter_rows(values_only=True), start=1):
            cells = [_cell_text(value) for value in values]
            while cells and not cells[-1]:
                cells.pop()
            rows.append((number, cells))
        return rows
    finally:
        book.close()


def _ods_rows(path: Path, sheet: str | None, name: Path) -> list[tuple[int, list[str]]]:
    try:
        from odf.namespaces import TABLENS, TEXTNS
        from odf.opendocument import load
    except ImportError:
        raise InputError("reading .ods needs odfpy, which is not installed", location=Location(name),
                         hint="pip install 'letterpress[ods]', or save the roster as .xlsx or CSV") from None
    try:
        document = load(str(path))
    except Exception as exc:  # odfpy raises zipfile, xml and key errors for a broken file
        raise InputError(f"{path.name} is not a readable .ods spreadsheet ({exc})", location=Location(name),
                         hint="open it in a spreadsheet program and save it again") from None
    tables = [node for node in document.spreadsheet.childNodes if node.qname == (TABLENS, "table")]
    names = [table.getAttrNS(TABLENS, "name") for table in tables]
    if not tables or (sheet is not None and sheet not in names):
        raise InputError(f"{path.name} has no sheet {sheet!r}" if sheet else f"{path.name} has no sheet",
                         location=Location(name), hint=f"its sheets are: {', '.join(names) or 'none'}")
    table = tables[names.index(sheet)] if sheet is not None else tables[0]

    def text_of(cell) -> str:
        value_type = cell.getAttrNS("urn:oasis:names:tc:opendocument:xmlns:office:1.0", "value-type")
        if value_type in ("float", "percentage", "currency"):
            return _cell_text(float(cell.getAttrNS("urn:oasis:names:tc:opendocument:xmlns:office:1.0", "value")))
        paragraphs = [node for node in cell.childNodes if node.qname == (TEXTNS, "p")]
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
        else:
            parts.append(_ods_text(child))
    return "".join(parts)
