"""The checks that end every run: the summary equals its recomputation from the raw
rows, and the balance CSVs are byte for byte those computed from the raw rows alone.
A run whose figures come from a wrong summary fails rather than reports them.
"""

import time

from django.core.management.base import CommandError

from exchange.balance import rebuild
from exchange.balance.export import balance_report
from exchange.balance.sums import raw_only
from exchange.balance.totals import Period


def check(year: int, write) -> dict:
    """The summary against its recomputation, and the CSVs against the raw sums."""
    started = time.perf_counter()
    stored, expected = rebuild.stored_rows(), rebuild.expected_rows()
    checks = {"summary_equals_recomputation": stored == expected}
    for name, period in (("csv_year", Period.year(year)), ("csv_all", Period())):
        fast = balance_report(period=period, fmt="csv")
        with raw_only():
            raw = balance_report(period=period, fmt="csv")
        checks[f"{name}_identical_to_raw"] = fast == raw
    checks["check_s"] = round(time.perf_counter() - started, 1)
    write(f"  checks: {checks}")
    if not all(value for key, value in checks.items() if key != "check_s"):
        raise CommandError(f"The summary disagrees with the raw rows: {checks}")
    return checks
