"""Property tests: any import file either imports whole or is refused with listed problems.

Files are generated CSV and XLSX with random cells (random text, every script, huge
and negative numbers, impossible dates, empty cells, very long strings, stray cells,
damaged headers) and plain garbage. Never an exception, and a refused file (or a dry
run) leaves the database as it was.
"""

import datetime
import io

import pytest
from hypothesis import given
from hypothesis import strategies as st

from exchange.rates.models import RATE_COLUMNS
from exchange.transfer.partners import import_partners
from exchange.transfer.rates import import_rates
from exchange.transfer.shipments import import_shipments
from partners.models import PARTNER_COLUMNS
from shipments.columns import SHIPMENT_IMPORT_COLUMNS
from tests.exchange.import_files import run_command
from tests.factories import ItemFactory, PartnerFactory, RateFactory, received, sent
from tests.strategies import FUZZ, csv_bytes, database_state, import_file, rolled_back

IMPORTS = {
    "partners": (PARTNER_COLUMNS, import_partners, "import_partners"),
    "rates": (RATE_COLUMNS, import_rates, "import_rates"),
    "shipments": (SHIPMENT_IMPORT_COLUMNS, import_shipments, "import_shipments"),
}


@pytest.fixture
def existing(db):
    """Partners, a rate and shipments that the files' rows may update or replace."""
    library = PartnerFactory(code="GB-BL", country="GB")
    PartnerFactory(code="FR-BNF", country="FR")
    PartnerFactory(code="JP-NDL", country="JP", status="ended")
    RateFactory(currency="USD", valid_from=datetime.date(2000, 1, 1))
    ItemFactory(shipment=sent(library, datetime.date(2024, 5, 1), reference="OUT-2025-00001"))
    ItemFactory(shipment=received(library, datetime.date(2024, 6, 1), reference="IN-2025-00001"))


def run(kind: str, name: str, content: bytes, *, dry_run: bool, replace: bool):
    columns, function, _command = IMPORTS[kind]
    options = {"replace": replace} if kind == "shipments" else {}
    return function(io.BytesIO(content), name, dry_run=dry_run, **options)


def assert_listed(problems) -> None:
    for problem in problems:
        assert problem.message.strip()
        assert problem.row is None or (problem.row >= 2 and problem.column)
        assert str(problem)


@pytest.mark.parametrize("kind", IMPORTS)
@FUZZ
@given(data=st.data())
def test_an_import_writes_every_row_or_lists_its_problems_and_writes_nothing(existing, kind, data):
    columns = IMPORTS[kind][0]
    name, content = data.draw(import_file(kind, columns), label="file")
    replace = data.draw(st.booleans(), label="replace")
    with rolled_back():
        before = database_state()

        checked = run(kind, name, content, dry_run=True, replace=replace)
        assert not checked.written
        assert_listed(checked.problems)
        assert database_state() == before

        result = run(kind, name, content, dry_run=False, replace=replace)
        assert_listed(result.problems)
        if result.problems:
            assert not result.written
            assert database_state() == before
        else:
            assert result.written
            assert checked.ok


@pytest.mark.parametrize("kind", IMPORTS)
@FUZZ
@given(data=st.data())
def test_an_import_command_reports_problems_with_an_exit_status_not_an_exception(
    existing, kind, data
):
    columns, _function, command = IMPORTS[kind]
    name, content = data.draw(import_file(kind, columns), label="file")
    with rolled_back():
        before = database_state()
        status, out, err = run_command(command, content, name)
        if status:
            assert "nothing was written" in err
            assert database_state() == before
        else:
            assert out.startswith("Imported")


# What the property tests found, kept as plain examples ---------------------------------


def shipment_file(**cells) -> bytes:
    row = {"reference": "OUT-2025-00009", "direction": "outgoing", "partner_code": "GB-BL"}
    row.update({"status": "draft", "title": "Shiji", "quantity": "1", **cells})
    return csv_bytes(SHIPMENT_IMPORT_COLUMNS, [[row.get(c, "") for c in SHIPMENT_IMPORT_COLUMNS]])


def partner_file(**cells) -> bytes:
    row = {"code": "GB-BL", "name": "British Library", "kind": "national", "country": "GB"}
    row.update({"status": "active", **cells})
    return csv_bytes(PARTNER_COLUMNS, [[row.get(c, "") for c in PARTNER_COLUMNS]])


@pytest.mark.parametrize(
    ("kind", "content"),
    [
        ("shipments", shipment_file(reference="OUT\x00-1")),
        ("shipments", shipment_file(title="Shi\x00ji")),
        ("partners", partner_file(name="British\x00Library")),
        ("partners", partner_file(website="bl.uk/\x00")),
    ],
)
def test_a_null_character_in_a_cell_is_a_listed_problem_not_a_database_error(
    existing, kind, content
):
    before = database_state()
    result = run(kind, f"{kind}.csv", content, dry_run=False, replace=False)
    assert len(result.problems) == 1
    assert result.problems[0].row == 2
    assert database_state() == before


def test_a_shipment_counted_on_the_last_day_there_is_is_checked_for_its_rates(existing):
    content = shipment_file(
        status="dispatched", dispatched_on="9999-12-31", unit_value="3", currency="EUR"
    )
    result = run("shipments", "shipments.csv", content, dry_run=True, replace=False)
    assert [str(problem) for problem in result.problems] == [
        "row 2, column currency: There is no exchange rate for EUR on 9999-12-31."
    ]


@pytest.mark.parametrize(
    ("kind", "content", "column"),
    [
        ("partners", partner_file(code="GB/BL"), "code"),
        ("shipments", shipment_file(reference="OUT/2025/1"), "reference"),
    ],
)
def test_a_code_or_reference_with_a_slash_is_a_listed_problem(existing, kind, content, column):
    result = run(kind, f"{kind}.csv", content, dry_run=False, replace=False)
    assert [(problem.row, problem.column) for problem in result.problems] == [(2, column)]
    assert "“/” cannot be part of a code or reference" in result.problems[0].message
