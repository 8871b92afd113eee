"""seed_demo's Chinese forms: names, cities, roles, titles and obligations, as the National
Library of China writes them, derived from tables and from what was drawn anyway."""

import datetime
import random
import re

import pytest

from exchange.demo.agreements import agreement_title_zh, obligation_text_zh
from exchange.demo.context import Profile
from exchange.demo.libraries import LIBRARIES
from exchange.demo.money import CURRENCIES, CURRENCY_NAMES_ZH
from exchange.demo.partners import (
    GENERATED_NAMES,
    GENERATED_NAMES_ZH,
    generated_name_zh,
    partner_rows,
)
from exchange.demo.people import CONTACT_ROLES, CONTACT_ROLES_ZH
from exchange.demo.places import chinese_country_names
from exchange.demo.seed import seed_demo
from exchange.programme.models import CulturalAgreement, Obligation
from partners.models import Contact, Partner

UNTIL = datetime.date(2026, 6, 30)
SMALL = {"partners": 40, "years": 3, "scale": 0.3, "until": UNTIL}
BY_NAME = {library.name: library for library in LIBRARIES}
# Characters whose simplified forms differ: none of them belongs in our Chinese.
TRADITIONAL = set("圖書館國臺灣學資訊門區華聯會藝術歷東亞蘭爾維羅際員協議約與")
CHINESE = re.compile(r"[\u4e00-\u9fff]")


def profile_of(partner: Partner) -> Profile:
    return Profile(partner=partner, country=str(partner.country), domain="", language="en",
                   names="en", currency="CNY")  # fmt: skip


@pytest.mark.django_db
def test_a_small_demo_has_every_chinese_form():
    seed_demo(**SMALL)
    partners = Partner.objects.all()
    assert partners.count() == 40
    for partner in partners:  # all real libraries: a small demo takes national ones first
        assert partner.name_zh == BY_NAME[partner.name].name_zh != ""
        assert partner.city_zh == BY_NAME[partner.name].city_zh != ""
    contacts = Contact.objects.all()
    assert contacts
    for contact in contacts:
        assert contact.role_zh == CONTACT_ROLES_ZH[contact.role]
    agreements = CulturalAgreement.objects.all()
    assert agreements
    for agreement in agreements:
        assert CHINESE.search(agreement.title_zh), agreement.title
    obligations = Obligation.objects.exclude(description="")
    assert obligations
    for obligation in obligations:
        assert obligation.description_zh.startswith("中方每年"), obligation.description


@pytest.mark.parametrize(
    "name, name_zh, city_zh",
    [
        ("British Library", "大英图书馆", "伦敦"),
        ("Library of Congress", "美国国会图书馆", "华盛顿"),
        ("National Library of France", "法国国家图书馆", "巴黎"),
        ("National Diet Library", "日本国立国会图书馆", "东京"),
        ("Russian State Library", "俄罗斯国立图书馆", "莫斯科"),
        ("National Library of Russia", "俄罗斯国家图书馆", "圣彼得堡"),
        ("National Library of Korea", "韩国国立中央图书馆", "首尔"),
        ("University of Tokyo Library", "东京大学图书馆", "东京"),
        ("Tohoku University Library", "日本东北大学图书馆", "仙台"),
        ("Harvard-Yenching Library", "哈佛燕京图书馆", "剑桥"),
        ("Berlin State Library", "柏林国家图书馆", "柏林"),
        ("Chinese University of Hong Kong Library", "香港中文大学图书馆", "香港"),
        ("National Library of Lebanon", "黎巴嫩国家图书馆", "贝鲁特"),
    ],
)
def test_known_libraries_have_their_established_chinese_names(name, name_zh, city_zh):
    assert (BY_NAME[name].name_zh, BY_NAME[name].city_zh) == (name_zh, city_zh)


def test_every_real_library_has_a_chinese_name_and_city_in_simplified_characters():
    for library in LIBRARIES:
        assert CHINESE.search(library.name_zh), library.name
        assert CHINESE.search(library.city_zh), library.city
        assert not TRADITIONAL & set(library.name_zh + library.city_zh), library.name
    names_zh = [library.name_zh for library in LIBRARIES]
    assert len(set(names_zh)) == len(names_zh)


def test_a_city_has_one_chinese_name():
    cities = {}
    for library in LIBRARIES:
        assert cities.setdefault((library.country, library.city), library.city_zh) == (
            library.city_zh
        ), library.name


def test_the_tables_cover_what_the_generator_can_draw():
    assert {library.country for library in LIBRARIES} <= set(chinese_country_names())
    assert set(CONTACT_ROLES_ZH) == set(CONTACT_ROLES)
    assert set(CURRENCY_NAMES_ZH) == set(CURRENCIES)
    patterns = {pattern for names in GENERATED_NAMES.values() for pattern in names}
    assert set(GENERATED_NAMES_ZH) == patterns
    assert all("{city}" in pattern for pattern in GENERATED_NAMES_ZH.values())


def test_generated_partners_get_a_chinese_name_unless_another_library_has_it():
    rows = partner_rows(random.Random(7), len(LIBRARIES) + 300)
    generated = rows[len(LIBRARIES) :]
    assert all(row.city_zh for row in generated)
    names_zh = [row.name_zh for row in rows if row.name_zh]
    assert len(set(names_zh)) == len(names_zh)
    assert sum(bool(row.name_zh) for row in generated) > 250
    taken = {library.name_zh for library in LIBRARIES}
    assert generated_name_zh("University of {city} Library", "京都", taken) == ""
    assert generated_name_zh("{city} Public Library", "京都", taken) == "京都公共图书馆"
    assert generated_name_zh("Confucius Institute at {city}", "", taken) == ""


def test_the_chinese_titles_of_agreements_and_programmes():
    start, end = datetime.date(2024, 3, 1), datetime.date(2027, 2, 28)
    lebanon = agreement_title_zh("agreement", "LB", start, None, [])
    assert lebanon == "中华人民共和国政府和黎巴嫩共和国政府文化协定"
    france = agreement_title_zh("agreement", "FR", start, None, [])
    assert france == "中华人民共和国政府和法兰西共和国政府文化协定"
    britain = agreement_title_zh("programme", "GB", start, end, [])
    assert (
        britain == "中华人民共和国政府和大不列颠及北爱尔兰联合王国政府2024—2027年文化交流执行计划"
    )
    hong_kong = agreement_title_zh("programme", "HK", start, end, [])
    assert hong_kong == "内地与香港特别行政区2024—2027年文化交流与合作执行计划"


def test_the_chinese_title_of_a_library_agreement_names_the_main_partner():
    national = Partner(name="British Library", name_zh="大英图书馆", kind="national", country="GB")
    other = Partner(name="SOAS Library", name_zh="伦敦大学亚非学院图书馆", kind="university")
    profiles = [profile_of(other), profile_of(national)]
    title = agreement_title_zh("library", "GB", None, None, profiles)
    assert title == "中国国家图书馆与大英图书馆出版物交换协议"
    national.name_zh = ""
    assert agreement_title_zh("library", "GB", None, None, profiles) == ""


def test_the_chinese_of_obligations():
    library = Partner(name="National Library of Lebanon", name_zh="黎巴嫩国家图书馆")
    sent = obligation_text_zh("outgoing", "value", 3000, None, "LB", "CNY")
    assert sent == "中方每年向黎巴嫩的图书馆寄送价值3000元人民币的出版物。"
    received = obligation_text_zh("incoming", "titles", 15, library, "LB", "CNY")
    assert received == "中方每年接收黎巴嫩国家图书馆寄来的15种出版物。"
    pages = obligation_text_zh("incoming", "pages", 4500, library, "LB", "USD")
    assert pages == "中方每年接收黎巴嫩国家图书馆寄来的共4500页的出版物。"
    assert obligation_text_zh("outgoing", "items", 10, Partner(name="X"), "LB", "CNY") == ""
