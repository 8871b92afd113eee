"""The one writer of tables as files: CSV and XLSX, for every export, report and
import template.

CSV: Python's csv module defaults (comma, "\r\n" line ends, quoting only where
needed), UTF-8 without a byte-order mark: the balance CSV of docs/domain.md. None is an
empty cell; money has exactly 2 decimals, ratios 4, rates 6; dates are ISO (YYYY-MM-DD).
A text that a spreadsheet would take for a formula (it starts with =, +, -, @, a tab or
a carriage return) is written after an apostrophe, as OWASP recommends; the imports read
it back without (`unescape_formula`), so an export imports again unchanged.

Both are written as the rows are read, so memory stays flat whatever the size: CSV in
chunks (`csv_chunks`), XLSX in openpyxl's write-only mode into a file
(`write_xlsx`, `xlsx_file`; the rows' XML by `exchange.core.xlsx_rows`). The
`…_bytes` functions gather the same in memory, for small files and tests.

XLSX: a bold frozen
header; numbers as numeric cells and dates as date cells, with the column's number
format; text always as text, so that a value starting with "=" never becomes a
formula; an optional totals row in bold. The header is the columns' keys (files that
programs read and that import again), or for the reports people read their labels in
the current language, with a second sheet saying what the figures are (`about`: label
and value lines).

A table is its columns and its rows, each row a sequence of values in the columns'
order.
"""

import contextlib
import csv
import datetime
import io
import tempfile
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import BinaryIO

from django.utils.functional import Promise
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from exchange.core.xlsx_rows import RowSheet, Values

FORMATS = ("csv", "xlsx")
CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}

# Kinds of values. Other kinds (a report's partner, country or choice columns) are
# written as their plain values, like text.
TEXT, INT, MONEY, RATIO, RATE, DATE = "text", "int", "money", "ratio", "rate", "date"
NUMBER_FORMATS = {
    INT: "0",
    MONEY: "0.00",
    RATIO: "0.0000",
    RATE: "0.000000",
    DATE: "yyyy-mm-dd",
}
CSV_FORMATS = {
    MONEY: "{:.2f}".format,
    RATIO: "{:.4f}".format,
    RATE: "{:.6f}".format,
    DATE: datetime.date.isoformat,
}
DECIMAL_KINDS = (MONEY, RATIO, RATE)
UNESCAPED_KINDS = (INT, *DECIMAL_KINDS, DATE)
# What a spreadsheet reads as the start of a formula (OWASP, "CSV injection").
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def escape_formula(value):
    """A text that would start a formula, after an apostrophe; any other value as it is."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def unescape_formula(text: str) -> str:
    """What `escape_formula` wrote, read back."""
    if text.startswith("'") and text[1:].startswith(FORMULA_STARTS):
        return text[1:]
    return text


@dataclass(frozen=True)
class Column:
    """A column: its name in files, its label on a page, the kind of its values."""

    key: str
    label: object = ""
    kind: str = TEXT

    @property
    def numeric(self) -> bool:
        return self.kind in (INT, *DECIMAL_KINDS)


def named_columns(names: Iterable[str], kinds: dict[str, str] | None = None) -> list[Column]:
    """Columns named as the files name them, text unless `kinds` says otherwise."""
    kinds = kinds or {}
    return [Column(name, name, kinds.get(name, TEXT)) for name in names]


# Progress -----------------------------------------------------------------------------

# Rows between two calls of an export's `progress(done, total)`.
PROGRESS_EVERY = 1000


def reporting(
    items: Iterable, progress=None, total: int | None = None, every: int = PROGRESS_EVERY
):
    """`items` as they are, calling `progress(done, total)` every `every` items and at
    the end (nothing without `progress`)."""
    if progress is None:
        yield from items
        return
    done = 0
    for item in items:
        yield item
        done += 1
        if done % every == 0:
            progress(done, total)
    progress(done, total)


# CSV ----------------------------------------------------------------------------------

# Bytes of CSV gathered before they are handed on (a response's chunk, a file's write).
CSV_CHUNK = 64 * 1024


def csv_chunks(columns: Sequence[Column], rows: Iterable[Sequence]) -> Iterator[bytes]:
    """The CSV as UTF-8 bytes, written as the rows are read: the header at once, then
    a chunk every `CSV_CHUNK` bytes or so. Memory holds a chunk, never the file."""
    out = io.StringIO(newline="")
    writer = csv.writer(out)
    writer.writerow([column.key for column in columns])
    yield out.getvalue().encode("utf-8")
    out.seek(0)
    out.truncate()
    formats = [(index, csv_format(column.kind)) for index, column in enumerate(columns)]
    formatted = [(index, text) for index, text in formats if text is not None]
    for row in rows:
        row = list(row)
        for index, text in formatted:
            if row[index] is not None:
                row[index] = text(row[index])
        writer.writerow(row)
        if out.tell() >= CSV_CHUNK:
            yield out.getvalue().encode("utf-8")
            out.seek(0)
            out.truncate()
    if out.tell():
        yield out.getvalue().encode("utf-8")


def csv_format(kind: str):
    """How a value of the kind is written where str() would not do (None: as it is)."""
    if kind in CSV_FORMATS:
        return CSV_FORMATS[kind]
    return None if kind in UNESCAPED_KINDS else escape_formula


def csv_bytes(columns: Sequence[Column], rows: Iterable[Sequence]) -> bytes:
    return b"".join(csv_chunks(columns, rows))


def csv_text(columns: Sequence[Column], rows: Iterable[Sequence]) -> str:
    return csv_bytes(columns, rows).decode("utf-8")


# XLSX ---------------------------------------------------------------------------------

# A workbook in a temporary file stays in memory up to this size, on disk past it.
SPOOL_SIZE = 1024 * 1024


def write_xlsx(
    out: BinaryIO,
    columns: Sequence[Column],
    rows: Iterable[Sequence],
    *,
    title: str,
    total: Sequence | None = None,
    labels: bool = False,
    about: Sequence[tuple[str, str]] | None = None,
    about_title: str = "About",
) -> None:
    """The workbook into the binary file `out`, the rows written as they are read
    (openpyxl's write-only mode). `rows` may be any iterable; given as a list, the
    columns are made as wide as their content. `labels`: the header is the columns'
    labels, not their keys."""
    workbook = Workbook(write_only=True)
    kinds = [column.kind for column in columns]
    sheet = RowSheet(
        workbook,
        sheet_title(title),
        formats=[NUMBER_FORMATS.get(kind, "") for kind in kinds],
        decimal=[kind in DECIMAL_KINDS for kind in kinds],
        cells=lambda row: [
            _cell(sheet, value, kind) for value, kind in zip(row, kinds, strict=True)
        ],
    )
    workbook._add_sheet(sheet)
    sheet.freeze_panes = "A2"
    headers = [str(column.label) if labels else column.key for column in columns]
    if isinstance(rows, Sequence):
        _fit_widths(sheet, headers, rows)
    bold = Font(bold=True)
    sheet.append([_cell(sheet, header, TEXT, bold) for header in headers])
    try:
        _append_rows(sheet, rows, len(columns))
    except BaseException:
        # The rows failed (a bad row, the database, a cancelled job): the sheet's
        # stream closed now, not by the garbage collector later.
        with contextlib.suppress(Exception):
            sheet.close()
        raise
    if total is not None:
        sheet.append(
            [_cell(sheet, value, kind, bold) for value, kind in zip(total, kinds, strict=True)]
        )
    if about is not None:
        _about_sheet(workbook, about, about_title, bold)
    workbook.save(out)


def _append_rows(sheet, rows: Iterable[Sequence], width: int) -> None:
    for row in rows:
        values = Values(row)
        if len(values) != width:
            raise ValueError(f"A row of {len(values)} values for {width} columns.")
        sheet.append(values)


def xlsx_file(columns: Sequence[Column], rows: Iterable[Sequence], **options) -> BinaryIO:
    """The workbook in a temporary file (memory up to `SPOOL_SIZE`, then disk), read
    from its start: for a `FileResponse` or a job's download."""
    out = tempfile.SpooledTemporaryFile(max_size=SPOOL_SIZE)
    write_xlsx(out, columns, rows, **options)
    out.seek(0)
    return out


def xlsx_bytes(columns: Sequence[Column], rows: Iterable[Sequence], **options) -> bytes:
    out = io.BytesIO()
    write_xlsx(out, columns, rows, **options)
    return out.getvalue()


def _cell(sheet, value, kind: str, font: Font | None = None):
    if isinstance(value, Promise):  # a lazily translated label, "Total"
        value = str(value)
    if value == "":
        value = None
    if value is None and font is None:
        return None
    cell = WriteOnlyCell(sheet, value=value)
    if isinstance(value, str):
        # Text is text: never let a title that starts with "=" become a formula.
        cell.data_type = "s"
    elif value is not None:
        if kind in DECIMAL_KINDS and not isinstance(value, Decimal):
            cell.value = Decimal(value)
        number_format = NUMBER_FORMATS.get(DATE if isinstance(value, datetime.date) else kind)
        if number_format:
            cell.number_format = number_format
    if font is not None:
        cell.font = font
    return cell


def _about_sheet(workbook, lines: Sequence[tuple[str, str]], title: str, bold: Font) -> None:
    sheet = workbook.create_sheet(sheet_title(title))
    widths = [max((len(str(line[i])) for line in lines), default=0) for i in (0, 1)]
    for index, width in enumerate(widths):
        sheet.column_dimensions[get_column_letter(index + 1)].width = min(max(width + 2, 12), 80)
    for label, value in lines:
        sheet.append([_cell(sheet, str(label), TEXT, bold), _cell(sheet, str(value), TEXT)])


def _fit_widths(sheet, headers: Sequence[str], rows: Sequence[Sequence]) -> None:
    for index, header in enumerate(headers):
        longest = max((len(str(row[index] or "")) for row in rows), default=0)
        width = min(max(len(header), longest) + 2, 50)
        sheet.column_dimensions[get_column_letter(index + 1)].width = max(width, 10)


def sheet_title(title: str) -> str:
    """A worksheet's name: at most 31 characters, none of []:*?/\\."""
    cleaned = "".join(" " if char in "[]:*?/\\" else char for char in str(title))
    return cleaned[:31] or "Sheet"


def content_bytes(content) -> bytes:
    """A download's content whole, whatever its form (bytes, a file, chunks): for a job,
    which keeps its result in the database."""
    if isinstance(content, bytes):
        return content
    if hasattr(content, "read"):
        return content.read()
    return b"".join(content)


def table_bytes(columns, rows, fmt: str, *, title: str, total=None) -> bytes:
    if fmt == "xlsx":
        return xlsx_bytes(columns, rows, title=title, total=total)
    return csv_bytes(columns, rows)


def table_content(columns, rows, fmt: str, *, title: str, total=None):
    """The file for a download, never whole in memory: CSV as an iterator of chunks
    (written as it is sent), XLSX as a temporary file (`exchange.core.views.file_response`)."""
    if fmt == "xlsx":
        return xlsx_file(columns, rows, title=title, total=total)
    return csv_chunks(columns, rows)


def write_table(out: BinaryIO, columns, rows, fmt: str, *, title: str, total=None) -> None:
    """The file into the binary file `out` (a command's output, a job's download)."""
    if fmt == "xlsx":
        write_xlsx(out, columns, rows, title=title, total=total)
        return
    for chunk in csv_chunks(columns, rows):
        out.write(chunk)
