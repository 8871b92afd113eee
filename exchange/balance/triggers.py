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
as exchange.balance.sums does from the raw rows; tests/exchange/balance/test_summary_*.py
check that the two agree after random sequences of every kind of change, on both
databases.

On SQLite, a migration that rebuilds one of these tables (Django does for some changes
of a column) drops its triggers: such a migration must install them again after it.

The base currency (converted at 1) is read by the triggers from the view
`exchange_summary_base`, created from settings.EXCHANGE_BASE_CURRENCY; `manage.py
rebuild_summary` sets it again and rebuilds when the setting changes.

Installing: the statements below are frozen into a migration when they change
(`scripts/freeze_triggers.py NAME`), so that an applied migration never changes
meaning; a test fails while the latest one installs anything else.
"""

from exchange.balance.sql import (
    CHANGE,
    GLOBAL_LOCK,
    ITEM,
    PARTNER,
    PARTNER_LOCK,
    PLPGSQL,
    RATE,
    SHIPMENT,
    SUMMARY,
    UNRATED,
    VERSION,
    Dialect,
)

SHIPMENT_FIELDS = ("partner_id", "direction", "counted_on")


ITEM_FIELDS = ("shipment_id", "quantity", "pages", "unit_value", "currency")


RATE_FIELDS = ("currency", "valid_from", "rate")


def changed(fields, old: str, new: str) -> str:
    """A condition true when a row's counted fields differ (or it has no counterpart)."""
    left = ", ".join(f"{old}.{name}" for name in fields)
    right = ", ".join(f"{new}.{name}" for name in fields)
    return f"({left}) IS DISTINCT FROM ({right})"


def postgresql_install() -> list[str]:
    sql = Dialect("postgresql")
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
        f" WHERE {changed(SHIPMENT_FIELDS, 'o', 'n')}) AS c"
    )
    shipment_new = sql.shipment_keys(
        f"(SELECT n.* FROM new_rows AS n LEFT JOIN old_rows AS o ON o.id = n.id"
        f" WHERE {changed(SHIPMENT_FIELDS, 'o', 'n')}) AS c"
    )
    item_changed = (
        f"SELECT o.shipment_id FROM old_rows AS o LEFT JOIN new_rows AS n ON n.id = o.id"
        f" WHERE {changed(ITEM_FIELDS, 'o', 'n')}"
        " UNION ALL SELECT n.shipment_id FROM new_rows AS n"
        f" LEFT JOIN old_rows AS o ON o.id = n.id WHERE {changed(ITEM_FIELDS, 'o', 'n')}"
    )
    rate_changed = (
        f"SELECT o.currency, o.valid_from FROM old_rows AS o JOIN new_rows AS n ON n.id = o.id"
        f" WHERE {changed(RATE_FIELDS, 'o', 'n')}"
        " UNION SELECT n.currency, n.valid_from FROM old_rows AS o"
        f" JOIN new_rows AS n ON n.id = o.id WHERE {changed(RATE_FIELDS, 'o', 'n')}"
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


def sqlite_install() -> list[str]:
    sql = Dialect("sqlite")
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
            when=changed(("id", *SHIPMENT_FIELDS), "OLD", "NEW").replace(
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
            when=changed(("id", *ITEM_FIELDS), "OLD", "NEW").replace("IS DISTINCT FROM", "IS NOT"),
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
            when=changed(("id", *RATE_FIELDS), "OLD", "NEW").replace("IS DISTINCT FROM", "IS NOT"),
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
    # Created again, as they are now, by every migration that installs them.
    names = [statement.split()[2] for statement in statements if " TRIGGER " in statement]
    return [*(f"DROP TRIGGER IF EXISTS {name}" for name in names), *statements]


def _version_table() -> list[str]:
    return [
        f"CREATE TABLE IF NOT EXISTS {VERSION} (id integer PRIMARY KEY, n bigint NOT NULL)",
        f"INSERT INTO {VERSION} VALUES (1, 0) ON CONFLICT DO NOTHING",
    ]
