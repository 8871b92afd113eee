"""Letters as they print: with the browser's own PDF print (`page.pdf()`), a letter
fits one A4 page, and a dispatch note of 40 items at most two, its table header
repeated on the second."""

import datetime
import re

import pytest

from tests.e2e.conftest import sign_in
from tests.factories import (
    AddressFactory,
    ClaimFactory,
    ContactFactory,
    ItemFactory,
    PartnerFactory,
    library_identity,
    received,
    sent,
)

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

# A page object of a PDF (not the /Pages tree that lists them).
PAGE_OBJECT = re.compile(rb"/Type\s*/Page(?![a-zA-Z])")


@pytest.fixture
def library(staff_user):
    library_identity(claim=True, dispatch_note=True, acknowledgement=True)
    partner = PartnerFactory(
        code="FR-BNF",
        name="National Library of France",
        name_zh="法国国家图书馆",
        name_original="Bibliothèque nationale de France",
        country="FR",
        city="Paris",
    )
    AddressFactory(
        partner=partner,
        recipient="Service des échanges internationaux",
        lines="Quai François Mauriac",
        city="Paris",
        postcode="75706 Paris Cedex 13",
        country="FR",
    )
    ContactFactory(partner=partner, name="Claire Martin", role="Head of exchanges", language="zh")
    return partner


def pdf_pages(page, url: str) -> int:
    page.goto(url)
    pdf = page.pdf(format="A4", print_background=True, prefer_css_page_size=True)
    return len(PAGE_OBJECT.findall(pdf))


def test_a_claim_letter_and_an_acknowledgement_print_on_one_page_each(page, library, screenshot):
    claim = ClaimFactory(
        partner=library,
        claimed_on=datetime.date(2026, 3, 5),
        subject=(
            "我方于2025年寄出的交换书刊，至今未收到贵馆的回寄。"
            "烦请查询并告知寄出日期及跟踪单号。\n\n此致敬礼。"
        ),
    )
    shipment = received(library, datetime.date(2026, 3, 2))
    ItemFactory.create_batch(8, shipment=shipment)
    sign_in(page, "staff")
    for url in (
        f"/programme/claims/{claim.pk}/letter/",
        f"/programme/claims/{claim.pk}/letter/?language=en",
        f"/shipments/{shipment.reference}/acknowledgement/",
        f"/shipments/{shipment.reference}/acknowledgement/?language=en",
    ):
        assert pdf_pages(page, url) == 1, url
    page.goto(f"/programme/claims/{claim.pk}/letter/")
    page.emulate_media(media="print")
    screenshot(page, "letter-claim-zh-printed")


def test_a_dispatch_note_of_40_items_prints_on_two_pages_with_its_header_repeated(
    page, library, screenshot
):
    shipment = sent(library, datetime.date(2026, 3, 1))
    for n in range(40):
        ItemFactory(
            shipment=shipment,
            title=f"中国古籍善本总目 第{n + 1}卷：经部、史部、子部、集部及丛部书目提要",
            author="中国古籍善本总目编委会",
            publisher="国家图书馆出版社",
        )
    sign_in(page, "staff")
    url = f"/shipments/{shipment.reference}/dispatch-note/"
    assert pdf_pages(page, url) <= 2
    assert pdf_pages(page, url + "?language=en") <= 2
    page.goto(url)
    page.emulate_media(media="print")
    display = page.locator("article.document table thead").evaluate(
        "thead => getComputedStyle(thead).display"
    )
    assert display == "table-header-group"
    screenshot(page, "letter-dispatch-note-40-items-printed")
