"""The report pages, their print views and downloads: access, content, queries."""

import datetime
import io
from decimal import Decimal

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from partners.models import Partner
from shipments.models import Shipment, ShipmentItem
from tests.factories import ItemFactory, PartnerFactory, RateFactory, received, sent

pytestmark = pytest.mark.django_db

D = datetime.date
FORMATS = ("", "print", "csv", "xlsx")
REPORTS = {
    "balance": ("exchange:report_balance", {}),
    "partner": ("exchange:report_partner", {"code": "GB-BL"}),
    "summary_country": ("exchange:report_summary", {"by": "country"}),
    "summary_region": ("exchange:report_summary", {"by": "region"}),
    "summary_subregion": ("exchange:report_summary", {"by": "subregion"}),
    "summary_kind": ("exchange:report_summary", {"by": "kind"}),
    "trends": ("exchange:report_trends", {}),
    "costs_partner": ("exchange:report_costs", {"by": "partner"}),
    "costs_country": ("exchange:report_costs", {"by": "country"}),
}


def url(report: str, fmt: str = "", query: str = "") -> str:
    name, kwargs = REPORTS[report]
    path = reverse(name, kwargs={**kwargs, **({"fmt": fmt} if fmt else {})})
    return f"{path}?{query}" if query else path


def every_url():
    yield reverse("exchange:reports")
    for report in REPORTS:
        for fmt in FORMATS:
            yield url(report, fmt)


@pytest.fixture
def exchange():
    """The British Library and the BnF in 2025; figures worked out in the tests."""
    RateFactory(currency="GBP", valid_from=D(2025, 1, 1), rate=Decimal("9.000000"))
    bl = PartnerFactory(code="GB-BL", name="British Library", country="GB")
    bnf = PartnerFactory(
        code="FR-BNF", name="Bibliothèque nationale de France", country="FR", kind="national"
    )
    out = sent(bl, D(2025, 3, 1), postage_cost=Decimal("40.00"))
    ItemFactory(shipment=out, quantity=2, pages=100, unit_value=Decimal("10.00"), currency="GBP")
    back = received(bl, D(2025, 9, 1))
    ItemFactory(shipment=back, quantity=5, pages=20, unit_value=Decimal("1.00"), currency="GBP")
    ItemFactory(shipment=sent(bnf, D(2024, 5, 1)), quantity=7)
    return bl


@pytest.fixture
def nobody_client(db):
    client = Client()
    client.force_login(User.objects.create_user(username="nobody", password="x-secret-pass-9"))
    return client


# Access ------------------------------------------------------------------------------


def test_anonymous_users_are_sent_to_sign_in(exchange, anon_client):
    for address in every_url():
        response = anon_client.get(address)
        assert response.status_code == 302, address
        assert response["Location"].startswith(reverse("login")), address


def test_a_signed_in_user_without_the_permission_is_refused(exchange, nobody_client):
    for address in every_url():
        assert nobody_client.get(address).status_code == 403, address


@pytest.mark.parametrize("role", ["staff", "head", "admin"])
def test_every_role_reads_every_report_in_every_format(exchange, clients, role):
    for address in every_url():
        assert clients[role].get(address).status_code == 200, address


def test_the_partner_lookup_goes_to_the_partners_report(exchange, head_client):
    response = head_client.get(reverse("exchange:report_partner_lookup") + "?code=gb-bl")
    assert response.status_code == 302
    assert response["Location"] == url("partner")


def test_an_unknown_partner_code_says_so(exchange, head_client):
    response = head_client.get(
        reverse("exchange:report_partner_lookup") + "?code=XX-NONE", follow=True
    )
    assert "There is no partner with the code “XX-NONE”." in response.content.decode()
    assert head_client.get(reverse("exchange:report_partner", args=["XX-NONE"])).status_code == 404


def test_the_index_links_every_report(exchange, head_client):
    content = head_client.get(reverse("exchange:reports")).content.decode()
    for report in REPORTS:
        if report != "partner":
            assert f'href="{url(report)}"' in content, report


# Pages -------------------------------------------------------------------------------


def test_the_balance_page_shows_the_figures_the_flags_and_a_totals_row(exchange, head_client):
    response = head_client.get(
        url("balance", query="period=custom&start=2025-01-01&end=2025-12-31")
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
    years = list(range(2000, timezone.localdate().year + 1))  # since the exchange began
    assert [row["year"] for row in response.context["table"].rows] == years
    assert content.count('class="chart__bar chart__bar--sent"') == len(years)
    assert content.count('class="chart__bar chart__bar--received"') == len(years)
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


# Print views -------------------------------------------------------------------------


def test_print_views_have_a_header_with_the_period_and_the_filters_and_no_form(
    exchange, head_client
):
    query = "period=custom&start=2025-01-01&end=2025-12-31&country=gb&kind=national"
    for report in REPORTS:
        content = head_client.get(url(report, "print", query)).content.decode()
        assert "report--print" in content, report
        assert 'class="filters report-filters"' not in content, report
        assert "data-print" in content, report
        assert "css/reports.css" in content, report
        if report != "partner":
            assert "Period: <strong>2025-01-01 – 2025-12-31</strong>" in content, report
            assert "Country: <strong>United Kingdom (GB)</strong>" in content, report
            assert "Kind: <strong>National library</strong>" in content, report


def test_the_print_style_sheet_prints_a4_landscape_with_page_numbers():
    from django.conf import settings

    css = (settings.BASE_DIR / "static" / "css" / "reports.css").read_text()
    assert "size: A4 landscape" in css
    assert "counter(page)" in css


# Downloads ---------------------------------------------------------------------------


def test_the_balance_csv_is_the_domain_csv_by_partner_code(exchange, head_client):
    response = head_client.get(url("balance", "csv", "period=last_year&sort=-items_sent"))
    assert response["Content-Disposition"].startswith('attachment; filename="balance_')
    lines = response.content.decode().split("\r\n")
    assert lines[0].startswith("partner_code,partner_name,country,kind,items_sent,")
    assert [line.split(",")[0] for line in lines[1:-1]] == ["FR-BNF", "GB-BL"]
    assert lines[-1] == ""  # no totals row


def test_every_csv_has_a_header_row_and_no_totals_row(exchange, head_client):
    for report in REPORTS:
        response = head_client.get(url(report, "csv", "period=all"))
        assert response["Content-Type"] == "text/csv; charset=utf-8"
        text = response.content.decode()
        assert not text.startswith("\ufeff")
        assert "Total" not in text, report


def test_every_xlsx_has_a_bold_frozen_header_numbers_and_a_totals_row(exchange, head_client):
    for report in REPORTS:
        response = head_client.get(url(report, "xlsx", "period=all"))
        sheet = load_workbook(io.BytesIO(response.content)).active
        assert sheet.freeze_panes == "A2", report
        assert all(cell.font.bold for cell in sheet[1]), report
        last = list(sheet.iter_rows(min_row=sheet.max_row, values_only=True))[0]
        assert last[0] == "Total", report
        assert all(cell.font.bold for cell in sheet[sheet.max_row]), report
        header = [cell.value for cell in sheet[1]]
        column = header.index("items_received") + 1 if "items_received" in header else None
        if column:
            cell = sheet.cell(row=2, column=column)
            assert isinstance(cell.value, int) and cell.number_format == "0", report


def test_the_cost_xlsx_has_money_and_ratio_formats(exchange, head_client):
    response = head_client.get(url("costs_partner", "xlsx", "period=all&country=GB"))
    sheet = load_workbook(io.BytesIO(response.content)).active
    header = [cell.value for cell in sheet[1]]
    row = {key: cell for key, cell in zip(header, sheet[2], strict=True)}
    assert row["total_cost"].value == 40 and row["total_cost"].number_format == "0.00"
    # 40.00 / 45.00 received, per unit of value: 0.8889
    assert row["cost_per_value_received"].value == pytest.approx(0.8889)
    assert row["cost_per_value_received"].number_format == "0.0000"
    assert row["cost_per_item_received"].value == 8  # 40.00 / 5 items


# A fixed number of queries -----------------------------------------------------------

# Every page: the session, the user, the user's and the groups' permissions (4), and the
# header's role (1). Then each report's own, as its docstring says:
#   index 0; balance 3 (partners with their last receipt, item sums, shipment counts);
#   partner 3 (the partner, item sums and shipment counts by year); summaries 4 (item
#   sums, shipment counts, partners, partners exchanging); trends 3 (item sums, shipment
#   counts, partners exchanging per year); costs 4 by partner (costs, item sums, shipment
#   counts, partners), 3 by country. Pages and print views add the missing-rates check.
# Downloads have no header: 4 + the report's own.
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
    expected = {reverse("exchange:reports"): 5}
    for report, own in OWN.items():
        for fmt in FORMATS:
            expected[url(report, fmt)] = 4 + own + (0 if fmt in ("csv", "xlsx") else 2)
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
    with django_assert_num_queries(4 + 2):
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
