"""The balance summary worked out from the raw rows by the reference sums
(`exchange.balance.sums.raw_counted_totals`): to rebuild it, and for the tests and the
benchmark to check what the triggers stored."""

from collections import defaultdict
from dataclasses import dataclass

from django.conf import settings
from django.db import connection, transaction

from exchange.balance.models import BalanceSummary, UnratedValue
from exchange.balance.sql import BASE_VIEW, GLOBAL_LOCK, base_view
from exchange.balance.sums import by_field, by_month, by_year, raw_counted_totals
from exchange.balance.totals import VALUE_SCALE, Period
from exchange.balance.unrated import raw_unrated_lines
from exchange.core.tables import reporting


@dataclass(frozen=True)
class Row:
    partner_id: int
    direction: str
    year: int
    month: int
    items: int
    titles: int
    pages: int
    value: int
    shipments: int
    last_on: object


def expected_rows() -> tuple[set, set]:
    """(summary rows, unrated rows) as computed from the raw rows by the reference
    sums: what the triggers must have stored."""
    months = raw_counted_totals(
        Period(),
        {
            "partner": by_field("partner_id"),
            "year": by_year(),
            "month": by_month(),
        },
    )
    rows = []
    for (partner_id, year, month), found in months.items():
        for direction, totals in (("outgoing", found.sent), ("incoming", found.received)):
            if totals.shipments:
                rows.append(_row(partner_id, direction, year, month, totals))
    rows += _rolled_up(rows, lambda row: (row.partner_id, row.direction, row.year, 0))
    rows += _rolled_up(
        [row for row in rows if row.month == 0], lambda row: (row.partner_id, row.direction, 0, 0)
    )
    unrated = {
        (row["shipment__partner_id"], row["shipment__direction"], row["currency"], row["day"], n)
        for row in raw_unrated_lines()
        for n in [row["lines"]]
    }
    return set(rows), unrated


def _row(partner_id, direction, year, month, totals) -> Row:
    return Row(
        partner_id,
        direction,
        year,
        month,
        totals.items,
        totals.titles,
        totals.pages,
        int(totals.value / VALUE_SCALE),
        totals.shipments,
        totals.last_on,
    )


def _rolled_up(rows, key) -> list[Row]:
    groups = defaultdict(list)
    for row in rows:
        groups[key(row)].append(row)
    return [
        Row(
            *group_key,
            items=sum(r.items for r in group),
            titles=sum(r.titles for r in group),
            pages=sum(r.pages for r in group),
            value=sum(r.value for r in group),
            shipments=sum(r.shipments for r in group),
            last_on=max(r.last_on for r in group),
        )
        for group_key, group in groups.items()
    ]


def stored_rows() -> tuple[set, set]:
    """(summary rows, unrated rows) as the triggers stored them."""
    fields = [name for name in Row.__dataclass_fields__]
    rows = {Row(**row) for row in BalanceSummary.objects.values(*fields)}
    unrated = set(
        UnratedValue.objects.values_list(
            "partner_id", "direction", "currency", "counted_on", "lines"
        )
    )
    return rows, unrated


def rebuild(progress=None) -> tuple[int, int]:
    """Recompute the summary from scratch with the reference implementation, under the
    global lock (no trigger recomputes meanwhile), after setting the base currency the
    triggers use to the current setting. Returns the numbers of rows written.
    `progress(done, total)`, where given, hears of the summary rows written."""
    with transaction.atomic():
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                cursor.execute("SELECT pg_advisory_xact_lock(%s, 0)", [GLOBAL_LOCK])
            cursor.execute(f"DROP VIEW {BASE_VIEW}")
            cursor.execute(base_view(settings.EXCHANGE_BASE_CURRENCY))
        BalanceSummary.objects.all().delete()
        UnratedValue.objects.all().delete()
        rows, unrated = expected_rows()
        # All-time and year rows first, together: the rows reports read most.
        ordered = sorted(rows, key=lambda r: (r.month > 0, r.year, r.month, r.partner_id))
        BalanceSummary.objects.bulk_create(
            (
                BalanceSummary(**row.__dict__)
                for row in reporting(ordered, progress, len(ordered), every=5000)
            ),
            batch_size=5000,
        )
        UnratedValue.objects.bulk_create(
            (
                UnratedValue(
                    partner_id=partner_id,
                    direction=direction,
                    currency=currency,
                    counted_on=day,
                    lines=lines,
                )
                for partner_id, direction, currency, day, lines in unrated
            ),
            batch_size=5000,
        )
    return len(rows), len(unrated)
