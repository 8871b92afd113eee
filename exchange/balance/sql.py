"""The SQL that recomputes the balance summary's buckets from the raw rows, in the
words of each database (PostgreSQL and SQLite): what the triggers run."""

import re

from exchange.rates.in_effect import rate_in_effect_sql

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


class Dialect:
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
        currency, 0 when there is none (exchange.balance.sums)."""
        rate = self.whole(f"{rate_in_effect_sql(f'{alias}.currency', 's.counted_on')} * 1000000")
        return (
            f"CASE WHEN {alias}.currency = (SELECT currency FROM {BASE_VIEW}) THEN 1000000"
            f" ELSE COALESCE({rate}, 0) END"
        )

    def line_value(self) -> str:
        """A line's value in 10⁻⁸ base units: exchange.balance.sums.line_value_units."""
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
        rate = self.whole(f"{rate_in_effect_sql('g.currency', 's.counted_on')} * 1000000")
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
            f" WHERE i.unit_value <> 0 AND i.currency <> {base}"
            f" AND {rate_in_effect_sql('i.currency', 's.counted_on')} IS NULL"
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


def base_view(currency: str) -> str:
    """The view the triggers read the base currency from (converted at 1)."""
    if not re.fullmatch(r"[A-Z]{3}", currency):
        raise ValueError(f"Not a currency code: {currency!r}")
    return f"CREATE VIEW {BASE_VIEW} AS SELECT '{currency}' AS currency"
