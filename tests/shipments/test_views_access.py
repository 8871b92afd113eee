"""Who may open the shipment pages and forms, and which steps and controls they are offered."""

import datetime

import pytest
from django.urls import reverse

from shipments.models import Shipment
from tests.factories import PartnerFactory, ShipmentFactory, received
from tests.shipments.views_helpers import (
    LIST,
    NEW_IN,
    NEW_OUT,
    THREE_ITEMS,
    TODAY,
    detail,
    edit,
    outgoing_data,
    step,
)

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("role", "status"), [("anonymous", 302), ("staff", 200), ("head", 200), ("admin", 200)]
)
def test_list_detail_and_documents_are_open_to_every_signed_in_role(clients, role, status):
    outgoing = ShipmentFactory()
    incoming = received(PartnerFactory(), datetime.date(2025, 1, 1))
    urls = [
        LIST,
        detail(outgoing),
        reverse("shipments:dispatch_note", args=[outgoing.reference]),
        reverse("shipments:acknowledgement", args=[incoming.reference]),
    ]
    for url in urls:
        response = clients[role].get(url)
        assert response.status_code == status, url
        if role == "anonymous":
            assert response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize(
    ("role", "status"), [("anonymous", 302), ("staff", 200), ("head", 403), ("admin", 200)]
)
def test_only_those_who_record_shipments_open_the_forms(clients, role, status):
    shipment = ShipmentFactory()
    for url in (NEW_OUT, NEW_IN, edit(shipment), step(shipment, "pack")):
        assert clients[role].get(url).status_code == status, url


def test_a_department_head_cannot_create_change_or_step_a_shipment(head_client):
    partner = PartnerFactory()
    shipment = ShipmentFactory(partner=partner)
    assert head_client.post(NEW_OUT, outgoing_data(partner, THREE_ITEMS[0])).status_code == 403
    assert head_client.post(edit(shipment), outgoing_data(partner)).status_code == 403
    assert head_client.post(step(shipment, "pack"), {"pack-on": TODAY}).status_code == 403
    assert Shipment.objects.count() == 1
    shipment.refresh_from_db()
    assert shipment.status == "draft"


@pytest.mark.parametrize(("role", "shown"), [("staff", True), ("head", False), ("admin", True)])
def test_step_and_edit_controls_show_only_to_those_who_may_use_them(clients, role, shown):
    shipment = ShipmentFactory()
    page = clients[role].get(detail(shipment)).content.decode()
    assert (step(shipment, "pack") in page) is shown
    assert (edit(shipment) in page) is shown
    list_page = clients[role].get(LIST).content.decode()
    assert (NEW_OUT in list_page) is shown


@pytest.mark.parametrize(
    ("direction", "status", "steps"),
    [
        ("outgoing", "draft", ["pack", "cancel"]),
        ("outgoing", "packed", ["dispatch", "cancel"]),
        ("outgoing", "dispatched", ["deliver", "acknowledge", "lose", "return"]),
        ("outgoing", "delivered", ["acknowledge", "return"]),
        ("outgoing", "acknowledged", []),
        ("outgoing", "cancelled", []),
        ("incoming", "expected", ["receive", "cancel_incoming"]),
        ("incoming", "received", ["confirm"]),
        ("incoming", "acknowledged", []),
    ],
)
def test_the_page_offers_exactly_the_steps_allowed_from_the_status(
    staff_client, direction, status, steps
):
    dated = (
        {"dispatched_on": datetime.date(2025, 1, 1)}
        if status
        in (
            "dispatched",
            "delivered",
            "acknowledged",
        )
        and direction == "outgoing"
        else {}
    )
    if direction == "incoming" and status in ("received", "acknowledged"):
        dated = {"received_on": datetime.date(2025, 1, 1)}
    shipment = ShipmentFactory(direction=direction, status=status, **dated)
    response = staff_client.get(detail(shipment))
    assert [s["step"].name for s in response.context["steps"]] == steps
    page = response.content.decode()
    for name in steps:
        assert f'<dialog id="dialog-{name}"' in page
        assert f'action="{step(shipment, name)}"' in page


def test_every_step_form_posts_with_a_confirmation_and_no_inline_script(staff_client):
    shipment = ShipmentFactory(status="packed")
    page = staff_client.get(detail(shipment)).content.decode()
    assert 'method="post"' in page
    assert "data-dialog=" in page
    assert "<script>" not in page
    assert "onclick" not in page
    assert 'style="' not in page
