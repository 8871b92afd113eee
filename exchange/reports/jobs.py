"""A report's download as a job, when its rows are more partners than JOBS_SYNC_ROWS:
the report's own view makes the file, with the page's filters, in the language and for
the user that started it, so the file is the one the download would have been."""

from django.http import HttpRequest, QueryDict
from django.shortcuts import redirect
from django.urls import resolve, reverse
from django.utils.translation import gettext as _

from exchange.jobs.runner import JobError, Outcome, job_function
from exchange.jobs.services import start_job


def start_report_job(view, fmt: str):
    job = start_job(
        user=view.request.user,
        kind="report",
        label=f"{view.title()} ({fmt.upper()})",
        task=report_file,
        url_name=view.url_name,
        kwargs=view.url_kwargs(),
        query=view.request.GET.urlencode(),
        fmt=fmt,
    )
    return redirect("jobs:detail", pk=job.pk)


def report_view(owner, url_name: str, kwargs: dict, query: str, fmt: str):
    """The report's view, set up as for the request that started the job."""
    path = reverse(url_name, kwargs={**kwargs, "fmt": fmt})
    match = resolve(path)
    request = HttpRequest()
    request.method = "GET"
    request.path = request.path_info = path
    request.GET = QueryDict(query)
    request.user = owner
    view = match.func.view_class(**match.func.view_initkwargs)
    view.setup(request, *match.args, **match.kwargs)
    view.fmt = fmt
    return view


@job_function
def report_file(job, progress, *, url_name: str, kwargs: dict, query: str, fmt: str):
    view = report_view(job.owner, url_name, kwargs, query, fmt)
    if not view.prepare(view.request):
        raise JobError(_("The report's filters are not valid: open the report and try again."))
    progress(0, view.filters.partners().count(), force=True)
    return Outcome(
        content=view.file_content(fmt),
        file_name=f"{view.file_name()}.{fmt}",
        file_format=fmt,
        summary=_("The report is ready."),
    )
