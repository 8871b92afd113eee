"""Who may read the reports: signed out, without the permission, and as each role."""

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse

from tests.exchange.reports.views_helpers import FORMATS, REPORTS, url

pytestmark = pytest.mark.django_db


def every_url():
    yield reverse("exchange:reports")
    for report in REPORTS:
        for fmt in FORMATS:
            yield url(report, fmt)


@pytest.fixture
def nobody_client(db):
    client = Client()
    client.force_login(User.objects.create_user(username="nobody", password="x-secret-pass-9"))
    return client


def test_anonymous_users_are_sent_to_sign_in(exchange, anon_client):
    for address in every_url():
        response = anon_client.get(address)
        assert response.status_code == 302, address
        assert response["Location"].startswith(reverse("login")), address


def test_a_signed_in_user_without_the_permission_is_refused(exchange, nobody_client):
    for address in every_url():
        assert nobody_client.get(address).status_code == 403, address


@pytest.mark.parametrize("role", ["staff", "head", "admin"])
def test_every_role_reads_every_report_in_every_format(exchange, clients, role):
    for address in every_url():
        assert clients[role].get(address).status_code == 200, address


def test_the_partner_lookup_goes_to_the_partners_report(exchange, head_client):
    response = head_client.get(reverse("exchange:report_partner_lookup") + "?code=gb-bl")
    assert response.status_code == 302
    assert response["Location"] == url("partner")


def test_an_unknown_partner_code_says_so(exchange, head_client):
    response = head_client.get(
        reverse("exchange:report_partner_lookup") + "?code=XX-NONE", follow=True
    )
    assert "No partner has the code or a name “XX-NONE”." in response.content.decode()
    assert head_client.get(reverse("exchange:report_partner", args=["XX-NONE"])).status_code == 404


def test_the_index_links_every_report(exchange, head_client):
    content = head_client.get(reverse("exchange:reports")).content.decode()
    for report in REPORTS:
        if report != "partner":
            assert f'href="{url(report)}"' in content, report
