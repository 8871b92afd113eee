"""The status steps through the pages: confirmations, dates, rates and refused steps."""

from decimal import Decimal

import pytest

from tests.factories import ItemFactory, ShipmentFactory
from tests.shipments.views_helpers import TODAY, TOMORROW, step

pytestmark = pytest.mark.django_db


def test_staff_pack_and_dispatch_with_date_method_and_tracking(staff_client, staff_user):
    shipment = ShipmentFactory()
    ItemFactory(shipment=shipment)
    response = staff_client.post(step(shipment, "pack"), {"pack-on": TODAY.isoformat()})
    assert response.status_code == 302
    data = {
        "dispatch-on": TODAY.isoformat(),
        "dispatch-method": "air",
        "dispatch-tracking_number": "RR123456789CN",
        "dispatch-note": "Two boxes",
    }
    response = staff_client.post(step(shipment, "dispatch"), data)
    assert response.status_code == 302
    shipment.refresh_from_db()
    assert (shipment.status, shipment.dispatched_on, shipment.counted_on) == (
        "dispatched",
        TODAY,
        TODAY,
    )
    assert (shipment.method, shipment.tracking_number) == ("air", "RR123456789CN")
    events = list(shipment.events.values_list("status", "note", "user"))
    assert events == [("packed", "", staff_user.pk), ("dispatched", "Two boxes", staff_user.pk)]
    follow = staff_client.get(response["Location"]).content.decode()
    assert "is now dispatched" in follow


def test_the_confirmation_page_works_without_javascript(staff_client):
    shipment = ShipmentFactory(status="packed")
    page = staff_client.get(step(shipment, "dispatch")).content.decode()
    assert 'name="dispatch-on"' in page
    assert 'name="dispatch-tracking_number"' in page
    assert "counts in the balance of exchange" in page


def test_a_dispatch_date_in_the_future_is_refused_on_its_field(staff_client):
    shipment = ShipmentFactory(status="packed")
    response = staff_client.post(
        step(shipment, "dispatch"), {"dispatch-on": TOMORROW.isoformat(), "dispatch-method": "air"}
    )
    assert response.status_code == 200
    assert "The date cannot be in the future." in response.context["form"].errors["on"]
    shipment.refresh_from_db()
    assert shipment.status == "packed"
    assert not shipment.events.exists()


def test_dispatch_is_refused_when_a_valued_item_has_no_rate_on_that_date(staff_client):
    shipment = ShipmentFactory(status="packed")
    ItemFactory(shipment=shipment, unit_value=Decimal(3), currency="JPY")
    response = staff_client.post(
        step(shipment, "dispatch"), {"dispatch-on": TODAY.isoformat(), "dispatch-method": "air"}
    )
    message = f"There is no exchange rate for JPY on {TODAY.isoformat()}. Add one first."
    assert message in response.content.decode()
    shipment.refresh_from_db()
    assert (shipment.status, shipment.dispatched_on) == ("packed", None)


def test_a_step_not_allowed_from_the_status_is_refused_with_a_message(staff_client):
    shipment = ShipmentFactory(status="draft")
    response = staff_client.post(step(shipment, "deliver"), {"deliver-on": TODAY.isoformat()})
    assert response.status_code == 302
    follow = staff_client.get(response["Location"]).content.decode()
    assert "A shipment that is draft cannot be changed by “Mark delivered”." in follow
    shipment.refresh_from_db()
    assert shipment.status == "draft"


def test_a_step_of_the_other_direction_is_refused(staff_client):
    shipment = ShipmentFactory(direction="incoming", status="expected", reference="IN-1")
    response = staff_client.post(step(shipment, "pack"), {"pack-on": TODAY.isoformat()})
    assert response.status_code == 302
    shipment.refresh_from_db()
    assert shipment.status == "expected"


def test_an_unknown_step_is_not_found(staff_client):
    shipment = ShipmentFactory()
    assert staff_client.post(step(shipment, "teleport"), {}).status_code == 404


def test_an_incoming_shipment_is_received_then_acknowledged(staff_client):
    shipment = ShipmentFactory(direction="incoming", status="expected", reference="IN-2")
    ItemFactory(shipment=shipment)
    staff_client.post(step(shipment, "receive"), {"receive-on": TODAY.isoformat()})
    staff_client.post(step(shipment, "confirm"), {"confirm-on": TODAY.isoformat()})
    shipment.refresh_from_db()
    assert (shipment.status, shipment.received_on, shipment.acknowledged_on) == (
        "acknowledged",
        TODAY,
        TODAY,
    )
