"""The benchmark's database: created if missing (or anew), emptied of the history, filled
by COPY, and the summary triggers switched off while something writes behind their back.

`create_database` is also what scripts/bench_import.py and scripts/load_test.py use to
get a database of their own.
"""

import contextlib
import io

from django.db import connection

# The tables whose triggers keep the balance summary: off while the history is COPYed
# in (the summary is rebuilt after) and for the import timed without them.
SUMMARY_TRIGGERS = ("shipments_shipment", "shipments_shipmentitem", "exchange_exchangerate")
# What a fresh history replaces (users and roles stay).
HISTORY_TABLES = (
    "shipments_shipmentevent",
    "shipments_shipmentitem",
    "shipments_shipment",
    "shipments_historicalshipment",
    "shipments_historicalshipmentitem",
    "exchange_exchangerate",
    "exchange_historicalexchangerate",
    "partners_partner",
)


def create_database(database: dict, *, fresh: bool = False) -> None:
    """CREATE DATABASE if it does not exist yet, or anew if `fresh` (from the server's
    `postgres` database)."""
    import psycopg2
    from psycopg2 import sql

    params = {
        "host": database["HOST"],
        "port": database["PORT"] or 5432,
        "user": database["USER"],
        "password": database["PASSWORD"],
    }
    server = psycopg2.connect(dbname="postgres", **{k: v for k, v in params.items() if v})
    server.autocommit = True
    name = sql.Identifier(database["NAME"])
    with server.cursor() as cursor:
        if fresh:
            cursor.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(name))
        cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [database["NAME"]])
        if cursor.fetchone() is None:
            cursor.execute(sql.SQL("CREATE DATABASE {}").format(name))
    server.close()


def empty_history() -> None:
    """Every partner, shipment and rate gone, the ids starting again at 1."""
    with connection.cursor() as cursor:
        cursor.execute(f"TRUNCATE {', '.join(HISTORY_TABLES)} RESTART IDENTITY CASCADE")


@contextlib.contextmanager
def summary_triggers_off():
    """The summary triggers disabled inside, enabled again however it ends."""
    with connection.cursor() as cursor:
        for table in SUMMARY_TRIGGERS:
            cursor.execute(f"ALTER TABLE {table} DISABLE TRIGGER USER")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            for table in SUMMARY_TRIGGERS:
                cursor.execute(f"ALTER TABLE {table} ENABLE TRIGGER USER")


def copy(table: str, columns: str, rows: list, note=None) -> None:
    """COPY the rows (lists of cells; None is NULL) into the table."""
    if note is not None:
        rows = [[*row, note] for row in rows]
    buffer = io.StringIO()
    for row in rows:
        buffer.write("\t".join(_cell(cell) for cell in row))
        buffer.write("\n")
    buffer.seek(0)
    with connection.cursor() as cursor:
        cursor.cursor.copy_expert(
            f"COPY {table} ({columns}) FROM STDIN WITH (FORMAT text, NULL '\\N')", buffer
        )


def _cell(cell) -> str:
    # COPY's text format: a tab or a line break would start a new cell or row.
    if cell is None:
        return "\\N"
    text = str(cell)
    return text.replace("\\", "\\\\").replace("\t", " ").replace("\n", " ")


def reset_sequences(tables) -> None:
    """The tables' id sequences past the ids COPY wrote, for the rows created later."""
    with connection.cursor() as cursor:
        for table in tables:
            cursor.execute(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'),"
                f" (SELECT max(id) FROM {table}))"
            )
