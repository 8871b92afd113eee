"""A user's own settings page: the weekly e-mail of what is overdue."""

import pytest
from django.urls import reverse

from exchange.core.models import UserPreference

URL = reverse("my_settings")


@pytest.mark.parametrize("role", ["staff", "head", "admin"])
def test_every_role_switches_the_weekly_digest_on_and_off_for_itself(clients, role):
    client = clients[role]
    response = client.post(URL, {"overdue_digest": "on"}, follow=True)
    assert "Your settings were saved." in response.content.decode()
    preference = UserPreference.objects.get(user__username=role)
    assert preference.overdue_digest is True
    client.post(URL, {})
    preference.refresh_from_db()
    assert preference.overdue_digest is False
    # Nobody else's settings changed.
    assert not UserPreference.objects.exclude(user__username=role).filter(overdue_digest=True)


def test_the_page_says_where_the_digest_goes(clients, staff_user):
    staff_user.email = "wang.fang@example.org"
    staff_user.save()
    page = clients["staff"].get(URL).content.decode()
    assert "Sent to wang.fang@example.org." in page
    staff_user.email = ""
    staff_user.save()
    page = clients["staff"].get(URL).content.decode()
    assert "Your account has no e-mail address" in page


def test_reading_the_page_writes_nothing(clients):
    before = list(UserPreference.objects.values())
    assert clients["head"].get(URL).status_code == 200
    assert list(UserPreference.objects.values()) == before


def test_anonymous_is_sent_to_sign_in(client):
    response = client.get(URL)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_the_name_in_the_header_leads_to_the_settings(clients):
    page = clients["staff"].get(reverse("dashboard")).content.decode()
    assert f'href="{URL}"' in page


def test_the_page_is_in_chinese(clients):
    client = clients["staff"]
    client.cookies["django_language"] = "zh-hans"
    page = client.get(URL).content.decode()
    assert "每周给我发送逾期事项邮件" in page
