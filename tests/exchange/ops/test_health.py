"""/healthz: 200 when every part is well, 503 naming the part that is not; no sign-in,
no data, answered before the host check and the HTTPS redirect."""

import logging

import pytest
from django.core.cache.backends.filebased import FileBasedCache
from django.db import connection
from django.test import Client

pytestmark = pytest.mark.django_db

FAKE = "tests.exchange.ops.test_health.check_fake"
BROKEN = "tests.exchange.ops.test_health.check_broken"
fake_reason = None


def check_fake():
    return fake_reason


def check_broken():
    raise RuntimeError("secret-host.internal:6379 refused")


@pytest.fixture
def fake(settings):
    global fake_reason
    settings.HEALTH_CHECKS = [FAKE]
    fake_reason = None
    yield
    fake_reason = None


def test_all_well_is_200_naming_each_part(anon_client, fake):
    response = anon_client.get("/healthz")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"status": "ok", "checks": {"database": "ok", "fake": "ok"}}
    assert "no-cache" in response["Cache-Control"]


def test_a_failing_extra_check_is_503_naming_it_and_the_reason_goes_to_the_log(
    anon_client, fake, caplog
):
    global fake_reason
    fake_reason = "no heartbeat for 300 s"
    response = anon_client.get("/healthz")
    assert response.status_code == 503
    assert response.json() == {"status": "failing", "checks": {"database": "ok", "fake": "failing"}}
    assert "no heartbeat" not in response.content.decode()
    assert "fake: no heartbeat for 300 s" in caplog.text
    # A WARNING, not an ERROR at every probe (an ERROR is an event in Sentry).
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]


def test_a_check_that_raises_is_failing_and_tells_nothing(anon_client, settings):
    settings.HEALTH_CHECKS = [BROKEN]
    response = anon_client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["checks"]["broken"] == "failing"
    assert "secret-host" not in response.content.decode()


def test_the_database_down_is_503_naming_it(anon_client, monkeypatch):
    def refuse(*args, **kwargs):
        raise connection.Database.OperationalError("connection refused")

    monkeypatch.setattr(connection, "cursor", refuse)
    response = anon_client.get("/healthz")
    assert response.status_code == 503
    assert response.json() == {"status": "failing", "checks": {"database": "failing"}}


def test_a_shared_cache_is_checked(anon_client, settings):
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": "/tmp/exchange-healthz-cache",
        }
    }
    assert anon_client.get("/healthz").json()["checks"] == {"database": "ok", "cache": "ok"}


class ForgetfulCache(FileBasedCache):
    def get(self, key, default=None, version=None):
        return default


def test_a_shared_cache_that_loses_values_is_failing(anon_client, settings):
    settings.CACHES = {
        "default": {
            "BACKEND": "tests.exchange.ops.test_health.ForgetfulCache",
            "LOCATION": "/tmp/exchange-healthz-cache",
        }
    }
    response = anon_client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["checks"]["cache"] == "failing"


def test_plain_text_when_asked(anon_client, fake):
    response = anon_client.get("/healthz", headers={"Accept": "text/plain"})
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert response.content.decode() == "ok\ndatabase ok\nfake ok\n"
    assert anon_client.get("/healthz?format=text").content.decode().startswith("ok\n")


@pytest.mark.parametrize("role_client", ["anon_client", "staff_client", "admin_client"])
def test_anyone_may_ask_without_signing_in(request, role_client):
    assert request.getfixturevalue(role_client).get("/healthz").status_code == 200


def test_answered_for_any_host_over_plain_http_in_production(settings):
    settings.ALLOWED_HOSTS = ["exchange.example.org"]
    settings.SECURE_SSL_REDIRECT = True
    settings.DEBUG = False
    response = Client(HTTP_HOST="10.0.0.7").get("/healthz")
    assert response.status_code == 200
    # Any other page still redirects and checks the host.
    assert Client(HTTP_HOST="10.0.0.7").get("/").status_code == 400


def test_many_probes_are_never_throttled_nor_counted(anon_client):
    from axes.models import AccessAttempt

    for _ in range(20):
        assert anon_client.get("/healthz").status_code == 200
    assert not AccessAttempt.objects.exists()


def test_a_post_is_refused(anon_client):
    assert anon_client.post("/healthz").status_code == 405


def test_no_session_and_no_language_cookie(anon_client):
    response = anon_client.get("/healthz")
    assert not response.cookies


def test_a_head_request_is_answered_too(anon_client):
    assert anon_client.head("/healthz").status_code == 200


def test_by_default_the_job_worker_is_checked(anon_client, settings):
    from django.conf import settings as configured

    from exchange.config import settings as module
    from exchange.jobs.health import beat

    # The setting as the project configures it, not as the test suite's fixture left it.
    assert module.HEALTH_CHECKS == ["exchange.jobs.health.check_worker"]
    settings.HEALTH_CHECKS = module.HEALTH_CHECKS
    answer = anon_client.get("/healthz")
    assert answer.status_code == 503
    assert answer.json()["checks"]["worker"] == "failing"
    beat("host-1:123")
    answer = anon_client.get("/healthz")
    assert answer.status_code == 200, answer.json()
    assert answer.json()["checks"]["worker"] == "ok"
    assert configured.HEALTH_CHECKS == module.HEALTH_CHECKS
