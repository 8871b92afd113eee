"""Counted valued items whose currency had no rate on their shipment's date.

Dispatch and receipt refuse such items, but a rate deleted or changed afterwards
would make their value count as 0: the reports say so rather than hide it."""

from django.conf import settings
from django.db.models import (
    Count,
    F,
    OuterRef,
    Q,
)

from exchange.balance import summary
from exchange.balance.sums import use_summary, where_on_items
from exchange.balance.totals import Period
from exchange.rates.in_effect import rate_in_effect
from shipments.items import ShipmentItem


def missing_rates(period: Period, where: Q | None = None, limit: int = 20) -> list[tuple]:
    """(currency, date) pairs of counted valued items with no rate on that date; one query.

    Dispatch and receipt refuse such items, but a rate deleted or changed afterwards
    would make their value count as 0, so the reports say so rather than hide it.
    """
    where = where or Q()
    if use_summary({}, where):
        pairs, base = summary.unrated_pairs(period.q() & where, limit)
        if base == settings.EXCHANGE_BASE_CURRENCY:
            return pairs
        # EXCHANGE_BASE_CURRENCY changed and `rebuild_summary` has not run yet.
    rows = _raw_unrated(period.q("shipment__")).filter(where_on_items(where))
    pairs = rows.values_list("currency", "shipment__counted_on").distinct()
    return list(pairs.order_by("currency", "shipment__counted_on")[:limit])


def _raw_unrated(condition: Q):
    """Counted items valued in a currency (not the base) with no rate on their date."""
    return (
        ShipmentItem.objects.filter(condition)
        .exclude(unit_value=0)
        .exclude(currency=settings.EXCHANGE_BASE_CURRENCY)
        .alias(rate=rate_in_effect(OuterRef("currency"), OuterRef("shipment__counted_on")))
        .filter(rate__isnull=True)
    )


def raw_unrated_lines():
    """The unrated lines per partner, direction, currency and day, from the raw rows."""
    return (
        _raw_unrated(Period().q("shipment__"))
        .values("shipment__partner_id", "shipment__direction", "currency")
        .annotate(day=F("shipment__counted_on"), lines=Count("id"))
        .order_by()
    )
