"""Scheduled jobs: when each is due, enqueued once per moment due however often the
scheduler looks or restarts, and never skipped while it was down."""

import datetime
import io
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command
from django_tasks_db.models import DBTaskResult

from exchange.ops.models import ScheduledRun
from exchange.ops.schedule import When
from exchange.ops.scheduler import enqueue_due

SHANGHAI = ZoneInfo("Asia/Shanghai")


def at(day: int, hour: int, minute: int = 0) -> datetime.datetime:
    """A moment of December 2026 in the site's time zone (the 7th is a Monday)."""
    return datetime.datetime(2026, 12, day, hour, minute, tzinfo=SHANGHAI)


def test_daily_is_due_at_its_time_today_or_else_yesterday():
    daily = When.parse("daily at 02:00")
    assert daily.latest_due(at(8, 2, 0)) == at(8, 2)
    assert daily.latest_due(at(8, 1, 59)) == at(7, 2)
    assert daily.latest_due(at(8, 23, 0)) == at(8, 2)


def test_weekly_is_due_on_its_day_at_its_time():
    weekly = When.parse("weekly on Monday at 07:00")
    assert weekly.latest_due(at(7, 7, 0)) == at(7, 7)
    assert weekly.latest_due(at(7, 6, 59)) == datetime.datetime(2026, 11, 30, 7, tzinfo=SHANGHAI)
    assert weekly.latest_due(at(13, 23, 0)) == at(7, 7)


def test_a_due_moment_is_in_the_sites_time_zone(settings):
    assert When.parse("daily at 02:00").latest_due(
        datetime.datetime(2026, 12, 7, 18, 30, tzinfo=datetime.UTC)
    ) == at(8, 2)


@pytest.mark.parametrize(
    "text", ["daily", "daily at 25:00", "weekly on Funday at 07:00", "hourly at 07:00", "07:00"]
)
def test_a_schedule_that_is_not_one_is_refused(text):
    with pytest.raises(ImproperlyConfigured):
        When.parse(text)


def test_case_and_spacing_do_not_matter():
    assert When.parse("Weekly on  monday at 7:05") == When(datetime.time(7, 5), 0)


@pytest.fixture
def one_job(settings):
    settings.SCHEDULE = {
        "backup": {"task": "exchange.ops.tasks.nightly_backup", "when": "daily at 02:00"}
    }


def queued() -> list[str]:
    return list(DBTaskResult.objects.values_list("task_path", flat=True))


@pytest.mark.django_db
def test_a_job_seen_for_the_first_time_starts_at_its_next_moment(one_job):
    assert enqueue_due(at(8, 3)) == []
    assert queued() == []
    assert enqueue_due(at(9, 2)) == ["backup"]
    assert queued() == ["exchange.ops.tasks.nightly_backup"]


@pytest.mark.django_db
def test_a_job_is_enqueued_once_per_moment_however_often_the_scheduler_looks(one_job):
    enqueue_due(at(7, 12))
    assert enqueue_due(at(8, 2, 0)) == ["backup"]
    assert enqueue_due(at(8, 2, 1)) == []
    assert enqueue_due(at(8, 23, 59)) == []
    assert len(queued()) == 1
    run = ScheduledRun.objects.get(name="backup")
    assert run.last_due == at(8, 2)
    assert run.task_id == str(DBTaskResult.objects.get().id)


@pytest.mark.django_db
def test_a_scheduler_down_when_a_job_was_due_enqueues_it_once_when_it_starts(one_job):
    enqueue_due(at(5, 12))
    # Down from the 5th at noon to the 8th at 09:00: three moments missed, one run.
    assert enqueue_due(at(8, 9)) == ["backup"]
    assert enqueue_due(at(8, 9, 1)) == []
    assert len(queued()) == 1


@pytest.mark.django_db
def test_the_once_command_enqueues_what_is_due_and_exits(one_job):
    ScheduledRun.objects.create(name="backup", last_due=at(1, 2))
    out = io.StringIO()
    call_command("scheduler", "--once", stdout=out)
    assert "Enqueued backup." in out.getvalue()
    assert queued() == ["exchange.ops.tasks.nightly_backup"]
    out = io.StringIO()
    call_command("scheduler", "--once", stdout=out)
    assert "Enqueued" not in out.getvalue()
    assert len(queued()) == 1


@pytest.mark.django_db
def test_a_job_turned_off_is_not_enqueued(settings):
    settings.SCHEDULE = {"backup": {"task": "exchange.ops.tasks.nightly_backup", "when": "off"}}
    ScheduledRun.objects.create(name="backup", last_due=at(1, 2))
    assert enqueue_due(at(8, 3)) == []


@pytest.mark.django_db
def test_a_task_that_is_not_one_stops_the_scheduler(settings):
    settings.SCHEDULE = {
        "x": {"task": "exchange.ops.digest.send_overdue_digests", "when": "daily at 01:00"}
    }
    with pytest.raises(ImproperlyConfigured, match="is not a task"):
        call_command("scheduler", "--once", stdout=io.StringIO())


def test_the_settings_schedule_the_three_jobs(settings):
    from django.conf import settings as live

    assert {name: entry["when"] for name, entry in live.SCHEDULE.items()} == {
        "backup": "daily at 02:00",
        "summary_check": "daily at 03:00",
        "overdue_digest": "weekly on Monday at 07:00",
    }
    from exchange.ops.scheduler import entries

    assert [e.task.name for e in entries()] == [
        "nightly_backup",
        "check_balance_summary",
        "overdue_digest",
    ]
