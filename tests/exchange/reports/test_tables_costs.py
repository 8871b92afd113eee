"""The cost of exchange: postage and other costs against what was received."""

from decimal import Decimal

import pytest

from exchange.reports.costs import cost_table
from exchange.reports.tables import Filters
from tests.exchange.reports.tables_helpers import YEAR_2025, D, items, rows_by
from tests.factories import PartnerFactory, RateFactory, ShipmentFactory, received, sent

pytestmark = pytest.mark.django_db


@pytest.fixture
def costly():
    RateFactory(currency="EUR", valid_from=D(2020, 1, 1), rate=Decimal("8.000000"))
    partner = PartnerFactory(code="FR-1", country="FR")
    for status, day in (
        ("dispatched", D(2025, 1, 1)),
        ("delivered", D(2025, 3, 1)),
        ("acknowledged", D(2025, 4, 1)),
        ("lost", D(2025, 5, 1)),
        ("returned", D(2025, 12, 31)),
    ):
        items(
            sent(
                partner,
                day,
                status=status,
                postage_cost=Decimal("10.10"),
                other_cost=Decimal("0.01"),
            ),
            quantity=2,
        )
    for status in ("draft", "packed", "cancelled"):
        ShipmentFactory(partner=partner, status=status, postage_cost=Decimal("99"))
    sent(partner, D(2024, 12, 31), postage_cost=Decimal("99"))  # another year
    received(partner, D(2025, 6, 1), postage_cost=Decimal("99"))  # costs on receipt: not ours
    items(received(partner, D(2025, 6, 1)), quantity=3, value="12.50", currency="EUR")  # 300
    items(received(partner, D(2025, 7, 1)), quantity=1, value="0", currency="")
    PartnerFactory(code="GB-1", country="GB")
    return partner


def test_costs_count_every_dispatched_shipment_lost_and_returned_included(costly):
    table = cost_table(YEAR_2025, Filters(), "partner")
    row = rows_by(table, "partner_code")["FR-1"]
    assert row["shipments_dispatched"] == 5
    assert row["postage_cost"] == Decimal("50.50")
    assert row["other_cost"] == Decimal("0.05")
    assert row["total_cost"] == Decimal("50.55")
    assert row["items_sent"] == 6  # the lost and returned shipments' items do not count
    assert row["items_received"] == 4
    assert row["value_received"] == Decimal("300.00")
    assert row["cost_per_item_received"] == Decimal("12.64")  # 50.55 / 4 = 12.6375
    assert row["cost_per_value_received"] == Decimal("0.1685")  # 50.55 / 300


def test_costs_of_a_partner_with_nothing_received_have_no_ratio(costly):
    row = rows_by(cost_table(YEAR_2025, Filters(), "partner"), "partner_code")["GB-1"]
    assert row["total_cost"] == Decimal("0.00")
    assert row["cost_per_item_received"] is None
    assert row["cost_per_value_received"] is None


def test_costs_by_country_and_their_totals(costly):
    other = PartnerFactory(code="FR-2", country="FR")
    sent(other, D(2025, 2, 1), postage_cost=Decimal("0.45"))
    table = cost_table(YEAR_2025, Filters(), "country")
    assert [row["country"] for row in table.rows] == ["FR"]
    assert table.rows[0]["total_cost"] == Decimal("51.00")
    assert table.rows[0]["cost_per_item_received"] == Decimal("12.75")
    assert table.total["total_cost"] == Decimal("51.00")
    assert table.total["shipments_dispatched"] == 6


def test_cost_sums_are_exact_cents():
    partner = PartnerFactory()
    for _ in range(10):
        sent(partner, D(2025, 2, 1), postage_cost=Decimal("0.10"), other_cost=Decimal("0.20"))
    row = cost_table(YEAR_2025, Filters(), "partner").rows[0]
    assert (row["postage_cost"], row["other_cost"]) == (Decimal("1.00"), Decimal("2.00"))
