"""A new-shipment form sent more than once (a double click, a reload, a slow network)
creates one shipment; the repeats show the one it created."""

import threading

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse

from shipments.models import Shipment
from tests.factories import PartnerFactory
from tests.html_forms import form_data

pytestmark = pytest.mark.django_db
NEW_OUT = reverse("shipments:create_outgoing")


def filled_in(client) -> dict:
    partner = PartnerFactory(code="GB-BL")
    data = form_data(client.get(NEW_OUT).content.decode(), "form_token")
    return {**data, "partner": partner.code, "items-0-title": "Selected poems"}


def test_the_form_sent_three_times_creates_one_shipment_and_shows_it(staff_client):
    data = filled_in(staff_client)
    responses = [staff_client.post(NEW_OUT, data) for _ in range(3)]
    shipment = Shipment.objects.get()
    assert [r.status_code for r in responses] == [302, 302, 302]
    assert {r.url for r in responses} == {shipment.get_absolute_url()}
    page = staff_client.get(responses[-1].url).content.decode()
    assert f"shipment {shipment.reference} was created the first time" in page
    assert shipment.items.count() == 1


def test_each_new_form_creates_its_own_shipment(staff_client):
    first = filled_in(staff_client)
    second = form_data(staff_client.get(NEW_OUT).content.decode(), "form_token")
    assert first["form_token"] != second["form_token"]
    staff_client.post(NEW_OUT, first)
    staff_client.post(NEW_OUT, {**first, "form_token": second["form_token"]})
    assert Shipment.objects.count() == 2


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="needs a database that runs writers concurrently"
)
def test_the_form_sent_twice_at_the_same_moment_creates_one_shipment(staff_user):
    client = Client()
    client.force_login(staff_user)
    data = filled_in(client)
    barrier = threading.Barrier(2)
    statuses = []

    def send():
        try:
            sender = Client()
            sender.force_login(staff_user)
            barrier.wait()
            statuses.append(sender.post(NEW_OUT, data).status_code)
        finally:
            connection.close()

    threads = [threading.Thread(target=send) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert statuses == [302, 302]
    assert Shipment.objects.count() == 1
