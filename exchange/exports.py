"""Exports of partners, shipments and rates in the import files' own columns.

An export imports again unchanged: export, import into an empty database, export
again gives the same file. Shipments are one row per item (a shipment without items
is one row with empty item cells), ordered by reference and then as entered.
"""

from decimal import Decimal
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db.models import Prefetch
from django.utils import timezone

from exchange.imports import RATE_COLUMNS
from exchange.models import ExchangeRate
from exchange.tabular import table_bytes
from partners.imports import PARTNER_COLUMNS
from shipments.imports import DELIVERED_OUTGOING, ITEM_COLUMNS, SHIPMENT_IMPORT_COLUMNS
from shipments.models import ShipmentItem

CENT = Decimal("0.01")
MICRO = Decimal("0.000001")
CHUNK = 2000


def export_filename(name: str, fmt: str) -> str:
    return f"{name}-{timezone.localdate().isoformat()}.{fmt}"


# Partners -----------------------------------------------------------------------------


def partner_rows(partners):
    for partner in partners.order_by("code").iterator(chunk_size=CHUNK):
        yield [
            partner.code,
            partner.name,
            partner.name_original,
            partner.kind,
            partner.country.code,
            partner.city,
            partner.status,
            partner.exchange_since,
            partner.exchange_basis,
            partner.website,
            partner.email,
        ]


def export_partners(partners, fmt: str = "csv") -> bytes:
    return table_bytes(PARTNER_COLUMNS, partner_rows(partners), fmt, title="Partners")


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
        head = [
            shipment.reference,
            shipment.direction,
            shipment.partner.code,
            shipment.status,
            shipment.dispatched_on,
            received,
            shipment.method,
        ]
        items = shipment.items.all()
        if not items:
            yield head + no_item
        for item in items:
            yield head + [
                item.title,
                item.author,
                item.isbn,
                item.issn,
                item.material_type,
                item.language,
                item.year,
                item.quantity,
                item.pages,
                item.unit_value.quantize(CENT),
                item.currency,
            ]


def export_shipments(shipments, fmt: str = "csv") -> bytes:
    return table_bytes(
        SHIPMENT_IMPORT_COLUMNS,
        shipment_rows(shipments),
        fmt,
        title="Shipments",
        number_formats={"unit_value": "0.00"},
    )


# Rates --------------------------------------------------------------------------------


def rate_rows(rates):
    for rate in rates.order_by("currency", "valid_from").iterator(chunk_size=CHUNK):
        yield [rate.currency, rate.valid_from, rate.rate.quantize(MICRO)]


def export_rates(rates=None, fmt: str = "csv") -> bytes:
    rates = ExchangeRate.objects.all() if rates is None else rates
    return table_bytes(
        RATE_COLUMNS, rate_rows(rates), fmt, title="Rates", number_formats={"rate": "0.000000"}
    )


# Commands -----------------------------------------------------------------------------


class ExportCommand(BaseCommand):
    """`export_… [--format csv|xlsx] [--output FILE]`: CSV to standard output by default."""

    def add_arguments(self, parser):
        parser.add_argument("--format", dest="fmt", default="csv", choices=["csv", "xlsx"])
        parser.add_argument("--output", help="File to write (default: standard output).")

    def export(self, fmt: str, **options) -> bytes:
        raise NotImplementedError

    def filtered(self, filterset_class, queryset, data: dict):
        """The queryset through the list page's FilterSet, so both give the same rows."""
        filterset = filterset_class(data={k: v for k, v in data.items() if v}, queryset=queryset)
        if not filterset.is_valid():
            raise CommandError(
                "; ".join(
                    f"--{name.replace('_', '-')}: {' '.join(errors)}"
                    for name, errors in filterset.errors.items()
                )
            )
        return filterset.qs

    def handle(self, *args, fmt, output, **options):
        content = self.export(fmt, **options)
        if output:
            Path(output).write_bytes(content)
            return
        stream = self.stdout._out
        if hasattr(stream, "buffer"):
            stream.flush()
            stream.buffer.write(content)
            stream.buffer.flush()
        else:
            # A test's StringIO: CSV is UTF-8 text.
            stream.write(content.decode("utf-8") if fmt == "csv" else content.decode("latin-1"))
