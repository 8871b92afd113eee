"""In Chinese: a member of staff switches the interface to Chinese, records and dispatches
an outgoing shipment, prints its dispatch note for a Chinese-speaking contact, reads
the balance report, and finds the interface still in Chinese after signing in again."""

import datetime

import pytest
from playwright.sync_api import expect

from exchange.core.models import UserPreference
from shipments.models import Shipment
from tests.e2e.conftest import PASSWORD, sign_in
from tests.factories import AddressFactory, ContactFactory, PartnerFactory, valid_isbn

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def nus_library():
    partner = PartnerFactory(
        code="SG-NUS",
        name="NUS Libraries, Chinese Library",
        name_original="新加坡国立大学图书馆中文图书馆",
        kind="university",
        country="SG",
        city="Singapore",
        exchange_since=datetime.date(1985, 1, 1),
    )
    AddressFactory(
        partner=partner,
        recipient="Chinese Library",
        lines="12 Kent Ridge Crescent",
        city="Singapore",
        postcode="119275",
        country="SG",
    )
    ContactFactory(partner=partner, name="李明", role="采访馆员", language="zh")
    return partner


def test_staff_work_in_chinese_from_a_shipment_to_the_balance_report(
    page, browser, live_server, screenshot, staff_user, nus_library
):
    sign_in(page, "staff")
    page.get_by_role("button", name="简体中文").click()
    expect(page.locator("html")).to_have_attribute("lang", "zh-hans")
    nav = page.get_by_role("navigation", name="主导航")
    expect(nav.get_by_role("link", name="工作台")).to_have_attribute("aria-current", "page")
    assert UserPreference.objects.get(user=staff_user).language == "zh-hans"

    # A new outgoing shipment, item by item, with the live totals in Chinese.
    nav.get_by_role("link", name="交换批次").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("交换批次")
    page.get_by_role("link", name="新建寄出批次").click()
    page.get_by_label("交换伙伴", exact=True).fill("SG-NUS")
    page.fill("[name=items-0-isbn]", "9787101003130")
    page.fill("[name=items-0-title]", "史记")
    expect(page.get_by_text("✓ 978-7-101-00313-0")).to_be_visible()
    page.fill("[name=items-0-quantity]", "2")
    page.fill("[name=items-0-pages]", "1200")
    page.get_by_role("button", name="添加条目").click()
    page.fill("[name=items-1-isbn]", "978-7-101-00313-1")
    page.locator("[name=items-1-title]").focus()
    expect(page.get_by_text("校验位错误")).to_be_visible()
    page.fill("[name=items-1-isbn]", valid_isbn(42))
    page.fill("[name=items-1-title]", "中国国家图书馆年鉴 2025")
    page.fill("[name=items-1-quantity]", "3")
    page.fill("[name=items-1-pages]", "2400")
    totals = page.locator("[data-totals]")
    expect(totals).to_contain_text("种数")
    expect(page.locator("[data-total=titles]")).to_have_text("2")
    expect(page.locator("[data-total=items]")).to_have_text("5")
    expect(page.locator("[data-total=pages]")).to_have_text("9,600")
    screenshot(page, "zh-1-new-outgoing-shipment")
    page.get_by_role("button", name="创建批次").click()

    reference = Shipment.objects.get().reference
    expect(page.get_by_role("status")).to_have_text(f"已创建批次 {reference}。")
    expect(page.locator(".badge").first).to_have_text("草稿")

    page.get_by_role("link", name="打包…").click()
    page.get_by_role("dialog").get_by_role("button", name="打包").click()
    expect(page.get_by_role("status")).to_have_text(f"{reference} 的状态现为“已打包”。")
    page.get_by_role("link", name="寄发…").click()
    dialog = page.get_by_role("dialog")
    dialog.get_by_label("寄递方式").select_option(label="航空邮寄")
    dialog.get_by_label("跟踪单号").fill("RR123456789CN")
    dialog.get_by_role("button", name="寄发").click()
    expect(page.get_by_role("status")).to_have_text(f"{reference} 的状态现为“已寄出”。")
    expect(page.locator(".badge").first).to_have_text("已寄出")
    screenshot(page, "zh-2-shipment-dispatched")

    # The dispatch note is in the contact's language (Chinese here), headed by the
    # library's Chinese name, then its English one.
    page.get_by_role("link", name="发运单").click()
    letter = page.locator("article.document")
    expect(letter).to_have_attribute("lang", "zh-hans")
    expect(letter.get_by_role("heading", level=1)).to_have_text("发运单及装箱清单")
    expect(letter.locator(".document__library")).to_have_text("中国国家图书馆")
    expect(letter.locator(".document__library-original")).to_have_text("National Library of China")
    expect(letter).to_contain_text("请交 李明")
    expect(letter).to_contain_text("SINGAPORE")
    screenshot(page, "zh-3-dispatch-note")

    # The balance report, in Chinese: the shipment counts from today.
    page.get_by_role("navigation", name="主导航").get_by_role("link", name="报表").click()
    page.get_by_role("link", name="各交换伙伴交换平衡").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("各交换伙伴交换平衡")
    table = page.locator("table.report-table")
    # The measure shown by default (items) over its sides; each sort link's title says
    # the whole column; the pages come with their box ticked (and the items with theirs).
    for label in ("代码", "交换伙伴", "册数", "寄出", "收到", "差额"):
        expect(table.locator("thead")).to_contain_text(label)
    for label in ("寄出册数", "收到册数", "册数差额"):
        expect(table.locator(f'thead a[title*="{label}"]')).to_have_count(1)
    page.get_by_label("册数", exact=True).check()
    page.get_by_label("页数", exact=True).check()
    page.get_by_role("button", name="显示").click()
    expect(table.locator('thead a[title*="寄出页数"]')).to_have_count(1)
    row = table.locator("tbody tr", has_text="SG-NUS")
    expect(row).to_contain_text("新加坡")
    expect(row).to_contain_text("大学图书馆")
    expect(row.locator("td.num").first).to_have_text("5")
    expect(page.get_by_role("link", name="打印视图")).to_be_visible()
    screenshot(page, "zh-4-balance-report")

    # Signed out, the sign-in page stays in Chinese; on another computer the account
    # brings its language back.
    page.get_by_role("button", name="退出登录").click()
    expect(page.get_by_label("用户名")).to_be_visible()
    context = browser.new_context(base_url=live_server.url, locale="en-GB")
    other = context.new_page()
    sign_in(other, "staff", PASSWORD)
    expect(other.locator("html")).to_have_attribute("lang", "zh-hans")
    expect(other.get_by_role("heading", level=1)).to_have_text("工作台")
    screenshot(other, "zh-5-dashboard-after-sign-in")
    context.close()
