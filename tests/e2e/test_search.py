"""Issue 18's journey: type in the search box of the header, open a partner, follow the
link to its report; and choose a partner by name with the keyboard in the claim form."""

import re

import pytest
from playwright.sync_api import expect

from exchange.claims.models import Claim
from tests.e2e.conftest import sign_in
from tests.factories import PartnerFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def japan():
    PartnerFactory(
        code="JP-NDL",
        name="National Diet Library",
        name_zh="日本国立国会图书馆",
        country="JP",
        city="Tokyo",
        exchange_since="2016-01-01",
    )
    PartnerFactory(code="JP-KUL", name="Kyoto University Library", country="JP", city="Kyoto")
    PartnerFactory(code="GB-BL", name="British Library", country="GB")


def test_search_from_any_page_then_the_partner_then_its_report(page, screenshot, staff_user, japan):
    sign_in(page, "staff")
    page.goto("/shipments/")
    # "/" goes to the search box from anywhere but a field.
    page.locator("body").press("/")
    expect(page.locator("#site-search")).to_be_focused()
    page.keyboard.type("Japan")
    page.keyboard.press("Enter")

    expect(page.get_by_role("heading", name=re.compile("^Partners"))).to_contain_text("2")
    screenshot(page, "search-results")
    page.get_by_role("link", name=re.compile("JP-NDL")).click()
    expect(page).to_have_url(re.compile("/partners/JP-NDL/$"))
    page.get_by_role("link", name=re.compile("year by year")).click()
    expect(page).to_have_url(re.compile("/reports/partner/JP-NDL/$"))
    expect(page.get_by_text("National Diet Library").first).to_be_visible()


def test_the_slash_types_a_slash_inside_a_field(page, staff_user, japan):
    sign_in(page, "staff")
    page.goto("/partners/")
    page.get_by_label("Search").fill("a")
    page.get_by_label("Search").press("/")
    expect(page.get_by_label("Search")).to_have_value("a/")


def test_a_partner_is_chosen_by_name_with_the_keyboard(page, screenshot, staff_user, japan):
    sign_in(page, "staff")
    page.goto("/programme/claims/new/")
    field = page.get_by_label("Partner")
    field.fill("japan")
    options = page.get_by_role("option")
    expect(options).to_have_count(2)
    expect(field).to_have_attribute("aria-expanded", "true")
    field.press("ArrowDown")
    field.press("ArrowDown")
    expect(options.nth(1)).to_have_attribute("aria-selected", "true")
    screenshot(page, "partner-autocomplete")
    field.press("Enter")  # chooses; does not send the form
    expect(field).to_have_value("JP-NDL · National Diet Library")
    expect(field).to_have_attribute("aria-expanded", "false")

    field.fill("Kyoto")
    expect(options).to_have_count(1)
    field.press("Escape")
    expect(page.get_by_role("listbox")).to_be_hidden()
    field.fill("National Diet")  # without choosing: the server resolves the name
    page.get_by_label("What was claimed").fill("Not received")
    page.get_by_role("button", name="Record the claim").click()
    expect(page.get_by_text("The claim to JP-NDL was recorded.")).to_be_visible()
    assert Claim.objects.get().partner.code == "JP-NDL"
