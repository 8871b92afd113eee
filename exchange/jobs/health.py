"""Is a worker alive? Each worker process (`manage.py jobs_worker`) writes its
heartbeat row every few seconds; /healthz calls `check_worker` (settings HEALTH_CHECKS)."""

import datetime

from django.conf import settings
from django.utils import timezone

from exchange.jobs.models import WorkerHeartbeat


def stale_after() -> datetime.timedelta:
    return datetime.timedelta(seconds=settings.JOBS_WORKER_STALE_SECONDS)


def beat(worker: str, *, now=None) -> None:
    now = now or timezone.now()
    WorkerHeartbeat.objects.update_or_create(
        worker=worker,
        defaults={"seen_at": now},
        create_defaults={"seen_at": now, "started_at": now},
    )


def live_workers(*, now=None):
    now = now or timezone.now()
    return WorkerHeartbeat.objects.filter(seen_at__gte=now - stale_after())


def worker_alive(*, now=None) -> bool:
    return live_workers(now=now).exists()


def check_worker() -> str | None:
    """None when a worker was seen lately, else why not (for /healthz)."""
    if worker_alive():
        return None
    seconds = settings.JOBS_WORKER_STALE_SECONDS
    return f"no job worker seen in the last {seconds} s"


def forget_dead_workers(*, now=None) -> int:
    """Heartbeat rows of workers gone for a day: no longer worth keeping."""
    now = now or timezone.now()
    return WorkerHeartbeat.objects.filter(seen_at__lt=now - datetime.timedelta(days=1)).delete()[0]
