"""The reports' periods and filters, the balance of all partners and its flags."""

from decimal import Decimal

import pytest

from exchange.balance.totals import Period
from exchange.reports.balance import balance_table, most_unbalanced
from exchange.reports.flags import NOTHING_RECEIVED, RECEIVES_MORE, SENDS_MORE
from exchange.reports.tables import (
    ALL_YEARS,
    LAST_5_YEARS,
    LAST_YEAR,
    THIS_YEAR,
    Filters,
    preset_period,
    reference_day,
)
from tests.exchange.reports.tables_helpers import TODAY, YEAR_2025, D, items
from tests.factories import PartnerFactory, RateFactory, received, sent

pytestmark = pytest.mark.django_db


def flags_of(code, period=YEAR_2025, today=TODAY):
    rows = balance_table(period, Filters(), today).rows
    return [flag.code for flag in next(row for row in rows if row["partner_code"] == code)["flags"]]


# Periods -----------------------------------------------------------------------------


def test_preset_periods_are_calendar_years():
    assert preset_period(THIS_YEAR, TODAY) == Period(D(2026, 1, 1), D(2026, 12, 31))
    assert preset_period(LAST_YEAR, TODAY) == Period(D(2025, 1, 1), D(2025, 12, 31))
    assert preset_period(LAST_5_YEARS, TODAY) == Period(D(2021, 1, 1), D(2025, 12, 31))
    assert preset_period(ALL_YEARS, TODAY) == Period()


def test_the_reference_day_is_the_periods_end_but_never_after_today():
    assert reference_day(Period.year(2024), TODAY) == D(2024, 12, 31)
    assert reference_day(Period.year(2026), TODAY) == TODAY
    assert reference_day(Period(), TODAY) == TODAY


# Filters -----------------------------------------------------------------------------


def test_filters_select_partners_by_country_region_kind_status_and_basis():
    PartnerFactory(code="A", country="GB", kind="national", status="active", exchange_basis="piece")
    PartnerFactory(code="B", country="FR", kind="university", status="ended", exchange_basis="page")
    PartnerFactory(code="C", country="JP", kind="national", status="active", exchange_basis="gift")

    def codes(**kwargs):
        return [p.code for p in Filters(**kwargs).partners()]

    assert codes() == ["A", "B", "C"]
    assert codes(country="gb") == ["A"]
    assert codes(region="150") == ["A", "B"]
    assert codes(region="155") == ["B"]
    assert codes(kind="national") == ["A", "C"]
    assert codes(status="ended") == ["B"]
    assert codes(basis="gift") == ["C"]
    assert codes(region="142", kind="university") == []


def test_filters_describe_themselves_for_report_headers():
    described = Filters(country="GB", region="150", kind="public", status="ended", basis="gift")
    assert [(str(label), value) for label, value in described.described()] == [
        ("Country or region", "United Kingdom (GB)"),
        ("Region", "Europe"),
        ("Kind", "Public library"),
        ("Partner status", "Ended"),
        ("Exchange basis", "Gift (one-way)"),
    ]
    assert Filters().described() == []


# All partners and their flags --------------------------------------------------------


def test_balance_table_has_every_partner_and_a_total_summed_exactly():
    RateFactory(currency="HKD", valid_from=D(2025, 1, 1), rate=Decimal("0.500000"))
    for code in ("A", "B", "C"):
        partner = PartnerFactory(code=code)
        items(sent(partner, D(2025, 5, 1)), value="0.01", currency="HKD")  # 0.005 each
    PartnerFactory(code="D")
    table = balance_table(YEAR_2025, Filters(), TODAY)
    assert [row["partner_code"] for row in table.rows] == ["A", "B", "C", "D"]
    assert "value_sent" not in table.rows[0]  # rows are completed when shown or exported
    assert [row["value_sent"] for row in table.completed(table.rows)] == [Decimal("0.01")] * 3 + [
        Decimal("0.00")
    ]
    # 3 × 0.005 = 0.015, rounded once: 0.02, as the trends and summaries show it.
    assert table.total["value_sent"] == Decimal("0.02")
    assert table.total["items_sent"] == 3
    assert table.total["value_balance"] == Decimal("0.02")


def test_receiving_more_than_twice_what_was_sent_is_flagged():
    partner = PartnerFactory(code="A", exchange_since=D(2025, 1, 1))
    items(sent(partner, D(2025, 2, 1)), quantity=5)
    items(received(partner, D(2025, 3, 1)), quantity=11)
    assert flags_of("A") == [RECEIVES_MORE]


def test_exactly_twice_is_not_flagged():
    partner = PartnerFactory(code="A", exchange_since=D(2025, 1, 1))
    items(sent(partner, D(2025, 2, 1)), quantity=5)
    items(received(partner, D(2025, 3, 1)), quantity=10)
    assert flags_of("A") == []


def test_sending_more_than_twice_what_was_received_is_flagged():
    partner = PartnerFactory(code="A", exchange_since=D(2025, 1, 1))
    items(sent(partner, D(2025, 2, 1)), quantity=3)
    items(received(partner, D(2025, 3, 1)), quantity=1)
    assert flags_of("A") == [SENDS_MORE]


def test_flags_compare_the_measure_of_the_exchange_basis():
    RateFactory(currency="USD", valid_from=D(2025, 1, 1), rate=Decimal("7.000000"))
    pages = PartnerFactory(code="PAGE", exchange_basis="page", exchange_since=D(2025, 1, 1))
    items(sent(pages, D(2025, 2, 1)), quantity=1, pages=500)
    items(received(pages, D(2025, 3, 1)), quantity=3, pages=100)  # 3 items, 300 pages
    value = PartnerFactory(code="VALUE", exchange_basis="value", exchange_since=D(2025, 1, 1))
    items(sent(value, D(2025, 2, 1)), quantity=10, value="1.00", currency="USD")  # 70.00
    items(received(value, D(2025, 3, 1)), quantity=1, value="20.01", currency="USD")  # 140.07
    assert flags_of("PAGE") == []  # by items it would be "received more than twice"
    assert flags_of("VALUE") == [RECEIVES_MORE]


def test_gift_exchanges_are_never_flagged():
    partner = PartnerFactory(code="GIFT", exchange_basis="gift", exchange_since=D(2000, 1, 1))
    items(received(partner, D(2025, 3, 1)), quantity=10)
    assert flags_of("GIFT") == []


def test_nothing_received_for_three_years_counts_from_the_last_receipt():
    quiet = PartnerFactory(code="QUIET", exchange_since=D(2000, 1, 1))
    items(received(quiet, D(2022, 12, 31)), quantity=1)  # three years before 2025-12-31
    recent = PartnerFactory(code="RECENT", exchange_since=D(2000, 1, 1))
    items(received(recent, D(2023, 1, 1)), quantity=1)
    assert flags_of("QUIET") == [NOTHING_RECEIVED]
    assert flags_of("RECENT") == []


def test_over_a_long_period_its_own_receipts_count_only_after_the_cutoff():
    """Receipts inside the period settle the flag only when they are after the cutoff;
    the others are looked up, as for a partner with none in the period."""
    decade = Period(D(2016, 1, 1), D(2025, 12, 31))
    early = PartnerFactory(code="EARLY", exchange_since=D(2000, 1, 1))
    items(received(early, D(2016, 5, 1)), quantity=1)
    items(received(early, D(2022, 12, 31)), quantity=1)
    late = PartnerFactory(code="LATE", exchange_since=D(2000, 1, 1))
    items(received(late, D(2016, 5, 1)), quantity=1)
    items(received(late, D(2023, 1, 1)), quantity=1)
    before = PartnerFactory(code="BEFORE", exchange_since=D(2000, 1, 1))
    items(received(before, D(2015, 12, 31)), quantity=1)
    assert flags_of("EARLY", period=decade) == [RECEIVES_MORE, NOTHING_RECEIVED]
    assert flags_of("LATE", period=decade) == [RECEIVES_MORE]
    assert flags_of("BEFORE", period=decade) == [NOTHING_RECEIVED]


def test_a_receipt_after_the_reference_day_does_not_clear_the_flag():
    partner = PartnerFactory(code="A", exchange_since=D(2000, 1, 1))
    items(received(partner, D(2020, 1, 1)), quantity=1)
    items(received(partner, D(2026, 1, 10)), quantity=1)
    assert flags_of("A", period=YEAR_2025) == [NOTHING_RECEIVED]
    assert flags_of("A", period=Period.year(2026)) == [RECEIVES_MORE]  # 1 for nothing


def test_never_received_counts_from_the_start_of_the_exchange():
    PartnerFactory(code="OLD", exchange_since=D(2022, 12, 31))
    PartnerFactory(code="NEW", exchange_since=D(2023, 1, 1))
    PartnerFactory(code="UNKNOWN", exchange_since=None)
    assert flags_of("OLD") == [NOTHING_RECEIVED]
    assert flags_of("NEW") == []
    assert flags_of("UNKNOWN") == []


def test_only_active_partners_are_flagged_for_receiving_nothing():
    for status in ("prospective", "suspended", "ended"):
        PartnerFactory(code=status, status=status, exchange_since=D(2000, 1, 1))
    assert [flags_of(status) for status in ("prospective", "suspended", "ended")] == [[], [], []]


def test_most_unbalanced_lists_flagged_partners_most_out_of_balance_first(
    django_assert_num_queries,
):
    since = D(2025, 1, 1)
    for code, out, back in (("A", 10, 25), ("B", 0, 3), ("C", 4, 4), ("D", 9, 1), ("E", 1, 3)):
        partner = PartnerFactory(code=code, exchange_since=since)
        if out:
            items(sent(partner, D(2025, 2, 1)), quantity=out)
        items(received(partner, D(2025, 3, 1)), quantity=back)
    # The partners with their last receipt; the item sums and shipment counts.
    with django_assert_num_queries(2):
        rows = most_unbalanced(YEAR_2025, limit=3, today=TODAY)
    # B received 3 for nothing (no ratio); D sent 9 for 1; E 3 for 1; A 2.5; C balanced.
    assert [row["partner"].code for row in rows] == ["B", "D", "E"]
    assert [flag.code for flag in rows[0]["flags"]] == [RECEIVES_MORE]
    assert rows[1]["compared_sent"] == 9 and rows[1]["compared_received"] == 1
    everything = most_unbalanced(YEAR_2025, limit=10, today=TODAY)
    assert [row["partner"].code for row in everything] == ["B", "D", "E", "A"]


def test_the_last_receipts_come_from_the_period_else_from_one_look_up(
    db, django_assert_num_queries
):
    """A partner that received in the period up to the reference day: that receipt;
    the others are looked up, the day they last received before it, or none."""
    from exchange.balance.sums import partner_balances
    from exchange.reports.balance import last_receipts
    from partners.models import Partner

    in_period = PartnerFactory(code="A")
    received(in_period, D(2021, 5, 1))
    received(in_period, D(2025, 3, 1))
    before = PartnerFactory(code="B")
    received(before, D(2022, 7, 1))
    received(before, D(2026, 2, 1))  # after the reference day: not counted
    PartnerFactory(code="C")
    balances = partner_balances(Partner.objects.order_by("code"), YEAR_2025)
    with django_assert_num_queries(1):
        found = last_receipts(balances, D(2025, 12, 31))
    assert found == {in_period.pk: D(2025, 3, 1), before.pk: D(2022, 7, 1)}
    with django_assert_num_queries(0):
        assert last_receipts(balances[:1], D(2025, 12, 31)) == {in_period.pk: D(2025, 3, 1)}
