"""Forget the jobs (and their files) finished more than JOBS_RESULT_DAYS ago."""

from django.core.management.base import BaseCommand

from exchange.jobs.services import purge_jobs


class Command(BaseCommand):
    help = "Forget the jobs and their files finished more than JOBS_RESULT_DAYS ago."

    def handle(self, *args, **options):
        self.stdout.write(f"{purge_jobs()} old job(s) purged.")
