"""`manage.py scheduler`: enqueue the jobs of settings.SCHEDULE when they are due, for
the worker (`manage.py db_worker`) to run. One scheduler is enough; a second enqueues
nothing twice (exchange.ops.scheduler)."""

import signal
import time

from django.core.management.base import BaseCommand

from exchange.ops.scheduler import enqueue_due, entries


class Command(BaseCommand):
    help = (
        "Enqueue each scheduled job (settings.SCHEDULE) when it is due, in a loop; with "
        "--once, what is due now, then exit (for cron)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--once", action="store_true", help="Enqueue what is due and exit.")
        parser.add_argument(
            "--interval", type=int, default=30, help="Seconds between two looks (default 30)."
        )

    def handle(self, *args, once, interval, **options):
        scheduled = entries()  # a wrong schedule stops here, at the start
        if once:  # quiet unless something is enqueued: cron mails what a job prints
            self.report(enqueue_due())
            return
        for entry in scheduled:
            self.stdout.write(f"{entry.name} ({entry.when_text}): {entry.task.module_path}")
        self.stopping = False
        signal.signal(signal.SIGTERM, self.stop)
        signal.signal(signal.SIGINT, self.stop)
        while not self.stopping:
            self.report(enqueue_due())
            for _second in range(interval):
                if self.stopping:
                    break
                time.sleep(1)

    def stop(self, *args):
        self.stopping = True

    def report(self, enqueued):
        for name in enqueued:
            self.stdout.write(f"Enqueued {name}.")
