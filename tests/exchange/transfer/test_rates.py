"""`import_rates`: docs/domain.md, "Import files", rates."""

import datetime
import io
from decimal import Decimal

import pytest

from exchange.rates.models import RATE_COLUMNS, ExchangeRate
from exchange.transfer.rates import import_rates
from tests.exchange.import_files import csv_bytes, excel_datetime, run_command, snapshot, xlsx_bytes
from tests.factories import RateFactory

pytestmark = pytest.mark.django_db


def rates_csv(*rows) -> bytes:
    return csv_bytes(RATE_COLUMNS, rows)


def run(*rows, **options):
    return import_rates(io.BytesIO(rates_csv(*rows)), "rates.csv", **options)


def assert_rejected(rows, expected: list[str]):
    before = snapshot()
    result = run(*rows)
    assert [str(problem) for problem in result.problems] == expected
    assert snapshot() == before


def test_rates_are_created_and_an_existing_day_is_updated():
    RateFactory(currency="USD", valid_from=datetime.date(2025, 1, 1), rate=Decimal("7.1"))
    RateFactory(currency="EUR", valid_from=datetime.date(2025, 1, 1), rate=Decimal("7.9"))

    result = run(
        ["usd", "2025-01-01", "7.2"], ["EUR", "2025-01-01", "7.900000"], ["GBP", "2025-01-01", "9"]
    )

    assert result.summary() == "Imported exchange rates: 1 created, 1 updated, 1 unchanged."
    assert ExchangeRate.objects.get(currency="USD").rate == Decimal("7.2")
    assert ExchangeRate.objects.get(currency="GBP").rate == Decimal("9")


def test_xlsx_with_date_cells_and_number_cells_imports():
    content = xlsx_bytes(RATE_COLUMNS, [["JPY", excel_datetime(2025, 1, 1), 0.048123]])

    import_rates(io.BytesIO(content), "rates.xlsx")

    assert ExchangeRate.objects.get().rate == Decimal("0.048123")


def test_a_rate_for_the_base_currency_is_refused():
    assert_rejected(
        [["CNY", "2025-01-01", "1"]],
        ["row 2, column currency: CNY is the base currency; its rate is always 1."],
    )


def test_a_rate_with_more_than_six_decimals_is_refused():
    assert_rejected(
        [["USD", "2025-01-01", "7.1234567"]],
        ["row 2, column rate: “7.1234567” has more than 6 decimal places."],
    )


def test_zero_negative_and_unknown_rates_are_refused():
    assert_rejected(
        [["USD", "2025-01-01", "0"], ["USD", "2025-01-02", "-7"], ["XYZ", "01.01.2025", "x"]],
        [
            "row 2, column rate: “0” is not more than 0.",
            "row 3, column rate: “-7” is not more than 0.",
            "row 4, column currency: “XYZ” is not an ISO 4217 currency code.",
            "row 4, column valid_from: “01.01.2025” is not a date in the form YYYY-MM-DD.",
            "row 4, column rate: “x” is not a number (write it with a dot for decimals and "
            "no thousands separator).",
        ],
    )


def test_every_cell_is_required():
    assert_rejected(
        [["", "2025-01-01", "7"], ["USD", "", ""]],
        [
            "row 2, column currency: This cell cannot be empty.",
            "row 3, column valid_from: This cell cannot be empty.",
            "row 3, column rate: This cell cannot be empty.",
        ],
    )


def test_blank_rows_are_skipped_but_counted():
    result = run(["", "", ""], ["USD", "2025-01-01", "x"])

    assert [str(p) for p in result.problems] == [
        "row 3, column rate: “x” is not a number (write it with a dot for decimals and "
        "no thousands separator)."
    ]


def test_the_same_currency_and_day_twice_is_refused():
    assert_rejected(
        [["USD", "2025-01-01", "7"], ["usd", "2025-01-01", "7.1"]],
        ["row 3, column valid_from: USD already has a rate from 2025-01-01 on row 2."],
    )


def test_an_unknown_column_is_one_message_without_a_row():
    content = csv_bytes(
        ["currency", "valid_from", "rate", "source"], [["USD", "2025-01-01", 7, ""]]
    )

    result = import_rates(io.BytesIO(content), "rates.csv")

    assert [str(p) for p in result.problems] == [
        "The column “source” is unknown; the columns are: currency, valid_from, rate."
    ]
    assert ExchangeRate.objects.count() == 0


def test_the_command_dry_run_reports_and_writes_nothing():
    status, out, err = run_command(
        "import_rates", rates_csv(["USD", "2025-01-01", "7"]), "r.csv", "--dry-run"
    )

    assert (status, out, err) == (
        0,
        "Dry run, nothing written. Would import exchange rates: 1 created.\n",
        "",
    )
    assert ExchangeRate.objects.count() == 0


def test_the_command_exits_non_zero_on_a_problem():
    status, _out, err = run_command("import_rates", rates_csv(["CNY", "2025-01-01", "1"]), "r.csv")

    assert status == 1
    assert "row 2, column currency: CNY is the base currency; its rate is always 1." in err
