"""Report tables rendered in one pass: the same text as Django's own formatting."""

import re
from decimal import Decimal
from types import SimpleNamespace

import pytest
from django import forms
from django.urls import reverse
from django.utils import translation
from django.utils.formats import number_format

from exchange.core.regions import area_choices
from exchange.core.widgets import QuickSelect
from exchange.reports.balance import balance_page_columns
from exchange.reports.flags import FLAG_BY_CODE, RECEIVES_MORE
from exchange.templatetags.report_tags import NumberFormat, report_rows, report_total

NUMBERS = [
    (0, 0),
    (7, 0),
    (-3, 0),
    (1234567, 0),
    (Decimal("1234.50"), 2),
    (Decimal("-0.05"), 2),
    (Decimal("98765432.10"), 2),
    (Decimal("0.1234567"), 4),
    (Decimal("12345.67891"), 4),
    (Decimal("2.5"), 4),
]


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_numbers_read_as_django_formats_them(language):
    with translation.override(language):
        numbers = NumberFormat()
        for value, decimals in NUMBERS:
            assert numbers(value, decimals) == number_format(value, decimals, force_grouping=True)


def row(**cells):
    partner = SimpleNamespace(name_original=cells.pop("name_original", ""))
    return {"partner": partner, "flags": [], **cells}


def test_a_row_has_its_links_classes_labels_and_escapes_its_text():
    columns = balance_page_columns()
    html = report_rows(
        [
            row(
                partner_code="GB-BL",
                partner_name="<British> Library",
                name_original="大英图书馆",
                country="GB",
                country_name="United Kingdom",
                kind="national",
                kind_label="National library",
                items_sent=1200,
                items_balance=-3,
                value_sent=Decimal("180.00"),
                last_sent_on=None,
                flags=[FLAG_BY_CODE[RECEIVES_MORE]],
            )
        ],
        columns,
    )
    link = reverse("exchange:report_partner", args=["GB-BL"])
    assert html.startswith(f'<tr><td class="nowrap"><a href="{link}">GB-BL</a></td>')
    assert '<td>&lt;British&gt; Library<span class="cell-sub">大英图书馆</span></td>' in html
    assert '<td title="GB">United Kingdom</td>' in html
    assert "<td>National library</td>" in html
    assert '<td class="num">1,200</td>' in html
    assert '<td class="num negative">-3</td>' in html
    assert '<td class="num">180.00</td>' in html
    assert '<td class="num"></td>' in html  # a figure not there
    assert (
        '<li class="badge flag flag--receives_more" '
        'title="Received more than twice what was sent">Receives more</li>'
    ) in html
    assert html.count("<td") + html.count("<th") == len(columns)


def test_a_code_is_quoted_in_its_link_as_reverse_quotes_it():
    html = report_rows([row(partner_code="Ä B", partner_name="x")], balance_page_columns()[:1])
    link = reverse("exchange:report_partner", args=["Ä B"])
    assert f'href="{link}"' in html and "%C3%84%20B" in link


def test_the_totals_row_has_a_heading_and_only_figures_and_dates():
    columns = balance_page_columns()
    html = report_total({"partner_code": "Total", "items_sent": 5, "country": "GB"}, columns)
    assert html.startswith('<tr><th scope="row">Total</th><td></td><td></td>')
    assert '<td class="num">5</td>' in html and "GB" not in html


def whitespace_free(html: str) -> str:
    return re.sub(r">\s+<", "><", html.strip())


@pytest.mark.parametrize("value", ["", "150", "GB"])
def test_a_quick_select_is_the_select_django_would_render(value):
    choices = [("", "All regions"), *area_choices(), ("GB", "A & <B>")]
    attrs = {"id": "id_region", "aria-describedby": "help"}
    quick = QuickSelect(choices=choices).render("region", value, attrs)
    django = forms.Select(choices=choices).render("region", value, attrs)
    assert whitespace_free(quick) == whitespace_free(django)
