"""The reports' figures, worked out by hand, and their fixed number of queries."""

import datetime
from decimal import Decimal

import pytest

from exchange.balance.totals import Period
from exchange.reports.balance import balance_table, most_unbalanced
from exchange.reports.costs import cost_table
from exchange.reports.flags import NOTHING_RECEIVED, RECEIVES_MORE, SENDS_MORE
from exchange.reports.partner import partner_years_table
from exchange.reports.summaries import summary_table, trends_table
from exchange.reports.tables import (
    ALL_YEARS,
    LAST_5_YEARS,
    LAST_YEAR,
    THIS_YEAR,
    Filters,
    preset_period,
    reference_day,
)
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
        ("Country", "United Kingdom (GB)"),
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


# One partner over the years ----------------------------------------------------------


def test_partner_years_run_from_the_start_of_the_exchange_to_this_year_with_zeros():
    partner = PartnerFactory(exchange_since=D(2022, 6, 1))
    items(sent(partner, D(2023, 5, 1)), quantity=4, pages=10)
    items(received(partner, D(2025, 5, 1)), quantity=1, pages=30)
    table = partner_years_table(partner, TODAY)
    assert [row["year"] for row in table.rows] == [2022, 2023, 2024, 2025, 2026]
    assert [row["items_sent"] for row in table.rows] == [0, 4, 0, 0, 0]
    assert [row["items_cumulative"] for row in table.rows] == [0, 4, 4, 3, 3]
    assert [row["pages_cumulative"] for row in table.rows] == [0, 40, 40, 10, 10]
    assert table.total["items_balance"] == 3 and table.total["pages_sent"] == 40


def test_partner_years_start_at_the_first_shipment_when_it_is_before_the_recorded_start():
    partner = PartnerFactory(exchange_since=D(2024, 1, 1))
    items(sent(partner, D(2021, 5, 1)), quantity=1)
    table = partner_years_table(partner, TODAY)
    assert table.rows[0]["year"] == 2021


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
    partner = PartnerFactory(exchange_since=D(2000, 1, 1))
    for year in range(2000, 2026):
        items(sent(partner, D(year, 1, 1)), quantity=2)
    # The item sums and the shipment counts, by year.
    with django_assert_num_queries(1):
        table = partner_years_table(partner, TODAY)
    assert len(table.rows) == 27


# Summaries ---------------------------------------------------------------------------


@pytest.fixture
def world():
    """GB (2 partners, 1 active), FR (1), JP (1, no shipment); figures for 2025."""
    gb1 = PartnerFactory(code="GB-1", country="GB", kind="national")
    gb2 = PartnerFactory(code="GB-2", country="GB", kind="university", status="ended")
    fr = PartnerFactory(code="FR-1", country="FR", kind="university")
    PartnerFactory(code="JP-1", country="JP", kind="research")
    items(sent(gb1, D(2025, 1, 1)), quantity=3, pages=100)
    items(received(gb2, D(2025, 12, 31)), quantity=2, pages=50)
    items(sent(fr, D(2025, 6, 1)), quantity=1, pages=10)
    items(received(fr, D(2025, 6, 2)), quantity=4, pages=10)
    items(sent(fr, D(2024, 6, 1)), quantity=100)  # another year


def rows_by(table, key):
    return {row[key]: row for row in table.rows}


def test_summary_by_country_counts_partners_and_sums_the_balance(world):
    table = summary_table(YEAR_2025, Filters(), "country")
    rows = rows_by(table, "country")
    assert set(rows) == {"GB", "FR", "JP"}
    assert (rows["GB"]["partners"], rows["GB"]["active_partners"]) == (2, 1)
    assert rows["GB"]["exchanging_partners"] == 2
    assert (rows["GB"]["items_sent"], rows["GB"]["items_received"]) == (3, 2)
    assert rows["GB"]["pages_balance"] == 300 - 100
    assert rows["FR"]["items_balance"] == 1 - 4
    assert (rows["JP"]["partners"], rows["JP"]["exchanging_partners"]) == (1, 0)
    assert rows["JP"]["items_sent"] == 0
    assert rows["GB"]["country_name"] == "United Kingdom"
    assert table.total["partners"] == 4 and table.total["exchanging_partners"] == 3
    assert table.total["items_sent"] == 4 and table.total["items_received"] == 6


def test_summary_by_region_and_sub_region_merge_countries(world):
    regions = rows_by(summary_table(YEAR_2025, Filters(), "region"), "region")
    assert set(regions) == {"150", "142"}
    assert regions["150"]["region_name"] == "Europe"
    assert (regions["150"]["partners"], regions["150"]["active_partners"]) == (3, 2)
    assert (regions["150"]["items_sent"], regions["150"]["items_received"]) == (4, 6)
    subregions = rows_by(summary_table(YEAR_2025, Filters(), "subregion"), "subregion")
    assert set(subregions) == {"154", "155", "030"}
    assert subregions["155"]["items_received"] == 4  # Western Europe: France


def test_summary_by_kind_with_filters(world):
    table = summary_table(YEAR_2025, Filters(region="150"), "kind")
    rows = rows_by(table, "kind")
    assert set(rows) == {"national", "university"}
    assert rows["university"]["partners"] == 2
    assert rows["university"]["items_received"] == 6
    assert rows["university"]["kind_name"] == "University library"


def test_summaries_take_three_queries_whatever_the_number_of_partners(
    world, django_assert_num_queries
):
    for by in ("country", "region", "subregion", "kind"):
        # The item sums and shipment counts, the partners, the partners exchanging.
        with django_assert_num_queries(3):
            summary_table(YEAR_2025, Filters(kind="national"), by)


# Trends ------------------------------------------------------------------------------


def test_trends_give_every_year_of_the_period_with_zeros(world):
    table = trends_table(Period(D(2023, 1, 1), D(2025, 12, 31)), Filters(), TODAY)
    assert [row["year"] for row in table.rows] == [2023, 2024, 2025]
    assert [row["items_sent"] for row in table.rows] == [0, 100, 4]
    assert [row["items_received"] for row in table.rows] == [0, 0, 6]
    assert [row["exchanging_partners"] for row in table.rows] == [0, 1, 3]
    assert table.total["items_sent"] == 104


def test_trends_over_all_years_run_from_the_first_shipment_to_this_year(world):
    table = trends_table(Period(), Filters(country="FR"), TODAY)
    assert [row["year"] for row in table.rows] == [2024, 2025, 2026]
    assert table.total["items_balance"] == 101 - 4


def test_trends_take_two_queries(world, django_assert_num_queries):
    # The item sums and the shipment counts per year; the partners exchanging per year.
    with django_assert_num_queries(2):
        trends_table(Period(), Filters(region="150"), TODAY)


# Cost of exchange --------------------------------------------------------------------


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


# Sorting -----------------------------------------------------------------------------


def test_tables_sort_by_any_column_either_way_with_blanks_last(world):
    table = balance_table(YEAR_2025, Filters(), TODAY)
    assert table.sort("-items_received") == "-items_received"
    assert [row["partner_code"] for row in table.rows][:2] == ["FR-1", "GB-2"]
    table.sort("country")  # by name: France, Japan, United Kingdom
    assert [row["country"] for row in table.rows] == ["FR", "JP", "GB", "GB"]
    table.sort("-last_sent_on")
    assert [row["partner_code"] for row in table.rows][:2] == ["FR-1", "GB-1"]
    assert table.rows[-1]["last_sent_on"] is None
    assert table.sort("no_such_column") == "partner_code"
    assert [row["partner_code"] for row in table.rows] == ["FR-1", "GB-1", "GB-2", "JP-1"]


def test_partner_tables_take_the_same_queries_for_3_and_43_partners(
    django_assert_num_queries,
):
    def make(count):
        Partner.objects.bulk_create(
            Partner(code=f"P{n:04d}-{count}", name="P", kind="public", country="DE")
            for n in range(count)
        )

    for count, total in ((3, 3), (40, 43)):
        make(count)
        # The partners (with their last receipt), the item sums and shipment counts.
        with django_assert_num_queries(2):
            assert len(balance_table(YEAR_2025, Filters(country="DE"), TODAY).rows) == total
        # The costs, the item sums and shipment counts, the partners.
        with django_assert_num_queries(3):
            assert len(cost_table(YEAR_2025, Filters(country="DE"), "partner").rows) == total
