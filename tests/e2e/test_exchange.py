"""Journeys of the exchange (issue 21): an offer list built and chosen from, a selection
above the threshold approved by staff and a department head, shipped, dispatched and
counted; a partner's offer uploaded, its wanted lines requested and received."""

import re
from decimal import Decimal

import pytest
from playwright.sync_api import expect

from exchange.offers.models import OfferList, PartnerOffer, Selection, Want
from shipments.models import Shipment
from tests.e2e.conftest import sign_in
from tests.factories import PartnerFactory, StockItemFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def sign_out(page) -> None:
    page.get_by_role("button", name="Sign out").click()
    page.wait_for_url("**/accounts/login/**")


def test_an_offer_list_chosen_from_approved_shipped_and_counted(
    page, screenshot, staff_user, head_user
):
    british = PartnerFactory(code="GB-BL", name="British Library", country="GB")
    french = PartnerFactory(code="FR-BNF", name="Bibliothèque nationale de France", country="FR")
    StockItemFactory(
        title="中国古代地图集", copies=1, pages=300, unit_value=Decimal("6000"), currency="CNY"
    )

    sign_in(page, staff_user.username)
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Exchange").click()
    page.goto("/exchange/lists/new/")
    page.get_by_label("Reference").fill("OL-2026-01")
    page.get_by_label("Title", exact=True).fill("Publications offered, spring 2026")
    page.get_by_label("Date of the list").fill("2026-03-01")
    page.get_by_label("To all active partners").check()
    page.get_by_role("button", name="Add the list").click()
    offer_list = OfferList.objects.get()
    # A new list goes on to its titles, chosen from the stock.
    expect(page).to_have_url(re.compile(rf"/exchange/lists/{offer_list.pk}/titles/$"))
    page.locator("tbody").get_by_role("checkbox").first.check()
    page.get_by_role("button", name="Add the ticked titles").click()
    page.get_by_role("button", name="Open the list").click()
    expect(page.locator(".badge").first).to_have_text("Open")
    screenshot(page, "exchange-1-offer-list")

    # Two partners ask for the only copy: the first gets it, the second is refused.
    for partner in (british, french):
        page.goto(f"/exchange/lists/{offer_list.pk}/select/?partner={partner.code}")
        page.locator("input[name^=copies_]").first.fill("1")
        page.get_by_label("Received as").select_option("letter")
        page.get_by_role("button", name="Record the selection").click()
        expect(page.get_by_role("status")).to_be_visible()
    first, second = Selection.objects.order_by("pk")
    assert first.lines.get().status == "reserved"
    assert second.lines.get().status == "refused"

    # 6,000 CNY: above the threshold, staff and a department head approve.
    page.goto(first.get_absolute_url())
    page.get_by_role("button", name="Approve").click()
    assert Selection.objects.get(pk=first.pk).status == "requested"
    sign_out(page)
    sign_in(page, head_user.username)
    page.goto(first.get_absolute_url())
    screenshot(page, "exchange-2-head-approves")
    page.get_by_role("button", name="Approve").click()
    assert Selection.objects.get(pk=first.pk).status == "approved"
    sign_out(page)

    sign_in(page, staff_user.username)
    page.goto(first.get_absolute_url())
    page.get_by_role("button", name=re.compile("^Ship")).click()
    shipment = Shipment.objects.get(direction="outgoing")
    assert (shipment.status, shipment.partner) == ("draft", british)
    page.goto(shipment.get_absolute_url())
    page.get_by_role("link", name="Pack…").click()
    page.get_by_role("dialog").get_by_role("button", name="Pack").click()
    expect(page.get_by_role("status")).to_contain_text("is now packed")
    page.get_by_role("link", name="Dispatch…").click()
    page.get_by_role("dialog").get_by_role("button", name="Dispatch").click()
    expect(page.get_by_role("status")).to_contain_text("is now dispatched")

    page.goto(british.get_absolute_url())
    items_row = page.locator(".balance-table").get_by_role("row", name=re.compile("^Items"))
    expect(items_row.locator("td").nth(0)).to_have_text("1")
    screenshot(page, "exchange-3-balance-moved")


def test_a_partners_offer_marked_requested_and_received(page, screenshot, staff_user, tmp_path):
    PartnerFactory(code="DE-DNB", name="Deutsche Nationalbibliothek", country="DE")
    Want.objects.create(isbn="9783161484100")
    offer_file = tmp_path / "offer.csv"
    offer_file.write_text(
        "title,author,isbn,issn,material_type,language,year,quantity,pages,unit_value,currency\n"
        "Handbuch der Sinologie,,9783161484100,,monograph,ger,2021,1,400,,\n"
        "Kleine Geschichte Berlins,,,,monograph,ger,2019,1,200,,\n"
    )

    sign_in(page, staff_user.username)
    page.goto("/exchange/partner-offers/new/")
    page.get_by_role("combobox", name="Partner").fill("DE-DNB")
    page.get_by_label("Title", exact=True).fill("Dubletten 2026")
    page.get_by_label("The partner's list").set_input_files(str(offer_file))
    page.get_by_role("button", name="Upload").click()
    offer = PartnerOffer.objects.get()
    expect(page).to_have_url(re.compile(rf"/exchange/partner-offers/{offer.pk}/$"))
    first_row = page.locator("tbody tr").first
    expect(first_row.locator(".badge--wanted")).to_be_visible()
    screenshot(page, "exchange-4-partner-offer")

    page.get_by_label("Want title 1").check()
    page.get_by_role("button", name="Request the marked titles").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Dubletten 2026")
    shipment = Shipment.objects.get(direction="incoming")
    assert list(shipment.items.values_list("title", flat=True)) == ["Handbuch der Sinologie"]
    screenshot(page, "exchange-5-request-letter")

    page.goto(shipment.get_absolute_url())
    page.get_by_role("link", name="Receive…").click()
    page.get_by_role("dialog").get_by_role("button", name="Receive").click()
    expect(page.get_by_role("status")).to_contain_text("is now received")
