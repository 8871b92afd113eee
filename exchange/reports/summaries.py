"""The exchange summed by country, UN M49 region or sub-region, or institution kind,
and year by year (trends)."""

import datetime

from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from exchange.balance.export import (
    measure_columns,
)
from exchange.balance.sums import by_field, by_year, counted_totals
from exchange.balance.totals import Balance, Period, total_of
from exchange.core.countries import countries
from exchange.core.regions import REGION, SUBREGION, area_name, area_of
from exchange.core.tables import INT, TEXT, Column
from exchange.reports.tables import YEAR, Filters, Table
from partners.models import Kind, Status
from shipments.models import Shipment

# The export column of each grouping's key, and its heading.
SUMMARY_KEYS = {"country": "country", "region": "region", "subregion": "subregion", "kind": "kind"}


SUMMARY_KEY_LABELS = {
    "country": _("Country or region"),
    "region": _("M49 region"),
    "subregion": _("M49 sub-region"),
    "kind": _("Kind"),
}


SUMMARY_DIMENSIONS = {
    "country": _("By country or region"),
    "region": _("By world region"),
    "subregion": _("By sub-region"),
    "kind": _("By institution kind"),
}


def _group_key(by: str, value: str) -> str:
    if by in (REGION, SUBREGION):
        area = area_of(value, by)
        return area.code if area else ""
    return value


def _group_label(by: str, key: str) -> str:
    if by == "country":
        return str(countries.name(key))
    if by == "kind":
        return str(Kind(key).label) if key in Kind.values else key
    return area_name(key)


def summary_table(period: Period, filters: Filters, by: str) -> Table:
    """One row per group of the matching partners. Three queries: the item sums with the
    shipment counts, the partners per group, and the partners exchanging per group."""
    field_name = "kind" if by == "kind" else "country"
    where = filters.shipments_q()
    found = counted_totals(period, {"key": by_field(f"partner__{field_name}")}, where)
    partner_counts = (
        filters.partners()
        .order_by()
        .values(field_name)
        .annotate(partners=Count("id"), active=Count("id", filter=Q(status=Status.ACTIVE)))
    )
    exchanging = (
        Shipment.objects.filter(period.q())
        .filter(where)
        .values(f"partner__{field_name}")
        .annotate(partners=Count("partner", distinct=True))
        .order_by()
    )
    name = SUMMARY_KEYS[by]
    groups: dict[str, dict] = {}

    def group(value: str) -> dict:
        key = _group_key(by, value)
        if key not in groups:
            groups[key] = {
                name: key,
                f"{name}_name": _group_label(by, key),
                "partners": 0,
                "active_partners": 0,
                "exchanging_partners": 0,
                "balance": Balance(),
            }
        return groups[key]

    for row in partner_counts:
        target = group(row[field_name])
        target["partners"] += row["partners"]
        target["active_partners"] += row["active"]
    for row in exchanging:
        group(row[f"partner__{field_name}"])["exchanging_partners"] += row["partners"]
    for (value,), balance in found.items():
        group(value)["balance"].add(balance)
    rows = [{**row, **row["balance"].cells()} for row in groups.values()]
    counts = ("partners", "active_partners", "exchanging_partners")
    total = {
        name: _("Total"),
        **{count: sum(row[count] for row in rows) for count in counts},
        **total_of(row["balance"] for row in rows).cells(),
    }
    if by == "country":
        # Where the application counts them, they are "countries and regions".
        total[name] = ngettext(
            "Total, %(n)d country or region", "Total, %(n)d countries and regions", len(rows)
        ) % {"n": len(rows)}
    columns = [
        Column(name, SUMMARY_KEY_LABELS[by], TEXT),
        Column(f"{name}_name", _("Name"), TEXT),
        Column("partners", _("Partners"), INT),
        Column("active_partners", _("Active partners"), INT),
        Column("exchanging_partners", _("Partners exchanging in the period"), INT),
        *measure_columns(),
    ]
    return Table(columns, rows, total, default_sort=f"{name}_name")


def trends_table(period: Period, filters: Filters, today: datetime.date) -> Table:
    """The whole exchange per year, years without exchange as zeros. Two queries."""
    where = filters.shipments_q()
    found = counted_totals(period, {"year": by_year()}, where)
    exchanging = {
        row["year"]: row["partners"]
        for row in Shipment.objects.filter(period.q())
        .filter(where)
        .annotate(year=by_year()(""))
        .values("year")
        .annotate(partners=Count("partner", distinct=True))
        .order_by()
    }
    years = [key[0] for key in found]
    first = period.start.year if period.start else min(years, default=today.year)
    last = max([*years, min(period.end.year, today.year) if period.end else today.year])
    rows = [
        {
            "year": year,
            "exchanging_partners": exchanging.get(year, 0),
            **found.get((year,), Balance()).cells(),
            "balance": found.get((year,), Balance()),
            "partial": year == today.year,
        }
        for year in range(first, last + 1)
    ]
    total_balance = total_of(found.values())
    columns = [
        Column("year", _("Year"), YEAR),
        Column("exchanging_partners", _("Partners exchanging"), INT),
        *measure_columns(),
    ]
    total = {"year": _("Total"), **total_balance.cells()}
    return Table(columns, rows, total, default_sort="year")
