"""Running a job: the one task the queue runs (`run_job`), the registered functions it
calls, and their `progress(done, total)` callback.

A job function is `fn(job, progress, **arguments) -> Outcome`, marked by
`@job_function`. `progress` writes the job's row at most once a second (rows done,
rows in all, its heartbeat) and raises `Cancelled` once the user has cancelled it. A
failure is caught: the job is marked failed with a reason the user can read (a
`JobError`'s own words, else a general one) and the exception is logged.
"""

import logging
import threading
import time
from dataclasses import dataclass, field

from django.db import OperationalError, connection, connections
from django.db.models import F
from django.utils import timezone, translation
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _
from django_tasks import task

from exchange.jobs.files import store_file
from exchange.jobs.models import Job

logger = logging.getLogger("exchange.jobs")

# At most one write of a job's progress per this many seconds.
PROGRESS_EVERY = 1.0


class Cancelled(Exception):
    """The user cancelled the job."""


class JobError(Exception):
    """A failure whose message the user may read as it is, with the problems found and
    a page to read them on, if any."""

    def __init__(self, message: str, *, problems=(), next_url: str = ""):
        super().__init__(message)
        self.problems = [str(problem) for problem in problems]
        self.next_url = next_url


@dataclass
class Outcome:
    """What a job leaves: a file to download, a summary, problems, a page to read."""

    content: bytes | None = None
    file_name: str = ""
    file_format: str = ""
    summary: str = ""
    problems: list[str] = field(default_factory=list)
    next_url: str = ""


def job_function(function):
    """Mark a function as one a job may run (`start_job(..., task=function)`)."""
    function.is_job_function = True
    return function


def function_path(function) -> str:
    if not getattr(function, "is_job_function", False):
        raise ValueError(f"{function!r} is not a @job_function")
    return f"{function.__module__}.{function.__qualname__}"


class Progress:
    """The callback a job function is given: `progress(done, total=None)`."""

    def __init__(self, job_id: int, clock=time.monotonic):
        self.job_id = job_id
        self.clock = clock
        self.last = None
        self.done = 0
        self.total = None
        # The transactions open when the job began (a test's). Inside one the job opens
        # itself (an import's, all or nothing), the row is not written on that
        # connection: others would not see it until the end, and on PostgreSQL it would
        # stay locked, a Cancel waiting for the whole import.
        self.depth = len(connection.atomic_blocks)

    def __call__(self, done: int, total: int | None = None, *, force: bool = False) -> None:
        self.done = done
        if total is not None:
            self.total = total
        inside = len(connection.atomic_blocks) > self.depth
        if inside and connection.vendor != "postgresql":
            return  # SQLite: the job's transaction holds the one write lock until it ends
        now = self.clock()
        if not force and self.last is not None and now - self.last < PROGRESS_EVERY:
            return
        self.last = now
        fields = {"rows_done": done, "heartbeat_at": timezone.now()}
        if self.total is not None:
            fields["rows_total"] = self.total
        if inside:
            # Written and committed on a connection of its own, seen at once.
            if aside(lambda: progress_aside(self.job_id, fields)):
                raise Cancelled
            return
        # One query: written unless the user asked to cancel.
        if not write_job(self.job_id, where={"cancel_requested": False}, **fields):
            raise Cancelled


def progress_aside(pk: int, fields: dict) -> bool:
    """Write the progress from outside the job's transaction; True if the user asked to
    cancel. A row this connection cannot see (made in a test's transaction) is left."""
    if Job.objects.filter(pk=pk, cancel_requested=False).update(**fields):
        return False
    return Job.objects.filter(pk=pk, cancel_requested=True).exists()


def write_job(pk: int, *, where: dict | None = None, **fields) -> int:
    """Update the job's row (if it matches `where`); returns the rows updated.

    On SQLite, from a connection of its own: the job's connection may be reading rows
    (an export's iterator), and SQLite refuses a write from a connection whose read has
    since been overtaken by another's write ("database is locked"). Not within a
    transaction (the tests'), whose rows another connection cannot see, nor in a
    database in memory (the tests'), which has no such snapshots.
    """

    def update():
        return Job.objects.filter(pk=pk, **(where or {})).update(**fields)

    if connection.vendor != "sqlite" or connection.in_atomic_block or connection.is_in_memory_db():
        return update()
    return aside(update)


def aside(function):
    """`function()` on a connection of its own (a thread's), committed as it ends."""
    result = []

    def in_own_connection():
        try:
            result.append(function())
        finally:
            connections.close_all()

    thread = threading.Thread(target=in_own_connection)
    thread.start()
    thread.join()
    if not result:
        raise OperationalError("a job's state could not be written")
    return result[0]


@task(takes_context=True)
def run_job(context, job_id: int) -> str:
    worker = context.task_result.worker_ids[-1] if context.task_result.worker_ids else ""
    return run(job_id, worker=worker)


def run(job_id: int, *, worker: str = "") -> str:
    """Run the job if it is still waiting; returns its state."""
    now = timezone.now()
    claimed = Job.objects.filter(pk=job_id, state=Job.State.QUEUED, cancel_requested=False).update(
        state=Job.State.RUNNING, started_at=now, heartbeat_at=now, worker=worker
    )
    job = Job.objects.filter(pk=job_id).select_related("owner").first()
    if job is None or not claimed:
        return job.state if job else "missing"
    logger.info("job %s started: %s (%s)", job.pk, job.kind, job.label)
    with translation.override(job.language or None):
        state, fields = _outcome_of(job)
    fields.update(state=state, finished_at=timezone.now())
    write_job(job.pk, **fields)
    logger.info("job %s %s", job.pk, state)
    return state


def _outcome_of(job: Job) -> tuple[str, dict]:
    progress = Progress(job.pk)
    try:
        function = import_string(job.function)
        if not getattr(function, "is_job_function", False):
            raise JobError(_("This job cannot be run."))
        outcome = function(job, progress, **job.arguments)
        if outcome.content is not None:
            store_file(job, outcome.content)
    except Cancelled:
        return Job.State.CANCELLED, {"rows_done": progress.done}
    except JobError as error:
        logger.warning("job %s failed: %s", job.pk, error)
        fields = {"error": str(error), "problems": error.problems, "next_url": error.next_url}
        return Job.State.FAILED, {**fields, "rows_done": progress.done}
    except Exception as error:
        logger.exception("job %s failed", job.pk)
        reason = _(
            "The application met an error (%(error)s). The administrators can read what "
            "happened in its log; try again, or tell them if it happens again."
        ) % {"error": type(error).__name__}
        return Job.State.FAILED, {"error": reason, "rows_done": progress.done}
    fields = {
        "rows_done": F("rows_total") if progress.total else progress.done,
        "summary": outcome.summary,
        "problems": outcome.problems,
        "next_url": outcome.next_url,
        "file_name": outcome.file_name,
        "file_format": outcome.file_format,
        "file_size": None if outcome.content is None else len(outcome.content),
    }
    if progress.total is None:
        fields["rows_total"] = progress.done
    return Job.State.DONE, fields
