"""Files that would exhaust the server are refused with one problem, before or while
they are read, without reading past the limits, and with little memory; broken and
hostile workbooks are a one-line problem, never a server error or a traceback."""

import io
import tracemalloc

import pytest

from exchange.transfer.partners import import_partners
from exchange.transfer.reading import FileProblem, read_rows
from partners.models import PARTNER_COLUMNS, Partner
from tests.exchange.import_files import csv_bytes, run_command
from tests.exchange.transfer import hostile_files as hostile

pytestmark = pytest.mark.django_db
UNREADABLE = "The file is not an Excel workbook (.xlsx) that can be read."
MB = 1024 * 1024


def problems_of(content: bytes, filename: str = "partners.xlsx") -> list[str]:
    result = import_partners(io.BytesIO(content), filename)
    assert not result.written
    return [str(problem) for problem in result.problems]


def rows_read(content: bytes, filename: str) -> tuple[int, str]:
    """How many rows the reader gave before it stopped, and why it stopped."""
    count = 0
    try:
        for _row in read_rows(io.BytesIO(content), filename, PARTNER_COLUMNS):
            count += 1
    except FileProblem as problem:
        return count, problem.messages[0]
    return count, ""


def memory_growth(work) -> int:
    tracemalloc.start()
    try:
        work()
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


@pytest.mark.parametrize(
    "bomb, megabytes",
    [(hostile.one_huge_string, 40), (hostile.empty_rows, 50)],
    ids=["one huge shared string", "empty rows"],
)
def test_a_workbook_that_unpacks_far_beyond_its_size_is_refused_before_it_is_read(bomb, megabytes):
    content = bomb(megabytes)
    assert len(content) < 100 * 1024
    assert rows_read(content, "bomb.xlsx")[0] == 0
    peak = memory_growth(lambda: problems_of(content))
    assert peak < 100 * MB
    (problem,) = problems_of(content)
    assert "unpacks to" in problem and "times its size" in problem


def test_a_workbook_that_unpacks_to_more_than_the_setting_is_refused(settings):
    settings.EXCHANGE_IMPORT_MAX_UNPACKED_MB = 5
    (problem,) = problems_of(hostile.one_huge_string(6))
    assert problem == "The workbook unpacks to more than 5 MB; save it as CSV."


def test_reading_stops_at_the_row_limit(settings):
    settings.EXCHANGE_IMPORT_MAX_ROWS = 50
    read, why = rows_read(hostile.many_rows(500), "many.xlsx")
    assert read <= 50
    assert why == "The file has more than 50 rows; split it."
    rows = [["X", "A", "", "national", "GB", "", "active"]] * 500
    read, why = rows_read(csv_bytes(PARTNER_COLUMNS, rows), "many.csv")
    assert (read <= 50, why) == (True, "The file has more than 50 rows; split it.")


def test_a_row_with_too_many_columns_and_a_cell_too_long_are_refused(settings):
    settings.EXCHANGE_IMPORT_MAX_COLUMNS = 20
    wide = csv_bytes(PARTNER_COLUMNS, [["x"] * 30])
    assert rows_read(wide, "wide.csv") == (0, "Row 2 has more than 20 columns.")
    settings.EXCHANGE_IMPORT_MAX_CELL_CHARS = 100
    long_cell = csv_bytes(PARTNER_COLUMNS, [["X", "A" * 500]])
    assert rows_read(long_cell, "long.csv")[1] == ("A cell of row 2 has more than 100 characters.")


def test_a_file_larger_than_the_setting_is_refused_unread(settings):
    settings.EXCHANGE_IMPORT_MAX_MB = 1
    content = csv_bytes(PARTNER_COLUMNS, [["X", "A" * 1000]] * 1100)
    assert rows_read(content, "big.csv") == (0, "The file is larger than 1 MB.")


def test_only_the_first_problems_are_listed_then_how_many_more(settings):
    settings.EXCHANGE_IMPORT_MAX_PROBLEMS = 10
    # Four required cells empty on each row.
    bad = [["X-" + str(n), "", "", "", "", "", ""] for n in range(30)]
    result = import_partners(io.BytesIO(csv_bytes(PARTNER_COLUMNS, bad)), "p.csv")
    assert len(result.problems) == 10
    assert result.problem_count == 120
    assert result.more_problems() == "… and 110 more problems."
    assert result.failure() == "120 problems; nothing was written."


@pytest.mark.parametrize(
    "broken",
    [
        hostile.truncated_sheet,
        hostile.control_character,
        lambda: hostile.entity(laughs=True),
        lambda: hostile.entity(laughs=False),
    ],
    ids=["truncated sheet", "control character", "billion laughs", "external entity"],
)
def test_a_broken_or_hostile_workbook_is_one_problem_everywhere(broken, staff_client):
    content = broken()
    assert problems_of(content) == [UNREADABLE]
    status, _out, err = run_command("import_partners", content, "partners.xlsx")
    assert (status, err.splitlines()[0]) == (1, UNREADABLE)
    assert "Traceback" not in err
    assert not Partner.objects.exists()
