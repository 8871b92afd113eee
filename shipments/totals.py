"""Totals of one shipment's items, in their own currencies (no conversion)."""

from collections import defaultdict
from decimal import Decimal


def shipment_totals(shipment) -> dict:
    """Items, titles, pages and value per currency, from one query (or the prefetch)."""
    totals = {"items": 0, "titles": 0, "pages": 0}
    values = defaultdict(Decimal)
    for item in shipment.items.all():
        totals["items"] += item.quantity
        totals["titles"] += 1
        totals["pages"] += item.total_pages
        if item.unit_value:
            values[item.currency] += item.total_value
    totals["values"] = dict(sorted(values.items()))
    return totals
