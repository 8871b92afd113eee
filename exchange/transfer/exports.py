"""Exports of partners, shipments and rates in the import files' own columns.

An export imports again unchanged: export, import into an empty database, export
again gives the same file. Shipments are one row per item (a shipment without items
is one row with empty item cells), ordered by reference and then as entered.
"""

from django.db.models import Prefetch
from django.utils import timezone

from exchange.core.tables import (
    DATE,
    INT,
    MONEY,
    RATE,
    named_columns,
    reporting,
    table_bytes,
    table_content,
    write_table,
)
from exchange.rates.models import RATE_COLUMNS, ExchangeRate
from partners.models import PARTNER_CHINESE_COLUMNS, PARTNER_COLUMNS
from shipments.columns import ITEM_COLUMNS, SHIPMENT_COLUMNS, SHIPMENT_IMPORT_COLUMNS
from shipments.items import ShipmentItem
from shipments.steps import DELIVERED_OUTGOING

CHUNK = 2000
# The kinds of the files' columns that are not text: how XLSX shows them, and the
# decimals CSV writes (dates are ISO, numbers plain, whatever their kind).
KINDS = {
    "exchange_since": DATE,
    "dispatched_on": DATE,
    "received_on": DATE,
    "year": INT,
    "quantity": INT,
    "pages": INT,
    "unit_value": MONEY,
    "valid_from": DATE,
    "rate": RATE,
}
PARTNER_FILE = named_columns([*PARTNER_COLUMNS, *PARTNER_CHINESE_COLUMNS], KINDS)
SHIPMENT_FILE = named_columns(SHIPMENT_IMPORT_COLUMNS, KINDS)
RATE_FILE = named_columns(RATE_COLUMNS, KINDS)


def export_filename(name: str, fmt: str) -> str:
    return f"{name}-{timezone.localdate().isoformat()}.{fmt}"


# Partners -----------------------------------------------------------------------------


def partner_rows(partners, progress=None):
    partners = partners.order_by("code")
    total = partners.count() if progress else None
    for partner in reporting(partners.iterator(chunk_size=CHUNK), progress, total):
        yield [
            partner.country.code if c.key == "country" else getattr(partner, c.key)
            for c in PARTNER_FILE
        ]


def export_partners(partners, fmt: str = "csv", progress=None) -> bytes:
    return table_bytes(PARTNER_FILE, partner_rows(partners, progress), fmt, title="Partners")


def stream_partners(partners, fmt: str = "csv"):
    return table_content(PARTNER_FILE, partner_rows(partners), fmt, title="Partners")


def write_partners(out, partners, fmt: str = "csv", progress=None) -> None:
    write_table(out, PARTNER_FILE, partner_rows(partners, progress), fmt, title="Partners")


# Shipments ----------------------------------------------------------------------------


def shipment_rows(shipments, progress=None):
    """One row per item; two queries per chunk of shipments (shipments, their items)."""
    total = shipments.count() if progress else None
    shipments = (
        shipments.select_related("partner")
        .prefetch_related(Prefetch("items", queryset=ShipmentItem.objects.order_by("id")))
        .order_by("reference")
    )
    no_item = [None] * len(ITEM_COLUMNS)
    for shipment in reporting(shipments.iterator(chunk_size=CHUNK), progress, total):
        outgoing = shipment.is_outgoing
        if outgoing:
            received = shipment.delivered_on if shipment.status in DELIVERED_OUTGOING else None
        else:
            received = shipment.received_on
        cells = {
            "reference": shipment.reference,
            "direction": shipment.direction,
            "partner_code": shipment.partner.code,
            "status": shipment.status,
            "dispatched_on": shipment.dispatched_on,
            "received_on": received,
            "method": shipment.method,
        }
        head = [cells[column] for column in SHIPMENT_COLUMNS]
        items = shipment.items.all()
        if not items:
            yield head + no_item
        for item in items:
            yield head + [getattr(item, column) for column in ITEM_COLUMNS]


def export_shipments(shipments, fmt: str = "csv", progress=None) -> bytes:
    return table_bytes(SHIPMENT_FILE, shipment_rows(shipments, progress), fmt, title="Shipments")


def stream_shipments(shipments, fmt: str = "csv"):
    return table_content(SHIPMENT_FILE, shipment_rows(shipments), fmt, title="Shipments")


def write_shipments(out, shipments, fmt: str = "csv", progress=None) -> None:
    rows = shipment_rows(shipments, progress)
    write_table(out, SHIPMENT_FILE, rows, fmt, title="Shipments")


# Rates --------------------------------------------------------------------------------


def rate_rows(rates, progress=None):
    rates = ExchangeRate.objects.all() if rates is None else rates
    rates = rates.order_by("currency", "valid_from")
    total = rates.count() if progress else None
    for rate in reporting(rates.iterator(chunk_size=CHUNK), progress, total):
        yield [rate.currency, rate.valid_from, rate.rate]


def export_rates(rates=None, fmt: str = "csv", progress=None) -> bytes:
    return table_bytes(RATE_FILE, rate_rows(rates, progress), fmt, title="Rates")


def stream_rates(rates=None, fmt: str = "csv"):
    return table_content(RATE_FILE, rate_rows(rates), fmt, title="Rates")


def write_rates(out, rates=None, fmt: str = "csv", progress=None) -> None:
    write_table(out, RATE_FILE, rate_rows(rates, progress), fmt, title="Rates")


# Commands -----------------------------------------------------------------------------
