"""Imports in the web UI (upload → preview → confirm), templates and exports, as each role."""

import datetime
import io
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from exchange.rates.models import RATE_COLUMNS, ExchangeRate
from exchange.transfer.exports import export_partners, export_rates, export_shipments
from exchange.transfer.models import PendingImport
from partners.models import PARTNER_COLUMNS, Partner
from shipments.columns import SHIPMENT_IMPORT_COLUMNS
from shipments.models import Shipment
from tests.exchange.import_files import csv_bytes, run_command, snapshot, table
from tests.factories import ItemFactory, PartnerFactory, RateFactory, ShipmentFactory, sent

pytestmark = pytest.mark.django_db
DAY = datetime.date(2025, 3, 1)

SHIPMENT = {
    "reference": "OUT-2025-00001",
    "direction": "outgoing",
    "partner_code": "GB-BL",
    "status": "dispatched",
    "dispatched_on": "2025-03-01",
    "method": "air",
    "title": "Selected poems",
    "language": "zh",
    "quantity": "2",
    "pages": "100",
    "unit_value": "12.50",
    "currency": "USD",
}
PARTNER = {
    "code": "FR-BNF",
    "name": "National Library of France",
    "name_original": "Bibliothèque nationale de France",
    "kind": "national",
    "country": "FR",
    "status": "active",
}


@pytest.fixture(autouse=True)
def data(db):
    PartnerFactory(code="GB-BL", name="British Library")
    RateFactory(currency="USD", valid_from=datetime.date(2020, 1, 1), rate=Decimal("7.1"))


def shipments_file(*rows: dict, name: str = "list.csv") -> SimpleUploadedFile:
    content = csv_bytes(SHIPMENT_IMPORT_COLUMNS, table(SHIPMENT_IMPORT_COLUMNS, SHIPMENT, *rows))
    return SimpleUploadedFile(name, content)


def upload(client, kind: str, file, **extra):
    return client.post(reverse(f"exchange:import_{kind}"), {"file": file, **extra})


def preview_url(response) -> str:
    assert response.status_code == 302, response.content.decode()[:2000]
    return response["Location"]


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
        ("partners", PARTNER_COLUMNS),
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


# Upload, preview, confirm ---------------------------------------------------------------


def test_upload_and_preview_write_nothing(staff_client):
    before = snapshot()

    preview = preview_url(upload(staff_client, "shipments", shipments_file({}, {"title": "Two"})))
    page = staff_client.get(preview).content.decode()

    assert snapshot() == before
    assert PendingImport.objects.get().file_name == "list.csv"
    assert "Ready to import" in page
    assert "Confirm and import" in page
    assert "Selected poems" in page and "Two" in page


def test_preview_marks_every_problem_on_its_row_and_offers_no_confirmation(staff_client):
    file = shipments_file(
        {}, {"reference": "OUT-2", "quantity": "-1"}, {"reference": "OUT-3", "partner_code": "XX"}
    )
    preview = preview_url(upload(staff_client, "shipments", file))

    response = staff_client.get(preview)
    page = response.content.decode()

    assert "2 problems: nothing can be imported" in page
    assert "Confirm and import" not in page
    assert "quantity: “-1” is less than 1." in page
    assert "partner_code: No partner has the code “XX”." in page
    rows = response.context["rows"]
    assert [row.number for row in rows] == [3, 4]
    quantity = SHIPMENT_IMPORT_COLUMNS.index("quantity")
    assert rows[0].cells[quantity] == ("-1", True)
    assert page.count("import-preview__cell--error") == 2
    assert Shipment.objects.count() == 0


def test_preview_shows_a_whole_file_problem_without_a_row(staff_client):
    file = SimpleUploadedFile("list.csv", "reference,title\nA,Bibliothèque\n".encode())
    preview = preview_url(upload(staff_client, "shipments", file))

    page = staff_client.get(preview).content.decode()

    assert "The column “direction” is missing." in page
    assert "Confirm and import" not in page


def test_preview_explains_another_encoding(staff_client):
    file = SimpleUploadedFile("list.csv", "reference,title\nA,Bibliothèque\n".encode("latin-1"))
    preview = preview_url(upload(staff_client, "shipments", file))

    page = staff_client.get(preview).content.decode()

    assert "The file is not UTF-8 text (byte 0xe8 cannot be read)" in page


def test_upload_refuses_other_file_types(staff_client):
    response = upload(staff_client, "shipments", SimpleUploadedFile("list.ods", b"x"))

    assert response.status_code == 200
    assert "Choose a .csv or an .xlsx file." in response.content.decode()
    assert PendingImport.objects.count() == 0


def test_confirm_writes_the_same_as_the_command(staff_client, staff_user):
    rows = ({}, {"title": "Tang poetry", "unit_value": "", "currency": ""}, {"reference": "OUT-2"})
    preview = preview_url(upload(staff_client, "shipments", shipments_file(*rows)))
    pending = PendingImport.objects.get()

    response = staff_client.post(reverse("exchange:import_confirm", args=[pending.pk]))

    assert response.status_code == 302
    assert response["Location"] == reverse("shipments:list")
    assert staff_client.get(response["Location"]).status_code == 200
    assert PendingImport.objects.count() == 0
    assert Shipment.objects.get(reference="OUT-2").created_by == staff_user
    through_the_web = export_shipments(Shipment.objects.all())
    assert staff_client.get(preview).status_code == 404

    Shipment.objects.all().delete()
    content = shipments_file(*rows).read()
    assert run_command("import_shipments", content, "list.csv")[0] == 0
    assert export_shipments(Shipment.objects.all()) == through_the_web


def test_confirm_shows_the_summary(staff_client):
    preview_url(upload(staff_client, "shipments", shipments_file({})))

    response = staff_client.post(
        reverse("exchange:import_confirm", args=[PendingImport.objects.get().pk]), follow=True
    )

    assert "Imported shipments: 1 created (1 items)." in response.content.decode()


def test_confirm_writes_nothing_when_the_data_changed_since_the_preview(staff_client):
    preview = preview_url(upload(staff_client, "shipments", shipments_file({})))
    ShipmentFactory(reference="OUT-2025-00001")
    before = snapshot()

    response = staff_client.post(
        reverse("exchange:import_confirm", args=[PendingImport.objects.get().pk])
    )

    assert response["Location"] == preview
    assert snapshot() == before
    page = staff_client.get(preview).content.decode()
    assert "already exists" in page


def test_replace_is_kept_from_upload_to_confirmation(staff_client):
    old = sent(Partner.objects.get(code="GB-BL"), DAY, reference="OUT-2025-00001")
    ItemFactory(shipment=old, title="Old")
    preview_url(upload(staff_client, "shipments", shipments_file({}), replace="on"))

    staff_client.post(reverse("exchange:import_confirm", args=[PendingImport.objects.get().pk]))

    assert list(old.items.values_list("title", flat=True)) == ["Selected poems"]


def test_administrators_import_partners_and_rates(admin_client):
    partners = csv_bytes(PARTNER_COLUMNS, table(PARTNER_COLUMNS, PARTNER, {}))
    rates = csv_bytes(RATE_COLUMNS, [["EUR", "2025-01-01", "7.8"]])

    for kind, content, done in (
        ("partners", partners, reverse("partners:list")),
        ("rates", rates, reverse("admin:exchange_exchangerate_changelist")),
    ):
        preview_url(upload(admin_client, kind, SimpleUploadedFile(f"{kind}.csv", content)))
        pending = PendingImport.objects.get()
        response = admin_client.post(reverse("exchange:import_confirm", args=[pending.pk]))
        assert response["Location"] == done

    assert Partner.objects.get(code="FR-BNF").name_original == "Bibliothèque nationale de France"
    assert ExchangeRate.objects.get(currency="EUR").rate == Decimal("7.8")


def test_nobody_sees_or_confirms_another_users_upload(staff_client, admin_client):
    preview = preview_url(upload(admin_client, "shipments", shipments_file({})))
    pending = PendingImport.objects.get()

    assert staff_client.get(preview).status_code == 404
    assert (
        staff_client.post(reverse("exchange:import_confirm", args=[pending.pk])).status_code == 404
    )
    assert Shipment.objects.count() == 0


def test_discard_deletes_the_upload(staff_client):
    preview_url(upload(staff_client, "shipments", shipments_file({})))

    response = staff_client.post(
        reverse("exchange:import_cancel", args=[PendingImport.objects.get().pk])
    )

    assert response["Location"] == reverse("exchange:import_shipments")
    assert PendingImport.objects.count() == 0


def test_uploads_older_than_a_day_are_dropped(staff_client, staff_user):
    old = PendingImport.objects.create(
        kind="shipments", file_name="old.csv", content=b"", user=staff_user
    )
    PendingImport.objects.filter(pk=old.pk).update(
        created_at=old.created_at - datetime.timedelta(days=2)
    )

    preview_url(upload(staff_client, "shipments", shipments_file({})))

    assert list(PendingImport.objects.values_list("file_name", flat=True)) == ["list.csv"]


@pytest.mark.parametrize("count", [2, 20])
def test_the_preview_takes_the_same_queries_for_any_number_of_rows(
    staff_client, count, django_assert_num_queries
):
    rows = [{"reference": f"OUT-{n}"} for n in range(count)]
    preview = preview_url(upload(staff_client, "shipments", shipments_file(*rows)))
    # Session, user, the pending import, the user's and the groups' permissions; partners,
    # first rate dates and existing references for the dry run; the user's role (header).
    with django_assert_num_queries(9):
        assert staff_client.get(preview).status_code == 200


# Exports ------------------------------------------------------------------------------


def test_partner_export_uses_the_list_filters(head_client):
    PartnerFactory(code="JP-NDL", country="JP", name_original="国立国会図書館")

    response = head_client.get(reverse("partners:export"), {"country": "jp", "format": "csv"})

    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response.content == export_partners(Partner.objects.filter(code="JP-NDL"))
    assert response["Content-Disposition"].startswith('attachment; filename="partners-')


def test_shipment_export_uses_the_list_filters_and_offers_xlsx(staff_client):
    partner = Partner.objects.get(code="GB-BL")
    ItemFactory(shipment=sent(partner, DAY, reference="OUT-A"))
    ItemFactory(shipment=ShipmentFactory(partner=partner, reference="OUT-B"))

    response = staff_client.get(reverse("shipments:export"), {"status": "dispatched"})
    xlsx = staff_client.get(reverse("shipments:export"), {"status": "draft", "format": "xlsx"})

    assert response.content == export_shipments(Shipment.objects.filter(reference="OUT-A"))
    rows = list(load_workbook(io.BytesIO(xlsx.content)).worksheets[0].values)
    assert [row[0] for row in rows] == ["reference", "OUT-B"]


def test_rate_export_as_each_role(clients):
    assert clients["head"].get(reverse("exchange:export_rates")).content == export_rates()
    assert (
        clients["admin"].get(reverse("exchange:export_rates"), {"format": "xlsx"}).status_code
        == 200
    )
    assert (
        clients["admin"].get(reverse("exchange:export_rates"), {"format": "pdf"}).status_code == 404
    )


@pytest.mark.parametrize("count", [2, 20])
def test_exports_take_the_same_queries_for_any_number_of_rows(
    head_client, count, django_assert_num_queries
):
    partner = Partner.objects.get(code="GB-BL")
    for n in range(count):
        ItemFactory(shipment=sent(partner, DAY, reference=f"OUT-{n}"))
        PartnerFactory()
    # Session, user, the user's and the groups' permissions; then the shipments (with
    # their partners) and their items, or the partners.
    with django_assert_num_queries(6):
        head_client.get(reverse("shipments:export"))
    with django_assert_num_queries(5):
        head_client.get(reverse("partners:export"))


def test_the_rates_admin_exports_the_selected_rates(admin_client):
    RateFactory(currency="EUR", valid_from=datetime.date(2024, 1, 1), rate=Decimal("7.8"))
    eur = ExchangeRate.objects.get(currency="EUR")

    response = admin_client.post(
        reverse("admin:exchange_exchangerate_changelist"),
        {"action": "export_rates_csv", "_selected_action": [eur.pk]},
    )

    assert response.content == export_rates(ExchangeRate.objects.filter(pk=eur.pk))
