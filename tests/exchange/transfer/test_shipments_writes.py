"""`import_shipments`: what it writes from CSV and XLSX files."""

import datetime
import io
from decimal import Decimal

import pytest

from exchange.transfer.shipments import import_shipments
from shipments.columns import SHIPMENT_IMPORT_COLUMNS
from shipments.items import ShipmentItem
from shipments.models import Shipment
from shipments.steps import ShipmentEvent
from tests.exchange.import_files import excel_datetime, snapshot, table, xlsx_bytes
from tests.exchange.transfer.shipments_helpers import DAY, ROW, run
from tests.factories import ItemFactory, PartnerFactory, sent

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("partners_and_usd_rate")]


def test_rows_with_one_reference_make_one_shipment_with_its_items():
    result = run(
        {"title": "Selected poems", "quantity": "2", "unit_value": "12.50", "currency": "usd"},
        {"title": "Tang poetry", "isbn": "978-7-02-000220-7", "quantity": "1"},
        {"reference": "IN-2025-00001", "direction": "incoming", "partner_code": "JP-NDL",
         "status": "received", "dispatched_on": "", "received_on": "2025-04-02",
         "method": "", "title": "国立国会図書館年報", "language": "ja"},
    )  # fmt: skip

    assert result.problems == []
    assert result.summary() == "Imported shipments: 2 created (3 items)."
    shipment = Shipment.objects.get(reference="OUT-2025-00001")
    assert (shipment.partner.code, shipment.status, shipment.dispatched_on) == (
        "GB-BL",
        "dispatched",
        DAY,
    )
    assert shipment.counted_on == DAY
    first, second = shipment.items.order_by("id")
    assert (first.quantity, first.unit_value, first.currency) == (2, Decimal("12.50"), "USD")
    assert second.isbn == "9787020002207"
    assert second.material_type == "monograph"
    incoming = Shipment.objects.get(reference="IN-2025-00001")
    assert incoming.received_on == datetime.date(2025, 4, 2)
    assert incoming.items.get().title == "国立国会図書館年報"


def test_created_shipments_get_a_history_entry_and_a_status_event():
    run({})

    shipment = Shipment.objects.get()
    assert shipment.history.get().history_change_reason == "Imported from shipments.csv"
    assert ShipmentItem.history.count() == 1
    event = ShipmentEvent.objects.get()
    assert (event.status, event.on, event.note) == (
        "dispatched",
        DAY,
        "Imported from shipments.csv",
    )


@pytest.mark.parametrize(
    ("isbn", "issn"),
    [("ISBN 978-7-02-000220-7", "ISSN 0317-8471"), ("isbn-13: 9787020002207", "issn:03178471")],
)
def test_identifiers_may_carry_their_printed_prefix(isbn, issn):
    run({"isbn": isbn, "issn": issn})

    item = ShipmentItem.objects.get()
    assert (item.isbn, item.issn) == ("9787020002207", "03178471")


def test_empty_pages_and_unit_value_are_zero_and_material_type_defaults_to_monograph():
    run({"pages": "", "unit_value": "", "currency": "", "material_type": "", "year": ""})

    item = ShipmentItem.objects.get()
    assert (item.pages, item.unit_value, item.material_type, item.year) == (
        0,
        Decimal(0),
        "monograph",
        None,
    )


@pytest.mark.parametrize("text", ["3", "3.0", " 3 ", "003"])
def test_quantity_may_be_a_spreadsheet_number_stored_as_text(text):
    run({"quantity": text})

    assert ShipmentItem.objects.get().quantity == 3


def test_codes_are_accepted_in_any_case_and_kept_lower_or_upper():
    run(
        {
            "direction": "Outgoing",
            "status": "DISPATCHED",
            "method": "Air",
            "language": "ZH",
            "currency": "usd",
            "unit_value": "1",
            "material_type": "Serial",
        }
    )

    shipment = Shipment.objects.get()
    item = shipment.items.get()
    assert (shipment.direction, shipment.status, shipment.method) == (
        "outgoing",
        "dispatched",
        "air",
    )
    assert (item.language, item.currency, item.material_type) == ("zh", "USD", "serial")


def test_outgoing_received_on_is_the_delivery_date_of_a_delivered_shipment():
    run({"status": "delivered", "received_on": "2025-03-20"})

    shipment = Shipment.objects.get()
    assert (shipment.delivered_on, shipment.received_on) == (datetime.date(2025, 3, 20), None)


def test_incoming_dispatched_on_is_optional_for_any_status():
    run(
        {"reference": "IN-1", "direction": "incoming", "status": "expected",
         "dispatched_on": "2025-02-01"},
        {"reference": "IN-2", "direction": "incoming", "status": "received",
         "dispatched_on": "", "received_on": "2025-02-10"},
    )  # fmt: skip

    assert Shipment.objects.get(reference="IN-1").dispatched_on == datetime.date(2025, 2, 1)
    assert Shipment.objects.get(reference="IN-2").received_on == datetime.date(2025, 2, 10)


def test_a_row_without_item_cells_is_a_shipment_without_items():
    empty_item = {column: "" for column in SHIPMENT_IMPORT_COLUMNS[7:]}
    result = run({**empty_item, "direction": "incoming", "status": "expected",
                  "dispatched_on": ""})  # fmt: skip

    assert result.problems == []
    assert Shipment.objects.get().items.count() == 0


def test_lost_and_returned_shipments_need_no_rate():
    run(
        {"reference": "OUT-1", "status": "lost", "unit_value": "5", "currency": "EUR"},
        {"reference": "OUT-2", "status": "returned", "unit_value": "5", "currency": "EUR"},
    )

    assert Shipment.objects.count() == 2


def test_uncounted_shipments_need_no_rate():
    run({"status": "draft", "dispatched_on": "", "unit_value": "5", "currency": "EUR"})

    assert Shipment.objects.get().status == "draft"


def test_values_in_the_base_currency_need_no_rate():
    run({"unit_value": "30", "currency": "CNY"})

    assert ShipmentItem.objects.get().currency == "CNY"


def test_shipments_of_an_ended_partner_import_as_history():
    PartnerFactory(code="SU-GBL", status="ended", country="RU")

    result = run({"partner_code": "SU-GBL", "dispatched_on": "1985-06-01"})

    assert result.problems == []
    assert Shipment.objects.get().partner.status == "ended"


def test_rows_of_a_shipment_need_not_be_next_to_each_other():
    run(
        {"reference": "OUT-1", "title": "A"},
        {"reference": "OUT-2", "title": "B"},
        {"reference": "OUT-1", "title": "C"},
    )

    assert list(
        Shipment.objects.get(reference="OUT-1").items.order_by("id").values_list("title", flat=True)
    ) == ["A", "C"]


def test_dry_run_checks_everything_and_writes_nothing():
    before = snapshot()

    result = run({}, dry_run=True)

    assert result.problems == []
    assert result.summary() == (
        "Dry run, nothing written. Would import shipments: 1 created (1 items)."
    )
    assert snapshot() == before


def test_replace_sets_the_fields_from_the_file_and_all_the_items():
    old = sent(PartnerFactory(code="FR-BNF", country="FR"), DAY, reference="OUT-2025-00001",
               method="surface", tracking_number="RR123", status="acknowledged",
               acknowledged_on=DAY)  # fmt: skip
    ItemFactory(shipment=old, title="Old 1")
    ItemFactory(shipment=old, title="Old 2")

    new = {"status": "delivered", "received_on": "2025-03-10", "title": "New"}
    result = run(new, replace=True, reason="Corrected")

    assert result.summary() == "Imported shipments: 0 created, 1 replaced (1 items)."
    old.refresh_from_db()
    assert (old.partner.code, old.status, old.method) == ("GB-BL", "delivered", "air")
    assert (old.delivered_on, old.acknowledged_on) == (datetime.date(2025, 3, 10), None)
    assert old.tracking_number == "RR123"
    assert list(old.items.values_list("title", flat=True)) == ["New"]
    assert ShipmentItem.history.filter(history_type="-").count() == 2
    assert old.version == 2
    assert old.events.get().note == "Imported from shipments.csv: Corrected"


def test_replace_creates_the_references_that_do_not_exist():
    result = run({}, replace=True)

    assert result.summary() == "Imported shipments: 1 created (1 items)."


# XLSX -----------------------------------------------------------------------------------


def test_xlsx_with_date_cells_and_numbers_imports_like_csv():
    cells = {**ROW, "dispatched_on": excel_datetime(2025, 3, 1), "year": 2024,
             "quantity": 3, "pages": 250.0, "unit_value": 12.5, "currency": "USD",
             "isbn": 9787020002207}  # fmt: skip
    text = {**ROW, "reference": "OUT-2", "dispatched_on": "2025-03-01", "quantity": "2"}
    content = xlsx_bytes(SHIPMENT_IMPORT_COLUMNS, table(SHIPMENT_IMPORT_COLUMNS, {}, cells, text))

    result = import_shipments(io.BytesIO(content), "list.xlsx")

    assert result.problems == []
    item = ShipmentItem.objects.get(shipment__reference="OUT-2025-00001")
    assert (item.shipment.dispatched_on, item.year, item.quantity, item.pages) == (
        DAY,
        2024,
        3,
        250,
    )
    assert (item.unit_value, item.isbn) == (Decimal("12.50"), "9787020002207")
    assert Shipment.objects.get(reference="OUT-2").dispatched_on == DAY


def test_a_date_cell_and_the_same_date_as_text_agree():
    cells = table(
        SHIPMENT_IMPORT_COLUMNS,
        ROW,
        {"dispatched_on": datetime.date(2025, 3, 1)},
        {"dispatched_on": "2025-03-01"},
    )

    result = import_shipments(io.BytesIO(xlsx_bytes(SHIPMENT_IMPORT_COLUMNS, cells)), "x.xlsx")

    assert result.problems == []
