from exchange.transfer.commands import ExportCommand
from exchange.transfer.exports import write_partners
from partners.filters import PartnerFilter
from partners.models import Basis, Kind, Partner, Status


class Command(ExportCommand):
    help = "Export partners in the import's columns, filtered like the partner list."

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.add_argument("--q", default="", help="Code, name in either script, or city.")
        parser.add_argument("--country", default="", help="ISO 3166-1 alpha-2 code, any case.")
        parser.add_argument("--kind", default="", choices=["", *Kind.values])
        parser.add_argument("--status", default="", choices=["", *Status.values])
        parser.add_argument("--basis", default="", choices=["", *Basis.values])

    label = "Partners"

    def write(self, out, fmt, progress, *, q, country, kind, status, basis, **options):
        data = {"q": q, "country": country, "kind": kind, "status": status, "basis": basis}
        write_partners(
            out, self.filtered(PartnerFilter, Partner.objects.all(), data), fmt, progress=progress
        )
