"""Who may use the import pages, and the empty templates they offer."""

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from exchange.rates.models import RATE_COLUMNS
from partners.models import PARTNER_CHINESE_COLUMNS, PARTNER_COLUMNS
from shipments.columns import SHIPMENT_IMPORT_COLUMNS

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("british_library_and_usd_rate")]


# Who may do what ----------------------------------------------------------------------


UPLOAD_STATUS = {
    # role: (partners, rates, shipments)
    "staff": (403, 403, 200),
    "head": (403, 403, 403),
    "admin": (200, 200, 200),
}


@pytest.mark.parametrize("role", ["staff", "head", "admin"])
def test_upload_pages_are_for_administrators_and_acquisitions_staff(clients, role):
    for kind, expected in zip(("partners", "rates", "shipments"), UPLOAD_STATUS[role], strict=True):
        response = clients[role].get(reverse(f"exchange:import_{kind}"))
        assert response.status_code == expected, (role, kind)


def test_anonymous_users_are_sent_to_sign_in_everywhere(anon_client):
    pending_url = reverse("exchange:import_preview", args=[1])
    for url in (
        reverse("exchange:imports"),
        reverse("exchange:import_shipments"),
        reverse("exchange:import_template", args=["shipments", "csv"]),
        pending_url,
        reverse("partners:export"),
        reverse("shipments:export"),
        reverse("exchange:export_rates"),
    ):
        response = anon_client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))


def test_the_import_page_lists_the_imports_each_role_may_use(clients):
    assert clients["head"].get(reverse("exchange:imports")).status_code == 403
    staff = clients["staff"].get(reverse("exchange:imports")).content.decode()
    admin = clients["admin"].get(reverse("exchange:imports")).content.decode()

    assert reverse("exchange:import_shipments") in staff
    assert reverse("exchange:import_partners") not in staff
    for kind in ("partners", "rates", "shipments"):
        assert reverse(f"exchange:import_{kind}") in admin


def test_the_shipment_upload_offers_replace_and_the_templates(staff_client):
    page = staff_client.get(reverse("exchange:import_shipments")).content.decode()

    assert 'name="replace"' in page
    assert reverse("exchange:import_template", args=["shipments", "xlsx"]) in page


def test_the_rates_upload_offers_the_rates_export(admin_client):
    page = admin_client.get(reverse("exchange:import_rates")).content.decode()

    assert reverse("exchange:export_rates") + "?format=xlsx" in page
    assert 'name="replace"' not in page


# Templates ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kind", "columns"),
    [
        ("partners", (*PARTNER_COLUMNS, *PARTNER_CHINESE_COLUMNS)),
        ("rates", RATE_COLUMNS),
        ("shipments", SHIPMENT_IMPORT_COLUMNS),
    ],
)
def test_empty_templates_have_the_header_in_csv_and_xlsx(admin_client, kind, columns):
    csv_response = admin_client.get(reverse("exchange:import_template", args=[kind, "csv"]))
    xlsx_response = admin_client.get(reverse("exchange:import_template", args=[kind, "xlsx"]))

    assert csv_response.content.decode() == ",".join(columns) + "\r\n"
    assert csv_response["Content-Disposition"] == f'attachment; filename="{kind}-template.csv"'
    sheet = load_workbook(io.BytesIO(xlsx_response.content)).worksheets[0]
    assert [cell.value for cell in sheet[1]] == list(columns)
    assert sheet.max_row == 1


def test_templates_need_the_import_permission(staff_client, admin_client):
    url = reverse("exchange:import_template", args=["partners", "csv"])
    assert staff_client.get(url).status_code == 403
    assert (
        admin_client.get(reverse("exchange:import_template", args=["nope", "csv"])).status_code
        == 404
    )
    assert (
        admin_client.get(reverse("exchange:import_template", args=["rates", "ods"])).status_code
        == 404
    )
