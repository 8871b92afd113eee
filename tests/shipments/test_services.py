"""The shipment services: create, update, step; and the list's queryset reads."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from shipments import services
from shipments.items import ShipmentItem
from shipments.models import Shipment
from shipments.services import (
    check_rates,
    shipment_create,
    shipment_step,
    shipment_update,
)
from tests.factories import ItemFactory, PartnerFactory, RateFactory, ShipmentFactory, sent

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()
TOMORROW = TODAY + datetime.timedelta(days=1)


def new_outgoing(partner=None, **fields):
    return Shipment(
        direction="outgoing", status="draft", partner=partner or PartnerFactory(), **fields
    )


def new_incoming(partner=None, **fields):
    return Shipment(
        direction="incoming", status="expected", partner=partner or PartnerFactory(), **fields
    )


def item(**fields):
    fields.setdefault("title", "A title")
    return ShipmentItem(**fields)


# ---- shipment_create ----


def test_create_numbers_references_per_direction_and_year(staff_user):
    first = shipment_create(shipment=new_outgoing(), items=[item()], user=staff_user)
    second = shipment_create(shipment=new_outgoing(), items=[item()], user=staff_user)
    incoming = shipment_create(shipment=new_incoming(), items=[], user=staff_user)
    year = TODAY.year
    assert [first.reference, second.reference, incoming.reference] == [
        f"OUT-{year}-00001",
        f"OUT-{year}-00002",
        f"IN-{year}-00001",
    ]
    assert first.created_by == staff_user
    assert first.events.get().user == staff_user


def test_create_takes_the_next_reference_when_another_user_took_the_generated_one(
    monkeypatch,
):
    ShipmentFactory(reference=f"OUT-{TODAY.year}-00001")
    answers = iter([f"OUT-{TODAY.year}-00001", f"OUT-{TODAY.year}-00002"])
    monkeypatch.setattr(services, "next_reference", lambda direction, year: next(answers))
    shipment = shipment_create(shipment=new_outgoing(), items=[item()])
    assert shipment.reference == f"OUT-{TODAY.year}-00002"
    assert shipment.items.count() == 1


def test_create_refuses_a_reference_given_that_is_taken():
    ShipmentFactory(reference="OUT-X")
    with pytest.raises(ValidationError) as caught:
        shipment_create(shipment=new_outgoing(reference="OUT-X"), items=[item()])
    assert "reference" in caught.value.error_dict
    assert Shipment.objects.count() == 1


def test_create_records_an_incoming_shipment_as_received_that_day():
    shipment = shipment_create(shipment=new_incoming(), items=[item()], received_on=TODAY)
    shipment.refresh_from_db()
    assert (shipment.status, shipment.received_on, shipment.counted_on) == (
        "received",
        TODAY,
        TODAY,
    )
    assert list(shipment.events.values_list("status", "on")) == [("received", TODAY)]


def test_create_refuses_a_receipt_date_in_the_future_and_writes_nothing():
    with pytest.raises(ValidationError) as caught:
        shipment_create(shipment=new_incoming(), items=[item()], received_on=TOMORROW)
    assert caught.value.message_dict == {"received_on": ["The date cannot be in the future."]}
    assert not Shipment.objects.exists()


def test_create_refuses_to_count_a_valued_item_in_a_currency_without_a_rate():
    RateFactory(currency="USD", valid_from=TOMORROW)
    items = [item(unit_value=Decimal(5), currency="USD"), item(currency="EUR")]
    with pytest.raises(ValidationError) as caught:
        shipment_create(shipment=new_incoming(), items=items, received_on=TODAY)
    error = caught.value
    assert error.code == "missing_rate"
    assert error.params["missing"] == ["USD"]
    assert error.messages == [
        f"There is no exchange rate for USD on {TODAY.isoformat()}. Add one first."
    ]
    assert not Shipment.objects.exists()


def test_check_rates_ignores_the_base_currency_and_items_without_value():
    check_rates([item(unit_value=Decimal(5), currency="CNY"), item(currency="USD")], TODAY)


# ---- shipment_update ----


def test_update_saves_details_changes_adds_and_removes_items(staff_user):
    shipment = ShipmentFactory()
    keep = ItemFactory(shipment=shipment, title="Keep", quantity=1)
    drop = ItemFactory(shipment=shipment, title="Drop")
    shipment.notes = "Changed"
    keep.quantity = 5
    updated = shipment_update(
        shipment=shipment,
        items=[keep, item(title="New")],
        deleted_items=[drop],
        user=staff_user,
    )
    updated.refresh_from_db()
    assert updated.notes == "Changed"
    assert updated.version == 2
    assert sorted(updated.items.values_list("title", "quantity")) == [("Keep", 5), ("New", 1)]


def test_update_refuses_a_shipment_that_has_left():
    shipment = sent(PartnerFactory(), datetime.date(2025, 1, 1))
    shipment.notes = "Too late"
    with pytest.raises(ValidationError, match="can no longer be changed"):
        shipment_update(shipment=shipment, items=[item(title="Late")])
    shipment.refresh_from_db()
    assert shipment.notes == ""
    assert not shipment.items.exists()


def test_update_refuses_a_copy_whose_status_changed_meanwhile():
    shipment = ShipmentFactory()
    stale = Shipment.objects.get(pk=shipment.pk)
    Shipment.objects.filter(pk=shipment.pk).update(status="packed", packed_on=TODAY)
    with pytest.raises(ValidationError, match="Someone else changed this shipment meanwhile"):
        shipment_update(shipment=stale, items=[item()])
    assert not shipment.items.exists()


def test_update_receives_an_expected_shipment_with_its_new_items():
    shipment = ShipmentFactory(direction="incoming", status="expected", reference="IN-1")
    updated = shipment_update(shipment=shipment, items=[item(quantity=2)], received_on=TODAY)
    assert (updated.status, updated.received_on, updated.counted_on) == (
        "received",
        TODAY,
        TODAY,
    )
    assert updated.events.get().status == "received"


def test_receiving_checks_the_rates_of_every_item_old_and_new_and_writes_nothing():
    shipment = ShipmentFactory(direction="incoming", status="expected", reference="IN-1")
    ItemFactory(shipment=shipment, unit_value=Decimal(8), currency="GBP")
    with pytest.raises(ValidationError) as caught:
        shipment_update(shipment=shipment, items=[item(title="New")], received_on=TODAY)
    assert caught.value.params["missing"] == ["GBP"]
    shipment.refresh_from_db()
    assert (shipment.status, shipment.version, shipment.items.count()) == ("expected", 1, 1)
    assert not shipment.events.exists()


# ---- shipment_step ----


def test_dispatch_sets_its_date_method_and_tracking_and_counts(staff_user):
    shipment = ShipmentFactory(status="packed", method="surface")
    stepped = shipment_step(
        shipment=shipment,
        step="dispatch",
        on=TODAY,
        user=staff_user,
        method="air",
        tracking_number="RR1CN",
    )
    assert (stepped.status, stepped.method, stepped.tracking_number) == (
        "dispatched",
        "air",
        "RR1CN",
    )
    assert stepped.counted_on == TODAY
    assert stepped.version == 2


def test_dispatch_refuses_a_valued_item_without_a_rate_on_that_day():
    shipment = ShipmentFactory(status="packed")
    ItemFactory(shipment=shipment, unit_value=Decimal(1), currency="JPY")
    with pytest.raises(ValidationError) as caught:
        shipment_step(shipment=shipment, step="dispatch", on=TODAY)
    assert caught.value.code == "missing_rate"
    shipment.refresh_from_db()
    assert shipment.status == "packed"


def test_a_step_not_allowed_from_the_status_is_refused():
    shipment = ShipmentFactory(status="draft")
    with pytest.raises(ValidationError, match="cannot be changed by"):
        shipment_step(shipment=shipment, step="deliver", on=TODAY)


# ---- the list's reads ----


def test_shipment_date_is_the_step_date_else_the_day_recorded():
    partner = PartnerFactory()
    out = sent(partner, datetime.date(2024, 5, 1))
    draft = ShipmentFactory(
        partner=partner, created_at=datetime.datetime(2024, 7, 1, 10, tzinfo=datetime.UTC)
    )
    dates = dict(Shipment.objects.with_date().values_list("pk", "shipment_date"))
    assert dates == {out.pk: datetime.date(2024, 5, 1), draft.pk: datetime.date(2024, 7, 1)}


def test_item_totals_sum_exactly_per_currency():
    shipments = [ShipmentFactory(), ShipmentFactory()]
    for shipment in shipments:
        ItemFactory(
            shipment=shipment, quantity=3, pages=7, unit_value=Decimal("0.10"), currency="USD"
        )
        ItemFactory(shipment=shipment, quantity=1, unit_value=Decimal("0.20"), currency="USD")
        ItemFactory(shipment=shipment, quantity=2, pages=0, unit_value=Decimal(0), currency="")
    ShipmentFactory()
    totals = Shipment.objects.for_list().item_totals()
    assert totals == {
        "items": 12,
        "titles": 6,
        "pages": 242,
        "values": {"USD": Decimal("1.00")},
        # No USD rate on the drafts' day: left out of the total in CNY, and said so.
        "in_base": Decimal(0),
        "unrated": {"USD": {"value": Decimal("1.00"), "shipments": 2}},
        "base_currency": "CNY",
    }


def test_for_list_counts_items_and_titles_and_zero_for_none():
    full = ShipmentFactory()
    ItemFactory.create_batch(2, shipment=full, quantity=3)
    empty = ShipmentFactory()
    counts = {s.pk: (s.item_count, s.title_count) for s in Shipment.objects.for_list()}
    assert counts == {full.pk: (6, 2), empty.pk: (0, 0)}
