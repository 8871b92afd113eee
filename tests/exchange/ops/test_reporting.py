"""Errors go to Sentry only when SENTRY_DSN is set; nothing is initialised otherwise."""

import subprocess
import sys

import sentry_sdk
from django.conf import settings
from sentry_sdk.integrations.django import DjangoIntegration

from exchange.ops import reporting

DSN = "https://public@sentry.example.org/1"


def test_without_a_dsn_nothing_is_initialised(monkeypatch):
    calls = []
    monkeypatch.setattr(sentry_sdk, "init", lambda **options: calls.append(options))
    assert reporting.init_error_reporting({}) is False
    assert reporting.init_error_reporting({"SENTRY_DSN": " "}) is False
    assert calls == []


def test_the_test_settings_have_no_client():
    assert settings.SENTRY_ENABLED is False
    assert not sentry_sdk.get_client().is_active()


def sdk_active_under_settings(**env) -> str:
    code = "import django, sentry_sdk; django.setup(); print(sentry_sdk.get_client().is_active())"
    env = {"DJANGO_SETTINGS_MODULE": "exchange.config.settings", "PATH": "/usr/bin:/bin", **env}
    result = subprocess.run(
        [sys.executable, "-c", code],
        env=env,
        capture_output=True,
        text=True,
        check=True,
        cwd=settings.BASE_DIR,
    )
    return result.stdout.strip()


def test_settings_without_the_variable_leave_the_sdk_uninitialised():
    assert sdk_active_under_settings() == "False"


def test_settings_with_the_variable_initialise_it():
    assert sdk_active_under_settings(SENTRY_DSN=DSN) == "True"


def test_with_a_dsn_it_is_initialised_with_the_environment_and_no_personal_data(monkeypatch):
    calls = []
    monkeypatch.setattr(sentry_sdk, "init", lambda **options: calls.append(options))
    environ = {
        "SENTRY_DSN": DSN,
        "SENTRY_ENVIRONMENT": "staging",
        "SENTRY_RELEASE": "2026.12.1",
        "SENTRY_TRACES_SAMPLE_RATE": "0.05",
    }
    assert reporting.init_error_reporting(environ) is True
    [options] = calls
    assert options["dsn"] == DSN
    assert options["environment"] == "staging"
    assert options["release"] == "2026.12.1"
    # SDK 3's send_default_pii=False: nothing about the user, no bodies, no cookies.
    collection = options["data_collection"]
    assert collection["user_info"] is False
    assert collection["http_bodies"] == []
    assert collection["cookies"] == {"mode": "off"}
    assert collection["url_query_params"] == {"mode": "off"}
    assert collection["stack_frame_variables"] is False
    assert options["traces_sample_rate"] == 0.05
    assert [type(i) for i in options["integrations"]] == [DjangoIntegration]


def test_the_defaults_are_production_no_release_and_no_traces(monkeypatch):
    calls = []
    monkeypatch.setattr(sentry_sdk, "init", lambda **options: calls.append(options))
    reporting.init_error_reporting({"SENTRY_DSN": DSN})
    assert calls[0]["environment"] == "production"
    assert calls[0]["release"] is None
    assert calls[0]["traces_sample_rate"] == 0.0
