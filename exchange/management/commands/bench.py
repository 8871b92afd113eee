"""`manage.py bench`: how fast the reports answer as the history grows, in PostgreSQL.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/exchange_bench \\
        python manage.py bench [--scale 0.1] [--runs 5]

(`make bench BENCH_ARGS="--scale 0.1"` does the same.) The database named in
DATABASE_URL is created if missing and emptied: its name must contain "bench" (or pass
--yes). SQLite is refused: the figures are for the production database.

It generates, with COPY, `--scale` × (2,000 partners, 200,000 shipments, 2,000,000 items)
over 30 years with monthly rates in eight currencies, rebuilds the balance summary,
then measures each figure as the median of `--runs` rounds (every figure once a round,
so that they all meet the same load), in a process whose start-up objects are frozen
out of the garbage collector's way as the WSGI entry point does:
- the baseline: one hand-written SQL GROUP BY partner, direction over the counted items
  joined to their shipments, for last year and for all time (reading the raw data once);
- the all-partners balance CSV for last year and all time (exchange.balance_export
  .balance_report, in-process, as the web export and `balance_report` call it);
- the balance page for last year and all time (its first page, by code, and all time
  sorted by value balance, which completes every row), the per-partner report page of the
  busiest partner, the partner list, the shipment list with a filter and the dashboard,
  through Django's test client signed in as a department head, DEBUG off;
- an import of 100,000 shipment rows (scripts/bench_import.py's rows), run as
  `manage.py import_shipments` in a process of its own, with the summary triggers, and
  once with them disabled to show what they cost.
It checks that the summary equals its recomputation from the raw rows and that the CSVs
are byte for byte those of the raw computation, prints a table (times, ratios to the
baseline, queries) and writes it into docs/benchmarks.md with the machine it ran on,
next to the figures of the other scales already there.
"""

import contextlib
import dataclasses
import datetime
import gc
import importlib.util
import io
import json
import os
import platform
import random
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from unittest import mock

import django
from django.conf import settings
from django.contrib.auth.models import Group, User
from django.core.cache import caches as django_caches
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, reset_queries
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django_countries import countries

from exchange import summary
from exchange.balance import Period, _raw_only
from exchange.balance_export import balance_report
from exchange.reports import Filters, balance_table
from exchange.roles import HEADS, ensure_roles

ROOT = Path(settings.BASE_DIR)
DOC = ROOT / "docs" / "benchmarks.md"
YEARS = 30
PARTNERS, SHIPMENTS, ITEMS_PER_SHIPMENT = 2_000, 200_000, 10
CURRENCIES = {  # a month's rate starts near this and wanders
    "USD": 7.0,
    "EUR": 7.8,
    "GBP": 9.1,
    "JPY": 0.055,
    "RUB": 0.09,
    "KRW": 0.0055,
    "CHF": 7.9,
    "AUD": 4.8,
}
BASE = settings.EXCHANGE_BASE_CURRENCY
KINDS = ["national"] * 3 + ["university"] * 4 + ["research"] * 2 + ["public", "other"]
STATUSES_OUT = [("acknowledged", 50), ("delivered", 22), ("dispatched", 13), ("draft", 5)]
STATUSES_OUT += [("packed", 3), ("cancelled", 2), ("lost", 3), ("returned", 2)]
STATUSES_IN = [("acknowledged", 58), ("received", 30), ("expected", 8), ("cancelled", 4)]
DISPATCHED = {"dispatched", "delivered", "acknowledged", "lost", "returned"}
RECEIVED = {"received", "acknowledged"}
BASELINE_SQL = """
    SELECT s.partner_id, s.direction, SUM(i.quantity), COUNT(*), SUM(i.pages * i.quantity),
           SUM(i.unit_value * i.quantity)
      FROM shipments_shipmentitem i JOIN shipments_shipment s ON s.id = i.shipment_id
     WHERE s.counted_on IS NOT NULL {range}
     GROUP BY s.partner_id, s.direction
"""
SHIPMENT_COLUMNS = (
    "id, reference, direction, partner_id, status, dispatched_on, delivered_on, received_on,"
    " acknowledged_on, method, tracking_number, parcels, postage_cost, other_cost, notes,"
    " version, created_at, updated_at"
)
ITEM_COLUMNS = (
    "shipment_id, title, author, publisher, isbn, issn, material_type, language, year,"
    " quantity, pages, unit_value, currency"
)
SUMMARY_TRIGGERS = ("shipments_shipment", "shipments_shipmentitem", "exchange_exchangerate")


class Command(BaseCommand):
    help = "Generate a large history in PostgreSQL and time the reports against it."
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument("--scale", type=float, default=1.0)
        parser.add_argument(
            "--partners",
            type=int,
            help="Partners, whatever the scale (to vary the history alone; with --no-doc).",
        )
        parser.add_argument("--runs", type=int, default=5, help="Runs of each timing.")
        parser.add_argument("--import-rows", type=int, default=100_000)
        parser.add_argument("--import-runs", type=int, default=3)
        parser.add_argument(
            "--reuse", action="store_true", help="Keep the data there if it is of this scale."
        )
        parser.add_argument("--no-doc", action="store_true", help="Do not write the doc.")
        parser.add_argument("--yes", action="store_true", help="Empty a database of any name.")

    def handle(
        self, *args, scale, partners, runs, import_rows, import_runs, reuse, no_doc, yes, **kw
    ):
        database = connection.settings_dict
        if connection.vendor != "postgresql":
            raise CommandError(
                "The benchmark runs in PostgreSQL: set DATABASE_URL="
                "postgres://…/exchange_bench (SQLite figures would mean nothing here)."
            )
        if "bench" not in database["NAME"] and not yes:
            raise CommandError(
                f"{database['NAME']} would be emptied: use a *bench* database or pass --yes."
            )
        self.scale, self.runs = scale, runs
        create_database(database)
        call_command("migrate", verbosity=0)
        if partners and not no_doc:
            raise CommandError("--partners is for trials: add --no-doc.")
        counts = {
            "partners": partners or round(PARTNERS * scale),
            "shipments": round(SHIPMENTS * scale),
        }
        setup = {}
        if not (reuse and self.has_scale(counts)):
            setup = self.generate(counts)
        self.today = timezone.localdate()
        self.year = self.today.year - 1
        self.head = bench_head()
        # As in production (exchange/wsgi.py): what is loaded is frozen, and with DEBUG on
        # Django would keep the text of every query.
        gc.collect()
        gc.freeze()
        with override_settings(DEBUG=False, ALLOWED_HOSTS=["testserver"]):
            results = self.measure()
            results += self.imports(import_rows, import_runs)
            checks = self.check()
        machine = machine_info()
        data = self.data_sizes()
        report = {
            "scale": scale,
            "runs": runs,
            "when": timezone.localtime().strftime("%Y-%m-%d %H:%M"),
            "year": self.year,
            "data": data,
            "setup": setup,
            "machine": machine,
            "results": results,
            "checks": checks,
        }
        self.stdout.write(render_scale(report))
        if not no_doc:
            write_doc(report)
            self.stdout.write(f"Written to {DOC.relative_to(ROOT)}.")

    # The data --------------------------------------------------------------------------

    def has_scale(self, counts) -> bool:
        from partners.models import Partner
        from shipments.models import Shipment

        return (
            Partner.objects.count() == counts["partners"]
            and Shipment.objects.count() == counts["shipments"]
        )

    def generate(self, counts) -> dict:
        """Empty the database and COPY a fresh history in; rebuild the summary."""
        rng = random.Random(2026)
        started = time.perf_counter()
        tables = [
            "shipments_shipmentevent",
            "shipments_shipmentitem",
            "shipments_shipment",
            "shipments_historicalshipment",
            "shipments_historicalshipmentitem",
            "exchange_exchangerate",
            "exchange_historicalexchangerate",
            "partners_partner",
        ]
        with connection.cursor() as cursor:
            cursor.execute(f"TRUNCATE {', '.join(tables)} RESTART IDENTITY CASCADE")
            for table in SUMMARY_TRIGGERS:
                cursor.execute(f"ALTER TABLE {table} DISABLE TRIGGER USER")
        try:
            first_day = datetime.date(timezone.localdate().year - YEARS + 1, 1, 1)
            partners = self.copy_partners(counts["partners"], rng)
            self.copy_rates(first_day, rng)
            items = self.copy_shipments(counts["shipments"], partners, first_day, rng)
        finally:
            with connection.cursor() as cursor:
                for table in SUMMARY_TRIGGERS:
                    cursor.execute(f"ALTER TABLE {table} ENABLE TRIGGER USER")
        generated = time.perf_counter() - started
        started = time.perf_counter()
        summary.rebuild()
        rebuilt = time.perf_counter() - started
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
        self.stdout.write(
            f"Generated {counts['shipments']:,} shipments, {items:,} items in {generated:.0f} s;"
            f" summary rebuilt in {rebuilt:.1f} s."
        )
        return {"generate_s": round(generated, 1), "rebuild_summary_s": round(rebuilt, 1)}

    def copy_partners(self, count: int, rng) -> list[int]:
        codes = [code for code, _name in countries][:150]
        now = timezone.now().isoformat()
        rows = []
        for n in range(count):
            since = datetime.date(1960, 1, 1) + datetime.timedelta(days=rng.randrange(20_000))
            status = rng.choices(["active", "suspended", "ended", "prospective"], [90, 4, 4, 2])[0]
            basis = rng.choices(["piece", "page", "value", "gift", ""], [50, 15, 25, 5, 5])[0]
            rows.append(
                [
                    n + 1,
                    f"P-{n:04d}",
                    f"Library {n}",
                    "",
                    rng.choice(KINDS),
                    rng.choice(codes),
                    "",
                    status,
                    since.isoformat(),
                    basis,
                    "",
                    "",
                    "",
                    1,
                    now,
                    now,
                ]
            )
        copy(
            "partners_partner",
            "id, code, name, name_original, kind, country, city, status, exchange_since,"
            " exchange_basis, website, email, notes, version, created_at, updated_at",
            rows,
        )
        # A few busy partners, many quiet ones: weights ~ 1/rank.
        return [1 / (rank + 5) for rank in range(count)]

    def copy_rates(self, first_day: datetime.date, rng) -> None:
        rows = []
        month = first_day.replace(year=first_day.year - 1)
        rates = dict(CURRENCIES)
        while month <= timezone.localdate():
            for currency, rate in rates.items():
                rows.append([currency, month.isoformat(), f"{rate:.6f}"])
                rates[currency] = max(rate * rng.uniform(0.97, 1.03), 0.000001)
            month = (month + datetime.timedelta(days=32)).replace(day=1)
        copy("exchange_exchangerate", "currency, valid_from, rate", rows)

    def copy_shipments(self, count: int, weights, first_day, rng) -> int:
        today = timezone.localdate()
        days = (today - first_day).days
        partner_ids = rng.choices(range(1, len(weights) + 1), weights, k=count)
        foreign = list(CURRENCIES)
        shipments, items, events = [], [], []
        total_items = 0
        for n in range(count):
            shipment_id = n + 1
            outgoing = rng.random() < 0.55
            statuses = STATUSES_OUT if outgoing else STATUSES_IN
            status = rng.choices([s for s, _w in statuses], [w for _s, w in statuses])[0]
            day = first_day + datetime.timedelta(days=rng.randrange(days))
            dispatched = day if outgoing and status in DISPATCHED else None
            received = day if not outgoing and status in RECEIVED else None
            delivered = (
                day + datetime.timedelta(days=20)
                if outgoing
                and status
                in (
                    "delivered",
                    "acknowledged",
                )
                else None
            )
            acknowledged = day + datetime.timedelta(days=40) if status == "acknowledged" else None
            stamp = f"{day.isoformat()} 12:00:00+00"
            shipments.append(
                [
                    shipment_id,
                    f"{'OUT' if outgoing else 'IN'}-G-{n:07d}",
                    "outgoing" if outgoing else "incoming",
                    partner_ids[n],
                    status,
                    iso(dispatched),
                    iso(delivered),
                    iso(received),
                    iso(acknowledged),
                    rng.choice(["surface", "air", "courier"]) if outgoing else "",
                    "",
                    1,
                    f"{rng.randrange(0, 50_000) / 100:.2f}" if outgoing else "0.00",
                    "0.00",
                    "",
                    1,
                    stamp,
                    stamp,
                ]
            )
            events.append([shipment_id, status, (dispatched or received or day).isoformat(), stamp])
            for line in range(rng.randint(1, 2 * ITEMS_PER_SHIPMENT - 1)):
                valued = rng.random() < 0.75
                if not valued:
                    value, currency = "0", ""
                else:
                    value = f"{rng.randrange(100, 30_000) / 100:.2f}"
                    home = outgoing and rng.random() < 0.7
                    currency = BASE if home else rng.choice(foreign)
                items.append(
                    [
                        shipment_id,
                        f"Title {n}-{line}",
                        "",
                        "",
                        "",
                        "",
                        "monograph",
                        "en",
                        1950 + rng.randrange(75),
                        rng.choice((1, 1, 1, 2, 3)),
                        rng.randrange(0, 800),
                        value,
                        currency,
                    ]
                )
            if len(items) >= 200_000:
                total_items += len(items)
                copy("shipments_shipment", SHIPMENT_COLUMNS, shipments)
                copy("shipments_shipmentitem", ITEM_COLUMNS, items)
                shipments, items = [], []
        total_items += len(items)
        copy("shipments_shipment", SHIPMENT_COLUMNS, shipments)
        copy("shipments_shipmentitem", ITEM_COLUMNS, items)
        copy("shipments_shipmentevent", 'shipment_id, status, "on", at, note', events, note="")
        with connection.cursor() as cursor:
            for table in ("partners_partner", "shipments_shipment", "exchange_exchangerate"):
                cursor.execute(
                    f"SELECT setval(pg_get_serial_sequence('{table}', 'id'),"
                    f" (SELECT max(id) FROM {table}))"
                )
        return total_items

    def data_sizes(self) -> dict:
        with connection.cursor() as cursor:
            sizes = {}
            for key, table in (
                ("partners", "partners_partner"),
                ("shipments", "shipments_shipment"),
                ("items", "shipments_shipmentitem"),
                ("rates", "exchange_exchangerate"),
                ("summary_rows", summary.SUMMARY),
            ):
                cursor.execute(f"SELECT count(*) FROM {table}")
                sizes[key] = cursor.fetchone()[0]
            cursor.execute("SELECT min(counted_on), max(counted_on) FROM shipments_shipment")
            first, last = cursor.fetchone()
            sizes["span"] = f"{first} – {last}"
        return sizes

    # The timings -----------------------------------------------------------------------

    def measure(self) -> list[dict]:
        year = Period.year(self.year)
        ever = Period()
        measures = []

        def add(key, label, baseline, fn):
            measures.append({"key": key, "label": label, "baseline": baseline, "fn": fn})

        add("baseline_year", f"Baseline SQL, {self.year}", None, lambda: baseline(year))
        add("baseline_all", "Baseline SQL, all time", None, lambda: baseline(ever))
        add(
            "csv_year",
            f"Balance CSV, {self.year}",
            "baseline_year",
            lambda: balance_report(period=year, fmt="csv"),
        )
        add(
            "csv_all",
            "Balance CSV, all time",
            "baseline_all",
            lambda: balance_report(period=ever, fmt="csv"),
        )
        client = Client()
        client.force_login(self.head)
        busiest = busiest_partner()
        pages = [
            (
                "page_year",
                f"Balance page, {self.year}",
                "baseline_year",
                reverse("exchange:report_balance") + "?period=last_year",
            ),
            (
                "page_all",
                "Balance page, all time",
                "baseline_all",
                reverse("exchange:report_balance") + "?period=all",
            ),
            (
                "page_all_sorted",
                "Balance page, all time, by value balance",
                "baseline_all",
                reverse("exchange:report_balance") + "?period=all&sort=-value_balance",
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
                reverse("exchange:report_balance"),
            ),
            ("partner_list", "Partner list", "baseline_all", reverse("partners:list")),
            (
                "shipment_list_all",
                "Shipment list, all, newest first",
                "baseline_all",
                reverse("shipments:list"),
            ),
            (
                "shipment_list",
                "Shipment list, filtered",
                "baseline_all",
                reverse("shipments:list")
                + f"?direction=incoming&status=received&date_from={self.year}-01-01"
                f"&date_to={self.year}-12-31",
            ),
            ("dashboard", "Dashboard (head)", "baseline_all", reverse("dashboard")),
        ]
        for key, label, against, url in pages:
            add(key, label, against, lambda url=url: get(client, url))
        add(
            "page_year_alone",
            f"Balance page, {self.year}, its table worked out beforehand (the page alone)",
            "baseline_year",
            page_alone(client, pages[0][3], year),
        )
        results = self.timed_rounds(measures)
        if redis_url():
            # The same pages once in the report cache (REDIS_URL): what a department head
            # opening them again, unchanged, waits for.
            measures = []
            with report_cache(redis_url()):
                for key, label, against, url in pages:
                    if key in ("page_year", "page_all"):
                        get(client, url)
                        add(
                            f"{key}_cached",
                            f"{label}, from the report cache",
                            against,
                            lambda url=url: get(client, url),
                        )
                results += self.timed_rounds(measures)
        return results

    def timed_rounds(self, measures: list[dict]) -> list[dict]:
        """Each measure's median over `runs` rounds, each round running every measure
        once, after one untimed run of each that counts its queries. Interleaved, a
        report and its baseline meet the same load: on a shared machine the pace drifts
        by half over minutes, which timing one measure after the other would read as a
        difference between them."""
        queries = {}
        for measure in measures:
            reset_queries()
            with CaptureQueriesContext(connection) as captured:
                measure["fn"]()
            queries[measure["key"]] = len(captured)  # now: a request clears the log
        times = {measure["key"]: [] for measure in measures}
        for _round in range(self.runs):
            for measure in measures:
                started = time.perf_counter()
                measure["fn"]()
                times[measure["key"]].append(time.perf_counter() - started)
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
            self.stdout.write(f"  {label}: {seconds * 1000:.1f} ms, {queries[key]} queries")
        return results

    def imports(self, rows: int, runs: int) -> list[dict]:
        if not rows or not runs:
            return []
        bench_import = load_bench_import()
        bench_import.PARTNERS = min(500, partner_count())
        results = []
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / "shipments.csv"
            bench_import.write_csv(path, list(bench_import.generate_rows(rows)))
            for key, label, triggers in (
                ("import", f"Import of {rows:,} shipment rows (CSV)", True),
                ("import_no_triggers", "… the same without the summary triggers", False),
            ):
                times = [run_import(path, triggers) for _run in range(runs if triggers else 1)]
                seconds = statistics.median(times)
                results.append(
                    {"key": key, "label": label, "baseline": None, "s": seconds, "queries": None}
                )
                self.stdout.write(f"  {label}: {seconds:.1f} s")
        return results

    def check(self) -> dict:
        """The summary against its recomputation, and the CSVs against the raw sums."""
        started = time.perf_counter()
        stored, expected = summary.stored_rows(), summary.expected_rows()
        checks = {"summary_equals_recomputation": stored == expected}
        for name, period in (("csv_year", Period.year(self.year)), ("csv_all", Period())):
            fast = balance_report(period=period, fmt="csv")
            with _raw_only():
                raw = balance_report(period=period, fmt="csv")
            checks[f"{name}_identical_to_raw"] = fast == raw
        checks["check_s"] = round(time.perf_counter() - started, 1)
        self.stdout.write(f"  checks: {checks}")
        if not all(value for key, value in checks.items() if key != "check_s"):
            raise CommandError(f"The summary disagrees with the raw rows: {checks}")
        return checks


# Helpers ------------------------------------------------------------------------------


def iso(day) -> str | None:
    return day.isoformat() if day else None


def copy(table: str, columns: str, rows: list, note=None) -> None:
    """COPY the rows (lists of cells; "" is NULL) into the table."""
    if note is not None:
        rows = [[*row, note] for row in rows]
    buffer = io.StringIO()
    for row in rows:
        buffer.write("\t".join(_cell(cell) for cell in row))
        buffer.write("\n")
    buffer.seek(0)
    with connection.cursor() as cursor:
        cursor.cursor.copy_expert(
            f"COPY {table} ({columns}) FROM STDIN WITH (FORMAT text, NULL '\\N')", buffer
        )


def _cell(cell) -> str:
    if cell is None:
        return "\\N"
    text = str(cell)
    return text.replace("\\", "\\\\").replace("\t", " ").replace("\n", " ")


def create_database(database: dict, *, fresh: bool = False) -> None:
    """CREATE DATABASE if it does not exist yet, or anew if `fresh` (from the server's
    `postgres` database)."""
    import psycopg2
    from psycopg2 import sql

    params = {
        "host": database["HOST"],
        "port": database["PORT"] or 5432,
        "user": database["USER"],
        "password": database["PASSWORD"],
    }
    server = psycopg2.connect(dbname="postgres", **{k: v for k, v in params.items() if v})
    server.autocommit = True
    name = sql.Identifier(database["NAME"])
    with server.cursor() as cursor:
        if fresh:
            cursor.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(name))
        cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [database["NAME"]])
        if cursor.fetchone() is None:
            cursor.execute(sql.SQL("CREATE DATABASE {}").format(name))
    server.close()


def bench_head() -> User:
    ensure_roles()
    user, created = User.objects.get_or_create(username="bench-head")
    if created:
        user.set_unusable_password()
        user.save()
    user.groups.add(Group.objects.get(name=HEADS))
    return user


def busiest_partner() -> str:
    from partners.models import Partner

    return Partner.objects.get(pk=1).code


def partner_count() -> int:
    from partners.models import Partner

    return Partner.objects.count()


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
        with mock.patch("exchange.reports.balance_table", prepared):
            return get(client, url)

    return fn


def get(client: Client, url: str):
    response = client.get(url)
    if response.status_code != 200:
        raise CommandError(f"{url} answered {response.status_code}")
    return response.content


def load_bench_import():
    """scripts/bench_import.py: its rows and CSV writer, not its own database set-up."""
    spec = importlib.util.spec_from_file_location("bench_import", ROOT / "scripts/bench_import.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def run_import(path: Path, triggers: bool) -> float:
    """Time `manage.py import_shipments` in its own process, then delete what it wrote
    (with the triggers, so the summary stays exact; without them when it was written
    without them, so the summary never saw it)."""
    env = {**os.environ, "DEBUG": "0", "SECRET_KEY": os.environ.get("SECRET_KEY", "bench-only")}
    command = [sys.executable, str(ROOT / "manage.py"), "import_shipments", str(path)]
    with toggled_triggers(triggers):
        started = time.perf_counter()
        done = subprocess.run(command, capture_output=True, text=True, env=env, cwd=ROOT)
        seconds = time.perf_counter() - started
        if done.returncode != 0:
            raise CommandError(f"import failed:\n{done.stdout[-2000:]}{done.stderr[-2000:]}")
        with connection.cursor() as cursor:
            imported = "SELECT id FROM shipments_shipment WHERE reference LIKE '%%-B-%%'"
            cursor.execute(f"DELETE FROM shipments_shipmentitem WHERE shipment_id IN ({imported})")
            cursor.execute(f"DELETE FROM shipments_shipmentevent WHERE shipment_id IN ({imported})")
            cursor.execute("DELETE FROM shipments_shipment WHERE reference LIKE '%%-B-%%'")
            cursor.execute(
                "TRUNCATE shipments_historicalshipment, shipments_historicalshipmentitem"
            )
    return seconds


@contextlib.contextmanager
def toggled_triggers(on: bool):
    if on:
        yield
        return
    with connection.cursor() as cursor:
        for table in SUMMARY_TRIGGERS:
            cursor.execute(f"ALTER TABLE {table} DISABLE TRIGGER USER")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            for table in SUMMARY_TRIGGERS:
                cursor.execute(f"ALTER TABLE {table} ENABLE TRIGGER USER")


def machine_info() -> dict:
    cpu = "unknown"
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    memory = ""
    with contextlib.suppress(OSError):
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                memory = f"{int(line.split()[1]) / 1024 / 1024:.1f} GiB"
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        postgres = cursor.fetchone()[0]
    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "memory": memory,
        "postgresql": postgres,
        "python": platform.python_version(),
        "django": django.get_version(),
        "load": ", ".join(f"{n:.1f}" for n in os.getloadavg()),
    }


# The report ---------------------------------------------------------------------------


def _by_key(report) -> dict:
    return {row["key"]: row for row in report["results"]}


def _time(seconds: float) -> str:
    return f"{seconds:.1f} s" if seconds >= 10 else f"{seconds * 1000:,.1f} ms"


def render_scale(report: dict) -> str:
    rows = _by_key(report)
    data, machine = report["data"], report["machine"]
    lines = [
        f"### Scale {report['scale']:g} ({report['when']})",
        "",
        f"{data['partners']:,} partners, {data['shipments']:,} shipments, {data['items']:,}"
        f" items, {data['rates']:,} rates ({data['span']}); {data['summary_rows']:,} summary"
        " rows.",
        f"Machine: {machine['cpu']}, {machine['cores']} cores, {machine['memory']};"
        f" PostgreSQL {machine['postgresql']}, Python {machine['python']}, Django"
        f" {machine['django']}; load average {machine['load']}.",
    ]
    if report.get("setup"):
        lines.append(
            f"Generated (COPY) in {report['setup']['generate_s']} s; `rebuild_summary` in"
            f" {report['setup']['rebuild_summary_s']} s."
        )
    lines += [
        "",
        f"Median of {report['runs']} runs.",
        "",
        "| Measure | Time | × baseline | Queries |",
        "|---|---:|---:|---:|",
    ]
    for row in report["results"]:
        ratio = ""
        if row["baseline"]:
            ratio = f"{row['s'] / rows[row['baseline']]['s']:.3f}"
        queries = "" if row["queries"] is None else str(row["queries"])
        lines.append(f"| {row['label']} | {_time(row['s'])} | {ratio} | {queries} |")
    checks = report["checks"]
    lines += [
        "",
        "Checks: the summary equals its recomputation from the raw rows:"
        f" {_yes(checks['summary_equals_recomputation'])}; the CSV of {report['year']} and"
        " of all time are byte for byte those of the raw computation:"
        f" {_yes(checks['csv_year_identical_to_raw'] and checks['csv_all_identical_to_raw'])}.",
        "",
    ]
    return "\n".join(lines)


def _yes(value: bool) -> str:
    return "yes" if value else "**NO**"


def render_growth(reports: list[dict]) -> str:
    """Each figure at every scale measured, and how it grew from the smallest."""
    reports = sorted(reports, key=lambda report: report["scale"])
    if len(reports) < 2:
        return ""
    small, large = reports[0], reports[-1]
    head = " | ".join(f"scale {r['scale']:g}" for r in reports)
    lines = [
        f"| Measure | {head} | growth ({large['scale'] / small['scale']:g}× the data) |",
        "|---|" + "---:|" * (len(reports) + 1),
    ]
    for row in small["results"]:
        cells, found = [], []
        for report in reports:
            match = _by_key(report).get(row["key"])
            found.append(match)
            cells.append(_time(match["s"]) if match else "")
        growth = f"{found[-1]['s'] / found[0]['s']:.1f}×" if found[0] and found[-1] else ""
        lines.append(f"| {row['label']} | {' | '.join(cells)} | {growth} |")
    return "\n".join(lines) + "\n"


BEGIN, END = "<!-- bench:begin -->", "<!-- bench:end -->"
DATA = re.compile(r"<!-- bench-data (.*?) -->", re.S)


def write_doc(report: dict) -> None:
    """Replace the generated part of docs/benchmarks.md (between the markers), keeping
    the figures of the other scales, and the text around it."""
    text = DOC.read_text(encoding="utf-8") if DOC.exists() else f"# Benchmarks\n\n{BEGIN}\n{END}\n"
    if BEGIN not in text:
        text += f"\n{BEGIN}\n{END}\n"
    before, rest = text.split(BEGIN, 1)
    generated, after = rest.split(END, 1)
    reports = [json.loads(found) for found in DATA.findall(generated)]
    reports = [r for r in reports if r["scale"] != report["scale"]] + [report]
    reports.sort(key=lambda r: r["scale"])
    parts = ["", "## Figures", ""]
    growth = render_growth(reports)
    if growth:
        parts += ["### How each figure grows with the history", "", growth]
    for found in reports:
        parts += [render_scale(found), f"<!-- bench-data {json.dumps(found, default=str)} -->", ""]
    DOC.parent.mkdir(exist_ok=True)
    DOC.write_text(before + BEGIN + "\n".join(parts) + END + after, encoding="utf-8")
