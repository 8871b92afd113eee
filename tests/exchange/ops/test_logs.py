"""The log: configured from the environment, JSON lines when asked, and one line for
each import, export and bulk action, naming the user by their username only."""

import datetime
import io
import json
import logging

import pytest
from django.urls import reverse

from exchange.claims.bulk import CLAIM, claims_for_shipments
from exchange.core.logs import JsonFormatter, log_event, logging_config
from exchange.transfer.rates import import_rates
from shipments.bulk import shipments_acknowledge
from tests.factories import PartnerFactory, RateFactory, ShipmentFactory, sent

pytestmark = pytest.mark.django_db


def events(caplog, event: str) -> list[dict]:
    return [vars(r) for r in caplog.records if getattr(r, "event", None) == event]


def test_the_level_and_format_come_from_the_environment():
    config = logging_config("debug", "json")
    assert config["root"]["level"] == "DEBUG"
    assert config["formatters"]["app"]["()"] is JsonFormatter
    assert "format" in logging_config("INFO", "text")["formatters"]["app"]


def test_a_json_line_has_the_message_and_the_events_fields():
    record = logging.LogRecord("exchange.x", logging.INFO, "f.py", 1, "import %s", ("k",), None)
    record.event, record.rows, record.user = "import", 3, "李"
    line = json.loads(JsonFormatter().format(record))
    assert line["message"] == "import k"
    assert line["level"] == "INFO" and line["logger"] == "exchange.x"
    assert (line["event"], line["rows"], line["user"]) == ("import", 3, "李")
    assert datetime.datetime.fromisoformat(line["time"]).tzinfo is not None


def test_a_json_line_carries_the_traceback():
    try:
        raise ValueError("bad")
    except ValueError:
        record = logging.LogRecord("x", logging.ERROR, "f.py", 1, "failed", (), True)
        import sys

        record.exc_info = sys.exc_info()
    assert "ValueError: bad" in json.loads(JsonFormatter().format(record))["exception"]


def test_an_event_is_one_readable_line(caplog):
    caplog.set_level(logging.INFO)
    log_event(logging.getLogger("exchange.test"), "export", kind="rates", rows=2)
    assert caplog.records[-1].getMessage() == "export kind=rates rows=2"


def rates_file(*rows: str) -> io.BytesIO:
    return io.BytesIO(("currency,valid_from,rate\n" + "\n".join(rows) + "\n").encode())


def test_an_import_written_is_a_line_with_its_kind_rows_user_and_outcome(caplog, admin_user):
    caplog.set_level(logging.INFO)
    import_rates(rates_file("USD,2026-01-01,7.1", "EUR,2026-01-01,7.8"), "r.csv", user=admin_user)
    [line] = events(caplog, "import")
    assert line["name"] == "exchange.transfer.imports"
    assert (line["kind"], line["rows"], line["user"], line["outcome"]) == (
        "rates",
        2,
        "admin",
        "written",
    )


def test_an_import_refused_and_one_only_checked_say_so(caplog):
    caplog.set_level(logging.INFO)
    import_rates(rates_file("USD,2026-01-01,-1"), "r.csv")
    import_rates(rates_file("USD,2026-01-01,7"), "r.csv", dry_run=True)
    refused, checked = events(caplog, "import")
    assert (refused["outcome"], refused["problems"], refused["user"]) == ("refused", 1, "-")
    assert checked["outcome"] == "checked"


def test_an_import_through_the_web_names_the_user(caplog, admin_client):
    caplog.set_level(logging.INFO)
    upload = rates_file("USD,2026-01-01,7.1")
    upload.name = "rates.csv"
    admin_client.post(reverse("exchange:import_rates"), {"file": upload})
    assert [e["user"] for e in events(caplog, "import")] == ["admin"]


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_an_export_is_a_line_with_its_kind_rows_format_and_user(caplog, staff_client, fmt):
    caplog.set_level(logging.INFO)
    partner = PartnerFactory(name="Private Person Name")
    ShipmentFactory(partner=partner)
    ShipmentFactory(partner=partner)
    # Streamed: the line is written once the last row is sent.
    staff_client.get(reverse("shipments:export"), {"format": fmt}).getvalue()
    [line] = events(caplog, "export")
    assert (line["kind"], line["rows"], line["format"], line["user"]) == (
        "shipments",
        2,
        fmt,
        "staff",
    )
    assert "Private Person" not in caplog.text


def test_a_report_download_is_an_export_line(caplog, head_client):
    caplog.set_level(logging.INFO)
    PartnerFactory.create_batch(3)
    head_client.get(reverse("exchange:report_balance", kwargs={"fmt": "csv"}))
    [line] = events(caplog, "export")
    assert (line["kind"], line["rows"], line["format"], line["user"]) == (
        "balance",
        3,
        "csv",
        "head",
    )


def test_a_rates_export_from_the_command_names_no_user(caplog):
    from django.core.management import call_command

    caplog.set_level(logging.INFO)
    RateFactory(currency="USD")
    call_command("export_rates", stdout=io.StringIO())
    [line] = events(caplog, "export")
    assert (line["kind"], line["rows"], line["user"]) == ("rates", 1, "-")


def test_a_bulk_action_is_a_line_with_done_refused_and_user(caplog, staff_user):
    caplog.set_level(logging.INFO)
    partner = PartnerFactory()
    dispatched = sent(partner, datetime.date(2026, 1, 5))
    draft = ShipmentFactory(partner=partner, status="draft")
    on = datetime.date(2026, 2, 1)
    shipments_acknowledge(ids=[dispatched.pk, draft.pk], on=on, user=staff_user)
    [line] = events(caplog, "bulk")
    assert line["name"] == "shipments.bulk"
    assert (line["action"], line["done"], line["refused"], line["user"]) == (
        "acknowledge",
        1,
        1,
        "staff",
    )


def test_bulk_claims_are_a_line_too(caplog, staff_user):
    caplog.set_level(logging.INFO)
    expected = ShipmentFactory(direction="incoming", status="expected")
    claims_for_shipments(
        ids=[expected.pk], kind=CLAIM, claimed_on=datetime.date(2026, 1, 1), user=staff_user
    )
    [line] = events(caplog, "bulk")
    assert line["name"] == "exchange.claims.bulk"
    assert (line["action"], line["done"], line["refused"]) == ("claim", 1, 0)


def test_log_format_json_makes_the_commands_write_json_lines(tmp_path):
    import os
    import subprocess
    import sys

    from django.conf import settings

    env = {
        **os.environ,
        "LOG_FORMAT": "json",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
    }
    manage = [sys.executable, "manage.py"]
    run = {"env": env, "cwd": settings.BASE_DIR, "capture_output": True, "text": True}
    subprocess.run([*manage, "migrate", "--no-input"], check=True, **run)
    result = subprocess.run([*manage, "export_rates"], check=True, **run)
    [line] = [json.loads(text) for text in result.stderr.splitlines() if text.startswith("{")]
    assert (line["event"], line["kind"], line["rows"], line["user"]) == ("export", "rates", 0, "-")
    assert line["logger"] == "exchange.transfer.exports"
