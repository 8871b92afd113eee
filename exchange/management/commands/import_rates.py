from exchange.transfer.commands import ImportCommand
from exchange.transfer.rates import import_rates


class Command(ImportCommand):
    help = "Import exchange rates (currency, valid_from, rate) from a CSV or XLSX file."

    def run(self, stream, filename, *, dry_run, encoding, progress=None, **options):
        return import_rates(stream, filename, dry_run=dry_run, encoding=encoding, progress=progress)
