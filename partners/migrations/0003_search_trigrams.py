"""Partner search on PostgreSQL (partners.search): the pg_trgm extension, and trigram
indexes for the case-insensitive "contains" Django writes (`UPPER(col::text) LIKE
UPPER(…)`) and for the likeness of names. PostgreSQL only: SQLite has neither, and
keeps migrating (the search there reads every partner, a few thousand at most)."""

from django.db import migrations

SEARCHED = ("code", "name", "name_zh", "name_original", "city", "city_zh")


def index_sql(table: str, column: str) -> tuple[str, str]:
    name = f"{table}_{column}_trgm"
    create = (
        f'CREATE INDEX IF NOT EXISTS "{name}" ON "{table}" '
        f'USING gin ((UPPER("{column}"::text)) gin_trgm_ops)'
    )
    return create, f'DROP INDEX IF EXISTS "{name}"'


def statements():
    yield "CREATE EXTENSION IF NOT EXISTS pg_trgm", None
    for column in SEARCHED:
        yield index_sql("partners_partner", column)
    yield (
        'CREATE INDEX IF NOT EXISTS "partners_partner_name_like_trgm" ON "partners_partner" '
        'USING gin ("name" gin_trgm_ops)',
        'DROP INDEX IF EXISTS "partners_partner_name_like_trgm"',
    )


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for create, _drop in statements():
            schema_editor.execute(create)


def backwards(apps, schema_editor):
    # The extension stays: other tables' indexes (shipments 0007) may use it.
    if schema_editor.connection.vendor == "postgresql":
        for _create, drop in reversed(list(statements())):
            if drop:
                schema_editor.execute(drop)


class Migration(migrations.Migration):
    dependencies = [("partners", "0002_chinese_forms")]

    operations = [migrations.RunPython(forwards, backwards)]
