"""The report pages' fixed number of queries, and long tables a page at a time."""

from decimal import Decimal

import pytest
from django.urls import reverse

from partners.models import Partner
from shipments.items import ShipmentItem
from shipments.models import Shipment
from tests.exchange.reports.views_helpers import FORMATS, D, url
from tests.factories import PartnerFactory, RateFactory

pytestmark = pytest.mark.django_db


# A fixed number of queries -----------------------------------------------------------

# Every page: the session, the user, the user's permissions and groups (3). Then each
# report's own, as its docstring says:
#   index 0; balance 2 (partners, item sums with shipment counts; and the last receipts
#   of partners with none in the period, none here);
#   partner 3 (the partner, item sums and shipment counts by year); summaries 4 (item
#   sums, shipment counts, partners, partners exchanging); trends 3 (item sums, shipment
#   counts, partners exchanging per year); costs 4 by partner (costs, item sums, shipment
#   counts, partners), 3 by country. Pages and print views add the missing-rates check.
# Downloads: 3 + the report's own; those whose rows are partners count them first (1:
# more than JOBS_SYNC_ROWS would be a job).
PARTNER_ROWS = ("balance", "costs_partner")
OWN = {
    "balance": 2,
    "partner": 2,
    "summary_country": 3,
    "summary_region": 3,
    "summary_subregion": 3,
    "summary_kind": 3,
    "trends": 2,
    "costs_partner": 3,
    "costs_country": 2,
}


def expected_queries():
    expected = {reverse("exchange:reports"): 3}
    for report, own in OWN.items():
        for fmt in FORMATS:
            if fmt in ("csv", "xlsx"):
                expected[url(report, fmt)] = 3 + own + (report in PARTNER_ROWS)
            else:
                expected[url(report, fmt)] = 3 + own + 1
    return expected


def populate(count: int) -> None:
    """`count` partners in ten countries, each with a shipment each way in each of two
    years, two valued items a shipment."""
    RateFactory(currency="USD", valid_from=D(2020, 1, 1), rate=Decimal("7.100000"))
    countries = ("GB", "FR", "DE", "JP", "US", "BR", "KE", "AU", "IN", "EG")
    kinds = ("national", "university", "public", "research", "other")
    Partner.objects.bulk_create(
        Partner(
            code=f"P{n:04d}",
            name=f"Library {n}",
            kind=kinds[n % 5],
            country=countries[n % 10],
            status="active" if n % 7 else "suspended",
            exchange_basis=("piece", "page", "value", "gift")[n % 4],
            exchange_since=D(2015, 1, 1),
        )
        for n in range(count)
    )
    PartnerFactory(code="GB-BL", country="GB")
    shipments = []
    for partner in Partner.objects.all():
        for year in (2024, 2025):
            shipments.append(
                Shipment(
                    reference=f"OUT-{partner.code}-{year}",
                    direction="outgoing",
                    partner=partner,
                    status="delivered",
                    dispatched_on=D(year, 3, 1),
                    postage_cost=Decimal("12.30"),
                )
            )
            shipments.append(
                Shipment(
                    reference=f"IN-{partner.code}-{year}",
                    direction="incoming",
                    partner=partner,
                    status="received",
                    received_on=D(year, 6, 1),
                )
            )
    Shipment.objects.bulk_create(shipments)
    ShipmentItem.objects.bulk_create(
        ShipmentItem(
            shipment=shipment,
            title=f"Title {n}",
            quantity=n + 1,
            pages=100,
            unit_value=Decimal("3.10"),
            currency="USD",
        )
        for shipment in Shipment.objects.all()
        for n in range(2)
    )


@pytest.mark.parametrize("partners", [5, 500])
def test_every_report_runs_a_fixed_number_of_queries(
    partners, head_client, django_assert_num_queries
):
    populate(partners)
    assert Partner.objects.count() == partners + 1
    query = "period=all"
    for address, count in expected_queries().items():
        with django_assert_num_queries(count):
            response = head_client.get(f"{address}?{query}")
        assert response.status_code == 200, address
    # the partners counted: under JOBS_SYNC_ROWS, the file is made at once
    with django_assert_num_queries(3 + 3):
        response = head_client.get(url("balance", "csv", "period=all&region=150&kind=public"))
    assert response.status_code == 200


# Long tables -------------------------------------------------------------------------


def test_a_long_table_shows_fifty_rows_a_page_with_the_totals_of_every_row(head_client):
    populate(60)  # and GB-BL: 61 partners
    first = head_client.get(url("balance", query="period=all"))
    content = first.content.decode()
    codes = [row["partner_code"] for row in first.context["rows"]]
    assert codes[0] == "GB-BL" and len(codes) == 50
    assert content.count('<tr><td class="nowrap"><a href="/') == 50
    assert "Rows 1–50 of 61; the totals are of every row." in content
    # Every partner sent 2 × (1 + 2) items in two years: the totals are of all 61.
    assert first.context["table"].total["items_sent"] == 61 * 6
    footer = content[content.index("<tfoot>") : content.index("</tfoot>")]
    assert '<th scope="row">Total</th>' in footer and '<td class="num">366</td>' in footer
    second = head_client.get(url("balance", query="period=all&page=2"))
    assert len(second.context["rows"]) == 11
    assert "Rows 51–61 of 61" in second.content.decode()
    # Out of range, the last page; printed, every row.
    assert head_client.get(url("balance", query="period=all&page=9")).context["rows"][-1][
        "partner_code"
    ] == ("P0059")
    assert len(head_client.get(url("balance", "print", "period=all")).context["rows"]) == 61


def test_sorting_a_long_table_starts_again_from_its_first_page(head_client):
    populate(60)
    content = head_client.get(url("balance", query="period=all&page=2")).content.decode()
    assert 'href="?period=all&amp;sort=partner_name"' in content
    assert "page=2&amp;sort" not in content and "sort=partner_name&amp;page" not in content
    response = head_client.get(url("balance", query="period=all&sort=-items_received&page=2"))
    rows = response.context["rows"]
    assert len(rows) == 11 and all("items_received" in row for row in rows)


def test_only_the_rows_shown_or_ranked_are_completed(head_client):
    populate(60)
    response = head_client.get(url("balance", query="period=all"))
    rows = response.context["table"].rows
    assert all("items_sent" in row for row in rows[:50])
    assert not any(
        "items_sent" in row for row in rows[50:] if row not in response.context["unbalanced"]
    )
    assert all("measure_label" in row for row in response.context["unbalanced"])
