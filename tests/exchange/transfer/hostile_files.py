"""Hostile and broken workbooks, built small by the tests themselves: a zip bomb is a
few kilobytes that unpack to tens of megabytes."""

import io
import zipfile

from openpyxl import Workbook

from partners.models import PARTNER_COLUMNS


def workbook(rows=()) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.append(list(PARTNER_COLUMNS))
    for row in rows:
        sheet.append(list(row))
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def with_part(content: bytes, name: str, data: bytes) -> bytes:
    """The workbook with one part's content replaced (or added)."""
    source = zipfile.ZipFile(io.BytesIO(content))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for part in source.infolist():
            if part.filename != name:
                target.writestr(part, source.read(part.filename))
        target.writestr(name, data)
    return out.getvalue()


SHEET = "xl/worksheets/sheet1.xml"
STRINGS = "xl/sharedStrings.xml"
SHEET_HEAD = (
    b'<?xml version="1.0" encoding="UTF-8"?><worksheet '
    b'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
)
SHEET_TAIL = b"</sheetData></worksheet>"


def one_huge_string(megabytes: int) -> bytes:
    strings = (
        b'<?xml version="1.0" encoding="UTF-8"?><sst '
        b'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="1" '
        b'uniqueCount="1"><si><t>' + b"A" * (megabytes * 1024 * 1024) + b"</t></si></sst>"
    )
    return with_part(workbook(), STRINGS, strings)


def empty_rows(megabytes: int) -> bytes:
    rows = b"<row/>" * (megabytes * 1024 * 1024 // 6)
    return with_part(workbook(), SHEET, SHEET_HEAD + rows + SHEET_TAIL)


def many_rows(count: int) -> bytes:
    return workbook(
        [[f"X-{n}", "A library", "", "national", "GB", "", "active"] for n in range(count)]
    )


def truncated_sheet() -> bytes:
    book = workbook([["GB-BL", "British Library", "", "national", "GB", "", "active"]])
    sheet = zipfile.ZipFile(io.BytesIO(book)).read(SHEET)
    return with_part(book, SHEET, sheet[: len(sheet) // 2])


def control_character() -> bytes:
    return with_part(
        workbook(),
        SHEET,
        SHEET_HEAD
        + b'<row r="2"><c r="A2" t="inlineStr"><is><t>\x01</t></is></c></row>'
        + SHEET_TAIL,
    )


def entity(*, laughs: bool) -> bytes:
    if laughs:
        entities = b'<!ENTITY a "lol">' + b"".join(
            b'<!ENTITY %c "&%c;&%c;&%c;&%c;&%c;&%c;&%c;&%c;&%c;&%c;">'
            % ((98 + n,) + (97 + n,) * 10)
            for n in range(9)
        )
        value = b"&j;"
    else:
        entities = b'<!ENTITY secret SYSTEM "file:///etc/passwd">'
        value = b"&secret;"
    doctype = b"<!DOCTYPE worksheet [" + entities + b"]>"
    sheet = (
        b'<?xml version="1.0" encoding="UTF-8"?>'
        + doctype
        + SHEET_HEAD[38:]
        + b'<row r="2"><c r="A2" t="inlineStr"><is><t>'
        + value
        + b"</t></is></c></row>"
        + SHEET_TAIL
    )
    return with_part(workbook(), SHEET, sheet)
