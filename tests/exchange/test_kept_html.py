"""Parts of pages rendered once per process (exchange.core.kept): the navigation per
role, section and language, a report's filter form per query and language. Each is the
HTML of its template, and never another role's, section's, language's or query's."""

import re

import pytest
from django.urls import reverse

from exchange.core import kept
from exchange.templatetags.layout import navigations
from exchange.templatetags.report_tags import report_filter_forms


@pytest.fixture
def rendered(monkeypatch):
    """The names of the templates KeptHtml rendered (not found kept)."""
    names = []
    real = kept.render_to_string

    def spy(name, *args, **kwargs):
        names.append(name)
        return real(name, *args, **kwargs)

    monkeypatch.setattr(kept, "render_to_string", spy)
    navigations.clear()
    report_filter_forms.clear()
    return names


def _nav(page: str) -> str:
    return re.search(r'<nav class="main-nav".*?</nav>', page, re.S).group(0)


def test_the_navigation_is_rendered_once_per_role_section_and_language(
    rendered, staff_client, head_client, admin_client
):
    partners, shipments = reverse("partners:list"), reverse("shipments:list")
    staff = _nav(staff_client.get(partners).content.decode())
    assert _nav(staff_client.get(partners + "?page=1").content.decode()) == staff
    assert rendered.count("includes/main_nav.html") == 1
    head = _nav(head_client.get(partners).content.decode())
    admin = _nav(admin_client.get(partners).content.decode())
    on_shipments = _nav(staff_client.get(shipments).content.decode())
    staff_client.cookies["django_language"] = "zh-hans"
    chinese = _nav(staff_client.get(partners).content.decode())
    assert rendered.count("includes/main_nav.html") == 5
    # What each role may open, and where the page is.
    assert "Import" in staff and "Import" not in head and "Exchange rates" in admin
    assert "Exchange rates" not in head and "Admin" in admin and "Admin" not in head
    assert f'href="{partners}" aria-current="page"' in staff
    assert f'href="{shipments}" aria-current="page"' in on_shipments
    assert f'href="{partners}" aria-current="page"' not in on_shipments
    assert "合作伙伴" in chinese or "伙伴" in chinese
    assert "Partners" not in chinese


def test_a_report_filter_form_is_rendered_once_per_query_and_language(rendered, head_client):
    balance = reverse("exchange:report_balance")
    first = head_client.get(balance + "?period=all&country=JP").content.decode()
    again = head_client.get(balance + "?period=all&country=JP").content.decode()
    other = head_client.get(balance + "?period=all&country=FR").content.decode()
    assert rendered.count("includes/report_filter_form.html") == 2
    assert _form(first) == _form(again)
    assert '<option value="JP" selected>' in _form(first)
    assert '<option value="FR" selected>' in _form(other)
    assert '<option value="JP" selected>' not in _form(other)
    wrong = head_client.get(balance + "?period=custom&start=2025-05-01&end=2025-01-01")
    assert "The end of the period is before its start." in _form(wrong.content.decode())


def _form(page: str) -> str:
    return re.search(r'<form method="get" class="filters report-filters".*?</form>', page, re.S)[0]
