"""The balance summary's triggers as exchange.summary makes them now: the data version
(for the report cache) moves with any change of partners, shipments, items and rates.
Installing is idempotent and keeps the data version and the base currency."""

from django.db import migrations

from exchange import summary


def install_triggers(apps, schema_editor):
    summary.install(schema_editor)


class Migration(migrations.Migration):

    dependencies = [
        ("exchange", "0004_balance_summary"),
    ]

    operations = [
        migrations.RunPython(install_triggers, migrations.RunPython.noop),
    ]
