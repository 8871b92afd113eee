"""Reports as they read on a laptop and on paper (issue 18): the balance report of a
national library's 520 partners fits a 1,366 px screen with one measure, without a
horizontal scroll bar on the page or in the table's own scrolling box, its header and
first column stay in view; printed with the browser's own PDF print, last year's
balance takes at most 15 A4 pages."""

import datetime
import re
from decimal import Decimal

import pytest
from django.conf import settings
from django.utils import timezone

from partners.models import Partner
from shipments.items import ShipmentItem
from shipments.models import Shipment
from tests.e2e.conftest import sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PAGE_OBJECT = re.compile(rb"/Type\s*/Page(?![a-zA-Z])")
PARTNERS = 520
# Names as long as the demo's, with their original script.
NAMES = [
    ("UC Libraries, Pontifical Catholic University of Chile", "Bibliotecas UC"),
    ("Library of the Islamic Consultative Assembly", "کتابخانه مجلس شورای اسلامی"),
    ("Public Library of the National University of La Plata", "Biblioteca Pública de la UNLP"),
    ("National Library of the Philippines", ""),
    ("Russian State Library", "Российская государственная библиотека"),
    ("Research Library of the Academy of Sciences of the Republic of Uzbekistan", ""),
]
COUNTRIES = ("CL", "IR", "AR", "PH", "RU", "UZ", "GB", "BA", "KE", "JP")
KINDS = ("national", "university", "public", "research", "other")


@pytest.fixture
def national_library():
    """520 partners, each with a shipment each way last year (two or three items); some
    out of balance, so the flags column is there."""
    year = timezone.localdate().year - 1
    Partner.objects.bulk_create(
        Partner(
            code=f"{COUNTRIES[n % 10]}-L{n:04d}",
            name=f"{NAMES[n % 6][0]} {n}",
            name_original=NAMES[n % 6][1],
            kind=KINDS[n % 5],
            country=COUNTRIES[n % 10],
            status="active" if n % 9 else "suspended",
            exchange_basis=("piece", "page", "value", "gift")[n % 4],
            exchange_since=datetime.date(1983, 1, 1),
        )
        for n in range(PARTNERS)
    )
    shipments = []
    for n, partner in enumerate(Partner.objects.order_by("code")):
        shipments.append(
            Shipment(
                reference=f"OUT-{partner.code}",
                direction="outgoing",
                partner=partner,
                status="delivered",
                dispatched_on=datetime.date(year, 3, 1),
            )
        )
        if n % 3:
            shipments.append(
                Shipment(
                    reference=f"IN-{partner.code}",
                    direction="incoming",
                    partner=partner,
                    status="received",
                    received_on=datetime.date(year, 9, 1),
                )
            )
    Shipment.objects.bulk_create(shipments)
    ShipmentItem.objects.bulk_create(
        ShipmentItem(
            shipment=shipment,
            title=f"Title {n}",
            quantity=10 * (n + 1),
            pages=320,
            unit_value=Decimal("1234.50"),
            currency="CNY",
        )
        for shipment in Shipment.objects.all()
        for n in range(2 if shipment.direction == "incoming" else 3)
    )
    return year


def in_chinese(page) -> None:
    """The language cookie, as the switcher leaves it for a user with no choice stored."""
    page.context.add_cookies(
        [{"name": settings.LANGUAGE_COOKIE_NAME, "value": "zh-hans", "url": page.url}]
    )


def widths(page) -> dict:
    return page.evaluate(
        """() => {
        const box = document.querySelector('.report-scroll');
        return {page: [document.documentElement.scrollWidth, document.documentElement.clientWidth],
                table: [box.scrollWidth, box.clientWidth]};
    }"""
    )


def test_the_balance_report_fits_a_laptop_screen_with_one_measure(
    page, national_library, head_user, screenshot
):
    sign_in(page, "head")
    page.goto("/programme/reports/balance/?period=last_year")
    found = widths(page)
    assert found["page"][0] <= found["page"][1], found
    assert found["table"][0] <= found["table"][1], found
    screenshot(page, "report-balance-1366")
    # The header stays in view as the rows scroll inside the table's box.
    header = page.locator(".report-table thead")
    page.locator(".report-scroll").evaluate("box => box.scrollTop = 600")
    top = page.locator(".report-scroll").bounding_box()["y"]
    assert header.bounding_box()["y"] == pytest.approx(top, abs=2)
    # In Chinese too.
    in_chinese(page)
    page.goto("/programme/reports/balance/?period=last_year")
    assert page.locator("html").get_attribute("lang") == "zh-hans"
    found = widths(page)
    assert found["page"][0] <= found["page"][1], found
    assert found["table"][0] <= found["table"][1], found
    screenshot(page, "zh-report-balance-1366")


def test_last_years_balance_of_520_partners_prints_in_at_most_15_pages(
    page, national_library, head_user
):
    sign_in(page, "head")
    for language in ("en", "zh-hans"):
        if language != "en":
            in_chinese(page)
        page.goto("/programme/reports/balance/print/?period=last_year")
        assert page.locator("html").get_attribute("lang") == language
        assert page.locator(".report-table tbody tr").count() == PARTNERS
        pdf = page.pdf(format="A4", print_background=True, prefer_css_page_size=True)
        pages = len(PAGE_OBJECT.findall(pdf))
        assert 0 < pages <= 15, (language, pages)
        # No flag wraps: each flag is one line high.
        page.emulate_media(media="print")
        heights = page.locator(".report-table .flag").evaluate_all(
            "flags => flags.map(flag => flag.getBoundingClientRect().height)"
        )
        page.emulate_media(media="screen")
        assert heights and max(heights) < 2 * min(heights), heights
