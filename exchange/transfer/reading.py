"""Reading the import files: CSV or XLSX, judged by the file name's extension.

Reading yields one `Row` at a time (openpyxl in read-only mode for XLSX), so a large
file is never held whole as cells. Cell values come out as stripped text, or as a
`datetime.date` for an XLSX date cell; numbers that a spreadsheet stored as numbers
come out as the text it shows (3.0 → "3", 12.5 → "12.5").

Problems of the whole file (encoding, header) raise `FileProblem` with messages.
"""

import csv
import datetime
import io
import zipfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from decimal import Decimal
from pathlib import PurePath

from django.utils.translation import gettext as _
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter
from openpyxl.utils.exceptions import InvalidFileException

from exchange.core.tables import FORMATS

Value = str | datetime.date


class FileProblem(Exception):
    """The whole file cannot be read: one message per problem, none about a row."""

    def __init__(self, *messages: str):
        super().__init__(*messages)
        self.messages = list(messages)


@dataclass(frozen=True, slots=True)
class Row:
    """One data row: its spreadsheet number (the header is row 1) and its cells."""

    number: int
    values: dict[str, Value]
    # Non-empty cells under no header, by column letter.
    stray: tuple[str, ...] = ()


def file_format(filename: str) -> str:
    """ "csv" or "xlsx" from the file name, or "" for anything else."""
    suffix = PurePath(filename).suffix.lower().lstrip(".")
    return suffix if suffix in FORMATS else ""


def read_rows(stream, filename: str, columns: Sequence[str]) -> Iterator[Row]:
    """The data rows of a CSV or XLSX file whose header has exactly `columns`.

    `stream` is a binary file object. Raises FileProblem (also while iterating, for
    an encoding error further down a CSV file). Rows whose cells are all empty are
    skipped; row numbers still count them.
    """
    fmt = file_format(filename)
    if fmt == "csv":
        raw = _csv_rows(stream)
    elif fmt == "xlsx":
        raw = _xlsx_rows(stream)
    else:
        raise FileProblem(_("“%(name)s” is neither a .csv nor an .xlsx file.") % {"name": filename})
    try:
        header = next(raw, None)
        if header is None:
            raise FileProblem(_("The file is empty: it has no header row."))
        names = _check_header([_clean(cell) for cell in header], columns)
        yield from _data_rows(raw, names)
    finally:
        raw.close()


def _data_rows(raw: Iterator[Sequence], names: list[str]) -> Iterator[Row]:
    for number, cells in enumerate(raw, start=2):
        values = {}
        stray = []
        for index, cell in enumerate(cells):
            value = _clean(cell)
            name = names[index] if index < len(names) else ""
            if name:
                values[name] = value
            elif value != "":
                stray.append(get_column_letter(index + 1))
        if not stray and all(value == "" for value in values.values()):
            continue
        for name in names:
            if name:
                values.setdefault(name, "")
        yield Row(number, values, tuple(stray))


def _check_header(header: list, columns: Sequence[str]) -> list[str]:
    """The column name of each header position ("" for an empty one), or FileProblem."""
    names = [str(cell).lstrip("\ufeff").strip().lower() for cell in header]
    while names and not names[-1]:
        names.pop()
    if len(names) == 1 and any(sep in names[0] for sep in (";", "\t")):
        separator = ";" if ";" in names[0] else _("tab")
        raise FileProblem(
            _(
                "The columns are separated by “%(separator)s”; "
                "save the file as CSV with commas (CSV UTF-8) and import it again."
            )
            % {"separator": separator}
        )
    problems = []
    seen = set()
    for name in names:
        if name and name in seen:
            problems.append(_("The column “%(column)s” appears twice.") % {"column": name})
        seen.add(name)
    problems += [
        _("The column “%(column)s” is missing.") % {"column": column}
        for column in columns
        if column not in seen
    ]
    expected = ", ".join(columns)
    problems += [
        _("The column “%(column)s” is unknown; the columns are: %(expected)s.")
        % {"column": name, "expected": expected}
        for name in names
        if name and name not in columns
    ]
    if problems:
        raise FileProblem(*problems)
    return names


def _clean(cell) -> Value:
    """A cell's value as stripped text, or a date for a date cell."""
    if cell is None:
        return ""
    if isinstance(cell, str):
        return cell.strip()
    if isinstance(cell, bool):
        return "TRUE" if cell else "FALSE"
    if isinstance(cell, datetime.datetime):
        if cell.time() == datetime.time(0):
            return cell.date()
        return cell.isoformat(sep=" ")
    if isinstance(cell, datetime.date):
        return cell
    if isinstance(cell, float):
        # repr is the shortest text that reads back as the same float: what Excel shows.
        return str(int(cell)) if cell.is_integer() else repr(cell)
    if isinstance(cell, int | Decimal):
        return str(cell)
    return str(cell).strip()


def _csv_rows(stream) -> Iterator[list[str]]:
    # utf-8-sig drops the byte-order mark that spreadsheet programs write, if any.
    text = io.TextIOWrapper(stream, encoding="utf-8-sig", newline="")
    try:
        yield from csv.reader(text)
    except UnicodeDecodeError as error:
        raise FileProblem(
            _(
                "The file is not UTF-8 text (byte 0x%(byte)02x cannot be read); "
                "save it as “CSV UTF-8” and import it again."
            )
            % {"byte": error.object[error.start]}
        ) from error
    except csv.Error as error:
        raise FileProblem(
            _("The file cannot be read as CSV: %(reason)s.") % {"reason": error}
        ) from error
    finally:
        text.detach()


def _xlsx_rows(stream) -> Iterator[tuple]:
    """The first worksheet's rows, read on demand so memory stays bounded."""
    unreadable = _("The file is not an Excel workbook (.xlsx) that can be read.")
    try:
        workbook = load_workbook(stream, read_only=True, data_only=True)
    except (zipfile.BadZipFile, InvalidFileException, KeyError, OSError, ValueError) as error:
        raise FileProblem(unreadable) from error
    try:
        if not workbook.worksheets:
            raise FileProblem(unreadable)
        sheet = workbook.worksheets[0]
        # The stored dimensions are often wrong in files not written by Excel.
        sheet.reset_dimensions()
        yield from sheet.iter_rows(min_row=1, values_only=True)
    except FileProblem:
        raise
    except Exception as error:
        # A damaged sheet fails inside openpyxl's XML parsing, with many possible errors.
        raise FileProblem(unreadable) from error
    finally:
        workbook.close()
