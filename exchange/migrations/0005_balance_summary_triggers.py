"""The balance summary's triggers as exchange.summary made them when this migration was
written (the data version, for the report cache, moves with any change of partners,
shipments, items and rates), frozen: installed again over those of 0004 (created or
replaced), keeping the data version and the base currency."""

import re

from django.conf import settings
from django.db import migrations

BASE_VIEW = "exchange_summary_base"

POSTGRESQL = ['ALTER TABLE exchange_balancesummary SET (fillfactor = 70)',
 'CREATE TABLE IF NOT EXISTS exchange_dataversion (id integer PRIMARY KEY, n bigint NOT NULL)',
 'INSERT INTO exchange_dataversion VALUES (1, 0) ON CONFLICT DO NOTHING',
 'CREATE TABLE IF NOT EXISTS exchange_datachange (id bigserial PRIMARY KEY)',
 'CREATE OR REPLACE FUNCTION exchange_summary_refresh(k_partner bigint[], k_direction text[], '
 'k_month date[]) RETURNS void LANGUAGE plpgsql AS $$ BEGIN IF k_partner IS NULL THEN RETURN; END '
 'IF; DELETE FROM exchange_unratedvalue WHERE EXISTS (SELECT 1 FROM (SELECT DISTINCT * FROM '
 'unnest(k_partner, k_direction, k_month) AS u(partner_id, direction, first_day)) AS k WHERE '
 'k.partner_id = exchange_unratedvalue.partner_id AND k.direction = '
 'exchange_unratedvalue.direction AND exchange_unratedvalue.counted_on >= k.first_day AND '
 "exchange_unratedvalue.counted_on < (k.first_day + interval '1 month')::date); WITH lines AS "
 '(SELECT k.partner_id, k.direction, k.first_day, s.id AS shipment_id, s.counted_on, c.currency, '
 'c.items, c.titles, c.pages, c.cents, c.valued, c.rate FROM (SELECT DISTINCT * FROM '
 'unnest(k_partner, k_direction, k_month) AS u(partner_id, direction, first_day)) AS k CROSS JOIN '
 'LATERAL (SELECT s.id, s.counted_on FROM shipments_shipment AS s WHERE s.partner_id = '
 'k.partner_id AND s.direction = k.direction AND s.counted_on >= k.first_day AND s.counted_on < '
 "(k.first_day + interval '1 month')::date) AS s LEFT JOIN LATERAL (SELECT g.*, (SELECT "
 'round(r.rate * 1000000) FROM exchange_exchangerate AS r WHERE r.currency = g.currency AND '
 'r.valid_from <= s.counted_on ORDER BY r.valid_from DESC LIMIT 1) AS rate FROM (SELECT '
 'i.currency, SUM(i.quantity) AS items, COUNT(*) AS titles, SUM(i.pages::bigint * i.quantity) AS '
 'pages, SUM(round(i.unit_value * 100) * i.quantity) AS cents, COUNT(*) FILTER (WHERE i.unit_value '
 '<> 0) AS valued FROM shipments_shipmentitem AS i WHERE i.shipment_id = s.id GROUP BY i.currency) '
 'AS g) AS c ON true), unrated AS (INSERT INTO exchange_unratedvalue (partner_id, direction, '
 'currency, counted_on, lines) SELECT partner_id, direction, currency, counted_on, SUM(valued) '
 'FROM lines WHERE valued > 0 AND rate IS NULL AND currency <> (SELECT currency FROM '
 'exchange_summary_base) GROUP BY partner_id, direction, currency, counted_on), computed AS '
 '(SELECT partner_id, direction, extract(year FROM first_day)::int AS year, extract(month FROM '
 'first_day)::int AS month, COALESCE(SUM(items), 0) AS items, COALESCE(SUM(titles), 0) AS titles, '
 'COALESCE(SUM(pages), 0) AS pages, COALESCE(SUM(cents * CASE WHEN currency = (SELECT currency '
 'FROM exchange_summary_base) THEN 1000000 ELSE COALESCE(rate, 0) END), 0) AS value, '
 'COUNT(DISTINCT shipment_id) AS shipments, MAX(counted_on) AS last_on FROM lines GROUP BY '
 'partner_id, direction, first_day), upserted AS (INSERT INTO exchange_balancesummary AS b '
 '(partner_id, direction, year, month, items, titles, pages, value, shipments, last_on) SELECT * '
 'FROM computed ON CONFLICT (partner_id, direction, year, month) DO UPDATE SET items = '
 'EXCLUDED.items, titles = EXCLUDED.titles, pages = EXCLUDED.pages, value = EXCLUDED.value, '
 'shipments = EXCLUDED.shipments, last_on = EXCLUDED.last_on WHERE (b.items, b.titles, b.pages, '
 'b.value, b.shipments, b.last_on) IS DISTINCT FROM (EXCLUDED.items, EXCLUDED.titles, '
 'EXCLUDED.pages, EXCLUDED.value, EXCLUDED.shipments, EXCLUDED.last_on)) DELETE FROM '
 'exchange_balancesummary AS b USING (SELECT partner_id, direction, extract(year FROM '
 'first_day)::int, extract(month FROM first_day)::int FROM (SELECT DISTINCT * FROM '
 'unnest(k_partner, k_direction, k_month) AS u(partner_id, direction, first_day)) AS k) AS '
 'y(partner_id, direction, year, month) WHERE b.partner_id = y.partner_id AND b.direction = '
 'y.direction AND b.year = y.year AND b.month = y.month AND TRUE AND NOT EXISTS (SELECT 1 FROM '
 'computed AS c WHERE c.partner_id = b.partner_id AND c.direction = b.direction AND c.year = '
 'b.year AND c.month = b.month); WITH computed AS (SELECT y.partner_id, y.direction, y.year, 0 AS '
 'month, t.items, t.titles, t.pages, t.value, t.shipments, t.last_on FROM (SELECT DISTINCT '
 'partner_id, direction, extract(year FROM first_day)::int FROM (SELECT DISTINCT * FROM '
 'unnest(k_partner, k_direction, k_month) AS u(partner_id, direction, first_day)) AS k) AS '
 'y(partner_id, direction, year) CROSS JOIN LATERAL (SELECT SUM(items) AS items, SUM(titles) AS '
 'titles, SUM(pages) AS pages, SUM(value) AS value, SUM(shipments) AS shipments, MAX(last_on) AS '
 'last_on FROM exchange_balancesummary AS b WHERE b.partner_id = y.partner_id AND b.direction = '
 'y.direction AND b.year = y.year AND month > 0) AS t WHERE t.shipments IS NOT NULL), upserted AS '
 '(INSERT INTO exchange_balancesummary AS b (partner_id, direction, year, month, items, titles, '
 'pages, value, shipments, last_on) SELECT * FROM computed ON CONFLICT (partner_id, direction, '
 'year, month) DO UPDATE SET items = EXCLUDED.items, titles = EXCLUDED.titles, pages = '
 'EXCLUDED.pages, value = EXCLUDED.value, shipments = EXCLUDED.shipments, last_on = '
 'EXCLUDED.last_on WHERE (b.items, b.titles, b.pages, b.value, b.shipments, b.last_on) IS DISTINCT '
 'FROM (EXCLUDED.items, EXCLUDED.titles, EXCLUDED.pages, EXCLUDED.value, EXCLUDED.shipments, '
 'EXCLUDED.last_on)) DELETE FROM exchange_balancesummary AS b USING (SELECT DISTINCT partner_id, '
 'direction, extract(year FROM first_day)::int FROM (SELECT DISTINCT * FROM unnest(k_partner, '
 'k_direction, k_month) AS u(partner_id, direction, first_day)) AS k) AS y(partner_id, direction, '
 'year) WHERE b.partner_id = y.partner_id AND b.direction = y.direction AND b.year = y.year AND '
 'b.month = 0 AND NOT EXISTS (SELECT 1 FROM computed AS c WHERE c.partner_id = b.partner_id AND '
 'c.direction = b.direction AND c.year = b.year AND c.month = b.month); WITH computed AS (SELECT '
 'y.partner_id, y.direction, 0 AS year, 0 AS month, t.items, t.titles, t.pages, t.value, '
 't.shipments, t.last_on FROM (SELECT DISTINCT partner_id, direction FROM (SELECT DISTINCT * FROM '
 'unnest(k_partner, k_direction, k_month) AS u(partner_id, direction, first_day)) AS k) AS '
 'y(partner_id, direction) CROSS JOIN LATERAL (SELECT SUM(items) AS items, SUM(titles) AS titles, '
 'SUM(pages) AS pages, SUM(value) AS value, SUM(shipments) AS shipments, MAX(last_on) AS last_on '
 'FROM exchange_balancesummary AS b WHERE b.partner_id = y.partner_id AND b.direction = '
 'y.direction AND year > 0 AND month = 0) AS t WHERE t.shipments IS NOT NULL), upserted AS (INSERT '
 'INTO exchange_balancesummary AS b (partner_id, direction, year, month, items, titles, pages, '
 'value, shipments, last_on) SELECT * FROM computed ON CONFLICT (partner_id, direction, year, '
 'month) DO UPDATE SET items = EXCLUDED.items, titles = EXCLUDED.titles, pages = EXCLUDED.pages, '
 'value = EXCLUDED.value, shipments = EXCLUDED.shipments, last_on = EXCLUDED.last_on WHERE '
 '(b.items, b.titles, b.pages, b.value, b.shipments, b.last_on) IS DISTINCT FROM (EXCLUDED.items, '
 'EXCLUDED.titles, EXCLUDED.pages, EXCLUDED.value, EXCLUDED.shipments, EXCLUDED.last_on)) DELETE '
 'FROM exchange_balancesummary AS b USING (SELECT DISTINCT partner_id, direction FROM (SELECT '
 'DISTINCT * FROM unnest(k_partner, k_direction, k_month) AS u(partner_id, direction, first_day)) '
 'AS k) AS y(partner_id, direction) WHERE b.partner_id = y.partner_id AND b.direction = '
 'y.direction AND b.year = 0 AND NOT EXISTS (SELECT 1 FROM computed AS c WHERE c.partner_id = '
 'b.partner_id AND c.direction = b.direction AND c.year = b.year AND c.month = b.month); END $$',
 'CREATE OR REPLACE FUNCTION exchange_data_changed() RETURNS void LANGUAGE plpgsql AS $$ BEGIN IF '
 "current_setting('exchange.data_changed', true) IS DISTINCT FROM 'on' THEN PERFORM "
 "set_config('exchange.data_changed', 'on', true); INSERT INTO exchange_datachange DEFAULT VALUES; "
 'END IF; END $$',
 'CREATE OR REPLACE FUNCTION exchange_data_commit() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN '
 'UPDATE exchange_dataversion SET n = n + 1 WHERE id = 1; DELETE FROM exchange_datachange WHERE id '
 '= NEW.id; RETURN NULL; END $$',
 'DROP TRIGGER IF EXISTS exchange_data_commit ON exchange_datachange',
 'CREATE CONSTRAINT TRIGGER exchange_data_commit AFTER INSERT ON exchange_datachange DEFERRABLE '
 'INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION exchange_data_commit()',
 'CREATE OR REPLACE FUNCTION exchange_data_touched() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN '
 'PERFORM exchange_data_changed(); RETURN NULL; END $$',
 'CREATE OR REPLACE FUNCTION exchange_summary_truncated() RETURNS trigger LANGUAGE plpgsql AS $$ '
 'DECLARE kp bigint[]; kd text[]; km date[]; BEGIN PERFORM pg_advisory_xact_lock(47362, 0); DELETE '
 'FROM exchange_balancesummary; DELETE FROM exchange_unratedvalue; SELECT array_agg(k.partner_id), '
 'array_agg(k.direction::text), array_agg(k.first_day) INTO kp, kd, km FROM (SELECT DISTINCT '
 "partner_id, direction, date_trunc('month', counted_on)::date AS first_day FROM "
 'shipments_shipment WHERE counted_on IS NOT NULL) AS k; PERFORM exchange_summary_refresh(kp, kd, '
 'km); PERFORM exchange_data_changed(); RETURN NULL; END $$',
 'CREATE OR REPLACE FUNCTION shipments_shipment_summary_insert() RETURNS trigger LANGUAGE plpgsql '
 "AS $$ DECLARE kp bigint[]; kd text[]; km date[]; locked bigint[] := '{}'; fresh bigint[]; p "
 'bigint; BEGIN PERFORM pg_advisory_xact_lock_shared(47362, 0); LOOP SELECT '
 'array_agg(k.partner_id), array_agg(k.direction::text), array_agg(k.first_day) INTO kp, kd, km '
 "FROM (SELECT DISTINCT partner_id, direction, date_trunc('month', counted_on)::date AS first_day "
 'FROM new_rows WHERE counted_on IS NOT NULL) AS k(partner_id, direction, first_day); SELECT '
 'array_agg(DISTINCT q ORDER BY q) INTO fresh FROM unnest(kp) AS q WHERE q <> ALL (locked); EXIT '
 'WHEN fresh IS NULL; FOREACH p IN ARRAY fresh LOOP PERFORM pg_advisory_xact_lock(47361, p::int); '
 'END LOOP; locked := locked || fresh; END LOOP; PERFORM exchange_summary_refresh(kp, kd, km); '
 'PERFORM exchange_data_changed(); RETURN NULL; END; $$',
 'DROP TRIGGER IF EXISTS shipments_shipment_summary_insert ON shipments_shipment',
 'CREATE TRIGGER shipments_shipment_summary_insert AFTER INSERT ON shipments_shipment REFERENCING '
 'NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION shipments_shipment_summary_insert()',
 'CREATE OR REPLACE FUNCTION shipments_shipment_summary_update() RETURNS trigger LANGUAGE plpgsql '
 "AS $$ DECLARE kp bigint[]; kd text[]; km date[]; locked bigint[] := '{}'; fresh bigint[]; p "
 'bigint; BEGIN PERFORM pg_advisory_xact_lock_shared(47362, 0); LOOP SELECT '
 'array_agg(k.partner_id), array_agg(k.direction::text), array_agg(k.first_day) INTO kp, kd, km '
 "FROM (SELECT DISTINCT partner_id, direction, date_trunc('month', counted_on)::date AS first_day "
 'FROM (SELECT o.* FROM old_rows AS o LEFT JOIN new_rows AS n ON n.id = o.id WHERE (o.partner_id, '
 'o.direction, o.counted_on) IS DISTINCT FROM (n.partner_id, n.direction, n.counted_on)) AS c '
 "WHERE counted_on IS NOT NULL UNION SELECT DISTINCT partner_id, direction, date_trunc('month', "
 'counted_on)::date AS first_day FROM (SELECT n.* FROM new_rows AS n LEFT JOIN old_rows AS o ON '
 'o.id = n.id WHERE (o.partner_id, o.direction, o.counted_on) IS DISTINCT FROM (n.partner_id, '
 'n.direction, n.counted_on)) AS c WHERE counted_on IS NOT NULL) AS k(partner_id, direction, '
 'first_day); SELECT array_agg(DISTINCT q ORDER BY q) INTO fresh FROM unnest(kp) AS q WHERE q <> '
 'ALL (locked); EXIT WHEN fresh IS NULL; FOREACH p IN ARRAY fresh LOOP PERFORM '
 'pg_advisory_xact_lock(47361, p::int); END LOOP; locked := locked || fresh; END LOOP; PERFORM '
 'exchange_summary_refresh(kp, kd, km); PERFORM exchange_data_changed(); RETURN NULL; END; $$',
 'DROP TRIGGER IF EXISTS shipments_shipment_summary_update ON shipments_shipment',
 'CREATE TRIGGER shipments_shipment_summary_update AFTER UPDATE ON shipments_shipment REFERENCING '
 'OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION '
 'shipments_shipment_summary_update()',
 'CREATE OR REPLACE FUNCTION shipments_shipment_summary_delete() RETURNS trigger LANGUAGE plpgsql '
 "AS $$ DECLARE kp bigint[]; kd text[]; km date[]; locked bigint[] := '{}'; fresh bigint[]; p "
 'bigint; BEGIN PERFORM pg_advisory_xact_lock_shared(47362, 0); LOOP SELECT '
 'array_agg(k.partner_id), array_agg(k.direction::text), array_agg(k.first_day) INTO kp, kd, km '
 "FROM (SELECT DISTINCT partner_id, direction, date_trunc('month', counted_on)::date AS first_day "
 'FROM old_rows WHERE counted_on IS NOT NULL) AS k(partner_id, direction, first_day); SELECT '
 'array_agg(DISTINCT q ORDER BY q) INTO fresh FROM unnest(kp) AS q WHERE q <> ALL (locked); EXIT '
 'WHEN fresh IS NULL; FOREACH p IN ARRAY fresh LOOP PERFORM pg_advisory_xact_lock(47361, p::int); '
 'END LOOP; locked := locked || fresh; END LOOP; PERFORM exchange_summary_refresh(kp, kd, km); '
 'PERFORM exchange_data_changed(); RETURN NULL; END; $$',
 'DROP TRIGGER IF EXISTS shipments_shipment_summary_delete ON shipments_shipment',
 'CREATE TRIGGER shipments_shipment_summary_delete AFTER DELETE ON shipments_shipment REFERENCING '
 'OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION shipments_shipment_summary_delete()',
 'CREATE OR REPLACE FUNCTION shipments_shipmentitem_summary_insert() RETURNS trigger LANGUAGE '
 "plpgsql AS $$ DECLARE kp bigint[]; kd text[]; km date[]; locked bigint[] := '{}'; fresh "
 'bigint[]; p bigint; BEGIN PERFORM pg_advisory_xact_lock_shared(47362, 0); LOOP SELECT '
 'array_agg(k.partner_id), array_agg(k.direction::text), array_agg(k.first_day) INTO kp, kd, km '
 "FROM (SELECT DISTINCT s.partner_id, s.direction, date_trunc('month', s.counted_on)::date AS "
 'first_day FROM (SELECT DISTINCT n.id FROM (SELECT shipment_id FROM new_rows) AS n(id)) AS n '
 'CROSS JOIN LATERAL (SELECT partner_id, direction, counted_on FROM shipments_shipment AS s WHERE '
 's.id = n.id AND s.counted_on IS NOT NULL) AS s) AS k(partner_id, direction, first_day); SELECT '
 'array_agg(DISTINCT q ORDER BY q) INTO fresh FROM unnest(kp) AS q WHERE q <> ALL (locked); EXIT '
 'WHEN fresh IS NULL; FOREACH p IN ARRAY fresh LOOP PERFORM pg_advisory_xact_lock(47361, p::int); '
 'END LOOP; locked := locked || fresh; END LOOP; PERFORM exchange_summary_refresh(kp, kd, km); '
 'PERFORM exchange_data_changed(); RETURN NULL; END; $$',
 'DROP TRIGGER IF EXISTS shipments_shipmentitem_summary_insert ON shipments_shipmentitem',
 'CREATE TRIGGER shipments_shipmentitem_summary_insert AFTER INSERT ON shipments_shipmentitem '
 'REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION '
 'shipments_shipmentitem_summary_insert()',
 'CREATE OR REPLACE FUNCTION shipments_shipmentitem_summary_update() RETURNS trigger LANGUAGE '
 "plpgsql AS $$ DECLARE kp bigint[]; kd text[]; km date[]; locked bigint[] := '{}'; fresh "
 'bigint[]; p bigint; BEGIN PERFORM pg_advisory_xact_lock_shared(47362, 0); LOOP SELECT '
 'array_agg(k.partner_id), array_agg(k.direction::text), array_agg(k.first_day) INTO kp, kd, km '
 "FROM (SELECT DISTINCT s.partner_id, s.direction, date_trunc('month', s.counted_on)::date AS "
 'first_day FROM (SELECT DISTINCT n.id FROM (SELECT o.shipment_id FROM old_rows AS o LEFT JOIN '
 'new_rows AS n ON n.id = o.id WHERE (o.shipment_id, o.quantity, o.pages, o.unit_value, '
 'o.currency) IS DISTINCT FROM (n.shipment_id, n.quantity, n.pages, n.unit_value, n.currency) '
 'UNION ALL SELECT n.shipment_id FROM new_rows AS n LEFT JOIN old_rows AS o ON o.id = n.id WHERE '
 '(o.shipment_id, o.quantity, o.pages, o.unit_value, o.currency) IS DISTINCT FROM (n.shipment_id, '
 'n.quantity, n.pages, n.unit_value, n.currency)) AS n(id)) AS n CROSS JOIN LATERAL (SELECT '
 'partner_id, direction, counted_on FROM shipments_shipment AS s WHERE s.id = n.id AND '
 's.counted_on IS NOT NULL) AS s) AS k(partner_id, direction, first_day); SELECT '
 'array_agg(DISTINCT q ORDER BY q) INTO fresh FROM unnest(kp) AS q WHERE q <> ALL (locked); EXIT '
 'WHEN fresh IS NULL; FOREACH p IN ARRAY fresh LOOP PERFORM pg_advisory_xact_lock(47361, p::int); '
 'END LOOP; locked := locked || fresh; END LOOP; PERFORM exchange_summary_refresh(kp, kd, km); '
 'PERFORM exchange_data_changed(); RETURN NULL; END; $$',
 'DROP TRIGGER IF EXISTS shipments_shipmentitem_summary_update ON shipments_shipmentitem',
 'CREATE TRIGGER shipments_shipmentitem_summary_update AFTER UPDATE ON shipments_shipmentitem '
 'REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION '
 'shipments_shipmentitem_summary_update()',
 'CREATE OR REPLACE FUNCTION shipments_shipmentitem_summary_delete() RETURNS trigger LANGUAGE '
 "plpgsql AS $$ DECLARE kp bigint[]; kd text[]; km date[]; locked bigint[] := '{}'; fresh "
 'bigint[]; p bigint; BEGIN PERFORM pg_advisory_xact_lock_shared(47362, 0); LOOP SELECT '
 'array_agg(k.partner_id), array_agg(k.direction::text), array_agg(k.first_day) INTO kp, kd, km '
 "FROM (SELECT DISTINCT s.partner_id, s.direction, date_trunc('month', s.counted_on)::date AS "
 'first_day FROM (SELECT DISTINCT n.id FROM (SELECT shipment_id FROM old_rows) AS n(id)) AS n '
 'CROSS JOIN LATERAL (SELECT partner_id, direction, counted_on FROM shipments_shipment AS s WHERE '
 's.id = n.id AND s.counted_on IS NOT NULL) AS s) AS k(partner_id, direction, first_day); SELECT '
 'array_agg(DISTINCT q ORDER BY q) INTO fresh FROM unnest(kp) AS q WHERE q <> ALL (locked); EXIT '
 'WHEN fresh IS NULL; FOREACH p IN ARRAY fresh LOOP PERFORM pg_advisory_xact_lock(47361, p::int); '
 'END LOOP; locked := locked || fresh; END LOOP; PERFORM exchange_summary_refresh(kp, kd, km); '
 'PERFORM exchange_data_changed(); RETURN NULL; END; $$',
 'DROP TRIGGER IF EXISTS shipments_shipmentitem_summary_delete ON shipments_shipmentitem',
 'CREATE TRIGGER shipments_shipmentitem_summary_delete AFTER DELETE ON shipments_shipmentitem '
 'REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION '
 'shipments_shipmentitem_summary_delete()',
 'CREATE OR REPLACE FUNCTION exchange_exchangerate_summary_insert() RETURNS trigger LANGUAGE '
 'plpgsql AS $$ DECLARE kp bigint[]; kd text[]; km date[]; BEGIN PERFORM '
 'pg_advisory_xact_lock(47362, 0); SELECT array_agg(k.partner_id), array_agg(k.direction::text), '
 'array_agg(k.first_day) INTO kp, kd, km FROM (SELECT DISTINCT s.partner_id, s.direction, '
 "date_trunc('month', s.counted_on)::date AS first_day FROM (SELECT currency, valid_from FROM "
 'new_rows) AS c JOIN shipments_shipment AS s ON s.counted_on >= c.valid_from AND (s.counted_on < '
 '(SELECT MIN(r.valid_from) FROM exchange_exchangerate AS r WHERE r.currency = c.currency AND '
 'r.valid_from > c.valid_from) OR (SELECT MIN(r.valid_from) FROM exchange_exchangerate AS r WHERE '
 'r.currency = c.currency AND r.valid_from > c.valid_from) IS NULL) JOIN shipments_shipmentitem AS '
 'i ON i.shipment_id = s.id AND i.currency = c.currency AND i.unit_value <> 0) AS k(partner_id, '
 'direction, first_day); PERFORM exchange_summary_refresh(kp, kd, km); PERFORM '
 'exchange_data_changed(); RETURN NULL; END; $$',
 'DROP TRIGGER IF EXISTS exchange_exchangerate_summary_insert ON exchange_exchangerate',
 'CREATE TRIGGER exchange_exchangerate_summary_insert AFTER INSERT ON exchange_exchangerate '
 'REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION '
 'exchange_exchangerate_summary_insert()',
 'CREATE OR REPLACE FUNCTION exchange_exchangerate_summary_update() RETURNS trigger LANGUAGE '
 'plpgsql AS $$ DECLARE kp bigint[]; kd text[]; km date[]; BEGIN PERFORM '
 'pg_advisory_xact_lock(47362, 0); SELECT array_agg(k.partner_id), array_agg(k.direction::text), '
 'array_agg(k.first_day) INTO kp, kd, km FROM (SELECT DISTINCT s.partner_id, s.direction, '
 "date_trunc('month', s.counted_on)::date AS first_day FROM (SELECT o.currency, o.valid_from FROM "
 'old_rows AS o JOIN new_rows AS n ON n.id = o.id WHERE (o.currency, o.valid_from, o.rate) IS '
 'DISTINCT FROM (n.currency, n.valid_from, n.rate) UNION SELECT n.currency, n.valid_from FROM '
 'old_rows AS o JOIN new_rows AS n ON n.id = o.id WHERE (o.currency, o.valid_from, o.rate) IS '
 'DISTINCT FROM (n.currency, n.valid_from, n.rate) UNION SELECT currency, valid_from FROM old_rows '
 'WHERE id NOT IN (SELECT id FROM new_rows) UNION SELECT currency, valid_from FROM new_rows WHERE '
 'id NOT IN (SELECT id FROM old_rows)) AS c JOIN shipments_shipment AS s ON s.counted_on >= '
 'c.valid_from AND (s.counted_on < (SELECT MIN(r.valid_from) FROM exchange_exchangerate AS r WHERE '
 'r.currency = c.currency AND r.valid_from > c.valid_from) OR (SELECT MIN(r.valid_from) FROM '
 'exchange_exchangerate AS r WHERE r.currency = c.currency AND r.valid_from > c.valid_from) IS '
 'NULL) JOIN shipments_shipmentitem AS i ON i.shipment_id = s.id AND i.currency = c.currency AND '
 'i.unit_value <> 0) AS k(partner_id, direction, first_day); PERFORM exchange_summary_refresh(kp, '
 'kd, km); PERFORM exchange_data_changed(); RETURN NULL; END; $$',
 'DROP TRIGGER IF EXISTS exchange_exchangerate_summary_update ON exchange_exchangerate',
 'CREATE TRIGGER exchange_exchangerate_summary_update AFTER UPDATE ON exchange_exchangerate '
 'REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION '
 'exchange_exchangerate_summary_update()',
 'CREATE OR REPLACE FUNCTION exchange_exchangerate_summary_delete() RETURNS trigger LANGUAGE '
 'plpgsql AS $$ DECLARE kp bigint[]; kd text[]; km date[]; BEGIN PERFORM '
 'pg_advisory_xact_lock(47362, 0); SELECT array_agg(k.partner_id), array_agg(k.direction::text), '
 'array_agg(k.first_day) INTO kp, kd, km FROM (SELECT DISTINCT s.partner_id, s.direction, '
 "date_trunc('month', s.counted_on)::date AS first_day FROM (SELECT currency, valid_from FROM "
 'old_rows) AS c JOIN shipments_shipment AS s ON s.counted_on >= c.valid_from AND (s.counted_on < '
 '(SELECT MIN(r.valid_from) FROM exchange_exchangerate AS r WHERE r.currency = c.currency AND '
 'r.valid_from > c.valid_from) OR (SELECT MIN(r.valid_from) FROM exchange_exchangerate AS r WHERE '
 'r.currency = c.currency AND r.valid_from > c.valid_from) IS NULL) JOIN shipments_shipmentitem AS '
 'i ON i.shipment_id = s.id AND i.currency = c.currency AND i.unit_value <> 0) AS k(partner_id, '
 'direction, first_day); PERFORM exchange_summary_refresh(kp, kd, km); PERFORM '
 'exchange_data_changed(); RETURN NULL; END; $$',
 'DROP TRIGGER IF EXISTS exchange_exchangerate_summary_delete ON exchange_exchangerate',
 'CREATE TRIGGER exchange_exchangerate_summary_delete AFTER DELETE ON exchange_exchangerate '
 'REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION '
 'exchange_exchangerate_summary_delete()',
 'DROP TRIGGER IF EXISTS shipments_shipment_summary_truncate ON shipments_shipment',
 'CREATE TRIGGER shipments_shipment_summary_truncate AFTER TRUNCATE ON shipments_shipment FOR EACH '
 'STATEMENT EXECUTE FUNCTION exchange_summary_truncated()',
 'DROP TRIGGER IF EXISTS shipments_shipmentitem_summary_truncate ON shipments_shipmentitem',
 'CREATE TRIGGER shipments_shipmentitem_summary_truncate AFTER TRUNCATE ON shipments_shipmentitem '
 'FOR EACH STATEMENT EXECUTE FUNCTION exchange_summary_truncated()',
 'DROP TRIGGER IF EXISTS exchange_exchangerate_summary_truncate ON exchange_exchangerate',
 'CREATE TRIGGER exchange_exchangerate_summary_truncate AFTER TRUNCATE ON exchange_exchangerate '
 'FOR EACH STATEMENT EXECUTE FUNCTION exchange_summary_truncated()',
 'DROP TRIGGER IF EXISTS partners_partner_data_touched ON partners_partner',
 'CREATE TRIGGER partners_partner_data_touched AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON '
 'partners_partner FOR EACH STATEMENT EXECUTE FUNCTION exchange_data_touched()']

SQLITE = ['DROP TRIGGER IF EXISTS shipments_shipment_summary_insert',
 'DROP TRIGGER IF EXISTS shipments_shipment_summary_update',
 'DROP TRIGGER IF EXISTS shipments_shipment_summary_delete',
 'DROP TRIGGER IF EXISTS shipments_shipmentitem_summary_insert',
 'DROP TRIGGER IF EXISTS shipments_shipmentitem_summary_update',
 'DROP TRIGGER IF EXISTS shipments_shipmentitem_summary_delete',
 'DROP TRIGGER IF EXISTS exchange_exchangerate_summary_insert',
 'DROP TRIGGER IF EXISTS exchange_exchangerate_summary_update',
 'DROP TRIGGER IF EXISTS exchange_exchangerate_summary_delete',
 'DROP TRIGGER IF EXISTS partners_partner_data_insert',
 'DROP TRIGGER IF EXISTS partners_partner_data_update',
 'DROP TRIGGER IF EXISTS partners_partner_data_delete',
 'DROP TRIGGER IF EXISTS shipments_shipment_data_insert',
 'DROP TRIGGER IF EXISTS shipments_shipment_data_update',
 'DROP TRIGGER IF EXISTS shipments_shipment_data_delete',
 'DROP TRIGGER IF EXISTS shipments_shipmentitem_data_insert',
 'DROP TRIGGER IF EXISTS shipments_shipmentitem_data_update',
 'DROP TRIGGER IF EXISTS shipments_shipmentitem_data_delete',
 'DROP TRIGGER IF EXISTS exchange_exchangerate_data_insert',
 'DROP TRIGGER IF EXISTS exchange_exchangerate_data_update',
 'DROP TRIGGER IF EXISTS exchange_exchangerate_data_delete',
 'CREATE TABLE IF NOT EXISTS exchange_dataversion (id integer PRIMARY KEY, n bigint NOT NULL)',
 'INSERT INTO exchange_dataversion VALUES (1, 0) ON CONFLICT DO NOTHING',
 'CREATE TRIGGER shipments_shipment_summary_insert AFTER INSERT ON shipments_shipment FOR EACH ROW '
 'BEGIN DELETE FROM exchange_balancesummary WHERE (partner_id, direction, year, month) IN (SELECT '
 "partner_id, direction, CAST(strftime('%Y', first_day) AS INTEGER), CAST(strftime('%m', "
 'first_day) AS INTEGER) FROM (SELECT NEW.partner_id AS partner_id, NEW.direction AS direction, '
 "date(NEW.counted_on, 'start of month') AS first_day WHERE NEW.counted_on IS NOT NULL) AS k); "
 'DELETE FROM exchange_unratedvalue WHERE EXISTS (SELECT 1 FROM (SELECT NEW.partner_id AS '
 "partner_id, NEW.direction AS direction, date(NEW.counted_on, 'start of month') AS first_day "
 'WHERE NEW.counted_on IS NOT NULL) AS k WHERE k.partner_id = exchange_unratedvalue.partner_id AND '
 'k.direction = exchange_unratedvalue.direction AND exchange_unratedvalue.counted_on >= '
 "k.first_day AND exchange_unratedvalue.counted_on < date(k.first_day, '+1 month')); INSERT INTO "
 'exchange_balancesummary (partner_id, direction, year, month, items, titles, pages, value, '
 "shipments, last_on) SELECT k.partner_id, k.direction, CAST(strftime('%Y', k.first_day) AS "
 "INTEGER), CAST(strftime('%m', k.first_day) AS INTEGER), COALESCE(SUM(i.quantity), 0), "
 'COUNT(i.id), COALESCE(SUM(i.pages * i.quantity), 0), COALESCE(SUM(CASE WHEN i.unit_value = 0 '
 'THEN 0 ELSE CAST(ROUND(i.unit_value * 100) AS INTEGER) * i.quantity * CASE WHEN i.currency = '
 '(SELECT currency FROM exchange_summary_base) THEN 1000000 ELSE COALESCE((SELECT '
 'CAST(ROUND(r.rate * 1000000) AS INTEGER) FROM exchange_exchangerate AS r WHERE r.currency = '
 'i.currency AND r.valid_from <= s.counted_on ORDER BY r.valid_from DESC LIMIT 1), 0) END END), '
 '0), COUNT(DISTINCT s.id), MAX(s.counted_on) FROM (SELECT NEW.partner_id AS partner_id, '
 "NEW.direction AS direction, date(NEW.counted_on, 'start of month') AS first_day WHERE "
 'NEW.counted_on IS NOT NULL) AS k JOIN shipments_shipment AS s ON s.partner_id = k.partner_id AND '
 's.direction = k.direction AND s.counted_on >= k.first_day AND s.counted_on < date(k.first_day, '
 "'+1 month') LEFT JOIN shipments_shipmentitem AS i ON i.shipment_id = s.id GROUP BY k.partner_id, "
 'k.direction, k.first_day; INSERT INTO exchange_unratedvalue (partner_id, direction, currency, '
 'counted_on, lines) SELECT k.partner_id, k.direction, i.currency, s.counted_on, COUNT(*) FROM '
 "(SELECT NEW.partner_id AS partner_id, NEW.direction AS direction, date(NEW.counted_on, 'start of "
 "month') AS first_day WHERE NEW.counted_on IS NOT NULL) AS k JOIN shipments_shipment AS s ON "
 's.partner_id = k.partner_id AND s.direction = k.direction AND s.counted_on >= k.first_day AND '
 "s.counted_on < date(k.first_day, '+1 month') JOIN shipments_shipmentitem AS i ON i.shipment_id = "
 's.id WHERE i.unit_value <> 0 AND i.currency <> (SELECT currency FROM exchange_summary_base) AND '
 'NOT EXISTS (SELECT 1 FROM exchange_exchangerate AS r WHERE r.currency = i.currency AND '
 'r.valid_from <= s.counted_on) GROUP BY k.partner_id, k.direction, i.currency, s.counted_on; '
 'DELETE FROM exchange_balancesummary WHERE (partner_id, direction, year) IN (SELECT DISTINCT '
 "partner_id, direction, CAST(strftime('%Y', first_day) AS INTEGER) FROM (SELECT NEW.partner_id AS "
 "partner_id, NEW.direction AS direction, date(NEW.counted_on, 'start of month') AS first_day "
 'WHERE NEW.counted_on IS NOT NULL) AS k) AND month = 0; INSERT INTO exchange_balancesummary '
 '(partner_id, direction, year, month, items, titles, pages, value, shipments, last_on) SELECT '
 'partner_id, direction, year, 0, SUM(items), SUM(titles), SUM(pages), SUM(value), SUM(shipments), '
 'MAX(last_on) FROM exchange_balancesummary WHERE month > 0 AND (partner_id, direction, year) IN '
 "(SELECT DISTINCT partner_id, direction, CAST(strftime('%Y', first_day) AS INTEGER) FROM (SELECT "
 "NEW.partner_id AS partner_id, NEW.direction AS direction, date(NEW.counted_on, 'start of month') "
 'AS first_day WHERE NEW.counted_on IS NOT NULL) AS k) GROUP BY partner_id, direction, year; '
 'DELETE FROM exchange_balancesummary WHERE (partner_id, direction) IN (SELECT DISTINCT '
 'partner_id, direction FROM (SELECT NEW.partner_id AS partner_id, NEW.direction AS direction, '
 "date(NEW.counted_on, 'start of month') AS first_day WHERE NEW.counted_on IS NOT NULL) AS k) AND "
 'year = 0; INSERT INTO exchange_balancesummary (partner_id, direction, year, month, items, '
 'titles, pages, value, shipments, last_on) SELECT partner_id, direction, 0, 0, SUM(items), '
 'SUM(titles), SUM(pages), SUM(value), SUM(shipments), MAX(last_on) FROM exchange_balancesummary '
 'WHERE year > 0 AND month = 0 AND (partner_id, direction) IN (SELECT DISTINCT partner_id, '
 'direction FROM (SELECT NEW.partner_id AS partner_id, NEW.direction AS direction, '
 "date(NEW.counted_on, 'start of month') AS first_day WHERE NEW.counted_on IS NOT NULL) AS k) "
 'GROUP BY partner_id, direction; END',
 'CREATE TRIGGER shipments_shipment_summary_update AFTER UPDATE ON shipments_shipment FOR EACH ROW '
 'WHEN (OLD.id, OLD.partner_id, OLD.direction, OLD.counted_on) IS NOT (NEW.id, NEW.partner_id, '
 'NEW.direction, NEW.counted_on) BEGIN DELETE FROM exchange_balancesummary WHERE (partner_id, '
 "direction, year, month) IN (SELECT partner_id, direction, CAST(strftime('%Y', first_day) AS "
 "INTEGER), CAST(strftime('%m', first_day) AS INTEGER) FROM (SELECT OLD.partner_id AS partner_id, "
 "OLD.direction AS direction, date(OLD.counted_on, 'start of month') AS first_day WHERE "
 'OLD.counted_on IS NOT NULL UNION SELECT NEW.partner_id AS partner_id, NEW.direction AS '
 "direction, date(NEW.counted_on, 'start of month') AS first_day WHERE NEW.counted_on IS NOT NULL) "
 'AS k); DELETE FROM exchange_unratedvalue WHERE EXISTS (SELECT 1 FROM (SELECT OLD.partner_id AS '
 "partner_id, OLD.direction AS direction, date(OLD.counted_on, 'start of month') AS first_day "
 'WHERE OLD.counted_on IS NOT NULL UNION SELECT NEW.partner_id AS partner_id, NEW.direction AS '
 "direction, date(NEW.counted_on, 'start of month') AS first_day WHERE NEW.counted_on IS NOT NULL) "
 'AS k WHERE k.partner_id = exchange_unratedvalue.partner_id AND k.direction = '
 'exchange_unratedvalue.direction AND exchange_unratedvalue.counted_on >= k.first_day AND '
 "exchange_unratedvalue.counted_on < date(k.first_day, '+1 month')); INSERT INTO "
 'exchange_balancesummary (partner_id, direction, year, month, items, titles, pages, value, '
 "shipments, last_on) SELECT k.partner_id, k.direction, CAST(strftime('%Y', k.first_day) AS "
 "INTEGER), CAST(strftime('%m', k.first_day) AS INTEGER), COALESCE(SUM(i.quantity), 0), "
 'COUNT(i.id), COALESCE(SUM(i.pages * i.quantity), 0), COALESCE(SUM(CASE WHEN i.unit_value = 0 '
 'THEN 0 ELSE CAST(ROUND(i.unit_value * 100) AS INTEGER) * i.quantity * CASE WHEN i.currency = '
 '(SELECT currency FROM exchange_summary_base) THEN 1000000 ELSE COALESCE((SELECT '
 'CAST(ROUND(r.rate * 1000000) AS INTEGER) FROM exchange_exchangerate AS r WHERE r.currency = '
 'i.currency AND r.valid_from <= s.counted_on ORDER BY r.valid_from DESC LIMIT 1), 0) END END), '
 '0), COUNT(DISTINCT s.id), MAX(s.counted_on) FROM (SELECT OLD.partner_id AS partner_id, '
 "OLD.direction AS direction, date(OLD.counted_on, 'start of month') AS first_day WHERE "
 'OLD.counted_on IS NOT NULL UNION SELECT NEW.partner_id AS partner_id, NEW.direction AS '
 "direction, date(NEW.counted_on, 'start of month') AS first_day WHERE NEW.counted_on IS NOT NULL) "
 'AS k JOIN shipments_shipment AS s ON s.partner_id = k.partner_id AND s.direction = k.direction '
 "AND s.counted_on >= k.first_day AND s.counted_on < date(k.first_day, '+1 month') LEFT JOIN "
 'shipments_shipmentitem AS i ON i.shipment_id = s.id GROUP BY k.partner_id, k.direction, '
 'k.first_day; INSERT INTO exchange_unratedvalue (partner_id, direction, currency, counted_on, '
 'lines) SELECT k.partner_id, k.direction, i.currency, s.counted_on, COUNT(*) FROM (SELECT '
 "OLD.partner_id AS partner_id, OLD.direction AS direction, date(OLD.counted_on, 'start of month') "
 'AS first_day WHERE OLD.counted_on IS NOT NULL UNION SELECT NEW.partner_id AS partner_id, '
 "NEW.direction AS direction, date(NEW.counted_on, 'start of month') AS first_day WHERE "
 'NEW.counted_on IS NOT NULL) AS k JOIN shipments_shipment AS s ON s.partner_id = k.partner_id AND '
 's.direction = k.direction AND s.counted_on >= k.first_day AND s.counted_on < date(k.first_day, '
 "'+1 month') JOIN shipments_shipmentitem AS i ON i.shipment_id = s.id WHERE i.unit_value <> 0 AND "
 'i.currency <> (SELECT currency FROM exchange_summary_base) AND NOT EXISTS (SELECT 1 FROM '
 'exchange_exchangerate AS r WHERE r.currency = i.currency AND r.valid_from <= s.counted_on) GROUP '
 'BY k.partner_id, k.direction, i.currency, s.counted_on; DELETE FROM exchange_balancesummary '
 'WHERE (partner_id, direction, year) IN (SELECT DISTINCT partner_id, direction, '
 "CAST(strftime('%Y', first_day) AS INTEGER) FROM (SELECT OLD.partner_id AS partner_id, "
 "OLD.direction AS direction, date(OLD.counted_on, 'start of month') AS first_day WHERE "
 'OLD.counted_on IS NOT NULL UNION SELECT NEW.partner_id AS partner_id, NEW.direction AS '
 "direction, date(NEW.counted_on, 'start of month') AS first_day WHERE NEW.counted_on IS NOT NULL) "
 'AS k) AND month = 0; INSERT INTO exchange_balancesummary (partner_id, direction, year, month, '
 'items, titles, pages, value, shipments, last_on) SELECT partner_id, direction, year, 0, '
 'SUM(items), SUM(titles), SUM(pages), SUM(value), SUM(shipments), MAX(last_on) FROM '
 'exchange_balancesummary WHERE month > 0 AND (partner_id, direction, year) IN (SELECT DISTINCT '
 "partner_id, direction, CAST(strftime('%Y', first_day) AS INTEGER) FROM (SELECT OLD.partner_id AS "
 "partner_id, OLD.direction AS direction, date(OLD.counted_on, 'start of month') AS first_day "
 'WHERE OLD.counted_on IS NOT NULL UNION SELECT NEW.partner_id AS partner_id, NEW.direction AS '
 "direction, date(NEW.counted_on, 'start of month') AS first_day WHERE NEW.counted_on IS NOT NULL) "
 'AS k) GROUP BY partner_id, direction, year; DELETE FROM exchange_balancesummary WHERE '
 '(partner_id, direction) IN (SELECT DISTINCT partner_id, direction FROM (SELECT OLD.partner_id AS '
 "partner_id, OLD.direction AS direction, date(OLD.counted_on, 'start of month') AS first_day "
 'WHERE OLD.counted_on IS NOT NULL UNION SELECT NEW.partner_id AS partner_id, NEW.direction AS '
 "direction, date(NEW.counted_on, 'start of month') AS first_day WHERE NEW.counted_on IS NOT NULL) "
 'AS k) AND year = 0; INSERT INTO exchange_balancesummary (partner_id, direction, year, month, '
 'items, titles, pages, value, shipments, last_on) SELECT partner_id, direction, 0, 0, SUM(items), '
 'SUM(titles), SUM(pages), SUM(value), SUM(shipments), MAX(last_on) FROM exchange_balancesummary '
 'WHERE year > 0 AND month = 0 AND (partner_id, direction) IN (SELECT DISTINCT partner_id, '
 'direction FROM (SELECT OLD.partner_id AS partner_id, OLD.direction AS direction, '
 "date(OLD.counted_on, 'start of month') AS first_day WHERE OLD.counted_on IS NOT NULL UNION "
 "SELECT NEW.partner_id AS partner_id, NEW.direction AS direction, date(NEW.counted_on, 'start of "
 "month') AS first_day WHERE NEW.counted_on IS NOT NULL) AS k) GROUP BY partner_id, direction; END",
 'CREATE TRIGGER shipments_shipment_summary_delete AFTER DELETE ON shipments_shipment FOR EACH ROW '
 'BEGIN DELETE FROM exchange_balancesummary WHERE (partner_id, direction, year, month) IN (SELECT '
 "partner_id, direction, CAST(strftime('%Y', first_day) AS INTEGER), CAST(strftime('%m', "
 'first_day) AS INTEGER) FROM (SELECT OLD.partner_id AS partner_id, OLD.direction AS direction, '
 "date(OLD.counted_on, 'start of month') AS first_day WHERE OLD.counted_on IS NOT NULL) AS k); "
 'DELETE FROM exchange_unratedvalue WHERE EXISTS (SELECT 1 FROM (SELECT OLD.partner_id AS '
 "partner_id, OLD.direction AS direction, date(OLD.counted_on, 'start of month') AS first_day "
 'WHERE OLD.counted_on IS NOT NULL) AS k WHERE k.partner_id = exchange_unratedvalue.partner_id AND '
 'k.direction = exchange_unratedvalue.direction AND exchange_unratedvalue.counted_on >= '
 "k.first_day AND exchange_unratedvalue.counted_on < date(k.first_day, '+1 month')); INSERT INTO "
 'exchange_balancesummary (partner_id, direction, year, month, items, titles, pages, value, '
 "shipments, last_on) SELECT k.partner_id, k.direction, CAST(strftime('%Y', k.first_day) AS "
 "INTEGER), CAST(strftime('%m', k.first_day) AS INTEGER), COALESCE(SUM(i.quantity), 0), "
 'COUNT(i.id), COALESCE(SUM(i.pages * i.quantity), 0), COALESCE(SUM(CASE WHEN i.unit_value = 0 '
 'THEN 0 ELSE CAST(ROUND(i.unit_value * 100) AS INTEGER) * i.quantity * CASE WHEN i.currency = '
 '(SELECT currency FROM exchange_summary_base) THEN 1000000 ELSE COALESCE((SELECT '
 'CAST(ROUND(r.rate * 1000000) AS INTEGER) FROM exchange_exchangerate AS r WHERE r.currency = '
 'i.currency AND r.valid_from <= s.counted_on ORDER BY r.valid_from DESC LIMIT 1), 0) END END), '
 '0), COUNT(DISTINCT s.id), MAX(s.counted_on) FROM (SELECT OLD.partner_id AS partner_id, '
 "OLD.direction AS direction, date(OLD.counted_on, 'start of month') AS first_day WHERE "
 'OLD.counted_on IS NOT NULL) AS k JOIN shipments_shipment AS s ON s.partner_id = k.partner_id AND '
 's.direction = k.direction AND s.counted_on >= k.first_day AND s.counted_on < date(k.first_day, '
 "'+1 month') LEFT JOIN shipments_shipmentitem AS i ON i.shipment_id = s.id GROUP BY k.partner_id, "
 'k.direction, k.first_day; INSERT INTO exchange_unratedvalue (partner_id, direction, currency, '
 'counted_on, lines) SELECT k.partner_id, k.direction, i.currency, s.counted_on, COUNT(*) FROM '
 "(SELECT OLD.partner_id AS partner_id, OLD.direction AS direction, date(OLD.counted_on, 'start of "
 "month') AS first_day WHERE OLD.counted_on IS NOT NULL) AS k JOIN shipments_shipment AS s ON "
 's.partner_id = k.partner_id AND s.direction = k.direction AND s.counted_on >= k.first_day AND '
 "s.counted_on < date(k.first_day, '+1 month') JOIN shipments_shipmentitem AS i ON i.shipment_id = "
 's.id WHERE i.unit_value <> 0 AND i.currency <> (SELECT currency FROM exchange_summary_base) AND '
 'NOT EXISTS (SELECT 1 FROM exchange_exchangerate AS r WHERE r.currency = i.currency AND '
 'r.valid_from <= s.counted_on) GROUP BY k.partner_id, k.direction, i.currency, s.counted_on; '
 'DELETE FROM exchange_balancesummary WHERE (partner_id, direction, year) IN (SELECT DISTINCT '
 "partner_id, direction, CAST(strftime('%Y', first_day) AS INTEGER) FROM (SELECT OLD.partner_id AS "
 "partner_id, OLD.direction AS direction, date(OLD.counted_on, 'start of month') AS first_day "
 'WHERE OLD.counted_on IS NOT NULL) AS k) AND month = 0; INSERT INTO exchange_balancesummary '
 '(partner_id, direction, year, month, items, titles, pages, value, shipments, last_on) SELECT '
 'partner_id, direction, year, 0, SUM(items), SUM(titles), SUM(pages), SUM(value), SUM(shipments), '
 'MAX(last_on) FROM exchange_balancesummary WHERE month > 0 AND (partner_id, direction, year) IN '
 "(SELECT DISTINCT partner_id, direction, CAST(strftime('%Y', first_day) AS INTEGER) FROM (SELECT "
 "OLD.partner_id AS partner_id, OLD.direction AS direction, date(OLD.counted_on, 'start of month') "
 'AS first_day WHERE OLD.counted_on IS NOT NULL) AS k) GROUP BY partner_id, direction, year; '
 'DELETE FROM exchange_balancesummary WHERE (partner_id, direction) IN (SELECT DISTINCT '
 'partner_id, direction FROM (SELECT OLD.partner_id AS partner_id, OLD.direction AS direction, '
 "date(OLD.counted_on, 'start of month') AS first_day WHERE OLD.counted_on IS NOT NULL) AS k) AND "
 'year = 0; INSERT INTO exchange_balancesummary (partner_id, direction, year, month, items, '
 'titles, pages, value, shipments, last_on) SELECT partner_id, direction, 0, 0, SUM(items), '
 'SUM(titles), SUM(pages), SUM(value), SUM(shipments), MAX(last_on) FROM exchange_balancesummary '
 'WHERE year > 0 AND month = 0 AND (partner_id, direction) IN (SELECT DISTINCT partner_id, '
 'direction FROM (SELECT OLD.partner_id AS partner_id, OLD.direction AS direction, '
 "date(OLD.counted_on, 'start of month') AS first_day WHERE OLD.counted_on IS NOT NULL) AS k) "
 'GROUP BY partner_id, direction; END',
 'CREATE TRIGGER shipments_shipmentitem_summary_insert AFTER INSERT ON shipments_shipmentitem FOR '
 'EACH ROW BEGIN DELETE FROM exchange_balancesummary WHERE (partner_id, direction, year, month) IN '
 "(SELECT partner_id, direction, CAST(strftime('%Y', first_day) AS INTEGER), CAST(strftime('%m', "
 'first_day) AS INTEGER) FROM (SELECT DISTINCT s.partner_id, s.direction, date(s.counted_on, '
 "'start of month') AS first_day FROM shipments_shipment AS s WHERE s.counted_on IS NOT NULL AND "
 's.id IN (SELECT NEW.shipment_id)) AS k); DELETE FROM exchange_unratedvalue WHERE EXISTS (SELECT '
 "1 FROM (SELECT DISTINCT s.partner_id, s.direction, date(s.counted_on, 'start of month') AS "
 'first_day FROM shipments_shipment AS s WHERE s.counted_on IS NOT NULL AND s.id IN (SELECT '
 'NEW.shipment_id)) AS k WHERE k.partner_id = exchange_unratedvalue.partner_id AND k.direction = '
 'exchange_unratedvalue.direction AND exchange_unratedvalue.counted_on >= k.first_day AND '
 "exchange_unratedvalue.counted_on < date(k.first_day, '+1 month')); INSERT INTO "
 'exchange_balancesummary (partner_id, direction, year, month, items, titles, pages, value, '
 "shipments, last_on) SELECT k.partner_id, k.direction, CAST(strftime('%Y', k.first_day) AS "
 "INTEGER), CAST(strftime('%m', k.first_day) AS INTEGER), COALESCE(SUM(i.quantity), 0), "
 'COUNT(i.id), COALESCE(SUM(i.pages * i.quantity), 0), COALESCE(SUM(CASE WHEN i.unit_value = 0 '
 'THEN 0 ELSE CAST(ROUND(i.unit_value * 100) AS INTEGER) * i.quantity * CASE WHEN i.currency = '
 '(SELECT currency FROM exchange_summary_base) THEN 1000000 ELSE COALESCE((SELECT '
 'CAST(ROUND(r.rate * 1000000) AS INTEGER) FROM exchange_exchangerate AS r WHERE r.currency = '
 'i.currency AND r.valid_from <= s.counted_on ORDER BY r.valid_from DESC LIMIT 1), 0) END END), '
 '0), COUNT(DISTINCT s.id), MAX(s.counted_on) FROM (SELECT DISTINCT s.partner_id, s.direction, '
 "date(s.counted_on, 'start of month') AS first_day FROM shipments_shipment AS s WHERE "
 's.counted_on IS NOT NULL AND s.id IN (SELECT NEW.shipment_id)) AS k JOIN shipments_shipment AS s '
 'ON s.partner_id = k.partner_id AND s.direction = k.direction AND s.counted_on >= k.first_day AND '
 "s.counted_on < date(k.first_day, '+1 month') LEFT JOIN shipments_shipmentitem AS i ON "
 'i.shipment_id = s.id GROUP BY k.partner_id, k.direction, k.first_day; INSERT INTO '
 'exchange_unratedvalue (partner_id, direction, currency, counted_on, lines) SELECT k.partner_id, '
 'k.direction, i.currency, s.counted_on, COUNT(*) FROM (SELECT DISTINCT s.partner_id, s.direction, '
 "date(s.counted_on, 'start of month') AS first_day FROM shipments_shipment AS s WHERE "
 's.counted_on IS NOT NULL AND s.id IN (SELECT NEW.shipment_id)) AS k JOIN shipments_shipment AS s '
 'ON s.partner_id = k.partner_id AND s.direction = k.direction AND s.counted_on >= k.first_day AND '
 "s.counted_on < date(k.first_day, '+1 month') JOIN shipments_shipmentitem AS i ON i.shipment_id = "
 's.id WHERE i.unit_value <> 0 AND i.currency <> (SELECT currency FROM exchange_summary_base) AND '
 'NOT EXISTS (SELECT 1 FROM exchange_exchangerate AS r WHERE r.currency = i.currency AND '
 'r.valid_from <= s.counted_on) GROUP BY k.partner_id, k.direction, i.currency, s.counted_on; '
 'DELETE FROM exchange_balancesummary WHERE (partner_id, direction, year) IN (SELECT DISTINCT '
 "partner_id, direction, CAST(strftime('%Y', first_day) AS INTEGER) FROM (SELECT DISTINCT "
 "s.partner_id, s.direction, date(s.counted_on, 'start of month') AS first_day FROM "
 'shipments_shipment AS s WHERE s.counted_on IS NOT NULL AND s.id IN (SELECT NEW.shipment_id)) AS '
 'k) AND month = 0; INSERT INTO exchange_balancesummary (partner_id, direction, year, month, '
 'items, titles, pages, value, shipments, last_on) SELECT partner_id, direction, year, 0, '
 'SUM(items), SUM(titles), SUM(pages), SUM(value), SUM(shipments), MAX(last_on) FROM '
 'exchange_balancesummary WHERE month > 0 AND (partner_id, direction, year) IN (SELECT DISTINCT '
 "partner_id, direction, CAST(strftime('%Y', first_day) AS INTEGER) FROM (SELECT DISTINCT "
 "s.partner_id, s.direction, date(s.counted_on, 'start of month') AS first_day FROM "
 'shipments_shipment AS s WHERE s.counted_on IS NOT NULL AND s.id IN (SELECT NEW.shipment_id)) AS '
 'k) GROUP BY partner_id, direction, year; DELETE FROM exchange_balancesummary WHERE (partner_id, '
 'direction) IN (SELECT DISTINCT partner_id, direction FROM (SELECT DISTINCT s.partner_id, '
 "s.direction, date(s.counted_on, 'start of month') AS first_day FROM shipments_shipment AS s "
 'WHERE s.counted_on IS NOT NULL AND s.id IN (SELECT NEW.shipment_id)) AS k) AND year = 0; INSERT '
 'INTO exchange_balancesummary (partner_id, direction, year, month, items, titles, pages, value, '
 'shipments, last_on) SELECT partner_id, direction, 0, 0, SUM(items), SUM(titles), SUM(pages), '
 'SUM(value), SUM(shipments), MAX(last_on) FROM exchange_balancesummary WHERE year > 0 AND month = '
 '0 AND (partner_id, direction) IN (SELECT DISTINCT partner_id, direction FROM (SELECT DISTINCT '
 "s.partner_id, s.direction, date(s.counted_on, 'start of month') AS first_day FROM "
 'shipments_shipment AS s WHERE s.counted_on IS NOT NULL AND s.id IN (SELECT NEW.shipment_id)) AS '
 'k) GROUP BY partner_id, direction; END',
 'CREATE TRIGGER shipments_shipmentitem_summary_update AFTER UPDATE ON shipments_shipmentitem FOR '
 'EACH ROW WHEN (OLD.id, OLD.shipment_id, OLD.quantity, OLD.pages, OLD.unit_value, OLD.currency) '
 'IS NOT (NEW.id, NEW.shipment_id, NEW.quantity, NEW.pages, NEW.unit_value, NEW.currency) BEGIN '
 'DELETE FROM exchange_balancesummary WHERE (partner_id, direction, year, month) IN (SELECT '
 "partner_id, direction, CAST(strftime('%Y', first_day) AS INTEGER), CAST(strftime('%m', "
 'first_day) AS INTEGER) FROM (SELECT DISTINCT s.partner_id, s.direction, date(s.counted_on, '
 "'start of month') AS first_day FROM shipments_shipment AS s WHERE s.counted_on IS NOT NULL AND "
 's.id IN (SELECT OLD.shipment_id UNION SELECT NEW.shipment_id)) AS k); DELETE FROM '
 'exchange_unratedvalue WHERE EXISTS (SELECT 1 FROM (SELECT DISTINCT s.partner_id, s.direction, '
 "date(s.counted_on, 'start of month') AS first_day FROM shipments_shipment AS s WHERE "
 's.counted_on IS NOT NULL AND s.id IN (SELECT OLD.shipment_id UNION SELECT NEW.shipment_id)) AS k '
 'WHERE k.partner_id = exchange_unratedvalue.partner_id AND k.direction = '
 'exchange_unratedvalue.direction AND exchange_unratedvalue.counted_on >= k.first_day AND '
 "exchange_unratedvalue.counted_on < date(k.first_day, '+1 month')); INSERT INTO "
 'exchange_balancesummary (partner_id, direction, year, month, items, titles, pages, value, '
 "shipments, last_on) SELECT k.partner_id, k.direction, CAST(strftime('%Y', k.first_day) AS "
 "INTEGER), CAST(strftime('%m', k.first_day) AS INTEGER), COALESCE(SUM(i.quantity), 0), "
 'COUNT(i.id), COALESCE(SUM(i.pages * i.quantity), 0), COALESCE(SUM(CASE WHEN i.unit_value = 0 '
 'THEN 0 ELSE CAST(ROUND(i.unit_value * 100) AS INTEGER) * i.quantity * CASE WHEN i.currency = '
 '(SELECT currency FROM exchange_summary_base) THEN 1000000 ELSE COALESCE((SELECT '
 'CAST(ROUND(r.rate * 1000000) AS INTEGER) FROM exchange_exchangerate AS r WHERE r.currency = '
 'i.currency AND r.valid_from <= s.counted_on ORDER BY r.valid_from DESC LIMIT 1), 0) END END), '
 '0), COUNT(DISTINCT s.id), MAX(s.counted_on) FROM (SELECT DISTINCT s.partner_id, s.direction, '
 "date(s.counted_on, 'start of month') AS first_day FROM shipments_shipment AS s WHERE "
 's.counted_on IS NOT NULL AND s.id IN (SELECT OLD.shipment_id UNION SELECT NEW.shipment_id)) AS k '
 'JOIN shipments_shipment AS s ON s.partner_id = k.partner_id AND s.direction = k.direction AND '
 "s.counted_on >= k.first_day AND s.counted_on < date(k.first_day, '+1 month') LEFT JOIN "
 'shipments_shipmentitem AS i ON i.shipment_id = s.id GROUP BY k.partner_id, k.direction, '
 'k.first_day; INSERT INTO exchange_unratedvalue (partner_id, direction, currency, counted_on, '
 'lines) SELECT k.partner_id, k.direction, i.currency, s.counted_on, COUNT(*) FROM (SELECT '
 "DISTINCT s.partner_id, s.direction, date(s.counted_on, 'start of month') AS first_day FROM "
 'shipments_shipment AS s WHERE s.counted_on IS NOT NULL AND s.id IN (SELECT OLD.shipment_id UNION '
 'SELECT NEW.shipment_id)) AS k JOIN shipments_shipment AS s ON s.partner_id = k.partner_id AND '
 's.direction = k.direction AND s.counted_on >= k.first_day AND s.counted_on < date(k.first_day, '
 "'+1 month') JOIN shipments_shipmentitem AS i ON i.shipment_id = s.id WHERE i.unit_value <> 0 AND "
 'i.currency <> (SELECT currency FROM exchange_summary_base) AND NOT EXISTS (SELECT 1 FROM '
 'exchange_exchangerate AS r WHERE r.currency = i.currency AND r.valid_from <= s.counted_on) GROUP '
 'BY k.partner_id, k.direction, i.currency, s.counted_on; DELETE FROM exchange_balancesummary '
 'WHERE (partner_id, direction, year) IN (SELECT DISTINCT partner_id, direction, '
 "CAST(strftime('%Y', first_day) AS INTEGER) FROM (SELECT DISTINCT s.partner_id, s.direction, "
 "date(s.counted_on, 'start of month') AS first_day FROM shipments_shipment AS s WHERE "
 's.counted_on IS NOT NULL AND s.id IN (SELECT OLD.shipment_id UNION SELECT NEW.shipment_id)) AS '
 'k) AND month = 0; INSERT INTO exchange_balancesummary (partner_id, direction, year, month, '
 'items, titles, pages, value, shipments, last_on) SELECT partner_id, direction, year, 0, '
 'SUM(items), SUM(titles), SUM(pages), SUM(value), SUM(shipments), MAX(last_on) FROM '
 'exchange_balancesummary WHERE month > 0 AND (partner_id, direction, year) IN (SELECT DISTINCT '
 "partner_id, direction, CAST(strftime('%Y', first_day) AS INTEGER) FROM (SELECT DISTINCT "
 "s.partner_id, s.direction, date(s.counted_on, 'start of month') AS first_day FROM "
 'shipments_shipment AS s WHERE s.counted_on IS NOT NULL AND s.id IN (SELECT OLD.shipment_id UNION '
 'SELECT NEW.shipment_id)) AS k) GROUP BY partner_id, direction, year; DELETE FROM '
 'exchange_balancesummary WHERE (partner_id, direction) IN (SELECT DISTINCT partner_id, direction '
 "FROM (SELECT DISTINCT s.partner_id, s.direction, date(s.counted_on, 'start of month') AS "
 'first_day FROM shipments_shipment AS s WHERE s.counted_on IS NOT NULL AND s.id IN (SELECT '
 'OLD.shipment_id UNION SELECT NEW.shipment_id)) AS k) AND year = 0; INSERT INTO '
 'exchange_balancesummary (partner_id, direction, year, month, items, titles, pages, value, '
 'shipments, last_on) SELECT partner_id, direction, 0, 0, SUM(items), SUM(titles), SUM(pages), '
 'SUM(value), SUM(shipments), MAX(last_on) FROM exchange_balancesummary WHERE year > 0 AND month = '
 '0 AND (partner_id, direction) IN (SELECT DISTINCT partner_id, direction FROM (SELECT DISTINCT '
 "s.partner_id, s.direction, date(s.counted_on, 'start of month') AS first_day FROM "
 'shipments_shipment AS s WHERE s.counted_on IS NOT NULL AND s.id IN (SELECT OLD.shipment_id UNION '
 'SELECT NEW.shipment_id)) AS k) GROUP BY partner_id, direction; END',
 'CREATE TRIGGER shipments_shipmentitem_summary_delete AFTER DELETE ON shipments_shipmentitem FOR '
 'EACH ROW BEGIN DELETE FROM exchange_balancesummary WHERE (partner_id, direction, year, month) IN '
 "(SELECT partner_id, direction, CAST(strftime('%Y', first_day) AS INTEGER), CAST(strftime('%m', "
 'first_day) AS INTEGER) FROM (SELECT DISTINCT s.partner_id, s.direction, date(s.counted_on, '
 "'start of month') AS first_day FROM shipments_shipment AS s WHERE s.counted_on IS NOT NULL AND "
 's.id IN (SELECT OLD.shipment_id)) AS k); DELETE FROM exchange_unratedvalue WHERE EXISTS (SELECT '
 "1 FROM (SELECT DISTINCT s.partner_id, s.direction, date(s.counted_on, 'start of month') AS "
 'first_day FROM shipments_shipment AS s WHERE s.counted_on IS NOT NULL AND s.id IN (SELECT '
 'OLD.shipment_id)) AS k WHERE k.partner_id = exchange_unratedvalue.partner_id AND k.direction = '
 'exchange_unratedvalue.direction AND exchange_unratedvalue.counted_on >= k.first_day AND '
 "exchange_unratedvalue.counted_on < date(k.first_day, '+1 month')); INSERT INTO "
 'exchange_balancesummary (partner_id, direction, year, month, items, titles, pages, value, '
 "shipments, last_on) SELECT k.partner_id, k.direction, CAST(strftime('%Y', k.first_day) AS "
 "INTEGER), CAST(strftime('%m', k.first_day) AS INTEGER), COALESCE(SUM(i.quantity), 0), "
 'COUNT(i.id), COALESCE(SUM(i.pages * i.quantity), 0), COALESCE(SUM(CASE WHEN i.unit_value = 0 '
 'THEN 0 ELSE CAST(ROUND(i.unit_value * 100) AS INTEGER) * i.quantity * CASE WHEN i.currency = '
 '(SELECT currency FROM exchange_summary_base) THEN 1000000 ELSE COALESCE((SELECT '
 'CAST(ROUND(r.rate * 1000000) AS INTEGER) FROM exchange_exchangerate AS r WHERE r.currency = '
 'i.currency AND r.valid_from <= s.counted_on ORDER BY r.valid_from DESC LIMIT 1), 0) END END), '
 '0), COUNT(DISTINCT s.id), MAX(s.counted_on) FROM (SELECT DISTINCT s.partner_id, s.direction, '
 "date(s.counted_on, 'start of month') AS first_day FROM shipments_shipment AS s WHERE "
 's.counted_on IS NOT NULL AND s.id IN (SELECT OLD.shipment_id)) AS k JOIN shipments_shipment AS s '
 'ON s.partner_id = k.partner_id AND s.direction = k.direction AND s.counted_on >= k.first_day AND '
 "s.counted_on < date(k.first_day, '+1 month') LEFT JOIN shipments_shipmentitem AS i ON "
 'i.shipment_id = s.id GROUP BY k.partner_id, k.direction, k.first_day; INSERT INTO '
 'exchange_unratedvalue (partner_id, direction, currency, counted_on, lines) SELECT k.partner_id, '
 'k.direction, i.currency, s.counted_on, COUNT(*) FROM (SELECT DISTINCT s.partner_id, s.direction, '
 "date(s.counted_on, 'start of month') AS first_day FROM shipments_shipment AS s WHERE "
 's.counted_on IS NOT NULL AND s.id IN (SELECT OLD.shipment_id)) AS k JOIN shipments_shipment AS s '
 'ON s.partner_id = k.partner_id AND s.direction = k.direction AND s.counted_on >= k.first_day AND '
 "s.counted_on < date(k.first_day, '+1 month') JOIN shipments_shipmentitem AS i ON i.shipment_id = "
 's.id WHERE i.unit_value <> 0 AND i.currency <> (SELECT currency FROM exchange_summary_base) AND '
 'NOT EXISTS (SELECT 1 FROM exchange_exchangerate AS r WHERE r.currency = i.currency AND '
 'r.valid_from <= s.counted_on) GROUP BY k.partner_id, k.direction, i.currency, s.counted_on; '
 'DELETE FROM exchange_balancesummary WHERE (partner_id, direction, year) IN (SELECT DISTINCT '
 "partner_id, direction, CAST(strftime('%Y', first_day) AS INTEGER) FROM (SELECT DISTINCT "
 "s.partner_id, s.direction, date(s.counted_on, 'start of month') AS first_day FROM "
 'shipments_shipment AS s WHERE s.counted_on IS NOT NULL AND s.id IN (SELECT OLD.shipment_id)) AS '
 'k) AND month = 0; INSERT INTO exchange_balancesummary (partner_id, direction, year, month, '
 'items, titles, pages, value, shipments, last_on) SELECT partner_id, direction, year, 0, '
 'SUM(items), SUM(titles), SUM(pages), SUM(value), SUM(shipments), MAX(last_on) FROM '
 'exchange_balancesummary WHERE month > 0 AND (partner_id, direction, year) IN (SELECT DISTINCT '
 "partner_id, direction, CAST(strftime('%Y', first_day) AS INTEGER) FROM (SELECT DISTINCT "
 "s.partner_id, s.direction, date(s.counted_on, 'start of month') AS first_day FROM "
 'shipments_shipment AS s WHERE s.counted_on IS NOT NULL AND s.id IN (SELECT OLD.shipment_id)) AS '
 'k) GROUP BY partner_id, direction, year; DELETE FROM exchange_balancesummary WHERE (partner_id, '
 'direction) IN (SELECT DISTINCT partner_id, direction FROM (SELECT DISTINCT s.partner_id, '
 "s.direction, date(s.counted_on, 'start of month') AS first_day FROM shipments_shipment AS s "
 'WHERE s.counted_on IS NOT NULL AND s.id IN (SELECT OLD.shipment_id)) AS k) AND year = 0; INSERT '
 'INTO exchange_balancesummary (partner_id, direction, year, month, items, titles, pages, value, '
 'shipments, last_on) SELECT partner_id, direction, 0, 0, SUM(items), SUM(titles), SUM(pages), '
 'SUM(value), SUM(shipments), MAX(last_on) FROM exchange_balancesummary WHERE year > 0 AND month = '
 '0 AND (partner_id, direction) IN (SELECT DISTINCT partner_id, direction FROM (SELECT DISTINCT '
 "s.partner_id, s.direction, date(s.counted_on, 'start of month') AS first_day FROM "
 'shipments_shipment AS s WHERE s.counted_on IS NOT NULL AND s.id IN (SELECT OLD.shipment_id)) AS '
 'k) GROUP BY partner_id, direction; END',
 'CREATE TRIGGER exchange_exchangerate_summary_insert AFTER INSERT ON exchange_exchangerate FOR '
 'EACH ROW BEGIN DELETE FROM exchange_balancesummary WHERE (partner_id, direction, year, month) IN '
 "(SELECT partner_id, direction, CAST(strftime('%Y', first_day) AS INTEGER), CAST(strftime('%m', "
 'first_day) AS INTEGER) FROM (SELECT DISTINCT s.partner_id, s.direction, date(s.counted_on, '
 "'start of month') AS first_day FROM (SELECT NEW.currency AS currency, NEW.valid_from AS "
 'valid_from) AS c JOIN shipments_shipment AS s ON s.counted_on >= c.valid_from AND (s.counted_on '
 '< (SELECT MIN(r.valid_from) FROM exchange_exchangerate AS r WHERE r.currency = c.currency AND '
 'r.valid_from > c.valid_from) OR (SELECT MIN(r.valid_from) FROM exchange_exchangerate AS r WHERE '
 'r.currency = c.currency AND r.valid_from > c.valid_from) IS NULL) JOIN shipments_shipmentitem AS '
 'i ON i.shipment_id = s.id AND i.currency = c.currency AND i.unit_value <> 0) AS k); DELETE FROM '
 'exchange_unratedvalue WHERE EXISTS (SELECT 1 FROM (SELECT DISTINCT s.partner_id, s.direction, '
 "date(s.counted_on, 'start of month') AS first_day FROM (SELECT NEW.currency AS currency, "
 'NEW.valid_from AS valid_from) AS c JOIN shipments_shipment AS s ON s.counted_on >= c.valid_from '
 'AND (s.counted_on < (SELECT MIN(r.valid_from) FROM exchange_exchangerate AS r WHERE r.currency = '
 'c.currency AND r.valid_from > c.valid_from) OR (SELECT MIN(r.valid_from) FROM '
 'exchange_exchangerate AS r WHERE r.currency = c.currency AND r.valid_from > c.valid_from) IS '
 'NULL) JOIN shipments_shipmentitem AS i ON i.shipment_id = s.id AND i.currency = c.currency AND '
 'i.unit_value <> 0) AS k WHERE k.partner_id = exchange_unratedvalue.partner_id AND k.direction = '
 'exchange_unratedvalue.direction AND exchange_unratedvalue.counted_on >= k.first_day AND '
 "exchange_unratedvalue.counted_on < date(k.first_day, '+1 month')); INSERT INTO "
 'exchange_balancesummary (partner_id, direction, year, month, items, titles, pages, value, '
 "shipments, last_on) SELECT k.partner_id, k.direction, CAST(strftime('%Y', k.first_day) AS "
 "INTEGER), CAST(strftime('%m', k.first_day) AS INTEGER), COALESCE(SUM(i.quantity), 0), "
 'COUNT(i.id), COALESCE(SUM(i.pages * i.quantity), 0), COALESCE(SUM(CASE WHEN i.unit_value = 0 '
 'THEN 0 ELSE CAST(ROUND(i.unit_value * 100) AS INTEGER) * i.quantity * CASE WHEN i.currency = '
 '(SELECT currency FROM exchange_summary_base) THEN 1000000 ELSE COALESCE((SELECT '
 'CAST(ROUND(r.rate * 1000000) AS INTEGER) FROM exchange_exchangerate AS r WHERE r.currency = '
 'i.currency AND r.valid_from <= s.counted_on ORDER BY r.valid_from DESC LIMIT 1), 0) END END), '
 '0), COUNT(DISTINCT s.id), MAX(s.counted_on) FROM (SELECT DISTINCT s.partner_id, s.direction, '
 "date(s.counted_on, 'start of month') AS first_day FROM (SELECT NEW.currency AS currency, "
 'NEW.valid_from AS valid_from) AS c JOIN shipments_shipment AS s ON s.counted_on >= c.valid_from '
 'AND (s.counted_on < (SELECT MIN(r.valid_from) FROM exchange_exchangerate AS r WHERE r.currency = '
 'c.currency AND r.valid_from > c.valid_from) OR (SELECT MIN(r.valid_from) FROM '
 'exchange_exchangerate AS r WHERE r.currency = c.currency AND r.valid_from > c.valid_from) IS '
 'NULL) JOIN shipments_shipmentitem AS i ON i.shipment_id = s.id AND i.currency = c.currency AND '
 'i.unit_value <> 0) AS k JOIN shipments_shipment AS s ON s.partner_id = k.partner_id AND '
 's.direction = k.direction AND s.counted_on >= k.first_day AND s.counted_on < date(k.first_day, '
 "'+1 month') LEFT JOIN shipments_shipmentitem AS i ON i.shipment_id = s.id GROUP BY k.partner_id, "
 'k.direction, k.first_day; INSERT INTO exchange_unratedvalue (partner_id, direction, currency, '
 'counted_on, lines) SELECT k.partner_id, k.direction, i.currency, s.counted_on, COUNT(*) FROM '
 "(SELECT DISTINCT s.partner_id, s.direction, date(s.counted_on, 'start of month') AS first_day "
 'FROM (SELECT NEW.currency AS currency, NEW.valid_from AS valid_from) AS c JOIN '
 'shipments_shipment AS s ON s.counted_on >= c.valid_from AND (s.counted_on < (SELECT '
 'MIN(r.valid_from) FROM exchange_exchangerate AS r WHERE r.currency = c.currency AND r.valid_from '
 '> c.valid_from) OR (SELECT MIN(r.valid_from) FROM exchange_exchangerate AS r WHERE r.currency = '
 'c.currency AND r.valid_from > c.valid_from) IS NULL) JOIN shipments_shipmentitem AS i ON '
 'i.shipment_id = s.id AND i.currency = c.currency AND i.unit_value <> 0) AS k JOIN '
 'shipments_shipment AS s ON s.partner_id = k.partner_id AND s.direction = k.direction AND '
 "s.counted_on >= k.first_day AND s.counted_on < date(k.first_day, '+1 month') JOIN "
 'shipments_shipmentitem AS i ON i.shipment_id = s.id WHERE i.unit_value <> 0 AND i.currency <> '
 '(SELECT currency FROM exchange_summary_base) AND NOT EXISTS (SELECT 1 FROM exchange_exchangerate '
 'AS r WHERE r.currency = i.currency AND r.valid_from <= s.counted_on) GROUP BY k.partner_id, '
 'k.direction, i.currency, s.counted_on; DELETE FROM exchange_balancesummary WHERE (partner_id, '
 "direction, year) IN (SELECT DISTINCT partner_id, direction, CAST(strftime('%Y', first_day) AS "
 "INTEGER) FROM (SELECT DISTINCT s.partner_id, s.direction, date(s.counted_on, 'start of month') "
 'AS first_day FROM (SELECT NEW.currency AS currency, NEW.valid_from AS valid_from) AS c JOIN '
 'shipments_shipment AS s ON s.counted_on >= c.valid_from AND (s.counted_on < (SELECT '
 'MIN(r.valid_from) FROM exchange_exchangerate AS r WHERE r.currency = c.currency AND r.valid_from '
 '> c.valid_from) OR (SELECT MIN(r.valid_from) FROM exchange_exchangerate AS r WHERE r.currency = '
 'c.currency AND r.valid_from > c.valid_from) IS NULL) JOIN shipments_shipmentitem AS i ON '
 'i.shipment_id = s.id AND i.currency = c.currency AND i.unit_value <> 0) AS k) AND month = 0; '
 'INSERT INTO exchange_balancesummary (partner_id, direction, year, month, items, titles, pages, '
 'value, shipments, last_on) SELECT partner_id, direction, year, 0, SUM(items), SUM(titles), '
 'SUM(pages), SUM(value), SUM(shipments), MAX(last_on) FROM exchange_balancesummary WHERE month > '
 '0 AND (partner_id, direction, year) IN (SELECT DISTINCT partner_id, direction, '
 "CAST(strftime('%Y', first_day) AS INTEGER) FROM (SELECT DISTINCT s.partner_id, s.direction, "
 "date(s.counted_on, 'start of month') AS first_day FROM (SELECT NEW.currency AS currency, "
 'NEW.valid_from AS valid_from) AS c JOIN shipments_shipment AS s ON s.counted_on >= c.valid_from '
 'AND (s.counted_on < (SELECT MIN(r.valid_from) FROM exchange_exchangerate AS r WHERE r.currency = '
 'c.currency AND r.valid_from > c.valid_from) OR (SELECT MIN(r.valid_from) FROM '
 'exchange_exchangerate AS r WHERE r.currency = c.currency AND r.valid_from > c.valid_from) IS '
 'NULL) JOIN shipments_shipmentitem AS i ON i.shipment_id = s.id AND i.currency = c.currency AND '
 'i.unit_value <> 0) AS k) GROUP BY partner_id, direction, year; DELETE FROM '
 'exchange_balancesummary WHERE (partner_id, direction) IN (SELECT DISTINCT partner_id, direction '
 "FROM (SELECT DISTINCT s.partner_id, s.direction, date(s.counted_on, 'start of month') AS "
 'first_day FROM (SELECT NEW.currency AS currency, NEW.valid_from AS valid_from) AS c JOIN '
 'shipments_shipment AS s ON s.counted_on >= c.valid_from AND (s.counted_on < (SELECT '
 'MIN(r.valid_from) FROM exchange_exchangerate AS r WHERE r.currency = c.currency AND r.valid_from '
 '> c.valid_from) OR (SELECT MIN(r.valid_from) FROM exchange_exchangerate AS r WHERE r.currency = '
 'c.currency AND r.valid_from > c.valid_from) IS NULL) JOIN shipments_shipmentitem AS i ON '
 'i.shipment_id = s.id AND i.currency = c.currency AND i.unit_value <> 0) AS k) AND year = 0; '
 'INSERT INTO exchange_balancesummary (partner_id, direction, year, month, items, titles, pages, '
 'value, shipments, last_on) SELECT partner_id, direction, 0, 0, SUM(items), SUM(titles), '
 'SUM(pages), SUM(value), SUM(shipments), MAX(last_on) FROM exchange_balancesummary WHERE year > 0 '
 'AND month = 0 AND (partner_id, direction) IN (SELECT DISTINCT partner_id, direction FROM (SELECT '
 "DISTINCT s.partner_id, s.direction, date(s.counted_on, 'start of month') AS first_day FROM "
 '(SELECT NEW.currency AS currency, NEW.valid_from AS valid_from) AS c JOIN shipments_shipment AS '
 's ON s.counted_on >= c.valid_from AND (s.counted_on < (SELECT MIN(r.valid_from) FROM '
 'exchange_exchangerate AS r WHERE r.currency = c.currency AND r.valid_from > c.valid_from) OR '
 '(SELECT MIN(r.valid_from) FROM exchange_exchangerate AS r WHERE r.currency = c.currency AND '
 'r.valid_from > c.valid_from) IS NULL) JOIN shipments_shipmentitem AS i ON i.shipment_id = s.id '
 'AND i.currency = c.currency AND i.unit_value <> 0) AS k) GROUP BY partner_id, direction; END',
 'CREATE TRIGGER exchange_exchangerate_summary_update AFTER UPDATE ON exchange_exchangerate FOR '
 'EACH ROW WHEN (OLD.id, OLD.currency, OLD.valid_from, OLD.rate) IS NOT (NEW.id, NEW.currency, '
 'NEW.valid_from, NEW.rate) BEGIN DELETE FROM exchange_balancesummary WHERE (partner_id, '
 "direction, year, month) IN (SELECT partner_id, direction, CAST(strftime('%Y', first_day) AS "
 "INTEGER), CAST(strftime('%m', first_day) AS INTEGER) FROM (SELECT DISTINCT s.partner_id, "
 "s.direction, date(s.counted_on, 'start of month') AS first_day FROM (SELECT OLD.currency AS "
 'currency, OLD.valid_from AS valid_from UNION SELECT NEW.currency AS currency, NEW.valid_from AS '
 'valid_from) AS c JOIN shipments_shipment AS s ON s.counted_on >= c.valid_from AND (s.counted_on '
 '< (SELECT MIN(r.valid_from) FROM exchange_exchangerate AS r WHERE r.currency = c.currency AND '
 'r.valid_from > c.valid_from) OR (SELECT MIN(r.valid_from) FROM exchange_exchangerate AS r WHERE '
 'r.currency = c.currency AND r.valid_from > c.valid_from) IS NULL) JOIN shipments_shipmentitem AS '
 'i ON i.shipment_id = s.id AND i.currency = c.currency AND i.unit_value <> 0) AS k); DELETE FROM '
 'exchange_unratedvalue WHERE EXISTS (SELECT 1 FROM (SELECT DISTINCT s.partner_id, s.direction, '
 "date(s.counted_on, 'start of month') AS first_day FROM (SELECT OLD.currency AS currency, "
 'OLD.valid_from AS valid_from UNION SELECT NEW.currency AS currency, NEW.valid_from AS '
 'valid_from) AS c JOIN shipments_shipment AS s ON s.counted_on >= c.valid_from AND (s.counted_on '
 '< (SELECT MIN(r.valid_from) FROM exchange_exchangerate AS r WHERE r.currency = c.currency AND '
 'r.valid_from > c.valid_from) OR (SELECT MIN(r.valid_from) FROM exchange_exchangerate AS r WHERE '
 'r.currency = c.currency AND r.valid_from > c.valid_from) IS NULL) JOIN shipments_shipmentitem AS '
 'i ON i.shipment_id = s.id AND i.currency = c.currency AND i.unit_value <> 0) AS k WHERE '
 'k.partner_id = exchange_unratedvalue.partner_id AND k.direction = '
 'exchange_unratedvalue.direction AND exchange_unratedvalue.counted_on >= k.first_day AND '
 "exchange_unratedvalue.counted_on < date(k.first_day, '+1 month')); INSERT INTO "
 'exchange_balancesummary (partner_id, direction, year, month, items, titles, pages, value, '
 "shipments, last_on) SELECT k.partner_id, k.direction, CAST(strftime('%Y', k.first_day) AS "
 "INTEGER), CAST(strftime('%m', k.first_day) AS INTEGER), COALESCE(SUM(i.quantity), 0), "
 'COUNT(i.id), COALESCE(SUM(i.pages * i.quantity), 0), COALESCE(SUM(CASE WHEN i.unit_value = 0 '
 'THEN 0 ELSE CAST(ROUND(i.unit_value * 100) AS INTEGER) * i.quantity * CASE WHEN i.currency = '
 '(SELECT currency FROM exchange_summary_base) THEN 1000000 ELSE COALESCE((SELECT '
 'CAST(ROUND(r.rate * 1000000) AS INTEGER) FROM exchange_exchangerate AS r WHERE r.currency = '
 'i.currency AND r.valid_from <= s.counted_on ORDER BY r.valid_from DESC LIMIT 1), 0) END END), '
 '0), COUNT(DISTINCT s.id), MAX(s.counted_on) FROM (SELECT DISTINCT s.partner_id, s.direction, '
 "date(s.counted_on, 'start of month') AS first_day FROM (SELECT OLD.currency AS currency, "
 'OLD.valid_from AS valid_from UNION SELECT NEW.currency AS currency, NEW.valid_from AS '
 'valid_from) AS c JOIN shipments_shipment AS s ON s.counted_on >= c.valid_from AND (s.counted_on '
 '< (SELECT MIN(r.valid_from) FROM exchange_exchangerate AS r WHERE r.currency = c.currency AND '
 'r.valid_from > c.valid_from) OR (SELECT MIN(r.valid_from) FROM exchange_exchangerate AS r WHERE '
 'r.currency = c.currency AND r.valid_from > c.valid_from) IS NULL) JOIN shipments_shipmentitem AS '
 'i ON i.shipment_id = s.id AND i.currency = c.currency AND i.unit_value <> 0) AS k JOIN '
 'shipments_shipment AS s ON s.partner_id = k.partner_id AND s.direction = k.direction AND '
 "s.counted_on >= k.first_day AND s.counted_on < date(k.first_day, '+1 month') LEFT JOIN "
 'shipments_shipmentitem AS i ON i.shipment_id = s.id GROUP BY k.partner_id, k.direction, '
 'k.first_day; INSERT INTO exchange_unratedvalue (partner_id, direction, currency, counted_on, '
 'lines) SELECT k.partner_id, k.direction, i.currency, s.counted_on, COUNT(*) FROM (SELECT '
 "DISTINCT s.partner_id, s.direction, date(s.counted_on, 'start of month') AS first_day FROM "
 '(SELECT OLD.currency AS currency, OLD.valid_from AS valid_from UNION SELECT NEW.currency AS '
 'currency, NEW.valid_from AS valid_from) AS c JOIN shipments_shipment AS s ON s.counted_on >= '
 'c.valid_from AND (s.counted_on < (SELECT MIN(r.valid_from) FROM exchange_exchangerate AS r WHERE '
 'r.currency = c.currency AND r.valid_from > c.valid_from) OR (SELECT MIN(r.valid_from) FROM '
 'exchange_exchangerate AS r WHERE r.currency = c.currency AND r.valid_from > c.valid_from) IS '
 'NULL) JOIN shipments_shipmentitem AS i ON i.shipment_id = s.id AND i.currency = c.currency AND '
 'i.unit_value <> 0) AS k JOIN shipments_shipment AS s ON s.partner_id = k.partner_id AND '
 's.direction = k.direction AND s.counted_on >= k.first_day AND s.counted_on < date(k.first_day, '
 "'+1 month') JOIN shipments_shipmentitem AS i ON i.shipment_id = s.id WHERE i.unit_value <> 0 AND "
 'i.currency <> (SELECT currency FROM exchange_summary_base) AND NOT EXISTS (SELECT 1 FROM '
 'exchange_exchangerate AS r WHERE r.currency = i.currency AND r.valid_from <= s.counted_on) GROUP '
 'BY k.partner_id, k.direction, i.currency, s.counted_on; DELETE FROM exchange_balancesummary '
 'WHERE (partner_id, direction, year) IN (SELECT DISTINCT partner_id, direction, '
 "CAST(strftime('%Y', first_day) AS INTEGER) FROM (SELECT DISTINCT s.partner_id, s.direction, "
 "date(s.counted_on, 'start of month') AS first_day FROM (SELECT OLD.currency AS currency, "
 'OLD.valid_from AS valid_from UNION SELECT NEW.currency AS currency, NEW.valid_from AS '
 'valid_from) AS c JOIN shipments_shipment AS s ON s.counted_on >= c.valid_from AND (s.counted_on '
 '< (SELECT MIN(r.valid_from) FROM exchange_exchangerate AS r WHERE r.currency = c.currency AND '
 'r.valid_from > c.valid_from) OR (SELECT MIN(r.valid_from) FROM exchange_exchangerate AS r WHERE '
 'r.currency = c.currency AND r.valid_from > c.valid_from) IS NULL) JOIN shipments_shipmentitem AS '
 'i ON i.shipment_id = s.id AND i.currency = c.currency AND i.unit_value <> 0) AS k) AND month = '
 '0; INSERT INTO exchange_balancesummary (partner_id, direction, year, month, items, titles, '
 'pages, value, shipments, last_on) SELECT partner_id, direction, year, 0, SUM(items), '
 'SUM(titles), SUM(pages), SUM(value), SUM(shipments), MAX(last_on) FROM exchange_balancesummary '
 'WHERE month > 0 AND (partner_id, direction, year) IN (SELECT DISTINCT partner_id, direction, '
 "CAST(strftime('%Y', first_day) AS INTEGER) FROM (SELECT DISTINCT s.partner_id, s.direction, "
 "date(s.counted_on, 'start of month') AS first_day FROM (SELECT OLD.currency AS currency, "
 'OLD.valid_from AS valid_from UNION SELECT NEW.currency AS currency, NEW.valid_from AS '
 'valid_from) AS c JOIN shipments_shipment AS s ON s.counted_on >= c.valid_from AND (s.counted_on '
 '< (SELECT MIN(r.valid_from) FROM exchange_exchangerate AS r WHERE r.currency = c.currency AND '
 'r.valid_from > c.valid_from) OR (SELECT MIN(r.valid_from) FROM exchange_exchangerate AS r WHERE '
 'r.currency = c.currency AND r.valid_from > c.valid_from) IS NULL) JOIN shipments_shipmentitem AS '
 'i ON i.shipment_id = s.id AND i.currency = c.currency AND i.unit_value <> 0) AS k) GROUP BY '
 'partner_id, direction, year; DELETE FROM exchange_balancesummary WHERE (partner_id, direction) '
 'IN (SELECT DISTINCT partner_id, direction FROM (SELECT DISTINCT s.partner_id, s.direction, '
 "date(s.counted_on, 'start of month') AS first_day FROM (SELECT OLD.currency AS currency, "
 'OLD.valid_from AS valid_from UNION SELECT NEW.currency AS currency, NEW.valid_from AS '
 'valid_from) AS c JOIN shipments_shipment AS s ON s.counted_on >= c.valid_from AND (s.counted_on '
 '< (SELECT MIN(r.valid_from) FROM exchange_exchangerate AS r WHERE r.currency = c.currency AND '
 'r.valid_from > c.valid_from) OR (SELECT MIN(r.valid_from) FROM exchange_exchangerate AS r WHERE '
 'r.currency = c.currency AND r.valid_from > c.valid_from) IS NULL) JOIN shipments_shipmentitem AS '
 'i ON i.shipment_id = s.id AND i.currency = c.currency AND i.unit_value <> 0) AS k) AND year = 0; '
 'INSERT INTO exchange_balancesummary (partner_id, direction, year, month, items, titles, pages, '
 'value, shipments, last_on) SELECT partner_id, direction, 0, 0, SUM(items), SUM(titles), '
 'SUM(pages), SUM(value), SUM(shipments), MAX(last_on) FROM exchange_balancesummary WHERE year > 0 '
 'AND month = 0 AND (partner_id, direction) IN (SELECT DISTINCT partner_id, direction FROM (SELECT '
 "DISTINCT s.partner_id, s.direction, date(s.counted_on, 'start of month') AS first_day FROM "
 '(SELECT OLD.currency AS currency, OLD.valid_from AS valid_from UNION SELECT NEW.currency AS '
 'currency, NEW.valid_from AS valid_from) AS c JOIN shipments_shipment AS s ON s.counted_on >= '
 'c.valid_from AND (s.counted_on < (SELECT MIN(r.valid_from) FROM exchange_exchangerate AS r WHERE '
 'r.currency = c.currency AND r.valid_from > c.valid_from) OR (SELECT MIN(r.valid_from) FROM '
 'exchange_exchangerate AS r WHERE r.currency = c.currency AND r.valid_from > c.valid_from) IS '
 'NULL) JOIN shipments_shipmentitem AS i ON i.shipment_id = s.id AND i.currency = c.currency AND '
 'i.unit_value <> 0) AS k) GROUP BY partner_id, direction; END',
 'CREATE TRIGGER exchange_exchangerate_summary_delete AFTER DELETE ON exchange_exchangerate FOR '
 'EACH ROW BEGIN DELETE FROM exchange_balancesummary WHERE (partner_id, direction, year, month) IN '
 "(SELECT partner_id, direction, CAST(strftime('%Y', first_day) AS INTEGER), CAST(strftime('%m', "
 'first_day) AS INTEGER) FROM (SELECT DISTINCT s.partner_id, s.direction, date(s.counted_on, '
 "'start of month') AS first_day FROM (SELECT OLD.currency AS currency, OLD.valid_from AS "
 'valid_from) AS c JOIN shipments_shipment AS s ON s.counted_on >= c.valid_from AND (s.counted_on '
 '< (SELECT MIN(r.valid_from) FROM exchange_exchangerate AS r WHERE r.currency = c.currency AND '
 'r.valid_from > c.valid_from) OR (SELECT MIN(r.valid_from) FROM exchange_exchangerate AS r WHERE '
 'r.currency = c.currency AND r.valid_from > c.valid_from) IS NULL) JOIN shipments_shipmentitem AS '
 'i ON i.shipment_id = s.id AND i.currency = c.currency AND i.unit_value <> 0) AS k); DELETE FROM '
 'exchange_unratedvalue WHERE EXISTS (SELECT 1 FROM (SELECT DISTINCT s.partner_id, s.direction, '
 "date(s.counted_on, 'start of month') AS first_day FROM (SELECT OLD.currency AS currency, "
 'OLD.valid_from AS valid_from) AS c JOIN shipments_shipment AS s ON s.counted_on >= c.valid_from '
 'AND (s.counted_on < (SELECT MIN(r.valid_from) FROM exchange_exchangerate AS r WHERE r.currency = '
 'c.currency AND r.valid_from > c.valid_from) OR (SELECT MIN(r.valid_from) FROM '
 'exchange_exchangerate AS r WHERE r.currency = c.currency AND r.valid_from > c.valid_from) IS '
 'NULL) JOIN shipments_shipmentitem AS i ON i.shipment_id = s.id AND i.currency = c.currency AND '
 'i.unit_value <> 0) AS k WHERE k.partner_id = exchange_unratedvalue.partner_id AND k.direction = '
 'exchange_unratedvalue.direction AND exchange_unratedvalue.counted_on >= k.first_day AND '
 "exchange_unratedvalue.counted_on < date(k.first_day, '+1 month')); INSERT INTO "
 'exchange_balancesummary (partner_id, direction, year, month, items, titles, pages, value, '
 "shipments, last_on) SELECT k.partner_id, k.direction, CAST(strftime('%Y', k.first_day) AS "
 "INTEGER), CAST(strftime('%m', k.first_day) AS INTEGER), COALESCE(SUM(i.quantity), 0), "
 'COUNT(i.id), COALESCE(SUM(i.pages * i.quantity), 0), COALESCE(SUM(CASE WHEN i.unit_value = 0 '
 'THEN 0 ELSE CAST(ROUND(i.unit_value * 100) AS INTEGER) * i.quantity * CASE WHEN i.currency = '
 '(SELECT currency FROM exchange_summary_base) THEN 1000000 ELSE COALESCE((SELECT '
 'CAST(ROUND(r.rate * 1000000) AS INTEGER) FROM exchange_exchangerate AS r WHERE r.currency = '
 'i.currency AND r.valid_from <= s.counted_on ORDER BY r.valid_from DESC LIMIT 1), 0) END END), '
 '0), COUNT(DISTINCT s.id), MAX(s.counted_on) FROM (SELECT DISTINCT s.partner_id, s.direction, '
 "date(s.counted_on, 'start of month') AS first_day FROM (SELECT OLD.currency AS currency, "
 'OLD.valid_from AS valid_from) AS c JOIN shipments_shipment AS s ON s.counted_on >= c.valid_from '
 'AND (s.counted_on < (SELECT MIN(r.valid_from) FROM exchange_exchangerate AS r WHERE r.currency = '
 'c.currency AND r.valid_from > c.valid_from) OR (SELECT MIN(r.valid_from) FROM '
 'exchange_exchangerate AS r WHERE r.currency = c.currency AND r.valid_from > c.valid_from) IS '
 'NULL) JOIN shipments_shipmentitem AS i ON i.shipment_id = s.id AND i.currency = c.currency AND '
 'i.unit_value <> 0) AS k JOIN shipments_shipment AS s ON s.partner_id = k.partner_id AND '
 's.direction = k.direction AND s.counted_on >= k.first_day AND s.counted_on < date(k.first_day, '
 "'+1 month') LEFT JOIN shipments_shipmentitem AS i ON i.shipment_id = s.id GROUP BY k.partner_id, "
 'k.direction, k.first_day; INSERT INTO exchange_unratedvalue (partner_id, direction, currency, '
 'counted_on, lines) SELECT k.partner_id, k.direction, i.currency, s.counted_on, COUNT(*) FROM '
 "(SELECT DISTINCT s.partner_id, s.direction, date(s.counted_on, 'start of month') AS first_day "
 'FROM (SELECT OLD.currency AS currency, OLD.valid_from AS valid_from) AS c JOIN '
 'shipments_shipment AS s ON s.counted_on >= c.valid_from AND (s.counted_on < (SELECT '
 'MIN(r.valid_from) FROM exchange_exchangerate AS r WHERE r.currency = c.currency AND r.valid_from '
 '> c.valid_from) OR (SELECT MIN(r.valid_from) FROM exchange_exchangerate AS r WHERE r.currency = '
 'c.currency AND r.valid_from > c.valid_from) IS NULL) JOIN shipments_shipmentitem AS i ON '
 'i.shipment_id = s.id AND i.currency = c.currency AND i.unit_value <> 0) AS k JOIN '
 'shipments_shipment AS s ON s.partner_id = k.partner_id AND s.direction = k.direction AND '
 "s.counted_on >= k.first_day AND s.counted_on < date(k.first_day, '+1 month') JOIN "
 'shipments_shipmentitem AS i ON i.shipment_id = s.id WHERE i.unit_value <> 0 AND i.currency <> '
 '(SELECT currency FROM exchange_summary_base) AND NOT EXISTS (SELECT 1 FROM exchange_exchangerate '
 'AS r WHERE r.currency = i.currency AND r.valid_from <= s.counted_on) GROUP BY k.partner_id, '
 'k.direction, i.currency, s.counted_on; DELETE FROM exchange_balancesummary WHERE (partner_id, '
 "direction, year) IN (SELECT DISTINCT partner_id, direction, CAST(strftime('%Y', first_day) AS "
 "INTEGER) FROM (SELECT DISTINCT s.partner_id, s.direction, date(s.counted_on, 'start of month') "
 'AS first_day FROM (SELECT OLD.currency AS currency, OLD.valid_from AS valid_from) AS c JOIN '
 'shipments_shipment AS s ON s.counted_on >= c.valid_from AND (s.counted_on < (SELECT '
 'MIN(r.valid_from) FROM exchange_exchangerate AS r WHERE r.currency = c.currency AND r.valid_from '
 '> c.valid_from) OR (SELECT MIN(r.valid_from) FROM exchange_exchangerate AS r WHERE r.currency = '
 'c.currency AND r.valid_from > c.valid_from) IS NULL) JOIN shipments_shipmentitem AS i ON '
 'i.shipment_id = s.id AND i.currency = c.currency AND i.unit_value <> 0) AS k) AND month = 0; '
 'INSERT INTO exchange_balancesummary (partner_id, direction, year, month, items, titles, pages, '
 'value, shipments, last_on) SELECT partner_id, direction, year, 0, SUM(items), SUM(titles), '
 'SUM(pages), SUM(value), SUM(shipments), MAX(last_on) FROM exchange_balancesummary WHERE month > '
 '0 AND (partner_id, direction, year) IN (SELECT DISTINCT partner_id, direction, '
 "CAST(strftime('%Y', first_day) AS INTEGER) FROM (SELECT DISTINCT s.partner_id, s.direction, "
 "date(s.counted_on, 'start of month') AS first_day FROM (SELECT OLD.currency AS currency, "
 'OLD.valid_from AS valid_from) AS c JOIN shipments_shipment AS s ON s.counted_on >= c.valid_from '
 'AND (s.counted_on < (SELECT MIN(r.valid_from) FROM exchange_exchangerate AS r WHERE r.currency = '
 'c.currency AND r.valid_from > c.valid_from) OR (SELECT MIN(r.valid_from) FROM '
 'exchange_exchangerate AS r WHERE r.currency = c.currency AND r.valid_from > c.valid_from) IS '
 'NULL) JOIN shipments_shipmentitem AS i ON i.shipment_id = s.id AND i.currency = c.currency AND '
 'i.unit_value <> 0) AS k) GROUP BY partner_id, direction, year; DELETE FROM '
 'exchange_balancesummary WHERE (partner_id, direction) IN (SELECT DISTINCT partner_id, direction '
 "FROM (SELECT DISTINCT s.partner_id, s.direction, date(s.counted_on, 'start of month') AS "
 'first_day FROM (SELECT OLD.currency AS currency, OLD.valid_from AS valid_from) AS c JOIN '
 'shipments_shipment AS s ON s.counted_on >= c.valid_from AND (s.counted_on < (SELECT '
 'MIN(r.valid_from) FROM exchange_exchangerate AS r WHERE r.currency = c.currency AND r.valid_from '
 '> c.valid_from) OR (SELECT MIN(r.valid_from) FROM exchange_exchangerate AS r WHERE r.currency = '
 'c.currency AND r.valid_from > c.valid_from) IS NULL) JOIN shipments_shipmentitem AS i ON '
 'i.shipment_id = s.id AND i.currency = c.currency AND i.unit_value <> 0) AS k) AND year = 0; '
 'INSERT INTO exchange_balancesummary (partner_id, direction, year, month, items, titles, pages, '
 'value, shipments, last_on) SELECT partner_id, direction, 0, 0, SUM(items), SUM(titles), '
 'SUM(pages), SUM(value), SUM(shipments), MAX(last_on) FROM exchange_balancesummary WHERE year > 0 '
 'AND month = 0 AND (partner_id, direction) IN (SELECT DISTINCT partner_id, direction FROM (SELECT '
 "DISTINCT s.partner_id, s.direction, date(s.counted_on, 'start of month') AS first_day FROM "
 '(SELECT OLD.currency AS currency, OLD.valid_from AS valid_from) AS c JOIN shipments_shipment AS '
 's ON s.counted_on >= c.valid_from AND (s.counted_on < (SELECT MIN(r.valid_from) FROM '
 'exchange_exchangerate AS r WHERE r.currency = c.currency AND r.valid_from > c.valid_from) OR '
 '(SELECT MIN(r.valid_from) FROM exchange_exchangerate AS r WHERE r.currency = c.currency AND '
 'r.valid_from > c.valid_from) IS NULL) JOIN shipments_shipmentitem AS i ON i.shipment_id = s.id '
 'AND i.currency = c.currency AND i.unit_value <> 0) AS k) GROUP BY partner_id, direction; END',
 'CREATE TRIGGER partners_partner_data_insert AFTER INSERT ON partners_partner FOR EACH ROW BEGIN '
 'UPDATE exchange_dataversion SET n = n + 1 WHERE id = 1; END',
 'CREATE TRIGGER partners_partner_data_update AFTER UPDATE ON partners_partner FOR EACH ROW BEGIN '
 'UPDATE exchange_dataversion SET n = n + 1 WHERE id = 1; END',
 'CREATE TRIGGER partners_partner_data_delete AFTER DELETE ON partners_partner FOR EACH ROW BEGIN '
 'UPDATE exchange_dataversion SET n = n + 1 WHERE id = 1; END',
 'CREATE TRIGGER shipments_shipment_data_insert AFTER INSERT ON shipments_shipment FOR EACH ROW '
 'BEGIN UPDATE exchange_dataversion SET n = n + 1 WHERE id = 1; END',
 'CREATE TRIGGER shipments_shipment_data_update AFTER UPDATE ON shipments_shipment FOR EACH ROW '
 'BEGIN UPDATE exchange_dataversion SET n = n + 1 WHERE id = 1; END',
 'CREATE TRIGGER shipments_shipment_data_delete AFTER DELETE ON shipments_shipment FOR EACH ROW '
 'BEGIN UPDATE exchange_dataversion SET n = n + 1 WHERE id = 1; END',
 'CREATE TRIGGER shipments_shipmentitem_data_insert AFTER INSERT ON shipments_shipmentitem FOR '
 'EACH ROW BEGIN UPDATE exchange_dataversion SET n = n + 1 WHERE id = 1; END',
 'CREATE TRIGGER shipments_shipmentitem_data_update AFTER UPDATE ON shipments_shipmentitem FOR '
 'EACH ROW BEGIN UPDATE exchange_dataversion SET n = n + 1 WHERE id = 1; END',
 'CREATE TRIGGER shipments_shipmentitem_data_delete AFTER DELETE ON shipments_shipmentitem FOR '
 'EACH ROW BEGIN UPDATE exchange_dataversion SET n = n + 1 WHERE id = 1; END',
 'CREATE TRIGGER exchange_exchangerate_data_insert AFTER INSERT ON exchange_exchangerate FOR EACH '
 'ROW BEGIN UPDATE exchange_dataversion SET n = n + 1 WHERE id = 1; END',
 'CREATE TRIGGER exchange_exchangerate_data_update AFTER UPDATE ON exchange_exchangerate FOR EACH '
 'ROW BEGIN UPDATE exchange_dataversion SET n = n + 1 WHERE id = 1; END',
 'CREATE TRIGGER exchange_exchangerate_data_delete AFTER DELETE ON exchange_exchangerate FOR EACH '
 'ROW BEGIN UPDATE exchange_dataversion SET n = n + 1 WHERE id = 1; END']


def install(apps, schema_editor):
    connection = schema_editor.connection
    statements = POSTGRESQL if connection.vendor == "postgresql" else SQLITE
    with connection.cursor() as cursor:
        views = connection.introspection.table_names(cursor, include_views=True)
    if BASE_VIEW not in views:
        currency = settings.EXCHANGE_BASE_CURRENCY
        if not re.fullmatch(r"[A-Z]{3}", currency):
            raise ValueError(f"Not a currency code: {currency!r}")
        view = f"CREATE VIEW {BASE_VIEW} AS SELECT '{currency}' AS currency"
        statements = [view, *statements]
    for statement in statements:
        schema_editor.execute(statement, params=None)


class Migration(migrations.Migration):

    dependencies = [
        ("exchange", "0004_balance_summary"),
    ]

    operations = [
        migrations.RunPython(install, migrations.RunPython.noop),
    ]
