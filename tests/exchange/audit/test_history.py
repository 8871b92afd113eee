"""The audit trail: who changed what and when, on the partner, shipment and agreement pages."""

import datetime
import io
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from exchange.audit.history import PAGE_EVENTS, changes_since
from exchange.programme.history import agreement_history
from exchange.transfer.partners import import_partners
from partners.history import partner_history
from partners.models import PARTNER_COLUMNS
from shipments.history import shipment_history
from shipments.items import ShipmentItem
from shipments.models import Shipment
from shipments.services import shipment_create, shipment_step, shipment_update
from tests.exchange.import_files import csv_bytes, table
from tests.factories import (
    AddressFactory,
    AgreementFactory,
    ContactFactory,
    ItemFactory,
    ObligationFactory,
    PartnerFactory,
    ShipmentFactory,
)

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()
# Later than the records the factories write now.
START = timezone.now() + datetime.timedelta(hours=1)


def save_at(obj, minutes: int, user=None):
    """Save as `user`, `minutes` after START: saves far apart are separate events."""
    obj._history_date = START + datetime.timedelta(minutes=minutes)
    obj._history_user = user
    obj.save()


def lines_of(history) -> list[tuple[str, str, list[tuple[str, str, str]]]]:
    return [
        (line.subject, line.action, [(c.field, c.old, c.new) for c in line.changes])
        for event in history.events
        for line in event.lines
    ]


# ---- what the history says ----


def test_a_partner_change_names_the_user_the_fields_and_the_old_and_new_values(admin_user):
    partner = PartnerFactory(code="GB-BL", status="active", city="London")
    partner.status = "ended"
    partner.city = "Boston Spa"
    save_at(partner, 10, admin_user)
    latest = partner_history(partner).events[0]
    assert latest.user == admin_user
    assert latest.who == "admin"
    assert lines_of(partner_history(partner))[0] == (
        "Partner",
        "~",
        [("City", "London", "Boston Spa"), ("Status", "Active", "Ended")],
    )


def test_the_partner_history_includes_its_addresses_and_contacts_also_removed_ones(staff_user):
    partner = PartnerFactory()
    address = AddressFactory(partner=partner, kind="shipping")
    contact = ContactFactory(partner=partner, name="Ann Smith", email="ann@example.org")
    contact.email = "ann.smith@example.org"
    save_at(contact, 10, staff_user)
    address._history_date = START + datetime.timedelta(minutes=20)
    address.delete()
    lines = lines_of(partner_history(partner))
    assert lines[0] == ("Addresses", "-", [])
    assert lines[1] == (
        "Contact Ann Smith",
        "~",
        [("Email", "ann@example.org", "ann.smith@example.org")],
    )
    removed = partner_history(partner).events[0].lines[0]
    assert removed.names == ["Address (shipping)"]


def test_a_save_without_a_visible_change_is_left_out():
    partner = PartnerFactory()
    partner.version += 1
    save_at(partner, 10)
    assert [line[1] for line in lines_of(partner_history(partner))] == ["+"]


def test_a_changed_partner_of_a_shipment_is_named_not_numbered(staff_user):
    first, second = PartnerFactory(code="GB-BL"), PartnerFactory(code="GB-OX")
    shipment = ShipmentFactory(partner=first)
    shipment.partner = second
    save_at(shipment, 10, staff_user)
    (change,) = lines_of(shipment_history(shipment))[0][2]
    assert change == ("Partner", str(first), str(second))


def test_items_added_in_one_save_make_one_line_naming_them(staff_user):
    shipment = shipment_create(
        shipment=Shipment(direction="outgoing", status="draft", partner=PartnerFactory()),
        items=[ShipmentItem(title=f"Title {n}") for n in range(12)],
        user=staff_user,
    )
    event = shipment_history(shipment).events[0]
    assert event.user == staff_user
    assert [(line.subject, line.action) for line in event.lines] == [
        ("Shipment", "+"),
        ("Items", "+"),
    ]
    assert event.lines[1].names[:2] == ["Item “Title 0”", "Item “Title 1”"]
    assert event.lines[1].more == 2


def test_the_agreement_history_includes_its_obligations(admin_user):
    agreement = AgreementFactory()
    obligation = ObligationFactory(agreement=agreement, target=Decimal(100))
    obligation.target = Decimal(120)
    save_at(obligation, 10, admin_user)
    subject, action, changes = lines_of(agreement_history(agreement))[0]
    assert (action, changes) == ("~", [("Target per period", "100.00", "120.00")])
    assert subject == "Obligation: outgoing (we send), 120 items"


def test_the_page_shows_the_latest_events_and_counts_the_others():
    partner = PartnerFactory(city="City 0")
    for minutes in range(1, PAGE_EVENTS + 5):
        partner.city = f"City {minutes}"
        save_at(partner, minutes)
    history = partner_history(partner)
    assert len(history.events) == PAGE_EVENTS
    assert history.hidden == 5
    assert history.events[0].lines[0].changes[0].new == f"City {PAGE_EVENTS + 4}"


def test_changes_since_lists_what_others_saved_after_the_version_seen(staff_user, head_user):
    partner = PartnerFactory(city="London")
    seen = partner.version
    partner.city = "Leeds"
    partner.version += 1
    save_at(partner, 10, head_user)
    (event,) = changes_since(partner, seen).events
    assert (event.user, lines_of(changes_since(partner, seen))[0][2]) == (
        head_user,
        [("City", "London", "Leeds")],
    )


# ---- who: the web UI, services and imports record the user ----


def test_an_edit_in_the_web_ui_records_the_signed_in_user(admin_client, admin_user):
    partner = PartnerFactory(city="London")
    data = {
        "code": partner.code,
        "name": partner.name,
        "kind": partner.kind,
        "status": partner.status,
        "country": "GB",
        "city": "Leeds",
        "version": partner.version,
    }
    for prefix in ("addresses", "contacts"):
        data.update({f"{prefix}-TOTAL_FORMS": "0", f"{prefix}-INITIAL_FORMS": "0"})
    assert admin_client.post(reverse("partners:edit", args=[partner.code]), data).status_code == (
        302
    )
    assert partner.history.first().history_user == admin_user


def test_services_record_the_user_outside_a_request(staff_user):
    shipment = shipment_create(
        shipment=Shipment(direction="outgoing", status="draft", partner=PartnerFactory()),
        items=[ShipmentItem(title="Shiji")],
        user=staff_user,
    )
    gone = ItemFactory(shipment=shipment)
    shipment.notes = "Second box"
    shipment_update(shipment=shipment, items=[], deleted_items=[gone], user=staff_user)
    shipment_step(
        shipment=Shipment.objects.get(pk=shipment.pk), step="pack", on=TODAY, user=staff_user
    )
    users = {record.history_user for record in Shipment.history.all()}
    users |= {
        record.history_user
        for record in ShipmentItem.history.filter(shipment_id=shipment.pk)
        if record.title == "Shiji" or record.history_type == "-"
    }
    assert users == {staff_user}


def test_an_import_records_the_user_and_the_file(staff_user):
    partner = PartnerFactory(code="GB-BL", name="British Library", city="London")
    row = {
        "code": "GB-BL",
        "name": "British Library",
        "kind": "national",
        "country": "GB",
        "city": "Boston Spa",
        "status": "active",
    }
    content = csv_bytes(PARTNER_COLUMNS, table(PARTNER_COLUMNS, {}, row))
    assert import_partners(io.BytesIO(content), "partners.csv", user=staff_user).ok
    event = partner_history(partner).events[0]
    assert (event.user, event.reason) == (staff_user, "Imported from partners.csv")
    changes = [(c.field, c.old, c.new) for c in event.lines[0].changes]
    assert ("City", "London", "Boston Spa") in changes


# ---- on the pages ----


def test_the_partner_page_shows_its_history_to_every_role(clients, admin_user):
    partner = PartnerFactory(status="active")
    partner.status = "suspended"
    save_at(partner, 10, admin_user)
    for role in ("staff", "head", "admin"):
        page = clients[role].get(reverse("partners:detail", args=[partner.code]))
        html = page.content.decode()
        assert 'id="change-history-heading"' in html
        assert "<del>Active</del>" in html
        assert "<ins>Suspended</ins>" in html


def test_the_shipment_and_agreement_pages_show_their_history(staff_client, staff_user):
    shipment = ShipmentFactory(status="draft")
    shipment_step(shipment=shipment, step="pack", on=TODAY, user=staff_user)
    html = staff_client.get(shipment.get_absolute_url()).content.decode()
    assert "<del>Draft</del>" in html
    assert "<ins>Packed</ins>" in html
    agreement = AgreementFactory(title="Programme")
    ObligationFactory(agreement=agreement)
    html = staff_client.get(agreement.get_absolute_url()).content.decode()
    assert "Obligations</span> added" in html


def test_only_those_who_may_open_the_admin_get_the_link_to_the_full_history(clients):
    partner = PartnerFactory(city="City 0")
    for minutes in range(1, PAGE_EVENTS + 2):
        partner.city = f"City {minutes}"
        save_at(partner, minutes)
    admin_link = reverse("admin:partners_partner_history", args=[partner.pk])
    url = reverse("partners:detail", args=[partner.code])
    assert admin_link in clients["admin"].get(url).content.decode()
    assert admin_link not in clients["staff"].get(url).content.decode()


# ---- a fixed number of queries, however long the history ----


def _long_history(partner, shipment, agreement, count: int, user):
    others = PartnerFactory.create_batch(2)
    for n in range(count):
        partner.city = f"City {n}"
        save_at(partner, n, user)
        AddressFactory(partner=partner)
        contact = ContactFactory(partner=partner)
        contact.delete()
        shipment.partner = others[n % 2]
        shipment.notes = f"Note {n}"
        save_at(shipment, n, user)
        ItemFactory(shipment=shipment)
        obligation = ObligationFactory(agreement=agreement, partner=others[n % 2])
        obligation.partner = others[(n + 1) % 2]
        save_at(obligation, n, user)


@pytest.mark.parametrize("count", [2, 20])
def test_histories_take_a_fixed_number_of_queries(django_assert_num_queries, count, staff_user):
    partner, agreement = PartnerFactory(), AgreementFactory(countries=["GB"])
    shipment = ShipmentFactory()
    _long_history(partner, shipment, agreement, count, staff_user)
    # the partner's, its addresses' and its contacts' records, each with their users
    with django_assert_num_queries(3):
        partner_history(partner)
    # the shipment's and its items' records; the partners named in its changes
    with django_assert_num_queries(3):
        shipment_history(shipment)
    # the agreement's and its obligations' records; the partners named in their changes
    with django_assert_num_queries(3):
        agreement_history(agreement)


def test_an_agreements_countries_are_named(admin_user):
    agreement = AgreementFactory(countries=["FR", "GB"])
    agreement.countries = ["GB"]
    save_at(agreement, 10, admin_user)
    assert lines_of(agreement_history(agreement))[0] == (
        "Cultural agreement",
        "~",
        [("Counterpart countries", "France, United Kingdom", "United Kingdom")],
    )
