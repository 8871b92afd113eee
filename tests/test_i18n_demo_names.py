"""With the demo data, every page in Chinese shows the Chinese name of each partner and
agreement that has one, as each role: never the English one in its place."""

import re

import pytest
from django.core.management import call_command
from django.urls import reverse

from exchange.programme.models import CulturalAgreement
from partners.models import Partner
from tests.i18n_helpers import chinese
from tests.i18n_scan import visible_text

pytestmark = pytest.mark.django_db
DEMO = ["--partners", "40", "--years", "2", "--scale", "0.3", "--until", "2026-06-30"]
YEAR = "?start=2025-01-01&end=2025-12-31"


def pages(role: str) -> list[str]:
    urls = [
        reverse("dashboard"),
        reverse("partners:list"),
        reverse("shipments:list"),
        reverse("exchange:agreement_list"),
        reverse("exchange:obligation_list"),
        reverse("exchange:claims"),
        reverse("exchange:to_confirm"),
        reverse("exchange:claim_list"),
    ]
    urls += [agreement.get_absolute_url() for agreement in CulturalAgreement.objects.all()[:5]]
    if role != "staff":
        urls += [
            reverse("exchange:report_balance") + YEAR,
            reverse("exchange:report_costs", args=["partner"]) + YEAR,
        ]
    return urls


def english_in_place_of_chinese(text: str) -> list[str]:
    """English names shown where a Chinese one exists (as whole cell texts or phrases)."""
    found = []
    for name, name_zh in Partner.objects.exclude(name_zh="").values_list("name", "name_zh"):
        if name != name_zh and re.search(rf"(?<![\w-]){re.escape(name)}(?![\w-])", text):
            found.append(name)
    titles = CulturalAgreement.objects.exclude(title_zh="").values_list("title", flat=True)
    return found + [title for title in titles if title in text]


@pytest.fixture
def demo(clients):
    call_command("seed_demo", *DEMO, verbosity=0, stdout=open("/dev/null", "w"))


def test_the_demo_gives_its_partners_and_agreements_chinese_names(demo):
    assert Partner.objects.exclude(name_zh="").count() >= 39
    assert not CulturalAgreement.objects.filter(title_zh="").exists()


@pytest.mark.parametrize("role", ["staff", "head", "admin"])
def test_pages_in_chinese_show_the_chinese_names(demo, clients, role):
    client = chinese(clients[role])
    problems = []
    for url in pages(role):
        response = client.get(url)
        assert response.status_code == 200, url
        text = "\n".join(visible_text(response.content.decode()))
        problems += [f"{url}: {name}" for name in english_in_place_of_chinese(text)]
    assert not problems, "\n".join(problems)
