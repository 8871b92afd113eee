"""The reports' print views and their CSV and XLSX downloads."""

import io

import pytest
from openpyxl import load_workbook

from tests.exchange.reports.views_helpers import REPORTS, url

pytestmark = pytest.mark.django_db


# Print views -------------------------------------------------------------------------


def test_print_views_have_a_header_with_the_period_and_the_filters_and_no_form(
    exchange, head_client
):
    query = "period=custom&start=2025-01-01&end=2025-12-31&country=gb&kind=national"
    for report in REPORTS:
        content = head_client.get(url(report, "print", query)).getvalue().decode()
        assert "report--print" in content, report
        assert 'class="filters report-filters"' not in content, report
        assert "data-print" in content, report
        assert "css/reports.css" in content, report
        if report != "partner":
            assert "Period: <strong>2025-01-01 – 2025-12-31</strong>" in content, report
            assert "Country or region: <strong>United Kingdom (GB)</strong>" in content, report
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
    lines = response.getvalue().decode().split("\r\n")
    assert lines[0].startswith("partner_code,partner_name,country,kind,items_sent,")
    assert [line.split(",")[0] for line in lines[1:-1]] == ["FR-BNF", "GB-BL"]
    assert lines[-1] == ""  # no totals row


def test_every_csv_has_a_header_row_and_no_totals_row(exchange, head_client):
    for report in REPORTS:
        response = head_client.get(url(report, "csv", "period=all"))
        assert response["Content-Type"] == "text/csv; charset=utf-8"
        text = response.getvalue().decode()
        assert not text.startswith("\ufeff")
        assert "Total" not in text, report


def test_every_xlsx_has_a_bold_frozen_header_numbers_and_a_totals_row(exchange, head_client):
    for report in REPORTS:
        response = head_client.get(url(report, "xlsx", "period=all"))
        sheet = load_workbook(io.BytesIO(response.getvalue())).active
        assert sheet.freeze_panes == "A2", report
        assert all(cell.font.bold for cell in sheet[1]), report
        last = list(sheet.iter_rows(min_row=sheet.max_row, values_only=True))[0]
        assert last[0].startswith("Total"), report  # "Total, 2 countries and regions"
        assert all(cell.font.bold for cell in sheet[sheet.max_row]), report
        header = [cell.value for cell in sheet[1]]
        column = header.index("Items received") + 1 if "Items received" in header else None
        if column:
            cell = sheet.cell(row=2, column=column)
            assert isinstance(cell.value, int) and cell.number_format == "0", report


def test_the_cost_xlsx_has_money_and_ratio_formats(exchange, head_client):
    response = head_client.get(url("costs_partner", "xlsx", "period=all&country=GB"))
    sheet = load_workbook(io.BytesIO(response.getvalue())).active
    header = [cell.value for cell in sheet[1]]
    row = {key: cell for key, cell in zip(header, sheet[2], strict=True)}
    assert row["Total cost (CNY)"].value == 40
    assert row["Total cost (CNY)"].number_format == "0.00"
    # 40.00 / 45.00 received, per unit of value: 0.8889
    assert row["Cost per unit of value received"].value == pytest.approx(0.8889)
    assert row["Cost per unit of value received"].number_format == "0.0000"
    assert row["Cost per item received"].value == 8  # 40.00 / 5 items
