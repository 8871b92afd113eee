"""The obligations of a year printed and as files (CSV for programs, XLSX for people)."""

import csv
import io
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from tests.factories import AgreementFactory, ItemFactory, ObligationFactory, PartnerFactory, sent
from tests.i18n_helpers import chinese

pytestmark = pytest.mark.django_db


def url(fmt: str = "", **query) -> str:
    path = reverse("exchange:obligation_list", kwargs={"fmt": fmt} if fmt else {})
    return path + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


@pytest.fixture
def obligations():
    """A partner obligation of 10 items a year, 3 sent this year; an incoming one of
    500 pages from the partners of France, nothing received."""
    today = timezone.localdate()
    partner = PartnerFactory(code="GB-BL", country="GB")
    agreement = AgreementFactory(title="Anglo-Chinese", reference="AC-1", countries=["GB", "FR"])
    ObligationFactory(agreement=agreement, partner=partner, target=Decimal(10))
    ItemFactory(shipment=sent(partner, today), quantity=3)
    ObligationFactory(agreement=agreement, direction="incoming", measure="pages", target=500)
    return today


def test_the_csv_lists_each_obligation_with_its_fulfilment_by_code(obligations, head_client):
    response = head_client.get(url("csv"))
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert f'filename="obligations_{obligations.year}.csv"' in response["Content-Disposition"]
    rows = list(csv.DictReader(io.StringIO(response.getvalue().decode())))
    assert [row["partner_code"] for row in rows] == ["GB-BL", ""]
    first = rows[0]
    assert (first["direction"], first["measure"], first["target"]) == ("outgoing", "items", "10.00")
    assert (first["achieved"], first["percent"], first["still_due"]) == ("3.00", "30", "7.00")
    assert first["countries"] == "FR, GB" and first["agreement_reference"] == "AC-1"
    assert rows[1]["direction"] == "incoming" and rows[1]["achieved"] == "0.00"


def test_the_export_keeps_the_lists_choices(obligations, head_client):
    rows = list(
        csv.DictReader(
            io.StringIO(head_client.get(url("csv", direction="incoming")).getvalue().decode())
        )
    )
    assert [row["measure"] for row in rows] == ["pages"]
    content = head_client.get(url(direction="incoming")).content.decode()
    assert f'href="{url("xlsx", direction="incoming")}"' in content
    assert f'href="{url("print", direction="incoming")}"' in content


def test_the_xlsx_is_headed_in_the_pages_language_with_an_about_sheet(obligations, head_client):
    response = chinese(head_client).get(url("xlsx", direction="outgoing"))
    book = load_workbook(io.BytesIO(response.getvalue()))
    sheet, about = book.worksheets
    header = [cell.value for cell in sheet[1]]
    assert header[:3] == ["年份", "协定", "编号"], header
    row = dict(zip(header, [cell.value for cell in sheet[2]], strict=True))
    assert row["年份"] == obligations.year and row["交换伙伴"] == "GB-BL"
    assert about.title == "说明"
    lines = {label: value for label, value in about.iter_rows(values_only=True)}
    assert lines["年份"] == str(obligations.year)
    assert "方向" in lines and "生成时间" in lines


def test_the_print_view_has_no_filters_and_says_what_it_shows(obligations, head_client):
    content = head_client.get(url("print", state="on_track")).content.decode()
    assert "data-print" in content
    assert 'class="filters"' not in content
    assert "Printed on" in content
    assert "State: <strong>On track</strong>" in content


@pytest.mark.parametrize("role", ["staff", "head", "admin"])
def test_every_role_prints_and_exports_the_obligations(obligations, clients, role):
    for fmt in ("print", "csv", "xlsx"):
        assert clients[role].get(url(fmt)).status_code == 200


def test_anonymous_users_are_asked_to_sign_in(obligations, anon_client):
    for fmt in ("print", "csv", "xlsx"):
        response = anon_client.get(url(fmt))
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_an_unknown_format_is_not_found(head_client):
    assert head_client.get(reverse("exchange:obligation_list") + "pdf/").status_code == 404


def test_the_exports_run_a_fixed_number_of_queries(
    obligations, head_client, django_assert_num_queries
):
    # session, user, permissions and groups, the obligations with their agreements and
    # partners, the fulfilment (item sums and shipment counts)
    for fmt in ("csv", "xlsx"):
        with django_assert_num_queries(5):
            head_client.get(url(fmt))
    # printed, as the page
    with django_assert_num_queries(5):
        head_client.get(url("print"))
