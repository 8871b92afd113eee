"""Reading import files: encodings, headers, spreadsheet rows and cells."""

import datetime
import io
import zipfile

import pytest
from openpyxl import Workbook

from exchange.transfer.reading import FileProblem, read_rows
from tests.exchange.import_files import csv_bytes, excel_datetime, xlsx_bytes

COLUMNS = ("code", "name", "since")


def rows_of(content: bytes, filename: str = "file.csv", columns=COLUMNS):
    rows = read_rows(io.BytesIO(content), filename, columns)
    return [(row.number, row.values, row.stray) for row in rows]


def problems_of(content: bytes, filename: str = "file.csv") -> list[str]:
    with pytest.raises(FileProblem) as raised:
        rows_of(content, filename)
    return raised.value.messages


def test_csv_with_and_without_byte_order_mark_reads_the_same():
    plain = csv_bytes(COLUMNS, [["GB-BL", "British Library", "1957-01-01"]])
    with_bom = csv_bytes(COLUMNS, [["GB-BL", "British Library", "1957-01-01"]], bom=True)

    assert rows_of(with_bom) == rows_of(plain)
    assert rows_of(plain) == [
        (2, {"code": "GB-BL", "name": "British Library", "since": "1957-01-01"}, ())
    ]


def test_columns_may_come_in_any_order_with_spaces_and_capitals():
    content = csv_bytes([" Name ", "SINCE", "code"], [["  Bodleian  ", "", "GB-OX"]])

    assert rows_of(content) == [(2, {"name": "Bodleian", "since": "", "code": "GB-OX"}, ())]


def test_row_numbers_are_spreadsheet_rows_even_with_line_breaks_and_blank_rows():
    content = csv_bytes(COLUMNS, [["A", "Two\nlines", ""], ["", "", ""], ["B", "x", ""]])

    assert [number for number, _values, _stray in rows_of(content)] == [2, 4]


def test_cells_under_no_header_are_reported_by_column_letter():
    content = b"code,name,since\nA,B,,extra\n"

    assert rows_of(content) == [(2, {"code": "A", "name": "B", "since": ""}, ("D",))]


def test_names_in_any_script_survive():
    names = ["国立国会図書館", "Российская государственная библиотека", "مكتبة الإسكندرية"]
    content = csv_bytes(COLUMNS, [["X", name, ""] for name in names])

    assert [values["name"] for _n, values, _s in rows_of(content)] == names


def test_xlsx_date_cells_are_dates_and_numbers_read_as_shown():
    content = xlsx_bytes(
        COLUMNS,
        [
            [12, 3.0, excel_datetime(2025, 3, 1)],
            ["0012", 12.5, "2025-03-01"],
            [None, 9787020002207, datetime.date(2024, 1, 2)],
        ],
    )

    assert rows_of(content, "file.xlsx") == [
        (2, {"code": "12", "name": "3", "since": datetime.date(2025, 3, 1)}, ()),
        (3, {"code": "0012", "name": "12.5", "since": "2025-03-01"}, ()),
        (4, {"code": "", "name": "9787020002207", "since": datetime.date(2024, 1, 2)}, ()),
    ]


def test_xlsx_reads_the_first_sheet_even_when_another_is_active():
    workbook = Workbook()
    workbook.active.append(list(COLUMNS))
    workbook.active.append(["A", "B", ""])
    workbook.create_sheet("Notes").append(["not", "data"])
    workbook.active = 1
    out = io.BytesIO()
    workbook.save(out)

    assert rows_of(out.getvalue(), "file.xlsx") == [
        (2, {"code": "A", "name": "B", "since": ""}, ())
    ]


def test_extension_decides_the_format_in_any_case():
    assert rows_of(xlsx_bytes(COLUMNS, [["A", "", ""]]), "LIST.XLSX")[0][1]["code"] == "A"


def test_another_encoding_is_one_message():
    content = csv_bytes(COLUMNS, [["FR", "Bibliothèque nationale", ""]], encoding="latin-1")

    # Latin-1 bytes happen to be valid GB18030: the message names it, as the contract
    # asks; the preview would then show the rows as read.
    assert problems_of(content) == [
        "The file is not UTF-8 text (byte 0xe8 cannot be read). It reads as GB18030: "
        "choose that encoding and import it again."
    ]


def test_utf16_from_a_spreadsheet_is_another_encoding():
    content = "code\tname\tsince\r\n".encode("utf-16")

    assert problems_of(content)[0].startswith("The file is not UTF-8 text")


def test_missing_unknown_and_repeated_columns_are_each_one_message():
    content = csv_bytes(["code", "code", "colour"], [])

    assert problems_of(content) == [
        "The column “code” appears twice.",
        "The column “name” is missing.",
        "The column “since” is missing.",
        "The column “colour” is unknown; the columns are: code, name, since.",
    ]


def test_semicolons_are_explained():
    assert problems_of(b"code;name;since\nA;B;\n") == [
        "The columns are separated by “;”; save the file as CSV with commas (CSV UTF-8) and "
        "import it again."
    ]


def test_an_empty_file_has_no_header():
    assert problems_of(b"") == ["The file is empty: it has no header row."]


def test_a_file_that_is_not_a_workbook_is_refused():
    assert problems_of(b"code,name,since\n", "file.xlsx") == [
        "The file is not an Excel workbook (.xlsx) that can be read."
    ]


def test_other_extensions_are_refused():
    assert problems_of(b"code,name,since\n", "file.xls") == [
        "“file.xls” is neither a .csv nor an .xlsx file."
    ]


def test_a_damaged_workbook_is_refused_with_one_message():
    good = xlsx_bytes(COLUMNS, [["A", "B", ""]])
    damaged = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(good)) as source, zipfile.ZipFile(damaged, "w") as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename.startswith("xl/worksheets/"):
                data = data[: len(data) // 2]
            target.writestr(item, data)

    assert problems_of(damaged.getvalue(), "file.xlsx") == [
        "The file is not an Excel workbook (.xlsx) that can be read."
    ]
