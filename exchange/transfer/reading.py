"""Reading the import files: CSV or XLSX, judged by the file name's extension.

Reading yields one `Row` at a time (openpyxl in read-only mode for XLSX), so a large
file is never held whole as cells. Cell values come out as stripped text, or as a
`datetime.date` for an XLSX date cell; numbers that a spreadsheet stored as numbers
come out as the text it shows (3.0 → "3", 12.5 → "12.5").

CSV is read in the encoding chosen (UTF-8 by default, a byte-order mark ignored, or
GB18030, as Chinese spreadsheet programs save CSV); nothing is guessed, but a file
refused in one of the two says whether the other would read it.

Problems of the whole file (encoding, header, a limit of exchange.transfer.limits)
raise `FileProblem` with messages.
"""

import csv
import datetime
import io
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from decimal import Decimal
from pathlib import PurePath

from django.utils.translation import gettext as _
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

from exchange.core.tables import FORMATS, unescape_formula
from exchange.transfer.limits import Limits, TooLarge

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


ENCODINGS = {"utf-8": "UTF-8", "gb18030": "GB18030"}


def read_rows(
    stream,
    filename: str,
    columns: Sequence[str],
    *,
    optional: Sequence[str] = (),
    encoding: str = "utf-8",
    limits=None,
) -> Iterator[Row]:
    """The data rows of a CSV or XLSX file whose header has exactly `columns`, and any
    of the `optional` ones (a row has only the columns of its file).

    `stream` is a binary file object. Raises FileProblem (also while iterating, for
    an encoding error or a limit further down the file). Rows whose cells are all
    empty are skipped; row numbers still count them.
    """
    limits = limits or Limits.from_settings()
    fmt = file_format(filename)
    if not fmt:
        raise FileProblem(_("“%(name)s” is neither a .csv nor an .xlsx file.") % {"name": filename})
    try:
        limits.check_size(stream)
        if fmt == "xlsx":
            limits.check_workbook(stream)
        else:
            limits.check_csv_rows(stream)
        raw = _csv_rows(stream, encoding, limits) if fmt == "csv" else _xlsx_rows(stream)
        try:
            header = next(raw, None)
            if header is None:
                raise FileProblem(_("The file is empty: it has no header row."))
            names = _check_header([_clean(cell) for cell in header], columns, optional)
            yield from _data_rows(raw, names, limits)
        finally:
            raw.close()
    except TooLarge as error:
        raise FileProblem(str(error)) from error


def _data_rows(raw: Iterator[Sequence], names: list[str], limits: Limits) -> Iterator[Row]:
    for number, cells in enumerate(raw, start=2):
        limits.check_row(number, cells)
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


def _check_header(header: list, columns: Sequence[str], optional: Sequence[str] = ()) -> list[str]:
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
    if optional:
        expected = _("%(columns)s (and, if you like, %(optional)s)") % {
            "columns": expected,
            "optional": ", ".join(optional),
        }
    problems += [
        _("The column “%(column)s” is unknown; the columns are: %(expected)s.")
        % {"column": name, "expected": expected}
        for name in names
        if name and name not in columns and name not in optional
    ]
    if problems:
        raise FileProblem(*problems)
    return names


def _clean(cell) -> Value:
    """A cell's value as stripped text, or a date for a date cell."""
    if cell is None:
        return ""
    if isinstance(cell, str):
        return unescape_formula(cell.strip())
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


def _csv_rows(stream, encoding: str, limits: Limits) -> Iterator[list[str]]:
    # utf-8-sig drops the byte-order mark that spreadsheet programs write, if any.
    text = io.TextIOWrapper(
        stream, encoding="utf-8-sig" if encoding == "utf-8" else encoding, newline=""
    )
    csv.field_size_limit(limits.max_cell_chars)
    reader = csv.reader(text)
    try:
        yield from reader
    except UnicodeDecodeError as error:
        raise FileProblem(_encoding_problem(stream, encoding, error)) from error
    except csv.Error as error:
        if "field larger than field limit" in str(error):
            message = _("A cell of row %(row)d has more than %(chars)d characters.") % {
                "row": reader.line_num,
                "chars": limits.max_cell_chars,
            }
        else:
            message = _("The file cannot be read as CSV: %(reason)s.") % {"reason": error}
        raise FileProblem(message) from error
    finally:
        text.detach()


def _encoding_problem(stream, encoding: str, error: UnicodeDecodeError) -> str:
    """Why the file cannot be read in `encoding`, and whether the other one would."""
    message = _("The file is not %(encoding)s text (byte 0x%(byte)02x cannot be read).") % {
        "encoding": ENCODINGS[encoding],
        "byte": error.object[error.start],
    }
    other = next(code for code in ENCODINGS if code != encoding)
    stream.seek(0)
    try:
        stream.read().decode("utf-8-sig" if other == "utf-8" else other)
    except UnicodeDecodeError:
        return message + " " + _("Save it as “CSV UTF-8” and import it again.")
    return (
        message
        + " "
        + _("It reads as %(other)s: choose that encoding and import it again.")
        % {"other": ENCODINGS[other]}
    )


def _xlsx_rows(stream) -> Iterator[tuple]:
    """The first worksheet's rows, read on demand so memory stays bounded."""
    unreadable = _("The file is not an Excel workbook (.xlsx) that can be read.")
    try:
        workbook = load_workbook(stream, read_only=True, data_only=True)
    except Exception as error:
        # A damaged or hostile file (truncated XML, an entity, a bomb: openpyxl parses
        # through defusedxml) fails in many ways: each is this one problem.
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
