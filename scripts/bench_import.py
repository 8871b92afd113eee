"""Time and peak memory of `import_shipments` for 100,000 rows, CSV and XLSX, into PostgreSQL.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/exchange_bench \\
        .venv/bin/python scripts/bench_import.py [--rows 100000]

The database named in DATABASE_URL is emptied and migrated: it must be a database of its
own whose name contains "bench" (or pass --yes). Each import runs as its own
process running `import_shipments`, as an operator would run it; its wall time and peak
resident memory are printed. The peak is the process's own VmHWM (Linux), read when
the import ends: a child's ru_maxrss would include the high-water mark of this parent,
which holds the generated rows. A 1-row import gives the baseline memory of Django.
"""

import argparse
import csv
import datetime
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "exchange.config.settings")

import django

django.setup()

from decimal import Decimal

from django.core.management import call_command
from django.db import connection
from openpyxl import Workbook
from stdnum import ean

from exchange.bench.database import create_database
from exchange.rates.models import ExchangeRate
from partners.models import Partner
from shipments.columns import SHIPMENT_IMPORT_COLUMNS

PARTNERS = 500
ITEMS_PER_SHIPMENT = 4
TITLES = ["国立国会図書館年報", "Война и мир", "Selected poems of Li Bai", "مكتبة الإسكندرية"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--yes", action="store_true", help="Empty the database whatever its name.")
    args = parser.parse_args()
    database = connection.settings_dict
    if connection.vendor != "postgresql":
        sys.exit("Set DATABASE_URL to a PostgreSQL database (postgres://…/exchange_bench).")
    if "bench" not in database["NAME"] and not args.yes:
        sys.exit(f"{database['NAME']} will be emptied: use a *bench* database or pass --yes.")
    create_database(database)

    call_command("migrate", verbosity=0)
    call_command("flush", interactive=False, verbosity=0)
    setup_partners_and_rates()
    connection.close()

    with tempfile.TemporaryDirectory() as folder:
        folder = Path(folder)
        rows = list(generate_rows(args.rows))
        write_csv(folder / "shipments.csv", rows)
        write_xlsx(folder / "shipments.xlsx", rows)
        write_csv(folder / "one.csv", rows[:1])
        del rows
        for path in (folder / "shipments.csv", folder / "shipments.xlsx"):
            print(f"{path.name}: {path.stat().st_size / 1e6:.1f} MB")

        results = []
        runs = [("baseline: 1 row, CSV", folder / "one.csv", [])]
        for fmt in ("csv", "xlsx"):
            path = folder / f"shipments.{fmt}"
            runs.append((f"{args.rows:,} rows {fmt.upper()}, --dry-run", path, ["--dry-run"]))
            runs.append((f"{args.rows:,} rows {fmt.upper()}, import", path, []))
        for label, path, extra in runs:
            empty_shipments()
            seconds, peak_mb, output = run_import(path, extra)
            results.append((label, seconds, peak_mb, output))

    print()
    print(f"{'run':<44} {'seconds':>8} {'peak RSS MB':>12}  output")
    for label, seconds, peak_mb, output in results:
        print(f"{label:<44} {seconds:>8.1f} {peak_mb:>12.0f}  {output}")
    version = connection.cursor().connection.server_version
    print(f"\nPostgreSQL {version}, Python {sys.version.split()[0]}, {os.cpu_count()} cores")
    # Other work on the machine slows every figure: say how busy it was.
    print("load average (1, 5, 15 min): " + ", ".join(f"{n:.1f}" for n in os.getloadavg()))


def setup_partners_and_rates() -> None:
    Partner.objects.bulk_create(
        Partner(
            code=f"P-{n:04d}", name=f"Partner {n}", kind="national", country="GB", status="active"
        )
        for n in range(PARTNERS)
    )
    ExchangeRate.objects.bulk_create(
        ExchangeRate(currency=currency, valid_from=datetime.date(2000, 1, 1), rate=rate)
        for currency, rate in (
            ("USD", Decimal("7.1")),
            ("EUR", Decimal("7.8")),
            ("JPY", Decimal("0.05")),
        )
    )


def generate_rows(count: int):
    """Shipments of 4 items: outgoing and incoming, counted or not, valued in 4 currencies."""
    rng = random.Random(7)
    statuses = [
        ("outgoing", "dispatched", True, False),
        ("outgoing", "delivered", True, True),
        ("outgoing", "draft", False, False),
        ("incoming", "received", False, True),
        ("incoming", "expected", False, False),
    ]
    for n in range(count):
        number = n // ITEMS_PER_SHIPMENT
        direction, status, dispatched, received = statuses[number % len(statuses)]
        day = datetime.date(2010, 1, 1) + datetime.timedelta(days=number % 5000)
        body = f"978{n:09d}"
        currency = ("USD", "EUR", "JPY", "CNY")[n % 4]
        yield {
            "reference": f"{'OUT' if direction == 'outgoing' else 'IN'}-B-{number:07d}",
            "direction": direction,
            "partner_code": f"P-{number % PARTNERS:04d}",
            "status": status,
            "dispatched_on": day.isoformat() if dispatched else "",
            "received_on": (day + datetime.timedelta(days=20)).isoformat() if received else "",
            "method": "air",
            "title": f"{TITLES[n % len(TITLES)]} {n}",
            "author": "Author",
            "isbn": body + ean.calc_check_digit(body),
            "issn": "",
            "material_type": "monograph",
            "language": "zh",
            "year": str(1990 + n % 30),
            "quantity": str(1 + n % 3),
            "pages": str(100 + n % 400),
            "unit_value": f"{rng.randint(0, 9999) / 100:.2f}",
            "currency": currency,
        }


def write_csv(path: Path, rows) -> None:
    with path.open("w", encoding="utf-8", newline="") as out:
        writer = csv.DictWriter(out, SHIPMENT_IMPORT_COLUMNS)
        writer.writeheader()
        writer.writerows(rows)


def write_xlsx(path: Path, rows) -> None:
    """As a spreadsheet holds it: dates as date cells, numbers as numbers."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Shipments")
    sheet.append(SHIPMENT_IMPORT_COLUMNS)
    numbers = {"year", "quantity", "pages"}
    for row in rows:
        cells = []
        for column in SHIPMENT_IMPORT_COLUMNS:
            value = row[column]
            if value and column.endswith("_on"):
                value = datetime.date.fromisoformat(value)
            elif value and column in numbers:
                value = int(value)
            elif value and column == "unit_value":
                value = float(value)
            cells.append(value)
        sheet.append(cells)
    workbook.save(path)


def empty_shipments() -> None:
    with connection.cursor() as cursor:
        cursor.execute(
            "TRUNCATE shipments_shipmentevent, shipments_shipmentitem, shipments_shipment, "
            "shipments_historicalshipmentitem, shipments_historicalshipment CASCADE"
        )
    connection.close()


def run_import(path: Path, extra: list[str]) -> tuple[float, float, str]:
    command = [sys.executable, __file__, "--child", str(path), *extra]
    started = time.perf_counter()
    # As in production: with DEBUG on, Django would keep the text of every query.
    env = {**os.environ, "DEBUG": "0", "SECRET_KEY": os.environ.get("SECRET_KEY", "bench-only")}
    done = subprocess.run(command, capture_output=True, text=True, env=env)
    seconds = time.perf_counter() - started
    if done.returncode != 0:
        sys.exit(f"{' '.join(command)} failed:\n{done.stdout[-3000:]}{done.stderr[-3000:]}")
    *lines, peak = done.stdout.strip().splitlines()
    return seconds, int(peak.split()[1]) / 1024, lines[-1]


def child(path: str, extra: list[str]) -> None:
    """Import like `manage.py import_shipments`, then print this process's peak memory."""
    call_command("import_shipments", path, *extra)
    status = Path("/proc/self/status").read_text()
    peak_kb = next(line.split()[1] for line in status.splitlines() if line.startswith("VmHWM"))
    print(f"peak-kb {peak_kb}")


if __name__ == "__main__":
    if sys.argv[1:2] == ["--child"]:
        child(sys.argv[2], sys.argv[3:])
    else:
        main()
