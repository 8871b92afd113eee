"""Building import files in tests: CSV bytes and XLSX workbooks from rows of cells."""

import csv
import datetime
import io
import tempfile
from pathlib import Path

from django.core.management import call_command
from django.core.management.base import CommandError
from openpyxl import Workbook

from exchange.rates.models import ExchangeRate
from partners.models import Partner
from shipments.items import ShipmentItem
from shipments.models import Shipment
from shipments.steps import ShipmentEvent


def csv_bytes(header, rows, *, bom: bool = False, encoding: str = "utf-8") -> bytes:
    out = io.StringIO(newline="")
    writer = csv.writer(out)
    writer.writerow(header)
    writer.writerows(rows)
    data = out.getvalue().encode(encoding)
    return (b"\xef\xbb\xbf" + data) if bom else data


def xlsx_bytes(header, rows) -> bytes:
    """A workbook as Excel writes it: cells keep their Python types (dates, numbers)."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(list(header))
    for row in rows:
        sheet.append(list(row))
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def table(columns, defaults: dict, *rows: dict) -> list[list]:
    """Rows in the columns' order, each the defaults with its own values over them."""
    return [[{**defaults, **row}.get(column, "") for column in columns] for row in rows]


def snapshot() -> dict:
    """Row counts of everything an import could write, history included."""
    return {
        "partners": Partner.objects.count(),
        "partner history": Partner.history.count(),
        "rates": ExchangeRate.objects.count(),
        "rate history": ExchangeRate.history.count(),
        "shipments": Shipment.objects.count(),
        "shipment history": Shipment.history.count(),
        "items": ShipmentItem.objects.count(),
        "item history": ShipmentItem.history.count(),
        "events": ShipmentEvent.objects.count(),
    }


def run_command(name: str, content: bytes, filename: str, *args) -> tuple[int, str, str]:
    """(exit status, stdout, stderr) of `manage.py name FILE args`, as the shell sees them."""
    stdout, stderr = io.StringIO(), io.StringIO()
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / filename
        path.write_bytes(content)
        try:
            call_command(name, str(path), *args, stdout=stdout, stderr=stderr)
            status = 0
        except CommandError as error:
            stderr.write(f"CommandError: {error}\n")
            status = error.returncode
    return status, stdout.getvalue(), stderr.getvalue()


def excel_datetime(year: int, month: int, day: int) -> datetime.datetime:
    """What openpyxl reads from an Excel date cell: a naive datetime at midnight."""
    return datetime.datetime(year, month, day)  # noqa: DTZ001 (Excel dates have no zone)
