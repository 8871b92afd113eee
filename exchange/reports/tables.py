"""What every report is made of: its table (columns, rows, a totals row, sorting), the
filters and the preset periods a department head chooses from."""

import datetime
from collections.abc import Callable
from dataclasses import asdict, dataclass, replace
from operator import itemgetter

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from exchange.balance.export import (
    MEASURE_LABELS,
    balance_partners,
)
from exchange.balance.totals import MEASURES, Period
from exchange.core.bilingual import in_language
from exchange.core.collation import name_key
from exchange.core.countries import countries
from exchange.core.regions import area_name
from exchange.core.tables import Column
from partners.models import Basis, Kind, Status

# Column kinds shown differently on the page; exported as their plain value.
PARTNER, COUNTRY, CHOICE, FLAGS, YEAR = "partner", "country", "choice", "flags", "year"

# A measure's column under its measure's heading.
SIDE_LABELS = {
    "sent": _("Sent"),
    "received": _("Received"),
    "balance": _("Balance"),
    "cumulative": _("Cumulative balance"),
}

THIS_YEAR, LAST_YEAR, LAST_5_YEARS, ALL_YEARS, CUSTOM = (
    "this_year",
    "last_year",
    "last_5_years",
    "all",
    "custom",
)
PERIOD_CHOICES = [
    (THIS_YEAR, _("This year")),
    (LAST_YEAR, _("Last year")),
    (LAST_5_YEARS, _("Last 5 years")),
    (ALL_YEARS, _("All years")),
    (CUSTOM, _("Custom range")),
]


def preset_period(name: str, today: datetime.date) -> Period:
    """This year and last year are calendar years; the last 5 years are the five
    complete calendar years before this one."""
    year = today.year
    if name == THIS_YEAR:
        return Period.year(year)
    if name == LAST_YEAR:
        return Period.year(year - 1)
    if name == LAST_5_YEARS:
        return Period(datetime.date(year - 5, 1, 1), datetime.date(year - 1, 12, 31))
    return Period()


def reference_day(period: Period, today: datetime.date) -> datetime.date:
    """The day "nothing received for three years" is judged on: the period's end, at most
    today."""
    return min(period.end, today) if period.end else today


@dataclass(frozen=True)
class Filters:
    """The partner filters every report takes; empty means all."""

    country: str = ""
    region: str = ""
    kind: str = ""
    status: str = ""
    basis: str = ""

    def partners(self):
        """The matching partners, by code."""
        return balance_partners(**asdict(self))

    def shipments_q(self) -> Q:
        """The shipments of the matching partners (no condition when unfiltered)."""
        if not any(asdict(self).values()):
            return Q()
        return Q(partner__in=self.partners().values("pk"))

    def described(self) -> list[tuple[str, str]]:
        """(label, value) of each filter in use, for report headers."""
        described = []
        if self.country:
            described.append(
                (_("Country or region"), f"{countries.name(self.country)} ({self.country})")
            )
        if self.region:
            described.append((_("Region"), area_name(self.region)))
        if self.kind:
            described.append((_("Kind"), str(Kind(self.kind).label)))
        if self.status:
            described.append((_("Partner status"), str(Status(self.status).label)))
        if self.basis:
            described.append((_("Exchange basis"), str(Basis(self.basis).label)))
        return described


@dataclass
class Table:
    """A report's rows (dicts keyed by column), its totals row, and its columns.

    Rows may start light, holding what ranks and sorts them by `ready` columns;
    `complete` fills in the rest of the given rows, in place, for the rows shown, for
    any other sort and for exports (a page shows 50 of 2,000 partners).
    """

    columns: list[Column]
    rows: list[dict]
    total: dict | None = None
    default_sort: str = ""
    complete: Callable[[list[dict]], None] | None = None
    ready: tuple[str, ...] = ()
    # Headed by measure (a row of "Items", "Value" over "Sent", "Received", "Balance"):
    # narrower columns, so that two measures fit on a laptop's screen.
    grouped: bool = False

    def completed(self, rows: list[dict]) -> list[dict]:
        if self.complete is not None:
            self.complete(rows)
        return rows

    def only(self, measures) -> "Table":
        """The same table (the same rows) showing only the columns of these measures
        (`items_sent`, `items_cumulative`… for items), side by side by measure, between
        the other columns before and after them; headed by measure."""
        keyed = [(measure_of(column.key), column) for column in self.columns]
        first = next((i for i, (m, _c) in enumerate(keyed) if m), len(keyed))
        last = max((i for i, (m, _c) in enumerate(keyed) if m), default=first - 1)
        shown = [c for m in MEASURES if m in measures for k, c in keyed if k == m]
        columns = [c for _m, c in keyed[:first]] + shown + [c for _m, c in keyed[last + 1 :]]
        return replace(self, columns=columns, grouped=True)

    @property
    def has_flags(self) -> bool:
        return any(column.kind == FLAGS for column in self.columns)

    @property
    def export_columns(self) -> list[Column]:
        return [column for column in self.columns if column.kind != FLAGS]

    def export_values(self, row: dict | None) -> list | None:
        """A row (or the totals) as the values of the export columns."""
        if row is None:
            return None
        return [row.get(column.key) for column in self.export_columns]

    def shown_values(self, row: dict | None) -> list | None:
        """A row (or the totals) as people read it: the names of countries and the
        labels of codes, the partner's name in the page's language; figures as they are."""
        if row is None:
            return None
        return [_shown_value(row, column) for column in self.export_columns]

    def sort(self, key: str) -> str:
        """Sort the rows by a column key, `-key` for descending; returns the sort applied."""
        name = key.removeprefix("-")
        column = next((c for c in self.columns if c.key == name), None)
        if column is None:
            if not self.default_sort or key == self.default_sort:
                return ""
            return self.sort(self.default_sort)
        if name not in self.ready:
            self.completed(self.rows)
        keyed = [(_sort_value(row, column), row) for row in self.rows]
        present = [pair for pair in keyed if pair[0] is not None]
        missing = [row for value, row in keyed if value is None]
        present.sort(key=itemgetter(0), reverse=key.startswith("-"))
        self.rows = [row for _value, row in present] + missing
        return key


def header_rows(columns: list[Column]) -> tuple[list[dict], list[dict]]:
    """A grouped table's two header rows: the first has the other columns (over both
    rows) and a cell per run of one measure's columns; the second those columns, each
    labelled by its side only (`sent` of `items_sent`)."""
    first, second = [], []
    for column in columns:
        measure = measure_of(column.key)
        if measure is None:
            first.append({"column": column, "span": 1})
            continue
        if first and first[-1].get("measure") == measure:
            first[-1]["span"] += 1
        else:
            first.append({"measure": measure, "label": MEASURE_LABELS[measure], "span": 1})
        second.append({"column": column, "label": SIDE_LABELS.get(side_of(column.key))})
    return first, second


def side_of(key: str) -> str:
    return key.partition("_")[2]


def measure_of(key: str) -> str | None:
    """The measure a column shows (`value_balance` → value), None for the others."""
    measure = key.partition("_")[0]
    return measure if measure in MEASURES and key != measure else None


def _shown_value(row: dict, column: Column):
    value = row.get(column.key)
    if column.kind in (COUNTRY, CHOICE) and value:
        suffix = "_name" if column.kind == COUNTRY else "_label"
        return str(row.get(f"{column.key}{suffix}") or value)
    if column.key == "partner_name" and value:
        return in_language(value, getattr(row.get("partner"), "name_zh", ""))
    return value


def _sort_value(row: dict, column: Column):
    value = row.get(column.key)
    if column.kind == COUNTRY:
        return name_key(str(row.get(f"{column.key}_name") or value))
    if column.key == "partner_name":
        partner = row.get("partner")
        return name_key(in_language(value or "", getattr(partner, "name_zh", "")))
    if column.kind == CHOICE:
        return str(row.get(f"{column.key}_label") or value)
    if column.kind == FLAGS:
        return len(value or ())
    if column.kind == PARTNER:
        return value  # codes in code-point order, as in the CSV
    if isinstance(value, str):
        return value.casefold()
    return value
