"""Taiwan, Hong Kong and Macao never appear as peers of China: in every list, filter,
report group, export and letter they are named as regions of China, in both languages."""

import datetime
import io
import re

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from tests.factories import (
    AddressFactory,
    ClaimFactory,
    ContactFactory,
    ItemFactory,
    PartnerFactory,
    received,
    sent,
)
from tests.i18n_helpers import chinese

# A bare name: one not written as a region of China.
BARE = re.compile(
    r"(?<!中国)(台湾|香港|澳门|臺灣)|\bTaiwan\b(?!, China)|\bHong Kong\b(?! SAR, China)"
    r"|\bMacao\b(?! SAR, China)|\bMacau\b|\bTaipei\b(?=,? ?China)",
    re.IGNORECASE,
)


@pytest.fixture
def regions(db):
    partners = {}
    for code, city in [("CN", "Beijing"), ("TW", "Taipei"), ("HK", "Pok Fu Lam"), ("MO", "Taipa")]:
        partner = PartnerFactory(
            code=f"{code}-LIB", name=f"Library {code}", country=code, city=city
        )
        AddressFactory(partner=partner, country=code, city=city)
        ContactFactory(partner=partner, language="zh" if code != "MO" else "pt")
        ItemFactory(shipment=sent(partner, datetime.date(2025, 3, 1)))
        ItemFactory(shipment=received(partner, datetime.date(2025, 4, 1)))
        ClaimFactory(partner=partner)
        partners[code] = partner
    return partners


def urls(regions) -> list[str]:
    tw = regions["TW"]
    pages = [
        reverse("partners:list"),
        reverse("partners:list") + "?country=TW",
        reverse("partners:detail", args=[tw.code]),
        reverse("partners:edit", args=[tw.code]),
        reverse("shipments:list"),
        reverse("shipments:list") + "?country=HK",
        reverse("exchange:agreement_create"),
        reverse("exchange:agreement_list"),
        reverse("exchange:claim_list"),
        reverse("exchange:report_partner", args=[tw.code]),
        reverse("shipments:dispatch_note", args=[tw.shipments.get(direction="outgoing").reference]),
        reverse(
            "shipments:acknowledgement", args=[tw.shipments.get(direction="incoming").reference]
        ),
        reverse("exchange:claim_letter", args=[tw.claims.get().pk]),
        reverse("exchange:claim_letter", args=[regions["MO"].claims.get().pk]),
    ]
    period = "?start=2025-01-01&end=2025-12-31"
    reports = [("exchange:report_balance", {})]
    reports += [
        ("exchange:report_summary", {"by": by}) for by in ("country", "region", "subregion")
    ]
    reports += [("exchange:report_costs", {"by": "country"})]
    for fmt in ({}, {"fmt": "print"}, {"fmt": "csv"}, {"fmt": "xlsx"}):
        pages += [reverse(name, kwargs={**kwargs, **fmt}) + period for name, kwargs in reports]
    for name in ("partners:export", "shipments:export"):
        pages += [f"{reverse(name)}?format={fmt}" for fmt in ("csv", "xlsx")]
    return pages


def text_of(response) -> str:
    content = b"".join(response.streaming_content) if response.streaming else response.content
    if response["Content-Type"].startswith("application/vnd.openxmlformats"):
        book = load_workbook(io.BytesIO(content), read_only=True)
        return "\n".join(
            str(cell) for sheet in book.worksheets for row in sheet.iter_rows(values_only=True)
            for cell in row if cell is not None
        )  # fmt: skip
    return content.decode("utf-8-sig")


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_no_page_export_or_letter_names_them_as_peers_of_china(admin_client, regions, language):
    client = chinese(admin_client) if language == "zh-hans" else admin_client
    found = []
    for url in urls(regions):
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)
        text = text_of(response)
        found += [f"{url}: {match.group(0)!r}" for match in BARE.finditer(text)]
    assert not found, "\n".join(found)


def test_the_walk_sees_them_named_as_regions(head_client, regions):
    page = head_client.get(
        reverse("exchange:report_summary", args=["country"]) + "?start=2025-01-01&end=2025-12-31"
    ).content.decode()
    assert "Taiwan, China" in page and "Hong Kong SAR, China" in page
    assert "Macao SAR, China" in page and ">China<" in page
    assert "Total, 4 countries and regions" in page
    page = chinese(head_client).get(reverse("partners:list")).content.decode()
    assert "中国台湾" in page and "中国香港" in page and "中国澳门" in page
    page = head_client.get(
        reverse("exchange:report_summary", args=["country"]) + "?start=2025-01-01&end=2025-12-31"
    ).content.decode()
    assert "合计（4 个国家和地区）" in page


def test_the_pattern_finds_a_bare_name():
    assert BARE.search("台湾") and BARE.search("Taiwan") and BARE.search("HONG KONG")
    assert not BARE.search("中国台湾 Taiwan, China HONG KONG SAR, CHINA 中国澳门")
