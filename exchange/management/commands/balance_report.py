import contextlib

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db.models import Q

from exchange.balance import summary
from exchange.balance.export import balance_partners, balance_report
from exchange.balance.sums import raw_only
from exchange.balance.totals import Period
from exchange.balance.unrated import missing_rates
from exchange.core.commands import iso_date, write_output
from exchange.core.countries import countries
from exchange.core.regions import is_area
from partners.models import Basis, Kind, Status


class Command(BaseCommand):
    help = (
        "Write the balance of exchange with every partner that matches the filters "
        "(the columns of docs/domain.md), as CSV to standard output or to --output."
    )

    def add_arguments(self, parser):
        parser.add_argument("--from", dest="start", help="First day, YYYY-MM-DD (inclusive).")
        parser.add_argument("--to", dest="end", help="Last day, YYYY-MM-DD (inclusive).")
        parser.add_argument("--country", default="", help="ISO 3166-1 alpha-2 code, any case.")
        parser.add_argument("--kind", default="", choices=["", *Kind.values])
        parser.add_argument("--format", dest="fmt", default="csv", choices=["csv", "xlsx"])
        parser.add_argument("--output", help="File to write (default: standard output).")
        # Beyond docs/domain.md: the web report's other filters, so any of its exports can be
        # reproduced here.
        parser.add_argument("--region", default="", help="UN M49 region or sub-region code.")
        parser.add_argument("--status", default="", choices=["", *Status.values])
        parser.add_argument("--basis", default="", choices=["", *Basis.values])

    def handle(self, *args, start, end, fmt, output, **options):
        country, region = options["country"], options["region"]
        period = Period(iso_date(start) if start else None, iso_date(end) if end else None)
        if period.start and period.end and period.end < period.start:
            raise CommandError("--to is before --from.")
        country = country.strip().upper()
        if country and country not in countries:
            raise CommandError(f"“{country}” is not an ISO 3166-1 alpha-2 country code.")
        if region and not is_area(region):
            raise CommandError(f"“{region}” is not a UN M49 region or sub-region code.")
        filters = {
            "country": country,
            "region": region,
            "kind": options["kind"],
            "status": options["status"],
            "basis": options["basis"],
        }
        with self._exact_source():
            report = balance_report(period=period, fmt=fmt, **filters)
        write_output(self, report, output)
        self._warn_missing_rates(period, filters)

    def _exact_source(self):
        """The summary's triggers convert with the base currency they were installed
        with; if the setting has changed since (no `rebuild_summary` yet), sum the raw
        rows instead so the report is still exact."""
        installed = summary.installed_base_currency()
        if installed == settings.EXCHANGE_BASE_CURRENCY:
            return contextlib.nullcontext()
        self.stderr.write(
            f"The balance summary was built for {installed}, not "
            f"{settings.EXCHANGE_BASE_CURRENCY}: summing the raw rows "
            "(run `manage.py rebuild_summary` to make reports fast again)."
        )
        return raw_only()

    def _warn_missing_rates(self, period: Period, filters: dict) -> None:
        partners = balance_partners(**filters).values("pk")
        for currency, day in missing_rates(period, Q(partner__in=partners)):
            self.stderr.write(
                f"Warning: no exchange rate for {currency} on {day.isoformat()}; "
                "values in it count as 0."
            )
