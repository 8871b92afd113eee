"""`import_partners`: docs/domain.md, "Import files", partners."""

import datetime
import io

import pytest

from exchange.transfer.partners import import_partners
from partners.models import PARTNER_COLUMNS, Partner
from tests.exchange.import_files import (
    csv_bytes,
    excel_datetime,
    run_command,
    snapshot,
    table,
    xlsx_bytes,
)
from tests.factories import ContactFactory, PartnerFactory

pytestmark = pytest.mark.django_db

ROW = {
    "code": "GB-BL",
    "name": "British Library",
    "name_original": "",
    "kind": "national",
    "country": "GB",
    "city": "London",
    "status": "active",
    "exchange_since": "1957-01-01",
    "exchange_basis": "piece",
    "website": "https://www.bl.uk",
    "email": "exchange@bl.uk",
}


def partners_csv(*rows: dict) -> bytes:
    return csv_bytes(PARTNER_COLUMNS, table(PARTNER_COLUMNS, ROW, *rows))


def run(*rows: dict, **options):
    return import_partners(io.BytesIO(partners_csv(*rows)), "partners.csv", **options)


def assert_rejected(rows, expected: list[str]):
    before = snapshot()
    result = run(*rows)
    assert [str(problem) for problem in result.problems] == expected
    assert snapshot() == before


def test_new_codes_create_partners_with_names_in_any_script():
    result = run(
        {},
        {"code": "JP-NDL", "name": "National Diet Library", "name_original": "国立国会図書館",
         "country": "jp", "city": "東京", "exchange_basis": "", "website": "", "email": ""},
        {"code": "EG-ENL", "name": "Egyptian National Library",
         "name_original": "دار الكتب والوثائق القومية", "country": "EG"},
    )  # fmt: skip

    assert result.summary() == "Imported partners: 3 created."
    ndl = Partner.objects.get(code="JP-NDL")
    assert (ndl.name_original, ndl.country.code, ndl.city) == ("国立国会図書館", "JP", "東京")
    assert Partner.objects.get(code="EG-ENL").name_original == "دار الكتب والوثائق القومية"
    bl = Partner.objects.get(code="GB-BL")
    assert bl.exchange_since == datetime.date(1957, 1, 1)
    assert bl.history.get().history_change_reason == "Imported from partners.csv"


def test_an_existing_code_updates_that_partner_and_empty_cells_clear_fields():
    partner = PartnerFactory(code="GB-BL", city="Boston Spa", notes="Keep me", email="old@bl.uk")
    ContactFactory(partner=partner)

    result = run({"city": "", "email": "", "exchange_since": "", "status": "suspended"})

    assert result.summary() == "Imported partners: 0 created, 1 updated."
    partner.refresh_from_db()
    assert (partner.city, partner.email, partner.exchange_since) == ("", "", None)
    assert partner.status == "suspended"
    assert partner.notes == "Keep me"
    assert partner.contacts.count() == 1
    assert partner.version == 2
    assert partner.history.first().history_type == "~"


def test_a_row_equal_to_the_partner_is_left_unchanged():
    run({})
    before = snapshot()

    result = run({})

    assert result.summary() == "Imported partners: 0 created, 1 unchanged."
    assert snapshot() == before


def test_a_web_address_without_a_scheme_gets_https():
    run({"website": "www.bl.uk"})

    assert Partner.objects.get().website == "https://www.bl.uk"


def test_xlsx_with_a_date_cell_imports():
    cells = table(PARTNER_COLUMNS, {**ROW, "exchange_since": excel_datetime(1957, 1, 1)}, {})

    result = import_partners(io.BytesIO(xlsx_bytes(PARTNER_COLUMNS, cells)), "p.xlsx")

    assert result.problems == []
    assert Partner.objects.get().exchange_since == datetime.date(1957, 1, 1)


def test_unknown_country_code_is_refused():
    assert_rejected(
        [{"country": "XX"}, {"code": "GB-2", "country": "GBR"}],
        [
            "row 2, column country: “XX” is not an ISO 3166-1 alpha-2 country code.",
            "row 3, column country: “GBR” is not an ISO 3166-1 alpha-2 country code.",
        ],
    )


def test_required_cells_are_refused_when_empty():
    assert_rejected(
        [{"code": "", "name": "", "kind": "", "country": "", "status": ""}],
        [
            "row 2, column code: This cell cannot be empty.",
            "row 2, column name: This cell cannot be empty.",
            "row 2, column kind: This cell cannot be empty.",
            "row 2, column country: This cell cannot be empty.",
            "row 2, column status: This cell cannot be empty.",
        ],
    )


def test_unknown_choices_dates_addresses_are_refused():
    assert_rejected(
        [{"kind": "museum", "status": "asleep", "exchange_basis": "barter",
          "exchange_since": "1957", "website": "http://", "email": "exchange at bl"}],
        [
            "row 2, column kind: “museum” is not one of: national, university, public, "
            "research, other.",
            "row 2, column status: “asleep” is not one of: prospective, active, suspended, ended.",
            "row 2, column exchange_since: “1957” is not a date in the form YYYY-MM-DD.",
            "row 2, column exchange_basis: “barter” is not one of: piece, page, value, gift.",
            "row 2, column website: “http://” is not a web address.",
            "row 2, column email: “exchange at bl” is not an email address.",
        ],
    )  # fmt: skip


def test_a_code_twice_in_the_file_is_refused():
    assert_rejected(
        [{}, {"name": "Again"}],
        ["row 3, column code: “GB-BL” is already on row 2."],
    )


def test_a_missing_column_is_one_message_without_a_row():
    columns = [c for c in PARTNER_COLUMNS if c != "email"]
    before = snapshot()

    result = import_partners(io.BytesIO(csv_bytes(columns, table(columns, ROW, {}))), "p.csv")

    assert [str(p) for p in result.problems] == ["The column “email” is missing."]
    assert snapshot() == before


def test_checking_takes_the_same_queries_for_any_number_of_rows(django_assert_num_queries):
    rows = [{"code": f"P-{n}"} for n in range(40)]
    # The partners with the file's codes; those of its countries, which new or renamed
    # partners may look like (partners.similar).
    with django_assert_num_queries(2):
        run({}, dry_run=True)
    with django_assert_num_queries(2):
        run(*rows, dry_run=True)


def test_the_command_exits_non_zero_with_every_problem():
    status, out, err = run_command("import_partners", partners_csv({"country": "XX"}), "p.csv")

    assert status == 1
    assert err.splitlines() == [
        "row 2, column country: “XX” is not an ISO 3166-1 alpha-2 country code.",
        "CommandError: 1 problem; nothing was written.",
    ]
    assert Partner.objects.count() == 0


def test_the_command_prints_what_it_created_and_updated():
    PartnerFactory(code="GB-BL")

    status, out, _err = run_command("import_partners", partners_csv({}, {"code": "FR"}), "p.csv")

    assert (status, out) == (0, "Imported partners: 1 created, 1 updated.\n")


def test_a_web_address_too_long_for_the_field_is_refused():
    long_address = "www." + "a" * 193 + ".org"

    assert_rejected(
        [{"website": long_address}],
        [f"row 2, column website: “{long_address}” is not a web address."],
    )
