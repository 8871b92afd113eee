"""`import_shipments`: queries that do not grow with the rows, and the command."""

import pytest

from shipments.items import ShipmentItem
from shipments.models import Shipment
from tests.exchange.import_files import run_command, snapshot
from tests.exchange.transfer.shipments_helpers import run, shipments_csv
from tests.factories import ShipmentFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("partners_and_usd_rate")]


# Bulk: queries do not grow with the rows -------------------------------------------------


def rows_for(count: int) -> list[dict]:
    return [
        {"reference": f"OUT-{n // 3:05d}", "title": f"Title {n}", "unit_value": "2",
         "currency": "USD"}
        for n in range(count)
    ]  # fmt: skip


@pytest.mark.parametrize("count", [3, 45])
def test_checking_takes_the_same_queries_for_any_number_of_rows(count, django_assert_num_queries):
    # Partners by code, the first rate date per currency, existing references.
    with django_assert_num_queries(3):
        result = run(*rows_for(count), dry_run=True)
    assert result.problems == []


@pytest.mark.parametrize("count", [3, 45])
def test_writing_takes_the_same_queries_for_any_number_of_rows(count, django_assert_num_queries):
    # 3 to check; savepoint and its release; shipments and their history, items and
    # their history, events: one insert each (SQLite splits inserts past 999 parameters).
    with django_assert_num_queries(10):
        result = run(*rows_for(count))
    assert result.written
    assert ShipmentItem.objects.count() == count


# The command ----------------------------------------------------------------------------


def test_the_command_imports_and_prints_a_summary():
    status, out, err = run_command("import_shipments", shipments_csv({}), "s.csv")

    assert (status, out, err) == (0, "Imported shipments: 1 created (1 items).\n", "")


def test_the_command_lists_every_problem_and_exits_non_zero():
    content = shipments_csv({"partner_code": "XX-NONE"}, {"reference": "OUT-2", "quantity": "-1"})

    status, out, err = run_command("import_shipments", content, "s.csv")

    assert status == 1
    assert out == ""
    assert err.splitlines() == [
        "row 2, column partner_code: No partner has the code “XX-NONE”.",
        "row 3, column quantity: “-1” is less than 1.",
        "CommandError: 2 problems; nothing was written.",
    ]
    assert Shipment.objects.count() == 0


def test_the_command_replaces_only_with_replace():
    ShipmentFactory(reference="OUT-2025-00001")

    assert run_command("import_shipments", shipments_csv({}), "s.csv")[0] == 1
    status, out, _err = run_command("import_shipments", shipments_csv({}), "s.csv", "--replace")

    assert (status, out) == (0, "Imported shipments: 0 created, 1 replaced (1 items).\n")


def test_the_command_dry_run_writes_nothing():
    before = snapshot()

    status, out, _err = run_command("import_shipments", shipments_csv({}), "s.xlsx", "--dry-run")

    assert status == 1  # a CSV named .xlsx is not a workbook
    status, out, _err = run_command("import_shipments", shipments_csv({}), "s.csv", "--dry-run")
    assert (status, out) == (
        0,
        "Dry run, nothing written. Would import shipments: 1 created (1 items).\n",
    )
    assert snapshot() == before
