"""The partner pages: list with filters, detail with balance, editing by administrators."""

import datetime
import re
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from partners.models import Partner
from tests.factories import (
    AddressFactory,
    AgreementFactory,
    ContactFactory,
    ItemFactory,
    ObligationFactory,
    PartnerFactory,
    RateFactory,
    received,
    sent,
)

pytestmark = pytest.mark.django_db
LIST = reverse("partners:list")


def detail_url(partner):
    return reverse("partners:detail", args=[partner.code])


def edit_url(partner):
    return reverse("partners:edit", args=[partner.code])


def codes_in(response) -> list[str]:
    return [partner.code for partner in response.context["object_list"]]


# ---- access, as each role ----


@pytest.mark.parametrize(
    ("role", "status"), [("anonymous", 302), ("staff", 200), ("head", 200), ("admin", 200)]
)
def test_list_and_detail_are_open_to_every_signed_in_role(clients, role, status):
    partner = PartnerFactory()
    for url in (LIST, detail_url(partner)):
        response = clients[role].get(url)
        assert response.status_code == status
        if role == "anonymous":
            assert response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize(
    ("role", "status"), [("anonymous", 302), ("staff", 403), ("head", 403), ("admin", 200)]
)
def test_only_administrators_may_open_the_edit_and_new_forms(clients, role, status):
    partner = PartnerFactory()
    assert clients[role].get(edit_url(partner)).status_code == status
    assert clients[role].get(reverse("partners:create")).status_code == status


@pytest.mark.parametrize("role", ["staff", "head"])
def test_others_cannot_post_an_edit(clients, role):
    partner = PartnerFactory(name="Unchanged")
    response = clients[role].post(edit_url(partner), {"name": "Changed"})
    assert response.status_code == 403
    partner.refresh_from_db()
    assert partner.name == "Unchanged"


@pytest.mark.parametrize(("role", "shown"), [("staff", False), ("head", False), ("admin", True)])
def test_the_edit_button_shows_only_for_administrators(clients, role, shown):
    partner = PartnerFactory()
    page = clients[role].get(detail_url(partner)).content.decode()
    assert (edit_url(partner) in page) is shown


@pytest.mark.parametrize(("role", "shown"), [("staff", True), ("head", False), ("admin", True)])
def test_new_shipment_buttons_show_for_those_who_record_shipments(clients, role, shown):
    partner = PartnerFactory()
    page = clients[role].get(detail_url(partner)).content.decode()
    assert (reverse("shipments:create_outgoing") in page) is shown


def test_an_ended_partner_offers_no_new_shipment(staff_client):
    partner = PartnerFactory(status="ended")
    page = staff_client.get(detail_url(partner)).content.decode()
    assert reverse("shipments:create_outgoing") not in page
    assert "has ended" in page


def test_an_unknown_partner_is_not_found(staff_client):
    assert staff_client.get(reverse("partners:detail", args=["NO-SUCH"])).status_code == 404


# ---- the list: filters, sorting, pagination, count ----


def test_list_filters_by_country_in_either_case_kind_status_and_basis(staff_client):
    PartnerFactory(code="GB-BL", country="GB", kind="national", exchange_basis="piece")
    PartnerFactory(code="GB-OX", country="GB", kind="university", exchange_basis="piece")
    PartnerFactory(code="FR-BN", country="FR", kind="national", status="suspended")
    response = staff_client.get(LIST, {"country": "gb"})
    assert codes_in(response) == ["GB-BL", "GB-OX"]
    # The form shows the country chosen, in capitals, and only that one.
    page = response.content.decode()
    assert '<option value="GB" selected>United Kingdom</option>' in page
    assert page.count(" selected>") == page.count('<option value="" selected>') + 1
    assert codes_in(staff_client.get(LIST, {"kind": "national"})) == ["FR-BN", "GB-BL"]
    assert codes_in(staff_client.get(LIST, {"status": "suspended"})) == ["FR-BN"]
    assert codes_in(staff_client.get(LIST, {"basis": "piece", "kind": "university"})) == ["GB-OX"]


def test_free_text_searches_code_both_names_and_city(staff_client):
    PartnerFactory(code="JP-NDL", name="National Diet Library", name_original="国立国会図書館")
    PartnerFactory(code="RU-RSL", name="Russian State Library", city="Moscow")
    assert codes_in(staff_client.get(LIST, {"q": "ndl"})) == ["JP-NDL"]
    assert codes_in(staff_client.get(LIST, {"q": "国会"})) == ["JP-NDL"]
    assert codes_in(staff_client.get(LIST, {"q": "moscow"})) == ["RU-RSL"]
    assert codes_in(staff_client.get(LIST, {"q": "state library"})) == ["RU-RSL"]


def test_list_sorts_by_whitelisted_keys_both_ways(staff_client):
    PartnerFactory(code="A-1", name="Zeta", exchange_since=datetime.date(1990, 1, 1))
    PartnerFactory(code="B-2", name="Alpha", exchange_since=None)
    PartnerFactory(code="C-3", name="Mu", exchange_since=datetime.date(2010, 1, 1))
    assert codes_in(staff_client.get(LIST)) == ["A-1", "B-2", "C-3"]
    assert codes_in(staff_client.get(LIST, {"sort": "name"})) == ["B-2", "C-3", "A-1"]
    assert codes_in(staff_client.get(LIST, {"sort": "-name"})) == ["A-1", "C-3", "B-2"]
    # partners with no date come last either way
    assert codes_in(staff_client.get(LIST, {"sort": "-since"})) == ["C-3", "A-1", "B-2"]
    assert codes_in(staff_client.get(LIST, {"sort": "since"})) == ["A-1", "C-3", "B-2"]


def test_an_unknown_sort_key_falls_back_to_code_and_does_not_empty_the_list(staff_client):
    PartnerFactory(code="B-2")
    PartnerFactory(code="A-1")
    response = staff_client.get(LIST, {"sort": "password"})
    assert codes_in(response) == ["A-1", "B-2"]


def test_sort_links_keep_the_filters_and_toggle_direction(staff_client):
    PartnerFactory(country="GB")
    page = staff_client.get(LIST, {"country": "GB", "sort": "name", "page": "1"}).content.decode()
    assert 'href="?country=GB&amp;sort=-name"' in page
    assert 'aria-sort="ascending"' in page


def test_an_invalid_filter_is_shown_and_ignored(staff_client):
    PartnerFactory()
    response = staff_client.get(LIST, {"kind": "spaceship"})
    assert response.status_code == 200
    assert len(codes_in(response)) == 1
    assert response.context["filter"].form.errors["kind"]


def test_list_pages_by_fifty_and_counts_every_match(staff_client):
    PartnerFactory.create_batch(53, country="DE")
    PartnerFactory(country="FR")
    response = staff_client.get(LIST, {"country": "DE"})
    assert len(codes_in(response)) == 50
    assert response.context["paginator"].count == 53
    assert "53 partners" in response.content.decode()
    second = staff_client.get(LIST, {"country": "DE", "page": 2})
    assert len(codes_in(second)) == 3
    assert "country=DE&amp;page=1" in second.content.decode()


@pytest.mark.parametrize("count", [2, 20])
def test_list_runs_a_fixed_number_of_queries(staff_client, django_assert_num_queries, count):
    PartnerFactory.create_batch(count)
    # session, user, permissions and groups, count, page
    with django_assert_num_queries(5):
        response = staff_client.get(LIST, {"sort": "-name"})
    assert len(response.context["object_list"]) == count


# ---- the detail page ----


def test_detail_shows_addresses_contacts_and_details(staff_client):
    partner = PartnerFactory(code="GB-BL", name="British Library", website="https://bl.uk")
    AddressFactory(partner=partner, lines="96 Euston Road", postcode="NW1 2DB")
    ContactFactory(partner=partner, name="Jane Smith", email="jane@bl.uk")
    page = staff_client.get(detail_url(partner)).content.decode()
    assert "96 Euston Road" in page
    assert "NW1 2DB" in page
    assert "Jane Smith" in page
    assert "mailto:jane@bl.uk" in page
    assert "https://bl.uk" in page


def test_detail_shows_the_balance_of_this_year_and_all_time(staff_client):
    partner = PartnerFactory()
    this_year = timezone.localdate().replace(month=1, day=1)
    RateFactory(currency="USD", rate=Decimal("7"))
    ItemFactory(shipment=sent(partner, this_year), quantity=3, pages=10)
    ItemFactory(shipment=sent(partner, datetime.date(2015, 5, 1)), quantity=4, pages=10)
    ItemFactory(
        shipment=received(partner, this_year), quantity=2, unit_value=Decimal(10), currency="USD"
    )
    ItemFactory(shipment=sent(partner, this_year, status="lost"), quantity=50)
    response = staff_client.get(detail_url(partner))
    (year_label, year), (_all_label, all_time) = response.context["balance_periods"]
    assert year_label == str(this_year.year)
    assert (year.sent.items, year.received.items, year.items_balance) == (3, 2, 1)
    assert (all_time.sent.items, all_time.items_balance) == (7, 5)
    assert all_time.received.value_rounded == Decimal("140.00")
    page = response.content.decode()
    assert "140.00" in page
    assert "Balance of exchange" in page


def test_detail_lists_agreements_of_its_country_and_obligations_naming_it(staff_client):
    partner = PartnerFactory(country="GB")
    other = PartnerFactory(country="GB")
    country_agreement = AgreementFactory(title="UK–China cultural agreement", countries=["GB"])
    ObligationFactory(agreement=country_agreement, partner=None, target=Decimal(500))
    ObligationFactory(agreement=country_agreement, partner=other, target=Decimal(77))
    named = AgreementFactory(title="Library memorandum", countries=["FR"])
    ObligationFactory(agreement=named, partner=partner, target=Decimal(120))
    AgreementFactory(title="Agreement with Japan", countries=["JP"])
    response = staff_client.get(detail_url(partner))
    titles = [agreement.title for agreement in response.context["agreements"]]
    assert sorted(titles) == ["Library memorandum", "UK–China cultural agreement"]
    page = response.content.decode()
    assert "500" in page
    assert "120" in page
    assert ">77<" not in page


def test_detail_lists_shipments_of_both_directions_latest_first(staff_client):
    partner = PartnerFactory()
    sent(partner, datetime.date(2024, 1, 1), reference="OUT-OLD")
    received(partner, datetime.date(2025, 6, 1), reference="IN-NEW")
    sent(PartnerFactory(), datetime.date(2025, 7, 1), reference="OUT-OTHER")
    response = staff_client.get(detail_url(partner))
    assert [s.reference for s in response.context["shipments"]] == ["IN-NEW", "OUT-OLD"]
    assert response.context["shipment_count"] == 2


@pytest.mark.parametrize("count", [2, 20])
def test_detail_runs_a_fixed_number_of_queries(staff_client, django_assert_num_queries, count):
    partner = PartnerFactory()
    AddressFactory.create_batch(2, partner=partner)
    ContactFactory.create_batch(2, partner=partner)
    for day in range(1, count + 1):
        ItemFactory.create_batch(2, shipment=sent(partner, datetime.date(2024, 1, day)))
        received(partner, datetime.date(2024, 2, day))
    for _ in range(count // 2):
        ObligationFactory(agreement=AgreementFactory(countries=["GB"]), partner=None)
    # session, user, permissions and groups; the partner,
    # its addresses, its contacts; the balance for two periods (item sums and shipment
    # counts in one query for each, the partner row once: 3); agreements and their obligations; the
    # recent shipments and their count; its history: the partner's, its addresses' and
    # its contacts' records (with their users)
    with django_assert_num_queries(16):
        response = staff_client.get(detail_url(partner))
    assert len(response.context["shipments"]) == min(2 * count, 20)


# ---- editing ----


def management(prefix, total, initial):
    return {
        f"{prefix}-TOTAL_FORMS": str(total),
        f"{prefix}-INITIAL_FORMS": str(initial),
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }


def partner_data(partner, **changes):
    data = {
        "code": partner.code,
        "name": partner.name,
        "name_original": partner.name_original,
        "kind": partner.kind,
        "status": partner.status,
        "country": partner.country.code,
        "city": partner.city,
        "exchange_since": partner.exchange_since.isoformat() if partner.exchange_since else "",
        "exchange_basis": partner.exchange_basis,
        "website": partner.website,
        "email": partner.email,
        "notes": partner.notes,
        "version": partner.version,
    }
    data.update(changes)
    return data


def test_an_administrator_edits_a_partner_with_its_contacts_and_addresses(admin_client):
    partner = PartnerFactory(code="GB-BL", name="British Library")
    contact = ContactFactory(partner=partner, name="Old Name")
    address = AddressFactory(partner=partner)
    data = partner_data(partner, city="Boston Spa")
    data.update(management("addresses", 2, 1))
    data.update(
        {
            "addresses-0-id": address.pk,
            "addresses-0-partner": partner.pk,
            "addresses-0-kind": "shipping",
            "addresses-0-lines": address.lines,
            "addresses-0-country": "GB",
            "addresses-0-DELETE": "on",
            "addresses-1-kind": "postal",
            "addresses-1-lines": "Boston Spa, Wetherby",
            "addresses-1-postcode": "LS23 7BQ",
            "addresses-1-country": "GB",
        }
    )
    data.update(management("contacts", 1, 1))
    data.update(
        {
            "contacts-0-id": contact.pk,
            "contacts-0-partner": partner.pk,
            "contacts-0-name": "New Name",
            "contacts-0-email": "new@bl.uk",
            "contacts-0-language": "EN",
        }
    )
    response = admin_client.post(edit_url(partner), data)
    assert response.status_code == 302
    assert response["Location"] == detail_url(partner)
    partner.refresh_from_db()
    assert partner.city == "Boston Spa"
    assert partner.version == 2
    assert [c.name for c in partner.contacts.all()] == ["New Name"]
    assert partner.contacts.get().language == "en"
    assert [a.postcode for a in partner.addresses.all()] == ["LS23 7BQ"]
    follow = admin_client.get(response["Location"])
    assert "Changes to GB-BL saved." in follow.content.decode()


def test_an_invalid_contact_saves_nothing_and_shows_the_error(admin_client):
    partner = PartnerFactory(city="London")
    contact = ContactFactory(partner=partner, name="Jane")
    data = partner_data(partner, city="Elsewhere")
    data.update(management("addresses", 0, 0))
    data.update(management("contacts", 1, 1))
    data.update(
        {
            "contacts-0-id": contact.pk,
            "contacts-0-partner": partner.pk,
            "contacts-0-name": "Jane",
            "contacts-0-email": "not an email",
            "contacts-0-language": "xx-not",
        }
    )
    response = admin_client.post(edit_url(partner), data)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Enter a valid email address." in page
    partner.refresh_from_db()
    assert partner.city == "London"


def test_an_administrator_adds_a_partner(admin_client):
    data = partner_data(
        Partner(code="de-dnb", name="Deutsche Nationalbibliothek", kind="national", country="DE"),
        status="active",
    )
    data.update(management("addresses", 0, 0))
    data.update(management("contacts", 1, 0))
    data.update({"contacts-0-name": "Exchange desk", "contacts-0-email": "x@dnb.de"})
    response = admin_client.post(reverse("partners:create"), data)
    assert response.status_code == 302
    partner = Partner.objects.get(code="DE-DNB")
    assert partner.contacts.get().name == "Exchange desk"


def test_the_edit_form_offers_to_add_contacts_without_reloading(admin_client):
    partner = PartnerFactory()
    page = admin_client.get(edit_url(partner)).content.decode()
    assert "<template data-formset-template>" in page
    assert "contacts-__prefix__-name" in page
    assert re.search(r'<script src="[^"]*js/formset\.js"', page)
    assert "<script>" not in page
    assert 'style="' not in page
