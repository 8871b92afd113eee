"""In production (DEBUG=0) the errors are the application's own pages, in the user's
language: 404, 403, a form refused for its CSRF token, and the server error, which is
rendered without the database."""

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from tests.factories import ShipmentFactory
from tests.i18n_helpers import ZH

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.exchange.ops.error_urls")]


def in_chinese(client: Client) -> Client:
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = ZH
    return client


@pytest.fixture
def production(settings):
    settings.DEBUG = False
    settings.ALLOWED_HOSTS = ["testserver"]


def failing_client() -> Client:
    return Client(raise_request_exception=False)


@pytest.mark.parametrize(
    ("chinese", "title", "text"),
    [
        (False, "Something went wrong", "The server could not complete this request."),
        (True, "出错了", "服务器未能完成这个请求。"),
    ],
)
def test_a_server_error_is_our_page_in_the_cookies_language(production, chinese, title, text):
    client = failing_client()
    if chinese:
        in_chinese(client)
    response = client.get("/fail/")
    page = response.content.decode()
    assert response.status_code == 500
    assert title in page and text in page
    assert f'<html lang="{ZH if chinese else "en"}">' in page
    assert "boom" not in page and "Traceback" not in page


def test_the_server_error_page_needs_no_database(production, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = failing_client().get("/fail/")
    assert response.status_code == 500
    assert "Something went wrong" in response.content.decode()


def test_a_signed_in_users_chinese_gives_a_chinese_server_error(production, staff_user):
    client = failing_client()
    client.force_login(staff_user)
    client.post(reverse("set_language"), {"language": ZH, "next": "/"})
    assert "出错了" in client.get("/fail/").content.decode()


@pytest.mark.parametrize(
    ("chinese", "text"),
    [(False, "There is nothing at this address."), (True, "此地址没有内容")],
)
def test_an_unknown_address_is_our_404_in_the_users_language(
    production, staff_client, chinese, text
):
    if chinese:
        in_chinese(staff_client)
    response = staff_client.get("/shipments/OUT-0000-99999/")
    assert response.status_code == 404
    assert text in response.content.decode()
    assert 'class="main-nav"' in response.content.decode()


@pytest.mark.parametrize(
    ("chinese", "text"), [(False, "You may not do this"), (True, "您无权执行此操作")]
)
def test_a_refused_permission_is_our_403_in_the_users_language(
    production, head_client, chinese, text
):
    if chinese:
        in_chinese(head_client)
    shipment = ShipmentFactory(status="draft")
    response = head_client.get(reverse("shipments:edit", args=[shipment.reference]))
    assert response.status_code == 403
    assert text in response.content.decode()


@pytest.mark.parametrize(
    ("chinese", "text"),
    [(False, "The form could not be sent"), (True, "表单未能提交")],
)
def test_a_form_refused_for_its_csrf_token_is_our_page_in_the_users_language(
    production, staff_user, chinese, text
):
    client = Client(enforce_csrf_checks=True)
    client.force_login(staff_user)
    if chinese:
        in_chinese(client)
    response = client.post(reverse("shipments:create_outgoing"), {})
    page = response.content.decode()
    assert response.status_code == 403
    assert text in page and "CSRF" in page
    assert "Django" not in page


def test_signing_in_with_an_old_form_says_what_to_do(production, staff_user):
    client = Client(enforce_csrf_checks=True)
    response = client.post(reverse("login"), {"username": "staff", "password": "x"})
    assert response.status_code == 403
    assert "Go back, reload the page and send the form again." in response.content.decode()
