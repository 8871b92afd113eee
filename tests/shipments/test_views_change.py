"""Changing a shipment and its items: drafts, dispatched shipments, expected ones received."""

import datetime

import pytest

from tests.factories import ItemFactory, PartnerFactory, ShipmentFactory, sent
from tests.shipments.views_helpers import TODAY, edit, item_rows, outgoing_data

pytestmark = pytest.mark.django_db


def test_staff_change_a_draft_and_its_items(staff_client):
    partner = PartnerFactory()
    shipment = ShipmentFactory(partner=partner)
    keep = ItemFactory(shipment=shipment, title="Keep")
    drop = ItemFactory(shipment=shipment, title="Drop")
    data = outgoing_data(partner, notes="Second box")
    data.update(
        item_rows(
            {"id": keep.pk, "title": "Kept and renamed", "quantity": "4"},
            {"id": drop.pk, "title": "Drop", "DELETE": "on"},
            {"title": "New one"},
            initial=2,
        )
    )
    data["version"] = shipment.version
    response = staff_client.post(edit(shipment), data)
    assert response.status_code == 302
    shipment.refresh_from_db()
    assert shipment.notes == "Second box"
    assert shipment.version == 2
    titles = sorted(shipment.items.values_list("title", "quantity"))
    assert titles == [("Kept and renamed", 4), ("New one", 1)]


def test_a_draft_keeps_its_untouched_items_when_only_its_details_change(staff_client):
    partner = PartnerFactory()
    shipment = ShipmentFactory(partner=partner)
    item = ItemFactory(shipment=shipment, title="Untouched", quantity=1, pages=100)
    data = outgoing_data(partner, notes="Only the notes")
    data.update(
        item_rows(
            {
                "id": item.pk,
                "title": "Untouched",
                "isbn": item.isbn,
                "language": "zh",
                "year": "2024",
                "pages": "100",
                "unit_value": "0.00",
            },
            initial=1,
        )
    )
    data["version"] = shipment.version
    response = staff_client.post(edit(shipment), data)
    assert response.status_code == 302
    shipment.refresh_from_db()
    assert shipment.notes == "Only the notes"
    assert list(shipment.items.values_list("title", flat=True)) == ["Untouched"]


def test_removing_every_item_of_an_outgoing_shipment_is_refused(staff_client):
    partner = PartnerFactory()
    shipment = ShipmentFactory(partner=partner)
    item = ItemFactory(shipment=shipment)
    data = outgoing_data(partner)
    data.update(item_rows({"id": item.pk, "title": item.title, "DELETE": "on"}, initial=1))
    data["version"] = shipment.version
    response = staff_client.post(edit(shipment), data)
    assert "Add at least one item." in response.context["formset"].non_form_errors()
    assert shipment.items.count() == 1


def test_a_dispatched_shipment_can_no_longer_be_changed(staff_client):
    shipment = sent(PartnerFactory(), datetime.date(2025, 1, 1))
    response = staff_client.get(edit(shipment))
    assert response.status_code == 302
    follow = staff_client.get(response["Location"]).content.decode()
    assert "can no longer be changed" in follow
    response = staff_client.post(edit(shipment), outgoing_data(shipment.partner, notes="x"))
    assert response.status_code == 302
    shipment.refresh_from_db()
    assert shipment.notes == ""


def test_items_are_added_to_an_expected_shipment_when_it_is_received(staff_client):
    partner = PartnerFactory()
    shipment = ShipmentFactory(
        reference="IN-2026-00001", direction="incoming", status="expected", partner=partner
    )
    data = {"partner": partner.code, "parcels": "2", "received_on": TODAY.isoformat()}
    data.update(item_rows({"title": "Journal", "quantity": "3"}, {"title": "Map"}))
    data["version"] = shipment.version
    response = staff_client.post(edit(shipment), data)
    assert response.status_code == 302
    shipment.refresh_from_db()
    assert (shipment.status, shipment.received_on, shipment.items.count()) == (
        "received",
        TODAY,
        2,
    )
    assert shipment.events.get().status == "received"
