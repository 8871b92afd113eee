"""Where a page's time goes: requests profiled with pyinstrument against a database.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/exchange_bench \\
        .venv/bin/python scripts/profile_pages.py [--as head] [--runs 20] URL [URL …]

Each URL is requested once to warm up (templates, caches of the process), then `--runs`
times under the profiler, as a user of the role given (a user of the benchmark,
`bench-<role>`, made if missing), with DEBUG off as in production. Prints, per URL, the
median time, the queries of one request with their time, and the call tree of the
profiled requests (pyinstrument's, the negligible frames hidden), so that the time spent in
SQL, in templates and in Python per row can be told apart (docs/benchmarks.md, "Where
a page's time goes").
"""

import argparse
import gc
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "exchange.config.settings")

import django  # noqa: E402

django.setup()

from django.contrib.auth.models import Group, User  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client, override_settings  # noqa: E402
from pyinstrument import Profiler  # noqa: E402

from exchange.core.roles import ADMINISTRATORS, HEADS, STAFF, ensure_roles  # noqa: E402

ROLES = {"staff": STAFF, "head": HEADS, "admin": ADMINISTRATORS}


def client_as(role: str) -> Client:
    ensure_roles()
    user, _created = User.objects.get_or_create(username=f"bench-{role}")
    user.groups.add(Group.objects.get(name=ROLES[role]))
    client = Client()
    client.force_login(user)
    return client


def profile(client: Client, url: str, runs: int) -> None:
    answer = client.get(url)
    if answer.status_code != 200:
        raise SystemExit(f"{url} answered {answer.status_code}")
    queries = []

    def timed(execute, sql, params, many, context):
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            queries.append(time.perf_counter() - started)

    # Counted by a wrapper: a request clears the connection's own log as it starts.
    with connection.execute_wrapper(timed):
        client.get(url)
    sql_ms = sum(queries) * 1000
    plain = statistics.median(timed_runs(client, url, runs)) * 1000
    times = []
    profiler = Profiler(interval=0.0005)
    profiler.start()
    for _run in range(runs):
        started = time.perf_counter()
        client.get(url)
        times.append(time.perf_counter() - started)
    profiler.stop()
    median = statistics.median(times) * 1000
    print(
        f"\n== {url}: {plain:.1f} ms, {median:.1f} ms profiled (medians of {runs});"
        f" {len(queries)} queries, {sql_ms:.1f} ms"
    )
    print(profiler.output_text(unicode=True, color=False, show_all=False, timeline=False))


def timed_runs(client: Client, url: str, runs: int) -> list[float]:
    """Each run's time without the profiler (which about doubles call-heavy code)."""
    times = []
    for _run in range(runs):
        started = time.perf_counter()
        client.get(url)
        times.append(time.perf_counter() - started)
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("urls", nargs="+")
    parser.add_argument("--as", dest="role", choices=sorted(ROLES), default="head")
    parser.add_argument("--runs", type=int, default=20)
    options = parser.parse_args()
    with override_settings(DEBUG=False, ALLOWED_HOSTS=["testserver"]):
        client = client_as(options.role)
        # As in production (exchange/config/wsgi.py).
        gc.collect()
        gc.freeze()
        for url in options.urls:
            profile(client, url, options.runs)


if __name__ == "__main__":
    main()
