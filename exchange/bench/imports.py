"""The import's timing: scripts/bench_import.py's rows imported by `manage.py
import_shipments` in a process of its own, as an operator runs it, with the summary
triggers and once without them; what it wrote deleted after each run.
"""

import contextlib
import importlib.util
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from django.conf import settings
from django.core.management.base import CommandError
from django.db import connection

from exchange.bench.database import summary_triggers_off

ROOT = Path(settings.BASE_DIR)
# The script's rows need partners to ship to; it makes no more than this many.
MAX_PARTNERS = 500


def time_imports(rows: int, runs: int, write) -> list[dict]:
    """The median of `runs` imports of `rows` rows with the triggers, and one without."""
    if not rows or not runs:
        return []
    bench_import = load_bench_import()
    bench_import.PARTNERS = min(MAX_PARTNERS, partner_count())
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
            write(f"  {label}: {seconds:.1f} s")
    return results


def load_bench_import():
    """scripts/bench_import.py: its rows and CSV writer, not its own database set-up."""
    spec = importlib.util.spec_from_file_location("bench_import", ROOT / "scripts/bench_import.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def partner_count() -> int:
    from partners.models import Partner

    return Partner.objects.count()


def run_import(path: Path, triggers: bool) -> float:
    """Time `manage.py import_shipments` in its own process, then delete what it wrote
    (with the triggers, so the summary stays exact; without them when it was written
    without them, so the summary never saw it)."""
    env = {**os.environ, "DEBUG": "0", "SECRET_KEY": os.environ.get("SECRET_KEY", "bench-only")}
    command = [sys.executable, str(ROOT / "manage.py"), "import_shipments", str(path)]
    with contextlib.nullcontext() if triggers else summary_triggers_off():
        started = time.perf_counter()
        done = subprocess.run(command, capture_output=True, text=True, env=env, cwd=ROOT)
        seconds = time.perf_counter() - started
        if done.returncode != 0:
            raise CommandError(f"import failed:\n{done.stdout[-2000:]}{done.stderr[-2000:]}")
        delete_imported()
    return seconds


def delete_imported() -> None:
    """The shipments the import wrote (references …-B-…), their items, events and
    history."""
    with connection.cursor() as cursor:
        imported = "SELECT id FROM shipments_shipment WHERE reference LIKE '%%-B-%%'"
        cursor.execute(f"DELETE FROM shipments_shipmentitem WHERE shipment_id IN ({imported})")
        cursor.execute(f"DELETE FROM shipments_shipmentevent WHERE shipment_id IN ({imported})")
        cursor.execute("DELETE FROM shipments_shipment WHERE reference LIKE '%%-B-%%'")
        cursor.execute("TRUNCATE shipments_historicalshipment, shipments_historicalshipmentitem")
