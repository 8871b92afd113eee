"""One partner year by year from its first counted year, with the running balance."""

import datetime

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from exchange.balance.export import (
    measure_columns,
)
from exchange.balance.sums import by_year, counted_totals
from exchange.balance.totals import MEASURES, Balance, Period
from exchange.core.tables import INT, MONEY, Column
from exchange.reports.tables import YEAR, Table
from partners.models import Partner


def cumulative_columns() -> list[Column]:
    labels = {
        "items": _("Items: cumulative balance"),
        "titles": _("Titles: cumulative balance"),
        "pages": _("Pages: cumulative balance"),
        "value": _("Value: cumulative balance"),
    }
    return [
        Column(f"{measure}_cumulative", labels[measure], MONEY if measure == "value" else INT)
        for measure in MEASURES
    ]


def partner_years_table(partner: Partner, today: datetime.date) -> Table:
    """Year by year from the first year with a counted shipment to this year, with the
    running cumulative balance; this year, still under way, is marked `partial`. A
    partner with nothing counted has this year alone. One query.

    The recorded start of the exchange (`exchange_since`) is not where the table
    starts: many records carry the date of a first agreement decades before anything
    was counted, and the years in between would be rows of zeros."""
    found = counted_totals(Period(), {"year": by_year()}, Q(partner=partner))
    years = [key[0] for key in found]
    first = min(years, default=today.year)
    last = max([*years, today.year])
    cumulative = Balance()
    rows = []
    for year in range(first, last + 1):
        balance = found.get((year,), Balance())
        cumulative.add(balance)
        rows.append(
            {
                "year": year,
                **balance.cells(),
                **{f"{m}_cumulative": cumulative.difference(m) for m in MEASURES},
                "balance": balance,
                "partial": year == today.year,
            }
        )
    columns = [Column("year", _("Year"), YEAR), *measure_columns(), *cumulative_columns()]
    total = {"year": _("Total"), **cumulative.cells()}
    return Table(columns, rows, total, default_sort="year")
