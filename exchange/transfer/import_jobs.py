"""Web imports of long files as jobs: the preview (the dry run) and the confirmation run
in the worker when the file has more than JOBS_SYNC_ROWS lines; the job's page then
leads to the preview, or says what was written or what stopped it."""

from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext as _

from exchange.jobs.runner import JobError, Outcome, job_function
from exchange.jobs.services import start_job
from exchange.transfer.kinds import KINDS
from exchange.transfer.models import PendingImport
from exchange.transfer.pending import pending_confirm, preview_again


def file_lines(pending: PendingImport) -> int | None:
    """A CSV file's lines (its rows and header); None for a workbook."""
    if pending.file_name.lower().endswith(".csv"):
        return bytes(pending.content).count(b"\n")
    return None


def is_long(pending: PendingImport) -> bool:
    lines = file_lines(pending)
    if lines is None:  # a workbook: judged by its size, about 50 bytes a row packed
        return len(pending.content) > settings.JOBS_SYNC_ROWS * 50
    return lines > settings.JOBS_SYNC_ROWS


def pending_of(job, pk: int) -> PendingImport:
    pending = PendingImport.objects.filter(pk=pk, user=job.owner).first()
    if pending is None:
        raise JobError(_("The upload is no longer kept: upload the file again."))
    return pending


@job_function
def import_preview(job, progress, *, pending: int) -> Outcome:
    upload = pending_of(job, pending)
    progress(0, file_lines(upload), force=True)
    preview_again(upload, user=job.owner, progress=progress)
    return Outcome(
        summary=_("The file is read: check the preview, then confirm."),
        next_url=reverse("exchange:import_preview", args=[upload.pk]),
    )


@job_function
def import_confirm(job, progress, *, pending: int) -> Outcome:
    upload = pending_of(job, pending)
    progress(0, file_lines(upload), force=True)
    result = pending_confirm(pending=upload, user=job.owner, progress=progress)
    if not result.written:
        raise JobError(
            result.failure(),
            problems=result.problems,
            next_url=reverse("exchange:import_preview", args=[upload.pk]),
        )
    return Outcome(summary=result.summary(), next_url=reverse(KINDS[upload.kind].done_url))


def start_import_job(user, pending: PendingImport, *, confirm: bool):
    label = _("Import of %(file)s") % {"file": pending.file_name}
    if confirm:
        label = _("Import of %(file)s, confirmed") % {"file": pending.file_name}
    return start_job(
        user=user,
        kind="import",
        label=label,
        task=import_confirm if confirm else import_preview,
        pending=pending.pk,
    )
