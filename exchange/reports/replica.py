"""Reports may read from a PostgreSQL replica (DATABASE_REPLICA_URL).

Only the report pages and their downloads read from it, and only while they are being
made (`reading_reports()`): every write, and every other read, goes to the primary, so
that whoever saves a shipment sees it on the next page. A report may lag the primary by
the replica's delay (usually well under a second); its figures are then those of a
moment ago, consistent among themselves, never a mix.
"""

from contextlib import contextmanager
from contextvars import ContextVar

from django.db import DEFAULT_DB_ALIAS, connections, router
from django.urls import Resolver404, resolve

REPLICA = "replica"
_READING_REPORTS = ContextVar("reading_reports", default=False)


@contextmanager
def reading_reports():
    """Within it, reads go to the replica (when there is one)."""
    token = _READING_REPORTS.set(True)
    try:
        yield
    finally:
        _READING_REPORTS.reset(token)


def has_replica() -> bool:
    """A replica is configured and routed to (settings do both with DATABASE_REPLICA_URL)."""
    return REPLICA in connections.settings and any(
        isinstance(each, ReportReplicaRouter) for each in router.routers
    )


def report_database() -> str:
    """The database reports read from now: the replica within reading_reports()."""
    if _READING_REPORTS.get() and has_replica():
        return REPLICA
    return DEFAULT_DB_ALIAS


class ReportReplicaRouter:
    def db_for_read(self, model, **hints):
        return REPLICA if report_database() == REPLICA else None

    def db_for_write(self, model, **hints):
        return DEFAULT_DB_ALIAS

    def allow_relation(self, obj1, obj2, **hints):
        return True  # the replica holds the primary's rows

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db == DEFAULT_DB_ALIAS


def is_report(request) -> bool:
    """A report page, print view or download (exchange:report_*), asked for with GET."""
    if request.method not in ("GET", "HEAD"):
        return False
    try:
        match = resolve(request.path_info)
    except Resolver404:
        return False
    return match.namespace == "exchange" and match.url_name.startswith("report_")


class ReportReadsMiddleware:
    """Makes report pages read from the replica. The signed-in user and the session are
    read first, from the primary: a session just opened may not be on the replica yet."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not has_replica() or not is_report(request):
            return self.get_response(request)
        request.user.is_authenticated  # noqa: B018 (loads the session and the user)
        with reading_reports():
            return self.get_response(request)
