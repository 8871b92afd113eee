from django.core.management.base import BaseCommand

from exchange.transfer.pending import purge_pending


class Command(BaseCommand):
    help = (
        "Delete the uploads never confirmed that are older than IMPORT_PENDING_HOURS "
        "(24 by default). Run it every hour (cron or a systemd timer)."
    )

    def handle(self, *args, **options):
        deleted = purge_pending()
        self.stdout.write(f"{deleted} pending upload(s) deleted.")
