"""The shipment's page, its printed documents and the ISBN check."""

import datetime
import json
from decimal import Decimal

import pytest
from django.urls import reverse

from shipments.steps import ShipmentEvent
from tests.factories import (
    AddressFactory,
    ContactFactory,
    ItemFactory,
    PartnerFactory,
    ShipmentFactory,
    received,
    sent,
)
from tests.shipments.views_helpers import BAD_ISBN, TODAY, detail, edit

pytestmark = pytest.mark.django_db


# ---- the detail page ----


def test_detail_shows_items_totals_and_history(staff_client, staff_user):
    shipment = ShipmentFactory(reference="OUT-2026-00007")
    ItemFactory(shipment=shipment, title="Shiji", isbn="9787101003130", quantity=2, pages=300)
    ItemFactory(shipment=shipment, title="Report", unit_value=Decimal("12.5"), currency="CNY")
    ShipmentEvent.objects.create(shipment=shipment, status="draft", on=TODAY, user=staff_user)
    page = staff_client.get(detail(shipment)).content.decode()
    assert "Shiji" in page
    assert "978-7-101-00313-0" in page
    assert "12.50 CNY" in page
    assert "Status history" in page
    assert "Li Wei" in page


@pytest.mark.parametrize("count", [2, 20])
def test_detail_runs_a_fixed_number_of_queries(staff_client, django_assert_num_queries, count):
    shipment = ShipmentFactory(status="packed")
    ItemFactory.create_batch(count, shipment=shipment)
    for _ in range(count):
        ShipmentEvent.objects.create(shipment=shipment, status="packed", on=TODAY)
    # session, user, permissions and groups; the shipment with partner,
    # obligation and creator, its items, its events with users; the
    # obligations it counts towards (none: no query); its history: the shipment's and
    # its items' records (with their users)
    with django_assert_num_queries(8):
        response = staff_client.get(detail(shipment))
    assert len(response.context["shipment"].items.all()) == count


@pytest.mark.parametrize("count", [2, 20])
def test_the_edit_form_runs_a_fixed_number_of_queries(
    staff_client, django_assert_num_queries, count
):
    shipment = ShipmentFactory()
    ItemFactory.create_batch(count, shipment=shipment)
    # session, user, permissions and groups; the shipment with its partner;
    # whether it has items, its items; the shipments that already took the items'
    # titles to the partner (issue 18: the duplicate warning, one query for all rows);
    # the obligations to choose from. No list of partners: the partner
    # field suggests as one types (partners:lookup).
    with django_assert_num_queries(8):
        response = staff_client.get(edit(shipment))
    assert len(response.context["formset"].forms) == count


def test_an_unknown_shipment_is_not_found(staff_client):
    assert staff_client.get(reverse("shipments:detail", args=["NOPE"])).status_code == 404


# ---- printed documents ----


def test_the_dispatch_note_is_addressed_from_the_partners_records(staff_client):
    partner = PartnerFactory(code="GB-BL", name="British Library")
    AddressFactory(partner=partner, kind="postal", lines="PO Box 1")
    AddressFactory(partner=partner, kind="shipping", lines="Boston Spa", postcode="LS23 7BQ")
    ContactFactory(partner=partner, name="Jane Smith", role="Exchange librarian")
    shipment = sent(partner, datetime.date(2025, 5, 1), tracking_number="RR1CN")
    ItemFactory(shipment=shipment, title="Shiji", quantity=2)
    page = staff_client.get(reverse("shipments:dispatch_note", args=[shipment.reference]))
    text = page.content.decode()
    assert "Boston Spa" in text
    assert "PO Box 1" not in text
    assert "UNITED KINGDOM" in text
    assert "Jane Smith" in text
    assert "Shiji" in text
    assert "National Library of China" in text
    assert "中国国家图书馆" in text
    assert "css/print.css" in text
    assert "data-print" in text


def test_the_acknowledgement_letter_thanks_the_partner_for_what_arrived(staff_client):
    partner = PartnerFactory()
    ContactFactory(partner=partner, name="Dr Müller")
    shipment = received(partner, datetime.date(2025, 5, 2))
    ItemFactory.create_batch(3, shipment=shipment)
    text = staff_client.get(
        reverse("shipments:acknowledgement", args=[shipment.reference])
    ).content.decode()
    assert "Dear Dr Müller," in text
    assert "2 May 2025" in text
    assert "3 titles" in text


def test_documents_exist_only_for_their_direction_and_status(staff_client):
    expected = ShipmentFactory(direction="incoming", status="expected", reference="IN-3")
    outgoing = ShipmentFactory()
    assert (
        staff_client.get(
            reverse("shipments:acknowledgement", args=[expected.reference])
        ).status_code
        == 404
    )
    assert (
        staff_client.get(
            reverse("shipments:acknowledgement", args=[outgoing.reference])
        ).status_code
        == 404
    )
    assert (
        staff_client.get(reverse("shipments:dispatch_note", args=[expected.reference])).status_code
        == 404
    )


@pytest.mark.parametrize("count", [2, 20])
def test_documents_run_a_fixed_number_of_queries(staff_client, django_assert_num_queries, count):
    partner = PartnerFactory()
    AddressFactory.create_batch(2, partner=partner)
    ContactFactory.create_batch(2, partner=partner)
    shipment = sent(partner, datetime.date(2025, 1, 1))
    ItemFactory.create_batch(count, shipment=shipment)
    # session, user, permissions and groups; the shipment with its
    # partner, its items, the partner's addresses and contacts; the
    # signatory with their name and title
    with django_assert_num_queries(8):
        staff_client.get(reverse("shipments:dispatch_note", args=[shipment.reference]))


# ---- the ISBN check ----


def test_the_isbn_check_answers_with_the_hyphenated_form(staff_client):
    answer = json.loads(
        staff_client.get(reverse("shipments:check_isbn"), {"isbn": "9787101003130"}).content
    )
    assert answer == {"valid": True, "isbn": "9787101003130", "formatted": "978-7-101-00313-0"}


def test_the_isbn_check_says_what_is_wrong(staff_client):
    answer = json.loads(
        staff_client.get(reverse("shipments:check_isbn"), {"isbn": BAD_ISBN}).content
    )
    assert answer["valid"] is False
    assert "the check digit is wrong" in answer["message"]


def test_the_isbn_check_needs_sign_in(anon_client):
    response = anon_client.get(reverse("shipments:check_isbn"), {"isbn": "9787101003130"})
    assert response.status_code == 302
