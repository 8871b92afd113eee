"""The to-claim and to-confirm lists, recording claims and replies, and the claim letter."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from exchange.claims.models import Claim
from exchange.core.letters import letter_language
from tests.factories import (
    AddressFactory,
    ClaimFactory,
    ContactFactory,
    PartnerFactory,
    ShipmentFactory,
    sent,
)

pytestmark = pytest.mark.django_db
DAY = datetime.timedelta(days=1)


def today():
    return timezone.localdate()


def overdue(partner, days=10):
    return ShipmentFactory(
        partner=partner,
        direction="incoming",
        status="expected",
        expected_on=today() - days * DAY,
        reference=f"IN-OVERDUE-{partner.code}",
    )


def chase_data(n: int):
    """n partners, each with an overdue shipment, silent, and a shipment to confirm."""
    for _ in range(n):
        partner = PartnerFactory()
        overdue(partner)
        sent(partner, today() - 200 * DAY)
        ClaimFactory(partner=partner, claimed_on=today() - 3 * DAY)


# The lists ---------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["exchange:claims", "exchange:to_confirm", "exchange:claim_list"])
def test_the_lists_ask_anonymous_users_to_sign_in(anon_client, name):
    response = anon_client.get(reverse(name))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


@pytest.mark.parametrize("role", ["staff", "head", "admin"])
def test_every_role_reads_the_to_claim_list_and_staff_may_claim(clients, role):
    partner = PartnerFactory(code="RU-RSL")
    shipment = overdue(partner)
    sent(partner, today() - 30 * DAY)
    response = clients[role].get(reverse("exchange:claims"))
    assert response.status_code == 200
    assert shipment.reference in response.text
    assert response.context["silent"] == [partner]
    claim_url = reverse("exchange:claim_create") + f"?shipment={shipment.reference}"
    assert (claim_url in response.text) == (role != "head")


@pytest.mark.parametrize("role", ["staff", "head", "admin"])
def test_every_role_reads_the_to_confirm_list(clients, role):
    old = sent(PartnerFactory(), today() - 121 * DAY)
    recent = sent(PartnerFactory(), today() - 120 * DAY)
    response = clients[role].get(reverse("exchange:to_confirm"))
    assert response.status_code == 200
    assert list(response.context["shipments"]) == [old]
    assert old.reference in response.text and recent.reference not in response.text


@pytest.mark.parametrize("n", [2, 20])
def test_the_to_claim_list_runs_a_fixed_number_of_queries(
    staff_client, django_assert_num_queries, n
):
    chase_data(n)
    # session, user, permissions and groups, overdue shipments with partners and
    # latest claim, silent partners with last receipt and latest claim
    with django_assert_num_queries(5):
        response = staff_client.get(reverse("exchange:claims"))
    assert len(response.context["overdue"]) == len(response.context["silent"]) == n


@pytest.mark.parametrize("n", [2, 20])
def test_the_to_confirm_list_runs_a_fixed_number_of_queries(
    staff_client, django_assert_num_queries, n
):
    chase_data(n)
    # session, user, permissions and groups, the count, the page of shipments with
    # partners and latest claim
    with django_assert_num_queries(5):
        response = staff_client.get(reverse("exchange:to_confirm"))
    assert response.context["paginator"].count == n


@pytest.mark.parametrize("n", [2, 20])
def test_the_claims_list_runs_a_fixed_number_of_queries(staff_client, django_assert_num_queries, n):
    chase_data(n)
    # session, user, permissions and groups, the count, the page of claims with
    # partner, shipment and author
    with django_assert_num_queries(5):
        response = staff_client.get(reverse("exchange:claim_list"))
    assert response.context["paginator"].count == n


def test_the_claims_list_shows_those_awaiting_a_reply(head_client):
    waiting = ClaimFactory()
    ClaimFactory(reply="Sent last week", replied_on=datetime.date(2026, 1, 20))
    response = head_client.get(reverse("exchange:claim_list"), {"awaiting": "1"})
    assert list(response.context["object_list"]) == [waiting]
    assert f'{reverse("exchange:claim_edit", args=[waiting.pk])}"' not in response.text


# Recording a claim -------------------------------------------------------------------


def test_the_claim_form_starts_from_the_shipment_it_is_about(staff_client):
    shipment = overdue(PartnerFactory(code="JP-NDL"))
    url = reverse("exchange:claim_create")
    response = staff_client.get(url, {"shipment": shipment.reference})
    form = response.context["form"]
    assert form.initial["partner"] == shipment.partner
    assert form.initial["shipment"] == shipment
    assert shipment.reference in form.initial["subject"]
    assert f'value="{shipment.reference}"' in response.text


def test_the_claim_form_starts_from_a_partner(staff_client):
    partner = PartnerFactory(code="JP-NDL")
    response = staff_client.get(reverse("exchange:claim_create"), {"partner": "JP-NDL"})
    assert response.context["form"].initial["partner"] == partner
    assert "received no publications" in response.context["form"].initial["subject"]


def test_staff_record_a_claim(staff_client, staff_user):
    shipment = overdue(PartnerFactory(code="JP-NDL"))
    post = {
        "partner": "JP-NDL",
        "shipment": shipment.reference,
        "claimed_on": today().isoformat(),
        "subject": "Shipment not received",
    }
    response = staff_client.post(reverse("exchange:claim_create"), post)
    claim = Claim.objects.get()
    assert response.url == reverse("exchange:claim_edit", args=[claim.pk])
    assert (claim.partner, claim.shipment, claim.created_by) == (
        shipment.partner,
        shipment,
        staff_user,
    )


def test_a_claim_about_another_partners_shipment_is_refused(staff_client):
    PartnerFactory(code="JP-NDL")
    shipment = overdue(PartnerFactory(code="KR-NLK"))
    post = {
        "partner": "JP-NDL",
        "shipment": shipment.reference,
        "claimed_on": today().isoformat(),
        "subject": "x",
    }
    response = staff_client.post(reverse("exchange:claim_create"), post)
    assert response.status_code == 200
    assert "another partner" in response.text
    assert not Claim.objects.exists()


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("claimed_on", "2999-01-01", "cannot be in the future"),
        ("shipment", "IN-NOPE", "no shipment with this reference"),
        ("subject", "", "This field is required"),
    ],
)
def test_a_claim_with_bad_input_is_refused(staff_client, field, value, message):
    PartnerFactory(code="JP-NDL")
    post = {"partner": "JP-NDL", "claimed_on": today().isoformat(), "subject": "x"}
    response = staff_client.post(reverse("exchange:claim_create"), {**post, field: value})
    assert response.status_code == 200
    assert message in response.text
    assert not Claim.objects.exists()


def test_heads_cannot_record_claims_or_replies(head_client):
    claim = ClaimFactory()
    post = {"reply": "x", "replied_on": today().isoformat()}
    assert head_client.get(reverse("exchange:claim_create")).status_code == 403
    assert head_client.post(reverse("exchange:claim_create"), {}).status_code == 403
    url = reverse("exchange:claim_edit", args=[claim.pk])
    assert head_client.get(url).status_code == 403
    assert head_client.post(url, post).status_code == 403
    claim.refresh_from_db()
    assert claim.replied_on is None


def test_anonymous_users_are_sent_to_sign_in_from_the_claim_pages(anon_client):
    claim = ClaimFactory()
    for url in (
        reverse("exchange:claim_create"),
        reverse("exchange:claim_edit", args=[claim.pk]),
        reverse("exchange:claim_letter", args=[claim.pk]),
    ):
        response = anon_client.get(url)
        assert response.status_code == 302
        assert response.url.startswith(reverse("login"))


# Recording the reply -----------------------------------------------------------------


def test_staff_record_the_reply(staff_client):
    claim = ClaimFactory(claimed_on=datetime.date(2026, 1, 10))
    url = reverse("exchange:claim_edit", args=[claim.pk])
    assert staff_client.get(url).status_code == 200
    post = {"reply": "Sent by surface mail in May.", "replied_on": "2026-01-10"}
    response = staff_client.post(url, post)
    assert response.url == reverse("exchange:claim_list")
    claim.refresh_from_db()
    assert (claim.reply, claim.replied_on) == (post["reply"], datetime.date(2026, 1, 10))


@pytest.mark.parametrize(
    ("replied_on", "message"),
    [("2026-01-09", "cannot come before the claim"), ("2999-01-01", "cannot be in the future")],
)
def test_a_reply_dated_before_the_claim_or_in_the_future_is_refused(
    staff_client, replied_on, message
):
    claim = ClaimFactory(claimed_on=datetime.date(2026, 1, 10))
    url = reverse("exchange:claim_edit", args=[claim.pk])
    response = staff_client.post(url, {"reply": "x", "replied_on": replied_on})
    assert response.status_code == 200
    assert message in response.text
    claim.refresh_from_db()
    assert claim.replied_on is None


# The letter --------------------------------------------------------------------------


@pytest.mark.parametrize("role", ["staff", "head", "admin"])
def test_the_letter_is_addressed_from_the_partners_records(clients, role):
    partner = PartnerFactory(code="GB-BL", name="British Library")
    AddressFactory(partner=partner, kind="postal", lines="Boston Spa")
    AddressFactory(partner=partner, kind="shipping", lines="96 Euston Road")
    ContactFactory(partner=partner, name="Jane Smith", role="Head of exchange")
    ContactFactory(partner=partner, name="Second Contact")
    shipment = overdue(partner)
    claim = ClaimFactory(partner=partner, shipment=shipment, subject="Where is it?")
    response = clients[role].get(reverse("exchange:claim_letter", args=[claim.pk]))
    assert response.status_code == 200
    html = response.text
    assert "National Library of China" in html and "中国国家图书馆" in html
    assert "96 Euston Road" in html and "Boston Spa" not in html
    assert "NW1 2DB London" in html and "UNITED KINGDOM" in html
    assert "Dear Jane Smith," in html and "Second Contact" not in html
    assert "Where is it?" in html and shipment.reference in html
    assert "data-print" in html


def test_a_letter_to_a_partner_without_address_or_contact_says_so(staff_client):
    claim = ClaimFactory()
    response = staff_client.get(reverse("exchange:claim_letter", args=[claim.pk]))
    assert "no address on record" in response.text
    assert "Dear colleagues," in response.text


def test_the_letter_runs_a_fixed_number_of_queries(staff_client, django_assert_num_queries):
    claim = ClaimFactory(shipment=overdue(PartnerFactory()))
    for _ in range(3):
        AddressFactory(partner=claim.partner)
        ContactFactory(partner=claim.partner)
    # session, user, permissions and groups, the claim with partner, shipment and
    # author, its addresses, its contacts, the signatory
    with django_assert_num_queries(7):
        staff_client.get(reverse("exchange:claim_letter", args=[claim.pk]))


def test_the_letter_is_in_the_contacts_language_where_we_have_it():
    assert letter_language(ContactFactory.build(language="zh")) == "zh-hans"
    assert letter_language(ContactFactory.build(language="ru")) == "en"
    assert letter_language(None) == "en"
