"""The timed measures and the rounds they run in: the baseline SQL, the balance CSVs,
the pages through Django's test client signed in as a department head (and, when Redis
answers, two of them from the report cache).

A measure is a dict: its `key`, its `label` in the table, the key of the `baseline` it
is compared with (or None) and `fn`, what is timed. A result is the same without `fn`,
with the median seconds `s` and the `queries` of one run.
"""

import contextlib
import dataclasses
import os
import socket
import statistics
import time
from unittest import mock

from django.contrib.auth.models import Group, User
from django.core.cache import caches as django_caches
from django.core.management.base import CommandError
from django.db import connection, reset_queries
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from exchange.balance.export import balance_report
from exchange.balance.totals import Period
from exchange.core.roles import HEADS, ensure_roles
from exchange.reports.balance import balance_table
from exchange.reports.tables import Filters

BASELINE_SQL = """
    SELECT s.partner_id, s.direction, SUM(i.quantity), COUNT(*), SUM(i.pages * i.quantity),
           SUM(i.unit_value * i.quantity)
      FROM shipments_shipmentitem i JOIN shipments_shipment s ON s.id = i.shipment_id
     WHERE s.counted_on IS NOT NULL {range}
     GROUP BY s.partner_id, s.direction
"""
# The pages whose second request, from the report cache, is measured too (the
# dashboard's: the heads' figures, shared like a report's table).
CACHED_PAGES = ("page_year", "page_all", "dashboard")


def measure_all(year: int, head: User, runs: int, write) -> list[dict]:
    """Every measure of `year` (last year) and all time, `runs` rounds."""
    client = Client()
    client.force_login(head)
    pages = page_urls(year, busiest_partner())
    measures = [*report_measures(year)]
    measures += [
        make_measure(key, label, against, lambda url=url: get(client, url))
        for key, label, against, url in pages
    ]
    measures.append(
        make_measure(
            "page_year_alone",
            f"Balance page, {year}, its table worked out beforehand (the page alone)",
            "baseline_year",
            page_alone(client, pages[0][3], Period.year(year)),
        )
    )
    results = timed_rounds(measures, runs, write)
    location = redis_url()
    if location:
        # The same pages once in the report cache (REDIS_URL): what a department head
        # opening them again, unchanged, waits for.
        with report_cache(location):
            results += timed_rounds(cached_measures(client, pages), runs, write)
    return results


def make_measure(key: str, label: str, baseline: str | None, fn) -> dict:
    return {"key": key, "label": label, "baseline": baseline, "fn": fn}


def report_measures(year: int) -> list[dict]:
    """The baseline SQL and the balance CSV, of last year and of all time."""
    last_year, ever = Period.year(year), Period()
    return [
        make_measure("baseline_year", f"Baseline SQL, {year}", None, lambda: baseline(last_year)),
        make_measure("baseline_all", "Baseline SQL, all time", None, lambda: baseline(ever)),
        make_measure(
            "csv_year",
            f"Balance CSV, {year}",
            "baseline_year",
            lambda: balance_report(period=last_year, fmt="csv"),
        ),
        make_measure(
            "csv_all",
            "Balance CSV, all time",
            "baseline_all",
            lambda: balance_report(period=ever, fmt="csv"),
        ),
    ]


def page_urls(year: int, busiest: str) -> list[tuple]:
    """(key, label, baseline, url) of each page measured; the first is last year's
    balance page."""
    balance = reverse("exchange:report_balance")
    shipments = reverse("shipments:list")
    return [
        ("page_year", f"Balance page, {year}", "baseline_year", balance + "?period=last_year"),
        ("page_all", "Balance page, all time", "baseline_all", balance + "?period=all"),
        (
            "page_all_sorted",
            "Balance page, all time, by value balance",
            "baseline_all",
            balance + "?period=all&sort=-value_balance",
        ),
        (
            "partner_report",
            f"Partner report page ({busiest})",
            "baseline_all",
            reverse("exchange:report_partner", args=[busiest]),
        ),
        (
            "page_this_year",
            "Balance page, this year to date (the default: the current month's days"
            " from the raw rows)",
            None,
            balance,
        ),
        (
            "partner_list",
            "Partner list (the page floor: the layout and 50 rows)",
            "baseline_all",
            reverse("partners:list"),
        ),
        ("shipment_list_all", "Shipment list, all, newest first", "baseline_all", shipments),
        (
            "shipment_list",
            "Shipment list, filtered",
            "baseline_all",
            shipments + f"?direction=incoming&status=received&date_from={year}-01-01"
            f"&date_to={year}-12-31",
        ),
        ("dashboard", "Dashboard (head)", "baseline_all", reverse("dashboard")),
        (
            "export_start_csv",
            "Shipment list as CSV, every shipment: the export's start (its first rows, or the job"
            " it starts past JOBS_SYNC_ROWS)",
            None,
            reverse("shipments:export"),
        ),
    ]


def cached_measures(client: Client, pages: list[tuple]) -> list[dict]:
    """The cached pages, each requested once first so that the cache holds it."""
    measures = []
    for key, label, against, url in pages:
        if key in CACHED_PAGES:
            get(client, url)
            measures.append(
                make_measure(
                    f"{key}_cached",
                    f"{label}, from the report cache",
                    against,
                    lambda url=url: get(client, url),
                )
            )
    return measures


def timed_rounds(measures: list[dict], runs: int, write, progress=None) -> list[dict]:
    """Each measure's median over `runs` rounds, each round running every measure
    once, after one untimed run of each that counts its queries. Interleaved, a
    report and its baseline meet the same load: on a shared machine the pace drifts
    by half over minutes, which timing one measure after the other would read as a
    difference between them. `progress(done, total)` is told of each run."""
    queries = {}
    total, done = len(measures) * (runs + 1), 0
    for measure in measures:
        reset_queries()
        with CaptureQueriesContext(connection) as captured:
            measure["fn"]()
        queries[measure["key"]] = len(captured)  # now: a request clears the log
        done += 1
        if progress:
            progress(done, total)
    times = {measure["key"]: [] for measure in measures}
    for _round in range(runs):
        for measure in measures:
            started = time.perf_counter()
            measure["fn"]()
            times[measure["key"]].append(time.perf_counter() - started)
            done += 1
            if progress:
                progress(done, total)
    results = []
    for measure in measures:
        key, label = measure["key"], measure["label"]
        seconds = statistics.median(times[key])
        results.append(
            {
                "key": key,
                "label": label,
                "baseline": measure["baseline"],
                "s": seconds,
                "queries": queries[key],
            }
        )
        write(f"  {label}: {seconds * 1000:.1f} ms, {queries[key]} queries")
    return results


def baseline(period: Period):
    condition, params = "", []
    if period.start:
        condition += " AND s.counted_on >= %s"
        params.append(period.start)
    if period.end:
        condition += " AND s.counted_on <= %s"
        params.append(period.end)
    with connection.cursor() as cursor:
        cursor.execute(BASELINE_SQL.format(range=condition), params)
        return cursor.fetchall()


def page_alone(client: Client, url: str, period: Period):
    """A request of the balance page whose table (the report's figures, flags and
    totals) is a copy of one worked out beforehand: what the page costs besides the
    report (the request, the ranking panel, the fifty rows, the layout and the form)."""
    table = balance_table(period, Filters(), timezone.localdate())

    def prepared(*args):
        return dataclasses.replace(table, rows=[dict(row) for row in table.rows])

    def fn():
        # Where the balance view looks the function up (it imports it by name).
        with mock.patch("exchange.reports.views.balance_table", prepared):
            return get(client, url)

    return fn


def get(client: Client, url: str):
    response = client.get(url)
    if response.status_code == 302:  # a long export: the job it started
        return response.url
    if response.status_code != 200:
        raise CommandError(f"{url} answered {response.status_code}")
    if response.streaming:  # a download written as it is sent: until its first rows
        chunks = iter(response.streaming_content)
        start = next(chunks, b"") + next(chunks, b"")  # the header, then the first rows
        response.close()
        return start
    return response.content


def bench_head() -> User:
    """The department head the pages are requested as."""
    ensure_roles()
    user, created = User.objects.get_or_create(username="bench-head")
    if created:
        user.set_unusable_password()
        user.save()
    user.groups.add(Group.objects.get(name=HEADS))
    return user


def busiest_partner() -> str:
    # Partner 1 has the largest weight in the generated history.
    from partners.models import Partner

    return Partner.objects.get(pk=1).code


def redis_url() -> str:
    """REDIS_URL, or the Redis of this machine when one answers on the usual port."""
    if os.environ.get("REDIS_URL"):
        return os.environ["REDIS_URL"]
    try:
        socket.create_connection(("127.0.0.1", 6379), timeout=0.5).close()
    except OSError:
        return ""
    return "redis://127.0.0.1:6379/14"


@contextlib.contextmanager
def report_cache(location: str):
    """The report cache on, in the Redis at `location`; emptied when done."""
    caches = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": location,
            "KEY_PREFIX": "exchange-bench",
        }
    }
    with override_settings(CACHES=caches, EXCHANGE_REPORT_CACHE=True):
        try:
            yield
        finally:
            django_caches["default"].clear()
