"""Safe deletion: drafts go; what is part of the record of exchange stays, and the UI and
the admin say why and what to do instead."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from exchange.programme.models import CulturalAgreement, Obligation
from partners.models import Address, Partner
from shipments.items import ShipmentItem
from shipments.models import Shipment
from tests.factories import (
    AddressFactory,
    AgreementFactory,
    ClaimFactory,
    ContactFactory,
    ItemFactory,
    ObligationFactory,
    PartnerFactory,
    ShipmentFactory,
    received,
    sent,
)

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()
LAST_YEAR = datetime.date(TODAY.year - 1, 3, 1)


def delete_url(shipment):
    return reverse("shipments:delete", args=[shipment.reference])


def partner_delete_url(partner):
    return reverse("partners:delete", args=[partner.code])


def admin_delete_url(obj):
    meta = obj._meta
    return reverse(f"admin:{meta.app_label}_{meta.model_name}_delete", args=[obj.pk])


def still_there(obj) -> bool:
    return type(obj).objects.filter(pk=obj.pk).exists()


# ---- shipments in the UI ----


def test_staff_delete_a_draft_with_its_items_after_confirming(staff_client, staff_user):
    shipment = ShipmentFactory(status="draft")
    ItemFactory.create_batch(2, shipment=shipment)
    page = staff_client.get(delete_url(shipment))
    assert page.status_code == 200
    assert "Delete the shipment" in page.content.decode()
    assert still_there(shipment)
    response = staff_client.post(delete_url(shipment))
    assert response.status_code == 302
    assert response["Location"] == reverse("shipments:list")
    assert not still_there(shipment)
    assert not ShipmentItem.objects.filter(shipment_id=shipment.pk).exists()
    deleted = Shipment.history.filter(id=shipment.pk, history_type="-").get()
    assert deleted.history_user == staff_user


def test_an_incoming_shipment_that_never_came_can_be_deleted(staff_client):
    shipment = ShipmentFactory(direction="incoming", status="expected", reference="IN-1")
    assert staff_client.post(delete_url(shipment)).status_code == 302
    assert not still_there(shipment)


@pytest.mark.parametrize(
    ("make", "reason", "alternative"),
    [
        (lambda: sent(PartnerFactory(), LAST_YEAR), "was dispatched on", "Mark lost"),
        (
            lambda: sent(PartnerFactory(), LAST_YEAR, status="lost", lost_on=TODAY),
            "was dispatched on",
            "",
        ),
        (lambda: received(PartnerFactory(), LAST_YEAR), "was received on", ""),
        (
            lambda: ShipmentFactory(status="packed", packed_on=TODAY),
            "cancel it instead",
            "Cancel…",
        ),
    ],
    ids=["dispatched", "lost", "received", "packed"],
)
def test_a_shipment_that_left_arrived_or_is_packed_is_kept_and_the_page_says_why(
    staff_client, make, reason, alternative
):
    shipment = make()
    page = staff_client.get(delete_url(shipment)).content.decode()
    assert reason in page
    assert "Delete the shipment" not in page
    if alternative:
        assert alternative in page
    refused = staff_client.post(delete_url(shipment))
    assert refused.status_code == 200
    assert reason in refused.content.decode()
    assert still_there(shipment)


def test_a_draft_that_a_claim_refers_to_is_kept(staff_client):
    shipment = ShipmentFactory(status="draft")
    ClaimFactory(partner=shipment.partner, shipment=shipment)
    refused = staff_client.post(delete_url(shipment))
    assert "1 claim refers to it" in refused.content.decode()
    assert still_there(shipment)


@pytest.mark.parametrize(("role", "status"), [("anonymous", 302), ("head", 403)])
def test_those_who_do_not_record_shipments_cannot_delete_them(clients, role, status):
    shipment = ShipmentFactory(status="draft")
    assert clients[role].get(delete_url(shipment)).status_code == status
    assert clients[role].post(delete_url(shipment)).status_code == status
    assert still_there(shipment)


def test_the_delete_button_shows_only_on_a_deletable_shipment_for_those_who_may(clients):
    draft = ShipmentFactory(status="draft")
    dispatched = sent(PartnerFactory(), LAST_YEAR)
    assert delete_url(draft) in clients["staff"].get(draft.get_absolute_url()).content.decode()
    assert delete_url(draft) not in clients["head"].get(draft.get_absolute_url()).content.decode()
    page = clients["staff"].get(dispatched.get_absolute_url()).content.decode()
    assert delete_url(dispatched) not in page


# ---- partners in the UI ----


def test_an_administrator_deletes_a_partner_without_shipments_with_its_addresses(
    admin_client,
):
    partner = PartnerFactory(code="XX-NEW")
    AddressFactory(partner=partner)
    ContactFactory(partner=partner)
    assert "Delete the partner" in admin_client.get(partner_delete_url(partner)).content.decode()
    response = admin_client.post(partner_delete_url(partner))
    assert response.status_code == 302
    assert response["Location"] == reverse("partners:list")
    assert not Partner.objects.filter(code="XX-NEW").exists()
    assert not Address.objects.exists()


@pytest.mark.parametrize(
    ("records", "count_text"),
    [
        (lambda p: sent(p, LAST_YEAR), "1 shipment"),
        (lambda p: ShipmentFactory.create_batch(2, partner=p), "2 shipments"),
        (lambda p: ClaimFactory(partner=p), "1 claim"),
        (
            lambda p: ObligationFactory(agreement=AgreementFactory(countries=["GB"]), partner=p),
            "1 obligation",
        ),
    ],
    ids=["dispatched", "drafts", "claim", "obligation"],
)
def test_a_partner_with_records_is_kept_and_the_page_offers_to_end_the_partnership(
    admin_client, records, count_text
):
    partner = PartnerFactory(code="GB-BL")
    records(partner)
    page = admin_client.get(partner_delete_url(partner)).content.decode()
    assert f"GB-BL has {count_text} and cannot be deleted" in page
    assert "end the partnership" in page
    assert reverse("partners:edit", args=["GB-BL"]) in page
    assert "Delete the partner" not in page
    refused = admin_client.post(partner_delete_url(partner))
    assert refused.status_code == 200
    assert "cannot be deleted" in refused.content.decode()
    assert still_there(partner)


@pytest.mark.parametrize(("role", "status"), [("anonymous", 302), ("staff", 403), ("head", 403)])
def test_only_administrators_may_delete_partners(clients, role, status):
    partner = PartnerFactory()
    assert clients[role].get(partner_delete_url(partner)).status_code == status
    assert clients[role].post(partner_delete_url(partner)).status_code == status
    assert still_there(partner)
    page = clients["staff"].get(partner.get_absolute_url()).content.decode()
    assert partner_delete_url(partner) not in page


# ---- the admin ----


def test_the_admin_deletes_a_draft(admin_client):
    shipment = ShipmentFactory(status="draft")
    response = admin_client.post(admin_delete_url(shipment), {"post": "yes"})
    assert response.status_code == 302
    assert not still_there(shipment)


def test_the_admin_keeps_a_dispatched_shipment_and_says_why(admin_client):
    shipment = sent(PartnerFactory(), LAST_YEAR)
    page = admin_client.get(admin_delete_url(shipment)).content.decode()
    assert "was dispatched on" in page
    assert "mark it lost or returned" in page
    admin_client.post(admin_delete_url(shipment), {"post": "yes"})
    assert still_there(shipment)


def test_the_admin_bulk_delete_deletes_nothing_when_one_is_kept(admin_client):
    draft = ShipmentFactory(status="draft")
    dispatched = sent(PartnerFactory(), LAST_YEAR)
    data = {"action": "delete_selected", "_selected_action": [draft.pk, dispatched.pk]}
    url = reverse("admin:shipments_shipment_changelist")
    page = admin_client.post(url, data).content.decode()
    assert "was dispatched on" in page
    admin_client.post(url, {**data, "post": "yes"})
    assert still_there(draft) and still_there(dispatched)


def test_the_admin_keeps_a_partner_with_shipments_and_offers_to_end_it(admin_client):
    partner = PartnerFactory(code="GB-BL")
    sent(partner, LAST_YEAR)
    page = admin_client.get(admin_delete_url(partner)).content.decode()
    assert "GB-BL has 1 shipment and cannot be deleted" in page
    assert "end the partnership" in page
    admin_client.post(admin_delete_url(partner), {"post": "yes"})
    assert still_there(partner)


def test_the_admin_keeps_an_agreement_with_obligations_and_deletes_one_without(admin_client):
    kept = AgreementFactory(title="Programme 2026")
    ObligationFactory(agreement=kept)
    page = admin_client.get(admin_delete_url(kept)).content.decode()
    assert "“Programme 2026” cannot be deleted: it has 1 obligation" in page
    admin_client.post(admin_delete_url(kept), {"post": "yes"})
    assert CulturalAgreement.objects.filter(pk=kept.pk).exists()
    empty = AgreementFactory()
    assert admin_client.post(admin_delete_url(empty), {"post": "yes"}).status_code == 302
    assert not CulturalAgreement.objects.filter(pk=empty.pk).exists()


def test_the_admin_keeps_an_obligation_that_shipments_serve(admin_client):
    obligation = ObligationFactory()
    ShipmentFactory(obligation=obligation)
    page = admin_client.get(admin_delete_url(obligation)).content.decode()
    assert "1 shipment serves it" in page
    admin_client.post(admin_delete_url(obligation), {"post": "yes"})
    assert Obligation.objects.filter(pk=obligation.pk).exists()
