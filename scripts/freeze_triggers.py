"""Write a migration that installs the balance summary's triggers as the code now makes
them (exchange.balance.triggers), their SQL frozen in the migration:

    .venv/bin/python scripts/freeze_triggers.py NAME

Run it whenever the triggers' SQL changes: tests/exchange/balance/test_migrations.py
fails until the latest trigger migration installs what the code makes. An applied
migration never changes meaning when the code changes later.
"""

import os
import pprint
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "exchange.config.settings")

import django

django.setup()

from django.db.migrations.loader import MigrationLoader

from exchange.balance.triggers import postgresql_install, sqlite_install

TEMPLATE = '''"""The balance summary's triggers as exchange.balance.triggers made them when this
migration was written, frozen: installed again over those of earlier migrations
(created or replaced), keeping the data version and the base currency."""

import re

from django.conf import settings
from django.db import migrations

BASE_VIEW = "exchange_summary_base"

POSTGRESQL = {postgresql}

SQLITE = {sqlite}


def install(apps, schema_editor):
    connection = schema_editor.connection
    statements = POSTGRESQL if connection.vendor == "postgresql" else SQLITE
    with connection.cursor() as cursor:
        views = connection.introspection.table_names(cursor, include_views=True)
    if BASE_VIEW not in views:
        currency = settings.EXCHANGE_BASE_CURRENCY
        if not re.fullmatch(r"[A-Z]{{3}}", currency):
            raise ValueError(f"Not a currency code: {{currency!r}}")
        view = f"CREATE VIEW {{BASE_VIEW}} AS SELECT '{{currency}}' AS currency"
        statements = [view, *statements]
    for statement in statements:
        schema_editor.execute(statement, params=None)


class Migration(migrations.Migration):

    dependencies = [
        ("exchange", "{previous}"),
    ]

    operations = [
        migrations.RunPython(install, migrations.RunPython.noop),
    ]
'''


def main(name: str) -> None:
    loader = MigrationLoader(None, ignore_no_migrations=True)
    numbers = [key[1] for key in loader.disk_migrations if key[0] == "exchange"]
    previous = max(numbers)
    number = int(previous.split("_")[0]) + 1
    path = ROOT / "exchange" / "migrations" / f"{number:04d}_{name}.py"
    path.write_text(
        TEMPLATE.format(
            postgresql=pprint.pformat(postgresql_install(), width=100),
            sqlite=pprint.pformat(sqlite_install(), width=100),
            previous=previous,
        )
    )
    print(f"Wrote {path.relative_to(ROOT)}")


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    main(sys.argv[1])
