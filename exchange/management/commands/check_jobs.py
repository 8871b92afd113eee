"""Mark failed the jobs left running by a dead worker, and forget old jobs: what
`jobs_worker` does every minute, for a queue whose workers do not (cron)."""

from django.core.management.base import BaseCommand

from exchange.jobs.recovery import fail_abandoned_jobs
from exchange.jobs.services import purge_jobs


class Command(BaseCommand):
    help = "Mark failed the jobs a dead worker left running; forget jobs past JOBS_RESULT_DAYS."

    def handle(self, *args, **options):
        failed = fail_abandoned_jobs()
        purged = purge_jobs()
        self.stdout.write(f"{failed} abandoned job(s) marked failed, {purged} old job(s) purged.")
