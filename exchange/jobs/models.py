"""Jobs, their result files and the workers' heartbeats."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Job(models.Model):
    """A long piece of work started by a user, as the user sees it.

    The result file is kept in the database (`JobChunk`), not on a disk: the workers and
    the web servers may be different machines that share only the database, as the
    uploads waiting for their confirmation do (`PendingImport`).
    """

    class State(models.TextChoices):
        QUEUED = "queued", _("Waiting")
        RUNNING = "running", _("Running")
        DONE = "done", _("Done")
        FAILED = "failed", _("Failed")
        CANCELLED = "cancelled", _("Cancelled")

    FINISHED = (State.DONE, State.FAILED, State.CANCELLED)

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("started by"),
    )
    kind = models.CharField(_("kind"), max_length=32)
    label = models.CharField(_("what"), max_length=200)
    state = models.CharField(_("state"), max_length=16, choices=State, default=State.QUEUED)
    # The registered function (dotted path) and its keyword arguments (JSON).
    function = models.CharField(max_length=200)
    arguments = models.JSONField(default=dict, blank=True)
    language = models.CharField(max_length=16, blank=True)
    rows_done = models.PositiveBigIntegerField(_("rows done"), default=0)
    rows_total = models.PositiveBigIntegerField(_("rows in all"), null=True, blank=True)
    created_at = models.DateTimeField(_("started at"), auto_now_add=True)
    started_at = models.DateTimeField(_("running since"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    # Written every few seconds while it runs: a stale one means its worker died.
    heartbeat_at = models.DateTimeField(null=True, blank=True)
    cancel_requested = models.BooleanField(default=False)
    error = models.TextField(_("why it failed"), blank=True)
    summary = models.TextField(_("summary"), blank=True)
    problems = models.JSONField(default=list, blank=True)
    # Where the result is read when it is a page (an import's preview).
    next_url = models.CharField(max_length=500, blank=True)
    file_name = models.CharField(max_length=255, blank=True)
    file_format = models.CharField(max_length=8, blank=True)
    file_size = models.PositiveBigIntegerField(null=True, blank=True)
    task_id = models.CharField(max_length=64, blank=True)
    # The worker process running it (its `WorkerHeartbeat.worker`).
    worker = models.CharField(max_length=100, blank=True)

    class Meta:
        verbose_name = _("job")
        verbose_name_plural = _("jobs")
        indexes = [models.Index(fields=["owner", "-created_at"], name="job_owner_recent")]
        constraints = [
            models.CheckConstraint(
                condition=Q(state__in=["queued", "running", "done", "failed", "cancelled"]),
                name="job_state_valid",
            ),
        ]

    def __str__(self):
        return f"{self.kind} #{self.pk}: {self.label}"

    @property
    def finished(self) -> bool:
        return self.state in self.FINISHED

    @property
    def percent(self) -> int | None:
        if not self.rows_total:
            return None
        return min(100, self.rows_done * 100 // self.rows_total)

    @property
    def has_file(self) -> bool:
        return self.state == self.State.DONE and self.file_size is not None


class JobChunk(models.Model):
    """A piece of a job's result file, in order: a download streams them."""

    job = models.ForeignKey(Job, on_delete=models.CASCADE, related_name="chunks")
    number = models.PositiveIntegerField()
    data = models.BinaryField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["job", "number"], name="job_chunk_unique"),
        ]

    def __str__(self):
        return f"{self.job_id}/{self.number}"


class WorkerHeartbeat(models.Model):
    """A worker process, seen alive at `seen_at` (written every few seconds)."""

    worker = models.CharField(max_length=100, unique=True)
    seen_at = models.DateTimeField()
    started_at = models.DateTimeField()

    def __str__(self):
        return self.worker
