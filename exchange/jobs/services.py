"""Starting, cancelling and purging jobs; which jobs a user sees."""

import datetime

from django.conf import settings
from django.utils import timezone
from django.utils.translation import get_language

from exchange.jobs.models import Job
from exchange.jobs.runner import function_path, run_job


def start_job(*, user, kind: str, label: str, task, **arguments) -> Job:
    """Queue `task` (a @job_function) with these JSON arguments; returns the job (run
    already when the queue runs tasks at once, as in the tests)."""
    job = Job.objects.create(
        owner=user,
        kind=kind,
        label=str(label)[:200],
        function=function_path(task),
        arguments=arguments,
        language=get_language() or "",
    )
    result = run_job.enqueue(job_id=job.pk)
    Job.objects.filter(pk=job.pk).update(task_id=result.id)
    job.refresh_from_db()
    return job


def job_cancel(*, job: Job) -> Job:
    """A waiting job is cancelled at once; a running one at its next progress."""
    now = timezone.now()
    Job.objects.filter(pk=job.pk, state=Job.State.QUEUED).update(
        state=Job.State.CANCELLED, cancel_requested=True, finished_at=now
    )
    Job.objects.filter(pk=job.pk, state=Job.State.RUNNING).update(cancel_requested=True)
    job.refresh_from_db()
    return job


def may_see_all(user) -> bool:
    return user.has_perm("exchange.change_job")


def jobs_of(user):
    """The jobs the user may see: their own; administrators every one."""
    jobs = Job.objects.select_related("owner").order_by("-created_at", "-pk")
    return jobs if may_see_all(user) else jobs.filter(owner=user)


def purge_jobs(*, now=None) -> int:
    """Forget the jobs (and their files) finished more than JOBS_RESULT_DAYS ago."""
    now = now or timezone.now()
    before = now - datetime.timedelta(days=settings.JOBS_RESULT_DAYS)
    _total, by_model = Job.objects.filter(state__in=Job.FINISHED, finished_at__lt=before).delete()
    return by_model.get(Job._meta.label, 0)
