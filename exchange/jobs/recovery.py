"""Jobs never left running by a dead worker.

A running job writes its heartbeat with its progress (at most once a second) and its
worker writes its own every few seconds (`health.beat`). A running job whose worker has
not been seen for JOBS_WORKER_STALE_SECONDS and whose own heartbeat is as old, or whose
own heartbeat is older than JOBS_STALE_MINUTES whatever its worker, was abandoned: the
worker was killed or its machine stopped. It is marked failed, saying so, and its task
in the queue too. The worker checks when it starts and every minute
(`manage.py jobs_worker`); so does `manage.py check_jobs`. Jobs still waiting are not
touched: the next worker picks them up.
"""

import datetime
import logging
import uuid

from django.apps import apps
from django.conf import settings
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from exchange.jobs.health import live_workers, stale_after
from exchange.jobs.models import Job

logger = logging.getLogger("exchange.jobs")


def abandoned_jobs(*, now=None):
    now = now or timezone.now()
    quiet = Q(heartbeat_at__lt=now - stale_after()) | Q(heartbeat_at__isnull=True)
    orphaned = quiet & ~Q(worker__in=live_workers(now=now).values("worker"))
    too_long = Q(heartbeat_at__lt=now - datetime.timedelta(minutes=settings.JOBS_STALE_MINUTES))
    return Job.objects.filter(state=Job.State.RUNNING).filter(orphaned | too_long)


def fail_abandoned_jobs(*, now=None) -> int:
    """Mark the abandoned jobs failed; returns how many."""
    now = now or timezone.now()
    found = list(abandoned_jobs(now=now).values_list("pk", "language", "task_id"))
    for language in {language for _pk, language, _task in found}:
        with translation.override(language or None):
            reason = _(
                "The worker running this job stopped before it finished (it was restarted "
                "or its machine stopped). Nothing of it was kept: start it again."
            )
        pks = [pk for pk, lang, _task in found if lang == language]
        Job.objects.filter(pk__in=pks, state=Job.State.RUNNING).update(
            state=Job.State.FAILED, error=reason, finished_at=now
        )
    if found and apps.is_installed("django_tasks_db"):
        from django_tasks.base import TaskResultStatus
        from django_tasks_db.models import DBTaskResult

        DBTaskResult.objects.filter(
            id__in=[task for _pk, _lang, task in found if _is_uuid(task)],
            status=TaskResultStatus.RUNNING,
        ).update(status=TaskResultStatus.FAILED, finished_at=now)
    for pk, _lang, _task in found:
        logger.warning("job %s abandoned by its worker: marked failed", pk)
    return len(found)


def _is_uuid(text: str) -> bool:
    try:
        uuid.UUID(text)
    except ValueError:
        return False
    return True
