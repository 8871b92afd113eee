"""A worker killed mid-job: its job is marked failed, never left running; the worker's
heartbeat for /healthz; the real database worker runs a job."""

import datetime

import pytest
from django.core.management import call_command
from django.utils import timezone

from exchange.jobs.health import beat, check_worker, worker_alive
from exchange.jobs.models import Job, WorkerHeartbeat
from exchange.jobs.recovery import fail_abandoned_jobs
from exchange.jobs.services import start_job
from tests.exchange.jobs.sample import count_to

NOW = timezone.now()


def running(user, *, worker="w1", beat_ago=None):
    heartbeat = NOW - beat_ago if beat_ago is not None else None
    return Job.objects.create(
        owner=user,
        kind="export",
        label="x",
        function="x",
        state=Job.State.RUNNING,
        worker=worker,
        heartbeat_at=heartbeat,
        started_at=NOW - datetime.timedelta(hours=1),
    )


def test_a_job_of_a_dead_worker_is_marked_failed_saying_why(staff_user):
    beat("w1", now=NOW - datetime.timedelta(minutes=5))  # killed five minutes ago
    job = running(staff_user, beat_ago=datetime.timedelta(minutes=5))
    assert fail_abandoned_jobs(now=NOW) == 1
    job.refresh_from_db()
    assert job.state == Job.State.FAILED and job.finished_at == NOW
    assert "worker" in job.error and "start it again" in job.error


def test_a_job_of_a_live_worker_is_left_running_while_quiet(staff_user):
    beat("w1", now=NOW)
    job = running(staff_user, beat_ago=datetime.timedelta(minutes=5))
    assert fail_abandoned_jobs(now=NOW) == 0
    job.refresh_from_db()
    assert job.state == Job.State.RUNNING


def test_a_job_silent_too_long_is_failed_even_if_its_worker_lives(staff_user, settings):
    settings.JOBS_STALE_MINUTES = 15
    beat("w1", now=NOW)
    job = running(staff_user, beat_ago=datetime.timedelta(minutes=16))
    assert fail_abandoned_jobs(now=NOW) == 1
    job.refresh_from_db()
    assert job.state == Job.State.FAILED


def test_a_job_with_a_fresh_heartbeat_is_left_running(staff_user):
    job = running(staff_user, worker="gone", beat_ago=datetime.timedelta(seconds=5))
    assert fail_abandoned_jobs(now=NOW) == 0
    job.refresh_from_db()
    assert job.state == Job.State.RUNNING


def test_waiting_and_finished_jobs_are_not_touched(staff_user):
    queued = start_job(user=staff_user, kind="export", label="x", task=count_to, n=1)
    assert fail_abandoned_jobs(now=NOW + datetime.timedelta(days=1)) == 0
    queued.refresh_from_db()
    assert queued.state == Job.State.QUEUED


@pytest.mark.django_db(transaction=True)
def test_the_worker_starting_fails_the_jobs_of_a_killed_worker_then_runs_the_waiting(
    django_user_model,
):
    user = django_user_model.objects.create_user("staff")
    beat("killed", now=timezone.now() - datetime.timedelta(minutes=10))
    left = Job.objects.create(
        owner=user,
        kind="export",
        label="x",
        function="x",
        state=Job.State.RUNNING,
        worker="killed",
        heartbeat_at=timezone.now() - datetime.timedelta(minutes=10),
    )
    waiting = start_job(user=user, kind="export", label="N", task=count_to, n=4)
    call_command("jobs_worker", "--batch", "--interval", "0", verbosity=0)
    left.refresh_from_db()
    waiting.refresh_from_db()
    assert left.state == Job.State.FAILED
    assert waiting.state == Job.State.DONE and waiting.rows_done == 4
    assert waiting.worker and WorkerHeartbeat.objects.filter(worker=waiting.worker).exists()


@pytest.mark.django_db(transaction=True)
def test_django_tasks_db_worker_runs_a_job_for_real(django_user_model):
    from django_tasks_db.models import DBTaskResult

    user = django_user_model.objects.create_user("staff")
    job = start_job(user=user, kind="export", label="N", task=count_to, n=3)
    call_command("db_worker", "--batch", "--no-reload", "--interval", "0", verbosity=0)
    job.refresh_from_db()
    assert job.state == Job.State.DONE and job.summary == "Counted to 3."
    assert DBTaskResult.objects.get(id=job.task_id).status == "SUCCESSFUL"


def test_no_worker_seen_is_a_health_problem(db, settings):
    settings.JOBS_WORKER_STALE_SECONDS = 60
    assert not worker_alive()
    assert "no job worker" in check_worker()
    beat("w1", now=timezone.now() - datetime.timedelta(seconds=61))
    assert not worker_alive()
    beat("w1")
    assert worker_alive() and check_worker() is None


def test_check_jobs_marks_the_abandoned_failed(staff_user):
    from io import StringIO

    job = running(staff_user, worker="gone", beat_ago=datetime.timedelta(minutes=5))
    out = StringIO()
    call_command("check_jobs", stdout=out)
    job.refresh_from_db()
    assert job.state == Job.State.FAILED
    assert out.getvalue().startswith("1 abandoned job(s) marked failed")
