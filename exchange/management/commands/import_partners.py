from exchange.transfer.commands import ImportCommand
from exchange.transfer.partners import import_partners


class Command(ImportCommand):
    help = "Import partners from a CSV or XLSX file; a row whose code exists updates it."

    def run(self, stream, filename, *, dry_run, encoding, progress=None, **options):
        return import_partners(
            stream, filename, dry_run=dry_run, encoding=encoding, progress=progress
        )
