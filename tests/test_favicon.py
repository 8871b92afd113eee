"""The site's icon: named by every page, and /favicon.ico for pages that name none
(the admin's), so that no browser console shows a missing icon."""

from django.contrib.staticfiles import finders
from django.urls import reverse


def test_every_page_names_the_icon_and_it_exists(staff_client):
    page = staff_client.get(reverse("dashboard")).content.decode()
    assert '<link rel="icon" href="/static/img/favicon.svg" type="image/svg+xml">' in page
    assert finders.find("img/favicon.svg")


def test_favicon_ico_leads_to_the_icon(anon_client):
    response = anon_client.get("/favicon.ico")
    assert response.status_code == 302 and response["Location"] == "/static/img/favicon.svg"
