"""Rows and files to upload through the import pages, and the upload itself."""

import datetime

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from shipments.columns import SHIPMENT_IMPORT_COLUMNS
from tests.exchange.import_files import csv_bytes, table

DAY = datetime.date(2025, 3, 1)

SHIPMENT = {
    "reference": "OUT-2025-00001",
    "direction": "outgoing",
    "partner_code": "GB-BL",
    "status": "dispatched",
    "dispatched_on": "2025-03-01",
    "method": "air",
    "title": "Selected poems",
    "language": "zh",
    "quantity": "2",
    "pages": "100",
    "unit_value": "12.50",
    "currency": "USD",
}
PARTNER = {
    "code": "FR-BNF",
    "name": "National Library of France",
    "name_original": "Bibliothèque nationale de France",
    "kind": "national",
    "country": "FR",
    "status": "active",
}


def shipments_file(*rows: dict, name: str = "list.csv") -> SimpleUploadedFile:
    content = csv_bytes(SHIPMENT_IMPORT_COLUMNS, table(SHIPMENT_IMPORT_COLUMNS, SHIPMENT, *rows))
    return SimpleUploadedFile(name, content)


def upload(client, kind: str, file, **extra):
    return client.post(reverse(f"exchange:import_{kind}"), {"file": file, **extra})


def preview_url(response) -> str:
    assert response.status_code == 302, response.content.decode()[:2000]
    return response["Location"]
