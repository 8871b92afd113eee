"""Exports of partners, shipments and rates in the import files' own columns.

An export imports again unchanged: export, import into an empty database, export
again gives the same file. Shipments are one row per item (a shipment without items
is one row with empty item cells), ordered by reference and then as entered.
"""

import logging
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from itertools import islice

from django.utils import timezone

from exchange.core.choices import Direction
from exchange.core.logs import log_export
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
# The shipment's columns in files, and the fields they are read from.
SHIPMENT_FIELDS = {
    "reference": "reference",
    "direction": "direction",
    "partner_code": "partner__code",
    "status": "status",
    "dispatched_on": "dispatched_on",
    "received_on": "received_on",
    "method": "method",
}


@dataclass(frozen=True)
class EntityExport:
    """An entity's file, written three ways from the one list of rows: whole as bytes
    (`content`: jobs, tests), streamed (`stream`: the web's download) and into a file
    (`write`: the commands); each logs its line once the last row is written."""

    kind: str
    columns: tuple
    rows: Callable
    title: str

    def content(self, records=None, fmt: str = "csv", *, user=None, progress=None) -> bytes:
        return table_bytes(
            self.columns, self._logged(records, fmt, user, progress), fmt, title=self.title
        )

    def stream(self, records=None, fmt: str = "csv", *, user=None):
        return table_content(self.columns, self._logged(records, fmt, user), fmt, title=self.title)

    def write(self, out, records=None, fmt: str = "csv", *, user=None, progress=None) -> None:
        rows = self._logged(records, fmt, user, progress)
        write_table(out, self.columns, rows, fmt, title=self.title)

    def ways(self) -> tuple:
        """(content, stream, write): the names the callers know them by."""
        return self.content, self.stream, self.write

    def _logged(self, records, fmt: str, user, progress=None):
        return logged(self.kind, self.rows(records, progress), fmt, user)


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


PARTNERS = EntityExport("partners", PARTNER_FILE, partner_rows, "Partners")
export_partners, stream_partners, write_partners = PARTNERS.ways()


# Shipments ----------------------------------------------------------------------------


def shipment_rows(shipments, progress=None):
    """One row per item (and one per shipment without any), `progress` told of the rows
    written out of them all."""
    total = shipment_row_count(shipments) if progress else None
    return reporting(_shipment_rows(shipments), progress, total)


def _shipment_rows(shipments):
    """Two queries per chunk of shipments (the shipments with their partners' codes,
    then their items), read as plain values: no model per row."""
    fields = ("pk", *SHIPMENT_FIELDS.values(), "delivered_on")
    rows = shipments.order_by("reference").values_list(*fields).iterator(chunk_size=CHUNK)
    for chunk in batched(rows, CHUNK):
        items = defaultdict(list)
        found = (
            ShipmentItem.objects.filter(shipment_id__in=[row[0] for row in chunk])
            .order_by("shipment_id", "id")
            .values_list("shipment_id", *ITEM_COLUMNS)
        )
        for item in found:
            items[item[0]].append(list(item[1:]))
        for pk, *head, delivered_on in chunk:
            yield from _shipment_lines(
                dict(zip(SHIPMENT_FIELDS, head, strict=True)), delivered_on, items.get(pk)
            )


def shipment_row_count(shipments) -> int:
    """The rows of the shipments' export: one per item, one per shipment without any."""
    items = ShipmentItem.objects.filter(shipment__in=shipments.values("pk")).count()
    return items + shipments.filter(items__isnull=True).count()


def batched(rows, size: int):
    rows = iter(rows)
    while chunk := list(islice(rows, size)):
        yield chunk


def _shipment_lines(cells: dict, delivered_on, items):
    if cells["direction"] == Direction.OUTGOING:
        # An outgoing shipment's "received" is the day the partner had it.
        cells["received_on"] = delivered_on if cells["status"] in DELIVERED_OUTGOING else None
    head = [cells[column] for column in SHIPMENT_COLUMNS]
    if not items:
        yield head + [None] * len(ITEM_COLUMNS)
    for item in items or ():
        yield head + item


SHIPMENTS = EntityExport("shipments", SHIPMENT_FILE, shipment_rows, "Shipments")
export_shipments, stream_shipments, write_shipments = SHIPMENTS.ways()


# Rates --------------------------------------------------------------------------------


def rate_rows(rates, progress=None):
    rates = ExchangeRate.objects.all() if rates is None else rates
    rates = rates.order_by("currency", "valid_from")
    total = rates.count() if progress else None
    for rate in reporting(rates.iterator(chunk_size=CHUNK), progress, total):
        yield [rate.currency, rate.valid_from, rate.rate]


RATES = EntityExport("rates", RATE_FILE, rate_rows, "Rates")
export_rates, stream_rates, write_rates = RATES.ways()


def logged(kind: str, rows, fmt: str, user):
    """The rows; once the last is written, the export's line in the log (kind, rows,
    format, user)."""
    count = 0
    for count, row in enumerate(rows, start=1):  # noqa: B007 (the count is used below)
        yield row
    log_export(logger, kind=kind, rows=count, fmt=fmt, user=user)


# Commands -----------------------------------------------------------------------------
