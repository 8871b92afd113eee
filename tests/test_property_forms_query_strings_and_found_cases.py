"""Property tests: pages answer any query string; and what they found, kept as plain examples."""

import pytest
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from shipments.forms import MAX_ITEMS, item_formset
from shipments.models import Shipment
from tests.strategies import FUZZ, database_state, nasty, sprinkled


@pytest.fixture
def world(form_world):
    """A partner, an agreement, a rate, a claim and shipments to post to (tests/conftest.py)."""
    return form_world


@pytest.fixture
def page(form_page):
    """The values a form page holds, loaded once per test (tests/conftest.py)."""
    return form_page


# Query strings of the pages that take them ---------------------------------------------


QUERY_PAGES = {
    "partners:list": ("head", ["q", "country", "kind", "status", "basis", "missing", "sort"]),
    "shipments:list": (
        "head",
        ["q", "direction", "status", "partner", "country", "date_from", "date_to", "method"],
    ),
    "exchange:agreement_list": ("head", ["q", "country", "status", "kind", "page"]),
    "exchange:claim_list": ("staff", ["q", "awaiting", "partner", "page"]),
    "exchange:obligation_list": ("head", ["year", "state", "direction"]),
    "exchange:report_balance": (
        "head",
        [
            "period",
            "start",
            "end",
            "country",
            "region",
            "kind",
            "status",
            "basis",
            "sort",
            "measures",
        ],
    ),
    "exchange:report_trends": (
        "head",
        ["period", "start", "end", "country", "measure", "measures"],
    ),
    "exchange:report_partner_lookup": ("head", ["code"]),
    "exchange:claim_create": ("staff", ["partner", "shipment"]),
    "shipments:create_outgoing": ("staff", ["partner"]),
    "shipments:check_isbn": ("staff", ["isbn"]),
    "search:results": ("head", ["q"]),
    "partners:lookup": ("staff", ["q"]),
}


@pytest.mark.parametrize("name", QUERY_PAGES)
@FUZZ
@given(data=st.data())
def test_a_page_answers_any_query_string(world, clients, name, data):
    role, keys = QUERY_PAGES[name]
    query = data.draw(
        st.dictionaries(
            st.sampled_from([*keys, "page", "sort"]),
            st.one_of(nasty(), nasty().flatmap(sprinkled)),
            max_size=4,
        ),
        label="query",
    )
    response = clients[role].get(reverse(name), query)
    # A page number past the end (or not a number) is Django's 404, as for any list; so
    # is a NUL anywhere in the query string (exchange.core.security).
    nul = any("\x00" in value for value in query.values())
    allowed = (200, 302, 404) if "page" in query or nul else (200, 302)
    assert response.status_code in allowed


# What the property tests found, kept as plain examples ---------------------------------


@pytest.mark.parametrize(
    ("name", "query"),
    [
        # SQLite refuses a LIKE pattern past 50,000 bytes; searches stop at 200 characters.
        ("shipments:list", {"q": "x" * 70000}),
        ("shipments:list", {"partner": "Ω" * 30000}),
        ("partners:list", {"q": "x" * 70000}),
        ("exchange:agreement_list", {"q": "x" * 70000}),
        ("exchange:claim_list", {"q": "x" * 70000, "partner": "x" * 70000}),
        ("exchange:report_partner_lookup", {"code": "x" * 70000}),
        # PostgreSQL refuses a NUL in a query.
        ("exchange:report_partner_lookup", {"code": "GB-BL\x00"}),
        ("search:results", {"q": "x" * 70000}),
        ("partners:lookup", {"q": "Ω" * 30000}),
        ("exchange:claim_create", {"partner": "GB-BL\x00"}),
        ("exchange:claim_create", {"shipment": "IN-2020-00001\x00"}),
        # An unknown period is an error of the form, not a KeyError.
        ("exchange:report_balance", {"period": "someday"}),
        ("exchange:report_trends", {"period": "someday", "start": "2025-01-01"}),
    ],
)
def test_a_page_answers_the_query_strings_that_once_broke_it(world, clients, name, query):
    response = clients["staff"].get(reverse(name), query)
    nul = any("\x00" in value for value in query.values())
    assert response.status_code in ((404,) if nul else (200, 302))


@pytest.mark.parametrize("code", ["GB-BL\x00", "x" * 70000])
def test_a_partner_code_with_a_null_character_or_past_any_length_is_no_partner(
    world, staff_client, page, code
):
    url = reverse("shipments:create_outgoing")
    values = {**page(staff_client, url), "partner": code}
    values.update({"items-0-title": "Shiji", "items-0-quantity": "1"})
    before = database_state()
    response = staff_client.post(url, values)
    assert response.status_code == 200
    assert "partner" in response.context["form"].errors
    assert database_state() == before


@pytest.mark.parametrize("prefix", ["addresses", "contacts"])
def test_a_forged_form_count_is_refused_without_building_that_many_forms(
    world, admin_client, page, prefix
):
    url = reverse("partners:create")
    values = {**page(admin_client, url), f"{prefix}-TOTAL_FORMS": "2147483646"}
    response = admin_client.post(url, values)
    assert response.status_code == 200
    formset = response.context["formsets"][prefix]
    assert len(formset.forms) == 50
    assert formset.non_form_errors() == ["Please submit at most 50 forms."]


def test_a_forged_item_count_builds_no_more_than_the_most_items_a_page_takes(db):
    data = {"items-TOTAL_FORMS": "2147483646", "items-INITIAL_FORMS": "0"}
    formset = item_formset(extra=1)(data, instance=Shipment(direction="outgoing"), prefix="items")
    assert len(formset.forms) == MAX_ITEMS == 500
    assert formset.non_form_errors() == ["Please submit at most 500 forms."]


@pytest.mark.parametrize("url_name", ["partners:create", "partners:edit"])
def test_a_partner_code_with_a_slash_is_refused_as_it_would_break_the_partner_s_address(
    world, admin_client, page, url_name
):
    url = reverse(url_name, args=[world["partner"].code] if url_name == "partners:edit" else [])
    values = {**page(admin_client, url), "code": "GB/BL", "name": "British Library"}
    values.update({"kind": "national", "status": "active", "country": "GB"})
    before = database_state()
    response = admin_client.post(url, values)
    assert response.status_code == 200
    assert response.context["form"].errors["code"] == [
        "“/” cannot be part of a code or reference: it separates a web address's parts."
    ]
    assert database_state() == before
