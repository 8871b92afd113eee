"""Names in both scripts, countries, dates and numbers in the user's language."""

import datetime
from decimal import Decimal

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation

from partners.models import Partner
from tests.i18n_helpers import ZH, chinese
from tests.i18n_scan import english_in, english_phrases, visible_text


@pytest.fixture
def world(i18n_world):
    """The records in Chinese, Russian, Arabic and romanised forms (tests/conftest.py)."""
    return i18n_world


def test_partner_lists_and_pages_show_both_forms_of_the_name(staff_client, world):
    listing = staff_client.get(reverse("partners:list")).content.decode()
    assert "Rossiyskaya natsionalnaya biblioteka" in listing
    assert "Российская национальная библиотека" in listing
    detail = staff_client.get(reverse("partners:detail", args=["EG-DAR"])).content.decode()
    assert (
        "Dar al-Kutub wal-Wathaiq al-Qawmiyya" in detail and "دار الكتب والوثائق القومية" in detail
    )


@pytest.mark.parametrize(
    "text, code",
    [
        ("新加坡国立", "SG-NUS"),
        ("национальная", "RU-NLR"),
        ("НАЦИОНАЛЬНАЯ", "RU-NLR"),
        ("الكتب", "EG-DAR"),
        ("Xinjiapo Daxue", "SG-NUS"),
        ("kitaphana", "KZ-NAB"),
    ],
)
def test_search_finds_a_partner_by_either_form_of_its_name(world, staff_client, text, code):
    assert [p.code for p in Partner.objects.search(text)] == [code]
    page = chinese(staff_client).get(reverse("partners:list"), {"q": text})
    assert [p.code for p in page.context["object_list"]] == [code]


def test_names_sort_by_their_romanised_form_in_every_language(staff_client, world):
    orders = []
    for language in ("en", ZH):
        staff_client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
        page = staff_client.get(reverse("partners:list"), {"sort": "name"})
        orders.append([p.code for p in page.context["object_list"]])
    assert orders[0] == orders[1] == ["EG-DAR", "SG-NUS", "RU-NLR", "KZ-NAB"]


def test_country_names_are_in_the_users_language(staff_client, world):
    html = chinese(staff_client).get(reverse("partners:detail", args=["RU-NLR"])).content.decode()
    assert "俄罗斯 (RU)" in html
    assert "Russia" not in html


def test_dates_and_numbers_are_written_for_the_language():
    from django.template import Context, Template

    template = Template(
        '{% load humanize %}{{ n|intcomma }}|{{ v|floatformat:"2g" }}|{{ d|date:"DATE_FORMAT" }}'
        '|{{ d|date:"MONTH_DAY_FORMAT" }}|{{ d|date:"Y-m-d" }}'
    )
    context = Context({"n": 1234567, "v": Decimal("1234.5"), "d": datetime.date(2026, 1, 5)})
    with translation.override("en"):
        assert template.render(context) == "1,234,567|1,234.50|5 January 2026|5 January|2026-01-05"
    with translation.override(ZH):
        assert template.render(context) == "1,234,567|1,234.50|2026年1月5日|1月5日|2026-01-05"


def test_a_date_field_in_chinese_keeps_the_iso_value_browsers_read(admin_client, world):
    html = (
        chinese(admin_client)
        .get(reverse("exchange:agreement_edit", args=[world["agreement"].pk]))
        .content.decode()
    )
    assert 'type="date" name="valid_from" value="2024-01-01"' in html


def test_the_balance_csv_is_the_same_in_every_language(head_client, world):
    url = reverse("exchange:report_balance", args=["csv"]) + "?period=all"
    english = head_client.get(url).content
    chinese_csv = chinese(head_client).get(url).content
    assert english == chinese_csv
    assert english.decode().startswith("partner_code,partner_name,country,kind,items_sent,")
    assert "Rossiyskaya natsionalnaya biblioteka" in english.decode()


def test_report_pages_in_chinese_label_their_columns_in_chinese(head_client, world):
    html = (
        chinese(head_client)
        .get(
            reverse("exchange:report_balance"),
            {"period": "all", "measures": ["items", "pages", "value"]},
        )
        .content.decode()
    )
    # Headed by measure ("册数" over "寄出", "收到", "差额"), each column's whole label in
    # the title of its sort link.
    for label in (
        "寄出册数",
        "收到册数",
        "册数差额",
        "金额差额",
        "最近寄出日期",
        ">寄出<",
        ">差额<",
    ):
        assert label in html
    # Both forms of the partner's name on the page (only the romanised one in exports).
    assert (
        "Rossiyskaya natsionalnaya biblioteka"
        '<span class="cell-sub">Российская национальная библиотека</span>'
    ) in html
    # RU-NLR's pages sent (2 × 1600 + 100), grouped as in English.
    assert '<td class="num">3,300</td>' in html


def test_the_scan_sees_english_left_on_a_chinese_page():
    html = (
        '<html lang="zh-hans"><head><title>交换伙伴</title><script>var a = "Partners";</script>'
        "</head><body><h1>Partners</h1><h2>Weekly figures</h2><code>unit_value</code>"
        '<button lang="en">English</button><input placeholder="Search"><br>'
        '<p data-msg-isbn-length="An ISBN has 10 or 13 digits.">GB-BL · 俄罗斯 (RU)</p>'
        "</body></html>"
    )
    found = english_in(visible_text(html), english_phrases(), {"gb", "bl", "ru"})
    assert found == [
        "msgid “Partners” in “Partners”",
        "English ['Weekly', 'figures'] in “Weekly figures”",
        "msgid “Search” in “Search”",
        "msgid “An ISBN has 10 or 13 digits” in “An ISBN has 10 or 13 digits.”",
    ]
