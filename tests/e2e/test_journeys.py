"""The four journeys of issue 4, each ending with a screenshot in e2e-screenshots/."""

import re

import pytest
from playwright.sync_api import expect

from shipments.models import Shipment
from tests.e2e.conftest import sign_in
from tests.factories import AddressFactory, ContactFactory, PartnerFactory, valid_isbn

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def british_library():
    partner = PartnerFactory(
        code="GB-BL",
        name="British Library",
        country="GB",
        city="London",
        website="https://www.bl.uk/",
    )
    AddressFactory(partner=partner, recipient="Exchange and Gifts", lines="Boston Spa")
    ContactFactory(partner=partner, name="Jane Smith", email="jane.smith@bl.uk")
    return partner


def test_staff_create_dispatch_and_see_an_outgoing_shipment_counted(
    page, screenshot, staff_user, british_library
):
    sign_in(page, "staff")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Partners").click()
    page.get_by_label("Search").fill("gb-bl")
    page.get_by_label("Search").press("Enter")
    page.get_by_role("link", name="GB-BL").click()
    page.get_by_role("link", name="New outgoing shipment").click()

    # The partner came along; the first ISBN has the focus, as for a barcode scanner.
    expect(page.get_by_label("Partner")).to_have_value("GB-BL")
    isbn = page.locator("[name=items-0-isbn]")
    expect(isbn).to_be_focused()
    page.keyboard.type("9787101003130")
    page.keyboard.press("Enter")
    expect(page.locator("[name=items-0-title]")).to_be_focused()
    page.keyboard.type("Shiji (Records of the Grand Historian)")
    expect(page.get_by_text("✓ 978-7-101-00313-0")).to_be_visible()
    page.fill("[name=items-0-quantity]", "2")
    page.fill("[name=items-0-pages]", "320")

    # Two more rows, added without reloading; a wrong check digit is caught on leaving.
    page.get_by_role("button", name="Add an item").click()
    page.fill("[name=items-1-isbn]", "978-7-101-00313-1")
    page.locator("[name=items-1-title]").focus()
    expect(page.get_by_text("the check digit is wrong")).to_be_visible()
    page.fill("[name=items-1-isbn]", valid_isbn(42))
    page.fill("[name=items-1-title]", "Annual report of the National Library of China 2025")
    page.fill("[name=items-1-unit_value]", "120")
    page.get_by_role("button", name="Add an item").click()
    page.fill("[name=items-2-title]", "Atlas of China")
    page.select_option("[name=items-2-material_type]", "map")
    page.fill("[name=items-2-quantity]", "3")
    expect(page.locator("[data-total=titles]")).to_have_text("3")
    expect(page.locator("[data-total=items]")).to_have_text("6")
    expect(page.locator("[data-total=value]")).to_contain_text("120.00 CNY")
    screenshot(page, "1a-staff-enters-outgoing-shipment")
    page.locator("[name=items-2-title]").press("Enter")

    expect(page.get_by_role("status")).to_contain_text("created")
    reference = Shipment.objects.get().reference
    expect(page.get_by_role("heading", level=1)).to_contain_text(reference)

    page.get_by_role("link", name="Pack…").click()
    page.get_by_role("dialog").get_by_role("button", name="Pack").click()
    expect(page.get_by_role("status")).to_contain_text("is now packed")

    page.get_by_role("link", name="Dispatch…").click()
    dialog = page.get_by_role("dialog")
    dialog.get_by_label("Dispatch method").select_option("air")
    dialog.get_by_label("Tracking number").fill("RR123456789CN")
    dialog.get_by_role("button", name="Dispatch").click()
    expect(page.get_by_role("status")).to_contain_text("is now dispatched")
    expect(page.locator(".badge").first).to_have_text("Dispatched")

    page.get_by_role("link", name="GB-BL · British Library").click()
    balance = page.locator(".balance-table")
    items_row = balance.get_by_role("row", name=re.compile("^Items"))
    # this year: 6 sent, 0 received, balance 6 (then all time, the same)
    expect(items_row.locator("td").nth(0)).to_have_text("6")
    expect(items_row.locator("td").nth(2)).to_have_text("6")
    expect(page.get_by_role("link", name=reference)).to_be_visible()
    screenshot(page, "1-staff-dispatches-outgoing-shipment")


def test_staff_record_an_incoming_shipment_as_received(
    page, screenshot, staff_user, british_library
):
    sign_in(page, "staff")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Shipments").click()
    page.get_by_role("link", name="Record incoming shipment").click()
    page.get_by_label("Partner").fill("GB-BL")
    page.get_by_label("Tracking number").fill("LX998877GB")
    page.fill("[name=items-0-title]", "British Library Journal, vol. 51")
    page.fill("[name=items-0-issn]", "0305-5167")
    page.select_option("[name=items-0-material_type]", "serial")
    page.get_by_role("button", name="Add an item").click()
    page.fill("[name=items-1-isbn]", valid_isbn(7))
    page.fill("[name=items-1-title]", "Treasures of the British Library")
    page.get_by_role("button", name="Record shipment").click()
    expect(page.get_by_role("status")).to_contain_text("created")
    expect(page.locator(".badge").first).to_have_text("Expected")

    page.get_by_role("link", name="Receive…").click()
    page.get_by_role("dialog").get_by_role("button", name="Receive").click()
    expect(page.get_by_role("status")).to_contain_text("is now received")
    expect(page.locator(".badge").first).to_have_text("Received")
    expect(page.get_by_role("link", name="Acknowledgement letter")).to_be_visible()
    shipment = Shipment.objects.get()
    assert (shipment.status, shipment.items.count()) == ("received", 2)
    screenshot(page, "2-staff-receives-incoming-shipment")


def test_a_department_head_opens_a_partner_and_cannot_edit_it(
    page, screenshot, head_user, british_library
):
    sign_in(page, "head")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Partners").click()
    page.get_by_role("link", name="GB-BL").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("British Library")
    expect(page.locator(".contact").get_by_text("Jane Smith")).to_be_visible()
    expect(page.get_by_role("link", name="Edit partner")).to_have_count(0)
    expect(page.get_by_role("link", name="New outgoing shipment")).to_have_count(0)
    screenshot(page, "3-head-reads-partner")

    response = page.goto("/partners/GB-BL/edit/")
    assert response.status == 403
    expect(page.get_by_role("heading", level=1)).to_have_text("You may not do this")
    screenshot(page, "3a-head-refused-partner-edit")


def test_an_administrator_edits_a_partners_contact(page, screenshot, admin_user, british_library):
    sign_in(page, "admin")
    page.goto("/partners/GB-BL/")
    page.get_by_role("link", name="Edit partner").click()
    contact = page.locator("[data-formset-form]").filter(has=page.locator("[name=contacts-0-name]"))
    contact.get_by_label("Name").fill("Jane Smith-Jones")
    contact.get_by_label("Email").fill("jane.smith-jones@bl.uk")
    contact.get_by_label("Phone").fill("+44 1937 546000")
    screenshot(page, "4a-admin-partner-form")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("status")).to_contain_text("Changes to GB-BL saved.")
    expect(page.locator(".contact").get_by_text("Jane Smith-Jones")).to_be_visible()
    expect(page.get_by_role("link", name="jane.smith-jones@bl.uk")).to_be_visible()
    # the History says who changed what
    history = page.locator(".history__event").first
    expect(history).to_contain_text("Contact Jane Smith-Jones changed")
    expect(history.get_by_role("deletion").first).to_have_text("Jane Smith")
    expect(history.get_by_role("insertion").first).to_have_text("Jane Smith-Jones")
    british_library.refresh_from_db()
    assert british_library.contacts.get().phone == "+44 1937 546000"
    screenshot(page, "4-admin-edits-partner-contact")
