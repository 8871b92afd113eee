"""Administration in the browser: exchange rates added in the application with plain
errors, and an import preview whose problems wrap inside the screen and link to their
rows."""

import datetime
from decimal import Decimal

import pytest
from playwright.sync_api import expect

from exchange.rates.models import ExchangeRate
from partners.models import PARTNER_COLUMNS
from tests.e2e.conftest import sign_in
from tests.exchange.import_files import csv_bytes, table
from tests.exchange.transfer.views_helpers import PARTNER
from tests.factories import RateFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def overflow(page) -> int:
    """How far the page runs past the window's right edge, in pixels."""
    return page.evaluate("document.documentElement.scrollWidth - window.innerWidth")


def test_an_administrator_adds_a_rate_in_lower_case_after_a_plain_error(
    page, admin_user, screenshot
):
    RateFactory(currency="USD", valid_from=datetime.date(2020, 1, 1), rate=Decimal("7.1"))
    sign_in(page, "admin")
    page.get_by_role("link", name="Exchange rates").first.click()
    expect(page.get_by_role("heading", name="Exchange rates")).to_be_visible()
    page.get_by_role("link", name="Add a rate").first.click()
    page.get_by_label("Currency").fill("usd")
    page.get_by_label("Valid from").fill("2024-01-01")
    page.get_by_label("Rate", exact=True).fill("-1")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("The rate must be more than 0")).to_be_visible()
    expect(page.get_by_text("rate_positive")).to_have_count(0)
    page.get_by_label("Rate", exact=True).fill("7.25")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("USD: rate 7.25 from 2024-01-01 added.")).to_be_visible()
    expect(page.locator(".rate-chart polyline")).to_have_count(1)
    assert ExchangeRate.objects.filter(currency="USD", rate=Decimal("7.25")).exists()
    assert overflow(page) <= 0
    screenshot(page, "rates-usd")


def test_import_problems_wrap_inside_the_screen_and_link_to_their_rows(
    page, admin_user, screenshot, tmp_path
):
    rows = table(
        PARTNER_COLUMNS,
        PARTNER,
        {"kind": "National library"},  # a label: accepted
        {"code": "DE-DNB", "name": "Deutsche" * 30, "kind": "museum"},
        {"code": "US-" + "X" * 25, "website": "https://example.org/" + "long/" * 60},
    )
    path = tmp_path / "partners.csv"
    path.write_bytes(csv_bytes(PARTNER_COLUMNS, rows))
    sign_in(page, "admin")
    page.goto("/programme/import/partners/")
    page.locator("input[type=file]").set_input_files(path)
    page.get_by_role("button", name="Upload and preview").click()
    expect(page.get_by_role("link", name="Row 3")).to_be_visible()
    assert overflow(page) <= 0
    # Every problem's text ends inside the window.
    problems = ".import-problems li, .import-preview__problems li"
    right = page.evaluate(
        f"Math.max(...[...document.querySelectorAll('{problems}')]"
        ".map(e => e.getBoundingClientRect().right))"
    )
    assert right <= page.viewport_size["width"]
    page.get_by_role("link", name="Row 3").click()
    assert page.url.endswith("#row-3")
    expect(page.locator("#row-3")).to_be_in_viewport()
    screenshot(page, "import-problems")
