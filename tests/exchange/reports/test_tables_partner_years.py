"""One partner's report over the years, worked out by hand, and its one query."""

from decimal import Decimal

import pytest

from exchange.reports.partner import partner_years_table
from tests.exchange.reports.tables_helpers import TODAY, D, items
from tests.factories import PartnerFactory, RateFactory, received, sent

pytestmark = pytest.mark.django_db


def test_partner_years_run_from_the_first_counted_year_to_this_year_with_zeros():
    partner = PartnerFactory(exchange_since=D(2022, 6, 1))
    items(sent(partner, D(2023, 5, 1)), quantity=4, pages=10)
    items(received(partner, D(2025, 5, 1)), quantity=1, pages=30)
    table = partner_years_table(partner, TODAY)
    assert [row["year"] for row in table.rows] == [2023, 2024, 2025, 2026]
    assert [row["items_sent"] for row in table.rows] == [4, 0, 0, 0]
    assert [row["items_cumulative"] for row in table.rows] == [4, 4, 3, 3]
    assert [row["pages_cumulative"] for row in table.rows] == [40, 40, 10, 10]
    assert table.total["items_balance"] == 3 and table.total["pages_sent"] == 40


def test_partner_years_do_not_start_at_a_recorded_start_decades_before_anything_counted():
    """The demo's partner recorded since 1983 whose shipments began in 2016: 33 years of
    zeros before the change."""
    partner = PartnerFactory(exchange_since=D(1983, 1, 1))
    items(sent(partner, D(2016, 5, 1)), quantity=2)
    items(sent(partner, D(2015, 5, 1), status="lost"), quantity=9)  # never counted
    table = partner_years_table(partner, TODAY)
    assert [row["year"] for row in table.rows] == list(range(2016, 2027))


def test_partner_years_start_at_the_first_shipment_when_it_is_before_the_recorded_start():
    partner = PartnerFactory(exchange_since=D(2024, 1, 1))
    items(sent(partner, D(2021, 5, 1)), quantity=1)
    table = partner_years_table(partner, TODAY)
    assert table.rows[0]["year"] == 2021


def test_a_partner_with_nothing_counted_has_this_year_alone_marked_partial():
    partner = PartnerFactory(exchange_since=D(1990, 1, 1))
    table = partner_years_table(partner, TODAY)
    assert [(row["year"], row["partial"]) for row in table.rows] == [(2026, True)]


def test_only_this_year_is_marked_partial():
    partner = PartnerFactory()
    items(sent(partner, D(2024, 5, 1)), quantity=1)
    table = partner_years_table(partner, TODAY)
    assert [row["partial"] for row in table.rows] == [False, False, True]


def test_the_running_balance_adds_each_years_balance_by_hand():
    """Sent 10, 0, 3; received 4, 8, 1: balances 6, −8, 2; running 6, −2, 0."""
    partner = PartnerFactory(exchange_basis="piece")
    items(sent(partner, D(2024, 2, 1)), quantity=10)
    items(received(partner, D(2024, 3, 1)), quantity=4)
    items(received(partner, D(2025, 3, 1)), quantity=8)
    items(sent(partner, D(2026, 1, 10)), quantity=3)
    items(received(partner, D(2026, 2, 1)), quantity=1)
    table = partner_years_table(partner, TODAY)
    assert [row["items_balance"] for row in table.rows] == [6, -8, 2]
    assert [row["items_cumulative"] for row in table.rows] == [6, -2, 0]


def test_the_cumulative_value_balance_is_rounded_over_the_whole_span():
    """Each year 0.005 sent shows 0.01; over two years 0.01 exactly, and over three
    0.015 → 0.02: the balance of the span, not the sum of the yearly rounded ones."""
    RateFactory(currency="HKD", valid_from=D(2020, 1, 1), rate=Decimal("0.500000"))
    partner = PartnerFactory(exchange_since=D(2024, 1, 1))
    for year in (2024, 2025, 2026):
        items(sent(partner, D(year, 2, 1)), value="0.01", currency="HKD")
    table = partner_years_table(partner, TODAY)
    assert [row["value_balance"] for row in table.rows] == [Decimal("0.01")] * 3
    assert [row["value_cumulative"] for row in table.rows] == [
        Decimal("0.01"),
        Decimal("0.01"),
        Decimal("0.02"),
    ]
    assert table.total["value_sent"] == Decimal("0.02")


def test_partner_years_take_one_query(django_assert_num_queries):
    partner = PartnerFactory(exchange_since=D(1990, 1, 1))
    for year in range(2000, 2026):
        items(sent(partner, D(year, 1, 1)), quantity=2)
    # The item sums and the shipment counts, by year.
    with django_assert_num_queries(1):
        table = partner_years_table(partner, TODAY)
    assert len(table.rows) == 27
