from exchange.core.choices import Direction
from exchange.transfer.commands import ExportCommand
from exchange.transfer.exports import write_shipments
from shipments.filters import ShipmentFilter
from shipments.models import Shipment
from shipments.steps import Status


class Command(ExportCommand):
    help = "Export shipments, one row per item in the import's columns, filtered like the list."

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.add_argument("--q", default="", help="Reference, title or ISBN.")
        parser.add_argument("--direction", default="", choices=["", *Direction.values])
        parser.add_argument(
            "--status", action="append", default=[], choices=Status.values, help="Repeatable."
        )
        parser.add_argument("--partner", default="", help="Partner code.")
        parser.add_argument("--country", default="", help="Partner's country, alpha-2, any case.")
        parser.add_argument("--from", dest="date_from", default="", help="YYYY-MM-DD.")
        parser.add_argument("--to", dest="date_to", default="", help="YYYY-MM-DD.")
        parser.add_argument("--method", default="", choices=["", *Shipment.Method.values])

    label = "Shipments"

    def write(self, out, fmt, progress, **options):
        names = ("q", "direction", "status", "partner", "country", "date_from", "date_to")
        data = {name: options[name] for name in (*names, "method")}
        shipments = self.filtered(ShipmentFilter, Shipment.objects.all(), data)
        write_shipments(out, shipments, fmt, progress=progress)
