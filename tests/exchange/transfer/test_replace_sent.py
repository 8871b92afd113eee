"""Replacing by import a shipment that was dispatched or received rewrites the record of
exchange: administrators only, with a reason its history keeps; staff are told why not."""

import io

import pytest
from django.urls import reverse

from exchange.transfer.shipments import import_shipments
from shipments.models import Shipment
from tests.exchange.import_files import run_command
from tests.exchange.transfer.shipments_helpers import DAY, shipments_csv
from tests.exchange.transfer.views_helpers import preview_url, shipments_file, upload
from tests.factories import ItemFactory, PartnerFactory, ShipmentFactory

pytestmark = pytest.mark.django_db
DRAFT = {"status": "draft", "dispatched_on": ""}


@pytest.fixture
def acknowledged(db):
    partner = PartnerFactory(code="GB-BL")
    shipment = ShipmentFactory(
        reference="OUT-2025-00001",
        partner=partner,
        status="acknowledged",
        dispatched_on=DAY,
        acknowledged_on=DAY,
    )
    ItemFactory(shipment=shipment, title="Kept")
    return shipment


def run(user, reason=""):
    content = io.BytesIO(shipments_csv(DRAFT))
    return import_shipments(content, "s.csv", replace=True, user=user, reason=reason)


def test_staff_may_not_replace_a_shipment_that_was_dispatched(acknowledged, staff_user):
    result = run(staff_user, reason="A mistake")
    assert [str(p) for p in result.problems] == [
        "row 2, column reference: The shipment “OUT-2025-00001” was dispatched or received "
        "and is part of the record of exchange: only an administrator may replace it, "
        "giving a reason."
    ]
    assert Shipment.objects.get().status == "acknowledged"


def test_an_administrator_must_give_a_reason(acknowledged, admin_user):
    (problem,) = run(admin_user).problems
    assert "give the reason for replacing it" in problem.message
    assert Shipment.objects.get().status == "acknowledged"


def test_an_administrator_with_a_reason_replaces_it_and_the_history_keeps_it(
    acknowledged, admin_user
):
    assert run(admin_user, reason="Entered twice by mistake").written
    shipment = Shipment.objects.get()
    assert shipment.status == "draft"
    latest = shipment.history.order_by("-history_date").first()
    assert latest.history_change_reason == "Imported from s.csv: Entered twice by mistake"
    assert latest.history_user == admin_user


def test_drafts_are_replaced_by_staff_without_a_reason(staff_user):
    ShipmentFactory(reference="OUT-2025-00001", partner=PartnerFactory(code="GB-BL"))
    assert run(staff_user).written


def test_the_command_needs_the_reason(acknowledged):
    status, _out, err = run_command("import_shipments", shipments_csv(DRAFT), "s.csv", "--replace")
    assert status == 1 and "give the reason" in err
    status, _out, err = run_command(
        "import_shipments", shipments_csv(DRAFT), "s.csv", "--replace", "--reason", "Test data"
    )
    assert (status, Shipment.objects.get().status) == (0, "draft")


def test_staff_are_told_why_not_on_the_web_import(acknowledged, staff_client):
    response = upload(
        staff_client, "shipments", shipments_file(DRAFT), replace="on", reason="A mistake"
    )
    page = staff_client.get(preview_url(response)).content.decode()
    assert "only an administrator may replace it" in page
    confirm = reverse("exchange:import_confirm", args=[response["Location"].split("/")[-2]])
    staff_client.post(confirm)
    assert Shipment.objects.get().status == "acknowledged"
