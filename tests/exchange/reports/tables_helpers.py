"""Dates, periods and items for the report tables' tests."""

import datetime
from decimal import Decimal

from exchange.balance.totals import Period
from tests.factories import ItemFactory

D = datetime.date
TODAY = D(2026, 3, 15)
YEAR_2025 = Period.year(2025)


def items(shipment, quantity=1, pages=0, value="0", currency=""):
    return ItemFactory(
        shipment=shipment,
        quantity=quantity,
        pages=pages,
        unit_value=Decimal(value),
        currency=currency,
    )


def rows_by(table, key):
    return {row[key]: row for row in table.rows}
