"""Imports in the web UI: upload, preview, then confirm or discard."""

import datetime
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from exchange.rates.models import RATE_COLUMNS, ExchangeRate
from exchange.transfer.exports import export_shipments
from exchange.transfer.models import PendingImport
from partners.models import PARTNER_COLUMNS, Partner
from shipments.columns import SHIPMENT_IMPORT_COLUMNS
from shipments.models import Shipment
from tests.exchange.import_files import csv_bytes, run_command, snapshot, table
from tests.exchange.transfer.views_helpers import DAY, PARTNER, preview_url, shipments_file, upload
from tests.factories import ItemFactory, ShipmentFactory, sent

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("british_library_and_usd_rate")]


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
    rows = response.context["preview"].rows
    assert [row.number for row in rows] == [3, 4]
    quantity = SHIPMENT_IMPORT_COLUMNS.index("quantity")
    assert list(rows[0].cells[quantity]) == ["-1", True]
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


def test_replace_and_its_reason_are_kept_from_upload_to_confirmation(admin_client):
    old = sent(Partner.objects.get(code="GB-BL"), DAY, reference="OUT-2025-00001")
    ItemFactory(shipment=old, title="Old")
    options = {"replace": "on", "reason": "Items corrected"}
    preview_url(upload(admin_client, "shipments", shipments_file({}), **options))

    admin_client.post(reverse("exchange:import_confirm", args=[PendingImport.objects.get().pk]))

    assert list(old.items.values_list("title", flat=True)) == ["Selected poems"]


def test_administrators_import_partners_and_rates(admin_client):
    partners = csv_bytes(PARTNER_COLUMNS, table(PARTNER_COLUMNS, PARTNER, {}))
    rates = csv_bytes(RATE_COLUMNS, [["EUR", "2025-01-01", "7.8"]])

    for kind, content, done in (
        ("partners", partners, reverse("partners:list")),
        ("rates", rates, reverse("rates:list")),
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
    # Session, user, the pending import (with its preview, worked out at upload), the
    # user's permissions and groups.
    with django_assert_num_queries(4):
        assert staff_client.get(preview).status_code == 200
