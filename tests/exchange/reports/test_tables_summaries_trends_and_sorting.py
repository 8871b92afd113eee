"""Summaries by country, region and kind, trends by year, and sorting the tables."""

import pytest

from exchange.balance.totals import Period
from exchange.reports.balance import balance_table
from exchange.reports.costs import cost_table
from exchange.reports.summaries import summary_table, trends_table
from exchange.reports.tables import Filters
from partners.models import Partner
from tests.exchange.reports.tables_helpers import TODAY, YEAR_2025, D, items, rows_by
from tests.factories import PartnerFactory, received, sent

pytestmark = pytest.mark.django_db


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


# Summaries ---------------------------------------------------------------------------


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
        # The partners, the item sums and shipment counts, the last receipts of those
        # with none in the period (all of them here).
        with django_assert_num_queries(3):
            assert len(balance_table(YEAR_2025, Filters(country="DE"), TODAY).rows) == total
        # The costs, the item sums and shipment counts, the partners.
        with django_assert_num_queries(3):
            assert len(cost_table(YEAR_2025, Filters(country="DE"), "partner").rows) == total


def test_names_sort_as_shown_in_pinyin_in_chinese_by_name_in_english():
    from types import SimpleNamespace

    from django.utils import translation

    from exchange.core.tables import TEXT, Column
    from exchange.reports.tables import COUNTRY, Table

    def row(name, name_zh, country, country_name):
        partner = SimpleNamespace(name_zh=name_zh)
        return {"partner_name": name, "partner": partner, "country": country,
                "country_name": country_name}  # fmt: skip

    columns = [Column("partner_name", "Partner", TEXT), Column("country", "Country", COUNTRY)]

    def order(key, language, rows):
        with translation.override(language):
            table = Table(columns, list(rows))
            table.sort(key)
        return [r["partner_name"] for r in table.rows]

    rows = [
        row("Library of Congress", "美国国会图书馆", "US", "美国"),
        row("National Library of France", "法国国家图书馆", "FR", "法国"),
        row("Bavarian State Library", "", "DE", "德国"),
    ]
    assert order("partner_name", "en", rows) == [
        "Bavarian State Library", "Library of Congress", "National Library of France"
    ]  # fmt: skip
    assert order("partner_name", "zh-hans", rows) == [
        "Bavarian State Library", "National Library of France", "Library of Congress"
    ]  # bavarian, fa, mei  # fmt: skip
    assert order("country", "zh-hans", rows) == [
        "Bavarian State Library", "National Library of France", "Library of Congress"
    ]  # de, fa, mei  # fmt: skip
