"""With REDIS_URL: report pages and downloads are kept in the cache, and served from it
while nothing they show has changed.

A page's key is everything it depends on: its URL and query string (the filters, the
sort, the measure), the language, the base currency, the day (presets like "this year" and the flags
depend on it), the user and their permissions and CSRF secret (the page header shows
who is signed in and carries their sign-out form) and the data version
(exchange.balance.summary.data_version): a number that every committed change of partners,
shipments, items or rates moves, whatever made it, so a cached page is never older
than the data. The version is read from the database the report reads from (the
replica, when there is one), so it always matches the figures.

Not cached: anything but a 200 GET of a report, and requests with a message waiting
to be shown.
"""

import hashlib

from django.conf import settings
from django.contrib.messages.storage.cookie import CookieStorage
from django.contrib.messages.storage.session import SessionStorage
from django.core.cache import cache
from django.http import HttpResponse
from django.middleware.csrf import CSRF_SESSION_KEY
from django.utils import timezone

from exchange.balance.summary import data_version
from exchange.reports.replica import is_report, report_database

KEPT_HEADERS = ("Content-Type", "Content-Disposition")


class ReportCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not (settings.EXCHANGE_REPORT_CACHE and is_report(request)) or not _cacheable(request):
            return self.get_response(request)
        key = page_key(request)
        found = cache.get(key)
        if found is not None:
            content, headers = found
            response = HttpResponse(content)
            for name, value in headers.items():
                response[name] = value
            return response
        response = self.get_response(request)
        if response.status_code == 200 and not response.streaming:
            headers = {name: response[name] for name in KEPT_HEADERS if response.has_header(name)}
            cache.set(key, (response.content, headers), settings.EXCHANGE_REPORT_CACHE_SECONDS)
        return response


def _cacheable(request) -> bool:
    """Signed in, with the CSRF secret the page's forms are made from, and no message
    waiting (a cached page would not show it)."""
    if not request.user.is_authenticated or not _csrf_secret(request):
        return False
    waiting = request.COOKIES.get(CookieStorage.cookie_name) or request.session.get(
        SessionStorage.session_key
    )
    return not waiting


def _csrf_secret(request) -> str:
    if settings.CSRF_USE_SESSIONS:
        return request.session.get(CSRF_SESSION_KEY, "")
    return request.COOKIES.get(settings.CSRF_COOKIE_NAME, "")


def page_key(request) -> str:
    user = request.user
    parts = [
        request.path,
        sorted(request.GET.lists()),
        getattr(request, "LANGUAGE_CODE", settings.LANGUAGE_CODE),
        settings.EXCHANGE_BASE_CURRENCY,
        timezone.localdate().isoformat(),
        user.pk,
        sorted(user.get_all_permissions()),
        _csrf_secret(request),
        data_version(report_database()),
    ]
    digest = hashlib.sha256(repr(parts).encode()).hexdigest()
    return f"report-page:{digest}"
