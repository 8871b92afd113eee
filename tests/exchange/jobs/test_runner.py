"""A job's progress, completion, failure and cancellation."""

import datetime

import pytest
from django.db import connection, transaction
from django.utils import timezone

from exchange.jobs import runner
from exchange.jobs.files import file_content
from exchange.jobs.models import Job
from exchange.jobs.runner import Cancelled, Progress, aside, run
from exchange.jobs.services import job_cancel, purge_jobs, start_job
from tests.exchange.jobs.sample import count_to, not_a_job


def test_a_job_runs_to_its_end_with_its_file_and_summary(immediate, staff_user):
    job = start_job(user=staff_user, kind="export", label="Numbers", task=count_to, n=5)
    assert job.state == Job.State.DONE
    assert (job.rows_done, job.rows_total) == (5, 5)
    assert job.summary == "Counted to 5."
    assert file_content(job) == b"0,1,2,3,4"
    assert job.file_size == 9 and job.has_file
    assert job.started_at <= job.finished_at
    assert job.task_id


def test_a_queued_job_waits_for_the_worker(staff_user):
    job = start_job(user=staff_user, kind="export", label="Numbers", task=count_to, n=3)
    assert job.state == Job.State.QUEUED and job.task_id
    assert run(job.pk) == Job.State.DONE
    job.refresh_from_db()
    assert job.rows_done == 3


def test_a_job_is_run_once_only(staff_user):
    job = start_job(user=staff_user, kind="export", label="Numbers", task=count_to, n=3)
    run(job.pk)
    Job.objects.filter(pk=job.pk).update(summary="kept")
    assert run(job.pk) == Job.State.DONE
    job.refresh_from_db()
    assert job.summary == "kept"


def test_progress_is_written_at_most_once_a_second(staff_user, django_assert_num_queries):
    job = Job.objects.create(owner=staff_user, kind="x", label="x", function="x")
    clock = iter([0.0, 0.2, 0.9, 1.1, 1.5]).__next__
    progress = Progress(job.pk, clock=clock)
    with django_assert_num_queries(2):  # the writes at 0.0 and at 1.1
        for done in range(5):
            progress(done, 10)
    job.refresh_from_db()
    assert (job.rows_done, job.rows_total) == (3, 10)
    assert job.heartbeat_at is not None


def test_a_failure_is_shown_in_plain_words_and_logged(immediate, staff_user, caplog):
    job = start_job(user=staff_user, kind="export", label="N", task=count_to, n=5, fail_at=3)
    assert job.state == Job.State.FAILED
    assert "ZeroDivisionError" in job.error and "log" in job.error
    assert job.rows_done == 2
    assert f"job {job.pk} failed" in caplog.text
    assert not job.has_file and not job.chunks.exists()


def test_a_job_error_is_shown_as_it_is(immediate, staff_user):
    job = start_job(
        user=staff_user,
        kind="export",
        label="N",
        task=count_to,
        n=5,
        fail_at=1,
        message="The file has no rows.",
    )
    assert (job.state, job.error) == (Job.State.FAILED, "The file has no rows.")


def test_only_job_functions_may_be_started(staff_user):
    with pytest.raises(ValueError):
        start_job(user=staff_user, kind="x", label="x", task=not_a_job)
    assert not Job.objects.exists()


def test_a_job_naming_another_function_fails_without_running_it(staff_user):
    job = Job.objects.create(
        owner=staff_user, kind="x", label="x", function="tests.exchange.jobs.sample.not_a_job"
    )
    assert run(job.pk) == Job.State.FAILED


def test_a_waiting_job_cancelled_never_runs(staff_user):
    job = start_job(user=staff_user, kind="export", label="N", task=count_to, n=3)
    job_cancel(job=job)
    assert job.state == Job.State.CANCELLED and job.finished_at
    assert run(job.pk) == Job.State.CANCELLED
    job.refresh_from_db()
    assert job.rows_done == 0


def test_a_running_job_stops_at_its_next_progress_once_cancelled(staff_user, monkeypatch):
    job = start_job(user=staff_user, kind="export", label="N", task=count_to, n=10)
    real = Progress.__call__

    def cancelling(self, done, total=None, force=False):
        if done == 4:
            job_cancel(job=Job.objects.get(pk=self.job_id))
        return real(self, done, total, force=force)

    monkeypatch.setattr(Progress, "__call__", cancelling)
    assert run(job.pk) == Job.State.CANCELLED
    job.refresh_from_db()
    assert job.rows_done == 4 and job.cancel_requested and job.finished_at
    assert not job.chunks.exists()


def test_progress_raises_cancelled_once_asked(staff_user):
    job = Job.objects.create(owner=staff_user, kind="x", label="x", function="x")
    Job.objects.filter(pk=job.pk).update(cancel_requested=True)
    with pytest.raises(Cancelled):
        Progress(job.pk)(1, 2)


def test_the_job_runs_in_the_language_it_was_started_in(immediate, staff_user):
    from django.utils import translation

    with translation.override("zh-hans"):
        job = start_job(user=staff_user, kind="export", label="N", task=count_to, n=2, fail_at=1)
    assert job.language == "zh-hans"
    assert "ZeroDivisionError" in job.error and "log" not in job.error


def test_old_finished_jobs_and_their_files_are_purged(immediate, staff_user, settings):
    settings.JOBS_RESULT_DAYS = 7
    old = start_job(user=staff_user, kind="export", label="N", task=count_to, n=2)
    new = start_job(user=staff_user, kind="export", label="N", task=count_to, n=2)
    Job.objects.filter(pk=old.pk).update(finished_at=timezone.now() - datetime.timedelta(days=8))
    assert purge_jobs() == 1
    assert list(Job.objects.values_list("pk", flat=True)) == [new.pk]


def test_the_module_logger_is_named_for_the_jobs():
    assert runner.logger.name == "exchange.jobs"


@pytest.mark.skipif(connection.vendor == "postgresql", reason="SQLite's one write lock")
def test_progress_inside_the_jobs_own_transaction_is_not_written_on_sqlite(staff_user):
    job = Job.objects.create(owner=staff_user, kind="x", label="x", function="x")
    progress = Progress(job.pk)
    with transaction.atomic():
        progress(5, 10, force=True)
    job.refresh_from_db()
    assert job.rows_done == 0
    progress(6, force=True)
    job.refresh_from_db()
    assert (job.rows_done, job.rows_total) == (6, 10)


@pytest.mark.skipif(connection.vendor != "postgresql", reason="a second connection's write")
@pytest.mark.django_db(transaction=True)
def test_progress_inside_the_jobs_own_transaction_is_seen_at_once_on_postgresql(staff_user):
    job = Job.objects.create(owner=staff_user, kind="x", label="x", function="x")
    progress = Progress(job.pk)
    with transaction.atomic():  # an import's, all or nothing
        Job.objects.create(owner=staff_user, kind="y", label="y", function="y")
        progress(5, 10, force=True)
        seen = aside(lambda: Job.objects.values_list("rows_done", "rows_total").get(pk=job.pk))
        assert seen == (5, 10)
    Job.objects.filter(pk=job.pk).update(cancel_requested=True)
    with pytest.raises(Cancelled), transaction.atomic():
        progress(6, force=True)


def test_progress_inside_a_transaction_other_connections_cannot_see_goes_on(staff_user):
    job = Job.objects.create(owner=staff_user, kind="x", label="x", function="x")
    progress = Progress(job.pk)
    with transaction.atomic():
        progress(5, 10, force=True)  # no Cancelled: the row is only unseen
    assert progress.done == 5
