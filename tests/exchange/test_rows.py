"""The list rows written in Python (exchange/templatetags/rows.py) are the HTML the row
templates wrote: each compared, in both languages, with the template it replaced."""

# ruff: noqa: E501 (the templates as they were, a row per line)

import datetime
import re

import pytest
from django.template import Context, Template
from django.utils import translation

from partners.models import Partner
from shipments.models import Shipment
from tests.factories import ItemFactory, PartnerFactory, ShipmentFactory

# The templates the tags replaced, as they were.
PARTNER_ROW = """{% load i18n %}{% for partner in object_list %}
<tr>
  <td class="nowrap"><a class="cell-main" href="{{ partner.get_absolute_url }}">{{ partner.code }}</a></td>
  <td>{{ partner.shown_name }}{% if partner.name_original and partner.name_original != partner.shown_name %}<span class="cell-sub">{{ partner.name_original }}</span>{% endif %}</td>
  <td>{{ partner.get_kind_display }}</td>
  <td class="nowrap"><span class="mono">{{ partner.country.code }}</span> {{ partner.country.name }}</td>
  <td>{{ partner.shown_city }}</td>
  <td><span class="badge badge--{{ partner.status }}">{{ partner.get_status_display }}</span></td>
  <td>{{ partner.get_exchange_basis_display }}</td>
  <td class="num">{{ partner.exchange_since|date:"Y"|default:"—" }}</td>
</tr>{% endfor %}"""

SHIPMENT_ROW = """{% load i18n humanize bulk %}{% for shipment in shipments %}
<tr>
  {% if selectable %}{% bulk_checkbox shipment %}{% endif %}
  <td class="nowrap"><a class="cell-main mono" href="{{ shipment.get_absolute_url }}">{{ shipment.reference }}</a></td>
  <td>{% if shipment.is_outgoing %}<span class="direction direction--outgoing">{% translate "Out" %}</span>{% else %}<span class="direction direction--incoming">{% translate "In" %}</span>{% endif %}</td>
  {% if not hide_partner %}<td><a href="{{ shipment.partner.get_absolute_url }}" class="mono">{{ shipment.partner.code }}</a><span class="cell-sub">{{ shipment.partner.shown_name }}</span></td>{% endif %}
  <td><span class="badge badge--{{ shipment.status }}">{{ shipment.get_status_display }}</span></td>
  <td class="num">{% if shipment.dispatched_on or shipment.received_on %}{{ shipment.shipment_date|date:"Y-m-d" }}{% else %}<span class="muted" title="{% translate 'Recorded on; not yet dispatched or received' %}">{{ shipment.shipment_date|date:"Y-m-d" }}</span>{% endif %}</td>
  <td>{{ shipment.get_method_display|default:"—" }}</td>
  <td class="num">{{ shipment.item_count|default:0|intcomma }}</td>
  <td class="num">{{ shipment.title_count|intcomma }}</td>
</tr>{% endfor %}"""


def _html(source: str, **context) -> str:
    text = Template(source).render(Context(context))
    return re.sub(r">\s+<", "><", text).strip()


@pytest.fixture
def partners(db):
    PartnerFactory(
        code="RU-NLR",
        name="National Library of Russia",
        name_zh="俄罗斯国家图书馆",
        name_original="Российская национальная библиотека",
        country="RU",
        city="St Petersburg",
        city_zh="圣彼得堡",
        exchange_since=datetime.date(1957, 5, 1),
    )
    PartnerFactory(
        code="GB-BL",
        name="British Library <&>",
        country="GB",
        city="London",
        status="ended",
        exchange_basis="gift",
        exchange_since=None,
    )
    PartnerFactory(code="TW-NCL", name="National Central Library", country="TW")
    return Partner.objects.order_by("code")


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_partner_rows_are_the_rows_the_template_wrote(partners, language):
    with translation.override(language):
        expected = _html(PARTNER_ROW, object_list=list(partners))
        written = _html("{% load rows %}{% partner_rows object_list %}", object_list=list(partners))
    assert written == expected
    assert "&lt;&amp;&gt;" in written


@pytest.mark.parametrize("language", ["en", "zh-hans"])
@pytest.mark.parametrize("selectable", [False, True])
@pytest.mark.parametrize("hide_partner", [False, True])
def test_shipment_rows_are_the_rows_the_template_wrote(
    partners, language, selectable, hide_partner
):
    partner = partners.get(code="RU-NLR")
    ShipmentFactory(partner=partner, direction="outgoing", status="draft", method="")
    sent = ShipmentFactory(
        partner=partner,
        direction="outgoing",
        status="dispatched",
        dispatched_on=datetime.date(2025, 3, 1),
        method="airmail",
    )
    ItemFactory.create_batch(3, shipment=sent, quantity=700)
    ShipmentFactory(
        partner=partners.get(code="GB-BL"),
        direction="incoming",
        status="received",
        received_on=datetime.date(2025, 4, 2),
    )
    shipments = list(Shipment.objects.for_list().with_date().order_by("pk"))
    context = {"shipments": shipments, "selectable": selectable, "hide_partner": hide_partner}
    with translation.override(language):
        expected = _html(SHIPMENT_ROW, **context)
        written = _html(
            "{% load rows %}{% shipment_rows shipments selectable hide_partner %}", **context
        )
    assert written == expected
    assert "2,100" in written


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_a_list_filter_form_is_rendered_once_per_query_and_language(
    staff_client, monkeypatch, language
):
    from exchange.core import kept
    from exchange.templatetags import rows

    rows.filter_forms.clear()
    rendered = []
    real = kept.render_to_string
    monkeypatch.setattr(
        kept,
        "render_to_string",
        lambda name, *a, **k: (
            (name == "includes/filter_form.html" and rendered.append(name)) or real(name, *a, **k)
        ),
    )
    staff_client.cookies["django_language"] = language
    first = staff_client.get("/partners/?country=JP&status=active").content.decode()
    again = staff_client.get("/partners/?country=JP&status=active").content.decode()
    other = staff_client.get("/partners/?country=FR").content.decode()
    assert len(rendered) == 2  # the first query, then the other
    assert _filter_form(first) == _filter_form(again)
    assert '<option value="JP" selected>' in _filter_form(first)
    assert '<option value="FR" selected>' in _filter_form(other)
    assert '<option value="JP" selected>' not in _filter_form(other)


def _filter_form(page: str) -> str:
    start = page.index('<form method="get" class="filters"')
    return page[start : page.index("</form>", start)]


def test_a_list_filter_form_is_the_form_the_include_renders(staff_client):
    from django.template.loader import render_to_string
    from django.test import RequestFactory

    from partners.filters import PartnerFilter

    request = RequestFactory().get("/partners/?country=JP&since_from=not-a-year")
    form = PartnerFilter(request.GET, queryset=Partner.objects.all()).form
    form.is_valid()
    context = {"form": form, "reset_url": "/partners/", "request": request}
    expected = render_to_string("includes/filter_form.html", context)
    written = Template("{% load rows %}{% list_filter_form form reset_url %}").render(
        Context(context)
    )
    assert written == expected
