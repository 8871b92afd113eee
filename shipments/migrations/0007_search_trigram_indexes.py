"""Shipment search on PostgreSQL (`ShipmentQuerySet.search`): trigram indexes for the
case-insensitive "contains" Django writes (`UPPER(col::text) LIKE UPPER(…)`) over the
reference, the tracking number and the items' titles, ISBN and ISSN. PostgreSQL only
(pg_trgm, enabled by partners 0003); SQLite keeps migrating without them."""

from django.db import migrations

INDEXED = (
    ("shipments_shipment", "reference"),
    ("shipments_shipment", "tracking_number"),
    ("shipments_shipmentitem", "title"),
    ("shipments_shipmentitem", "isbn"),
    ("shipments_shipmentitem", "issn"),
)


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for table, column in INDEXED:
            schema_editor.execute(
                f'CREATE INDEX IF NOT EXISTS "{table}_{column}_trgm" ON "{table}" '
                f'USING gin ((UPPER("{column}"::text)) gin_trgm_ops)'
            )


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for table, column in INDEXED:
            schema_editor.execute(f'DROP INDEX IF EXISTS "{table}_{column}_trgm"')


class Migration(migrations.Migration):
    dependencies = [
        ("shipments", "0006_replace_sent_shipment"),
        ("partners", "0003_search_trigrams"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
