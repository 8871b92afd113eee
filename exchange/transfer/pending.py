"""Uploads waiting for their confirmation: kept with the choices made on upload,
previewed once (the import's dry run), confirmed by running the import itself, and
purged: each user keeps the last few, none is kept longer than a day by default
(settings EXCHANGE_IMPORT_PENDING_PER_USER and _HOURS; `manage.py purge_imports` on a
schedule, and every upload, purge the rest)."""

import datetime

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from exchange.transfer.imports import ImportResult
from exchange.transfer.kinds import KINDS
from exchange.transfer.models import PendingImport
from exchange.transfer.preview import Preview, preview


def pending_create(
    *, kind: str, upload, user, encoding="utf-8", replace=False, reason="", preview_now=True
):
    """Keep an upload and work out its preview (unless a job will: `preview_now`)."""
    with transaction.atomic():
        purge_pending(user=user, keep=settings.EXCHANGE_IMPORT_PENDING_PER_USER - 1)
        pending = PendingImport.objects.create(
            kind=kind,
            file_name=upload.name[-255:],
            content=upload.read(),
            encoding=encoding,
            replace=replace,
            reason=reason,
            user=user,
        )
    if preview_now:
        preview_again(pending, user=user)
    return pending


def preview_again(pending: PendingImport, *, user, progress=None) -> Preview:
    """Run the dry run and keep what it found with the upload."""
    kind = KINDS[pending.kind]
    result = kind.run(pending, dry_run=True, user=user, progress=progress)
    found = preview(pending, kind, result)
    pending.preview = found.as_json()
    pending.save(update_fields=["preview"])
    return found


def pending_preview(pending: PendingImport, *, user) -> Preview:
    if pending.preview is None:
        return preview_again(pending, user=user)
    return Preview.from_json(dict(pending.preview))


def pending_confirm(*, pending: PendingImport, user, progress=None) -> ImportResult:
    """Run the import for real; written, the upload is gone. Not written (the data
    changed since the preview), its preview is worked out again."""
    with transaction.atomic():
        locked = PendingImport.objects.select_for_update().filter(pk=pending.pk).first()
        if locked is None:
            raise PendingImport.DoesNotExist
        result = KINDS[locked.kind].run(locked, dry_run=False, user=user, progress=progress)
        if result.written:
            locked.delete()
    if not result.written:
        preview_again(pending, user=user)
    return result


def purge_pending(*, user=None, keep: int | None = None, now=None) -> int:
    """Delete the uploads older than the lifetime and, for `user`, all but the `keep`
    newest. Returns how many were deleted."""
    now = now or timezone.now()
    lifetime = datetime.timedelta(hours=settings.EXCHANGE_IMPORT_PENDING_HOURS)
    deleted, _kinds = PendingImport.objects.filter(created_at__lt=now - lifetime).delete()
    if user is not None and keep is not None:
        newest = PendingImport.objects.filter(user=user).order_by("-created_at", "-pk")
        surplus = list(newest.values_list("pk", flat=True)[keep:])
        deleted += PendingImport.objects.filter(pk__in=surplus).delete()[0]
    return deleted
