"""Load test: 50 simulated users for 60 seconds against gunicorn on PostgreSQL, on loopback.

    .venv/bin/python scripts/load_test.py [--users 50] [--run-time 60] [--reuse]

What it does:
1. (Re)creates the PostgreSQL database named in DATABASE_URL (default
   postgres://postgres@127.0.0.1:5432/exchange_load; its name must contain "load", or
   pass --yes), migrates it and loads `seed_demo` at its default size. --reuse keeps a
   database seeded by an earlier run.
2. Adds load-staff-N and load-head-N users, collects the static files and serves the
   application with gunicorn as in production (DEBUG=0; plain HTTP, so secure cookies
   and the HTTPS redirect are off) on 127.0.0.1 at a free port.
3. Runs locust headless (scripts/locustfile.py): half the users are acquisitions staff
   entering outgoing shipments with items through the real form, then packing and
   dispatching them; half are department heads reading the balance report, partners'
   reports and the dashboard. Users stop at the end of their current task.
4. Checks: no error response (locust failures), no server error in gunicorn's log, and
   no lost write: every shipment whose creation the server confirmed is in the
   database with its items and the steps it was confirmed to have taken.
5. Prints p50 and p95 latency per page; exits non-zero if any check fails.

Traffic goes only to 127.0.0.1. Not part of `make test` (it takes a few minutes).
"""

import argparse
import json
import os
import secrets
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/exchange_load"
PASSWORD = "load-test-" + secrets.token_hex(8)

sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "exchange.config.settings")
os.environ.setdefault("DATABASE_URL", DEFAULT_DATABASE_URL)

import django

django.setup()

from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import User
from django.core.management import call_command
from django.db import connection
from django.db.models import Count
from django.utils import timezone

from exchange.bench.database import create_database
from exchange.core.roles import HEADS, STAFF, ensure_roles
from partners.models import Partner
from shipments.models import Shipment


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--spawn-rate", type=float, default=10, help="Users started per second.")
    parser.add_argument("--run-time", type=int, default=60, help="Seconds of load.")
    parser.add_argument("--workers", type=int, default=2 * (os.cpu_count() or 1) + 1)
    parser.add_argument("--reuse", action="store_true", help="Keep an already seeded database.")
    parser.add_argument("--yes", action="store_true", help="Recreate it whatever its name.")
    args = parser.parse_args()

    database = connection.settings_dict
    if connection.vendor != "postgresql":
        sys.exit("Set DATABASE_URL to a PostgreSQL database (postgres://…/exchange_load).")
    if "load" not in database["NAME"] and not args.yes:
        sys.exit(f"{database['NAME']} would be recreated: use a *load* database or pass --yes.")

    started = time.monotonic()
    if not args.reuse:
        create_database(database, fresh=True)
    call_command("migrate", verbosity=0)
    call_command("seed_demo", verbosity=0)
    add_load_users(args.users)
    partners = list(Partner.objects.active().order_by("code").values_list("code", flat=True)[:200])
    today = timezone.localdate().isoformat()
    connection.close()
    print(f"Database {database['NAME']} ready in {time.monotonic() - started:.0f} s.")

    with tempfile.TemporaryDirectory(prefix="load-test-") as folder:
        folder = Path(folder)
        env = server_environment(folder)
        run([str(BIN / "python"), "manage.py", "collectstatic", "--no-input", "-v0"], env)
        port = free_port()
        log = (folder / "gunicorn.log").open("w")
        server = subprocess.Popen(
            [str(BIN / "gunicorn"), "exchange.config.wsgi", "--bind", f"127.0.0.1:{port}"]
            + ["--workers", str(args.workers)],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=log,
        )
        try:
            wait_until_serving(port, server)
            load_started = timezone.now()
            locust_env = {
                **os.environ,
                "LOAD_PASSWORD": PASSWORD,
                "LOAD_PARTNERS": ",".join(partners),
                "LOAD_RESULTS": str(folder / "results.json"),
                "LOAD_TODAY": today,
            }
            command = [
                str(BIN / "locust"),
                "--locustfile",
                str(ROOT / "scripts" / "locustfile.py"),
                "--headless",
                "--users",
                str(args.users),
                "--spawn-rate",
                str(args.spawn_rate),
                "--run-time",
                f"{args.run_time}s",
                "--stop-timeout",
                "60",
                "--host",
                f"http://127.0.0.1:{port}",
                "--only-summary",
                "--loglevel",
                "WARNING",
            ]
            print(
                f"Serving on 127.0.0.1:{port} with {args.workers} gunicorn workers; "
                f"{args.users} users for {args.run_time} s…",
                flush=True,
            )
            # Locust's own tables are left out: the figures below are taken once every
            # user has finished its last task.
            quiet = subprocess.DEVNULL
            subprocess.run(command, cwd=ROOT, env=locust_env, stdout=quiet, check=False)
        finally:
            server.send_signal(signal.SIGTERM)
            server.wait(timeout=30)
            log.close()
        server_errors = [
            line for line in (folder / "gunicorn.log").read_text().splitlines() if "Error" in line
        ]
        results = json.loads((folder / "results.json").read_text())

    writes = check_writes(results["confirmed"], load_started)
    return report(results["pages"], results["failures"], server_errors, writes)


def add_load_users(count: int) -> None:
    """load-staff-1… and load-head-1…, as many as there may be users of each kind."""
    groups = ensure_roles()
    hashed = make_password(PASSWORD)  # once: the hasher is slow on purpose
    for prefix, group in (("load-staff", STAFF), ("load-head", HEADS)):
        for number in range(1, count + 1):
            user, _created = User.objects.get_or_create(username=f"{prefix}-{number}")
            user.password = hashed
            user.save(update_fields=["password"])
            user.groups.set([groups[group]])


def server_environment(folder: Path) -> dict:
    """Production settings, but over plain HTTP on loopback."""
    return {
        **os.environ,
        "DEBUG": "0",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_COOKIES": "0",
        "SECURE_SSL_REDIRECT": "0",
        "SECURE_HSTS_SECONDS": "0",
        "STATIC_ROOT": str(folder / "static"),
        "LOG_LEVEL": "WARNING",
    }


def run(command: list[str], env: dict) -> None:
    subprocess.run(command, cwd=ROOT, env=env, check=True)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_until_serving(port: int, server: subprocess.Popen) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if server.poll() is not None:
            sys.exit("gunicorn stopped before serving; see its log above.")
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/accounts/login/", timeout=5):
                return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            time.sleep(0.5)
    sys.exit("gunicorn did not answer within 60 s.")


def check_writes(confirmed: list[dict], since) -> dict:
    """The confirmed shipments against those in the database."""
    written = {
        shipment.reference: shipment
        for shipment in Shipment.objects.filter(
            created_by__username__startswith="load-staff-", created_at__gte=since
        ).annotate(lines=Count("items", distinct=True), steps=Count("events", distinct=True))
    }
    wrong = []
    for shipment in confirmed:
        found = written.get(shipment["reference"])
        if found is None:
            continue
        expected = "dispatched" if shipment["dispatched"] else "draft"
        expected = "packed" if shipment["packed"] and not shipment["dispatched"] else expected
        steps = 1 + shipment["packed"] + shipment["dispatched"]
        if (found.lines, found.status, found.steps) != (shipment["items"], expected, steps):
            wrong.append(
                f"{found.reference}: {found.lines} items, {found.status}, {found.steps} steps; "
                f"confirmed {shipment['items']} items, {expected}, {steps} steps"
            )
    confirmed_refs = {shipment["reference"] for shipment in confirmed}
    return {
        "submitted": len(confirmed),
        "written": len(written),
        "lost": sorted(confirmed_refs - set(written)),
        "unconfirmed": sorted(set(written) - confirmed_refs),
        "wrong": wrong,
        "dispatched": sum(shipment["dispatched"] for shipment in confirmed),
    }


def report(pages, failures, server_errors, writes) -> int:
    print()
    print(f"{'page':<22} {'method':<6} {'requests':>8} {'failures':>8} {'p50 ms':>7} {'p95 ms':>7}")
    for row in pages:
        print(
            f"{row['page']:<22} {row['method']:<6} {row['requests']:>8} {row['failures']:>8} "
            f"{row['p50']:>7.0f} {row['p95']:>7.0f}"
        )
    print()
    print(
        f"Shipments confirmed by the server: {writes['submitted']} "
        f"({writes['dispatched']} packed and dispatched); in the database: {writes['written']}."
    )
    problems = []
    if failures:
        problems.append("error responses:\n  " + "\n  ".join(failures))
    if server_errors:
        problems.append("server errors in gunicorn's log:\n  " + "\n  ".join(server_errors[:20]))
    if writes["lost"]:
        problems.append(f"lost writes (confirmed, not in the database): {writes['lost']}")
    if writes["unconfirmed"]:
        problems.append(f"written but never confirmed to the user: {writes['unconfirmed']}")
    if writes["wrong"]:
        problems.append("written differently:\n  " + "\n  ".join(writes["wrong"]))
    for problem in problems:
        print(f"FAILED: {problem}")
    if not problems:
        print("No error responses, no server errors, no lost writes.")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
