"""Administrators' maintenance as jobs: the balance summary rebuilt, the database backed
up (what `manage.py rebuild_summary` and `manage.py backup` do), started from a page."""

from django.shortcuts import redirect
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView

from exchange.audit import backups
from exchange.balance.rebuild import rebuild
from exchange.core.permissions import RoleRequiredMixin
from exchange.jobs.runner import JobError, Outcome, job_function
from exchange.jobs.services import start_job


@job_function
def rebuild_summary(job, progress) -> Outcome:
    rows, unrated = rebuild()
    progress(rows, rows, force=True)
    return Outcome(
        summary=_("Rebuilt %(rows)d summary rows and %(unrated)d rows of items without a rate.")
        % {"rows": rows, "unrated": unrated}
    )


@job_function
def backup(job, progress) -> Outcome:
    path = backups.default_path()
    try:
        backups.backup(path)
    except backups.BackupError as error:
        raise JobError(str(error)) from error
    return Outcome(
        summary=_("Backed up the database “%(name)s” to %(path)s (%(size)s).")
        % {
            "name": backups.database_name(),
            "path": path,
            "size": filesizeformat(path.stat().st_size),
        }
    )


ACTIONS = {
    "rebuild_summary": (gettext_lazy("Rebuild the balance summary"), rebuild_summary),
    "backup": (gettext_lazy("Back up the database"), backup),
}


class MaintenanceView(RoleRequiredMixin, TemplateView):
    """GET: the actions; POST `action`: start it as a job and show the job."""

    permission_required = "exchange.change_job"
    template_name = "exchange/maintenance.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(actions=ACTIONS, **kwargs)

    def post(self, request):
        action = ACTIONS.get(request.POST.get("action", ""))
        if action is None:
            return redirect("maintenance")
        label, function = action
        job = start_job(user=request.user, kind="maintenance", label=label, task=function)
        return redirect("jobs:detail", pk=job.pk)
