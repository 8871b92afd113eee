"""The balance summary: counted totals per partner, direction and month, year and all
time (`BalanceSummary`), and the valued lines left without a rate (`UnratedValue`),
kept exact by database triggers in the transaction of every change.

Why triggers: shipments, items and rates are written by the services, the imports
(bulk_create, bulk_update, a raw delete of replaced items), the admin, seed_demo and
raw SQL alike. A trigger catches every one of them, in the same transaction, so the
summary can never disagree with the rows it sums, whatever wrote them.

How each trigger keeps it exact: it works out which (partner, direction, month)
buckets its statement touched — a shipment's old and new bucket when its partner,
direction or counted date changes; the bucket of an item's shipment; for a rate, the
buckets of the counted shipments with valued items in that currency whose rate in
effect changes (from its valid-from to the next one) — then recomputes those month
rows from the raw rows, the year rows from the months and the all-time rows from the
years. Recomputing rather than adding deltas means no drift: a row is always the sum of
the raw rows of its bucket at that moment.

Concurrency (PostgreSQL, READ COMMITTED, Django's default): two transactions that
recompute the same bucket from their own snapshots would leave the last committer's
view. So a trigger takes a transaction-long advisory lock per partner before its
recompute, and works out its buckets again after each lock it waited for (a fresh
snapshot then sees what the other transaction committed, e.g. a shipment moved to
another partner). Rate changes take one global lock exclusively (they touch any
partner) and shipment and item triggers take it shared.

On PostgreSQL the triggers are per statement with transition tables (one recompute per
bulk statement); on SQLite per row (SQLite has no statement triggers).

The SQL below sums items, titles, pages and value, shipments and the last date exactly
as exchange.balance does from the raw rows; tests/exchange/test_summary.py checks that
the two agree after random sequences of every kind of change, on both databases.

The base currency (converted at 1) is read by the triggers from the view
`exchange_summary_base`, created from settings.EXCHANGE_BASE_CURRENCY; `manage.py
rebuild_summary` sets it again and rebuilds when the setting changes.
"""

import calendar
import datetime
import operator
import re
from collections import defaultdict
from dataclasses import dataclass
from functools import reduce

from django.conf import settings
from django.db import connection, connections, transaction
from django.db.models import CharField, Q
from django.db.models.expressions import RawSQL

from exchange.models import BalanceSummary, UnratedValue

# pg_advisory_xact_lock keys: (class, partner id) per partner, (class, 0) the global one.
PARTNER_LOCK = 47_361
GLOBAL_LOCK = 47_362

SUMMARY = "exchange_balancesummary"
UNRATED = "exchange_unratedvalue"
SHIPMENT = "shipments_shipment"
ITEM = "shipments_shipmentitem"
RATE = "exchange_exchangerate"
PARTNER = "partners_partner"
BASE_VIEW = "exchange_summary_base"
VERSION = "exchange_dataversion"
CHANGE = "exchange_datachange"
PLPGSQL = "LANGUAGE plpgsql AS $$"
COLUMNS = "partner_id, direction, year, month, items, titles, pages, value, shipments, last_on"
SUMS = "SUM(items), SUM(titles), SUM(pages), SUM(value), SUM(shipments), MAX(last_on)"


# The SQL of each database ---------------------------------------------------------------


class _Dialect:
    """The few expressions that differ between PostgreSQL and SQLite."""

    def __init__(self, vendor: str):
        self.pg = vendor == "postgresql"

    def month_of(self, date: str) -> str:
        return (
            f"date_trunc('month', {date})::date" if self.pg else f"date({date}, 'start of month')"
        )

    def next_month(self, first_day: str) -> str:
        if self.pg:
            return f"({first_day} + interval '1 month')::date"
        return f"date({first_day}, '+1 month')"

    def year(self, date: str) -> str:
        if self.pg:
            return f"extract(year FROM {date})::int"
        return f"CAST(strftime('%Y', {date}) AS INTEGER)"

    def month(self, date: str) -> str:
        if self.pg:
            return f"extract(month FROM {date})::int"
        return f"CAST(strftime('%m', {date}) AS INTEGER)"

    def whole(self, expression: str) -> str:
        """Rounded to a whole number: numeric on PostgreSQL (no overflow before the sum),
        an integer on SQLite (whose decimals are floats), as exchange.balance does."""
        return f"round({expression})" if self.pg else f"CAST(ROUND({expression}) AS INTEGER)"

    def rate_micro(self, alias: str) -> str:
        """The rate in millionths of `alias`.currency on s.counted_on: 10⁶ for the base
        currency, 0 when there is none (exchange.balance._rate_micro)."""
        rate = (
            f"(SELECT {self.whole('r.rate * 1000000')} FROM {RATE} AS r"
            f" WHERE r.currency = {alias}.currency AND r.valid_from <= s.counted_on"
            " ORDER BY r.valid_from DESC LIMIT 1)"
        )
        return (
            f"CASE WHEN {alias}.currency = (SELECT currency FROM {BASE_VIEW}) THEN 1000000"
            f" ELSE COALESCE({rate}, 0) END"
        )

    def line_value(self) -> str:
        """A line's value in 10⁻⁸ base units: exchange.balance.line_value_units."""
        cents = self.whole("i.unit_value * 100")
        rate = self.rate_micro("i")
        return f"CASE WHEN i.unit_value = 0 THEN 0 ELSE {cents} * i.quantity * {rate} END"

    def refresh(self, keys: str) -> list[str]:
        """Recompute the buckets of `keys`, a SELECT of distinct (partner_id, direction,
        first_day) month keys; the months from the raw rows, then years, then all time.

        On PostgreSQL the raw rows are reached through LATERAL subqueries, so that the
        planner looks up each shipment's items by index rather than scanning them all."""
        year, month = self.year("first_day"), self.month("first_day")
        months = f"SELECT partner_id, direction, {year}, {month} FROM ({keys}) AS k"
        years = f"SELECT DISTINCT partner_id, direction, {year} FROM ({keys}) AS k"
        partners = f"SELECT DISTINCT partner_id, direction FROM ({keys}) AS k"
        delete_unrated = (
            f"DELETE FROM {UNRATED} WHERE EXISTS (SELECT 1 FROM ({keys}) AS k"
            f" WHERE k.partner_id = {UNRATED}.partner_id AND k.direction = {UNRATED}.direction"
            f" AND {UNRATED}.counted_on >= k.first_day"
            f" AND {UNRATED}.counted_on < {self.next_month('k.first_day')})"
        )
        if self.pg:
            return [
                delete_unrated,
                self.month_and_unrated_rows(keys, months),
                self.rolled_up(("partner_id", "direction", "year"), years, "month > 0"),
                self.rolled_up(("partner_id", "direction"), partners, "year > 0 AND month = 0"),
            ]
        return [
            self.delete(SUMMARY, ("partner_id", "direction", "year", "month"), months),
            delete_unrated,
            self.month_rows(keys),
            self.unrated_rows(keys),
            self.delete(SUMMARY, ("partner_id", "direction", "year"), years, "month = 0"),
            self.rolled_up(("partner_id", "direction", "year"), years, "month > 0"),
            self.delete(SUMMARY, ("partner_id", "direction"), partners, "year = 0"),
            self.rolled_up(("partner_id", "direction"), partners, "year > 0 AND month = 0"),
        ]

    @staticmethod
    def upserted(computed: str, keys: str, columns, condition: str = "TRUE") -> str:
        """PostgreSQL: the rows of `keys` (on `columns`) made what the SELECT `computed`
        gives, updated in place where they exist, so that a bucket's row keeps its place
        in the table (a HOT update; reports read the all-time and year rows together),
        inserted where new, deleted where `computed` has no row for them any more."""
        names = ", ".join(columns)
        match = " AND ".join(f"b.{name} = y.{name}" for name in columns)
        values = ("items", "titles", "pages", "value", "shipments", "last_on")
        updates = ", ".join(f"{name} = EXCLUDED.{name}" for name in values)
        old = ", ".join(f"b.{name}" for name in values)
        new = ", ".join(f"EXCLUDED.{name}" for name in values)
        return (
            f"{computed}, upserted AS (INSERT INTO {SUMMARY} AS b ({COLUMNS})"
            " SELECT * FROM computed ON CONFLICT (partner_id, direction, year, month)"
            f" DO UPDATE SET {updates} WHERE ({old}) IS DISTINCT FROM ({new}))"
            f" DELETE FROM {SUMMARY} AS b USING ({keys}) AS y({names}) WHERE {match}"
            f" AND {condition} AND NOT EXISTS (SELECT 1 FROM computed AS c"
            " WHERE c.partner_id = b.partner_id AND c.direction = b.direction"
            " AND c.year = b.year AND c.month = b.month)"
        )

    def delete(self, table: str, columns, keys: str, condition: str = "") -> str:
        """Delete the rows of `table` whose `columns` are a row of the SELECT `keys`."""
        condition = f" AND {condition}" if condition else ""
        if self.pg:
            names = ", ".join(columns)
            match = " AND ".join(f"b.{name} = y.{name}" for name in columns)
            return f"DELETE FROM {table} AS b USING ({keys}) AS y({names}) WHERE {match}{condition}"
        return f"DELETE FROM {table} WHERE ({', '.join(columns)}) IN ({keys}){condition}"

    def month_rows(self, keys: str) -> str:
        """The month rows of the keys, from their counted shipments and items."""
        return (
            f"INSERT INTO {SUMMARY} ({COLUMNS}) SELECT k.partner_id, k.direction,"
            f" {self.year('k.first_day')}, {self.month('k.first_day')},"
            " COALESCE(SUM(i.quantity), 0), COUNT(i.id),"
            f" COALESCE(SUM(i.pages * i.quantity), 0), COALESCE(SUM({self.line_value()}), 0),"
            f" COUNT(DISTINCT s.id), MAX(s.counted_on){self.shipments_of(keys)}"
            f" LEFT JOIN {ITEM} AS i ON i.shipment_id = s.id"
            " GROUP BY k.partner_id, k.direction, k.first_day"
        )

    def month_and_unrated_rows(self, keys: str, months: str) -> str:
        """PostgreSQL: the month rows and the unrated lines of the keys in one pass over
        their shipments' items, grouped per shipment and currency so that a rate is
        looked up once per currency rather than once per line:
        Σ cents × quantity × rate = (Σ cents × quantity) × rate, exactly, in integers."""
        base = f"(SELECT currency FROM {BASE_VIEW})"
        rate = (
            f"(SELECT {self.whole('r.rate * 1000000')} FROM {RATE} AS r"
            " WHERE r.currency = g.currency AND r.valid_from <= s.counted_on"
            " ORDER BY r.valid_from DESC LIMIT 1)"
        )
        lines = (
            "SELECT k.partner_id, k.direction, k.first_day, s.id AS shipment_id, s.counted_on,"
            " c.currency, c.items, c.titles, c.pages, c.cents, c.valued, c.rate"
            f"{self.shipments_of(keys)} LEFT JOIN LATERAL (SELECT g.*, {rate} AS rate"
            " FROM (SELECT i.currency, SUM(i.quantity) AS items, COUNT(*) AS titles,"
            " SUM(i.pages::bigint * i.quantity) AS pages,"
            " SUM(round(i.unit_value * 100) * i.quantity) AS cents,"
            " COUNT(*) FILTER (WHERE i.unit_value <> 0) AS valued"
            f" FROM {ITEM} AS i WHERE i.shipment_id = s.id GROUP BY i.currency) AS g) AS c"
            " ON true"
        )
        computed = (
            f"WITH lines AS ({lines}), unrated AS (INSERT INTO {UNRATED}"
            " (partner_id, direction, currency, counted_on, lines)"
            " SELECT partner_id, direction, currency, counted_on, SUM(valued) FROM lines"
            f" WHERE valued > 0 AND rate IS NULL AND currency <> {base}"
            " GROUP BY partner_id, direction, currency, counted_on),"
            f" computed AS (SELECT partner_id, direction, {self.year('first_day')} AS year,"
            f" {self.month('first_day')} AS month, COALESCE(SUM(items), 0) AS items,"
            " COALESCE(SUM(titles), 0) AS titles, COALESCE(SUM(pages), 0) AS pages,"
            f" COALESCE(SUM(cents * CASE WHEN currency = {base} THEN 1000000"
            " ELSE COALESCE(rate, 0) END), 0) AS value, COUNT(DISTINCT shipment_id) AS shipments,"
            " MAX(counted_on) AS last_on FROM lines GROUP BY partner_id, direction, first_day)"
        )
        return self.upserted(computed, months, ("partner_id", "direction", "year", "month"))

    def shipments_of(self, keys: str) -> str:
        """FROM the keys (as k) and their counted shipments (as s): on PostgreSQL a
        LATERAL subquery, so that each key is one range scan of shipment_balance_idx."""
        in_month = (
            "s.partner_id = k.partner_id AND s.direction = k.direction"
            f" AND s.counted_on >= k.first_day AND s.counted_on < {self.next_month('k.first_day')}"
        )
        if self.pg:
            return (
                f" FROM ({keys}) AS k CROSS JOIN LATERAL (SELECT s.id, s.counted_on"
                f" FROM {SHIPMENT} AS s WHERE {in_month}) AS s"
            )
        return f" FROM ({keys}) AS k JOIN {SHIPMENT} AS s ON {in_month}"

    def rolled_up(self, columns, keys: str, condition: str) -> str:
        """Year rows from month rows, or all-time rows from year rows."""
        names = ", ".join(columns)
        zeros = ", ".join(["0"] * (4 - len(columns)))
        if self.pg:
            zeros = ", ".join(f"0 AS {name}" for name in ("year", "month")[len(columns) - 2 :])
            match = " AND ".join(f"b.{name} = y.{name}" for name in columns)
            sums = (
                "SUM(items) AS items, SUM(titles) AS titles, SUM(pages) AS pages,"
                " SUM(value) AS value, SUM(shipments) AS shipments, MAX(last_on) AS last_on"
            )
            picked = ", ".join(f"y.{name}" for name in columns)
            computed = (
                f"WITH computed AS (SELECT {picked}, {zeros}, t.items, t.titles, t.pages,"
                f" t.value, t.shipments, t.last_on FROM ({keys}) AS y({names})"
                f" CROSS JOIN LATERAL (SELECT {sums} FROM {SUMMARY} AS b"
                f" WHERE {match} AND {condition}) AS t WHERE t.shipments IS NOT NULL)"
            )
            rows = "b.month = 0" if len(columns) == 3 else "b.year = 0"
            return self.upserted(computed, keys, columns, rows)
        return (
            f"INSERT INTO {SUMMARY} ({COLUMNS}) SELECT {names}, {zeros}, {SUMS} FROM {SUMMARY}"
            f" WHERE {condition} AND ({names}) IN ({keys}) GROUP BY {names}"
        )

    def unrated_rows(self, keys: str) -> str:
        """SQLite: the unrated lines of the keys."""
        base = f"(SELECT currency FROM {BASE_VIEW})"
        return (
            f"INSERT INTO {UNRATED} (partner_id, direction, currency, counted_on, lines)"
            " SELECT k.partner_id, k.direction, i.currency, s.counted_on, COUNT(*)"
            f"{self.shipments_of(keys)} JOIN {ITEM} AS i ON i.shipment_id = s.id"
            f" WHERE i.unit_value <> 0 AND i.currency <> {base} AND NOT EXISTS (SELECT 1"
            f" FROM {RATE} AS r WHERE r.currency = i.currency AND r.valid_from <= s.counted_on)"
            " GROUP BY k.partner_id, k.direction, i.currency, s.counted_on"
        )

    def shipment_keys(self, rows: str, where: str = "") -> str:
        month = self.month_of("counted_on")
        return (
            f"SELECT DISTINCT partner_id, direction, {month} AS first_day FROM {rows}"
            f" WHERE counted_on IS NOT NULL{where}"
        )

    def keys_of_shipments(self, ids: str) -> str:
        """The buckets of the counted shipments whose ids the SELECT `ids` gives."""
        month = self.month_of("s.counted_on")
        if self.pg:
            return (
                f"SELECT DISTINCT s.partner_id, s.direction, {month} AS first_day"
                f" FROM (SELECT DISTINCT n.id FROM ({ids}) AS n(id)) AS n CROSS JOIN LATERAL"
                f" (SELECT partner_id, direction, counted_on FROM {SHIPMENT} AS s"
                " WHERE s.id = n.id AND s.counted_on IS NOT NULL) AS s"
            )
        return (
            f"SELECT DISTINCT s.partner_id, s.direction, {month} AS first_day"
            f" FROM {SHIPMENT} AS s WHERE s.counted_on IS NOT NULL AND s.id IN ({ids})"
        )

    def keys_of_rates(self, changed: str) -> str:
        """The buckets whose rate changes with the rates (currency, valid_from) of the
        SELECT `changed`: valued items in that currency counted from that valid-from to
        the next one."""
        until = (
            f"(SELECT MIN(r.valid_from) FROM {RATE} AS r"
            " WHERE r.currency = c.currency AND r.valid_from > c.valid_from)"
        )
        return (
            f"SELECT DISTINCT s.partner_id, s.direction, {self.month_of('s.counted_on')}"
            f" AS first_day FROM ({changed}) AS c"
            f" JOIN {SHIPMENT} AS s ON s.counted_on >= c.valid_from"
            f" AND (s.counted_on < {until} OR {until} IS NULL)"
            f" JOIN {ITEM} AS i ON i.shipment_id = s.id"
            " AND i.currency = c.currency AND i.unit_value <> 0"
        )


SHIPMENT_FIELDS = ("partner_id", "direction", "counted_on")
ITEM_FIELDS = ("shipment_id", "quantity", "pages", "unit_value", "currency")
RATE_FIELDS = ("currency", "valid_from", "rate")


def _changed(fields, old: str, new: str) -> str:
    """A condition true when a row's counted fields differ (or it has no counterpart)."""
    left = ", ".join(f"{old}.{name}" for name in fields)
    right = ", ".join(f"{new}.{name}" for name in fields)
    return f"({left}) IS DISTINCT FROM ({right})"


def _base_view(currency: str) -> str:
    if not re.fullmatch(r"[A-Z]{3}", currency):
        raise ValueError(f"Not a currency code: {currency!r}")
    return f"CREATE VIEW {BASE_VIEW} AS SELECT '{currency}' AS currency"


def postgresql_install() -> list[str]:
    sql = _Dialect("postgresql")
    refresh = sql.refresh(
        "SELECT DISTINCT * FROM unnest(k_partner, k_direction, k_month)"
        " AS u(partner_id, direction, first_day)"
    )
    statements = [
        # Room on each page for a row's new version: updates in place (HOT) keep the
        # all-time and year rows where they are, next to each other.
        f"ALTER TABLE {SUMMARY} SET (fillfactor = 70)",
        *_version_table(),
        f"CREATE TABLE IF NOT EXISTS {CHANGE} (id bigserial PRIMARY KEY)",
        "CREATE OR REPLACE FUNCTION exchange_summary_refresh("
        "k_partner bigint[], k_direction text[], k_month date[]) RETURNS void"
        " LANGUAGE plpgsql AS $$ BEGIN IF k_partner IS NULL THEN RETURN; END IF; "
        + "; ".join(refresh)
        + "; END $$",
        # The data version for caches: bumped once per transaction, at its commit, by a
        # deferred trigger, so the row is locked only for the instant before the commit.
        f"CREATE OR REPLACE FUNCTION exchange_data_changed() RETURNS void {PLPGSQL} BEGIN"
        " IF current_setting('exchange.data_changed', true) IS DISTINCT FROM 'on' THEN"
        " PERFORM set_config('exchange.data_changed', 'on', true);"
        f" INSERT INTO {CHANGE} DEFAULT VALUES; END IF; END $$",
        f"CREATE OR REPLACE FUNCTION exchange_data_commit() RETURNS trigger {PLPGSQL} BEGIN"
        f" UPDATE {VERSION} SET n = n + 1 WHERE id = 1;"
        f" DELETE FROM {CHANGE} WHERE id = NEW.id; RETURN NULL; END $$",
        f"DROP TRIGGER IF EXISTS exchange_data_commit ON {CHANGE}",
        f"CREATE CONSTRAINT TRIGGER exchange_data_commit AFTER INSERT ON {CHANGE}"
        " DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION exchange_data_commit()",
        f"CREATE OR REPLACE FUNCTION exchange_data_touched() RETURNS trigger {PLPGSQL} BEGIN"
        " PERFORM exchange_data_changed(); RETURN NULL; END $$",
        # Everything from scratch, after a TRUNCATE (which fires no row or statement
        # trigger of its own kind) of shipments, items or rates.
        f"CREATE OR REPLACE FUNCTION exchange_summary_truncated() RETURNS trigger {PLPGSQL}"
        " DECLARE kp bigint[]; kd text[]; km date[]; BEGIN"
        f" PERFORM pg_advisory_xact_lock({GLOBAL_LOCK}, 0);"
        f" DELETE FROM {SUMMARY}; DELETE FROM {UNRATED};"
        " SELECT array_agg(k.partner_id), array_agg(k.direction::text), array_agg(k.first_day)"
        f" INTO kp, kd, km FROM ({sql.shipment_keys(SHIPMENT)}) AS k;"
        " PERFORM exchange_summary_refresh(kp, kd, km); PERFORM exchange_data_changed();"
        " RETURN NULL; END $$",
    ]
    shipment_old = sql.shipment_keys(
        f"(SELECT o.* FROM old_rows AS o LEFT JOIN new_rows AS n ON n.id = o.id"
        f" WHERE {_changed(SHIPMENT_FIELDS, 'o', 'n')}) AS c"
    )
    shipment_new = sql.shipment_keys(
        f"(SELECT n.* FROM new_rows AS n LEFT JOIN old_rows AS o ON o.id = n.id"
        f" WHERE {_changed(SHIPMENT_FIELDS, 'o', 'n')}) AS c"
    )
    item_changed = (
        f"SELECT o.shipment_id FROM old_rows AS o LEFT JOIN new_rows AS n ON n.id = o.id"
        f" WHERE {_changed(ITEM_FIELDS, 'o', 'n')}"
        " UNION ALL SELECT n.shipment_id FROM new_rows AS n"
        f" LEFT JOIN old_rows AS o ON o.id = n.id WHERE {_changed(ITEM_FIELDS, 'o', 'n')}"
    )
    rate_changed = (
        f"SELECT o.currency, o.valid_from FROM old_rows AS o JOIN new_rows AS n ON n.id = o.id"
        f" WHERE {_changed(RATE_FIELDS, 'o', 'n')}"
        " UNION SELECT n.currency, n.valid_from FROM old_rows AS o"
        f" JOIN new_rows AS n ON n.id = o.id WHERE {_changed(RATE_FIELDS, 'o', 'n')}"
        " UNION SELECT currency, valid_from FROM old_rows WHERE id NOT IN (SELECT id FROM new_rows)"
        " UNION SELECT currency, valid_from FROM new_rows WHERE id NOT IN (SELECT id FROM old_rows)"
    )
    triggers = {
        (SHIPMENT, "INSERT"): sql.shipment_keys("new_rows"),
        (SHIPMENT, "UPDATE"): f"{shipment_old} UNION {shipment_new}",
        (SHIPMENT, "DELETE"): sql.shipment_keys("old_rows"),
        (ITEM, "INSERT"): sql.keys_of_shipments("SELECT shipment_id FROM new_rows"),
        (ITEM, "UPDATE"): sql.keys_of_shipments(item_changed),
        (ITEM, "DELETE"): sql.keys_of_shipments("SELECT shipment_id FROM old_rows"),
        (RATE, "INSERT"): sql.keys_of_rates("SELECT currency, valid_from FROM new_rows"),
        (RATE, "UPDATE"): sql.keys_of_rates(rate_changed),
        (RATE, "DELETE"): sql.keys_of_rates("SELECT currency, valid_from FROM old_rows"),
    }
    for (table, event), keys in triggers.items():
        name = f"{table}_summary_{event.lower()}"
        body = _pg_rate_body(keys) if table == RATE else _pg_body(keys)
        statements.append(
            f"CREATE OR REPLACE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS $$ {body} $$"
        )
        statements.append(f"DROP TRIGGER IF EXISTS {name} ON {table}")
        references = {
            "INSERT": "NEW TABLE AS new_rows",
            "UPDATE": "OLD TABLE AS old_rows NEW TABLE AS new_rows",
            "DELETE": "OLD TABLE AS old_rows",
        }[event]
        statements.append(
            f"CREATE TRIGGER {name} AFTER {event} ON {table} REFERENCING {references}"
            f" FOR EACH STATEMENT EXECUTE FUNCTION {name}()"
        )
    for table in (SHIPMENT, ITEM, RATE):
        statements += [
            f"DROP TRIGGER IF EXISTS {table}_summary_truncate ON {table}",
            f"CREATE TRIGGER {table}_summary_truncate AFTER TRUNCATE ON {table}"
            " FOR EACH STATEMENT EXECUTE FUNCTION exchange_summary_truncated()",
        ]
    statements.append(f"DROP TRIGGER IF EXISTS {PARTNER}_data_touched ON {PARTNER}")
    statements.append(
        f"CREATE TRIGGER {PARTNER}_data_touched AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE"
        f" ON {PARTNER} FOR EACH STATEMENT EXECUTE FUNCTION exchange_data_touched()"
    )
    return statements


def _pg_body(keys: str) -> str:
    """Lock the buckets' partners (in order), working the buckets out again after every
    wait, then recompute them."""
    return (
        "DECLARE kp bigint[]; kd text[]; km date[]; locked bigint[] := '{}';"
        " fresh bigint[]; p bigint; BEGIN"
        f" PERFORM pg_advisory_xact_lock_shared({GLOBAL_LOCK}, 0);"
        " LOOP"
        " SELECT array_agg(k.partner_id), array_agg(k.direction::text), array_agg(k.first_day)"
        f" INTO kp, kd, km FROM ({keys}) AS k(partner_id, direction, first_day);"
        " SELECT array_agg(DISTINCT q ORDER BY q) INTO fresh FROM unnest(kp) AS q"
        " WHERE q <> ALL (locked);"
        " EXIT WHEN fresh IS NULL;"
        f" FOREACH p IN ARRAY fresh LOOP PERFORM pg_advisory_xact_lock({PARTNER_LOCK}, p::int);"
        " END LOOP;"
        " locked := locked || fresh;"
        " END LOOP;"
        " PERFORM exchange_summary_refresh(kp, kd, km);"
        " PERFORM exchange_data_changed();"
        " RETURN NULL; END;"
    )


def _pg_rate_body(keys: str) -> str:
    """Rates touch any partner: the global lock, exclusively, stands for all of them."""
    return (
        "DECLARE kp bigint[]; kd text[]; km date[]; BEGIN"
        f" PERFORM pg_advisory_xact_lock({GLOBAL_LOCK}, 0);"
        " SELECT array_agg(k.partner_id), array_agg(k.direction::text), array_agg(k.first_day)"
        f" INTO kp, kd, km FROM ({keys}) AS k(partner_id, direction, first_day);"
        " PERFORM exchange_summary_refresh(kp, kd, km); PERFORM exchange_data_changed();"
        " RETURN NULL; END;"
    )


def postgresql_uninstall() -> list[str]:
    statements = [
        f"DROP TRIGGER IF EXISTS {PARTNER}_data_touched ON {PARTNER}",
        *(
            f"DROP TRIGGER IF EXISTS {table}_summary_{event} ON {table}"
            for table in (SHIPMENT, ITEM, RATE)
            for event in ("insert", "update", "delete", "truncate")
        ),
        *(
            f"DROP FUNCTION IF EXISTS {table}_summary_{event}()"
            for table in (SHIPMENT, ITEM, RATE)
            for event in ("insert", "update", "delete")
        ),
        "DROP FUNCTION IF EXISTS exchange_summary_truncated()",
        "DROP FUNCTION IF EXISTS exchange_data_touched()",
        f"DROP TABLE IF EXISTS {CHANGE}",
        "DROP FUNCTION IF EXISTS exchange_data_commit()",
        "DROP FUNCTION IF EXISTS exchange_data_changed()",
        "DROP FUNCTION IF EXISTS exchange_summary_refresh(bigint[], text[], date[])",
        f"DROP VIEW IF EXISTS {BASE_VIEW}",
        f"DROP TABLE IF EXISTS {VERSION}",
    ]
    return statements


def sqlite_install() -> list[str]:
    sql = _Dialect("sqlite")
    bump = f"UPDATE {VERSION} SET n = n + 1 WHERE id = 1"

    def trigger(name, event, table, keys, when=""):
        body = "; ".join(sql.refresh(keys))
        when = f" WHEN {when}" if when else ""
        return (
            f"CREATE TRIGGER {name} AFTER {event} ON {table} FOR EACH ROW{when} BEGIN {body}; END"
        )

    def bump_on(table, event):
        return (
            f"CREATE TRIGGER {table}_data_{event.lower()} AFTER {event} ON {table}"
            f" FOR EACH ROW BEGIN {bump}; END"
        )

    def row_keys(row):
        return (
            f"SELECT {row}.partner_id AS partner_id, {row}.direction AS direction,"
            f" {sql.month_of(f'{row}.counted_on')} AS first_day"
            f" WHERE {row}.counted_on IS NOT NULL"
        )

    def rate_range(row):
        return f"SELECT {row}.currency AS currency, {row}.valid_from AS valid_from"

    statements = [
        *_version_table(),
        trigger(f"{SHIPMENT}_summary_insert", "INSERT", SHIPMENT, row_keys("NEW")),
        trigger(
            f"{SHIPMENT}_summary_update",
            "UPDATE",
            SHIPMENT,
            f"{row_keys('OLD')} UNION {row_keys('NEW')}",
            when=_changed(("id", *SHIPMENT_FIELDS), "OLD", "NEW").replace(
                "IS DISTINCT FROM", "IS NOT"
            ),
        ),
        trigger(f"{SHIPMENT}_summary_delete", "DELETE", SHIPMENT, row_keys("OLD")),
        trigger(
            f"{ITEM}_summary_insert",
            "INSERT",
            ITEM,
            sql.keys_of_shipments("SELECT NEW.shipment_id"),
        ),
        trigger(
            f"{ITEM}_summary_update",
            "UPDATE",
            ITEM,
            sql.keys_of_shipments("SELECT OLD.shipment_id UNION SELECT NEW.shipment_id"),
            when=_changed(("id", *ITEM_FIELDS), "OLD", "NEW").replace("IS DISTINCT FROM", "IS NOT"),
        ),
        trigger(
            f"{ITEM}_summary_delete",
            "DELETE",
            ITEM,
            sql.keys_of_shipments("SELECT OLD.shipment_id"),
        ),
        trigger(f"{RATE}_summary_insert", "INSERT", RATE, sql.keys_of_rates(rate_range("NEW"))),
        trigger(
            f"{RATE}_summary_update",
            "UPDATE",
            RATE,
            sql.keys_of_rates(f"{rate_range('OLD')} UNION {rate_range('NEW')}"),
            when=_changed(("id", *RATE_FIELDS), "OLD", "NEW").replace("IS DISTINCT FROM", "IS NOT"),
        ),
        trigger(f"{RATE}_summary_delete", "DELETE", RATE, sql.keys_of_rates(rate_range("OLD"))),
    ]
    # The data version moves with any change of these tables (costs, names…), not only
    # with those the summary sees.
    statements.extend(
        bump_on(table, event)
        for table in (PARTNER, SHIPMENT, ITEM, RATE)
        for event in ("INSERT", "UPDATE", "DELETE")
    )
    # Created again, as they are now, by every installation (see `install`).
    names = [statement.split()[2] for statement in statements if " TRIGGER " in statement]
    return [*(f"DROP TRIGGER IF EXISTS {name}" for name in names), *statements]


def sqlite_uninstall() -> list[str]:
    names = [
        f"{table}_summary_{event}"
        for table in (SHIPMENT, ITEM, RATE)
        for event in ("insert", "update", "delete")
    ]
    names += [
        f"{table}_data_{event}"
        for table in (PARTNER, SHIPMENT, ITEM, RATE)
        for event in ("insert", "update", "delete")
    ]
    return [
        *(f"DROP TRIGGER IF EXISTS {name}" for name in names),
        f"DROP VIEW IF EXISTS {BASE_VIEW}",
        f"DROP TABLE IF EXISTS {VERSION}",
    ]


def _version_table() -> list[str]:
    return [
        f"CREATE TABLE IF NOT EXISTS {VERSION} (id integer PRIMARY KEY, n bigint NOT NULL)",
        f"INSERT INTO {VERSION} VALUES (1, 0) ON CONFLICT DO NOTHING",
    ]


def install(schema_editor) -> None:
    """Create the triggers, or replace them with those of this code, keeping the data
    version and the base currency already installed (a migration's step, run again by
    later migrations that change a trigger)."""
    connection = schema_editor.connection
    vendor = connection.vendor
    statements = postgresql_install() if vendor == "postgresql" else sqlite_install()
    with connection.cursor() as cursor:
        views = connection.introspection.table_names(cursor, include_views=True)
    if BASE_VIEW not in views:
        statements.insert(0, _base_view(settings.EXCHANGE_BASE_CURRENCY))
    for statement in statements:
        schema_editor.execute(statement, params=None)


def uninstall(schema_editor) -> None:
    vendor = schema_editor.connection.vendor
    statements = postgresql_uninstall() if vendor == "postgresql" else sqlite_uninstall()
    for statement in statements:
        schema_editor.execute(statement, params=None)


def installed_base_currency(using=None) -> str:
    """The base currency the triggers convert at 1."""
    with _connection(using).cursor() as cursor:
        cursor.execute(f"SELECT currency FROM {BASE_VIEW}")
        return cursor.fetchone()[0]


def data_version(using=None) -> int:
    """A number that changes with every committed change of partners, shipments, items
    or rates: a cache key part for figures computed from them."""
    with _connection(using).cursor() as cursor:
        cursor.execute(f"SELECT n FROM {VERSION} WHERE id = 1")
        return cursor.fetchone()[0]


def _connection(using):
    return connections[using] if using else connection


# Rebuilding from scratch, and the reference the tests compare with ---------------------


@dataclass(frozen=True)
class Row:
    partner_id: int
    direction: str
    year: int
    month: int
    items: int
    titles: int
    pages: int
    value: int
    shipments: int
    last_on: object


def expected_rows() -> tuple[set, set]:
    """(summary rows, unrated rows) as computed from the raw rows by exchange.balance's
    reference implementation: what the triggers must have stored."""
    from exchange import balance

    months = balance._raw_counted_totals(
        balance.Period(),
        {
            "partner": balance.by_field("partner_id"),
            "year": balance.by_year(),
            "month": balance.by_month(),
        },
    )
    rows = []
    for (partner_id, year, month), found in months.items():
        for direction, totals in (("outgoing", found.sent), ("incoming", found.received)):
            if totals.shipments:
                rows.append(_row(partner_id, direction, year, month, totals))
    rows += _rolled_up(rows, lambda row: (row.partner_id, row.direction, row.year, 0))
    rows += _rolled_up(
        [row for row in rows if row.month == 0], lambda row: (row.partner_id, row.direction, 0, 0)
    )
    unrated = {
        (row["shipment__partner_id"], row["shipment__direction"], row["currency"], row["day"], n)
        for row in balance._raw_unrated_lines()
        for n in [row["lines"]]
    }
    return set(rows), unrated


def _row(partner_id, direction, year, month, totals) -> Row:
    from exchange.balance import VALUE_SCALE

    return Row(
        partner_id,
        direction,
        year,
        month,
        totals.items,
        totals.titles,
        totals.pages,
        int(totals.value / VALUE_SCALE),
        totals.shipments,
        totals.last_on,
    )


def _rolled_up(rows, key) -> list[Row]:
    groups = defaultdict(list)
    for row in rows:
        groups[key(row)].append(row)
    return [
        Row(
            *group_key,
            items=sum(r.items for r in group),
            titles=sum(r.titles for r in group),
            pages=sum(r.pages for r in group),
            value=sum(r.value for r in group),
            shipments=sum(r.shipments for r in group),
            last_on=max(r.last_on for r in group),
        )
        for group_key, group in groups.items()
    ]


def stored_rows() -> tuple[set, set]:
    """(summary rows, unrated rows) as the triggers stored them."""
    fields = [name for name in Row.__dataclass_fields__]
    rows = {Row(**row) for row in BalanceSummary.objects.values(*fields)}
    unrated = set(
        UnratedValue.objects.values_list(
            "partner_id", "direction", "currency", "counted_on", "lines"
        )
    )
    return rows, unrated


def rebuild() -> tuple[int, int]:
    """Recompute the summary from scratch with the reference implementation, under the
    global lock (no trigger recomputes meanwhile), after setting the base currency the
    triggers use to the current setting. Returns the numbers of rows written."""
    with transaction.atomic():
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                cursor.execute("SELECT pg_advisory_xact_lock(%s, 0)", [GLOBAL_LOCK])
            cursor.execute(f"DROP VIEW {BASE_VIEW}")
            cursor.execute(_base_view(settings.EXCHANGE_BASE_CURRENCY))
        BalanceSummary.objects.all().delete()
        UnratedValue.objects.all().delete()
        rows, unrated = expected_rows()
        # All-time and year rows first, together: the rows reports read most.
        ordered = sorted(rows, key=lambda r: (r.month > 0, r.year, r.month, r.partner_id))
        BalanceSummary.objects.bulk_create(
            (BalanceSummary(**row.__dict__) for row in ordered), batch_size=5000
        )
        UnratedValue.objects.bulk_create(
            (
                UnratedValue(
                    partner_id=partner_id,
                    direction=direction,
                    currency=currency,
                    counted_on=day,
                    lines=lines,
                )
                for partner_id, direction, currency, day, lines in unrated
            ),
            batch_size=5000,
        )
    return len(rows), len(unrated)


# Reading: which rows of the summary make up a period ----------------------------------


def answers(group: dict, where: Q) -> bool:
    """Whether the summary can answer: groupings it holds (partner fields, direction,
    year) and shipment conditions on the partner and direction only."""
    return all(getattr(g, "summary", None) is not None for g in group.values()) and _on_partner(
        where
    )


def _on_partner(where: Q) -> bool:
    for child in where.children:
        if isinstance(child, Q):
            if not _on_partner(child):
                return False
        elif not _partner_lookup(*child):
            return False
    return True


def _partner_lookup(lookup: str, value) -> bool:
    """partner, partner_id or direction with any lookup, or a plain field of the partner
    (partner__country__in): what BalanceSummary rows can be filtered on as they are."""
    from partners.models import Partner

    if hasattr(value, "resolve_expression") and not hasattr(value, "query"):
        return False  # an F() or OuterRef() would name another field of Shipment
    name, *rest = lookup.split("__")
    if name in ("partner_id", "direction"):
        return True
    if name != "partner":
        return False
    if not rest or rest[0] in ("in", "exact", "isnull", "pk", "id"):
        return True
    try:
        field = Partner._meta.get_field(rest[0])
    except Exception:
        return False
    return field.concrete and not field.is_relation


class _Unsupported(Exception):
    pass


def date_ranges(where: Q) -> tuple[list | None, Q]:
    """The conditions of a shipment filter on `counted_on` as disjoint closed intervals
    ((start, end), None where open), and the rest of the filter: ([(None, None)], where)
    when it has none, (None, where) when they cannot be told apart from the rest (a
    date in an OR with something else)."""
    try:
        if _is_dates(where):
            return _intervals(where), Q()
        if where.connector != Q.AND or where.negated:
            return [(None, None)], where
        intervals, rest = [(None, None)], Q()
        for child in where.children:
            if _is_dates(child):
                intervals = _intersect(intervals, _intervals(child))
            else:
                rest &= child if isinstance(child, Q) else Q(child)
        if not _on_partner(rest) and _mentions_dates(rest):
            return None, where
        return intervals, rest
    except _Unsupported:
        return None, where


def _is_dates(node) -> bool:
    if isinstance(node, Q):
        return bool(node.children) and not node.negated and all(map(_is_dates, node.children))
    return node[0].split("__")[0] == "counted_on"


def _mentions_dates(node) -> bool:
    if isinstance(node, Q):
        return any(map(_mentions_dates, node.children))
    return node[0].split("__")[0] == "counted_on"


def _intervals(node) -> list:
    if isinstance(node, Q):
        parts = [_intervals(child) for child in node.children]
        if node.connector == Q.OR:
            return _union([interval for part in parts for interval in part])
        return reduce(_intersect, parts)
    lookup, value = node
    kind = lookup.partition("__")[2] or "exact"
    if kind == "isnull":
        return [] if value else [(None, None)]
    values = value if kind == "range" else [value]
    if not all(type(day) is datetime.date for day in values):
        raise _Unsupported
    one = datetime.timedelta(days=1)
    if kind == "range":
        return _union([tuple(values)])
    bounds = {
        "exact": lambda: (value, value),
        "lte": lambda: (None, value),
        "lt": lambda: (None, value - one),
        "gte": lambda: (value, None),
        "gt": lambda: (value + one, None),
    }
    if kind not in bounds:
        raise _Unsupported
    return _union([bounds[kind]()])


def _union(intervals: list) -> list:
    """Sorted, with those that overlap or touch merged; empty ones dropped."""
    low = datetime.date.min
    intervals = sorted(
        (i for i in intervals if i[0] is None or i[1] is None or i[0] <= i[1]),
        key=lambda i: i[0] or low,
    )
    merged = []
    for start, end in intervals:
        if merged:
            last_start, last_end = merged[-1]
            if last_end is None or (start or low) <= last_end + datetime.timedelta(days=1):
                ends = None if last_end is None or end is None else max(last_end, end)
                merged[-1] = (last_start, ends)
                continue
        merged.append((start, end))
    return merged


def _intersect(left: list, right: list) -> list:
    found = []
    for a_start, a_end in left:
        for b_start, b_end in right:
            start = max((d for d in (a_start, b_start) if d), default=None)
            end = min((d for d in (a_end, b_end) if d), default=None)
            if start is None or end is None or start <= end:
                found.append((start, end))
    return _union(found)


def within(period, ranges: list) -> list[tuple]:
    """The parts of the period inside the date ranges, as (start, end) pairs."""
    return _intersect([(period.start, period.end)], ranges)


def split(period, by_years: bool) -> tuple[Q | None, list]:
    """(the condition on summary rows for the whole months of the period, or None; the
    parts at either end that are not whole months, as Periods to sum from raw rows)."""
    from exchange.balance import Period

    start, end = period.start, period.end
    raw = []
    if start and start.day != 1:
        month_end = _month_end(start)
        if end and end <= month_end:
            return None, [period]
        raw.append(Period(start, month_end))
        start = month_end + datetime.timedelta(days=1)
    if end and end != _month_end(end):
        first = end.replace(day=1)
        raw.append(Period(first, end))
        end = first - datetime.timedelta(days=1)
    if start and end and start > end:
        return None, raw
    if start is None and end is None:
        return (Q(year__gt=0, month=0) if by_years else Q(year=0)), raw
    conditions = []
    first_year = None if start is None else start.year + (start.month != 1)
    last_year = None if end is None else end.year - (end.month != 12)
    if first_year is None or last_year is None or first_year <= last_year:
        years = Q(year__gt=0, month=0)
        if first_year is not None:
            years &= Q(year__gte=first_year)
        if last_year is not None:
            years &= Q(year__lte=last_year)
        conditions.append(years)
    if start and start.month != 1:
        last_month = end.month if end and end.year == start.year else 12
        conditions.append(Q(year=start.year, month__gte=start.month, month__lte=last_month))
    if end and end.month != 12 and not (start and start.year == end.year and start.month != 1):
        first_month = start.month if start and start.year == end.year else 1
        conditions.append(Q(year=end.year, month__gte=first_month, month__lte=end.month))
    return reduce(operator.or_, conditions), raw


def _month_end(day):
    return day.replace(day=calendar.monthrange(day.year, day.month)[1])


def unrated_pairs(condition: Q, limit: int) -> tuple[list, str]:
    """((currency, day) pairs of the unrated lines that match, the base currency the
    summary was built for), in one query: the base comes as one more row, so it is known
    even when there is no unrated line."""
    pairs = (
        UnratedValue.objects.filter(condition)
        .values_list("currency", "counted_on")
        .distinct()
        .order_by("currency", "counted_on")[:limit]
    )
    sql, params = pairs.query.sql_with_params()
    with connections[pairs.db].cursor() as cursor:
        cursor.execute(
            f"SELECT 0, currency, counted_on FROM ({sql}) AS u"
            f" UNION ALL SELECT 1, currency, NULL FROM {BASE_VIEW} ORDER BY 1, 2, 3",
            params,
        )
        rows = cursor.fetchall()
    base = next(currency for kind, currency, _day in rows if kind == 1)
    found = [(currency, _date(day)) for kind, currency, day in rows if kind == 0]
    return found, base


def _date(value) -> datetime.date:
    """A date as the database gives it to a raw cursor (SQLite: ISO text)."""
    return value if isinstance(value, datetime.date) else datetime.date.fromisoformat(value)


def installed_base():
    """The base currency the summary was built for, as an expression (on every row, so
    that readers can tell at no cost whether it is still the setting's)."""
    return RawSQL(f"(SELECT currency FROM {BASE_VIEW})", [], output_field=CharField())
