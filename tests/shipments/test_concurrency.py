"""No lost updates on shipments: two people editing one, and two clicks on one step."""

import threading

import pytest
from django.contrib.auth.models import Group, User
from django.core.exceptions import ValidationError
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from exchange.core.roles import STAFF
from shipments.models import Shipment
from shipments.services import shipment_step, shipment_update
from shipments.steps import ShipmentEvent
from tests.factories import ItemFactory, ShipmentFactory
from tests.html_forms import form_data

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


def edit(shipment):
    return reverse("shipments:edit", args=[shipment.reference])


def step(shipment, name):
    return reverse("shipments:step", args=[shipment.reference, name])


@pytest.fixture
def other_staff_client(roles):
    user = User.objects.create_user(username="staff2", first_name="Wang", last_name="Fang")
    user.groups.add(Group.objects.get(name=STAFF))
    client = Client()
    client.force_login(user)
    return client


def dispatched_history(shipment) -> list:
    return [r for r in Shipment.history.filter(id=shipment.pk) if r.status == "dispatched"]


# ---- editing ----


def test_of_two_sessions_editing_a_shipment_the_first_wins_and_the_second_is_told(
    staff_client, other_staff_client
):
    shipment = ShipmentFactory(notes="")
    ItemFactory(shipment=shipment, title="Shiji", quantity=1)
    mine = form_data(staff_client.get(edit(shipment)).content.decode(), "version")
    theirs = form_data(other_staff_client.get(edit(shipment)).content.decode(), "version")

    saved = staff_client.post(edit(shipment), {**mine, "notes": "Two boxes"})
    assert saved.status_code == 302
    refused = other_staff_client.post(
        edit(shipment), {**theirs, "notes": "One box", "items-0-quantity": "3"}
    )

    assert refused.status_code == 200
    html = refused.content.decode()
    assert "Li Wei changed this shipment at" in html
    assert "while you were editing it" in html
    assert refused.context["form"]["notes"].value() == "One box"
    assert refused.context["formset"].forms[0]["quantity"].value() == "3"
    assert "<ins>Two boxes</ins>" in html
    shipment.refresh_from_db()
    assert (shipment.notes, shipment.version) == ("Two boxes", 2)
    assert shipment.items.get().quantity == 1


def test_saving_again_after_seeing_the_conflict_goes_through(staff_client, other_staff_client):
    shipment = ShipmentFactory()
    ItemFactory(shipment=shipment)
    mine = form_data(staff_client.get(edit(shipment)).content.decode(), "version")
    theirs = form_data(other_staff_client.get(edit(shipment)).content.decode(), "version")
    staff_client.post(edit(shipment), {**mine, "notes": "Two boxes"})
    refused = other_staff_client.post(edit(shipment), {**theirs, "notes": "One box"})
    again = form_data(refused.content.decode(), "version")
    assert (again["version"], again["notes"]) == ("2", "One box")
    assert other_staff_client.post(edit(shipment), again).status_code == 302
    shipment.refresh_from_db()
    assert (shipment.notes, shipment.version) == ("One box", 3)


def test_an_edit_started_before_a_status_step_is_refused(staff_client, other_staff_client):
    shipment = ShipmentFactory()
    ItemFactory(shipment=shipment)
    mine = form_data(staff_client.get(edit(shipment)).content.decode(), "version")
    other_staff_client.post(step(shipment, "pack"), {"pack-on": TODAY.isoformat()})
    refused = staff_client.post(edit(shipment), {**mine, "notes": "Late"})
    assert refused.status_code == 200
    assert "Wang Fang changed this shipment at" in refused.content.decode()
    assert "<ins>Packed</ins>" in refused.content.decode()
    assert Shipment.objects.get(pk=shipment.pk).notes == ""


def test_the_service_refuses_a_version_someone_else_replaced():
    shipment = ShipmentFactory()
    Shipment.objects.filter(pk=shipment.pk).update(version=2)
    shipment.notes = "Mine"
    with pytest.raises(ValidationError) as refused:
        shipment_update(shipment=shipment, items=[], version=1)
    assert refused.value.code == "conflict"
    assert refused.value.params == {"version": 2}
    assert Shipment.objects.get(pk=shipment.pk).notes == ""


# ---- status steps ----


def test_two_clicks_on_dispatch_make_one_dispatch(staff_client, other_staff_client):
    shipment = ShipmentFactory(status="packed", packed_on=TODAY)
    ItemFactory(shipment=shipment)
    data = {"dispatch-on": TODAY.isoformat(), "dispatch-method": "air"}
    first = staff_client.post(step(shipment, "dispatch"), data)
    second = other_staff_client.post(step(shipment, "dispatch"), data, follow=True)
    assert first.status_code == 302
    assert "cannot be changed by “Dispatch”" in second.content.decode()
    shipment.refresh_from_db()
    assert (shipment.status, shipment.version) == ("dispatched", 2)
    assert ShipmentEvent.objects.filter(shipment=shipment, status="dispatched").count() == 1
    assert len(dispatched_history(shipment)) == 1


def test_a_step_from_a_stale_copy_is_refused_and_says_what_it_is_now(staff_user):
    shipment = ShipmentFactory(status="packed", packed_on=TODAY)
    stale = Shipment.objects.get(pk=shipment.pk)
    shipment_step(shipment=shipment, step="dispatch", on=TODAY, user=staff_user)
    with pytest.raises(ValidationError, match="it is now dispatched"):
        shipment_step(shipment=stale, step="cancel", on=TODAY, user=staff_user)
    assert Shipment.objects.get(pk=shipment.pk).status == "dispatched"


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="needs a database that runs writers concurrently"
)
def test_two_dispatches_at_the_same_moment_make_one(roles):
    shipment = ShipmentFactory(status="packed", packed_on=TODAY)
    copies = [Shipment.objects.get(pk=shipment.pk) for _ in range(2)]
    barrier = threading.Barrier(2)
    outcomes = []

    def dispatch(copy):
        try:
            barrier.wait()
            shipment_step(shipment=copy, step="dispatch", on=TODAY)
            outcomes.append("dispatched")
        except ValidationError:
            outcomes.append("refused")
        finally:
            connection.close()

    threads = [threading.Thread(target=dispatch, args=[copy]) for copy in copies]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["dispatched", "refused"]
    shipment.refresh_from_db()
    assert (shipment.status, shipment.version) == ("dispatched", 2)
    assert ShipmentEvent.objects.filter(shipment=shipment, status="dispatched").count() == 1
    assert len(dispatched_history(shipment)) == 1


def test_a_save_in_the_admin_meanwhile_refuses_the_pages_save(staff_client, admin_client):
    shipment = ShipmentFactory()
    ItemFactory(shipment=shipment)
    mine = form_data(staff_client.get(edit(shipment)).content.decode(), "version")
    admin_url = reverse("admin:shipments_shipment_change", args=[shipment.pk])
    in_admin = form_data(admin_client.get(admin_url).content.decode(), "reference")
    assert admin_client.post(admin_url, {**in_admin, "notes": "From the admin"}).status_code == 302
    refused = staff_client.post(edit(shipment), {**mine, "notes": "Mine"})
    assert "while you were editing it" in refused.content.decode()
    assert Shipment.objects.get(pk=shipment.pk).notes == "From the admin"
