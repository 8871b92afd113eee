"""Forms that help and two layout defects (issue 18), in the browser: a known ISBN fills
the item, a title sent before is pointed out, a corrected field loses its old error, the
obligations follow the partner; the menu on one line at 1,366 px, the dashboard within a
phone's 390 px."""

import datetime

import pytest
from playwright.sync_api import expect

from shipments.steps import ShipmentEvent
from tests.e2e.conftest import sign_in
from tests.factories import (
    AgreementFactory,
    ItemFactory,
    ObligationFactory,
    PartnerFactory,
    ShipmentFactory,
    sent,
)

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

SHIJI_13 = "9787101003130"


@pytest.fixture
def partners():
    gb = PartnerFactory(code="GB-BL", name="British Library", country="GB")
    fr = PartnerFactory(code="FR-BNF", name="Bibliothèque nationale de France", country="FR")
    return gb, fr


def test_a_known_isbn_fills_the_empty_fields_and_a_title_sent_before_is_pointed_out(
    page, screenshot, staff_user, partners
):
    gb, fr = partners
    earlier = sent(fr, datetime.date(2024, 4, 1), reference="OUT-2024-00011")
    description = {
        "title": "Shiji",
        "author": "Sima Qian",
        "publisher": "Zhonghua Book Company",
        "isbn": SHIJI_13,
        "language": "zh",
        "year": 1959,
        "pages": 3322,
    }
    ItemFactory(shipment=earlier, **{**description, "title": "Shi ji (older record)"})
    to_gb = sent(gb, datetime.date(2025, 3, 2), reference="OUT-2025-00042", status="acknowledged")
    ItemFactory(shipment=to_gb, **description)  # the latest: its description is used

    sign_in(page, "staff")
    page.goto("/shipments/new/outgoing/?partner=GB-BL")
    row = page.locator("[data-formset-form]").first
    # What the person typed first stays as typed.
    page.fill("[name=items-0-author]", "Sima Qian (trans. B. Watson)")
    page.fill("[name=items-0-isbn]", "7101003133")  # the same book's ISBN-10

    expect(page.locator("[name=items-0-title]")).to_have_value("Shiji")
    expect(page.locator("[name=items-0-publisher]")).to_have_value("Zhonghua Book Company")
    expect(page.locator("[name=items-0-year]")).to_have_value("1959")
    expect(page.locator("[name=items-0-language]")).to_have_value("zh")
    expect(page.locator("[name=items-0-pages]")).to_have_value("3322")
    expect(page.locator("[name=items-0-author]")).to_have_value("Sima Qian (trans. B. Watson)")
    expect(row.locator("[data-known-source]")).to_have_text(
        "Filled in from OUT-2025-00042: check it."
    )
    warning = row.locator("[data-sent-before]")
    expect(warning).to_contain_text("Already sent to this partner on 2025-03-02 (Acknowledged):")
    expect(warning.get_by_role("link", name="OUT-2025-00042")).to_have_attribute(
        "href", "/shipments/OUT-2025-00042/"
    )
    screenshot(page, "forms-known-isbn-and-sent-before")

    # A warning, not a refusal: the shipment is created.
    page.get_by_role("button", name="Create shipment").click()
    expect(page.get_by_role("status").first).to_contain_text("created")
    expect(page.locator(".message--warning")).to_contain_text(
        "“Shiji” had already been sent to this partner on 2025-03-02 in OUT-2025-00042."
    )


def test_a_corrected_isbn_loses_its_old_error(page, staff_user, partners):
    sign_in(page, "staff")
    page.goto("/shipments/new/outgoing/?partner=GB-BL")
    page.fill("[name=items-0-isbn]", "978-7-101-00313-1")
    page.fill("[name=items-0-title]", "Shiji")
    page.fill("[name=items-0-quantity]", "0")
    page.get_by_role("button", name="Create shipment").click()

    isbn = page.locator("[name=items-0-isbn]")
    field = page.locator(".item__isbn")
    server_error = field.locator('.error[id$="_error"]')
    expect(server_error).to_contain_text("the check digit is wrong")
    expect(isbn).to_have_attribute("aria-invalid", "true")

    isbn.fill("978-7-101-00313-0")
    page.locator("[name=items-0-title]").focus()
    expect(field.get_by_text("✓ 978-7-101-00313-0")).to_be_visible()
    expect(server_error).to_have_count(0)
    expect(field).not_to_have_class("field--error")
    expect(isbn).not_to_have_attribute("aria-invalid", "true")
    expect(field.get_by_text("the check digit is wrong")).to_have_count(0)

    # Any field: its error goes once its value changes, and nothing points to it.
    quantity = page.locator("[name=items-0-quantity]")
    expect(page.get_by_text("The quantity must be at least 1.")).to_be_visible()
    expect(quantity).to_have_attribute("aria-describedby", "id_items-0-quantity_error")
    quantity.fill("2")
    expect(page.get_by_text("The quantity must be at least 1.")).to_have_count(0)
    expect(quantity).not_to_have_attribute("aria-invalid", "true")
    expect(quantity).not_to_have_attribute("aria-describedby", "id_items-0-quantity_error")
    # Saved once corrected.
    page.get_by_role("button", name="Create shipment").click()
    expect(page.get_by_role("status").first).to_contain_text("created")


def test_the_obligations_offered_follow_the_partner(page, staff_user, partners):
    gb, fr = partners
    uk = AgreementFactory(title="UK–China programme", countries=["GB"])
    france = AgreementFactory(title="France–China programme", countries=["FR"])
    ObligationFactory(agreement=uk, partner=gb)
    ObligationFactory(agreement=france)
    sign_in(page, "staff")
    page.goto("/shipments/new/outgoing/?partner=GB-BL")
    options = page.locator("select[name=obligation] option")
    expect(options).to_have_count(2)  # "None" and the British Library's
    expect(options.nth(1)).to_contain_text("UK–China programme")

    partner = page.get_by_label("Partner")
    partner.fill("FR-BNF")
    partner.press("Tab")
    expect(options).to_have_count(2)
    expect(options.nth(1)).to_contain_text("France–China programme")


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_the_menu_of_an_administrator_is_one_line_at_1366_px(page, admin_user, language):
    sign_in(page, "admin")
    page.locator(f"button[name=language][value={language}]").click()
    page.wait_for_load_state()
    page.goto("/shipments/")
    tops = page.evaluate(
        "[...document.querySelectorAll('.main-nav a')]"
        ".map(a => Math.round(a.getBoundingClientRect().top))"
    )
    assert len(tops) == 10  # every link, the Exchange, Exchange rates and Admin included
    assert len(set(tops)) == 1, tops
    # One line: the menu (its own row under the name, the search box and the user) is
    # no higher than one of its links and its padding.
    nav, link = page.evaluate(
        "[document.querySelector('.main-nav').getBoundingClientRect().height,"
        " document.querySelector('.main-nav a').getBoundingClientRect().height]"
    )
    assert nav < 1.5 * link, (nav, link)


@pytest.mark.parametrize("user", ["staff", "head", "admin"])
def test_the_dashboard_fits_a_phone(page, screenshot, user, staff_user, head_user, admin_user):
    partner = PartnerFactory(
        code="RU-IOMRAS",
        name="Institute of Oriental Manuscripts of the Russian Academy of Sciences",
    )
    for n in range(5):
        shipment = ShipmentFactory(partner=partner, reference=f"OUT-2026-{n + 1:05d}")
        ShipmentEvent.objects.create(
            shipment=shipment,
            status="draft",
            on=datetime.date(2026, 1, 5),
            note="Packed; customs declaration attached",
            user=staff_user,
        )
    page.set_viewport_size({"width": 390, "height": 800})
    sign_in(page, user)
    page.goto("/")
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, width
    screenshot(page, f"forms-dashboard-390-{user}")
