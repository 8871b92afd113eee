"""Careless or hostile requests get a 404 or a form error, never a server error; the
server error page itself is the application's, in the user's language."""

from decimal import Decimal

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.urls import reverse

from exchange.core.codes import validate_url_part
from exchange.core.views import attachment
from exchange.ops.errors import server_error
from tests.factories import ItemFactory, PartnerFactory, ShipmentFactory
from tests.html_forms import form_data

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "url",
    [
        "/partners/%00/",
        "/shipments/X%00/edit/",
        "/admin/partners/partner/?country__exact=%00",
        "/partners/?q=%00",
    ],
)
def test_a_nul_in_the_address_is_not_found(admin_client, url):
    assert admin_client.get(url).status_code == 404


@pytest.mark.parametrize(
    "period", [{"end": "0001-01-01"}, {"start": "9999-12-31"}, {"start": "0001-01-01"}]
)
def test_a_report_period_at_the_ends_of_the_calendar_is_a_form_error(head_client, period):
    response = head_client.get(reverse("exchange:report_balance"), {"period": "custom", **period})
    assert response.status_code == 200
    assert "Give a date between 1000-01-01 and 2999-12-31." in response.content.decode()


def test_the_balance_command_refuses_such_a_date():
    with pytest.raises(CommandError, match="between 1000-01-01 and 2999-12-31"):
        call_command("balance_report", "--to", "0001-01-01")


@pytest.mark.parametrize("code", [".", "..", "A B", "X\r\nY", "=1+1", "A%B", "A?B", "A#B"])
def test_codes_and_references_keep_to_a_safe_alphabet(code):
    with pytest.raises(ValidationError):
        validate_url_part(code)


@pytest.mark.parametrize("code", ["GB-BL", "OUT-2026-00001", "A_B.1", "京都-1"])
def test_letters_digits_dash_underscore_and_dot_are_fine(code):
    validate_url_part(code)


def test_a_download_named_after_an_odd_code_has_a_valid_header(head_client):
    partner = PartnerFactory(code="X\r\nY")  # stored before codes were checked
    ShipmentFactory(partner=partner)
    response = head_client.get(reverse("exchange:report_partner", args=[partner.code, "csv"]))
    assert response.status_code == 200
    header = response["Content-Disposition"]
    assert "\r" not in header and "\n" not in header
    assert "filename*=UTF-8''" in header


def test_a_non_latin_name_is_given_as_utf8_with_an_ascii_fallback():
    assert attachment("balance_京都.csv") == (
        "attachment; filename=\"balance___.csv\"; filename*=UTF-8''balance_%E4%BA%AC%E9%83%BD.csv"
    )
    assert attachment("balance_GB-BL.csv") == 'attachment; filename="balance_GB-BL.csv"'


def test_the_server_error_page_speaks_the_users_language_and_shows_no_data():
    response = server_error(RequestFactory().get("/"))
    page = response.content.decode()
    assert response.status_code == 500
    assert "Something went wrong" in page and "出错了" not in page
    chinese = RequestFactory().get("/")
    chinese.COOKIES[settings.LANGUAGE_COOKIE_NAME] = "zh-hans"
    assert "出错了" in server_error(chinese).content.decode()
    assert "{{" not in render_to_string("500.html")


@pytest.mark.parametrize("value", ["sNaN", "NaN", "Infinity"])
def test_a_value_that_is_no_number_is_a_form_error_on_an_item(staff_client, value):
    shipment = ShipmentFactory(direction="incoming", status="expected", partner=PartnerFactory())
    ItemFactory(shipment=shipment, unit_value=Decimal("1.00"), currency="USD")
    edit = reverse("shipments:edit", args=[shipment.reference])
    data = form_data(staff_client.get(edit).content.decode(), "version")
    response = staff_client.post(edit, {**data, "items-0-unit_value": value})
    assert response.status_code == 200
    assert "Enter a number." in response.content.decode()
