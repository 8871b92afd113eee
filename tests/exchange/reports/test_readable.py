"""Reports that read (issue 18): the measures shown, the partial year, the running
balance in the chart, grouped figures, the flags' legend, printing one measure per
table, and the XLSX for people (headed in the page's language, with an About sheet)
while the balance CSV stays the CSV of docs/domain.md."""

import io
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.utils import timezone
from openpyxl import load_workbook

from exchange.reports.charts import Series, bar_chart
from tests.exchange.reports.views_helpers import D, url
from tests.factories import ItemFactory, PartnerFactory, sent
from tests.i18n_helpers import chinese

pytestmark = pytest.mark.django_db

PERIOD_2025 = "period=custom&start=2025-01-01&end=2025-12-31"


def column_keys(response) -> list[str]:
    return [column.key for column in response.context["table"].columns]


# The measures shown ------------------------------------------------------------------


def test_the_balance_shows_items_by_default_and_the_measures_ticked(exchange, head_client):
    keys = column_keys(head_client.get(url("balance", query=PERIOD_2025)))
    assert [k for k in keys if k.endswith("_sent")] == ["items_sent"]
    keys = column_keys(
        head_client.get(url("balance", query=f"{PERIOD_2025}&measures=value&measures=pages"))
    )
    # In the usual order whatever the order ticked, each measure's columns side by side.
    assert keys[5:11] == [
        "pages_sent",
        "pages_received",
        "pages_balance",
        "value_sent",
        "value_received",
        "value_balance",
    ]
    assert "items_sent" not in keys and keys[-3:] == ["last_sent_on", "last_received_on", "flags"]


def test_the_default_measure_is_that_of_the_basis_filtered_on(exchange, head_client):
    keys = column_keys(head_client.get(url("balance", query=f"{PERIOD_2025}&basis=value")))
    assert [k for k in keys if k.endswith("_balance")] == ["value_balance"]
    keys = column_keys(head_client.get(url("summary_region", query="basis=page")))
    assert [k for k in keys if k.endswith("_balance")] == ["pages_balance"]


def test_the_partner_report_shows_the_measure_of_the_partners_basis(exchange, head_client):
    exchange.exchange_basis = "page"
    exchange.save()
    response = head_client.get(url("partner"))
    keys = column_keys(response)
    assert keys == ["year", "pages_sent", "pages_received", "pages_balance", "pages_cumulative"]
    assert response.context["chart"].title == "Pages sent and received per year"


def test_the_page_heads_the_figures_by_measure(exchange, head_client):
    content = head_client.get(url("balance", query=f"{PERIOD_2025}&measures=value")).getvalue()
    html = content.decode()
    assert '<th scope="colgroup" colspan="3" class="report-group">Value</th>' in html
    assert 'title="Sort by Value received">Received<' in html


def test_the_sort_links_keep_the_measures(exchange, head_client):
    html = head_client.get(url("balance", query="period=all&measures=value")).getvalue().decode()
    assert 'href="?period=all&amp;measures=value&amp;sort=-value_sent"' in html


def test_an_unknown_measure_is_an_error_of_the_form_and_a_bad_request_for_files(
    exchange, head_client
):
    response = head_client.get(url("balance", query="measures=weight"))
    assert response.context["table"] is None
    assert "Select a valid choice" in response.getvalue().decode()
    assert head_client.get(url("balance", "xlsx", "measures=weight")).status_code == 400


# Figures in running text -------------------------------------------------------------


def test_most_out_of_balance_groups_its_figures(head_client):
    """Sent 3,638 items and 18,146.00 of value, nothing back: shown as the tables show
    figures (before: "sent 3638", "sent 18146.00")."""
    pieces = PartnerFactory(code="AA-PIECE", exchange_basis="piece")
    ItemFactory(shipment=sent(pieces, D(2025, 3, 1)), quantity=3638)
    priced = PartnerFactory(code="AA-VALUE", exchange_basis="value")
    ItemFactory(
        shipment=sent(priced, D(2025, 3, 1)),
        quantity=2,
        unit_value=Decimal("9073.00"),
        currency="CNY",
    )
    html = head_client.get(url("balance", query=PERIOD_2025)).getvalue().decode()
    assert "sent 3,638, received 0)" in html
    assert "sent 18,146.00, received 0.00)" in html


# The year under way and the running balance ------------------------------------------


def test_the_partner_report_marks_this_year_as_so_far(exchange, head_client):
    year = timezone.localdate().year
    ItemFactory(shipment=sent(exchange, D(year, 1, 1)), quantity=1)
    response = head_client.get(url("partner"))
    html = response.getvalue().decode()
    rows = response.context["table"].rows
    assert [row["partial"] for row in rows] == [False] * (len(rows) - 1) + [True]
    assert (
        f'<td class="nowrap report-year--partial">{year} <span class="badge partial-mark">' in html
    )
    assert f"{year} is under way: its figures are those counted up to" in html
    chart = response.context["chart"]
    assert [bar.partial for bar in chart.bars][-2:] == [True, True]
    assert not any(bar.partial for bar in chart.bars[:-2])
    assert html.count('class="chart__hatched"') == 2
    assert chart.labels[-1].note == "so far"


def test_the_partner_chart_draws_the_running_balance_through_each_year(exchange, head_client):
    """GB-BL: 2 items sent and 5 received in 2025 (conftest): cumulative −3, then −3."""
    response = head_client.get(url("partner", query="measure=items"))
    chart = response.context["chart"]
    (line,) = chart.lines
    years = timezone.localdate().year - 2025 + 1
    assert [point.title.rsplit(": ", 1)[1] for point in line.points] == ["-3"] * years
    assert 'class="chart__line chart__line--cumulative"' in response.getvalue().decode()
    # Below zero: the scale goes under the baseline, and the line's points sit there.
    assert all(point.y > chart.baseline for point in line.points)


def test_the_charts_titles_group_their_figures():
    chart = bar_chart(
        "t", ["2025"], [Series("Sent", "sent", [3638]), Series("Value", "v", [Decimal("18146.00")])]
    )
    assert [bar.title for bar in chart.bars] == ["2025 · Sent: 3,638", "2025 · Value: 18,146.00"]


def test_the_chart_scale_covers_negative_values_and_draws_bars_from_zero():
    chart = bar_chart(
        "t",
        ["2024", "2025"],
        [Series("Sent", "sent", [10, 0]), Series("Received", "received", [4, 8])],
        line=Series("Cumulative", "cumulative", [6, -2]),
        partial=frozenset({1}),
        partial_label="so far",
    )
    assert [tick.label for tick in chart.ticks] == ["−5", "0", "5", "10"]
    zero = next(tick.y for tick in chart.ticks if tick.label == "0")
    assert chart.baseline == zero
    assert all(bar.y + bar.height == pytest.approx(zero, abs=0.02) for bar in chart.bars)
    points = chart.lines[0].points
    assert points[0].y < zero < points[1].y
    assert [label.note for label in chart.labels] == ["", "so far"]


# Flags -------------------------------------------------------------------------------


def test_flags_are_short_in_the_table_with_a_legend(exchange, head_client):
    html = head_client.get(url("balance", query=PERIOD_2025)).getvalue().decode()
    assert 'title="Received more than twice what was sent">Receives more</li>' in html
    assert 'class="report-legend"' in html
    assert "Receives more</span> Received more than twice what was sent</dd>" in html


# Print -------------------------------------------------------------------------------


def test_the_print_view_has_a_table_per_measure(exchange, head_client):
    response = head_client.get(
        url("balance", "print", f"{PERIOD_2025}&measures=items&measures=value")
    )
    printed = response.context["printed"]
    assert [str(label) for label, _table in printed] == ["Items", "Value"]
    assert [c.key for c in printed[1][1].columns if c.key.startswith("value")] == [
        "value_sent",
        "value_received",
        "value_balance",
    ]
    assert not any(c.key.startswith("items") for c in printed[1][1].columns)
    html = response.getvalue().decode()
    assert html.count('<table class="table table--compact report-table">') == 2
    assert html.count('class="report-part"') == 2


def test_the_print_style_sheet_keeps_one_line_a_row_and_breaks_between_measures():
    from django.conf import settings

    css = (settings.BASE_DIR / "static" / "css" / "reports.css").read_text()
    assert ".report-part + .report-part {\n    break-before: page;" in css
    assert "text-overflow: ellipsis" in css


# Files -------------------------------------------------------------------------------


def test_the_report_xlsx_is_headed_in_chinese_with_an_about_sheet(exchange, head_client):
    response = chinese(head_client).get(
        url("balance", "xlsx", f"{PERIOD_2025}&country=GB&measures=value")
    )
    book = load_workbook(io.BytesIO(response.getvalue()))
    sheet, about = book.worksheets
    header = [cell.value for cell in sheet[1]]
    assert header[:2] == ["代码", "交换伙伴"]
    assert "寄出金额" in header and "寄出册数" not in header
    row = dict(zip(header, [cell.value for cell in sheet[2]], strict=True))
    assert row["寄出金额"] == Decimal("180") and row["代码"] == "GB-BL"
    # Names and labels, as the page shows them (the CSV keeps the codes).
    assert (row["国家/地区"], row["类型"]) == ("英国", "国家图书馆")
    assert about.title == "说明"
    lines = dict(about.iter_rows(values_only=True))
    assert lines["期间"] == "2025-01-01 – 2025-12-31"
    assert lines["国家/地区"].endswith("(GB)")
    assert lines["显示的指标"] == "金额"
    assert lines["金额币种"] == "CNY"
    assert lines["生成时间"][:4] == str(timezone.localtime().year)


def test_the_balance_csv_stays_the_domain_csv_whatever_the_measures_shown(exchange, head_client):
    """Every column of docs/domain.md, byte for byte what `balance_report` writes."""
    web = head_client.get(
        url("balance", "csv", f"{PERIOD_2025}&measures=value&sort=-value_sent")
    ).getvalue()
    out = io.StringIO()
    call_command("balance_report", "--from", "2025-01-01", "--to", "2025-12-31", stdout=out)
    assert web == out.getvalue().encode()
    header = web.decode().split("\r\n")[0]
    assert header == (
        "partner_code,partner_name,country,kind,items_sent,items_received,items_balance,"
        "titles_sent,titles_received,titles_balance,pages_sent,pages_received,pages_balance,"
        "value_sent,value_received,value_balance,last_sent_on,last_received_on"
    )
    assert (
        chinese(head_client).get(url("balance", "csv", f"{PERIOD_2025}&measures=value")).getvalue()
        == web
    )


def test_the_other_csvs_keep_every_column_by_key(exchange, head_client):
    text = (
        head_client.get(url("summary_kind", "csv", "period=all&measures=value")).getvalue().decode()
    )
    assert "items_sent" in text.split("\r\n")[0] and "value_balance" in text.split("\r\n")[0]


def test_the_balance_command_xlsx_keeps_the_column_keys(exchange, tmp_path):
    path = tmp_path / "b.xlsx"
    call_command("balance_report", "--format", "xlsx", "--output", str(path))
    book = load_workbook(path)
    assert book.active["A1"].value == "partner_code" and len(book.worksheets) == 1
