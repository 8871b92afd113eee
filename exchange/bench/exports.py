"""The whole-list exports' timing: `manage.py export_shipments` of every shipment, as
CSV and as XLSX, in a process of its own as an operator runs it, with that process's
peak memory (its maximum resident set, from the kernel): the time grows with the
history, the memory must not.
"""

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import quote

from django.conf import settings
from django.core.management.base import CommandError
from django.db import connection

ROOT = Path(settings.BASE_DIR)


def time_exports(write) -> list[dict]:
    results = []
    with tempfile.TemporaryDirectory() as folder:
        for fmt in ("csv", "xlsx"):
            path = Path(folder) / f"shipments.{fmt}"
            seconds, peak_mb = run_export(fmt, path)
            size_mb = path.stat().st_size / 1e6
            label = (
                f"Shipment list as {fmt.upper()}, every shipment, by the command"
                f" ({size_mb:.1f} MB; peak memory {peak_mb:.0f} MB)"
            )
            results.append(
                {
                    "key": f"export_{fmt}",
                    "label": label,
                    "baseline": None,
                    "s": seconds,
                    "queries": None,
                    "peak_mb": peak_mb,
                }
            )
            write(f"  {label}: {seconds:.1f} s")
    return results


def run_export(fmt: str, path: Path) -> tuple[float, float]:
    """Seconds and peak resident memory (MB) of the export in a process of its own."""
    env = {**os.environ, "DEBUG": "0", "SECRET_KEY": os.environ.get("SECRET_KEY", "bench-only")}
    env["DATABASE_URL"] = database_url()
    command = [sys.executable, str(ROOT / "manage.py"), "export_shipments"]
    command += ["--format", fmt, "--output", str(path)]
    with tempfile.TemporaryFile() as err:
        started = time.perf_counter()
        process = subprocess.Popen(
            command, stdout=subprocess.DEVNULL, stderr=err, env=env, cwd=ROOT
        )
        _pid, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - started
        process.returncode = os.waitstatus_to_exitcode(status)
        if process.returncode != 0:
            err.seek(0)
            raise CommandError(f"export failed:\n{err.read()[-2000:].decode(errors='replace')}")
    return seconds, usage.ru_maxrss / 1024  # kilobytes on Linux


def database_url() -> str:
    """The database this process is connected to (the bench's, or a test's), for the
    export's own process."""
    db = connection.settings_dict
    user = quote(db["USER"] or "", safe="")
    password = f":{quote(db['PASSWORD'], safe='')}" if db["PASSWORD"] else ""
    host = f"{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}"
    return f"postgres://{user}{password}@{host}/{quote(db['NAME'], safe='')}"
