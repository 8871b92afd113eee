"""My jobs, a job's page with its progress, the progress as JSON (polled once a
second at most), the result's download and the cancel button."""

from django.conf import settings
from django.contrib import messages
from django.http import Http404, JsonResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import DetailView, ListView

from exchange.core.permissions import RoleRequiredMixin
from exchange.core.tables import CONTENT_TYPES
from exchange.core.views import attachment
from exchange.jobs.files import file_chunks
from exchange.jobs.health import worker_alive
from exchange.jobs.models import Job
from exchange.jobs.services import job_cancel, jobs_of, may_see_all

VIEW_JOBS = "exchange.view_job"


class JobMixin(RoleRequiredMixin):
    """A job the user may see (their own; administrators any): 404 otherwise."""

    permission_required = VIEW_JOBS

    def get_job(self) -> Job:
        return get_object_or_404(jobs_of(self.request.user), pk=self.kwargs["pk"])


class JobListView(RoleRequiredMixin, ListView):
    permission_required = VIEW_JOBS
    template_name = "jobs/job_list.html"
    context_object_name = "jobs"
    paginate_by = 50

    def get_queryset(self):
        return jobs_of(self.request.user).defer("arguments", "problems", "summary", "error")

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            all_users=may_see_all(self.request.user), job_days=settings.JOBS_RESULT_DAYS, **kwargs
        )


class JobDetailView(JobMixin, DetailView):
    template_name = "jobs/job_detail.html"
    context_object_name = "job"

    def get_object(self, queryset=None):
        return self.get_job()

    def get_context_data(self, **kwargs):
        job = self.object
        return super().get_context_data(
            no_worker=job.state == Job.State.QUEUED and not worker_alive(),
            mine=job.owner_id == self.request.user.pk,
            rows_text=rows_text(job),
            **kwargs,
        )


def progress_of(job: Job) -> dict:
    return {
        "state": job.state,
        "state_label": str(job.get_state_display()),
        "finished": job.finished,
        "rows_done": job.rows_done,
        "rows_total": job.rows_total,
        "percent": job.percent,
        "text": rows_text(job),
    }


def rows_text(job: Job) -> str:
    if job.rows_total is None:
        return _("%(done)s rows") % {"done": f"{job.rows_done:,}"}
    return _("%(done)s of %(total)s rows") % {
        "done": f"{job.rows_done:,}",
        "total": f"{job.rows_total:,}",
    }


class JobStatusView(JobMixin, View):
    """The job's progress as JSON, for the page's progress bar."""

    def get(self, request, pk):
        response = JsonResponse(progress_of(self.get_job()))
        response["Cache-Control"] = "no-store"
        return response


class JobDownloadView(JobMixin, View):
    """The job's file, streamed from the database a piece at a time."""

    def get(self, request, pk):
        job = self.get_job()
        if not job.has_file or job.file_format not in CONTENT_TYPES:
            raise Http404
        response = StreamingHttpResponse(
            file_chunks(job), content_type=CONTENT_TYPES[job.file_format]
        )
        response["Content-Disposition"] = attachment(job.file_name)
        response["Content-Length"] = str(job.file_size)
        return response


class JobCancelView(JobMixin, View):
    def post(self, request, pk):
        job = self.get_job()
        if job.finished:
            messages.info(request, _("This job had already finished."))
        else:
            job_cancel(job=job)
            messages.success(request, _("The job is cancelled."))
        return redirect("jobs:detail", pk=job.pk)
