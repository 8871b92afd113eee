from django.db import models
from django.utils.translation import gettext_lazy as _


class ScheduledRun(models.Model):
    """The last time a scheduled job (a key of settings.SCHEDULE) was enqueued: the
    moment it was due then. The scheduler enqueues a job when a later moment has come,
    so a restart neither runs it twice nor skips it, and two schedulers at once enqueue
    it once."""

    name = models.CharField(_("name"), max_length=100, unique=True)
    last_due = models.DateTimeField(_("last due"))
    enqueued_at = models.DateTimeField(_("enqueued at"), null=True, blank=True)
    task_id = models.CharField(_("task"), max_length=64, blank=True)

    class Meta:
        verbose_name = _("scheduled run")
        verbose_name_plural = _("scheduled runs")

    def __str__(self):
        return self.name
