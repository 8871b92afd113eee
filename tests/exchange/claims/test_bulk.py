"""Claims for many shipments at once (exchange.claims.bulk) and their letters, one per
partner (exchange.claims.letters)."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from exchange.claims.bulk import ASK_CONFIRMATION, CLAIM, claims_for_shipments
from exchange.claims.letters import claim_letters
from exchange.claims.models import Claim
from tests.factories import (
    AddressFactory,
    ClaimFactory,
    ContactFactory,
    PartnerFactory,
    ShipmentFactory,
    received,
    sent,
)

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()
DAY = datetime.timedelta(days=1)
LONG_AGO = TODAY - 200 * DAY


def expected(partner, reference, days=30):
    return ShipmentFactory(
        partner=partner,
        direction="incoming",
        status="expected",
        reference=reference,
        expected_on=TODAY - days * DAY,
    )


@pytest.fixture
def three_partners():
    """3 partners, 7 shipments awaiting their acknowledgement: 3, 2 and 2."""
    gb = PartnerFactory(code="GB-BL", name="British Library")
    ContactFactory(partner=gb, name="Jane Smith", language="en")
    AddressFactory(partner=gb, lines="96 Euston Road")
    sg = PartnerFactory(code="SG-NUS", name="Guoli Xinjiapo Daxue Tushuguan")
    ContactFactory(partner=sg, name="李明", language="zh")
    fr = PartnerFactory(code="FR-BNF", name="Bibliothèque nationale de France")
    shipments = {}
    for partner, count in ((gb, 3), (sg, 2), (fr, 2)):
        for n in range(count):
            reference = f"OUT-2025-{partner.code}-{n}"
            shipments[reference] = sent(partner, LONG_AGO, reference=reference, method="air")
    return shipments


def test_asking_for_confirmation_makes_one_claim_per_shipment(three_partners, staff_user):
    result = claims_for_shipments(
        ids=[s.pk for s in three_partners.values()],
        kind=ASK_CONFIRMATION,
        claimed_on=TODAY,
        user=staff_user,
    )
    assert len(result.done) == 7 and result.refused == []
    assert Claim.objects.count() == 7
    claim = Claim.objects.get(shipment__reference="OUT-2025-GB-BL-0")
    assert (claim.partner.code, claim.claimed_on, claim.created_by) == ("GB-BL", TODAY, staff_user)
    assert "OUT-2025-GB-BL-0" in claim.subject and "confirm that it arrived" in claim.subject
    assert claim.history.first().history_user == staff_user


def test_the_claims_wording_is_in_the_language_of_the_partners_letters(three_partners):
    chinese = three_partners["OUT-2025-SG-NUS-0"]
    claims_for_shipments(ids=[chinese.pk], kind=ASK_CONFIRMATION, claimed_on=TODAY)
    subject = Claim.objects.get().subject
    assert "我们于" in subject or "确认" in subject, subject


def test_the_three_partners_get_three_letters_each_listing_its_shipments(three_partners):
    result = claims_for_shipments(
        ids=[s.pk for s in three_partners.values()], kind=ASK_CONFIRMATION, claimed_on=TODAY
    )
    letters = claim_letters([c.pk for c in result.done])
    assert [letter.partner.code for letter in letters] == ["FR-BNF", "GB-BL", "SG-NUS"]
    assert [[c.shipment.reference for c in letter.outgoing] for letter in letters] == [
        ["OUT-2025-FR-BNF-0", "OUT-2025-FR-BNF-1"],
        ["OUT-2025-GB-BL-0", "OUT-2025-GB-BL-1", "OUT-2025-GB-BL-2"],
        ["OUT-2025-SG-NUS-0", "OUT-2025-SG-NUS-1"],
    ]
    assert [letter.language for letter in letters] == ["en", "en", "zh-hans"]


def test_what_cannot_be_claimed_so_is_refused_with_the_reason(staff_user):
    partner = PartnerFactory()
    awaiting = sent(partner, LONG_AGO, reference="OUT-2025-00001")
    acknowledged = sent(
        partner, LONG_AGO, reference="OUT-2025-00002", status="acknowledged", acknowledged_on=TODAY
    )
    theirs = received(partner, LONG_AGO, reference="IN-2025-00001")
    overdue = expected(partner, "IN-2025-00002")
    already = sent(partner, LONG_AGO, reference="OUT-2025-00003")
    ClaimFactory(partner=partner, shipment=already, claimed_on=TODAY)
    chosen = [s.pk for s in (awaiting, acknowledged, theirs, overdue, already)]

    asked = claims_for_shipments(ids=chosen, kind=ASK_CONFIRMATION, claimed_on=TODAY)
    assert [c.shipment.reference for c in asked.done] == ["OUT-2025-00001"]
    reasons = {r.shipment.reference: r.reason for r in asked.refused}
    assert "acknowledged" in reasons["OUT-2025-00002"]
    assert "incoming shipment" in reasons["IN-2025-00001"]
    assert "already claimed" in reasons["OUT-2025-00003"]

    claimed = claims_for_shipments(ids=chosen, kind=CLAIM, claimed_on=TODAY)
    assert [c.shipment.reference for c in claimed.done] == ["IN-2025-00002"]
    reasons = {r.shipment.reference: r.reason for r in claimed.refused}
    assert "outgoing shipment" in reasons["OUT-2025-00001"]
    assert "received" in reasons["IN-2025-00001"]


def test_claiming_the_same_shipments_again_that_day_makes_no_second_claim(three_partners):
    chosen = [s.pk for s in three_partners.values()]
    claims_for_shipments(ids=chosen, kind=ASK_CONFIRMATION, claimed_on=TODAY)
    again = claims_for_shipments(ids=chosen, kind=ASK_CONFIRMATION, claimed_on=TODAY)
    assert again.done == [] and len(again.refused) == 7
    assert Claim.objects.count() == 7


def test_a_future_date_or_an_error_writes_nothing(three_partners, monkeypatch):
    chosen = [s.pk for s in three_partners.values()]
    with pytest.raises(Exception, match="future"):
        claims_for_shipments(ids=chosen, kind=ASK_CONFIRMATION, claimed_on=TODAY + DAY)
    assert not Claim.objects.exists()

    from exchange.claims import bulk

    real = bulk.claim_record
    calls = []

    def failing(**kwargs):
        calls.append(1)
        if len(calls) == 5:
            raise RuntimeError("disk full")
        return real(**kwargs)

    monkeypatch.setattr(bulk, "claim_record", failing)
    with pytest.raises(RuntimeError):
        claims_for_shipments(ids=chosen, kind=ASK_CONFIRMATION, claimed_on=TODAY)
    assert not Claim.objects.exists()


@pytest.mark.parametrize("n", [1, 9])
def test_each_more_claim_costs_only_its_two_writes(n):
    partner = PartnerFactory()
    ContactFactory(partner=partner)
    chosen = [sent(partner, LONG_AGO).pk for _ in range(n)]
    with CaptureQueriesContext(connection) as queries:
        claims_for_shipments(ids=chosen, kind=ASK_CONFIRMATION, claimed_on=TODAY)
    # The transaction (savepoint, release), the shipments locked with their partners,
    # the partners' contacts, the claims already made that day; per shipment only the
    # claim and its historical record.
    assert len(queries) == 5 + 2 * n


# The letters page ---------------------------------------------------------------------


def letters_url(claims) -> str:
    return reverse("exchange:claim_letters") + "?claims=" + ",".join(str(c.pk) for c in claims)


@pytest.mark.parametrize("role", ["staff", "head", "admin"])
def test_the_letters_page_has_one_letter_per_partner(clients, role, three_partners):
    result = claims_for_shipments(
        ids=[s.pk for s in three_partners.values()], kind=ASK_CONFIRMATION, claimed_on=TODAY
    )
    response = clients[role].get(letters_url(result.done))
    assert response.status_code == 200
    html = response.text
    assert html.count('<article class="document claim-letter"') == 3
    assert html.count('class="letter-page"') == 3
    assert "Dear Jane Smith," in html and "96 Euston Road" in html
    assert "We sent you the 3 shipments listed below" in html
    assert "尊敬的 李明：" in html  # the Singapore letter is in Chinese
    for reference in three_partners:
        assert reference in html


def test_the_letters_page_is_for_signed_in_users(anon_client, three_partners):
    claim = ClaimFactory(shipment=three_partners["OUT-2025-GB-BL-0"])
    response = anon_client.get(letters_url([claim]))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


@pytest.mark.parametrize("query", ["", "?claims=", "?claims=abc", "?claims=1;2", "?claims=999999"])
def test_letters_of_claims_not_understood_or_not_found_are_no_page(staff_client, query):
    response = staff_client.get(reverse("exchange:claim_letters") + query)
    assert response.status_code == 404


@pytest.mark.parametrize("partners", [1, 6])
def test_the_letters_page_runs_a_fixed_number_of_queries(
    staff_client, django_assert_num_queries, partners
):
    claims = []
    for _ in range(partners):
        partner = PartnerFactory()
        AddressFactory(partner=partner)
        ContactFactory(partner=partner)
        claims += [
            ClaimFactory(partner=partner, shipment=sent(partner, LONG_AGO)) for _ in range(2)
        ]
    # session, user, permissions and groups, the claims with partners, shipments and
    # authors, their addresses, their contacts, the signatory: as for one claim's
    # letter, whatever the number of letters
    with django_assert_num_queries(7):
        staff_client.get(letters_url(claims))
