"""Journeys of the programme pages: an obligation at risk, and a claim with its letter."""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from tests.e2e.conftest import sign_in
from tests.factories import (
    AddressFactory,
    AgreementFactory,
    ContactFactory,
    ItemFactory,
    ObligationFactory,
    PartnerFactory,
    ShipmentFactory,
    sent,
)

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
# Late in the year, so that an obligation less than half met is at risk.
TODAY = datetime.date(2026, 11, 16)


@pytest.fixture
def late_in_the_year(monkeypatch):
    monkeypatch.setattr(timezone, "localdate", lambda *args: TODAY)
    return TODAY


def test_a_head_follows_an_obligation_at_risk_to_its_agreement(
    page, screenshot, head_user, late_in_the_year
):
    partner = PartnerFactory(code="GB-BL", name="British Library", country="GB")
    agreement = AgreementFactory(
        title="Executive programme of cultural cooperation with the United Kingdom",
        reference="EP-GB-2024",
        countries=["GB"],
        valid_from=datetime.date(2024, 1, 1),
        valid_to=datetime.date(2027, 12, 31),
        summary="Each side sends 100 items a year.",
    )
    obligation = ObligationFactory(
        agreement=agreement, partner=partner, measure="items", target=Decimal(100)
    )
    ObligationFactory(agreement=agreement, partner=None, measure="titles", target=Decimal(2))
    for on, quantity in ((datetime.date(2026, 3, 2), 12), (datetime.date(2026, 9, 14), 18)):
        ItemFactory(shipment=sent(partner, on), quantity=quantity)

    sign_in(page, head_user.username)
    section = page.locator("#section-heads")
    assert section.locator("[data-figure=at_risk] .figure__count").inner_text() == "1"
    row = section.locator("tr.at-risk", has_text=agreement.title)
    assert "30 / 100 · 30 %" in row.inner_text()
    assert "At risk" in row.inner_text()
    screenshot(page, "obligation-at-risk-dashboard")

    row.get_by_role("link", name=agreement.title).click()
    page.wait_for_url(f"**{agreement.get_absolute_url()}#obligation-{obligation.pk}")
    target = page.locator(f"#obligation-{obligation.pk}")
    assert target.is_visible()
    assert "At risk" in target.inner_text()
    assert "70" in target.locator("td.num").first.inner_text()  # still due
    assert page.get_by_role("heading", name=agreement.title).is_visible()
    assert page.get_by_role("link", name="Edit agreement").count() == 0
    screenshot(page, "obligation-at-risk-agreement")


def test_staff_record_a_claim_and_print_its_letter(page, screenshot, staff_user):
    partner = PartnerFactory(code="RU-NLR", name="National Library of Russia", country="RU")
    AddressFactory(
        partner=partner,
        recipient="International Book Exchange",
        lines="Sadovaya ulitsa 18",
        city="Saint Petersburg",
        postcode="191069",
        country="RU",
    )
    ContactFactory(partner=partner, name="Olga Ivanova", role="Head of book exchange")
    shipment = ShipmentFactory(
        partner=partner,
        direction="incoming",
        status="expected",
        reference="IN-2026-00042",
        expected_on=timezone.localdate() - datetime.timedelta(days=45),
    )

    sign_in(page, staff_user.username)
    page.locator("[data-figure=overdue] a").click()
    row = page.locator("#overdue ~ .table-wrap tr", has_text=shipment.reference)
    row.get_by_role("link", name="Record a claim").click()

    assert page.get_by_label("Partner").input_value().startswith("RU-NLR · ")
    assert page.get_by_label("Shipment reference").input_value() == shipment.reference
    subject = page.get_by_label("What was claimed")
    assert shipment.reference in subject.input_value()
    subject.fill(
        f"The shipment {shipment.reference} announced for the spring has not reached us. "
        "Could you tell us when and how it was sent?"
    )
    screenshot(page, "claim-form")
    page.get_by_role("button", name="Record the claim").click()

    page.get_by_text("The claim to RU-NLR was recorded.").wait_for()
    page.get_by_role("link", name="Print the letter").click()
    letter = page.locator("article.claim-letter")
    text = letter.inner_text()
    assert "National Library of China" in text and "中国国家图书馆" in text
    assert "Sadovaya ulitsa 18" in text and "191069 Saint Petersburg" in text
    assert "Dear Olga Ivanova," in text
    assert "has not reached us" in text and shipment.reference in text

    # window.print() opens a dialog headless Chromium cannot show: record the call.
    page.evaluate("window.print = () => { window.printed = true; }")
    page.get_by_role("button", name="Print").click()
    assert page.evaluate("window.printed") is True
    screenshot(page, "claim-letter")
    page.emulate_media(media="print")
    assert not page.locator(".site-header").is_visible()
    screenshot(page, "claim-letter-printed")
