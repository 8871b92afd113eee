"""The scheduled jobs (settings.SCHEDULE), each a django-tasks task run by the worker."""

import logging

from django.conf import settings
from django_tasks import task

from exchange.audit import backups
from exchange.balance.rebuild import expected_rows, stored_rows
from exchange.core.logs import log_event
from exchange.ops.digest import send_overdue_digests

logger = logging.getLogger(__name__)


@task()
def nightly_backup() -> str:
    """A backup of the whole database into backups/, keeping the newest BACKUP_KEEP."""
    path = backups.backup(backups.default_path())
    removed = prune_backups(path, settings.EXCHANGE_BACKUP_KEEP)
    log_event(logger, "backup", file=path.name, size=path.stat().st_size, removed=removed)
    return str(path)


def prune_backups(latest, keep: int) -> int:
    """Delete all but the newest `keep` backups of this database beside `latest` (0: none)."""
    if keep <= 0:
        return 0
    stem = latest.name.rsplit("-", 2)[0]
    kept = sorted(latest.parent.glob(f"{stem}-*{latest.suffix}"), reverse=True)
    for old in kept[keep:]:
        old.unlink()
    return len(kept[keep:])


@task()
def check_balance_summary() -> int:
    """The summary the triggers keep, compared with its recomputation from the raw rows:
    an ERROR line (reported to Sentry where configured) if any row differs."""
    rows, unrated = expected_rows()
    stored, stored_unrated = stored_rows()
    differing = len(rows ^ stored) + len(unrated ^ stored_unrated)
    if differing:
        logger.error(
            "balance summary differs from its recomputation in %d rows: "
            "run `manage.py rebuild_summary`",
            differing,
            extra={"event": "summary_check", "differing": differing},
        )
    else:
        log_event(logger, "summary_check", rows=len(stored), differing=0)
    return differing


@task()
def overdue_digest() -> int:
    """The weekly e-mail of what is overdue to each user who asked for it."""
    return send_overdue_digests()
