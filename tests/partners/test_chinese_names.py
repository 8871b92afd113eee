"""Partners in two forms: the page shows the form of its language, else the other;
search finds any form; the list sorts by the name shown, in pinyin in Chinese."""

import pytest
from django.urls import reverse
from django.utils import translation

from partners.models import Partner
from tests.factories import ContactFactory, PartnerFactory
from tests.i18n_helpers import chinese

pytestmark = pytest.mark.django_db


def test_each_language_shows_its_form_and_falls_back_to_the_other():
    both = PartnerFactory.build(name="British Library", name_zh="大英图书馆", city_zh="伦敦")
    english_only = PartnerFactory.build(name="Qatar National Library", name_zh="")
    with translation.override("zh-hans"):
        assert (both.shown_name, both.shown_city) == ("大英图书馆", "伦敦")
        assert english_only.shown_name == "Qatar National Library"
    with translation.override("en"):
        assert (both.shown_name, both.shown_city) == ("British Library", "London")


def test_the_display_name_adds_the_original_script_where_it_differs():
    partner = PartnerFactory.build(
        name="National Diet Library", name_zh="日本国立国会图书馆", name_original="国立国会図書館"
    )
    with translation.override("zh-hans"):
        assert partner.display_name == "日本国立国会图书馆 (国立国会図書館)"
    with translation.override("en"):
        assert partner.display_name == "National Diet Library (国立国会図書館)"


def test_a_contacts_role_in_the_pages_language():
    contact = ContactFactory.build(name="李明", role="Acquisitions librarian", role_zh="采访馆员")
    with translation.override("zh-hans"):
        assert contact.shown_role == "采访馆员"
    with translation.override("en"):
        assert contact.shown_role == "Acquisitions librarian"


@pytest.mark.parametrize("query", ["大英", "British", "伦敦", "London", "GB-BL"])
def test_search_finds_any_form(staff_client, query):
    PartnerFactory(code="GB-BL", name="British Library", name_zh="大英图书馆", city_zh="伦敦")
    PartnerFactory(code="FR-BNF", name="National Library of France", city="Paris")
    page = staff_client.get(reverse("partners:list"), {"q": query}).content.decode()
    assert "GB-BL" in page and "FR-BNF" not in page


def test_the_list_sorts_by_the_name_shown_in_pinyin_in_chinese(staff_client):
    for code, name, name_zh in [
        ("ZZ-1", "National Library of France", "法国国家图书馆"),  # fǎ
        ("ZZ-2", "Library of Congress", "美国国会图书馆"),  # měi
        ("ZZ-3", "British Library", "大英图书馆"),  # dà
        ("ZZ-4", "Bavarian State Library", ""),  # no Chinese name: "bavarian..."
    ]:
        PartnerFactory(code=code, name=name, name_zh=name_zh)
    url = reverse("partners:list") + "?sort=name"

    def order(client):
        page = client.get(url).content.decode()
        return sorted(["ZZ-1", "ZZ-2", "ZZ-3", "ZZ-4"], key=page.index)

    assert order(staff_client) == ["ZZ-4", "ZZ-3", "ZZ-2", "ZZ-1"]  # Ba, Br, L, N
    assert order(chinese(staff_client)) == ["ZZ-4", "ZZ-3", "ZZ-1", "ZZ-2"]  # bav, da, fa, mei


def test_the_pinyin_key_follows_every_save():
    partner = PartnerFactory(name="British Library", name_zh="")
    assert partner.name_pinyin == "british library"
    partner.name_zh = "大英图书馆"
    partner.save()
    assert Partner.objects.get(pk=partner.pk).name_pinyin == "da4 ying1 tu2 shu1 guan3"
