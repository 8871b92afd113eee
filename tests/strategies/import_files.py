"""Hypothesis strategies for import files: CSV and XLSX files of broken rows, and garbage."""

import csv
import datetime
import io
import zipfile
from decimal import Decimal

from hypothesis import strategies as st
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from tests.strategies.bad_input import clean_text, nasty, sprinkled

PARTNER_CODES = ("GB-BL", "FR-BNF", "JP-NDL")


def iso_dates(start=datetime.date(1990, 1, 1), end=datetime.date(2025, 12, 31)):
    """Real dates, now and then the first or last one a date can be."""
    return st.one_of(
        st.dates(min_value=start, max_value=end),
        st.sampled_from([datetime.date.min, datetime.date.max, datetime.date(2000, 2, 29)]),
    ).map(datetime.date.isoformat)


def money(places: int, top: int) -> st.SearchStrategy[str]:
    return st.decimals(min_value=0, max_value=top, places=places).map(str)


PARTNER_CELLS = {
    "code": st.one_of(
        st.sampled_from(PARTNER_CODES),
        st.from_regex(r"[A-Z]{2}-[A-Z0-9]{2,8}", fullmatch=True),
        clean_text(1, 32),
    ),
    "name": clean_text(1, 60),
    "name_original": clean_text(0, 60),
    "kind": st.sampled_from(["national", "university", "public", "research", "other", "Public"]),
    "country": st.sampled_from(["GB", "FR", "JP", "cn", "Ru", "ZA"]),
    "city": clean_text(0, 40),
    "status": st.sampled_from(["prospective", "active", "suspended", "ended", "ACTIVE"]),
    "exchange_since": st.one_of(st.just(""), iso_dates()),
    "exchange_basis": st.sampled_from(["", "piece", "page", "value", "gift"]),
    "website": st.sampled_from(["", "www.bl.uk", "https://www.bnf.fr/fr", "http://例え.jp/"]),
    "email": st.sampled_from(["", "exchange@bl.uk", "échange@bnf.fr"]),
}

RATE_CELLS = {
    "currency": st.sampled_from(["USD", "EUR", "JPY", "gbp", "CNY", "RUB"]),
    "valid_from": iso_dates(),
    "rate": st.decimals(min_value="0.000001", max_value=10**9, places=6).map(str),
}

OUTGOING = {
    "draft": (),
    "packed": (),
    "cancelled": (),
    "dispatched": ("dispatched_on",),
    "delivered": ("dispatched_on", "received_on"),
    "acknowledged": ("dispatched_on", "received_on"),
    "lost": ("dispatched_on",),
    "returned": ("dispatched_on",),
}
INCOMING = {
    "expected": (),
    "cancelled": (),
    "received": ("received_on",),
    "acknowledged": ("received_on",),
}


@st.composite
def shipment_row(draw, references=("OUT-2025-00001", "IN-2025-00001", "NEW-1", "NEW-2")):
    """A row that would import (its status with the dates it needs), before breaking."""
    direction = draw(st.sampled_from(["outgoing", "incoming"]))
    statuses = OUTGOING if direction == "outgoing" else INCOMING
    status = draw(st.sampled_from(sorted(statuses)))
    dispatched = draw(iso_dates(end=datetime.date(2024, 12, 31)))
    row = {
        "reference": draw(st.one_of(st.sampled_from(references), clean_text(1, 32))),
        "direction": direction,
        "partner_code": draw(st.sampled_from(PARTNER_CODES)),
        "status": status,
        "dispatched_on": dispatched if "dispatched_on" in statuses[status] else "",
        "received_on": "2025-06-30" if "received_on" in statuses[status] else "",
        "method": draw(st.sampled_from(["", "surface", "air", "Courier"])),
        "title": draw(clean_text(1, 60)),
        "author": draw(clean_text(0, 30)),
        "isbn": draw(st.sampled_from(["", "9787020002207", "ISBN 978-7-02-000220-7"])),
        "issn": draw(st.sampled_from(["", "0317-8471", "ISSN 0317-8471"])),
        "material_type": draw(st.sampled_from(["", "monograph", "serial", "map"])),
        "language": draw(st.sampled_from(["", "zh", "en", "chi", "RUS"])),
        "year": draw(st.one_of(st.just(""), st.integers(1000, 2999).map(str))),
        "quantity": draw(st.integers(1, 10**6).map(str)),
        "pages": draw(st.one_of(st.just(""), st.integers(0, 10**5).map(str))),
        "unit_value": draw(st.one_of(st.just(""), st.just("0"), money(2, 10**6))),
    }
    row["currency"] = draw(st.sampled_from(["CNY", "USD", "usd"])) if row["unit_value"] else ""
    return row


IMPORT_CELLS = {"partners": PARTNER_CELLS, "rates": RATE_CELLS}


@st.composite
def import_table(draw, kind: str, columns: tuple[str, ...]):
    """(header, rows): a header that is mostly right, and rows with a few cells broken."""
    header = list(columns)
    if draw(st.booleans()):
        header = draw(st.permutations(header))
    damage = draw(st.sampled_from(["none"] * 8 + ["drop", "twice", "unknown", "blank"]))
    if damage == "drop":
        header.remove(draw(st.sampled_from(header)))
    elif damage == "twice":
        header.append(draw(st.sampled_from(header)))
    elif damage == "unknown":
        header.append(draw(nasty()))
    elif damage == "blank":
        header.insert(draw(st.integers(0, len(header))), "")
    rows = []
    for _number in range(draw(st.integers(0, 4))):
        if kind == "shipments":
            values = draw(shipment_row())
        else:
            values = {column: draw(cell) for column, cell in IMPORT_CELLS[kind].items()}
        for column in draw(st.sets(st.sampled_from(columns), max_size=3)):
            values[column] = draw(nasty())
        if draw(st.integers(0, 3)) == 0:
            column = draw(st.sampled_from(columns))
            values[column] = draw(sprinkled(values[column]))
        row = [values.get(column, "") for column in header]
        if draw(st.integers(0, 9)) == 0:
            row.append(draw(nasty()))  # a stray cell beyond the header
        rows.append(row)
    return header, rows


def csv_bytes(header, rows) -> bytes:
    out = io.StringIO(newline="")
    writer = csv.writer(out)
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue().encode("utf-8")


def xlsx_cell(draw, value: str):
    """The cell as a spreadsheet may hold it: a number, a date, a boolean or text."""
    choice = draw(st.integers(0, 9))
    if choice == 0:
        return draw(
            st.one_of(
                st.integers(min_value=-(10**20), max_value=10**20),
                st.floats(allow_nan=True, allow_infinity=True),
                st.booleans(),
                st.dates(min_value=datetime.date(1900, 3, 1)),
                st.datetimes(min_value=datetime.datetime(1900, 3, 1)),  # noqa: DTZ001
                st.none(),
            )
        )
    if choice == 1:
        try:
            day = datetime.date.fromisoformat(value)
        except ValueError:
            pass
        else:
            # Spreadsheet dates start in 1900.
            return day if day.year >= 1901 else value
        try:
            number = Decimal(value)
        except ArithmeticError:
            pass
        else:
            # A spreadsheet's numbers are floats: up to about 1.8e308.
            if number.is_finite() and abs(number) < Decimal("1e300"):
                return int(number) if number == number.to_integral_value() else number
    # Excel cannot hold XML control characters in a cell.
    return ILLEGAL_CHARACTERS_RE.sub("", value)


def xlsx_bytes(draw, header, rows) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append([ILLEGAL_CHARACTERS_RE.sub("", name) for name in header])
    for row in rows:
        sheet.append([xlsx_cell(draw, value) for value in row])
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


@st.composite
def import_file(draw, kind: str, columns: tuple[str, ...]):
    """(file name, content): a CSV or XLSX file of the import, a damaged or hostile
    workbook, or garbage."""
    fmt = draw(st.sampled_from(["csv"] * 4 + ["xlsx"] * 3 + ["garbage", "hostile"]))
    if fmt == "garbage":
        name = draw(st.sampled_from([f"{kind}.csv", f"{kind}.xlsx", "Data.XLSX", "data.CSV"]))
        content = draw(
            st.one_of(
                st.binary(max_size=300),
                st.sampled_from(
                    [
                        b"",
                        b"\xef\xbb\xbf",
                        (";".join(columns) + "\n").encode(),
                        ("\t".join(columns) + "\n").encode(),
                        ",".join(columns).encode("utf-16"),
                        (",".join(columns) + "\nÉté,Ünïcode,ß\n").encode("latin-1"),
                        b'"unterminated,quote\n',
                        b"PK\x03\x04 not really a zip",
                        _zip_without_workbook(),
                    ]
                ),
            )
        )
        return name, content
    header, rows = draw(import_table(kind, columns))
    if fmt == "csv":
        return f"{kind}.csv", csv_bytes(header, rows)
    content = xlsx_bytes(draw, header, rows)
    if fmt == "hostile":
        content = damaged(draw, content)
    return f"{kind}.xlsx", content


PARTS = ("xl/worksheets/sheet1.xml", "xl/workbook.xml", "[Content_Types].xml", "xl/styles.xml")
DOCTYPES = (
    b'<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>',
    b'<!DOCTYPE x [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]>',
    b"<!DOCTYPE x>",
)


def damaged(draw, content: bytes) -> bytes:
    """The workbook with one part damaged as a careless or hostile hand would: cut
    short, given random bytes, a DTD with entities, a control character, or removed."""
    source = zipfile.ZipFile(io.BytesIO(content))
    part = draw(st.sampled_from(PARTS))
    data = source.read(part)
    damage = draw(st.sampled_from(["cut", "bytes", "doctype", "control", "remove"]))
    if damage == "cut":
        data = data[: draw(st.integers(0, len(data)))]
    elif damage == "bytes":
        at = draw(st.integers(0, len(data)))
        data = data[:at] + draw(st.binary(min_size=1, max_size=40)) + data[at:]
    elif damage == "doctype":
        head = data.find(b"?>") + 2
        data = data[:head] + draw(st.sampled_from(DOCTYPES)) + data[head:]
    elif damage == "control":
        at = data.rfind(b"</")
        data = data[:at] + bytes([draw(st.integers(1, 8))]) + data[at:]
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            if info.filename != part:
                target.writestr(info, source.read(info.filename))
            elif damage != "remove":
                target.writestr(info, data)
    return out.getvalue()


def _zip_without_workbook() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("hello.txt", "not a workbook")
    return out.getvalue()
