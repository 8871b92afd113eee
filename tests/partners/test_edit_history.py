"""A partner's edit as a browser posts it (text areas with CR LF line breaks), and the
history it leaves: only what changed, each field old → new, also for partners loaded
without history (the demo, bulk loads)."""

import pytest
from django.urls import reverse

from partners.history import partner_history
from partners.models import Address, Contact, Partner
from tests.factories import AddressFactory, ContactFactory, PartnerFactory
from tests.html_forms import form_data

pytestmark = pytest.mark.django_db


def edit_url(partner):
    return reverse("partners:edit", args=[partner.code])


def browser_post(client, partner, **changes):
    """The edit form as the page renders it, posted as a browser does: every line break
    of a text area as CR LF."""
    data = form_data(client.get(edit_url(partner)).content.decode())
    data = {name: value.replace("\n", "\r\n") for name, value in data.items()}
    data.update(changes)
    response = client.post(edit_url(partner), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    return response


def lines_of(partner):
    return [
        (line.subject, line.action_label, [(c.field, c.old, c.new) for c in line.changes])
        for event in partner_history(partner).events
        for line in event.lines
    ]


def test_saving_with_no_address_touched_records_no_address_change(admin_client):
    partner = PartnerFactory(code="GB-BL", notes="First line\nSecond line")
    AddressFactory(partner=partner, lines="96 Euston Road\nLondon")
    ContactFactory(partner=partner)
    browser_post(admin_client, partner, city="Boston Spa")
    lines = lines_of(partner)
    assert lines[0] == ("Partner", "changed", [("City", "London", "Boston Spa")])
    assert not any(subject.startswith("Address") for subject, action, _ in lines[:1])
    assert Address.history.filter(history_type="~").count() == 0
    assert Contact.history.filter(history_type="~").count() == 0
    assert Address.objects.get().lines == "96 Euston Road\nLondon"
    assert Partner.objects.get().notes == "First line\nSecond line"


def test_an_address_changed_in_the_form_is_recorded_with_its_field(admin_client):
    partner = PartnerFactory(code="GB-BL")
    AddressFactory(partner=partner, lines="96 Euston Road\nLondon")
    browser_post(admin_client, partner, **{"addresses-0-lines": "Boston Spa\r\nWetherby"})
    assert Address.objects.get().lines == "Boston Spa\nWetherby"
    subject, action, changes = lines_of(partner)[0]
    assert (subject, action) == ("Address (shipping)", "changed")
    assert changes == [("Street address", "96 Euston Road\nLondon", "Boston Spa\nWetherby")]


def test_a_partner_loaded_without_history_shows_its_first_change_field_by_field(admin_client):
    # bulk_create writes no historical record, as the demo's seed and bulk loads.
    (partner,) = Partner.objects.bulk_create(
        [PartnerFactory.build(code="GB-BL", city="London", status="active")]
    )
    Address.objects.bulk_create([AddressFactory.build(partner=partner, lines="96 Euston Road")])
    browser_post(
        admin_client,
        partner,
        city="Boston Spa",
        status="suspended",
        **{"addresses-0-postcode": "LS23 7BQ"},
    )
    lines = lines_of(partner)
    assert (
        "Partner",
        "changed",
        [("City", "London", "Boston Spa"), ("Status", "Active", "Suspended")],
    ) in lines
    assert ("Address (shipping)", "changed", [("Postcode", "NW1 2DB", "LS23 7BQ")]) in lines
    # The stored state it was compared with is no event of its own.
    assert len(partner_history(partner).events) == 1
    page = admin_client.get(reverse("partners:detail", args=[partner.code])).content.decode()
    history = page[page.index('id="change-history-heading"') :]
    assert "<dt>City</dt>" in history
    assert "<del>London</del>" in history and "<ins>Boston Spa</ins>" in history


def test_a_second_save_writes_no_second_starting_state(admin_client):
    (partner,) = Partner.objects.bulk_create([PartnerFactory.build(code="GB-BL")])
    browser_post(admin_client, partner, city="Leeds")
    browser_post(admin_client, Partner.objects.get(), city="York")
    assert Partner.history.filter(history_change_reason="starting state").count() == 1
    # Two saves in a few seconds by one user are one event, its lines in their order.
    assert [line[2] for line in lines_of(partner)] == [
        [("City", "London", "Leeds")],
        [("City", "Leeds", "York")],
    ]


def test_the_admin_form_saved_as_a_browser_does_records_no_address_change(admin_client):
    partner = PartnerFactory(code="GB-BL", notes="First line\nSecond line")
    AddressFactory(partner=partner, lines="96 Euston Road\nLondon")
    url = reverse("admin:partners_partner_change", args=[partner.pk])
    data = form_data(admin_client.get(url).content.decode(), "addresses-TOTAL_FORMS")
    data = {name: value.replace("\n", "\r\n") for name, value in data.items()}
    data["city"] = "Boston Spa"
    response = admin_client.post(url, data)
    assert response.status_code == 302, response.content.decode()[-3000:]
    assert Partner.objects.get().city == "Boston Spa"
    assert Address.history.filter(history_type="~").count() == 0
    assert Address.objects.get().lines == "96 Euston Road\nLondon"
    assert lines_of(partner)[0] == ("Partner", "changed", [("City", "London", "Boston Spa")])
