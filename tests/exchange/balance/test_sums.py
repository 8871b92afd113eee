"""The balance rules of docs/domain.md, checked against figures computed by hand."""

import datetime
from decimal import Decimal

import pytest
from django.db.models import Q

from exchange.balance.sums import by_field, by_year, counted_totals, partner_balances
from exchange.balance.totals import Balance, Period, Totals, round_money, total_of
from exchange.balance.unrated import missing_rates
from partners.models import Partner
from tests.factories import (
    ItemFactory,
    PartnerFactory,
    RateFactory,
    ShipmentFactory,
    received,
    sent,
)

pytestmark = pytest.mark.django_db

D = datetime.date
YEAR_2024 = Period(D(2024, 1, 1), D(2024, 12, 31))


def item(shipment, quantity=1, pages=0, value="0", currency=""):
    return ItemFactory(
        shipment=shipment,
        quantity=quantity,
        pages=pages,
        unit_value=Decimal(value),
        currency=currency,
    )


def balance_of(partner, period=YEAR_2024) -> Balance:
    [row] = partner_balances(Partner.objects.filter(pk=partner.pk), period)
    return row


@pytest.fixture
def rates():
    """USD changes on 1 July 2024; EUR and JPY hold all year. CNY is the base."""
    RateFactory(currency="USD", valid_from=D(2024, 1, 1), rate=Decimal("7.000000"))
    RateFactory(currency="USD", valid_from=D(2024, 7, 1), rate=Decimal("7.200000"))
    RateFactory(currency="EUR", valid_from=D(2023, 1, 1), rate=Decimal("7.800000"))
    RateFactory(currency="JPY", valid_from=D(2024, 1, 1), rate=Decimal("0.048000"))


@pytest.fixture
def partner(rates):
    """A year of exchange with every kind of shipment; the figures are worked out below."""
    partner = PartnerFactory(code="GB-BL")
    # Counted outgoing: on the first day, on the day the USD rate changes, on the last day.
    first = sent(partner, D(2024, 1, 1))
    item(first, quantity=2, pages=100, value="10.00", currency="USD")  # 2 × 10 × 7.0 = 140
    item(first, quantity=1, pages=250)  # no value
    middle = sent(partner, D(2024, 7, 1), status="delivered")
    item(middle, quantity=3, pages=50, value="5.00", currency="USD")  # 3 × 5 × 7.2 = 108
    last = sent(partner, D(2024, 12, 31), status="acknowledged")
    item(last, quantity=1, pages=300, value="20.00", currency="EUR")  # 20 × 7.8 = 156
    item(last, quantity=4, pages=10, value="100", currency="JPY")  # 4 × 100 × 0.048 = 19.2
    item(last, quantity=1, pages=0, value="12.34", currency="CNY")  # the base: 12.34
    # Not counted: a day outside the period either side, and every other status.
    item(sent(partner, D(2023, 12, 31)), quantity=5, pages=5)
    item(sent(partner, D(2025, 1, 1)), quantity=6, pages=6)
    for status in ("draft", "packed", "cancelled"):
        item(ShipmentFactory(partner=partner, status=status), quantity=7, pages=7)
    lost = sent(partner, D(2024, 5, 1), status="lost")
    item(lost, quantity=8, pages=8, value="1", currency="USD")
    item(sent(partner, D(2024, 5, 2), status="returned"), quantity=9, pages=9)
    # Counted incoming: before and after the rate change.
    march = received(partner, D(2024, 3, 15))
    item(march, quantity=2, pages=200, value="15.00", currency="USD")  # 2 × 15 × 7.0 = 210
    august = received(partner, D(2024, 8, 1), status="acknowledged")
    item(august, quantity=1, pages=120, value="3.00", currency="USD")  # 3 × 7.2 = 21.6
    # Not counted incoming.
    item(received(partner, D(2023, 12, 31)), quantity=10, pages=10)
    item(received(partner, D(2025, 1, 1)), quantity=11, pages=11)
    for status in ("expected", "cancelled"):
        item(
            ShipmentFactory(
                partner=partner,
                direction="incoming",
                status=status,
                reference=f"IN-X-{status}",
            ),
            quantity=12,
            pages=12,
        )
    return partner


def test_sent_counts_dispatched_delivered_acknowledged_within_the_period(partner):
    sent_ = balance_of(partner).sent
    assert sent_.items == 2 + 1 + 3 + 1 + 4 + 1
    assert sent_.titles == 6
    assert sent_.pages == 2 * 100 + 250 + 3 * 50 + 300 + 4 * 10 + 0
    assert sent_.value == Decimal("435.54")  # 140 + 108 + 156 + 19.2 + 12.34
    assert sent_.shipments == 3
    assert sent_.last_on == D(2024, 12, 31)


def test_received_counts_received_and_acknowledged_within_the_period(partner):
    received_ = balance_of(partner).received
    assert received_.items == 3
    assert received_.titles == 2
    assert received_.pages == 2 * 200 + 120
    assert received_.value == Decimal("231.60")  # 210 + 21.6
    assert received_.shipments == 2
    assert received_.last_on == D(2024, 8, 1)


def test_balance_is_sent_minus_received_for_each_measure(partner):
    row = balance_of(partner)
    assert row.cells() == {
        "items_sent": 12,
        "items_received": 3,
        "items_balance": 9,
        "titles_sent": 6,
        "titles_received": 2,
        "titles_balance": 4,
        "pages_sent": 940,
        "pages_received": 520,
        "pages_balance": 420,
        "value_sent": Decimal("435.54"),
        "value_received": Decimal("231.60"),
        "value_balance": Decimal("203.94"),
    }


def test_the_day_before_and_the_day_after_count_in_their_own_years(partner):
    assert balance_of(partner, Period.year(2023)).sent.items == 5
    assert balance_of(partner, Period.year(2023)).received.items == 10
    assert balance_of(partner, Period.year(2025)).sent.items == 6
    assert balance_of(partner, Period.year(2025)).received.items == 11


def test_a_period_of_one_day_includes_that_day():
    partner = PartnerFactory()
    item(sent(partner, D(2024, 7, 1)), quantity=3)
    assert balance_of(partner, Period(D(2024, 7, 1), D(2024, 7, 1))).sent.items == 3
    assert balance_of(partner, Period(D(2024, 7, 2), D(2024, 7, 2))).sent.items == 0


def test_open_ended_periods_take_everything_on_that_side(partner):
    assert balance_of(partner, Period(None, D(2024, 12, 31))).sent.items == 12 + 5
    assert balance_of(partner, Period(D(2024, 1, 1), None)).sent.items == 12 + 6
    assert balance_of(partner, Period()).received.items == 3 + 10 + 11


@pytest.mark.parametrize(
    ("status", "counted"),
    [
        ("draft", False),
        ("packed", False),
        ("cancelled", False),
        ("dispatched", True),
        ("delivered", True),
        ("acknowledged", True),
        ("lost", False),
        ("returned", False),
    ],
)
def test_each_outgoing_status_counts_or_not(status, counted):
    partner = PartnerFactory()
    dated = status not in ("draft", "packed", "cancelled")
    shipment = ShipmentFactory(
        partner=partner, status=status, dispatched_on=D(2024, 6, 1) if dated else None
    )
    item(shipment, quantity=4, pages=10)
    assert balance_of(partner).sent.items == (4 if counted else 0)
    assert balance_of(partner, Period()).sent.items == (4 if counted else 0)


@pytest.mark.parametrize(
    ("status", "counted"),
    [("expected", False), ("cancelled", False), ("received", True), ("acknowledged", True)],
)
def test_each_incoming_status_counts_or_not(status, counted):
    partner = PartnerFactory()
    dated = status in ("received", "acknowledged")
    shipment = ShipmentFactory(
        partner=partner,
        direction="incoming",
        reference="IN-1",
        status=status,
        received_on=D(2024, 6, 1) if dated else None,
    )
    item(shipment, quantity=4, pages=10)
    assert balance_of(partner, Period()).received.items == (4 if counted else 0)
    assert balance_of(partner, Period()).sent.items == 0


def test_an_outgoing_shipment_counts_on_its_dispatch_date_not_its_delivery():
    partner = PartnerFactory()
    shipment = sent(partner, D(2024, 12, 30), status="delivered", delivered_on=D(2025, 1, 5))
    item(shipment, quantity=2)
    assert balance_of(partner, Period.year(2024)).sent.items == 2
    assert balance_of(partner, Period.year(2025)).sent.items == 0


def test_a_counted_shipment_without_items_still_dates_the_last_shipment():
    partner = PartnerFactory()
    sent(partner, D(2024, 4, 1))
    row = balance_of(partner)
    assert (row.sent.items, row.sent.shipments, row.sent.last_on) == (0, 1, D(2024, 4, 1))


def test_a_partner_with_no_shipment_has_a_row_of_zeros(partner):
    nobody = PartnerFactory(code="ZZ-NONE")
    rows = partner_balances(Partner.objects.order_by("code"), YEAR_2024)
    assert [row.partner.code for row in rows] == ["GB-BL", "ZZ-NONE"]
    empty = rows[1]
    assert empty.partner == nobody
    assert empty.is_empty
    assert set(empty.cells().values()) == {0}
    assert empty.sent.last_on is None and empty.received.last_on is None
    assert str(empty.value_balance) == "0.00"


def test_values_are_summed_exactly_and_rounded_half_up_once():
    """Five lines each worth 0.005: per line they would make 0.05; half-even 0.02."""
    RateFactory(currency="HKD", valid_from=D(2024, 1, 1), rate=Decimal("0.500000"))
    partner = PartnerFactory()
    shipment = sent(partner, D(2024, 3, 1))
    for _ in range(5):
        item(shipment, value="0.01", currency="HKD")
    totals = balance_of(partner).sent
    assert totals.value == Decimal("0.025")
    assert totals.value_rounded == Decimal("0.03")


def test_three_lines_of_half_a_cent_make_two_cents_not_three():
    RateFactory(currency="HKD", valid_from=D(2024, 1, 1), rate=Decimal("0.500000"))
    partner = PartnerFactory()
    shipment = sent(partner, D(2024, 3, 1))
    for _ in range(3):
        item(shipment, value="0.01", currency="HKD")
    assert balance_of(partner).sent.value_rounded == Decimal("0.02")


def test_value_balance_is_rounded_sent_minus_rounded_received():
    """0.005 sent shows 0.01, 0.004 received shows 0.00: the balance shows 0.01, so the
    row adds up (rounding the exact difference, 0.001, would give 0.00)."""
    RateFactory(currency="HKD", valid_from=D(2024, 1, 1), rate=Decimal("0.500000"))
    RateFactory(currency="MOP", valid_from=D(2024, 1, 1), rate=Decimal("0.400000"))
    partner = PartnerFactory()
    item(sent(partner, D(2024, 3, 1)), value="0.01", currency="HKD")
    item(received(partner, D(2024, 3, 1)), value="0.01", currency="MOP")
    row = balance_of(partner)
    assert row.sent.value == Decimal("0.005")
    assert row.received.value == Decimal("0.004")
    assert row.value_balance == Decimal("0.01")


def test_large_values_sum_exactly_on_every_database():
    """Past 2⁵³ units of 10⁻⁸ a float would lose the last digits."""
    RateFactory(currency="USD", valid_from=D(2024, 1, 1), rate=Decimal("7.123457"))
    partner = PartnerFactory()
    shipment = sent(partner, D(2024, 3, 1))
    item(shipment, quantity=1000, value="99999.99", currency="USD")
    item(shipment, quantity=999, value="88888.87", currency="USD")
    # 99 999 990 × 7.123457 = 712 345 628.76543; 88 799 981.13 × 7.123457 = 632 562 847.18036641
    expected = Decimal("1344908475.94579641")
    assert balance_of(partner).sent.value == expected
    assert balance_of(partner).sent.value_rounded == Decimal("1344908475.95")


def test_rates_with_six_decimals_convert_exactly():
    RateFactory(currency="KRW", valid_from=D(2024, 1, 1), rate=Decimal("0.005123"))
    partner = PartnerFactory()
    item(sent(partner, D(2024, 3, 1)), quantity=3, value="12345.67", currency="KRW")
    assert balance_of(partner).sent.value == Decimal("189.74060223")  # 3 × 12345.67 × 0.005123


def test_the_rate_is_the_latest_valid_from_on_or_before_the_shipments_date(rates):
    partner = PartnerFactory()
    item(sent(partner, D(2024, 6, 30)), value="1.00", currency="USD")
    item(sent(partner, D(2024, 7, 1)), value="1.00", currency="USD")
    item(received(partner, D(2024, 7, 2)), value="1.00", currency="USD")
    row = balance_of(partner)
    assert row.sent.value == Decimal("14.20")  # 7.0 + 7.2
    assert row.received.value == Decimal("7.20")


def test_a_currency_equal_to_the_base_converts_at_one_without_a_rate():
    partner = PartnerFactory()
    item(sent(partner, D(2024, 3, 1)), quantity=3, value="33.33", currency="CNY")
    assert balance_of(partner).sent.value == Decimal("99.99")
    assert missing_rates(YEAR_2024) == []


def test_missing_rates_name_the_currency_and_date_of_counted_items_without_one():
    partner = PartnerFactory()
    item(sent(partner, D(2024, 3, 1)), value="5.00", currency="GBP")
    item(sent(partner, D(2024, 5, 1), status="lost"), value="5.00", currency="CHF")
    item(sent(partner, D(2024, 4, 1)), value="0", currency="SEK")
    assert missing_rates(YEAR_2024) == [("GBP", D(2024, 3, 1))]
    assert balance_of(partner).sent.value == 0


def test_counted_totals_group_by_year_and_by_country(partner):
    other = PartnerFactory(country="FR")
    item(sent(other, D(2024, 2, 1)), quantity=2)
    by_years = counted_totals(Period(), {"year": by_year()})
    assert {key: found.sent.items for key, found in by_years.items()} == {
        (2023,): 5,
        (2024,): 12 + 2,
        (2025,): 6,
    }
    by_country = counted_totals(YEAR_2024, {"country": by_field("partner__country")})
    assert by_country[("GB",)].sent.items == 12
    assert by_country[("FR",)].sent.items == 2
    assert by_country[("FR",)].received.items == 0


def test_grouped_by_time_or_not_at_all_values_are_those_of_each_line(rates):
    """By year or in all, the raw lines are summed per currency and day before their
    rate is applied (one lookup per currency and day): the same sums as line by line."""
    a, b = PartnerFactory(), PartnerFactory()
    item(sent(a, D(2024, 6, 30)), quantity=3, value="0.01", currency="USD")  # 0.21
    item(sent(b, D(2024, 6, 30)), value="1.00", currency="USD")  # 7.00
    july = sent(a, D(2024, 7, 1))
    item(july, value="1.00", currency="USD")  # 7.20
    item(july, value="2.00", currency="EUR")  # 15.60
    item(july, value="5.00", currency="CNY")  # 5.00
    item(sent(b, D(2024, 7, 1)), value="5.00", currency="GBP")  # no rate: 0
    item(received(b, D(2024, 7, 1)), quantity=2, value="1.00", currency="USD")  # 14.40
    period = Period(D(2024, 6, 15), D(2024, 7, 15))  # two part months: raw rows only
    in_the_year = counted_totals(period, {"year": by_year()})[(2024,)]
    assert in_the_year.sent.value == Decimal("35.01")
    assert in_the_year.received.value == Decimal("14.40")
    by_partner = counted_totals(period, {"partner": by_field("partner_id")})
    assert in_the_year == counted_totals(period, {})[()] == total_of(by_partner.values())


def test_counted_totals_filter_shipments_by_any_condition(partner):
    other = PartnerFactory(country="FR")
    item(sent(other, D(2024, 2, 1)), quantity=2)
    found = counted_totals(YEAR_2024, {}, Q(partner__country="FR"))
    assert found[()].sent.items == 2


def test_total_of_sums_exactly_and_rounds_once():
    rows = []
    for _ in range(3):
        balance = Balance()
        balance.sent.value = Decimal("0.005")
        rows.append(balance)
    total = total_of(rows)
    assert [row.sent.value_rounded for row in rows] == [Decimal("0.01")] * 3
    assert total.sent.value_rounded == Decimal("0.02")


def test_totals_keep_the_latest_date():
    first, second = Totals(last_on=D(2024, 1, 1)), Totals(last_on=D(2024, 3, 1))
    first.add(second)
    first.add(Totals())
    assert first.last_on == D(2024, 3, 1)


def test_round_money_rounds_half_up():
    assert round_money(Decimal("0.125")) == Decimal("0.13")
    assert round_money(Decimal("0.135")) == Decimal("0.14")
    assert round_money(Decimal("2.5E-3")) == Decimal("0.00")


def test_partner_balances_take_two_queries_whatever_the_number(django_assert_num_queries, rates):
    def make(count):
        for n in range(count):
            partner = PartnerFactory()
            item(sent(partner, D(2024, 2, 1)), quantity=n + 1, value="1", currency="USD")
            item(received(partner, D(2024, 3, 1)), quantity=1)

    make(2)
    # The partners; the item sums with the shipment counts and dates.
    with django_assert_num_queries(2):
        assert len(partner_balances(Partner.objects.order_by("code"), YEAR_2024)) == 2
    make(18)
    with django_assert_num_queries(2):
        assert len(partner_balances(Partner.objects.order_by("code"), YEAR_2024)) == 20
