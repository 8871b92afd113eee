"""The machine the figures were measured on, written next to them: figures from two
machines do not compare."""

import contextlib
import os
import platform
from pathlib import Path

import django
from django.db import connection


def machine_info() -> dict:
    """CPU, cores, memory, the PostgreSQL, Python and Django versions, the load."""
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        postgres = cursor.fetchone()[0]
    return {
        "cpu": proc_field("/proc/cpuinfo", "model name") or "unknown",
        "cores": os.cpu_count(),
        "memory": memory(),
        "postgresql": postgres,
        "python": platform.python_version(),
        "django": django.get_version(),
        "load": ", ".join(f"{n:.1f}" for n in os.getloadavg()),
    }


def memory() -> str:
    total = proc_field("/proc/meminfo", "MemTotal")  # "16318412 kB"
    return f"{int(total.split()[0]) / 1024 / 1024:.1f} GiB" if total else ""


def proc_field(path: str, name: str) -> str:
    """The value of the first line of a /proc file that starts with `name` ("" when
    there is none: not Linux)."""
    with contextlib.suppress(OSError):
        for line in Path(path).read_text().splitlines():
            if line.startswith(name):
                return line.split(":", 1)[1].strip()
    return ""
