from exchange.rates.models import ExchangeRate
from exchange.transfer.commands import ExportCommand
from exchange.transfer.exports import write_rates


class Command(ExportCommand):
    help = "Export the exchange rates in the import's columns (currency, valid_from, rate)."

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.add_argument("--currency", default="", help="Only this currency (ISO 4217).")

    label = "Rates"

    def write(self, out, fmt, progress, *, currency="", **options):
        rates = ExchangeRate.objects.all()
        if currency:
            rates = rates.filter(currency=currency.strip().upper())
        write_rates(out, rates, fmt, progress=progress)
