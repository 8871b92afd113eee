"""`import_shipments`: each refusal names its row and column (or the file) and writes nothing."""

import datetime
import io
from decimal import Decimal

import pytest

from exchange.transfer.shipments import import_shipments
from shipments.columns import SHIPMENT_IMPORT_COLUMNS
from shipments.items import ShipmentItem
from tests.exchange.import_files import csv_bytes, snapshot, table
from tests.exchange.transfer.shipments_helpers import ROW, assert_rejected, run, shipments_csv
from tests.factories import RateFactory, ShipmentFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("partners_and_usd_rate")]


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
        "The file is not UTF-8 text (byte 0xe9 cannot be read). It reads as GB18030: "
        "choose that encoding and import it again."
    ]
    assert snapshot() == before
