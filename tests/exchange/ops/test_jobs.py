"""The scheduled jobs themselves: the nightly backup, the daily check of the balance
summary, and the weekly digest of what is overdue, in each user's language."""

import datetime
import logging

import pytest
from django.contrib.auth.models import User
from django.core import mail

from exchange.balance.models import BalanceSummary
from exchange.core.models import UserPreference
from exchange.ops import tasks
from exchange.ops.digest import send_overdue_digests
from tests.factories import ClaimFactory, ItemFactory, PartnerFactory, ShipmentFactory, sent

pytestmark = pytest.mark.django_db
TODAY = datetime.date(2026, 12, 7)


def test_the_backup_writes_a_file_and_keeps_the_newest(settings, tmp_path, monkeypatch):
    from exchange.audit import backups

    stamps = iter(range(10, 20))
    monkeypatch.setattr(
        backups, "default_path", lambda: tmp_path / f"exchange-20261207-0200{next(stamps)}.sqlite3"
    )

    def backup(path):
        path.write_bytes(b"SQLite format 3\x00")
        return path

    monkeypatch.setattr(backups, "backup", backup)
    settings.EXCHANGE_BACKUP_KEEP = 2
    for _night in range(3):
        tasks.nightly_backup.call()
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "exchange-20261207-020011.sqlite3",
        "exchange-20261207-020012.sqlite3",
    ]


def test_the_summary_check_finds_nothing_when_the_triggers_kept_it(caplog):
    caplog.set_level(logging.INFO)
    shipment = sent(PartnerFactory(), datetime.date(2026, 3, 1))
    ItemFactory(shipment=shipment, quantity=3)
    assert tasks.check_balance_summary.call() == 0
    assert "differs" not in caplog.text


def test_the_summary_check_reports_a_damaged_summary_as_an_error(caplog):
    shipment = sent(PartnerFactory(), datetime.date(2026, 3, 1))
    ItemFactory(shipment=shipment, quantity=3)
    BalanceSummary.objects.filter(month=3).update(items=99)
    assert tasks.check_balance_summary.call() == 2  # the stored row, the expected row
    [error] = [r for r in caplog.records if r.levelno == logging.ERROR]
    assert "rebuild_summary" in error.getMessage()


def wants_digest(username: str, language: str = "", email: str = "x@example.org") -> User:
    user = User.objects.create_user(username=username, email=email)
    UserPreference.objects.create(user=user, language=language, overdue_digest=True)
    return user


def overdue(user, reference: str):
    return ShipmentFactory(
        reference=reference,
        direction="incoming",
        status="expected",
        expected_on=datetime.date(2026, 11, 1),
        created_by=user,
        partner=PartnerFactory(code=f"P-{reference}"),
    )


def test_each_user_who_asked_gets_what_they_recorded_that_is_overdue(django_assert_num_queries):
    li = wants_digest("li", email="li@example.org")
    wang = wants_digest("wang", email="wang@example.org")
    overdue(li, "IN-2026-00001")
    overdue(wang, "IN-2026-00002")
    old = sent(PartnerFactory(code="GB-BL"), datetime.date(2026, 1, 5), created_by=li)
    ClaimFactory(partner=old.partner, shipment=old, created_by=li)
    # Users, overdue shipments, shipments to confirm, claims awaiting a reply.
    with django_assert_num_queries(4):
        assert send_overdue_digests(TODAY) == 2
    by_user = {m.to[0]: m for m in mail.outbox}
    li_mail = by_user["li@example.org"].body
    assert "IN-2026-00001" in li_mail and "IN-2026-00002" not in li_mail
    assert old.reference in li_mail and "claimed on 2026-01-10" in li_mail
    assert "http://127.0.0.1:8000/shipments/IN-2026-00001/" in li_mail
    assert "IN-2026-00002" in by_user["wang@example.org"].body


def test_the_digest_is_in_the_users_language():
    zhang = wants_digest("zhang", language="zh-hans")
    overdue(zhang, "IN-2026-00003")
    send_overdue_digests(TODAY)
    [message] = mail.outbox
    assert "逾期" in message.subject
    assert "待收" in message.body and "IN-2026-00003" in message.body
    assert "expected" not in message.body


def test_no_mail_to_who_has_nothing_overdue_did_not_ask_or_has_no_address():
    wants_digest("calm")
    nobody = User.objects.create_user(username="nobody", email="n@example.org")
    overdue(nobody, "IN-2026-00004")
    no_address = wants_digest("noaddr", email="")
    overdue(no_address, "IN-2026-00005")
    assert send_overdue_digests(TODAY) == 0
    assert mail.outbox == []


def test_the_weekly_task_sends_the_digests():
    overdue(wants_digest("li"), "IN-2026-00006")
    assert tasks.overdue_digest.call() == 1


def test_a_long_section_lists_its_first_lines_and_counts_the_rest(settings):
    from exchange.ops import digest

    li = wants_digest("li")
    for number in range(digest.SHOWN + 3):
        overdue(li, f"IN-2026-{number + 100:05d}")
    send_overdue_digests(TODAY)
    body = mail.outbox[0].body
    assert body.count("/shipments/IN-2026-") == digest.SHOWN
    assert "… and 3 more" in body
