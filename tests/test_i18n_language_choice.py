"""The language switcher, the default language, and the choice remembered on the account."""

import re

import pytest
from django.conf import settings
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from exchange.core.models import UserPreference
from exchange.core.preferences import SESSION_KEY
from tests.i18n_helpers import ZH, chinese


@pytest.fixture
def world(i18n_world):
    """The records in Chinese, Russian, Arabic and romanised forms (tests/conftest.py)."""
    return i18n_world


def test_the_default_language_is_the_setting_not_the_browsers(client, settings, db):
    page = client.get(reverse("login"), HTTP_ACCEPT_LANGUAGE="zh-CN,zh;q=0.9")
    assert page.content.decode().count('<html lang="en">') == 1
    settings.LANGUAGE_CODE = ZH
    page = client.get(reverse("login"), HTTP_ACCEPT_LANGUAGE="en-GB")
    assert '<html lang="zh-hans">' in page.content.decode()
    assert "登录" in page.content.decode()


def test_the_switcher_names_each_language_in_itself_and_marks_the_current_one(staff_client):
    html = chinese(staff_client).get(reverse("dashboard")).content.decode()
    assert (
        '<button type="submit" name="language" value="en" lang="en" '
        'class="language-switcher__option">English</button>'
    ) in html
    assert (
        'value="zh-hans" lang="zh-hans" class="language-switcher__option" '
        'aria-current="true">简体中文<'
    ) in html
    assert f'action="{reverse("set_language")}"' in html
    assert 'name="next" value="/"' in html


def test_choosing_a_language_is_remembered_on_the_account(staff_client, staff_user):
    response = staff_client.post(
        reverse("set_language"), {"language": ZH, "next": reverse("partners:list")}
    )
    assert response.status_code == 302 and response["Location"] == reverse("partners:list")
    assert UserPreference.objects.get(user=staff_user).language == ZH
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == ZH
    staff_client.cookies.pop(settings.LANGUAGE_COOKIE_NAME)
    assert '<html lang="zh-hans">' in staff_client.get(reverse("dashboard")).content.decode()
    staff_client.post(reverse("set_language"), {"language": "en", "next": "/"})
    assert UserPreference.objects.get(user=staff_user).language == "en"


def test_a_language_we_do_not_have_is_ignored(staff_client, staff_user):
    staff_client.post(reverse("set_language"), {"language": "fr", "next": "/"})
    assert not UserPreference.objects.filter(user=staff_user).exists()
    assert '<html lang="en">' in staff_client.get(reverse("dashboard")).content.decode()


def test_before_signing_in_the_choice_is_kept_in_the_cookie_only(anon_client, db):
    response = anon_client.post(
        reverse("set_language"), {"language": ZH, "next": "/accounts/login/"}
    )
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == ZH
    assert not UserPreference.objects.exists()
    assert "用户名" in anon_client.get(reverse("login")).content.decode()


def test_signing_in_brings_back_the_users_language_on_any_browser(staff_user):
    UserPreference.objects.create(user=staff_user, language=ZH)
    browser = Client()  # a new workstation: no cookie, English by default
    assert '<html lang="en">' in browser.get(reverse("login")).content.decode()
    response = browser.post(reverse("login"), {"username": "staff", "password": "x-secret-pass-9"})
    assert response.status_code == 302
    assert browser.session[SESSION_KEY] == ZH
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == ZH
    assert '<html lang="zh-hans">' in browser.get(reverse("dashboard")).content.decode()
    # Signed out, the sign-in page stays in the user's language (the cookie).
    browser.post(reverse("logout"))
    assert "用户名" in browser.get(reverse("login")).content.decode()


def test_the_users_choice_wins_over_the_cookie(staff_user):
    UserPreference.objects.create(user=staff_user, language="en")
    browser = Client()
    browser.force_login(staff_user)
    chinese(browser)
    assert '<html lang="en">' in browser.get(reverse("dashboard")).content.decode()


def test_the_remembered_language_costs_no_query(staff_user, world):
    """The same queries for a page whatever the user chose: the choice is read from
    the session, which the page loads anyway."""

    def queries_of_a_page(preference):
        UserPreference.objects.filter(user=staff_user).delete()
        if preference:
            UserPreference.objects.create(user=staff_user, language=preference)
        browser = Client()
        browser.force_login(staff_user)
        with CaptureQueriesContext(connection) as queries:
            page = browser.get(reverse("shipments:list"))
        assert page.status_code == 200
        return [re.sub(r"'[^']*'|\b\d+\b", "?", q["sql"]) for q in queries.captured_queries]

    without = queries_of_a_page(None)
    assert queries_of_a_page("en") == without
    assert queries_of_a_page(ZH) == without
    assert not any("exchange_userpreference" in sql for sql in without)
