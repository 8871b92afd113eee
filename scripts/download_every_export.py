"""Download every export of a running server as a user would, and check each file.

    .venv/bin/python scripts/download_every_export.py --url http://127.0.0.1:8000 \\
        --user admin --password demo-admin-2026

Signs in, then requests each export of every list and report (CSV and XLSX): a file
answered at once is read to its last byte; an export started as a job (past
JOBS_SYNC_ROWS) is followed on its progress, once a second as the page does, and its file
downloaded. Each file is checked (a CSV has its header and rows; an XLSX opens as a
workbook). Prints a line per export and exits 1 if any failed: what docs/deployment.md
runs after `make serve` to show that no download meets gunicorn's worker timeout.
"""

import argparse
import csv
import io
import os
import sys
import time
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "exchange.config.settings")

import django  # noqa: E402

django.setup()

from django.urls import reverse  # noqa: E402
from openpyxl import load_workbook  # noqa: E402

# Seconds a job may wait for a worker to take it before the export counts as failed.
JOB_WAIT = 60


def exports(partner: str) -> list[tuple[str, str]]:
    """(label, path) of every export, in both formats."""
    found = []
    for fmt in ("csv", "xlsx"):
        found += [
            (f"Partners {fmt}", f"{reverse('partners:export')}?format={fmt}"),
            (f"Shipments {fmt}", f"{reverse('shipments:export')}?format={fmt}"),
            (f"Rates {fmt}", f"{reverse('exchange:export_rates')}?format={fmt}"),
            (f"Obligations {fmt}", reverse("exchange:obligation_list", kwargs={"fmt": fmt})),
            (
                f"Balance, all time {fmt}",
                reverse("exchange:report_balance", kwargs={"fmt": fmt}) + "?period=all",
            ),
            (
                f"Partner report {partner} {fmt}",
                reverse("exchange:report_partner", kwargs={"code": partner, "fmt": fmt}),
            ),
            (f"Trends {fmt}", reverse("exchange:report_trends", kwargs={"fmt": fmt})),
        ]
        found += [
            (
                f"Summary by {by} {fmt}",
                reverse("exchange:report_summary", kwargs={"by": by, "fmt": fmt}) + "?period=all",
            )
            for by in ("country", "region", "subregion", "kind")
        ]
        found += [
            (
                f"Costs by {by} {fmt}",
                reverse("exchange:report_costs", kwargs={"by": by, "fmt": fmt}) + "?period=all",
            )
            for by in ("partner", "country")
        ]
    return found


def sign_in(session: requests.Session, base: str, user: str, password: str) -> None:
    login = base + reverse("login")
    session.get(login).raise_for_status()
    answer = session.post(
        login,
        data={
            "username": user,
            "password": password,
            "csrfmiddlewaretoken": session.cookies["csrftoken"],
        },
        headers={"Referer": login},
        allow_redirects=False,
    )
    if answer.status_code != 302:
        raise SystemExit(f"Signing in as {user} failed ({answer.status_code}).")


def download(session, base: str, path: str, timeout: float) -> tuple[bytes, str]:
    """The file of one export, and how it came: at once, or from a job."""
    answer = session.get(base + path, allow_redirects=False, timeout=timeout)
    if answer.status_code == 200:
        return answer.content, "at once"
    location = answer.headers.get("Location", "")
    if answer.status_code != 302 or "/jobs/" not in location:
        raise RuntimeError(f"answered {answer.status_code} {location}")
    job = location.rstrip("/").rsplit("/", 1)[-1]
    deadline = time.monotonic() + JOB_WAIT
    while True:
        status = session.get(f"{base}/jobs/{job}/progress/", timeout=timeout).json()
        if status["finished"]:
            break
        if status["state"] == "queued" and time.monotonic() > deadline:
            raise RuntimeError(f"job {job} still waiting after {JOB_WAIT} s: is a worker running?")
        time.sleep(1)
    if status["state"] != "done":
        raise RuntimeError(f"job {job} {status['state']}")
    file = session.get(f"{base}/jobs/{job}/download/", timeout=timeout)
    file.raise_for_status()
    return file.content, f"job {job}"


def check(content: bytes, path: str) -> str:
    """What the file holds, or RuntimeError if it is not a good file."""
    if "xlsx" in path:
        workbook = load_workbook(io.BytesIO(content), read_only=True)
        # Counted: a streamed sheet states no dimension to read it from.
        rows = sum(1 for sheet in workbook.worksheets for _row in sheet.iter_rows()) - len(
            workbook.worksheets
        )
        return f"{len(workbook.worksheets)} sheet(s), {rows:,} rows"
    lines = content.decode("utf-8-sig").splitlines()
    if len(lines) < 2:
        raise RuntimeError("a CSV without rows")
    return f"{len(lines) - 1:,} rows"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--url", default="http://127.0.0.1:8000")
    parser.add_argument("--user", default="admin")
    parser.add_argument("--password", default="demo-admin-2026")
    parser.add_argument("--timeout", type=float, default=120, help="Seconds per request.")
    options = parser.parse_args()
    base = options.url.rstrip("/")
    session = requests.Session()
    sign_in(session, base, options.user, options.password)
    partners = session.get(f"{base}{reverse('partners:export')}?format=csv").text
    codes = [row["code"] for row in csv.DictReader(io.StringIO(partners.lstrip("\ufeff")))]
    if not codes:
        raise SystemExit("No partner to export: load the data first (e.g. seed_demo).")
    failed = 0
    for label, path in exports(codes[0]):
        started = time.perf_counter()
        try:
            content, how = download(session, base, path, options.timeout)
            what = check(content, path)
        except Exception as error:  # noqa: BLE001 — every failure reported, then the next
            failed += 1
            print(f"FAILED {label}: {error}")
            continue
        seconds = time.perf_counter() - started
        print(f"ok {label}: {len(content) / 1e6:.1f} MB, {what}, {how}, {seconds:.1f} s")
    print(f"{failed} failed" if failed else "Every export downloaded.")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
