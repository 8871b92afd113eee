"""Property tests: the partner, shipment and step forms answer any input."""

import datetime

import pytest
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from shipments.items import ShipmentItem
from shipments.models import Shipment
from shipments.steps import STEPS
from tests.factories import valid_isbn
from tests.property_forms_helpers import TODAY, amounts, assert_handled, choices, dates
from tests.strategies import FUZZ, clean_text, formset_rows, merged, post_data, rolled_back


@pytest.fixture
def world(form_world):
    """A partner, an agreement, a rate, a claim and shipments to post to (tests/conftest.py)."""
    return form_world


@pytest.fixture
def page(form_page):
    """The values a form page holds, loaded once per test (tests/conftest.py)."""
    return form_page


# Partners (administrators) ------------------------------------------------------------


PARTNER = {
    "code": st.one_of(st.from_regex(r"[A-Z]{2}-[A-Z0-9]{2,8}", fullmatch=True), clean_text(1, 32)),
    "name": clean_text(1, 60),
    "name_original": clean_text(0, 60),
    "kind": choices(["national", "university", "public", "research", "other"], blank=False),
    "status": choices(["prospective", "active", "suspended", "ended"], blank=False),
    "country": choices(["GB", "FR", "CN", "RU", "EG", "IL"], blank=False),
    "city": clean_text(0, 40),
    "exchange_since": dates(),
    "exchange_basis": choices(["piece", "page", "value", "gift"]),
    "website": st.sampled_from(["", "www.bl.uk", "https://www.bnf.fr/fr", "http://例え.jp/"]),
    "email": st.sampled_from(["", "exchange@bl.uk", "échange@bnf.fr"]),
    "notes": clean_text(0, 200),
}
ADDRESS = {
    "kind": choices(["shipping", "postal"], blank=False),
    "recipient": clean_text(0, 40),
    "lines": clean_text(1, 80),
    "city": clean_text(0, 40),
    "postcode": clean_text(0, 10),
    "country": choices(["GB", "FR", "CN"], blank=False),
}
CONTACT = {
    "name": clean_text(1, 40),
    "role": clean_text(0, 40),
    "email": st.sampled_from(["", "li@example.org"]),
    "phone": clean_text(0, 20),
    "language": st.sampled_from(["", "en", "zh", "FR", "chi", "xx"]),
}


def partner_values(existing: int):
    return merged(
        st.fixed_dictionaries(PARTNER),
        formset_rows("addresses", ADDRESS, start=existing),
        formset_rows("contacts", CONTACT, start=existing),
    )


@FUZZ
@given(data=st.data())
def test_the_new_partner_form_answers_any_input(world, admin_client, page, data):
    url = reverse("partners:create")
    values = data.draw(post_data(partner_values(0), page(admin_client, url)))
    with rolled_back():
        assert_handled(admin_client, url, values)


@FUZZ
@given(data=st.data())
def test_the_partner_edit_form_answers_any_input(world, admin_client, page, data):
    url = reverse("partners:edit", args=[world["partner"].code])
    valid = merged(
        partner_values(1), st.fixed_dictionaries({"addresses-0-DELETE": choices(["on"])})
    )
    values = data.draw(post_data(valid, page(admin_client, url)))
    with rolled_back():
        assert_handled(admin_client, url, values)


# Shipments (acquisitions staff) -------------------------------------------------------


ITEM = {
    "isbn": st.one_of(st.just(""), st.integers(0, 10**9).map(valid_isbn)),
    "issn": st.sampled_from(["", "0317-8471", "03178471"]),
    "title": clean_text(1, 80),
    "author": clean_text(0, 40),
    "publisher": clean_text(0, 40),
    "material_type": choices(ShipmentItem.MaterialType.values, blank=False),
    "language": st.sampled_from(["", "zh", "en", "rus", "ZH "]),
    "year": st.one_of(st.just(""), st.integers(1000, 2999).map(str)),
    "quantity": st.integers(1, 10**6).map(str),
    "pages": st.one_of(st.just(""), st.integers(0, 10**5).map(str)),
    "unit_value": amounts(2),
    "currency": st.sampled_from(["", "CNY", "USD", "usd", "EUR"]),
}


def shipment_values(world, direction: str, existing_items: int):
    fields = {
        "partner": st.sampled_from(["GB-BL", "gb-bl", "FR-BNF", "GB-BL · British Library"]),
        "obligation": st.sampled_from(["", str(world["obligation"].pk)]),
        "method": choices(Shipment.Method.values),
        "parcels": st.integers(0, 100).map(str),
        "weight_kg": amounts(3),
        "other_cost": amounts(2),
        "notes": clean_text(0, 200),
    }
    if direction == "outgoing":
        fields["postage_cost"] = amounts(2)
    else:
        fields["expected_on"] = dates(end=datetime.date(2100, 1, 1))
        fields["tracking_number"] = clean_text(0, 64)
        fields["received_on"] = dates(start=TODAY - datetime.timedelta(days=400))
    # A new shipment's page has one blank item row: fill it, and perhaps add more.
    rows = formset_rows("items", ITEM, start=existing_items, most=2)
    return merged(st.fixed_dictionaries(fields), rows)


@pytest.mark.parametrize("direction", ["outgoing", "incoming"])
@FUZZ
@given(data=st.data())
def test_the_new_shipment_form_and_its_items_answer_any_input(
    world, staff_client, page, direction, data
):
    url = reverse(f"shipments:create_{direction}")
    initial = page(staff_client, url)
    valid = merged(
        shipment_values(world, direction, 0),
        st.fixed_dictionaries({f"items-0-{name}": value for name, value in ITEM.items()}),
    )
    values = data.draw(post_data(valid, initial))
    if values.get("items-TOTAL_FORMS") == "0":
        values["items-TOTAL_FORMS"] = "1"
    with rolled_back():
        assert_handled(staff_client, url, values)


@pytest.mark.parametrize("status", ["draft", "expected"])
@FUZZ
@given(data=st.data())
def test_the_shipment_edit_form_and_its_items_answer_any_input(
    world, staff_client, page, status, data
):
    shipment = world[status]
    url = reverse("shipments:edit", args=[shipment.reference])
    valid = merged(
        shipment_values(world, shipment.direction, 1),
        st.fixed_dictionaries({"items-0-DELETE": choices(["on"])}),
    )
    values = data.draw(post_data(valid, page(staff_client, url)))
    with rolled_back():
        assert_handled(staff_client, url, values)


STEP_SOURCES = {
    "pack": "draft",
    "dispatch": "packed",
    "deliver": "dispatched",
    "acknowledge": "dispatched",
    "cancel": "draft",
    "lose": "dispatched",
    "return": "dispatched",
    "receive": "expected",
    "confirm": "received",
    "cancel_incoming": "expected",
}


def test_every_step_is_fuzzed():
    assert set(STEP_SOURCES) == set(STEPS)


@pytest.mark.parametrize("step", STEP_SOURCES)
@FUZZ
@given(data=st.data())
def test_every_step_form_answers_any_input(world, staff_client, page, step, data):
    shipment = world[STEP_SOURCES[step]]
    url = reverse("shipments:step", args=[shipment.reference, step])
    fields = {
        f"{step}-on": dates(start=datetime.date(1999, 1, 1), end=TODAY + datetime.timedelta(3)),
        f"{step}-note": clean_text(0, 255),
    }
    if step == "dispatch":
        fields["dispatch-method"] = choices(Shipment.Method.values, blank=False)
        fields["dispatch-tracking_number"] = clean_text(0, 64)
    values = data.draw(post_data(st.fixed_dictionaries(fields), page(staff_client, url)))
    with rolled_back():
        assert_handled(staff_client, url, values)
