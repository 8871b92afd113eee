"""The one writer streams: CSV byte for byte as before, XLSX with the same cells as
openpyxl's own cells give, and neither holds more than a few rows at a time."""

import datetime
import io
import weakref
from decimal import Decimal

import pytest
from openpyxl import Workbook, load_workbook
from openpyxl.cell import WriteOnlyCell

from exchange.core.tables import (
    CSV_CHUNK,
    DATE,
    INT,
    MONEY,
    RATE,
    TEXT,
    Column,
    csv_bytes,
    csv_chunks,
    reporting,
    write_table,
    xlsx_bytes,
    xlsx_file,
)

COLUMNS = [
    Column("code", "Code", TEXT),
    Column("count", "Count", INT),
    Column("value", "Value", MONEY),
    Column("rate", "Rate", RATE),
    Column("on", "On", DATE),
]
ROWS = [
    ["GB-BL", 3, Decimal("12.5"), Decimal("1.25"), datetime.date(2026, 3, 1)],
    ["=HYPERLINK(1)", None, None, None, None],
    [' spaced, "quoted" <&> 北京 ', 0, 7, 2, datetime.date(1999, 12, 31)],
    ["", -4, Decimal("-0.005"), Decimal("0.1234567"), None],
]
# What the writer gave before it streamed (kept here: the bytes must not move).
OLD_CSV = (
    b"code,count,value,rate,on\r\n"
    b"GB-BL,3,12.50,1.250000,2026-03-01\r\n"
    b"'=HYPERLINK(1),,,,\r\n"
    b'" spaced, ""quoted"" <&> \xe5\x8c\x97\xe4\xba\xac ",0,7.00,2.000000,1999-12-31\r\n'
    b",-4,-0.00,0.123457,\r\n"
)


def test_the_csv_is_byte_for_byte_what_it_was():
    assert csv_bytes(COLUMNS, ROWS) == OLD_CSV
    assert b"".join(csv_chunks(COLUMNS, iter(ROWS))) == OLD_CSV


def test_write_table_writes_the_same_bytes_to_a_file():
    out = io.BytesIO()
    write_table(out, COLUMNS, iter(ROWS), "csv", title="T")
    assert out.getvalue() == OLD_CSV


def _openpyxl_cells(columns, rows, title):
    """The workbook as openpyxl's own write-only cells write it (the writer before)."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title)
    sheet.freeze_panes = "A2"
    sheet.append([column.key for column in columns])
    for row in rows:
        cells = []
        for value, column in zip(row, columns, strict=True):
            if value in (None, ""):
                cells.append(None)
                continue
            cell = WriteOnlyCell(sheet, value=value)
            if isinstance(value, str):
                cell.data_type = "s"
            else:
                if column.kind in (MONEY, RATE):
                    cell.value = Decimal(value)
                kind = DATE if isinstance(value, datetime.date) else column.kind
                cell.number_format = {
                    INT: "0",
                    MONEY: "0.00",
                    RATE: "0.000000",
                    DATE: "yyyy-mm-dd",
                }[kind]
            cells.append(cell)
        sheet.append(cells)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def _cells(content: bytes):
    workbook = load_workbook(io.BytesIO(content))
    return {
        sheet.title: [
            [(c.value, c.data_type, c.number_format) for c in row] for row in sheet.iter_rows()
        ]
        for sheet in workbook.worksheets
    }


def test_the_xlsx_has_the_cells_openpyxls_own_cells_give():
    assert _cells(xlsx_bytes(COLUMNS, iter(ROWS), title="T")) == _cells(
        _openpyxl_cells(COLUMNS, ROWS, "T")
    )


def test_the_xlsx_keeps_a_formula_as_text_and_its_values_typed():
    sheet = load_workbook(io.BytesIO(xlsx_bytes(COLUMNS, ROWS, title="T"))).active
    rows = list(sheet.values)
    assert rows[2][0] == "=HYPERLINK(1)" and sheet["A3"].data_type == "s"
    assert rows[1][1:4] == (3, 12.5, 1.25)
    assert rows[1][4].date() == datetime.date(2026, 3, 1)
    assert sheet["C2"].number_format == "0.00" and sheet["E2"].number_format == "yyyy-mm-dd"


def test_the_xlsx_about_sheet_and_totals_are_kept():
    about = [("Report", "Balance"), ("Period", "2026")]
    content = xlsx_bytes(
        COLUMNS, ROWS, title="T", labels=True, total=["Total", 1, 2, 3, None], about=about
    )
    workbook = load_workbook(io.BytesIO(content))
    assert workbook.sheetnames == ["T", "About"]
    assert [list(row) for row in workbook["About"].values] == [list(line) for line in about]
    main = workbook["T"]
    assert [c.value for c in main[1]] == ["Code", "Count", "Value", "Rate", "On"]
    assert main["A6"].value == "Total" and main["A6"].font.b


def test_xlsx_file_is_a_file_read_from_its_start():
    out = xlsx_file(COLUMNS, iter(ROWS), title="T")
    assert out.read(2) == b"PK"


def test_a_row_of_the_wrong_width_is_refused():
    with pytest.raises(ValueError):
        xlsx_bytes(COLUMNS, iter([["only one"]]), title="T")


class Row(list):
    """A row that can be watched: a weak reference says when it is gone."""


class Watched:
    """Rows made on demand, counting how many are still in memory."""

    def __init__(self, count):
        self.count = count
        self.alive = []
        self.most_alive = 0

    def __iter__(self):
        for n in range(self.count):
            if n % 100 == 0:
                self.alive = [ref for ref in self.alive if ref() is not None]
                self.most_alive = max(self.most_alive, len(self.alive))
            row = Row([f"P-{n}", n, Decimal(n), Decimal(1), datetime.date(2026, 1, 1)])
            self.alive.append(weakref.ref(row))
            yield row


def test_csv_gives_its_first_bytes_before_it_reads_many_rows():
    pulled = 0

    def rows():
        nonlocal pulled
        while True:
            pulled += 1
            if pulled > 5000:
                raise AssertionError("the writer read 5,000 rows before giving any")
            yield ["P", 1, 1, 1, None]

    chunks = csv_chunks(COLUMNS, rows())
    assert next(chunks).startswith(b"code,")
    assert len(next(chunks)) >= CSV_CHUNK


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_the_writer_never_holds_the_rows(fmt):
    rows = Watched(20_000)
    write_table(io.BytesIO(), COLUMNS, rows, fmt, title="T")
    # A few hundred at most between two looks (a hundred rows apart), never 20,000.
    assert rows.most_alive <= 200


def test_reporting_calls_progress_every_so_many_and_at_the_end():
    calls = []
    assert list(
        reporting(range(25), lambda done, total: calls.append((done, total)), 25, 10)
    ) == list(range(25))
    assert calls == [(10, 25), (20, 25), (25, 25)]
    assert list(reporting(range(3))) == [0, 1, 2]
