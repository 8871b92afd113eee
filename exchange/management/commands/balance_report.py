import datetime

from django.core.management.base import BaseCommand, CommandError

from exchange.balance import Period
from exchange.balance_export import balance_report
from partners.models import Kind


def iso_date(text: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(text)
    except ValueError as error:
        raise CommandError(f"“{text}” is not a date in the form YYYY-MM-DD.") from error


class Command(BaseCommand):
    help = "Write the balance of exchange with every partner (DOMAIN.md columns)."

    def add_arguments(self, parser):
        parser.add_argument("--from", dest="start", help="First day, YYYY-MM-DD (inclusive).")
        parser.add_argument("--to", dest="end", help="Last day, YYYY-MM-DD (inclusive).")
        parser.add_argument("--country", default="", help="ISO 3166-1 alpha-2 code, any case.")
        parser.add_argument("--kind", default="", choices=["", *Kind.values])
        parser.add_argument("--format", dest="fmt", default="csv", choices=["csv", "xlsx"])
        parser.add_argument("--output", help="File to write (default: standard output).")

    def handle(self, *args, start, end, country, kind, fmt, output, **options):
        period = Period(iso_date(start) if start else None, iso_date(end) if end else None)
        if period.start and period.end and period.end < period.start:
            raise CommandError("--to is before --from.")
        report = balance_report(period=period, country=country, kind=kind, fmt=fmt)
        if output:
            mode, encoding = ("w", "utf-8") if fmt == "csv" else ("wb", None)
            with open(output, mode, encoding=encoding, newline="" if fmt == "csv" else None) as f:
                f.write(report)
        else:
            self._write_stdout(report)

    def _write_stdout(self, report) -> None:
        """UTF-8 bytes to a real stdout whatever its locale; text to a test's StringIO."""
        stream = self.stdout._out
        if hasattr(stream, "buffer"):
            stream.flush()
            stream.buffer.write(report.encode("utf-8") if isinstance(report, str) else report)
            stream.buffer.flush()
        else:
            stream.write(report if isinstance(report, str) else report.decode("latin-1"))
