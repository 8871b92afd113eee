"""Backing up and restoring the whole database: `manage.py backup` and `restore`.

PostgreSQL: `pg_dump --format=custom` and `pg_restore --clean --if-exists` in one
transaction, with the connection settings of DATABASES["default"] (the password in
PGPASSWORD, never on a command line). SQLite: the online backup API
(`sqlite3.Connection.backup`), page by page, safe while the application runs.

A backup is one file; `restore` replaces everything in the database with it.
"""

import contextlib
import os
import re
import shutil
import sqlite3
import subprocess
from pathlib import Path

from django.conf import settings
from django.core.cache import cache
from django.db import connections
from django.utils import timezone
from django.utils.translation import gettext as _

ALIAS = "default"
# The first bytes of each kind of backup, to refuse the wrong file before touching data.
PG_MAGIC = b"PGDMP"
SQLITE_MAGIC = b"SQLite format 3\x00"


class BackupError(Exception):
    """Why a backup or a restore could not be made; nothing was changed."""


def vendor() -> str:
    return connections[ALIAS].vendor


def database_name() -> str:
    return str(connections[ALIAS].settings_dict["NAME"])


def default_path(now=None) -> Path:
    """backups/<database>-<YYYYmmdd-HHMMSS>.<dump|sqlite3> under the project."""
    stamp = timezone.localtime(now).strftime("%Y%m%d-%H%M%S")
    name = Path(database_name()).stem if vendor() == "sqlite" else database_name()
    name = re.sub(r"[^\w.-]+", "-", name).strip("-") or "database"
    extension = "dump" if vendor() == "postgresql" else "sqlite3"
    return Path(settings.BASE_DIR) / "backups" / f"{name}-{stamp}.{extension}"


def backup(path: Path) -> Path:
    """Write a backup of the whole database to `path` (its folder is created)."""
    # Written beside the target and renamed, so a failed backup leaves no partial file.
    partial = path.with_name(path.name + ".partial")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        if vendor() == "postgresql":
            _pg_dump(partial)
        elif vendor() == "sqlite":
            _sqlite_backup(partial)
        else:
            raise BackupError(_("Backups of %(vendor)s are not supported.") % {"vendor": vendor()})
        partial.replace(path)
    except (OSError, sqlite3.Error) as error:
        raise BackupError(
            _("The backup cannot be written to “%(path)s”: %(error)s")
            % {"path": path, "error": error}
        ) from error
    finally:
        with contextlib.suppress(OSError):
            partial.unlink(missing_ok=True)
    return path


def restore(path: Path) -> None:
    """Replace everything in the database with the backup in `path`."""
    if not path.is_file():
        raise BackupError(_("There is no file “%(path)s”.") % {"path": path})
    with path.open("rb") as file:
        start = file.read(len(SQLITE_MAGIC))
    if vendor() == "postgresql":
        if not start.startswith(PG_MAGIC):
            raise BackupError(
                _("“%(path)s” is not a PostgreSQL backup (pg_dump -Fc).") % {"path": path}
            )
        _pg_restore(path)
    elif vendor() == "sqlite":
        if start != SQLITE_MAGIC:
            raise BackupError(_("“%(path)s” is not a SQLite database.") % {"path": path})
        _sqlite_restore(path)
    else:
        raise BackupError(_("Backups of %(vendor)s are not supported.") % {"vendor": vendor()})
    # Cached report pages describe the data before the restore.
    cache.clear()


# PostgreSQL ----------------------------------------------------------------------------


def _pg_tool(name: str) -> str:
    found = shutil.which(name)
    if not found:
        raise BackupError(
            _("%(tool)s was not found; install the PostgreSQL client.") % {"tool": name}
        )
    return found


def _pg_connection() -> tuple[list[str], dict[str, str]]:
    """Command-line options and environment that reach the default database."""
    db = connections[ALIAS].settings_dict
    options = ["--dbname", str(db["NAME"])]
    for flag, key in (("--host", "HOST"), ("--port", "PORT"), ("--username", "USER")):
        if db.get(key):
            options += [flag, str(db[key])]
    env = dict(os.environ)
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = str(db["PASSWORD"])
    for option, variable in (("sslmode", "PGSSLMODE"), ("sslrootcert", "PGSSLROOTCERT")):
        if db.get("OPTIONS", {}).get(option):
            env[variable] = str(db["OPTIONS"][option])
    return options, env


def _run(command: list[str], env: dict[str, str]) -> None:
    finished = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    if finished.returncode:
        raise BackupError(
            _("%(tool)s failed: %(error)s")
            % {"tool": Path(command[0]).name, "error": finished.stderr.strip()}
        )


def _pg_dump(path: Path) -> None:
    options, env = _pg_connection()
    _run([_pg_tool("pg_dump"), "--format=custom", "--file", str(path), *options], env)


def _pg_restore(path: Path) -> None:
    options, env = _pg_connection()
    # Our own connection would otherwise hold locks that the restore waits for.
    connections[ALIAS].close()
    command = [_pg_tool("pg_restore"), "--clean", "--if-exists", "--single-transaction"]
    command += ["--no-owner", *options, str(path)]
    _run(command, env)


# SQLite --------------------------------------------------------------------------------


def _sqlite_connection() -> sqlite3.Connection:
    connection = connections[ALIAS]
    connection.ensure_connection()
    return connection.connection


def _sqlite_backup(path: Path) -> None:
    target = sqlite3.connect(path)
    try:
        _sqlite_connection().backup(target)
    finally:
        target.close()


def _sqlite_restore(path: Path) -> None:
    source = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    try:
        source.backup(_sqlite_connection())
    finally:
        source.close()
