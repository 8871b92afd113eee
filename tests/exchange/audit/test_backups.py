"""`manage.py backup` and `restore`: a restored backup gives the same balance CSV.

Transactional tests: the backup reads committed data (pg_dump is another session),
and the restore replaces the tables themselves.
"""

import datetime
import io
import re
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from exchange.balance.export import balance_report
from exchange.balance.totals import Period
from exchange.rates.models import ExchangeRate
from partners.models import Partner
from shipments.items import ShipmentItem
from shipments.models import Shipment
from tests.factories import ItemFactory, PartnerFactory, RateFactory, received, sent

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def exchange(db):
    library = PartnerFactory(code="GB-BL", name="British Library")
    academy = PartnerFactory(code="RU-RAS", name="Library of the Academy", country="RU")
    RateFactory(currency="USD", valid_from=datetime.date(2000, 1, 1), rate=Decimal("7.1"))
    ItemFactory(
        shipment=sent(library, datetime.date(2025, 3, 1)),
        quantity=3,
        pages=120,
        unit_value=Decimal("12.50"),
        currency="USD",
    )
    ItemFactory(shipment=received(academy, datetime.date(2025, 4, 2)), quantity=2, pages=300)
    ItemFactory(shipment=received(library, datetime.date(2024, 11, 5)), quantity=1, pages=80)


def balance_csv() -> str:
    return balance_report(period=Period())


def run(*args, **options) -> str:
    out = io.StringIO()
    call_command(*args, stdout=out, **options)
    return out.getvalue()


def change_everything():
    """What happens after a backup: edits, deletions and new records."""
    ShipmentItem.objects.update(quantity=9)
    Shipment.objects.filter(direction="incoming").first().delete()
    Partner.objects.filter(code="GB-BL").update(name="Renamed")
    ExchangeRate.objects.update(rate=Decimal("1.5"))
    PartnerFactory(code="ZA-NLSA", country="ZA")


def test_a_restored_backup_gives_the_same_balance_csv(exchange, tmp_path):
    before = balance_csv()
    path = tmp_path / "exchange.backup"
    assert "Backed up the database" in run("backup", output=str(path))

    change_everything()
    assert balance_csv() != before

    assert "Restored the database" in run("restore", str(path), yes=True)
    assert balance_csv() == before
    assert Partner.objects.count() == 2


def test_a_backup_goes_to_the_backups_folder_named_by_database_and_time(
    exchange, settings, tmp_path
):
    settings.BASE_DIR = tmp_path
    run("backup")
    (made,) = (tmp_path / "backups").iterdir()
    extension = "dump" if connection.vendor == "postgresql" else "sqlite3"
    assert re.fullmatch(rf"[\w.-]+-\d{{8}}-\d{{6}}\.{extension}", made.name)


def test_restore_without_yes_asks_and_a_script_cannot_answer_so_nothing_changes(exchange, tmp_path):
    path = tmp_path / "exchange.backup"
    run("backup", output=str(path))
    change_everything()
    changed = balance_csv()

    with pytest.raises(CommandError, match="Nothing was restored.*confirm with --yes"):
        run("restore", str(path))
    assert balance_csv() == changed


def test_restore_refuses_a_file_that_is_not_a_backup_of_this_kind_of_database(exchange, tmp_path):
    before = balance_csv()
    path = tmp_path / "notes.txt"
    path.write_text("partner_code,partner_name\n")

    with pytest.raises(CommandError, match="is not a (PostgreSQL backup|SQLite database)"):
        run("restore", str(path), yes=True)
    with pytest.raises(CommandError, match="There is no file"):
        run("restore", str(tmp_path / "missing.backup"), yes=True)
    assert balance_csv() == before


def test_a_backup_that_cannot_be_written_says_why_and_leaves_no_file(exchange, tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("")
    with pytest.raises(CommandError, match="cannot be written"):
        run("backup", output=str(blocker / "exchange.backup"))
    assert list(tmp_path.iterdir()) == [blocker]
