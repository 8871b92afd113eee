"""The scheduled jobs of settings.SCHEDULE, enqueued when due (`manage.py scheduler`).

Each entry is a name, a django-tasks task (dotted path) and when it is due ("daily at
02:00", "weekly on Monday at 07:00"; `exchange.ops.schedule`). A job is enqueued once
for the latest moment it was due, if that moment is later than the one it was last
enqueued for (`ScheduledRun`, in the database): a scheduler stopped at the moment a job
was due enqueues it when it starts again, once however many moments it missed, and a
scheduler restarted just after enqueuing it does not enqueue it again. A job seen for
the first time starts at its next moment. The row is locked while a job is enqueued,
in the same transaction as the task's row, so two schedulers enqueue it once.
"""

import logging
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import transaction
from django.utils import timezone
from django.utils.module_loading import import_string
from django_tasks.base import Task

from exchange.core.logs import log_event
from exchange.ops.models import ScheduledRun
from exchange.ops.schedule import When

logger = logging.getLogger(__name__)
OFF = {"", "off", "never"}


@dataclass(frozen=True)
class Entry:
    name: str
    task: Task
    when: When
    when_text: str


def entries() -> list[Entry]:
    """settings.SCHEDULE, checked: a task that is not one or a schedule that is not one
    stops the scheduler at its start, with what is wrong."""
    found = []
    for name, entry in settings.SCHEDULE.items():
        if entry.get("when", "").strip().lower() in OFF:
            continue
        task = import_string(entry["task"])
        if not isinstance(task, Task):
            raise ImproperlyConfigured(f"SCHEDULE[{name!r}]: {entry['task']} is not a task.")
        found.append(Entry(name, task, When.parse(entry["when"]), entry["when"]))
    return found


def enqueue_due(now=None) -> list[str]:
    """Enqueue every job due by `now` and not yet enqueued for that moment; their names."""
    now = now or timezone.now()
    enqueued = []
    for entry in entries():
        due = entry.when.latest_due(now)
        with transaction.atomic():
            run, created = ScheduledRun.objects.select_for_update().get_or_create(
                name=entry.name, defaults={"last_due": due}
            )
            if created or run.last_due >= due:
                continue
            result = entry.task.enqueue()
            run.last_due, run.enqueued_at, run.task_id = due, now, str(result.id)
            run.save(update_fields=["last_due", "enqueued_at", "task_id"])
        log_event(logger, "scheduled", job=entry.name, due=due.isoformat(), task=run.task_id)
        enqueued.append(entry.name)
    return enqueued
