"""Reports read whole years and months from the balance summary and the rest from raw rows."""

import pytest
from django.db import connection
from django.db.models import Q
from django.test.utils import CaptureQueriesContext

from exchange.balance import summary
from exchange.balance.sums import by_field, by_year, counted_totals, partner_balances, raw_only
from exchange.balance.totals import Period
from exchange.balance.unrated import missing_rates
from exchange.rates.models import ExchangeRate
from partners.models import Partner
from shipments.models import Shipment
from tests.exchange.balance.summary_helpers import PERIODS, D
from tests.factories import ItemFactory, ObligationFactory, PartnerFactory, sent

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("period", "whole", "edges"),
    [
        (Period(), "all", []),
        (Period.year(2024), "years 2024-2024", []),
        (Period(D(2023, 3, 1), D(2025, 8, 31)), "years 2024-2024; 2023 3-12; 2025 1-8", []),
        (Period(D(2024, 3, 1), D(2024, 8, 31)), "2024 3-8", []),
        (Period(D(2024, 1, 1), D(2024, 8, 31)), "2024 1-8", []),
        (Period(D(2024, 3, 1), D(2024, 12, 31)), "2024 3-12", []),
        (Period(None, D(2024, 6, 30)), "years -2023; 2024 1-6", []),
        (Period(D(2024, 2, 1), None), "years 2025-; 2024 2-12", []),
        (Period(D(2024, 2, 10), D(2024, 2, 20)), None, [(D(2024, 2, 10), D(2024, 2, 20))]),
        (
            Period(D(2023, 12, 15), D(2024, 1, 10)),
            None,
            [(D(2023, 12, 15), D(2023, 12, 31)), (D(2024, 1, 1), D(2024, 1, 10))],
        ),
        (
            Period(D(2023, 11, 15), D(2024, 2, 10)),
            "2023 12-12; 2024 1-1",
            [(D(2023, 11, 15), D(2023, 11, 30)), (D(2024, 2, 1), D(2024, 2, 10))],
        ),
    ],
)
def test_a_period_is_whole_years_and_months_from_the_summary_and_raw_days_at_its_ends(
    period, whole, edges
):
    condition, raw = summary.split(period, by_years=False)
    assert [(edge.start, edge.end) for edge in raw] == edges
    assert _describe(condition) == whole


def _describe(condition) -> str | None:
    """The summary rows a condition selects, in words, read from its lookups."""
    if condition is None:
        return None
    parts = []
    for part in condition.children if condition.connector == "OR" else [condition]:
        lookups = dict(part.children) if isinstance(part, Q) else dict([part])
        if lookups.get("year") == 0:
            parts.append("all")
        elif lookups.get("month") == 0:
            low, high = lookups.get("year__gte", ""), lookups.get("year__lte", "")
            parts.append(f"years {low}-{high}")
        else:
            parts.append(f"{lookups['year']} {lookups['month__gte']}-{lookups['month__lte']}")
    return "; ".join(parts)


def test_a_period_grouped_by_year_reads_year_rows_not_all_time_rows():
    condition, raw = summary.split(Period(), by_years=True)
    assert raw == []
    assert dict(condition.children) == {"year__gt": 0, "month": 0}


def _sql_of(function) -> str:
    with CaptureQueriesContext(connection) as queries:
        function()
    return " ".join(query["sql"] for query in queries)


def test_reports_read_the_summary_and_raw_rows_only_for_partial_months(history):
    partners = Partner.objects.order_by("code")
    whole = _sql_of(lambda: partner_balances(partners, Period.year(2024)))
    assert "exchange_balancesummary" in whole
    assert "shipments_shipmentitem" not in whole
    partial = _sql_of(lambda: partner_balances(partners, Period(D(2024, 1, 10), None)))
    assert "exchange_balancesummary" in partial
    assert "shipments_shipmentitem" in partial


def test_groupings_and_conditions_the_summary_lacks_are_summed_from_raw_rows(history):
    obligation = ObligationFactory(partner=history["british"])
    Shipment.objects.filter(partner=history["british"]).update(obligation=obligation)
    by_obligation = _sql_of(lambda: counted_totals(Period(), {"o": by_field("obligation_id")}, Q()))
    assert "exchange_balancesummary" not in by_obligation
    where = Q(obligation=obligation)
    found = counted_totals(Period(), {"year": by_year()}, where)
    with raw_only():
        assert counted_totals(Period(), {"year": by_year()}, where) == found
    either = Q(partner=history["french"]) | Q(counted_on__gte=D(2024, 1, 1))
    assert "exchange_balancesummary" not in _sql_of(lambda: counted_totals(Period(), {}, either))
    found = counted_totals(Period(), {}, either)
    with raw_only():
        assert counted_totals(Period(), {}, either) == found


@pytest.mark.parametrize(
    "where",
    [
        Q(counted_on__lte=D(2023, 12, 20)) | Q(counted_on__gte=D(2024, 1, 10)),
        Q(counted_on__gt=D(2023, 12, 14)) & Q(counted_on__lt=D(2024, 2, 5)),
        Q(counted_on__range=(D(2024, 1, 1), D(2024, 2, 29))),
        Q(counted_on__gte=D(2023, 12, 1), counted_on__lte=D(2024, 1, 16)),
        Q(partner__country="FR") & Q(counted_on__gte=D(2024, 1, 1)),
        Q(counted_on__isnull=False),
    ],
)
def test_conditions_on_the_counted_date_become_periods_read_from_the_summary(history, where):
    period = Period(D(2023, 1, 1), D(2024, 12, 31))
    group = {"year": by_year(), "partner": by_field("partner_id")}
    sql = _sql_of(lambda: counted_totals(period, group, where))
    assert "exchange_balancesummary" in sql
    found = counted_totals(period, group, where)
    with raw_only():
        assert counted_totals(period, group, where) == found
    assert found


def test_date_conditions_are_intervals_and_the_rest_of_the_filter():
    day = D(2024, 1, 10)
    assert summary.date_ranges(Q()) == ([(None, None)], Q())
    assert summary.date_ranges(Q(counted_on__lt=day) | Q(counted_on__gt=day)) == (
        [(None, D(2024, 1, 9)), (D(2024, 1, 11), None)],
        Q(),
    )
    assert summary.date_ranges(Q(counted_on__lte=day) | Q(counted_on__gte=D(2024, 1, 11)))[0] == [
        (None, None)
    ]
    ranges, rest = summary.date_ranges(Q(partner_id=3) & Q(counted_on__gte=day))
    assert (ranges, rest) == ([(day, None)], Q(partner_id=3))
    assert summary.date_ranges(Q(counted_on__gte=day) & Q(counted_on__lt=day))[0] == []
    either = Q(partner_id=3) | Q(counted_on__gte=day)
    assert summary.date_ranges(either)[0] == [(None, None)]  # and the summary cannot answer it
    assert not summary.answers({}, summary.date_ranges(either)[1])


def test_groupings_by_country_kind_and_year_agree_with_the_raw_rows(history):
    group = {
        "country": by_field("partner__country"),
        "kind": by_field("partner__kind"),
        "year": by_year(),
    }
    where = Q(partner__country__in=["GB", "FR"]) | Q(partner_id__in=[0])
    for period in PERIODS:
        found = counted_totals(period, group, where)
        with raw_only():
            assert counted_totals(period, group, where) == found


@pytest.mark.parametrize(
    "period", [Period.year(2024), Period(D(2024, 1, 10), D(2024, 2, 20)), Period()]
)
def test_partner_balances_take_two_queries_whatever_the_period(
    history, period, django_assert_num_queries
):
    # The partners; the item sums and the shipment counts and dates (summary and raw ends).
    with django_assert_num_queries(2):
        assert len(partner_balances(Partner.objects.order_by("code"), period)) == 2
    for n in range(10):
        ItemFactory(shipment=sent(PartnerFactory(), D(2024, 1, 20 + n % 5)), quantity=n + 1)
    with django_assert_num_queries(2):
        assert len(partner_balances(Partner.objects.order_by("code"), period)) == 12


def test_missing_rates_read_the_unrated_lines_in_one_query(history, django_assert_num_queries):
    ExchangeRate.objects.filter(currency="EUR").delete()
    with django_assert_num_queries(1):
        assert missing_rates(Period(D(2024, 1, 1), D(2024, 1, 31))) == [("EUR", D(2024, 1, 3))]
    with django_assert_num_queries(1):
        assert missing_rates(Period(), Q(partner=history["french"])) == [("EUR", D(2024, 2, 5))]
