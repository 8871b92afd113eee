"""What the balance summary's tests check after each write: `assert_exact`.

Exact means: the stored rows equal a recomputation from the raw rows by
exchange.balance's reference implementation, and every balance (the CSV byte for
byte) is the same from the summary as from the raw rows alone. Checked after random
sequences of changes, and after each write path: the services, the imports (with and
without --replace), the admin, bulk operations, raw SQL, seed_demo and the rebuild.
"""

import datetime

import pytest
from django.db import connection
from django.db.models import Q

from exchange.balance import rebuild
from exchange.balance.export import balance_report
from exchange.balance.sums import by_field, by_year, counted_totals, partner_balances, raw_only
from exchange.balance.totals import Period
from exchange.balance.unrated import missing_rates
from partners.models import Partner

D = datetime.date
POSTGRESQL = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="PostgreSQL's statement triggers and locks"
)
# Whole months, years, open ends, a month's inside, and edges across a year's end.
PERIODS = [
    Period(),
    Period.year(2024),
    Period(D(2023, 12, 1), D(2024, 2, 29)),
    Period(D(2023, 12, 15), D(2024, 2, 10)),
    Period(D(2024, 2, 3), D(2024, 2, 20)),
    Period(None, D(2024, 1, 31)),
    Period(D(2024, 1, 16), None),
    Period(D(2023, 1, 1), D(2024, 12, 31)),
]


def assert_exact(periods=PERIODS):
    """The summary is what the raw rows make it, and reports read the same from it."""
    stored, expected = rebuild.stored_rows(), rebuild.expected_rows()
    assert stored == expected
    assert_reports_read_as_raw(periods)
    # As the dashboard asks: this year and last year to the same day, by year.
    where = Q(counted_on__lte=D(2023, 12, 20)) | Q(counted_on__gte=D(2024, 1, 10))
    group = {"year": by_year(), "country": by_field("partner__country")}
    found = counted_totals(Period(D(2023, 1, 1), D(2024, 12, 31)), group, where)
    with raw_only():
        assert counted_totals(Period(D(2023, 1, 1), D(2024, 12, 31)), group, where) == found


def assert_reports_read_as_raw(periods):
    """Balances, the CSV and missing rates: the same as from the raw rows alone."""
    partners = Partner.objects.order_by("code")
    for period in periods:
        fast = [_figures(row) for row in partner_balances(partners, period)]
        csv = balance_report(period=period, fmt="csv")
        with raw_only():
            assert [_figures(row) for row in partner_balances(partners, period)] == fast
            assert balance_report(period=period, fmt="csv") == csv
        assert _missing(period) == missing_rates(period)


def _figures(row) -> tuple:
    return tuple(
        (side.items, side.titles, side.pages, side.value, side.shipments, side.last_on)
        for side in (row.sent, row.received)
    )


def _missing(period):
    with raw_only():
        return missing_rates(period)
