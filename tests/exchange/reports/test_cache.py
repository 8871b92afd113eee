"""Report pages from the cache (REDIS_URL): the same page while the data are unchanged,
a fresh one as soon as anything they show changes, whatever changed it."""

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
    return len(queries), response.getvalue()


def test_a_report_seen_again_comes_from_the_cache(history, head_client):
    client = _signed_in(head_client)
    first_count, first = _queries(client, BALANCE)
    second_count, second = _queries(client, BALANCE)
    assert second == first
    # The session, the user, their permissions and the data version; no report query.
    assert second_count < first_count
    assert second_count <= 5


def test_downloads_are_cached_byte_for_byte(history, head_client):
    client = _signed_in(head_client)
    first = client.get(CSV)
    second = client.get(CSV)
    assert second.getvalue() == first.getvalue()
    assert second["Content-Type"] == first["Content-Type"]
    assert second["Content-Disposition"] == first["Content-Disposition"]


def test_each_filter_and_sort_is_a_page_of_its_own(history, head_client):
    client = _signed_in(head_client)
    everyone = client.get(BALANCE).getvalue()
    french = client.get(BALANCE + "&country=FR").getvalue()
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
    before = [client.get(url).getvalue() for url in pages]
    assert [client.get(url).getvalue() for url in pages] == before
    change(history)
    after = [client.get(url).getvalue() for url in pages]
    assert after[0] != before[0]
    assert after[1:] != before[1:]
    # The downloads (the page carries the time it was made) are what a fresh run makes.
    cache.clear()
    assert [client.get(url).getvalue() for url in pages[1:]] == after[1:]


def test_a_waiting_message_is_shown_not_a_cached_page(history, head_client, rf):
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
