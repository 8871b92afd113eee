"""The shipment list's total in the base currency (issue 18): each item line at the
rate in effect on its shipment's date; lines with no rate that day told apart."""

import datetime
from decimal import Decimal

import pytest

from shipments.models import Shipment
from tests.factories import ItemFactory, PartnerFactory, RateFactory, ShipmentFactory, sent
from tests.i18n_helpers import chinese
from tests.shipments.views_helpers import LIST

pytestmark = pytest.mark.django_db


@pytest.fixture
def shipments():
    """By hand, in CNY:
    OUT-A (2024-03-01): 2 × 10.00 CNY = 20.00; 3 × 1.50 USD at 7.0 (from 2024-01-01) = 31.50
    OUT-B (2024-09-01): 1 × 1.50 USD at 7.2 (from 2024-07-01)                  = 10.80
    OUT-C (2024-05-01): 1 × 8.99 GBP, no GBP rate before 2025                  → apart
    IN-D  (2024-05-02): 2 × 100 JPY at 0.048 (from 2024-01-01)                 = 9.60
    Total 20.00 + 31.50 + 10.80 + 9.60 = 71.90 CNY; 8.99 GBP of 1 shipment left out.
    """
    RateFactory(currency="USD", valid_from=datetime.date(2024, 1, 1), rate=Decimal("7.000000"))
    RateFactory(currency="USD", valid_from=datetime.date(2024, 7, 1), rate=Decimal("7.200000"))
    RateFactory(currency="GBP", valid_from=datetime.date(2025, 1, 1), rate=Decimal("9.100000"))
    RateFactory(currency="JPY", valid_from=datetime.date(2024, 1, 1), rate=Decimal("0.048000"))
    partner = PartnerFactory(code="GB-BL")
    a = sent(partner, datetime.date(2024, 3, 1), reference="OUT-A")
    ItemFactory(shipment=a, quantity=2, unit_value=Decimal("10.00"), currency="CNY")
    ItemFactory(shipment=a, quantity=3, unit_value=Decimal("1.50"), currency="USD")
    b = sent(partner, datetime.date(2024, 9, 1), reference="OUT-B")
    ItemFactory(shipment=b, quantity=1, unit_value=Decimal("1.50"), currency="USD")
    c = sent(partner, datetime.date(2024, 5, 1), reference="OUT-C", status="lost")
    ItemFactory(shipment=c, quantity=1, unit_value=Decimal("8.99"), currency="GBP")
    d = ShipmentFactory(
        partner=partner,
        reference="IN-D",
        direction="incoming",
        status="received",
        received_on=datetime.date(2024, 5, 2),
    )
    ItemFactory(shipment=d, quantity=2, unit_value=Decimal("100"), currency="JPY")
    ItemFactory(shipment=d, quantity=1, unit_value=Decimal(0), currency="")


def test_the_total_in_the_base_currency_converts_each_line_on_its_date(shipments):
    totals = Shipment.objects.all().item_totals()
    assert totals["in_base"] == Decimal("71.90")
    assert totals["base_currency"] == "CNY"
    assert totals["unrated"] == {"GBP": {"value": Decimal("8.99"), "shipments": 1}}
    assert totals["values"] == {
        "CNY": Decimal("20.00"),
        "GBP": Decimal("8.99"),
        "JPY": Decimal("200"),
        "USD": Decimal("6.00"),
    }
    assert (totals["items"], totals["titles"]) == (10, 6)


def test_the_list_shows_the_total_in_the_base_currency_and_what_it_leaves_out(
    staff_client, shipments
):
    page = staff_client.get(LIST).content.decode()
    assert "Value in CNY" in page
    assert '<span class="nowrap">71.90 CNY</span>' in page
    assert "Not included: 8.99 GBP of 1 shipment with no rate on its date" in page
    # The filtered set: OUT-B alone.
    page = staff_client.get(LIST, {"date_from": "2024-08-01"}).content.decode()
    assert '<span class="nowrap">10.80 CNY</span>' in page
    assert "Not included" not in page


def test_the_total_in_the_base_currency_in_chinese(staff_client, shipments):
    page = chinese(staff_client).get(LIST).content.decode()
    assert "金额（CNY）" in page
    assert "未计入：8.99 GBP，1 个批次在其日期没有汇率" in page


def test_a_list_with_no_value_totals_zero_in_the_base_currency(staff_client):
    ItemFactory(shipment=sent(PartnerFactory(), datetime.date(2024, 1, 1)))
    totals = Shipment.objects.all().item_totals()
    assert (totals["in_base"], totals["unrated"], totals["values"]) == (Decimal(0), {}, {})


def test_department_heads_read_the_same_total(head_client, admin_client, anon_client, shipments):
    for client in (head_client, admin_client):
        assert '<span class="nowrap">71.90 CNY</span>' in client.get(LIST).content.decode()
    assert anon_client.get(LIST).status_code == 302
