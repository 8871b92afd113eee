"""A row of a shipments import file, and running the import on rows changed from it.

The tests of `import_shipments` follow docs/domain.md, "Import files", shipments, to
the letter.
"""

import datetime
import io

from exchange.transfer.shipments import import_shipments
from shipments.columns import SHIPMENT_IMPORT_COLUMNS
from tests.exchange.import_files import csv_bytes, snapshot, table

ROW = {
    "reference": "OUT-2025-00001",
    "direction": "outgoing",
    "partner_code": "GB-BL",
    "status": "dispatched",
    "dispatched_on": "2025-03-01",
    "received_on": "",
    "method": "air",
    "title": "Selected poems",
    "author": "Li Bai",
    "isbn": "",
    "issn": "",
    "material_type": "",
    "language": "zh",
    "year": "2024",
    "quantity": "1",
    "pages": "100",
    "unit_value": "",
    "currency": "",
}
DAY = datetime.date(2025, 3, 1)


def shipments_csv(*rows: dict) -> bytes:
    return csv_bytes(SHIPMENT_IMPORT_COLUMNS, table(SHIPMENT_IMPORT_COLUMNS, ROW, *rows))


def run(*rows: dict, **options):
    return import_shipments(io.BytesIO(shipments_csv(*rows)), "shipments.csv", **options)


def assert_rejected(rows, expected: list[str], **options):
    """The import reports exactly these problems and writes nothing."""
    before = snapshot()
    result = run(*rows, **options)
    assert [str(problem) for problem in result.problems] == expected
    assert not result.written
    assert snapshot() == before
