"""The demo in Chinese, as a department head sees it: the dashboard, the partner list,
the agreement list and the balance report name the demo's partners and agreements in
Chinese (screenshots in e2e-screenshots/)."""

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from exchange.programme.models import CulturalAgreement
from partners.models import Partner
from tests.e2e.conftest import sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
DEMO = ["--partners", "40", "--years", "2", "--scale", "0.3", "--until", "2026-06-30"]


def test_the_demo_in_chinese_names_partners_and_agreements_in_chinese(page, screenshot, head_user):
    call_command("seed_demo", *DEMO, verbosity=0, stdout=open("/dev/null", "w"))
    sign_in(page, "head")
    page.get_by_role("button", name="简体中文").click()
    expect(page.locator("html")).to_have_attribute("lang", "zh-hans")
    screenshot(page, "zh-demo-1-dashboard")

    page.goto("/partners/")
    first = Partner.objects.exclude(name_zh="").order_by("code").first()
    row = page.locator("tbody tr", has_text=first.code)
    expect(row).to_contain_text(first.name_zh)
    expect(row).not_to_contain_text(first.name)
    screenshot(page, "zh-demo-2-partners")

    page.goto("/programme/agreements/")
    agreement = CulturalAgreement.objects.order_by("-valid_from").first()
    expect(page.get_by_role("link", name=agreement.title_zh)).to_be_visible()
    expect(page.get_by_text(agreement.title, exact=True)).to_have_count(0)
    screenshot(page, "zh-demo-3-agreements")

    page.goto("/programme/reports/balance/?start=2025-01-01&end=2025-12-31")
    table = page.locator("table.report-table")
    expect(table.locator("tbody tr", has_text=first.code)).to_contain_text(first.name_zh)
    screenshot(page, "zh-demo-4-balance-report")
