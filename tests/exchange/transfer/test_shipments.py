"""`import_shipments`: docs/domain.md, "Import files", shipments, to the letter."""

import datetime
import io
from decimal import Decimal

import pytest

from exchange.transfer.shipments import import_shipments
from shipments.columns import SHIPMENT_IMPORT_COLUMNS
from shipments.models import Shipment, ShipmentItem
from shipments.steps import ShipmentEvent
from tests.exchange.import_files import (
    csv_bytes,
    excel_datetime,
    run_command,
    snapshot,
    table,
    xlsx_bytes,
)
from tests.factories import ItemFactory, PartnerFactory, RateFactory, ShipmentFactory, sent

pytestmark = pytest.mark.django_db

ROW = {
    "reference": "OUT-2025-00001",
    "direction": "outgoing",
    "partner_code": "GB-BL",
    "status": "dispatched",
    "dispatched_on": "2025-03-01",
    "received_on": "",
    "method": "air",
    "title": "Selected poems",
    "author": "Li Bai",
    "isbn": "",
    "issn": "",
    "material_type": "",
    "language": "zh",
    "year": "2024",
    "quantity": "1",
    "pages": "100",
    "unit_value": "",
    "currency": "",
}
DAY = datetime.date(2025, 3, 1)


@pytest.fixture(autouse=True)
def partners(db):
    RateFactory(currency="USD", valid_from=datetime.date(2020, 1, 1), rate=Decimal("7"))
    return {
        "GB-BL": PartnerFactory(code="GB-BL", name="British Library"),
        "JP-NDL": PartnerFactory(code="JP-NDL", name="National Diet Library", country="JP"),
    }


def shipments_csv(*rows: dict) -> bytes:
    return csv_bytes(SHIPMENT_IMPORT_COLUMNS, table(SHIPMENT_IMPORT_COLUMNS, ROW, *rows))


def run(*rows: dict, **options):
    return import_shipments(io.BytesIO(shipments_csv(*rows)), "shipments.csv", **options)


def assert_rejected(rows, expected: list[str], **options):
    """The import reports exactly these problems and writes nothing."""
    before = snapshot()
    result = run(*rows, **options)
    assert [str(problem) for problem in result.problems] == expected
    assert not result.written
    assert snapshot() == before


# What it writes -----------------------------------------------------------------------


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

    result = run({"status": "delivered", "received_on": "2025-03-10", "title": "New"}, replace=True)

    assert result.summary() == "Imported shipments: 0 created, 1 replaced (1 items)."
    old.refresh_from_db()
    assert (old.partner.code, old.status, old.method) == ("GB-BL", "delivered", "air")
    assert (old.delivered_on, old.acknowledged_on) == (datetime.date(2025, 3, 10), None)
    assert old.tracking_number == "RR123"
    assert list(old.items.values_list("title", flat=True)) == ["New"]
    assert ShipmentItem.history.filter(history_type="-").count() == 2
    assert old.version == 2
    assert old.events.get().note == "Imported from shipments.csv"


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


# Rejections: every one names its row and column and nothing is written -------------------


def test_unknown_partner_code_is_refused():
    assert_rejected(
        [{"partner_code": "XX-NONE"}],
        ["row 2, column partner_code: No partner has the code “XX-NONE”."],
    )


def test_a_date_that_is_not_a_date_is_refused():
    assert_rejected(
        [{"dispatched_on": "01/03/2025"}, {"reference": "OUT-2", "dispatched_on": "2025-02-30"}],
        [
            "row 2, column dispatched_on: “01/03/2025” is not a date in the form YYYY-MM-DD.",
            "row 3, column dispatched_on: “2025-02-30” is not a date in the form YYYY-MM-DD.",
        ],
    )


def test_negative_quantity_is_refused():
    assert_rejected(
        [{"quantity": "-2"}, {"quantity": "0"}, {"quantity": "1.5"}],
        [
            "row 2, column quantity: “-2” is less than 1.",
            "row 3, column quantity: “0” is less than 1.",
            "row 4, column quantity: “1.5” is not a whole number.",
        ],
    )


def test_negative_pages_and_value_are_refused():
    assert_rejected(
        [{"pages": "-1", "unit_value": "-3", "currency": "USD"}],
        [
            "row 2, column pages: “-1” is less than 0.",
            "row 2, column unit_value: “-3” is less than 0.",
        ],
    )


def test_an_isbn_with_a_wrong_check_digit_is_refused():
    assert_rejected(
        [{"isbn": "978-7-02-000220-8"}, {"issn": "0317-8470"}],
        [
            "row 2, column isbn: “978-7-02-000220-8” is not a valid ISBN: the check digit is wrong",
            "row 3, column issn: “0317-8470” is not a valid ISSN: the check digit is wrong",
        ],
    )


def test_rows_of_one_reference_that_disagree_are_refused_on_its_first_row():
    assert_rejected(
        [
            {"reference": "OUT-0", "title": "Another shipment first"},
            {},
            {"status": "delivered"},
            {"partner_code": "JP-NDL", "status": "delivered"},
        ],
        [
            "row 3, column partner_code: The rows of shipment “OUT-2025-00001” disagree: "
            "this row has “GB-BL”, row 5 has “JP-NDL”.",
            "row 3, column status: The rows of shipment “OUT-2025-00001” disagree: "
            "this row has “dispatched”, row 4 has “delivered”.",
        ],
    )


@pytest.mark.parametrize(
    ("row", "expected"),
    [
        (
            {"status": "draft"},
            "row 2, column dispatched_on: The status “draft” has no dispatch date; "
            "leave the cell empty.",
        ),
        (
            {"status": "cancelled"},
            "row 2, column dispatched_on: The status “cancelled” has no dispatch date; "
            "leave the cell empty.",
        ),
        (
            {"status": "dispatched", "dispatched_on": ""},
            "row 2, column dispatched_on: The status “dispatched” needs a dispatch date.",
        ),
        (
            {"status": "lost", "dispatched_on": ""},
            "row 2, column dispatched_on: The status “lost” needs a dispatch date.",
        ),
        (
            {"status": "dispatched", "received_on": "2025-03-09"},
            "row 2, column received_on: An outgoing shipment that is “dispatched” has no "
            "date of receipt; only delivered and acknowledged ones do.",
        ),
        (
            {"status": "delivered", "received_on": "2025-02-09"},
            "row 2, column received_on: The date of receipt is before the dispatch date.",
        ),
        (
            {"direction": "incoming", "status": "received", "dispatched_on": ""},
            "row 2, column received_on: The status “received” needs a date of receipt.",
        ),
        (
            {"direction": "incoming", "status": "expected", "received_on": "2025-03-09"},
            "row 2, column received_on: The status “expected” has no date of receipt; "
            "leave the cell empty.",
        ),
        (
            {"direction": "incoming", "status": "packed"},
            "row 2, column status: “packed” is not one of: expected, received, "
            "acknowledged, cancelled.",
        ),
    ],
)
def test_a_status_that_contradicts_its_dates_is_refused(row, expected):
    assert_rejected([row], [expected])


def test_an_existing_reference_is_refused_without_replace():
    ShipmentFactory(reference="OUT-2025-00001")

    assert_rejected(
        [{"title": "A"}, {"title": "B"}],
        [
            "row 2, column reference: The shipment “OUT-2025-00001” already exists; import "
            "with --replace (“Replace existing shipments”) to replace it."
        ],
    )


def test_a_unit_value_with_more_than_two_decimals_is_refused():
    assert_rejected(
        [{"unit_value": "12.345", "currency": "USD"}, {"unit_value": "1,50", "currency": "USD"}],
        [
            "row 2, column unit_value: “12.345” has more than 2 decimal places.",
            "row 3, column unit_value: “1,50” is not a number (write it with a dot for "
            "decimals and no thousands separator).",
        ],
    )


def test_trailing_zeros_do_not_count_as_decimal_places():
    run({"unit_value": "12.500", "currency": "USD"})

    assert ShipmentItem.objects.get().unit_value == Decimal("12.50")


def test_a_counted_shipment_without_a_rate_for_a_valued_currency_is_refused():
    assert_rejected(
        [
            {"title": "A", "unit_value": "10", "currency": "EUR"},
            {"title": "B", "unit_value": "5", "currency": "USD"},
            {"title": "C", "unit_value": "0", "currency": "GBP"},
            {"title": "D", "unit_value": "3", "currency": "JPY"},
        ],
        ["row 2, column currency: There is no exchange rate for EUR, JPY on 2025-03-01."],
    )


def test_a_rate_from_after_the_shipment_date_does_not_count():
    RateFactory(currency="EUR", valid_from=datetime.date(2025, 3, 2))

    assert_rejected(
        [{"unit_value": "10", "currency": "EUR"}],
        ["row 2, column currency: There is no exchange rate for EUR on 2025-03-01."],
    )


def test_an_incoming_shipment_needs_a_rate_on_its_date_of_receipt():
    RateFactory(currency="EUR", valid_from=datetime.date(2025, 4, 1))

    assert_rejected(
        [{"direction": "incoming", "status": "received", "received_on": "2025-03-31",
          "dispatched_on": "", "unit_value": "10", "currency": "EUR"}],
        ["row 2, column currency: There is no exchange rate for EUR on 2025-03-31."],
    )  # fmt: skip


def test_unknown_codes_are_refused():
    assert_rejected(
        [{"currency": "XYZ", "unit_value": "1", "language": "xx", "method": "pigeon",
          "material_type": "scroll", "direction": "sideways", "status": "gone"}],
        [
            "row 2, column direction: “sideways” is not one of: outgoing, incoming.",
            "row 2, column status: “gone” is not one of: draft, packed, dispatched, delivered, "
            "acknowledged, cancelled, lost, returned, expected, received.",
            "row 2, column method: “pigeon” is not one of: surface, air, courier, diplomatic, "
            "hand, electronic.",
            "row 2, column material_type: “scroll” is not one of: monograph, serial, map, "
            "audiovisual, electronic, other.",
            "row 2, column language: “xx” is not an ISO 639 language code.",
            "row 2, column currency: “XYZ” is not an ISO 4217 currency code.",
        ],
    )  # fmt: skip


def test_required_cells_are_refused_when_empty():
    assert_rejected(
        [
            {"reference": "", "title": ""},
            {"reference": "OUT-2", "direction": "", "partner_code": "", "status": "",
             "quantity": ""},
            {"reference": "OUT-3", "unit_value": "4", "currency": ""},
        ],
        [
            "row 2, column reference: This cell cannot be empty.",
            "row 2, column title: This cell cannot be empty.",
            "row 3, column direction: This cell cannot be empty.",
            "row 3, column partner_code: This cell cannot be empty.",
            "row 3, column status: This cell cannot be empty.",
            "row 3, column quantity: This cell cannot be empty.",
            "row 4, column currency: This cell cannot be empty.",
        ],
    )  # fmt: skip


def test_a_row_without_item_cells_next_to_items_is_refused():
    empty_item = {column: "" for column in SHIPMENT_IMPORT_COLUMNS[7:]}

    assert_rejected(
        [{}, empty_item],
        [
            "row 3, column title: This cell cannot be empty.",
            "row 3, column quantity: This cell cannot be empty.",
        ],
    )


def test_too_long_text_and_out_of_range_years_are_refused():
    assert_rejected(
        [{"reference": "R" * 33, "year": "999"}, {"reference": "OUT-2", "year": "20245"}],
        [
            "row 2, column reference: The text is 33 characters long; at most 32 fit.",
            "row 2, column year: “999” is less than 1000.",
            "row 3, column year: “20245” is more than 2999.",
        ],
    )


def test_every_problem_of_the_file_is_listed_in_row_order():
    assert_rejected(
        [
            {"partner_code": "XX-NONE"},
            {"reference": "OUT-2", "quantity": "-1"},
            {"reference": "OUT-3", "isbn": "123"},
        ],
        [
            "row 2, column partner_code: No partner has the code “XX-NONE”.",
            "row 3, column quantity: “-1” is less than 1.",
            "row 4, column isbn: “123” is not a valid ISBN: it has the wrong number of digits",
        ],
    )


# Whole-file problems --------------------------------------------------------------------


def test_a_missing_column_is_one_message_without_a_row():
    columns = [c for c in SHIPMENT_IMPORT_COLUMNS if c != "currency"]
    content = csv_bytes(columns, table(columns, ROW, {}))
    before = snapshot()

    result = import_shipments(io.BytesIO(content), "s.csv")

    assert [str(p) for p in result.problems] == ["The column “currency” is missing."]
    assert snapshot() == before


def test_an_unknown_column_is_one_message_without_a_row():
    columns = [*SHIPMENT_IMPORT_COLUMNS, "colour"]
    content = csv_bytes(columns, table(columns, {**ROW, "colour": "red"}, {}))
    before = snapshot()

    result = import_shipments(io.BytesIO(content), "s.csv")

    assert [str(p) for p in result.problems] == [
        "The column “colour” is unknown; the columns are: "
        + ", ".join(SHIPMENT_IMPORT_COLUMNS)
        + "."
    ]
    assert snapshot() == before


def test_a_file_in_another_encoding_is_refused_with_one_message():
    content = shipments_csv({"title": "Les Misérables"}).decode().encode("latin-1")
    before = snapshot()

    result = import_shipments(io.BytesIO(content), "s.csv")

    assert [str(p) for p in result.problems] == [
        "The file is not UTF-8 text (byte 0xe9 cannot be read); save it as “CSV UTF-8” and "
        "import it again."
    ]
    assert snapshot() == before


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
