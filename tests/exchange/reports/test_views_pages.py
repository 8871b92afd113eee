"""The report pages: figures, flags, sorting, filters, periods and charts."""

from decimal import Decimal

import pytest
from django.utils import timezone

from tests.exchange.reports.views_helpers import D, url
from tests.factories import ItemFactory, sent

pytestmark = pytest.mark.django_db


def test_the_balance_page_shows_the_figures_the_flags_and_a_totals_row(exchange, head_client):
    response = head_client.get(
        url(
            "balance",
            query="period=custom&start=2025-01-01&end=2025-12-31&measures=items&measures=value",
        )
    )
    content = response.content.decode()
    table = response.context["table"]
    bl = next(row for row in table.rows if row["partner_code"] == "GB-BL")
    # Sent 2 × 10 GBP × 9 = 180.00, received 5 × 1 GBP × 9 = 45.00.
    assert (bl["items_sent"], bl["items_received"], bl["items_balance"]) == (2, 5, -3)
    assert (bl["value_sent"], bl["value_received"]) == (Decimal("180.00"), Decimal("45.00"))
    assert [flag.code for flag in bl["flags"]] == ["receives_more"]
    assert "Received more than twice what was sent" in content
    assert '<td class="num">180.00</td>' in content
    assert '<td class="num negative">-3</td>' in content
    assert "<tfoot>" in content and '<th scope="row">Total</th>' in content
    assert "Most out of balance" in content
    assert "Period: <strong>2025-01-01 – 2025-12-31</strong>" in content


def test_column_headers_sort_the_rows_and_keep_the_filters(exchange, head_client):
    response = head_client.get(url("balance", query="period=all&sort=-items_sent"))
    assert [row["partner_code"] for row in response.context["table"].rows] == ["FR-BNF", "GB-BL"]
    content = response.content.decode()
    assert 'href="?period=all&amp;sort=items_sent"' in content
    assert 'aria-sort="descending"' in content
    response = head_client.get(url("balance", query="period=all&sort=partner_name"))
    assert [row["partner_code"] for row in response.context["table"].rows] == ["FR-BNF", "GB-BL"]


def test_the_export_links_carry_the_current_filters(exchange, head_client):
    query = "period=last_year&country=GB&kind=national"
    content = head_client.get(url("summary_region", query=query)).content.decode()
    for fmt in ("print", "csv", "xlsx"):
        assert f'href="{url("summary_region", fmt, query).replace("&", "&amp;")}"' in content


def test_filters_narrow_every_report(exchange, head_client):
    response = head_client.get(url("summary_country", query="period=all&region=155"))
    assert [row["country"] for row in response.context["table"].rows] == ["FR"]
    response = head_client.get(url("costs_partner", query="period=all&country=fr"))
    assert [row["partner_code"] for row in response.context["table"].rows] == ["FR-BNF"]


def test_each_report_shows_its_default_period_in_the_form(exchange, head_client):
    content = head_client.get(url("balance")).content.decode()
    assert '<option value="this_year" selected>' in content
    content = head_client.get(url("trends")).content.decode()
    assert '<option value="all" selected>' in content
    assert "Period: <strong>All dates</strong>" in content
    response = head_client.get(url("balance", query="start=2025-01-01"))
    assert '<option value="custom" selected>' in response.content.decode()
    assert response.context["period"].start == D(2025, 1, 1)
    assert response.context["period"].end is None


def test_a_period_ending_before_it_starts_is_an_error(exchange, head_client):
    query = "period=custom&start=2025-02-01&end=2025-01-31"
    response = head_client.get(url("balance", query=query))
    assert response.status_code == 200
    assert response.context["table"] is None
    assert "The end of the period is before its start." in response.content.decode()
    assert head_client.get(url("balance", "csv", query)).status_code == 400
    assert head_client.get(url("trends", "xlsx", query)).status_code == 400


def test_an_unknown_country_or_region_is_an_error(exchange, head_client):
    assert head_client.get(url("balance", "csv", "country=XX")).status_code == 400
    assert head_client.get(url("balance", "csv", "region=999")).status_code == 400


def test_the_partner_report_charts_sent_against_received_per_year(exchange, head_client):
    response = head_client.get(url("partner", query="measure=value"))
    content = response.content.decode()
    years = list(range(2025, timezone.localdate().year + 1))  # from the first counted year
    assert [row["year"] for row in response.context["table"].rows] == years
    assert content.count('class="chart__bar chart__bar--sent') == len(years)
    assert content.count('class="chart__bar chart__bar--received') == len(years)
    assert "<title>2025 · Sent: 180.00</title>" in content
    assert "Value sent and received per year" in content


def test_the_trends_page_charts_every_year(exchange, head_client):
    response = head_client.get(url("trends", query="period=last_5_years&measure=items"))
    rows = response.context["table"].rows
    assert len(rows) == 5
    assert response.content.decode().count("chart__bar--received") == 5


def test_the_report_warns_of_values_without_a_rate(exchange, head_client):
    ItemFactory(shipment=sent(exchange, D(2025, 4, 1)), unit_value=Decimal("5.00"), currency="USD")
    content = head_client.get(url("balance", query="period=all")).content.decode()
    assert "USD · 2025-04-01" in content
