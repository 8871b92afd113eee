"""`/healthz`: is this host fit to serve? For the load balancer (docs/deployment.md).

Each part is checked: the database (a trivial query), the cache where it is shared
(Redis: a value set and read back; the local memory cache needs no check), and every
function named in `settings.HEALTH_CHECKS` (a dotted path; the function returns None
when all is well, else a short reason). The answer is 200 when all are well, else 503;
it names each part with "ok" or "failing" and nothing else (no sign-in, no data). Why a
part fails goes to the log, never into the answer.

`HealthCheckMiddleware`, first of all, answers GET and HEAD of /healthz before the
host is checked, HTTPS is required, a session is read or a language chosen: a load
balancer probes each host by its address over plain HTTP.
"""

import logging
import secrets
from collections.abc import Callable

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.http import HttpResponse, JsonResponse
from django.utils.module_loading import import_string
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

logger = logging.getLogger(__name__)

PATH = "/healthz"
LOCAL_CACHES = {
    "django.core.cache.backends.locmem.LocMemCache",
    "django.core.cache.backends.dummy.DummyCache",
}


def check_database() -> str | None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        if cursor.fetchone() != (1,):
            return "unexpected answer to SELECT 1"
    return None


def check_cache() -> str | None:
    value = secrets.token_hex(8)
    cache.set("healthz", value, timeout=30)
    if cache.get("healthz") != value:
        return "a value set was not read back"
    return None


def part_name(function: Callable) -> str:
    """check_worker → worker."""
    return function.__name__.removeprefix("check_")


def checks() -> list[tuple[str, Callable[[], str | None]]]:
    found = [("database", check_database)]
    if settings.CACHES["default"]["BACKEND"] not in LOCAL_CACHES:
        found.append(("cache", check_cache))
    for path in settings.HEALTH_CHECKS:
        function = import_string(path)
        found.append((part_name(function), function))
    return found


def run_checks() -> dict[str, bool]:
    """Each part's name and whether it is well; why one is not, in the log."""
    results = {}
    for name, check in checks():
        try:
            reason = check()
        except Exception as error:  # a check that fails by raising is failing, not a 500
            reason = f"{type(error).__name__}: {error}"
        if reason:
            logger.warning("health check failing: %s: %s", name, reason, extra={"part": name})
        results[name] = not reason
    return results


def wants_text(request) -> bool:
    return request.GET.get("format") == "text" or (
        "text/plain" in request.headers.get("Accept", "")
        and "application/json" not in request.headers.get("Accept", "")
    )


@never_cache
@require_safe
def healthz(request) -> HttpResponse:
    results = run_checks()
    healthy = all(results.values())
    status = 200 if healthy else 503
    parts = {name: "ok" if ok else "failing" for name, ok in results.items()}
    if wants_text(request):
        lines = [f"{name} {state}" for name, state in parts.items()]
        text = "\n".join(["ok" if healthy else "failing", *lines]) + "\n"
        response = HttpResponse(text, status=status, content_type="text/plain; charset=utf-8")
    else:
        response = JsonResponse(
            {"status": "ok" if healthy else "failing", "checks": parts}, status=status
        )
    # The failing part is already a WARNING line with its reason; Django would add an
    # ERROR line for the 503 at every probe, each an event in Sentry.
    response._has_been_logged = True
    return response


class HealthCheckMiddleware:
    """First in MIDDLEWARE: GET and HEAD of /healthz answered at once (other methods go
    on to the URL, which refuses them)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path_info == PATH and request.method in ("GET", "HEAD"):
            return healthz(request)
        return self.get_response(request)
