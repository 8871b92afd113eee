"""Exports of partners, shipments and rates in the import files' own columns.

An export imports again unchanged: export, import into an empty database, export
again gives the same file. Shipments are one row per item (a shipment without items
is one row with empty item cells), ordered by reference and then as entered.
"""

import logging

from django.db.models import Prefetch
from django.utils import timezone

from exchange.core.logs import Counted, log_export
from exchange.core.tables import DATE, INT, MONEY, RATE, named_columns, table_bytes
from exchange.rates.models import RATE_COLUMNS, ExchangeRate
from partners.models import PARTNER_CHINESE_COLUMNS, PARTNER_COLUMNS
from shipments.columns import ITEM_COLUMNS, SHIPMENT_COLUMNS, SHIPMENT_IMPORT_COLUMNS
from shipments.items import ShipmentItem
from shipments.steps import DELIVERED_OUTGOING

logger = logging.getLogger(__name__)
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


def counted(rows, progress):
    """The rows, telling `progress(done)` (a job's: exchange.jobs) as they are written."""
    if progress is None:
        yield from rows
        return
    for done, row in enumerate(rows, start=1):
        yield row
        progress(done)


# Partners -----------------------------------------------------------------------------


def partner_rows(partners):
    for partner in partners.order_by("code").iterator(chunk_size=CHUNK):
        yield [
            partner.country.code if c.key == "country" else getattr(partner, c.key)
            for c in PARTNER_FILE
        ]


def export_partners(partners, fmt: str = "csv", *, user=None, progress=None) -> bytes:
    return _export("partners", PARTNER_FILE, counted(partner_rows(partners), progress), fmt, user)


# Shipments ----------------------------------------------------------------------------


def shipment_rows(shipments):
    """One row per item; two queries per chunk of shipments (shipments, their items)."""
    shipments = (
        shipments.select_related("partner")
        .prefetch_related(Prefetch("items", queryset=ShipmentItem.objects.order_by("id")))
        .order_by("reference")
    )
    no_item = [None] * len(ITEM_COLUMNS)
    for shipment in shipments.iterator(chunk_size=CHUNK):
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


def export_shipments(shipments, fmt: str = "csv", *, user=None, progress=None) -> bytes:
    rows = counted(shipment_rows(shipments), progress)
    return _export("shipments", SHIPMENT_FILE, rows, fmt, user)


def shipment_row_count(shipments) -> int:
    """The rows of the shipments' export: one per item, one per shipment without any."""
    items = ShipmentItem.objects.filter(shipment__in=shipments.values("pk")).count()
    return items + shipments.filter(items__isnull=True).count()


# Rates --------------------------------------------------------------------------------


def rate_rows(rates):
    for rate in rates.order_by("currency", "valid_from").iterator(chunk_size=CHUNK):
        yield [rate.currency, rate.valid_from, rate.rate]


def export_rates(rates=None, fmt: str = "csv", *, user=None) -> bytes:
    rates = ExchangeRate.objects.all() if rates is None else rates
    return _export("rates", RATE_FILE, rate_rows(rates), fmt, user)


def _export(kind: str, columns, rows, fmt: str, user) -> bytes:
    """The file, and its line in the log (kind, rows, format, user)."""
    counted = Counted(rows)
    content = table_bytes(columns, counted, fmt, title=kind.capitalize())
    log_export(logger, kind=kind, rows=counted.count, fmt=fmt, user=user)
    return content


# Commands -----------------------------------------------------------------------------
