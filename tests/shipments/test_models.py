"""Database constraints and status steps of shipments and items."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import ProtectedError
from django.utils import timezone

from shipments.models import Shipment
from shipments.steps import STEPS
from tests.factories import ItemFactory, PartnerFactory, ShipmentFactory, received, sent

pytestmark = pytest.mark.django_db
DAY = datetime.date(2025, 3, 1)


def assert_rejected_by_database(create):
    with pytest.raises(IntegrityError), transaction.atomic():
        create()


def test_reference_is_unique():
    ShipmentFactory(reference="OUT-2026-00001")
    assert_rejected_by_database(lambda: ShipmentFactory(reference="OUT-2026-00001"))


@pytest.mark.parametrize("quantity", [0, -1])
def test_item_quantity_must_be_at_least_one(quantity):
    shipment = ShipmentFactory()
    assert_rejected_by_database(lambda: ItemFactory(shipment=shipment, quantity=quantity))


def test_item_pages_cannot_be_negative():
    shipment = ShipmentFactory()
    assert_rejected_by_database(lambda: ItemFactory(shipment=shipment, pages=-1))


def test_item_value_cannot_be_negative():
    shipment = ShipmentFactory()
    assert_rejected_by_database(
        lambda: ItemFactory(shipment=shipment, unit_value=Decimal("-0.01"), currency="USD")
    )


def test_item_with_a_value_needs_a_currency():
    shipment = ShipmentFactory()
    assert_rejected_by_database(
        lambda: ItemFactory(shipment=shipment, unit_value=Decimal(5), currency="")
    )


@pytest.mark.parametrize("status", ["dispatched", "delivered", "acknowledged", "lost", "returned"])
def test_dispatched_outgoing_needs_its_dispatch_date(status):
    assert_rejected_by_database(lambda: ShipmentFactory(status=status, dispatched_on=None))


@pytest.mark.parametrize("status", ["draft", "packed", "cancelled"])
def test_undispatched_outgoing_has_no_dispatch_date(status):
    assert_rejected_by_database(lambda: ShipmentFactory(status=status, dispatched_on=DAY))


@pytest.mark.parametrize("status", ["received", "acknowledged"])
def test_received_incoming_needs_its_received_date(status):
    assert_rejected_by_database(
        lambda: ShipmentFactory(direction="incoming", status=status, received_on=None)
    )


@pytest.mark.parametrize("status", ["expected", "cancelled"])
def test_unreceived_incoming_has_no_received_date(status):
    assert_rejected_by_database(
        lambda: ShipmentFactory(direction="incoming", status=status, received_on=DAY)
    )


@pytest.mark.parametrize(
    ("direction", "status"),
    [("outgoing", "received"), ("outgoing", "expected"), ("incoming", "dispatched")],
)
def test_status_must_belong_to_the_direction(direction, status):
    assert_rejected_by_database(lambda: ShipmentFactory(direction=direction, status=status))


def test_a_partner_with_shipments_cannot_be_deleted():
    shipment = ShipmentFactory()
    with pytest.raises(ProtectedError):
        shipment.partner.delete()


@pytest.mark.parametrize(
    ("direction", "status", "dates", "counted_on"),
    [
        ("outgoing", "draft", {}, None),
        ("outgoing", "packed", {}, None),
        ("outgoing", "dispatched", {"dispatched_on": DAY}, DAY),
        ("outgoing", "delivered", {"dispatched_on": DAY}, DAY),
        ("outgoing", "acknowledged", {"dispatched_on": DAY}, DAY),
        ("outgoing", "cancelled", {}, None),
        ("outgoing", "lost", {"dispatched_on": DAY}, None),
        ("outgoing", "returned", {"dispatched_on": DAY}, None),
        ("incoming", "expected", {"dispatched_on": DAY}, None),
        ("incoming", "received", {"received_on": DAY}, DAY),
        ("incoming", "acknowledged", {"received_on": DAY}, DAY),
        ("incoming", "cancelled", {}, None),
    ],
)
def test_the_database_computes_the_counted_date(direction, status, dates, counted_on):
    shipment = ShipmentFactory(direction=direction, status=status, **dates)
    shipment.refresh_from_db()
    assert shipment.counted_on == counted_on
    assert shipment.is_counted == (counted_on is not None)


# Every (direction, status, step) combination that is legal; all others are refused.
LEGAL = {
    ("outgoing", "draft", "pack"): "packed",
    ("outgoing", "packed", "dispatch"): "dispatched",
    ("outgoing", "draft", "cancel"): "cancelled",
    ("outgoing", "packed", "cancel"): "cancelled",
    ("outgoing", "dispatched", "deliver"): "delivered",
    ("outgoing", "dispatched", "acknowledge"): "acknowledged",
    ("outgoing", "delivered", "acknowledge"): "acknowledged",
    ("outgoing", "dispatched", "lose"): "lost",
    ("outgoing", "dispatched", "return"): "returned",
    ("outgoing", "delivered", "return"): "returned",
    ("incoming", "expected", "receive"): "received",
    ("incoming", "received", "confirm"): "acknowledged",
    ("incoming", "expected", "cancel_incoming"): "cancelled",
}
OUTGOING = ["draft", "packed", "dispatched", "delivered", "acknowledged", "cancelled", "lost"]
OUTGOING += ["returned"]
INCOMING = ["expected", "received", "acknowledged", "cancelled"]
ALL = [("outgoing", s, step) for s in OUTGOING for step in STEPS] + [
    ("incoming", s, step) for s in INCOMING for step in STEPS
]


def _shipment_in(direction, status) -> Shipment:
    dates = {}
    if direction == "outgoing" and status in ("dispatched", "delivered", "acknowledged"):
        dates["dispatched_on"] = DAY
    if direction == "outgoing" and status in ("lost", "returned"):
        dates["dispatched_on"] = DAY
    if direction == "incoming" and status in ("received", "acknowledged"):
        dates["received_on"] = DAY
    return Shipment(direction=direction, status=status, **dates)


@pytest.mark.parametrize(("direction", "status", "step"), ALL)
def test_each_step_is_allowed_exactly_from_its_statuses(direction, status, step):
    shipment = _shipment_in(direction, status)
    on = DAY + datetime.timedelta(days=10)
    if (direction, status, step) in LEGAL:
        shipment.apply_step(step, on)
        assert shipment.status == LEGAL[(direction, status, step)]
        assert getattr(shipment, STEPS[step].date_field) == on
    else:
        with pytest.raises(ValidationError):
            shipment.apply_step(step, on)
        assert shipment.status == status


def test_allowed_steps_lists_exactly_the_legal_steps():
    for direction, statuses in (("outgoing", OUTGOING), ("incoming", INCOMING)):
        for status in statuses:
            names = {step.name for step in _shipment_in(direction, status).allowed_steps()}
            assert names == {s for (d, st, s) in LEGAL if d == direction and st == status}


def test_cannot_dispatch_a_cancelled_shipment_and_says_why():
    shipment = _shipment_in("outgoing", "cancelled")
    with pytest.raises(ValidationError, match="cancelled"):
        shipment.apply_step("dispatch", DAY)


def test_cannot_receive_an_outgoing_shipment():
    shipment = _shipment_in("outgoing", "dispatched")
    with pytest.raises(ValidationError, match="not a step"):
        shipment.apply_step("receive", DAY)


def test_a_step_date_cannot_be_in_the_future():
    shipment = _shipment_in("outgoing", "packed")
    with pytest.raises(ValidationError, match="future"):
        shipment.apply_step("dispatch", timezone.localdate() + datetime.timedelta(days=2))


def test_delivery_cannot_be_before_dispatch():
    shipment = _shipment_in("outgoing", "dispatched")
    with pytest.raises(ValidationError, match="before"):
        shipment.apply_step("deliver", DAY - datetime.timedelta(days=1))


def test_clean_explains_a_missing_date():
    partner = PartnerFactory()
    shipment = Shipment(reference="X", direction="outgoing", status="dispatched", partner=partner)
    with pytest.raises(ValidationError) as error:
        shipment.full_clean()
    assert "dispatched_on" in error.value.message_dict


def test_factories_make_counted_shipments():
    partner = PartnerFactory()
    assert sent(partner, DAY).is_counted
    assert received(partner, DAY).is_counted
