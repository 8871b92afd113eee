"""Reports from the cache (REDIS_URL): a report's table worked out once for every user
while the data are unchanged, a fresh one as soon as anything it shows changes, whatever
changed it; downloads kept whole."""

import datetime
from decimal import Decimal

import pytest
from django.contrib import messages
from django.contrib.messages.storage.base import Message
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from exchange.rates.models import ExchangeRate
from partners.models import Partner
from shipments.items import ShipmentItem
from shipments.models import Shipment
from tests.factories import ItemFactory, PartnerFactory, RateFactory, sent

BALANCE = reverse("exchange:report_balance") + "?period=all"
CSV = reverse("exchange:report_balance", kwargs={"fmt": "csv"}) + "?period=all"


@pytest.fixture(autouse=True)
def report_cache(settings):
    settings.EXCHANGE_REPORT_CACHE = True
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def history(db):
    RateFactory(currency="USD", valid_from=datetime.date(2020, 1, 1), rate=Decimal("7"))
    partner = PartnerFactory(code="GB-BL", name="British Library")
    shipment = sent(partner, datetime.date(2025, 3, 1))
    ItemFactory(shipment=shipment, quantity=2, unit_value=Decimal("5"), currency="USD")
    return partner


def _signed_in(client):
    """The first page sets the CSRF cookie that the pages' sign-out forms are made from."""
    client.get(reverse("exchange:reports"))
    return client


def _queries(client, url) -> tuple[int, bytes]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries), _figures(response.getvalue())


def _figures(content: bytes) -> bytes:
    """A page's table (the page around it, with its CSRF token and the time it was
    made, is rendered for each request); a download whole."""
    if b"<table" not in content:
        return content
    return content[content.index(b"<table") : content.rindex(b"</table>")]


def _get(client, url) -> bytes:
    return _figures(client.get(url).getvalue())


def test_a_report_seen_again_comes_from_the_cache(history, head_client):
    client = _signed_in(head_client)
    first_count, first = _queries(client, BALANCE)
    second_count, second = _queries(client, BALANCE)
    assert second == first
    # The report's queries are gone: its partners and sums.
    assert second_count <= first_count - 2


def test_a_report_is_worked_out_once_for_every_user(history, head_client, admin_client):
    head_count, head = _queries(_signed_in(head_client), BALANCE)
    admin = _signed_in(admin_client)
    admin_count, seen = _queries(admin, BALANCE)
    assert seen == head
    assert admin_count <= head_count - 2
    # The page around the table is the user's: their name, their own CSRF token.
    page = admin.get(BALANCE).content.decode()
    assert (
        "admin" in page
        and admin.cookies["csrftoken"].value != head_client.cookies["csrftoken"].value
    )


def test_the_page_and_the_sort_share_the_table(history, head_client):
    client = _signed_in(head_client)
    cold, _ = _queries(client, BALANCE)
    warm, _ = _queries(client, BALANCE + "&sort=-items_sent&page=1")
    assert warm <= cold - 2


def test_a_table_is_kept_for_each_language(history, head_client):
    client = _signed_in(head_client)
    english = client.get(BALANCE).content.decode()
    client.cookies["django_language"] = "zh-hans"
    chinese = client.get(BALANCE).content.decode()
    assert "英国" in chinese and "英国" not in english


def test_downloads_are_cached_byte_for_byte(history, head_client):
    client = _signed_in(head_client)
    first = client.get(CSV)
    second = client.get(CSV)
    assert second.getvalue() == first.getvalue()
    assert second["Content-Type"] == first["Content-Type"]
    assert second["Content-Disposition"] == first["Content-Disposition"]


def test_each_filter_and_sort_is_a_page_of_its_own(history, head_client):
    client = _signed_in(head_client)
    everyone = _get(client, BALANCE)
    french = _get(client, BALANCE + "&country=FR")
    assert everyone != french
    assert b"GB-BL" in everyone and b"GB-BL" not in french


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize(
    "change",
    [
        lambda partner: ItemFactory(shipment=Shipment.objects.get(), quantity=40),
        lambda partner: ShipmentItem.objects.update(quantity=40),
        lambda partner: ExchangeRate.objects.update(rate=Decimal("40")),
        lambda partner: Partner.objects.filter(pk=partner.pk).update(name="Renamed Library"),
        lambda partner: Shipment.objects.update(postage_cost=Decimal("40")),
        lambda partner: Shipment.objects.update(status="lost"),
    ],
)
def test_any_committed_change_shows_at_once(history, head_client, change):
    client = _signed_in(head_client)
    csv = reverse("exchange:report_costs", kwargs={"by": "partner", "fmt": "csv"})
    pages = [BALANCE, CSV, csv + "?period=all"]
    before = [_get(client, url) for url in pages]
    assert [_get(client, url) for url in pages] == before
    change(history)
    after = [_get(client, url) for url in pages]
    assert after[1:] != before[1:]
    # What a fresh run makes (the page's table too, whether this change shows on it).
    cache.clear()
    assert [_get(client, url) for url in pages] == after


def test_a_waiting_message_is_shown_on_a_page_from_the_cache(history, head_client, rf):
    client = _signed_in(head_client)
    client.get(BALANCE)
    storage = CookieStorage(rf.get("/"))
    client.cookies[CookieStorage.cookie_name] = storage._encode(
        [Message(messages.SUCCESS, "Saved.")]
    )
    assert b"Saved." in client.get(BALANCE).getvalue()
    assert b"Saved." not in client.get(BALANCE).getvalue()


def test_each_user_has_pages_of_their_own(history, head_client, staff_client):
    head = _signed_in(head_client).get(BALANCE).getvalue()
    staff = _signed_in(staff_client).get(BALANCE).getvalue()
    assert b"Zhang" in head and b"Zhang" not in staff


def test_without_the_cache_setting_nothing_is_kept(history, head_client, settings):
    settings.EXCHANGE_REPORT_CACHE = False
    client = _signed_in(head_client)
    first_count, _first = _queries(client, BALANCE)
    second_count, _second = _queries(client, BALANCE)
    assert second_count == first_count
    assert _queries(client, CSV)[0] == _queries(client, CSV)[0]


def test_only_reports_are_cached(history, head_client):
    client = _signed_in(head_client)
    url = reverse("partners:list")
    first_count, _first = _queries(client, url)
    second_count, _second = _queries(client, url)
    assert second_count == first_count


def test_anonymous_visitors_are_sent_to_sign_in_as_before(db, anon_client):
    response = anon_client.get(BALANCE)
    assert response.status_code == 302
    assert reverse("login") in response["Location"]


@pytest.mark.django_db(transaction=True)  # the data version moves as a change commits
def test_the_heads_dashboard_figures_are_shared_while_the_data_are_unchanged(history, head_client):
    """Year on year and the partners most out of balance: worked out once for every
    head, worked out again as soon as a partner or shipment changes."""
    dashboard = reverse("dashboard")
    cold, first = _queries(_signed_in(head_client), dashboard)
    assert "GB-BL" in first.decode()  # sent in 2025, received nothing: sends more
    warm, second = _queries(head_client, dashboard)
    assert warm <= cold - 3 and second == first
    Partner.objects.filter(code="GB-BL").update(status=Partner.Status.ENDED)
    _count, third = _queries(head_client, dashboard)
    assert "GB-BL" not in third.decode()  # worked out again
