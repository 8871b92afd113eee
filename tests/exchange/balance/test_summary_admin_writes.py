"""The balance summary stays exact after edits and deletions in the admin."""

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse

from exchange.rates.models import ExchangeRate
from shipments.items import ShipmentItem
from shipments.models import Shipment
from tests.exchange.balance.summary_helpers import D, assert_exact
from tests.html_forms import form_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def superuser_client(db):
    user = User.objects.create_superuser("root", "root@example.org", "x-secret-pass-9")
    client = Client()
    client.force_login(user)
    return client


def test_admin_adds_edits_and_deletes_shipments_with_their_items(history, superuser_client):
    shipment = history["british"].shipments.counted().filter(direction="outgoing").get()
    url = reverse("admin:shipments_shipment_change", args=[shipment.pk])
    data = form_data(superuser_client.get(url).content.decode(), "items-TOTAL_FORMS")
    data["dispatched_on"] = "2024-01-02"
    data["items-0-quantity"] = "7"
    data["items-1-DELETE"] = "on"
    response = superuser_client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:3000]
    assert_exact()
    data = form_data(superuser_client.get(url).content.decode(), "items-TOTAL_FORMS")
    data["items-TOTAL_FORMS"] = str(int(data["items-TOTAL_FORMS"]) + 1)
    new = int(data["items-TOTAL_FORMS"]) - 1
    data.update(
        {
            f"items-{new}-title": "Added in the admin",
            f"items-{new}-quantity": "3",
            f"items-{new}-pages": "0",
            f"items-{new}-unit_value": "1.50",
            f"items-{new}-currency": "EUR",
            f"items-{new}-material_type": "monograph",
        }
    )
    assert superuser_client.post(url, data).status_code == 302
    assert_exact()
    # Taken back to a draft (it never left), then deleted, as the admin allows.
    data = form_data(superuser_client.get(url).content.decode(), "items-TOTAL_FORMS")
    data.update(status="draft", dispatched_on="", delivered_on="", acknowledged_on="")
    response = superuser_client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:3000]
    assert_exact()
    delete = reverse("admin:shipments_shipment_delete", args=[shipment.pk])
    response = superuser_client.post(delete, {"post": "yes"})
    assert response.status_code == 302, response.content.decode()[-3000:]
    assert not Shipment.objects.filter(pk=shipment.pk).exists()
    assert_exact()


def test_admin_edits_items_and_rates_and_deletes_in_bulk(history, superuser_client):
    item = ShipmentItem.objects.filter(currency="USD").first()
    url = reverse("admin:shipments_shipmentitem_change", args=[item.pk])
    data = form_data(superuser_client.get(url).content.decode(), "title")
    data.update(quantity="11", unit_value="1.00", currency="EUR")
    assert superuser_client.post(url, data).status_code == 302
    assert_exact()
    rate = ExchangeRate.objects.get(currency="USD", valid_from=D(2024, 1, 15))
    url = reverse("admin:exchange_exchangerate_change", args=[rate.pk])
    data = form_data(superuser_client.get(url).content.decode(), "rate")
    data.update(valid_from="2023-12-10", rate="6.900000")
    assert superuser_client.post(url, data).status_code == 302
    assert_exact()
    add = reverse("admin:exchange_exchangerate_add")
    data = {"currency": "GBP", "valid_from": "2023-01-01", "rate": "9.000000"}
    assert superuser_client.post(add, data).status_code == 302
    assert_exact()
    # As shipments that never left or came, which may be deleted.
    french = history["french"].shipments
    french.filter(direction="outgoing").update(status="draft", dispatched_on=None)
    french.filter(direction="incoming").update(status="expected", received_on=None)
    changelist = reverse("admin:shipments_shipment_changelist")
    uncounted = list(Shipment.objects.filter(counted_on=None).values_list("pk", flat=True))
    response = superuser_client.post(
        changelist, {"action": "delete_selected", "_selected_action": uncounted, "post": "yes"}
    )
    assert response.status_code == 302
    assert not Shipment.objects.filter(counted_on=None).exists()
    rates = reverse("admin:exchange_exchangerate_changelist")
    every_rate = list(ExchangeRate.objects.values_list("pk", flat=True))
    superuser_client.post(
        rates, {"action": "delete_selected", "_selected_action": every_rate, "post": "yes"}
    )
    assert not ExchangeRate.objects.exists()
    assert_exact()
