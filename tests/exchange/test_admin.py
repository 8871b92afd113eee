"""Every admin changelist, add and change page, at a fixed number of queries.

The same pages are measured over a small and a ten-times-larger `seed_demo`
dataset; the counts must be equal, so no page runs a query per row.
"""

import datetime

import pytest
from django.contrib import admin
from django.core.management import call_command
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from exchange.core.models import LibraryIdentity
from tests.factories import (
    AddressFactory,
    ClaimFactory,
    ContactFactory,
    ItemFactory,
    ObligationFactory,
    PartnerFactory,
    RateFactory,
    sent,
)

pytestmark = pytest.mark.django_db
SMALL = ["--partners", "12", "--years", "2", "--scale", "0.3", "--until", "2026-06-30"]
LARGE = ["--partners", "120", "--years", "2", "--scale", "0.3", "--until", "2026-06-30"]


def _fixed_objects() -> dict:
    """One object of each model with a few related rows, the same in both datasets."""
    partner = PartnerFactory(code="ZZ-ADMIN", country="GB")
    AddressFactory.create_batch(2, partner=partner)
    ContactFactory.create_batch(2, partner=partner)
    obligation = ObligationFactory(partner=partner)
    ObligationFactory(agreement=obligation.agreement)
    shipment = sent(partner, datetime.date(2026, 1, 5), reference="OUT-ZZ-1")
    items = ItemFactory.create_batch(3, shipment=shipment)
    return {
        "partners.partner": partner,
        "partners.address": partner.addresses.first(),
        "partners.contact": partner.contacts.first(),
        "exchange.culturalagreement": obligation.agreement,
        "exchange.obligation": obligation,
        "exchange.exchangerate": RateFactory(currency="CHF"),
        "shipments.shipment": shipment,
        "shipments.shipmentitem": items[0],
        "shipments.claim": ClaimFactory(partner=partner, shipment=shipment),
    }


def _admin_urls(objects) -> list[str]:
    from exchange.offers.models import Selection

    urls = []
    for model in admin.site._registry:
        label = f"{model._meta.app_label}_{model._meta.model_name}"
        if model is LibraryIdentity:  # one row: its change page, made on first opening
            LibraryIdentity.default().save()
            urls.append(reverse(f"admin:{label}_change", args=[1]))
            continue
        urls.append(reverse(f"admin:{label}_changelist"))
        # Sign-in attempts are recorded, selections placed by their service: never added.
        if model._meta.app_label != "axes" and model is not Selection:
            urls.append(reverse(f"admin:{label}_add"))
        key = f"{model._meta.app_label}.{model._meta.model_name}"
        if key in objects:
            urls.append(reverse(f"admin:{label}_change", args=[objects[key].pk]))
    return urls


def _query_counts(client, seed_args) -> dict[str, int]:
    counts = {}
    with transaction.atomic():
        call_command("seed_demo", *seed_args, verbosity=0, stdout=open("/dev/null", "w"))
        objects = _fixed_objects()
        for url in _admin_urls(objects):
            client.get(url)  # warm the per-process caches (content types, sites)
            with CaptureQueriesContext(connection) as queries:
                response = client.get(url)
            assert response.status_code == 200, url
            counts[_normalise(url)] = len(queries)
        transaction.set_rollback(True)
    return counts


def _normalise(url: str) -> str:
    """The change URLs differ by primary key between datasets: compare by model."""
    parts = url.rstrip("/").split("/")
    return "/".join("<pk>" if part.isdigit() else part for part in parts)


def test_every_admin_page_renders_at_the_same_number_of_queries_whatever_the_size(
    admin_client,
):
    small = _query_counts(admin_client, SMALL)
    large = _query_counts(admin_client, LARGE)
    assert small == large
    assert len(small) >= 25


def test_the_demo_administrator_sees_partners_in_the_admin(admin_client):
    PartnerFactory(code="GB-BL", name="British Library")
    response = admin_client.get(reverse("admin:partners_partner_changelist"))
    assert "British Library" in response.content.decode()


@pytest.mark.parametrize(
    "query", ["GB-BL", "British", "大英", "London", "OUT-ZZ-1", "Title", "9787101003130"]
)
def test_admin_search_finds_by_code_names_city_reference_title_and_isbn(admin_client, query):
    partner = PartnerFactory(code="GB-BL", name="British Library", name_original="大英图书馆")
    shipment = sent(partner, datetime.date(2026, 1, 5), reference="OUT-ZZ-1")
    ItemFactory(shipment=shipment, title="Title of a book", isbn="9787101003130")
    by_shipment = query in ("OUT-ZZ-1", "Title", "9787101003130")
    model = "shipments_shipment" if by_shipment else "partners_partner"
    response = admin_client.get(reverse(f"admin:{model}_changelist"), {"q": query})
    assert response.status_code == 200
    assert response.context["cl"].result_count == 1


def test_staff_and_heads_cannot_use_the_admin(staff_client, head_client):
    for client in (staff_client, head_client):
        response = client.get(reverse("admin:index"))
        assert response.status_code == 302
