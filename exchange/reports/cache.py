"""With REDIS_URL: reports are worked out once for everyone and kept in the cache while
nothing they show has changed.

- A report page's **table** (its rows, totals and flags, before a page of it is cut
  and sorted) is kept under a key of the report, its filters (the query string but the
  page and the sort), the language, the base currency, the day (presets like "this
  year" and the flags depend on it) and the data version
  (exchange.balance.summary.data_version): a number that every committed change of
  partners, shipments, items or rates moves, whatever made it, so a kept table is never
  older than the data. Never by the user: the page around it (who is signed in, the
  forms and their CSRF token, a message waiting) is rendered for each request.
- A **download** (CSV, XLSX) is kept whole under the same key, with the permissions of
  the user's role in place of the language-neutral table (a user without them is
  refused by the view, never served from the cache).

The version is read from the database the report reads from (the replica, when there
is one), so it always matches the figures.
"""

import hashlib

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse
from django.urls import resolve
from django.utils import timezone
from django.utils.translation import get_language

from exchange.balance.summary import data_version
from exchange.reports.replica import is_report, report_database

KEPT_HEADERS = ("Content-Type", "Content-Disposition")


def cached_table(view, compute):
    """The view's table from the cache, else `compute()`d and kept."""
    if not settings.EXCHANGE_REPORT_CACHE:
        return compute()
    key = _key("report-table", view.request, exclude=("page", "sort"))
    table = cache.get(key)
    if table is None:
        table = compute()
        cache.set(key, table, settings.EXCHANGE_REPORT_CACHE_SECONDS)
    return table


def cached_figures(name: str, compute):
    """Figures of no request (a dashboard panel) from the cache, else `compute()`d and
    kept: under their name, the language, the base currency, the day and the data
    version, like a report's table."""
    if not settings.EXCHANGE_REPORT_CACHE:
        return compute()
    parts = [
        name,
        get_language(),
        settings.EXCHANGE_BASE_CURRENCY,
        timezone.localdate().isoformat(),
        data_version(report_database()),
    ]
    key = "figures:" + hashlib.sha256(repr(parts).encode()).hexdigest()
    figures = cache.get(key)
    if figures is None:
        figures = compute()
        cache.set(key, figures, settings.EXCHANGE_REPORT_CACHE_SECONDS)
    return figures


class ReportCacheMiddleware:
    """Downloads of reports served from the cache (pages keep their tables instead)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not (settings.EXCHANGE_REPORT_CACHE and _is_download(request)):
            return self.get_response(request)
        key = file_key(request)
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


def _is_download(request) -> bool:
    if not (is_report(request) and request.user.is_authenticated):
        return False
    return resolve(request.path_info).kwargs.get("fmt") in ("csv", "xlsx")


def file_key(request) -> str:
    return _key("report-file", request, extra=sorted(request.user.get_all_permissions()))


def _key(kind: str, request, *, exclude=(), extra=()) -> str:
    match = resolve(request.path_info)
    kwargs = {name: value for name, value in match.kwargs.items() if name != "fmt"}
    parts = [
        match.url_name,
        sorted(kwargs.items()),
        match.kwargs.get("fmt") if kind == "report-file" else None,
        sorted((name, values) for name, values in request.GET.lists() if name not in exclude),
        getattr(request, "LANGUAGE_CODE", settings.LANGUAGE_CODE),
        settings.EXCHANGE_BASE_CURRENCY,
        timezone.localdate().isoformat(),
        list(extra),
        data_version(report_database()),
    ]
    digest = hashlib.sha256(repr(parts).encode()).hexdigest()
    return f"{kind}:{digest}"
