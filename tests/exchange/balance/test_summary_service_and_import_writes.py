"""The balance summary stays exact after the services' writes and the imports."""

import io
from decimal import Decimal

import pytest

from exchange.balance import rebuild
from exchange.balance.export import balance_report
from exchange.balance.totals import Period
from exchange.transfer.partners import import_partners
from exchange.transfer.rates import import_rates
from exchange.transfer.shipments import import_shipments
from shipments import services
from shipments.columns import SHIPMENT_IMPORT_COLUMNS
from shipments.items import ShipmentItem
from shipments.models import Shipment
from tests.exchange.balance.summary_helpers import D, assert_exact
from tests.exchange.import_files import csv_bytes, run_command, table

pytestmark = pytest.mark.django_db


def test_services_create_update_step_and_delete_keep_it_exact(history, staff_user):
    british = history["british"]
    shipment = services.shipment_create(
        shipment=Shipment(direction="outgoing", partner=british, status="packed"),
        items=[
            ShipmentItem(title="A", quantity=2, pages=30, unit_value=Decimal("5"), currency="USD")
        ],
        user=staff_user,
    )
    shipment = services.shipment_step(
        shipment=shipment, step="dispatch", on=D(2024, 1, 31), user=staff_user
    )
    assert_exact()
    incoming = Shipment(
        direction="incoming", partner=british, status="expected", reference="IN-S-1"
    )
    incoming = services.shipment_create(
        shipment=incoming, items=[ShipmentItem(title="B", quantity=1)], user=staff_user
    )
    item = incoming.items.get()
    item.quantity = 4
    services.shipment_update(
        shipment=incoming,
        items=[item, ShipmentItem(title="C", quantity=1, unit_value=Decimal("2"), currency="EUR")],
        user=staff_user,
        received_on=D(2024, 2, 1),
    )
    assert_exact()
    services.shipment_step(shipment=shipment, step="lose", on=D(2024, 2, 2), user=staff_user)
    assert_exact()


SHIPMENT_ROW = {
    "reference": "OUT-IMP-1",
    "direction": "outgoing",
    "partner_code": "GB-BL",
    "status": "dispatched",
    "dispatched_on": "2024-01-20",
    "title": "Imported",
    "quantity": "2",
    "pages": "10",
    "unit_value": "4.25",
    "currency": "USD",
}


def _shipments_file(*rows):
    return io.BytesIO(
        csv_bytes(SHIPMENT_IMPORT_COLUMNS, table(SHIPMENT_IMPORT_COLUMNS, SHIPMENT_ROW, *rows))
    )


def test_imports_with_and_without_replace_keep_it_exact(history):
    created = import_shipments(
        _shipments_file(
            {},
            {"title": "Second"},
            {
                "reference": "IN-IMP-1",
                "direction": "incoming",
                "status": "received",
                "dispatched_on": "",
                "received_on": "2023-12-31",
            },
        ),
        "s.csv",
    )
    assert created.written
    assert_exact()
    replaced = import_shipments(
        _shipments_file(
            {
                "partner_code": "FR-BNF",
                "dispatched_on": "2024-02-15",
                "quantity": "5",
                "currency": "EUR",
            }
        ),
        "s.csv",
        replace=True,
        reason="Corrected",
    )
    assert replaced.written
    assert_exact()
    lost_file = _shipments_file({"status": "lost"})
    lost = import_shipments(lost_file, "s.csv", replace=True, reason="Lost in the post")
    assert lost.written
    assert_exact()


def test_the_import_commands_keep_it_exact(history):
    status, _out, err = run_command("import_shipments", _shipments_file({}).getvalue(), "s.csv")
    assert status == 0, err
    content = _shipments_file({"dispatched_on": "2023-11-30"}).getvalue()
    replace = ("--replace", "--reason", "Corrected")
    assert run_command("import_shipments", content, "s.csv", *replace)[0] == 0
    rates = csv_bytes(
        ["currency", "valid_from", "rate"],
        [["USD", "2023-12-01", "6.5"], ["USD", "2024-01-15", "7.5"]],
    )
    assert run_command("import_rates", rates, "r.csv")[0] == 0
    assert_exact()


def test_rate_imports_that_add_and_change_rates_keep_it_exact(history):
    rows = [["EUR", "2024-01-20", "8.1"], ["USD", "2024-01-15", "7.2"], ["GBP", "2023-01-01", "9"]]
    result = import_rates(io.BytesIO(csv_bytes(["currency", "valid_from", "rate"], rows)), "r.csv")
    assert result.written
    assert_exact()


def test_partner_imports_change_the_names_in_the_csv_and_nothing_else(history):
    columns = [
        "code",
        "name",
        "name_original",
        "kind",
        "country",
        "city",
        "status",
        "exchange_since",
        "exchange_basis",
        "website",
        "email",
    ]
    row = ["GB-BL", "The British Library", "", "national", "GB", "", "active", "", "", "", ""]
    before = rebuild.stored_rows()
    assert import_partners(io.BytesIO(csv_bytes(columns, [row])), "p.csv").written
    assert rebuild.stored_rows() == before
    assert "The British Library" in balance_report(period=Period(), fmt="csv")
    assert_exact()
