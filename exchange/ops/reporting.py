"""Error reporting to Sentry, only when SENTRY_DSN is set: without it the SDK is not
initialised and nothing is sent anywhere.

Sent: unhandled exceptions and log lines at ERROR, with the environment
(SENTRY_ENVIRONMENT) and the release (SENTRY_RELEASE); never personal data. SDK 3
replaced `send_default_pii=False` with `data_collection`, which collects the user,
bodies and query strings unless told not to: `NO_PERSONAL_DATA` turns each off (no
user, no cookies, no form or file data, no search terms, no SQL parameters, no local
variables of the stack frames, which may hold a partner's or a user's details).
Performance traces are sampled at SENTRY_TRACES_SAMPLE_RATE (0 by default: none).
"""

from collections.abc import Mapping

import sentry_sdk
from sentry_sdk.integrations.django import DjangoIntegration

NO_PERSONAL_DATA = {
    "user_info": False,
    "cookies": {"mode": "off"},
    "http_bodies": [],
    "url_query_params": {"mode": "off"},
    "database_query_data": False,
    "stack_frame_variables": False,
}


def init_error_reporting(environ: Mapping[str, str]) -> bool:
    """Initialise Sentry's SDK from the environment; False, doing nothing, without a DSN."""
    dsn = environ.get("SENTRY_DSN", "").strip()
    if not dsn:
        return False
    sentry_sdk.init(
        dsn=dsn,
        integrations=[DjangoIntegration()],
        environment=environ.get("SENTRY_ENVIRONMENT", "production"),
        release=environ.get("SENTRY_RELEASE") or None,
        data_collection=NO_PERSONAL_DATA,
        traces_sample_rate=float(environ.get("SENTRY_TRACES_SAMPLE_RATE") or 0),
    )
    return True
