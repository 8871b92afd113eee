from exchange.transfer.commands import ImportCommand
from exchange.transfer.shipments import import_shipments


class Command(ImportCommand):
    help = "Import shipments, one row per item, from a CSV or XLSX file."

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.add_argument(
            "--replace",
            action="store_true",
            help="Replace the shipments whose reference exists: their fields and all items.",
        )
        parser.add_argument(
            "--reason",
            default="",
            help="Why, when a shipment replaced was dispatched or received (kept in its history).",
        )

    def run(
        self, stream, filename, *, dry_run, encoding, replace=False, reason="", progress=None, **kw
    ):
        return import_shipments(
            stream,
            filename,
            dry_run=dry_run,
            replace=replace,
            encoding=encoding,
            reason=reason,
            progress=progress,
        )
