"""The migrations install the balance summary's triggers as SQL frozen in themselves:
the code's later changes never alter an applied migration, and a change of the
triggers comes as a new migration (scripts/freeze_triggers.py)."""

import datetime
import importlib
from decimal import Decimal

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.db.migrations.loader import MigrationLoader

from exchange.balance import rebuild
from exchange.balance.triggers import postgresql_install, sqlite_install

BEFORE_SUMMARY = [
    ("exchange", "0003_user_preference"),
    ("shipments", "0001_initial"),
    ("partners", "0001_initial"),
]


def latest_trigger_migration():
    loader = MigrationLoader(None, ignore_no_migrations=True)
    names = sorted(
        name
        for app, name in loader.disk_migrations
        if app == "exchange"
        and hasattr(importlib.import_module(f"exchange.migrations.{name}"), "POSTGRESQL")
    )
    return importlib.import_module(f"exchange.migrations.{names[-1]}")


def test_the_latest_trigger_migration_installs_the_triggers_the_code_makes():
    migration = latest_trigger_migration()
    message = "The triggers changed: write a migration with scripts/freeze_triggers.py NAME"
    assert migration.POSTGRESQL == postgresql_install(), message
    assert migration.SQLITE == sqlite_install(), message


@pytest.mark.django_db(transaction=True)
def test_migrating_a_history_from_before_the_summary_sums_it_with_the_frozen_sql():
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE_SUMMARY)
    apps = executor.loader.project_state(BEFORE_SUMMARY).apps
    partner = apps.get_model("partners", "Partner").objects.create(
        code="GB-BL", name="British Library", kind="national", country="GB", status="active"
    )
    shipment = apps.get_model("shipments", "Shipment").objects.create(
        reference="OUT-2025-00001",
        direction="outgoing",
        partner=partner,
        status="dispatched",
        dispatched_on=datetime.date(2025, 3, 1),
    )
    apps.get_model("shipments", "ShipmentItem").objects.create(
        shipment=shipment, title="Selected poems", quantity=3, pages=100, unit_value=Decimal(0)
    )
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())
    stored, expected = rebuild.stored_rows(), rebuild.expected_rows()
    assert stored == expected
    assert {(row.year, row.month, row.items, row.pages) for row in stored[0]} == {
        (2025, 3, 3, 300),
        (2025, 0, 3, 300),
        (0, 0, 3, 300),
    }
