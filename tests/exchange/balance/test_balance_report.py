"""`manage.py balance_report`: the balance CSV (docs/domain.md), the same bytes as the
web export."""

import datetime
import io
from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from openpyxl import load_workbook

from exchange.balance.export import balance_cells, balance_csv
from exchange.balance.totals import MEASURE_CELLS, Balance, PartnerBalance, Totals
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
HEADER = (
    "partner_code,partner_name,country,kind,items_sent,items_received,"
    "items_balance,titles_sent,titles_received,titles_balance,pages_sent,"
    "pages_received,pages_balance,value_sent,value_received,value_balance,"
    "last_sent_on,last_received_on\r\n"
)


@pytest.fixture
def exchange():
    """Three partners in two countries; figures for 2024 worked out in the tests."""
    RateFactory(currency="EUR", valid_from=D(2024, 1, 1), rate=Decimal("7.800000"))
    bnf = PartnerFactory(
        code="FR-BNF", name="Bibliothèque nationale de France", country="FR", kind="national"
    )
    bl = PartnerFactory(code="GB-BL", name="British Library, London", country="GB")
    PartnerFactory(
        code="GB-OX", name="Bodleian “Libraries”", country="GB", kind="university", status="ended"
    )
    outgoing = sent(bl, D(2024, 1, 1))
    ItemFactory(
        shipment=outgoing, quantity=2, pages=100, unit_value=Decimal("12.50"), currency="EUR"
    )
    ItemFactory(shipment=outgoing, quantity=1, pages=40)
    incoming = received(bl, D(2024, 12, 31))
    ItemFactory(shipment=incoming, quantity=3, pages=10, unit_value=Decimal("1.00"), currency="CNY")
    ItemFactory(shipment=sent(bnf, D(2025, 1, 1)), quantity=9)  # after the period
    ShipmentFactory(partner=bnf, status="cancelled")
    return bl


def run(*args) -> str:
    out = io.StringIO()
    call_command("balance_report", *args, stdout=out)
    return out.getvalue()


def test_it_writes_one_row_per_partner_by_code_with_the_domain_header(exchange):
    text = run("--from", "2024-01-01", "--to", "2024-12-31")
    assert text == (
        HEADER + "FR-BNF,Bibliothèque nationale de France,FR,national,"
        "0,0,0,0,0,0,0,0,0,0.00,0.00,0.00,,\r\n"
        'GB-BL,"British Library, London",GB,national,'
        "3,3,0,2,1,1,240,30,210,195.00,3.00,192.00,2024-01-01,2024-12-31\r\n"
        "GB-OX,Bodleian “Libraries”,GB,university,0,0,0,0,0,0,0,0,0,0.00,0.00,0.00,,\r\n"
    )


def test_both_ends_of_the_period_are_inclusive_and_either_may_be_open(exchange):
    assert ",2024-01-01,2024-12-31\r\n" in run("--from", "2024-01-01", "--to", "2024-12-31")
    assert "3,3,0,2,1,1" not in run("--from", "2024-01-02", "--to", "2024-12-30")
    assert "FR-BNF,Bibliothèque nationale de France,FR,national,9," in run("--from", "2025-01-01")
    assert "FR-BNF,Bibliothèque nationale de France,FR,national,0," in run("--to", "2024-12-31")


def test_the_country_is_taken_in_either_case(exchange):
    upper = run("--country", "GB", "--from", "2024-01-01")
    assert upper == run("--country", "gb", "--from", "2024-01-01")
    assert [line.split(",")[0] for line in upper.splitlines()[1:]] == ["GB-BL", "GB-OX"]


def test_the_kind_filters_partners(exchange):
    text = run("--kind", "university")
    assert text.splitlines()[1:] == [
        "GB-OX,Bodleian “Libraries”,GB,university,0,0,0,0,0,0,0,0,0,0.00,0.00,0.00,,"
    ]


def test_rows_are_in_code_point_order_of_the_code_whatever_the_collation(db):
    for code in ("GBA", "GB1", "GB-Z", "GB-BL"):
        PartnerFactory(code=code)
    codes = [line.split(",")[0] for line in run().splitlines()[1:]]
    assert codes == ["GB-BL", "GB-Z", "GB1", "GBA"]


def test_no_partner_matching_gives_the_header_alone(exchange):
    assert run("--country", "JP") == HEADER


def test_the_output_file_is_utf8_without_bom_with_crlf_line_ends(exchange, tmp_path):
    path = tmp_path / "balance.csv"
    call_command("balance_report", "--from", "2024-01-01", "--output", str(path))
    data = path.read_bytes()
    assert data.startswith(b"partner_code,")
    assert not data.startswith(b"\xef\xbb\xbf")
    assert data.count(b"\r\n") == 4 and b"\n" not in data.replace(b"\r\n", b"")
    assert "Bibliothèque".encode() in data


def test_standard_output_gets_the_same_bytes_as_the_file(exchange, tmp_path):
    path = tmp_path / "balance.csv"
    call_command("balance_report", "--to", "2024-12-31", "--output", str(path))
    buffer = io.BytesIO()
    stdout = io.TextIOWrapper(buffer, encoding="ascii")  # a locale that could not print it
    call_command("balance_report", "--to", "2024-12-31", stdout=stdout)
    assert buffer.getvalue() == path.read_bytes()


@pytest.mark.parametrize(
    ("args", "query"),
    [
        ((), "period=all"),
        (
            ("--from", "2024-01-01", "--to", "2024-12-31"),
            "period=custom&start=2024-01-01&end=2024-12-31",
        ),
        (("--from", "2024-01-01", "--country", "gb"), "start=2024-01-01&country=gb"),
        (
            ("--to", "2024-12-31", "--kind", "national"),
            "period=custom&end=2024-12-31&kind=national",
        ),
        (("--country", "GB", "--status", "ended"), "period=all&country=GB&status=ended"),
        (("--region", "150", "--basis", "piece"), "period=all&region=150&basis=piece"),
    ],
)
def test_the_web_export_is_byte_identical_for_the_same_filters(
    exchange, head_client, tmp_path, args, query
):
    path = tmp_path / "balance.csv"
    call_command("balance_report", *args, "--output", str(path))
    response = head_client.get(f"{reverse('exchange:report_balance', args=['csv'])}?{query}")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response.content == path.read_bytes()
    assert response.content.startswith(HEADER.encode())


def test_xlsx_has_numbers_dates_a_bold_frozen_header_and_a_totals_row(exchange, tmp_path):
    path = tmp_path / "balance.xlsx"
    call_command(
        "balance_report",
        "--from",
        "2024-01-01",
        "--to",
        "2024-12-31",
        "--format",
        "xlsx",
        "--output",
        str(path),
    )
    sheet = load_workbook(path).active
    rows = list(sheet.iter_rows(values_only=True))
    assert list(rows[0]) == HEADER.strip().split(",")
    assert sheet.freeze_panes == "A2"
    assert all(cell.font.bold for cell in sheet[1])
    bl = rows[2]
    assert bl[:4] == ("GB-BL", "British Library, London", "GB", "national")
    assert bl[4:13] == (3, 3, 0, 2, 1, 1, 240, 30, 210)
    assert bl[13:16] == (195, 3, 192)
    assert isinstance(bl[16], datetime.datetime) and bl[16].date() == D(2024, 1, 1)
    assert sheet.cell(row=3, column=14).number_format == "0.00"
    assert sheet.cell(row=3, column=17).is_date
    total = rows[-1]
    assert total[0] == "Total"
    assert total[4:16] == (3, 3, 0, 2, 1, 1, 240, 30, 210, 195, 3, 192)
    assert all(cell.font.bold for cell in sheet[sheet.max_row])
    assert len(rows) == 1 + 3 + 1


def test_xlsx_to_standard_output_is_the_workbook_bytes(exchange):
    buffer = io.BytesIO()
    stdout = io.TextIOWrapper(buffer)
    call_command("balance_report", "--format", "xlsx", stdout=stdout)
    assert load_workbook(io.BytesIO(buffer.getvalue())).active["A1"].value == "partner_code"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--from", "2024-13-01"), "not a date"),
        (("--from", "2024-02-01", "--to", "2024-01-31"), "before"),
        (("--country", "XX"), "not an ISO 3166-1"),
        (("--region", "999"), "not a UN M49"),
    ],
)
def test_bad_options_are_refused_with_a_message(args, message, db):
    with pytest.raises(CommandError, match=message):
        run(*args)


def test_it_warns_on_standard_error_of_values_without_a_rate(exchange):
    ItemFactory(shipment=sent(exchange, D(2024, 5, 1)), unit_value=Decimal("5.00"), currency="USD")
    err = io.StringIO()
    call_command("balance_report", stdout=io.StringIO(), stderr=err)
    assert "no exchange rate for USD on 2024-05-01" in err.getvalue()


def test_a_changed_base_currency_is_still_exact_before_the_summary_is_rebuilt(db, settings):
    partner = PartnerFactory(code="US-LC", country="US")
    RateFactory(currency="USD", valid_from=datetime.date(2020, 1, 1), rate=Decimal("7.1"))
    shipment = sent(partner, datetime.date(2025, 3, 1))
    ItemFactory(shipment=shipment, quantity=2, unit_value=Decimal("10.00"), currency="USD")
    settings.EXCHANGE_BASE_CURRENCY = "USD"
    out, err = io.StringIO(), io.StringIO()
    call_command("balance_report", stdout=out, stderr=err)
    row = out.getvalue().splitlines()[1].split(",")
    assert row[13] == "20.00"  # USD is now the base: converted at 1, not at 7.1
    assert "rebuild_summary" in err.getvalue()


def test_the_csv_has_the_domain_columns_quoted_and_rounded_as_the_csv_module_writes():
    partner = SimpleNamespace(code="X-1", name='A "quoted", name', country="GB", kind="public")
    sent = Totals(items=3, titles=2, pages=240, value=Decimal("195.005"), shipments=1)
    received = Totals(value=Decimal("0.004"), shipments=1, last_on=datetime.date(2024, 12, 31))
    rows = [
        PartnerBalance(sent=sent, received=received, partner=partner),
        PartnerBalance(sent=received, received=sent, partner=partner),
        PartnerBalance(partner=partner),
    ]
    name = 'X-1,"A ""quoted"", name",GB,public'
    assert balance_csv(rows).splitlines() == [
        HEADER.rstrip(),
        f"{name},3,0,3,2,0,2,240,0,240,195.01,0.00,195.01,,2024-12-31",
        f"{name},0,3,-3,0,2,-2,0,240,-240,0.00,195.01,-195.01,2024-12-31,",
        f"{name},0,0,0,0,0,0,0,0,0,0.00,0.00,0.00,,",
    ]
    assert balance_cells(rows[0])["value_balance"] == Decimal("195.01")
    assert list(Balance().cells()) == MEASURE_CELLS
