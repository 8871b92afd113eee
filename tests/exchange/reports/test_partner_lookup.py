"""The per-partner report's lookup takes a code or a name, resolved by the partner
search: one partner, its report; several, a list to choose from; none, a message."""

import pytest
from django.urls import reverse

from tests.factories import PartnerFactory

pytestmark = pytest.mark.django_db
LOOKUP = reverse("exchange:report_partner_lookup")


@pytest.fixture
def partners(db):
    PartnerFactory(
        code="JP-NDL", name="National Diet Library", name_zh="国立国会图书馆", country="JP"
    )
    PartnerFactory(code="JP-KUL", name="Kyoto University Library", country="JP")
    PartnerFactory(code="GB-BL", name="British Library", country="GB")


def report(code):
    return reverse("exchange:report_partner", args=[code])


@pytest.mark.parametrize("role", ["staff", "head", "admin"])
@pytest.mark.parametrize(
    "text", ["National Diet Library", "national diet", "国立国会", "jp-ndl", "JP-NDL · x"]
)
def test_a_name_or_code_of_one_partner_opens_its_report(partners, clients, role, text):
    response = clients[role].get(LOOKUP, {"code": text})
    assert response.status_code == 302
    assert response["Location"] == report("JP-NDL")


@pytest.mark.parametrize("role", ["staff", "head", "admin"])
def test_a_name_of_several_partners_lists_them_to_choose(partners, clients, role):
    response = clients[role].get(LOOKUP, {"code": "Japan"})
    assert response.status_code == 200
    page = response.content.decode()
    assert "“Japan” names 2 partners." in page
    assert f'href="{report("JP-NDL")}"' in page and f'href="{report("JP-KUL")}"' in page
    assert report("GB-BL") not in page


def test_the_list_to_choose_from_is_in_chinese(partners, head_client):
    head_client.cookies["django_language"] = "zh-hans"
    page = head_client.get(LOOKUP, {"code": "日本"}).content.decode()
    assert "国立国会图书馆" in page and "选择交换伙伴" in page


def test_a_text_that_names_no_partner_says_so(partners, head_client):
    response = head_client.get(LOOKUP, {"code": "Atlantis"}, follow=True)
    assert "No partner has the code or a name “Atlantis”." in response.content.decode()


def test_an_empty_text_asks_for_one(partners, head_client):
    response = head_client.get(LOOKUP, {"code": "  "}, follow=True)
    assert "Type a partner&#x27;s code or name." in response.content.decode()


def test_anonymous_users_are_sent_to_sign_in(partners, anon_client):
    response = anon_client.get(LOOKUP, {"code": "Japan"})
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_the_index_offers_the_partner_as_a_combobox(partners, head_client):
    page = head_client.get(reverse("exchange:reports")).content.decode()
    assert 'id="report-partner-code"' in page and 'role="combobox"' in page
    assert '<label for="report-partner-code"' in page


def test_the_partner_page_links_to_its_report(partners, clients):
    for role in ("staff", "head", "admin"):
        page = clients[role].get(reverse("partners:detail", args=["JP-NDL"])).content.decode()
        assert f'href="{report("JP-NDL")}"' in page, role
