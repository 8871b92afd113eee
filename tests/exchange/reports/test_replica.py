"""Several hosts: reports read from a replica (a second connection here), sessions and
the cache are shared (Redis), and the settings follow the environment."""

import datetime
import json
import os
import socket
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest
from django.db import DEFAULT_DB_ALIAS, connections
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from exchange.reports.replica import REPLICA, ReportReplicaRouter, reading_reports, report_database
from shipments.models import Shipment
from tests.factories import ItemFactory, PartnerFactory, sent

ROOT = Path(__file__).resolve().parents[3]
ROUTERS = ["exchange.reports.replica.ReportReplicaRouter"]


REPLICA_DB = pytest.mark.django_db(transaction=True, databases=[DEFAULT_DB_ALIAS, REPLICA])


@pytest.fixture(scope="module", autouse=True)
def replica_alias(django_db_setup):
    """A second connection alias to the test database, as DATABASE_REPLICA_URL makes: a
    mirror of the default one for the test set-up, a connection of its own for reads."""
    default = connections[DEFAULT_DB_ALIAS].settings_dict
    connections.settings[REPLICA] = {**default, "TEST": {**default["TEST"], "MIRROR": "default"}}
    yield
    connections[REPLICA].close()
    del connections[REPLICA]
    del connections.settings[REPLICA]


@pytest.fixture
def replica(settings):
    """Reports routed to the replica."""
    settings.DATABASE_ROUTERS = ROUTERS
    return connections[REPLICA]


def test_without_the_router_every_read_goes_to_the_primary():
    with reading_reports():
        assert report_database() == DEFAULT_DB_ALIAS


def test_only_reads_within_a_report_go_to_the_replica(replica):
    router = ReportReplicaRouter()
    assert router.db_for_read(Shipment) is None
    with reading_reports():
        assert router.db_for_read(Shipment) == REPLICA
        assert router.db_for_write(Shipment) == DEFAULT_DB_ALIAS
    assert router.db_for_read(Shipment) is None
    assert router.allow_migrate(DEFAULT_DB_ALIAS, "shipments")
    assert not router.allow_migrate(REPLICA, "shipments")


@REPLICA_DB
def test_report_pages_read_from_the_replica_and_other_pages_from_the_primary(replica, head_client):
    partner = PartnerFactory(code="GB-BL")
    ItemFactory(shipment=sent(partner, datetime.date(2025, 3, 1)), quantity=4)
    csv_url = reverse("exchange:report_balance", kwargs={"fmt": "csv"}) + "?period=all"
    with (
        CaptureQueriesContext(replica) as on_replica,
        CaptureQueriesContext(connections[DEFAULT_DB_ALIAS]) as on_primary,
    ):
        response = head_client.get(csv_url)
    assert response.status_code == 200
    assert b"GB-BL" in response.content
    assert any("exchange_balancesummary" in q["sql"] for q in on_replica.captured_queries)
    assert not any("exchange_balancesummary" in q["sql"] for q in on_primary.captured_queries)
    # The session and the signed-in user come from the primary.
    assert any("django_session" in q["sql"] for q in on_primary.captured_queries)
    with CaptureQueriesContext(replica) as on_replica:
        assert head_client.get(reverse("partners:list")).status_code == 200
    assert not on_replica.captured_queries


@REPLICA_DB
def test_every_report_page_answers_through_the_replica(replica, head_client):
    partner = PartnerFactory(code="GB-BL")
    shipment = sent(partner, datetime.date(2025, 3, 1))
    ItemFactory(shipment=shipment, quantity=2, unit_value=Decimal("3"), currency="CNY")
    urls = [
        reverse("exchange:report_balance") + "?period=all",
        reverse("exchange:report_partner", args=["GB-BL"]),
        reverse("exchange:report_summary", args=["country"]),
        reverse("exchange:report_trends"),
        reverse("exchange:report_costs", args=["partner"]),
    ]
    for url in urls:
        with CaptureQueriesContext(replica) as on_replica:
            assert head_client.get(url).status_code == 200, url
        assert on_replica.captured_queries, url


def _settings_of(environment: dict) -> dict:
    """Settings as a host started with this environment has them."""
    env = {k: v for k, v in os.environ.items() if k not in ("REDIS_URL", "DATABASE_REPLICA_URL")}
    script = (
        "import json, django; django.setup(); from django.conf import settings;"
        " print(json.dumps({'caches': settings.CACHES['default']['BACKEND'],"
        " 'session': settings.SESSION_ENGINE, 'databases': sorted(settings.DATABASES),"
        " 'routers': settings.DATABASE_ROUTERS, 'report_cache': settings.EXCHANGE_REPORT_CACHE}))"
    )
    done = subprocess.run(
        [sys.executable, "-c", script],
        cwd=ROOT,
        env={**env, **environment, "DJANGO_SETTINGS_MODULE": "exchange.config.settings"},
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(done.stdout)


def test_by_default_sessions_are_in_the_database_and_there_is_no_replica():
    found = _settings_of({})
    assert found == {
        "caches": "django.core.cache.backends.locmem.LocMemCache",
        "session": "django.contrib.sessions.backends.db",
        "databases": ["default"],
        "routers": [],
        "report_cache": False,
    }


def test_redis_and_a_replica_come_from_the_environment():
    found = _settings_of(
        {
            "REDIS_URL": "redis://127.0.0.1:6379/0",
            "DATABASE_REPLICA_URL": "postgres://reader@replica.example.org:5432/exchange",
        }
    )
    assert found == {
        "caches": "django.core.cache.backends.redis.RedisCache",
        "session": "django.contrib.sessions.backends.cached_db",
        "databases": ["default", "replica"],
        "routers": ROUTERS,
        "report_cache": True,
    }


def _redis_is_up() -> bool:
    try:
        socket.create_connection(("127.0.0.1", 6379), timeout=0.5).close()
    except OSError:
        return False
    return True


@pytest.mark.skipif(not _redis_is_up(), reason="no Redis on 127.0.0.1:6379")
def test_sessions_and_pages_go_through_a_real_redis(settings, head_user):
    from django.core.cache import caches
    from django.test import Client

    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:6379/15",
            "KEY_PREFIX": f"test-{os.getpid()}",
        }
    }
    settings.SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
    settings.EXCHANGE_REPORT_CACHE = True
    client = Client()
    client.force_login(head_user)
    url = reverse("exchange:report_balance")
    client.get(url)  # sets the CSRF cookie the page's sign-out form needs
    first = client.get(url)
    second = client.get(url)
    assert first.status_code == second.status_code == 200
    table = slice(first.content.index(b"<table"), first.content.rindex(b"</table>"))
    assert first.content[table] == second.content[table]  # the table kept in Redis
    caches["default"].clear()
