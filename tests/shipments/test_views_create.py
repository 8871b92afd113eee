"""Creating shipments with their items: outgoing, announced and received, and what is refused."""

import datetime
from decimal import Decimal

import pytest

from shipments.items import ShipmentItem
from shipments.models import Shipment
from tests.factories import PartnerFactory, RateFactory, valid_isbn
from tests.shipments.views_helpers import (
    BAD_ISBN,
    NEW_IN,
    NEW_OUT,
    THREE_ITEMS,
    TODAY,
    TOMORROW,
    detail,
    item_rows,
    outgoing_data,
)

pytestmark = pytest.mark.django_db


def test_staff_create_an_outgoing_shipment_with_its_items(staff_client, staff_user):
    partner = PartnerFactory(code="GB-BL")
    response = staff_client.post(NEW_OUT, outgoing_data(partner, *THREE_ITEMS, notes="Box 1"))
    shipment = Shipment.objects.get()
    assert response.status_code == 302
    assert response["Location"] == detail(shipment)
    assert shipment.reference == f"OUT-{TODAY.year}-00001"
    assert (shipment.status, shipment.partner, shipment.created_by) == (
        "draft",
        partner,
        staff_user,
    )
    items = list(shipment.items.order_by("id"))
    assert [item.title for item in items] == ["Shiji", "Annual report 2025", "Atlas of China"]
    assert items[0].isbn == "9787101003130"
    assert (items[0].quantity, items[0].pages) == (2, 300)
    assert (items[1].unit_value, items[1].currency, items[1].pages) == (Decimal("12.50"), "CNY", 0)
    assert shipment.events.get().status == "draft"
    follow = staff_client.get(response["Location"]).content.decode()
    assert f"Shipment OUT-{TODAY.year}-00001 created." in follow


def test_the_form_comes_with_the_partner_from_its_page(staff_client):
    PartnerFactory(code="GB-BL")
    response = staff_client.get(NEW_OUT, {"partner": "GB-BL"})
    assert response.context["form"]["partner"].value() == "GB-BL"
    page = response.content.decode()
    # The partner field suggests as one types (partners.fields), not a list of every partner.
    assert 'role="combobox"' in page and 'data-autocomplete="/partners/lookup/"' in page
    assert "js/autocomplete.js" in page
    assert "js/items.js" in page
    assert "items-__prefix__-isbn" in page


def test_a_partner_can_be_typed_in_either_case_or_picked_as_suggested(staff_client):
    PartnerFactory(code="GB-BL", name="British Library")
    for typed in ("gb-bl", "GB-BL · British Library"):
        data = outgoing_data(PartnerFactory.build(code=typed), THREE_ITEMS[0])
        assert staff_client.post(NEW_OUT, data).status_code == 302
    assert Shipment.objects.filter(partner__code="GB-BL").count() == 2


@pytest.mark.parametrize(
    ("item", "field", "message"),
    [
        ({"title": "A", "quantity": "0"}, "quantity", "The quantity must be at least 1."),
        ({"title": "A", "quantity": "-2"}, "quantity", "The quantity must be at least 1."),
        ({"title": "A", "isbn": BAD_ISBN}, "isbn", "the check digit is wrong"),
        ({"title": "A", "unit_value": "-1", "currency": "CNY"}, "unit_value", "greater than"),
        ({"title": "A", "unit_value": "5"}, "currency", "Give the currency"),
        ({"title": "A", "currency": "XYZ", "unit_value": "1"}, "currency", "ISO 4217"),
        ({"isbn": valid_isbn(1)}, "title", "required"),
    ],
)
def test_bad_items_are_refused_next_to_the_field_and_nothing_is_written(
    staff_client, item, field, message
):
    partner = PartnerFactory()
    response = staff_client.post(NEW_OUT, outgoing_data(partner, THREE_ITEMS[0], item))
    assert response.status_code == 200
    errors = response.context["formset"].forms[1].errors
    assert message in " ".join(errors[field])
    assert "Nothing was saved" in response.content.decode()
    assert not Shipment.objects.exists()
    assert not ShipmentItem.objects.exists()


def test_an_outgoing_shipment_needs_at_least_one_item(staff_client):
    response = staff_client.post(
        NEW_OUT, outgoing_data(PartnerFactory(), {"title": "", "currency": "CNY"})
    )
    assert "Add at least one item." in response.context["formset"].non_form_errors()
    assert not Shipment.objects.exists()


def test_new_shipments_to_an_ended_partner_are_refused_on_the_partner_field(staff_client):
    partner = PartnerFactory(code="XX-END", status="ended")
    for url in (NEW_OUT, NEW_IN):
        response = staff_client.post(url, outgoing_data(partner, THREE_ITEMS[0]))
        assert "has ended" in response.context["form"].errors["partner"][0]
    assert not Shipment.objects.exists()


def test_an_unknown_partner_code_is_refused(staff_client):
    response = staff_client.post(NEW_OUT, outgoing_data(PartnerFactory.build(code="NO-SUCH")))
    errors = response.context["form"].errors["partner"]
    assert "No partner has the code or a name “NO-SUCH”." in errors


def test_staff_record_an_announced_incoming_shipment_without_items(staff_client):
    partner = PartnerFactory()
    data = {"partner": partner.code, "parcels": "1", "expected_on": "2026-12-01"}
    data.update(item_rows())
    response = staff_client.post(NEW_IN, data)
    shipment = Shipment.objects.get()
    assert response.status_code == 302
    assert (shipment.direction, shipment.status) == ("incoming", "expected")
    assert shipment.reference.startswith(f"IN-{TODAY.year}-")
    assert not shipment.items.exists()


def test_staff_record_an_incoming_parcel_as_received_in_one_go(staff_client):
    partner = PartnerFactory()
    RateFactory(currency="USD", valid_from=datetime.date(2020, 1, 1))
    data = {"partner": partner.code, "parcels": "1", "received_on": TODAY.isoformat()}
    data.update(item_rows({"title": "Report", "unit_value": "20", "currency": "usd"}))
    response = staff_client.post(NEW_IN, data)
    shipment = Shipment.objects.get()
    assert response.status_code == 302
    assert (shipment.status, shipment.received_on, shipment.counted_on) == (
        "received",
        TODAY,
        TODAY,
    )
    assert shipment.items.get().currency == "USD"
    assert "recorded as received" in staff_client.get(detail(shipment)).content.decode()


def test_a_receipt_date_in_the_future_is_refused_on_its_field(staff_client):
    partner = PartnerFactory()
    data = {"partner": partner.code, "parcels": "1", "received_on": TOMORROW.isoformat()}
    data.update(item_rows({"title": "Report"}))
    response = staff_client.post(NEW_IN, data)
    assert "The date cannot be in the future." in response.context["form"].errors["received_on"]
    assert not Shipment.objects.exists()


def test_a_currency_without_a_rate_on_the_receipt_date_is_refused_on_the_item(staff_client):
    partner = PartnerFactory()
    RateFactory(currency="USD", valid_from=TOMORROW)
    data = {"partner": partner.code, "parcels": "1", "received_on": TODAY.isoformat()}
    data.update(
        item_rows(
            {"title": "Free", "currency": "EUR"},
            {"title": "Priced", "unit_value": "5", "currency": "USD"},
        )
    )
    response = staff_client.post(NEW_IN, data)
    message = f"There is no exchange rate for USD on {TODAY.isoformat()}. Add one first."
    assert message in response.context["form"].non_field_errors()
    forms = response.context["formset"].forms
    assert message in forms[1].errors["currency"]
    assert "currency" not in forms[0].errors
    assert message in response.content.decode()
    assert not Shipment.objects.exists()
