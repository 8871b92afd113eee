"""Agreement and obligation pages, as each role."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from exchange.programme.models import CulturalAgreement, Obligation
from tests.factories import (
    AgreementFactory,
    ItemFactory,
    ObligationFactory,
    PartnerFactory,
    sent,
)

pytestmark = pytest.mark.django_db


def today():
    return timezone.localdate()


def agreement_with_obligations(n_partners: int):
    """An agreement with a partner obligation, a country obligation, and counted shipments."""
    agreement = AgreementFactory(countries=["GB", "FR"], summary="Exchange of books.")
    partners = [PartnerFactory(country="GB" if i % 2 else "FR") for i in range(n_partners)]
    for partner in partners:
        ObligationFactory(agreement=agreement, partner=partner, target=Decimal(10))
        shipment = sent(partner, today())
        ItemFactory(shipment=shipment, quantity=3)
    ObligationFactory(agreement=agreement, partner=None, measure="pages")
    return agreement


# The list --------------------------------------------------------------------------


def test_the_list_asks_anonymous_users_to_sign_in(anon_client):
    response = anon_client.get(reverse("exchange:agreement_list"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


@pytest.mark.parametrize("role", ["staff", "head", "admin"])
def test_every_role_reads_the_list(clients, role):
    AgreementFactory(title="Sino-British cultural agreement")
    response = clients[role].get(reverse("exchange:agreement_list"))
    assert response.status_code == 200
    assert "Sino-British cultural agreement" in response.text
    assert (reverse("exchange:agreement_create") in response.text) == (role == "admin")


def _titles(client, **params):
    response = client.get(reverse("exchange:agreement_list"), params)
    return sorted(agreement.title for agreement in response.context["object_list"])


def test_the_list_filters_by_status(head_client):
    day = today()
    AgreementFactory(title="in force", valid_from=day, valid_to=day + datetime.timedelta(300))
    AgreementFactory(title="expiring", valid_from=None, valid_to=day + datetime.timedelta(183))
    AgreementFactory(title="expired", valid_to=day - datetime.timedelta(1))
    AgreementFactory(title="upcoming", valid_from=day + datetime.timedelta(1), valid_to=None)
    assert _titles(head_client, status="in_force") == ["expiring", "in force"]
    assert _titles(head_client, status="expiring") == ["expiring"]
    assert _titles(head_client, status="expired") == ["expired"]
    assert _titles(head_client, status="upcoming") == ["upcoming"]


def test_the_list_filters_by_country_and_searches(head_client):
    AgreementFactory(title="Britain", countries=["GB"], reference="GB-2020")
    AgreementFactory(title="France and Belgium", countries=["FR", "BE"], summary="livres")
    assert _titles(head_client, country="BE") == ["France and Belgium"]
    assert _titles(head_client, country="gb") == ["Britain"]
    assert _titles(head_client, q="gb-2020") == ["Britain"]
    assert _titles(head_client, q="livres") == ["France and Belgium"]


@pytest.mark.parametrize("n", [2, 20])
def test_the_list_runs_a_fixed_number_of_queries(head_client, django_assert_num_queries, n):
    for _ in range(n):
        ObligationFactory(agreement=AgreementFactory())
    # session, user, permissions and groups, the count, the page of agreements with
    # their obligation counts
    with django_assert_num_queries(5):
        response = head_client.get(reverse("exchange:agreement_list"))
    assert response.context["paginator"].count == n


# The agreement's page --------------------------------------------------------------


@pytest.mark.parametrize("role", ["staff", "head", "admin"])
def test_every_role_reads_an_agreement_with_its_obligations_and_partners(clients, role):
    agreement = agreement_with_obligations(2)
    gb_partner = agreement.obligations.filter(partner__country="GB").get().partner
    PartnerFactory(country="DE", code="DE-DNB")
    response = clients[role].get(agreement.get_absolute_url())
    assert response.status_code == 200
    html = response.text
    assert agreement.reference in html and "Exchange of books." in html
    assert "United Kingdom" in html and "France" in html
    assert gb_partner.code in html and "DE-DNB" not in html
    assert "3 / 10 · 30 %" in html
    assert f'id="obligation-{gb_partner.obligations.get().pk}"' in html
    edit_url = reverse("exchange:agreement_edit", args=[agreement.pk])
    add_url = reverse("exchange:obligation_create", args=[agreement.pk])
    assert (edit_url in html) == (role == "admin")
    assert (add_url in html) == (role == "admin")


def test_an_agreement_shows_the_year_asked_for(head_client):
    agreement = AgreementFactory(valid_from=datetime.date(2020, 1, 1), valid_to=None)
    partner = PartnerFactory(country="GB")
    ObligationFactory(agreement=agreement, partner=partner, target=Decimal(4))
    ItemFactory(shipment=sent(partner, datetime.date(2022, 6, 1)), quantity=4)
    response = head_client.get(agreement.get_absolute_url(), {"year": 2022})
    assert response.context["year"] == 2022
    assert response.context["rows"][0]["fulfilment"].achieved == 4
    fallback = head_client.get(agreement.get_absolute_url(), {"year": "1900"})
    assert fallback.context["year"] == today().year


def test_an_unknown_agreement_is_not_found(head_client):
    assert head_client.get(reverse("exchange:agreement_detail", args=[999])).status_code == 404


@pytest.mark.parametrize("n", [2, 20])
def test_an_agreements_page_runs_a_fixed_number_of_queries(
    head_client, django_assert_num_queries, n
):
    agreement = agreement_with_obligations(n)
    # session, user, permissions and groups, the agreement, its obligations with their
    # partners, the fulfilment (item sums and shipment counts), the partners of its
    # countries; its history: the agreement's and its obligations' records (with their
    # users)
    with django_assert_num_queries(9):
        response = head_client.get(agreement.get_absolute_url())
    assert len(response.context["rows"]) == n + 1


# Creating and editing: administrators only -----------------------------------------


AGREEMENT_POST = {
    "title": "Executive programme 2026–2029",
    "kind": "programme",
    "reference": "EP-2026",
    "countries": ["GB", "IE"],
    "signed_on": "2025-11-01",
    "valid_from": "2026-01-01",
    "valid_to": "2029-12-31",
    "summary": "Books and journals both ways.",
}


def test_an_administrator_adds_an_agreement(admin_client):
    response = admin_client.post(reverse("exchange:agreement_create"), AGREEMENT_POST)
    agreement = CulturalAgreement.objects.get(reference="EP-2026")
    assert response.status_code == 302
    assert response.url == agreement.get_absolute_url()
    assert [country.code for country in agreement.countries] == ["GB", "IE"]


def test_an_agreement_ending_before_it_begins_is_refused(admin_client):
    post = {**AGREEMENT_POST, "valid_to": "2025-12-31"}
    response = admin_client.post(reverse("exchange:agreement_create"), post)
    assert response.status_code == 200
    assert "before the start date" in response.text
    assert not CulturalAgreement.objects.exists()


def test_an_administrator_edits_an_agreement(admin_client):
    agreement = AgreementFactory()
    url = reverse("exchange:agreement_edit", args=[agreement.pk])
    assert admin_client.get(url).status_code == 200
    response = admin_client.post(url, AGREEMENT_POST)
    assert response.status_code == 302
    agreement.refresh_from_db()
    assert agreement.title == AGREEMENT_POST["title"]


@pytest.mark.parametrize("role", ["staff", "head"])
def test_staff_and_heads_cannot_add_or_edit_agreements(clients, role):
    agreement = AgreementFactory(title="Unchanged")
    client = clients[role]
    for url in (
        reverse("exchange:agreement_create"),
        reverse("exchange:agreement_edit", args=[agreement.pk]),
    ):
        assert client.get(url).status_code == 403
        assert client.post(url, AGREEMENT_POST).status_code == 403
    agreement.refresh_from_db()
    assert agreement.title == "Unchanged"
    assert CulturalAgreement.objects.count() == 1


def test_anonymous_users_are_sent_to_sign_in_from_the_forms(anon_client):
    agreement = AgreementFactory()
    for url in (
        reverse("exchange:agreement_create"),
        reverse("exchange:agreement_edit", args=[agreement.pk]),
        reverse("exchange:obligation_create", args=[agreement.pk]),
    ):
        response = anon_client.get(url)
        assert response.status_code == 302
        assert response.url.startswith(reverse("login"))


def test_an_administrator_adds_an_obligation_for_a_partner_of_the_agreement(admin_client):
    agreement = AgreementFactory(countries=["GB"])
    partner = PartnerFactory(country="GB")
    url = reverse("exchange:obligation_create", args=[agreement.pk])
    post = {
        "partner": partner.pk,
        "direction": "outgoing",
        "measure": "titles",
        "target": "250",
        "period": "year",
        "description": "Chinese classics",
    }
    response = admin_client.post(url, post)
    obligation = Obligation.objects.get()
    assert response.url == f"{agreement.get_absolute_url()}#obligation-{obligation.pk}"
    assert (obligation.agreement, obligation.partner, obligation.target) == (
        agreement,
        partner,
        Decimal(250),
    )


def test_an_obligation_cannot_name_a_partner_outside_the_agreements_countries(admin_client):
    agreement = AgreementFactory(countries=["GB"])
    german = PartnerFactory(country="DE")
    url = reverse("exchange:obligation_create", args=[agreement.pk])
    assert german.code not in admin_client.get(url).text
    post = {"partner": german.pk, "direction": "outgoing", "measure": "items", "target": "5"}
    response = admin_client.post(url, {**post, "period": "year"})
    assert response.status_code == 200
    assert not Obligation.objects.exists()


def test_an_obligation_needs_a_positive_target(admin_client):
    agreement = AgreementFactory()
    url = reverse("exchange:obligation_create", args=[agreement.pk])
    post = {"direction": "outgoing", "measure": "items", "target": "0", "period": "year"}
    assert admin_client.post(url, post).status_code == 200
    assert not Obligation.objects.exists()


def test_an_administrator_edits_an_obligation(admin_client):
    obligation = ObligationFactory(target=Decimal(10))
    url = reverse("exchange:obligation_edit", args=[obligation.pk])
    assert admin_client.get(url).status_code == 200
    post = {"direction": "incoming", "measure": "pages", "target": "5000", "period": "year"}
    response = admin_client.post(url, post)
    assert response.status_code == 302
    obligation.refresh_from_db()
    assert (obligation.direction, obligation.measure, obligation.target) == (
        "incoming",
        "pages",
        Decimal(5000),
    )


@pytest.mark.parametrize("role", ["staff", "head"])
def test_staff_and_heads_cannot_add_or_edit_obligations(clients, role):
    obligation = ObligationFactory()
    post = {"direction": "incoming", "measure": "pages", "target": "5000", "period": "year"}
    for url in (
        reverse("exchange:obligation_create", args=[obligation.agreement_id]),
        reverse("exchange:obligation_edit", args=[obligation.pk]),
    ):
        assert clients[role].get(url).status_code == 403
        assert clients[role].post(url, post).status_code == 403
    assert Obligation.objects.get().measure == "items"


# In the admin ----------------------------------------------------------------------


def test_administrators_edit_agreements_and_obligations_in_the_admin(admin_client):
    agreement = AgreementFactory()
    obligation = ObligationFactory(agreement=agreement)
    for url in (
        reverse("admin:exchange_culturalagreement_add"),
        reverse("admin:exchange_culturalagreement_change", args=[agreement.pk]),
        reverse("admin:exchange_obligation_change", args=[obligation.pk]),
    ):
        assert admin_client.get(url).status_code == 200


@pytest.mark.parametrize("role", ["staff", "head"])
def test_others_do_not_reach_the_admin(clients, role):
    response = clients[role].get(reverse("admin:exchange_culturalagreement_add"))
    assert response.status_code == 302


# The obligations of a year -----------------------------------------------------------


@pytest.mark.parametrize("role", ["staff", "head", "admin"])
def test_every_role_reads_the_obligations_of_the_year(clients, role):
    ObligationFactory(agreement=AgreementFactory(title="Anglo-Chinese"))
    response = clients[role].get(reverse("exchange:obligation_list"))
    assert response.status_code == 200
    assert "Anglo-Chinese" in response.text


def test_the_obligations_list_filters_by_state_and_direction(head_client):
    partner = PartnerFactory(country="GB")
    met = ObligationFactory(partner=partner, target=Decimal(1))
    ItemFactory(shipment=sent(partner, today()))
    unmet = ObligationFactory(partner=partner, target=Decimal(1000), direction="incoming")
    url = reverse("exchange:obligation_list")
    rows = head_client.get(url, {"state": "met"}).context["rows"]
    assert [row.obligation for row in rows] == [met]
    rows = head_client.get(url, {"direction": "incoming"}).context["rows"]
    assert [row.obligation for row in rows] == [unmet]


@pytest.mark.parametrize("n", [2, 20])
def test_the_obligations_list_runs_a_fixed_number_of_queries(
    head_client, django_assert_num_queries, n
):
    agreement_with_obligations(n)
    # session, user, permissions and groups, the obligations with agreements and
    # partners, the fulfilment (item sums and shipment counts)
    with django_assert_num_queries(5):
        response = head_client.get(reverse("exchange:obligation_list"))
    assert len(response.context["rows"]) == n + 1
