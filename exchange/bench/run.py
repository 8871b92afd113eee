"""One whole run of the benchmark, in order: the database, the history, the measures,
the import, the checks; then the report printed and written into the doc.

The caller (`manage.py bench`) has checked that the database is PostgreSQL and may be
emptied.
"""

import gc

from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.test import override_settings
from django.utils import timezone

from exchange.bench import doc, history
from exchange.bench.checks import check
from exchange.bench.database import create_database
from exchange.bench.exports import time_exports
from exchange.bench.imports import time_imports
from exchange.bench.machine import machine_info
from exchange.bench.measures import bench_head, measure_all
from exchange.bench.sweep import LIMIT, time_requests


def run(
    *,
    scale: float,
    partners: int | None,
    runs: int,
    import_rows: int,
    import_runs: int,
    reuse: bool,
    no_doc: bool,
    write,
    progress=None,
) -> dict:
    """Run the benchmark in the database of `connection`; `write` prints a line,
    `progress` (exchange.core.commands.Progress) shows the timing of every request.
    Returns the report (what `doc` renders); raises CommandError, once the figures are
    written, when a request took more than the sweep's LIMIT."""
    setup = prepare(history.counts(scale, partners), reuse, write)
    year = timezone.localdate().year - 1
    results, requests, checks = measure(year, runs, import_rows, import_runs, write, progress)
    machine = machine_info()
    # In this order in the doc's JSON.
    report = {
        "scale": scale,
        "runs": runs,
        "when": timezone.localtime().strftime("%Y-%m-%d %H:%M"),
        "year": year,
        "data": history.data_sizes(),
        "setup": setup,
        "machine": machine,
        "results": results,
        "requests": requests,
        "checks": checks,
    }
    write(doc.render_scale(report))
    if not no_doc:
        doc.write_doc(report)
        write(f"Written to {doc.DOC.relative_to(doc.ROOT)}.")
    if not checks["requests"]["all_under_limit"]:
        slowest = requests[0]
        raise CommandError(
            f"{slowest['method']} {slowest['url']} took {slowest['s']:.1f} s (over {LIMIT:g} s)."
        )
    return report


def prepare(counts: dict, reuse: bool, write) -> dict:
    """The database created and migrated, and a fresh history unless `reuse` finds one
    of these counts; returns how long the history took (empty when reused)."""
    create_database(connection.settings_dict)
    call_command("migrate", verbosity=0)
    if reuse and history.has_scale(counts):
        return {}
    return history.generate(counts, write)


def measure(year: int, runs: int, import_rows: int, import_runs: int, write, progress) -> tuple:
    """The results of every measure and import, every request's, and the checks."""
    head = bench_head()
    # As in production (exchange/config/wsgi.py): what is loaded is frozen, and with
    # DEBUG on Django would keep the text of every query.
    gc.collect()
    gc.freeze()
    with override_settings(DEBUG=False, ALLOWED_HOSTS=["testserver"]):
        results = measure_all(year, head, runs, write)
        if progress:
            progress.start("Every request timed")
        requests, requests_check = time_requests(runs, write, progress)
        if progress:
            progress.finish()
        results += time_exports(write)
        results += time_imports(import_rows, import_runs, write)
        checks = check(year, write)
    return results, requests, {**checks, "requests": requests_check}
