"""The job worker: django-tasks' `db_worker`, with a heartbeat (for /healthz) and the
check that no job is left running by a dead worker, at start and every minute."""

import threading

from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import close_old_connections, connection
from django_tasks.utils import get_random_id

from exchange.jobs.health import beat, forget_dead_workers
from exchange.jobs.recovery import fail_abandoned_jobs
from exchange.jobs.services import purge_jobs

BEAT_SECONDS = 10
CHECK_EVERY = 6  # beats: a minute


def keep_alive(worker: str, stop: threading.Event) -> None:
    count = 0
    while not stop.wait(BEAT_SECONDS):
        try:
            beat(worker)
            count += 1
            if count % CHECK_EVERY == 0:
                fail_abandoned_jobs()
                purge_jobs()
                forget_dead_workers()
        except Exception:  # the database away a moment: try again at the next beat
            close_old_connections()
    connection.close()


class Command(BaseCommand):
    help = "Run the job worker (db_worker with a heartbeat and the abandoned-jobs check)."

    def add_arguments(self, parser):
        parser.add_argument("--batch", action="store_true", help="Run the waiting jobs, then stop.")
        parser.add_argument("--interval", type=float, default=1.0)

    def handle(self, *args, batch=False, interval=1.0, verbosity=1, **options):
        worker = f"{get_random_id()[:32]}"
        beat(worker)
        failed = fail_abandoned_jobs()
        if failed and verbosity:
            self.stdout.write(f"{failed} job(s) left running by a stopped worker marked failed.")
        stop = threading.Event()
        thread = threading.Thread(target=keep_alive, args=(worker, stop), daemon=True)
        thread.start()
        arguments = ["--worker-id", worker, "--no-reload", "--interval", str(interval)]
        if batch:
            arguments.append("--batch")
        try:
            call_command("db_worker", *arguments, verbosity=verbosity)
        finally:
            stop.set()
