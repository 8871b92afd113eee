"""Property tests: the agreement, obligation and claim forms and the uploads answer any input."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from exchange.rates.models import RATE_COLUMNS
from partners.models import PARTNER_COLUMNS
from shipments.columns import SHIPMENT_IMPORT_COLUMNS
from tests.property_forms_helpers import assert_handled, choices, dates
from tests.strategies import FUZZ, clean_text, database_state, import_file, post_data, rolled_back


@pytest.fixture
def world(form_world):
    """A partner, an agreement, a rate, a claim and shipments to post to (tests/conftest.py)."""
    return form_world


@pytest.fixture
def page(form_page):
    """The values a form page holds, loaded once per test (tests/conftest.py)."""
    return form_page


# Agreements and obligations (administrators) -------------------------------------------


AGREEMENT = {
    "title": clean_text(1, 80),
    "kind": choices(["agreement", "programme", "library"], blank=False),
    "reference": st.one_of(st.just(""), st.just("CA-0001"), clean_text(0, 20)),
    "countries": st.lists(st.sampled_from(["GB", "FR", "CN", "RU", "BR"]), max_size=3),
    "signed_on": dates(start=datetime.date(1950, 1, 1)),
    "valid_from": dates(start=datetime.date(1950, 1, 1)),
    "valid_to": dates(start=datetime.date(1950, 1, 1), end=datetime.date(2100, 1, 1)),
    "summary": clean_text(0, 300),
}


@pytest.mark.parametrize("action", ["create", "edit"])
@FUZZ
@given(data=st.data())
def test_the_agreement_form_answers_any_input(world, admin_client, page, action, data):
    if action == "create":
        url = reverse("exchange:agreement_create")
    else:
        url = reverse("exchange:agreement_edit", args=[world["agreement"].pk])
    values = data.draw(post_data(st.fixed_dictionaries(AGREEMENT), page(admin_client, url)))
    with rolled_back():
        assert_handled(admin_client, url, values)


@pytest.mark.parametrize("action", ["create", "edit"])
@FUZZ
@given(data=st.data())
def test_the_obligation_form_answers_any_input(world, admin_client, page, action, data):
    if action == "create":
        url = reverse("exchange:obligation_create", args=[world["agreement"].pk])
    else:
        url = reverse("exchange:obligation_edit", args=[world["obligation"].pk])
    fields = {
        "partner": st.sampled_from(["", str(world["partner"].pk), "0"]),
        "direction": choices(["outgoing", "incoming"], blank=False),
        "measure": choices(["items", "titles", "pages", "value"], blank=False),
        "target": st.decimals(min_value="0.01", max_value=10**11, places=2).map(str),
        "period": st.just("year"),
        "description": clean_text(0, 200),
    }
    values = data.draw(post_data(st.fixed_dictionaries(fields), page(admin_client, url)))
    with rolled_back():
        assert_handled(admin_client, url, values)


# Claims (acquisitions staff) ----------------------------------------------------------


@FUZZ
@given(data=st.data())
def test_the_claim_form_answers_any_input(world, staff_client, page, data):
    url = reverse("exchange:claim_create")
    fields = {
        "partner": st.sampled_from(["GB-BL", "FR-BNF", "gb-bl"]),
        "shipment": st.sampled_from(["", "IN-2020-00001", "OUT-2020-00003", "NONE-1"]),
        "claimed_on": dates(),
        "subject": clean_text(1, 300),
    }
    values = data.draw(post_data(st.fixed_dictionaries(fields), page(staff_client, url)))
    with rolled_back():
        assert_handled(staff_client, url, values)


@FUZZ
@given(data=st.data())
def test_the_claim_reply_form_answers_any_input(world, staff_client, page, data):
    url = reverse("exchange:claim_edit", args=[world["claim"].pk])
    fields = {"reply": clean_text(1, 300), "replied_on": dates()}
    values = data.draw(post_data(st.fixed_dictionaries(fields), page(staff_client, url)))
    with rolled_back():
        assert_handled(staff_client, url, values)


# Import uploads ------------------------------------------------------------------------


UPLOADS = {
    "partners": ("admin", PARTNER_COLUMNS),
    "rates": ("admin", RATE_COLUMNS),
    "shipments": ("staff", SHIPMENT_IMPORT_COLUMNS),
}


@pytest.mark.parametrize("kind", UPLOADS)
@FUZZ
@given(data=st.data())
def test_an_upload_is_refused_with_errors_or_previewed_and_confirmed_all_or_nothing(
    world, clients, kind, data
):
    role, columns = UPLOADS[kind]
    client = clients[role]
    name, content = data.draw(import_file(kind, columns), label="file")
    name = data.draw(st.sampled_from([name, name, "notes.txt", "no extension", "é" * 300 + ".csv"]))
    values = {"file": SimpleUploadedFile(name, content)}
    if kind == "shipments" and data.draw(st.booleans()):
        values["replace"] = "on"
    url = reverse(f"exchange:import_{kind}")
    with rolled_back():
        response = assert_handled(client, url, values)
        if response.status_code == 302:
            preview = response["Location"]
            before = database_state()
            confirmed = client.post(f"{preview}confirm/")
            assert confirmed.status_code == 302
            if confirmed["Location"] == preview:  # refused: the preview again, with why
                assert database_state() == before
                assert client.get(preview).status_code == 200
