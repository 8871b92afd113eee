"""Journeys of the bulk actions: a backlog of receipts acknowledged at once, and a claim
to several partners printed as one letter per partner."""

import datetime
import re

import pytest
from django.utils import timezone

from exchange.claims.models import Claim
from shipments.models import Shipment
from tests.e2e.conftest import sign_in
from tests.factories import AddressFactory, ContactFactory, PartnerFactory, received, sent

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
LONG_AGO = timezone.localdate() - datetime.timedelta(days=200)
PAGE_OBJECT = re.compile(rb"/Type\s*/Page(?![a-zA-Z])")


def test_staff_acknowledge_fifty_receipts_matching_a_filter_at_once(page, screenshot, staff_user):
    library = PartnerFactory(code="GB-BL", name="British Library", country="GB")
    for n in range(50):
        received(library, LONG_AGO, reference=f"IN-2025-{n:05d}")
    other = PartnerFactory(code="FR-BNF", country="FR")
    for n in range(3):
        received(other, LONG_AGO, reference=f"IN-2025-{n + 100:05d}")
    sent(library, LONG_AGO, reference="OUT-2025-00001")

    sign_in(page, staff_user.username)
    page.get_by_role("link", name="Shipments", exact=True).first.click()
    page.get_by_label("Direction").select_option("incoming")
    page.get_by_label("Partner", exact=True).fill("GB-BL")
    page.get_by_role("button", name="Filter").click()
    page.wait_for_url("**partner=GB-BL**")

    # The box in the header chooses the page's rows; "all matching" takes every one.
    page.get_by_role("checkbox", name="Choose every shipment on this page").check()
    assert page.locator("[data-bulk-count]").inner_text() == "Chosen on this page: 50, or:"
    page.get_by_role("checkbox", name="all 50 shipments matching these filters").check()
    screenshot(page, "bulk-acknowledge-list")
    page.get_by_role("button", name="Acknowledge…").click()

    assert page.get_by_text("All 50 shipments matching the list's filters").is_visible()
    day = (timezone.localdate() - datetime.timedelta(days=1)).isoformat()
    page.get_by_label("Acknowledged on").fill(day)
    screenshot(page, "bulk-acknowledge-confirm")
    page.get_by_role("button", name="Acknowledge: 50 shipments").click()

    assert page.locator("[data-done]").inner_text() == "50"
    assert page.locator("[data-refused]").inner_text() == "0"
    screenshot(page, "bulk-acknowledge-result")
    done = Shipment.objects.filter(partner=library, direction="incoming", status="acknowledged")
    assert done.count() == 50
    assert {str(on) for on in done.values_list("acknowledged_on", flat=True)} == {day}
    assert Shipment.objects.filter(partner=other, status="received").count() == 3


def test_staff_ask_three_partners_to_confirm_and_print_one_letter_each(
    page, screenshot, staff_user
):
    shipments = {}
    for code, name, count, language in (
        ("DE-DNB", "Deutsche Nationalbibliothek", 3, "en"),
        ("SG-NUS", "National University of Singapore Libraries", 2, "zh"),
        ("JP-NDL", "National Diet Library", 2, "en"),
    ):
        partner = PartnerFactory(code=code, name=name)
        AddressFactory(partner=partner)
        ContactFactory(partner=partner, name=f"Contact of {code}", language=language)
        shipments[code] = [
            sent(partner, LONG_AGO, reference=f"OUT-2025-{code}-{n}", method="air")
            for n in range(count)
        ]

    sign_in(page, staff_user.username)
    page.get_by_role("link", name="Claims", exact=True).click()
    page.get_by_role("link", name="To confirm").first.click()
    page.get_by_role("checkbox", name="Choose every shipment on this page").check()
    assert page.locator("[data-bulk-count]").inner_text() == "Chosen on this page: 7, or:"
    page.get_by_role("button", name="Ask for confirmation…").click()

    assert page.get_by_text("7 shipments chosen on the list.").is_visible()
    page.get_by_role("button", name="Ask for confirmation: 7 shipments").click()
    assert page.locator("[data-done]").inner_text() == "7"
    assert Claim.objects.count() == 7
    screenshot(page, "bulk-claim-result")

    page.get_by_role("link", name="Print 3 letters").click()
    letters = page.locator("article.claim-letter")
    assert letters.count() == 3
    for index, code in enumerate(("DE-DNB", "JP-NDL", "SG-NUS")):
        text = letters.nth(index).inner_text()
        for shipment in shipments[code]:
            assert shipment.reference in text
        others = [s.reference for c, group in shipments.items() if c != code for s in group]
        assert not any(reference in text for reference in others)
    assert "Contact of DE-DNB" in letters.nth(0).inner_text()
    assert "我方已向贵方寄出下列 2 个批次" in letters.nth(2).inner_text()
    screenshot(page, "bulk-claim-letters")

    pdf = page.pdf(format="A4", print_background=True, prefer_css_page_size=True)
    assert len(PAGE_OBJECT.findall(pdf)) == 3
