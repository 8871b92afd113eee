"""The balance-of-exchange reports that department heads read.

- `balance_table`: every partner that matches the filters, with the imbalance flags;
- `partner_years_table`: one partner year by year since the exchange began, with the
  running cumulative balance;
- `summary_table`: by country, UN M49 region or sub-region, or institution kind, with
  the number of partners, active partners and partners exchanging in the period;
- `trends_table`: the whole exchange per year;
- `cost_table`: what the exchange costs per partner or country, next to what came in;
- `most_unbalanced`: the partners most out of balance, for the dashboard.

Every figure comes from `exchange.balance` (the DOMAIN.md rules) as database
aggregation, a fixed number of queries whatever the number of partners, shipments and
items; Python only merges and sorts aggregated rows.

Decisions where DOMAIN.md is silent:
- A totals row (and a summary group) is summed exactly and rounded once, like any
  other sum, so it agrees with the same figures in the other reports; it may differ by
  a cent from adding up the rounded rows above it.
- The cumulative balance of a year is the balance of the span from the first year to
  that year (rounded sent − rounded received over the span).
- Costs are `postage_cost + other_cost` of outgoing shipments dispatched in the period,
  including those later lost or returned (the postage was paid), dated by their
  dispatch date. Costs recorded on incoming shipments are not counted.
- Flags compare the measure of the partner's exchange basis (piece → items, page →
  pages, value → value; items when unset) and leave gift (one-way) exchanges alone.
"""

import datetime
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.db.models import BigIntegerField, Count, F, OuterRef, Q, Subquery, Sum
from django.db.models.functions import Cast, Round
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from exchange.balance import (
    MEASURES,
    Balance,
    Period,
    by_field,
    by_year,
    counted_totals,
    partner_balances,
    round_money,
    total_of,
)
from exchange.balance_export import (
    DATE,
    INT,
    MEASURE_LABELS,
    MONEY,
    RATIO,
    TEXT,
    Column,
    balance_cells,
    balance_partners,
    measure_columns,
)
from exchange.models import Direction
from exchange.regions import REGION, SUBREGION, area_name, area_of
from partners.models import Basis, Kind, Partner, Status
from shipments.models import DISPATCHED_OUTGOING, Shipment

# Column kinds shown differently on the page; exported as their plain value.
PARTNER, COUNTRY, CHOICE, FLAGS, YEAR = "partner", "country", "choice", "flags", "year"

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

IMBALANCE_FACTOR = 2
QUIET_YEARS = 3
BASIS_MEASURES = {Basis.PIECE: "items", Basis.PAGE: "pages", Basis.VALUE: "value"}
# Outgoing shipments whose costs count: every one that left, arrived or not.
COST_STATUSES = DISPATCHED_OUTGOING
RATIO_PLACES = Decimal("0.0001")


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


def years_before(day: datetime.date, years: int) -> datetime.date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


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
            described.append((_("Country"), f"{countries.name(self.country)} ({self.country})"))
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

    def completed(self, rows: list[dict]) -> list[dict]:
        if self.complete is not None:
            self.complete(rows)
        return rows

    @property
    def export_columns(self) -> list[Column]:
        return [column for column in self.columns if column.kind != FLAGS]

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
        present = [row for row in self.rows if _sort_value(row, column) is not None]
        missing = [row for row in self.rows if _sort_value(row, column) is None]
        present.sort(key=lambda row: _sort_value(row, column), reverse=key.startswith("-"))
        self.rows = present + missing
        return key


def _sort_value(row: dict, column: Column):
    value = row.get(column.key)
    if column.kind == COUNTRY:
        return str(row.get(f"{column.key}_name") or value)
    if column.kind == CHOICE:
        return str(row.get(f"{column.key}_label") or value)
    if column.kind == FLAGS:
        return len(value or ())
    if column.kind == PARTNER:
        return value  # codes in code-point order, as in the CSV
    if isinstance(value, str):
        return value.casefold()
    return value


# Imbalance flags ---------------------------------------------------------------------


@dataclass(frozen=True)
class Flag:
    code: str
    label: str


RECEIVES_MORE = "receives_more"
SENDS_MORE = "sends_more"
NOTHING_RECEIVED = "nothing_received"


FLAG_LABELS = {
    RECEIVES_MORE: _("Received more than twice what was sent"),
    SENDS_MORE: _("Sent more than twice what was received"),
    NOTHING_RECEIVED: _("Nothing received for three years"),
}


FLAGS = {code: Flag(code, label) for code, label in FLAG_LABELS.items()}


def basis_measure(partner) -> str:
    return BASIS_MEASURES.get(partner.exchange_basis, "items")


def imbalance_flags(partner, sent, received, last_received, cutoff: datetime.date) -> list[Flag]:
    """How the exchange with a partner is out of balance, if it is.

    `sent` and `received` in the period, on the partner's basis measure (the rounded
    value for a priced exchange, as shown). "Nothing received for three years" is for
    active partners only, judged on a reference day whose `cutoff` is three years
    before: the last receipt up to that day is on or before the cutoff, or there was
    none and the exchange began on or before it.
    """
    if partner.exchange_basis == Basis.GIFT:
        return []
    flags = []
    if received > IMBALANCE_FACTOR * sent:
        flags.append(FLAGS[RECEIVES_MORE])
    if sent > IMBALANCE_FACTOR * received:
        flags.append(FLAGS[SENDS_MORE])
    if partner.status == Status.ACTIVE and (
        (last_received is not None and last_received <= cutoff)
        or (
            last_received is None
            and partner.exchange_since is not None
            and partner.exchange_since <= cutoff
        )
    ):
        flags.append(FLAGS[NOTHING_RECEIVED])
    return flags


def imbalance_ratio(sent, received) -> Decimal:
    """The larger side over the smaller (infinite when one side is nothing, 0 when both)."""
    small, large = sorted((sent, received))
    if not large:
        return Decimal(0)
    return Decimal("Infinity") if not small else Decimal(large) / Decimal(small)


def _last_received_until(on: datetime.date):
    """The date of the partner's latest counted receipt up to `on`, ever."""
    return Subquery(
        Shipment.objects.filter(
            partner=OuterRef("pk"),
            direction=Direction.INCOMING,
            counted_on__isnull=False,
            counted_on__lte=on,
        )
        .order_by("-counted_on")
        .values("counted_on")[:1]
    )


# All partners ------------------------------------------------------------------------


def balance_page_columns() -> list[Column]:
    return [
        Column("partner_code", _("Code"), PARTNER),
        Column("partner_name", _("Partner"), TEXT),
        Column("country", _("Country"), COUNTRY),
        Column("kind", _("Kind"), CHOICE),
        Column("status", _("Status"), CHOICE),
        *measure_columns(),
        Column("last_sent_on", _("Last sent on"), DATE),
        Column("last_received_on", _("Last received on"), DATE),
        Column("flags", _("Out of balance"), FLAGS),
    ]


# What a balance row needs of its partner: read as named tuples, not model instances,
# which cost several times as much for the 2,000 rows of a national library.
BALANCE_PARTNER_FIELDS = (
    "pk",
    "code",
    "name",
    "name_original",
    "country",
    "kind",
    "status",
    "exchange_basis",
    "exchange_since",
    "last_received_until",
)


def balance_rows(period: Period, filters: Filters, today: datetime.date) -> list[dict]:
    """One light row per matching partner, by code: the partner, its balance, its flags
    and the measure they compare; `complete_balance_rows` adds the cells. Two queries."""
    on = reference_day(period, today)
    partners = (
        filters.partners()
        .annotate(last_received_until=_last_received_until(on))
        .values_list(*BALANCE_PARTNER_FIELDS, named=True)
    )
    cutoff = years_before(on, QUIET_YEARS)
    rows = []
    for balance in partner_balances(partners, period):
        partner = balance.partner
        measure = basis_measure(partner)
        sent, received = balance.sent.measure(measure), balance.received.measure(measure)
        last_received = partner.last_received_until
        rows.append(
            {
                "partner_code": partner.code,
                "partner": partner,
                "balance": balance,
                "flags": imbalance_flags(partner, sent, received, last_received, cutoff),
                "measure": measure,
                "compared_sent": sent,
                "compared_received": received,
            }
        )
    return rows


def complete_balance_rows(rows: list[dict]) -> None:
    """Add to balance rows, in place, the cells of the page and the exports."""
    labels = _Labels()
    for row in rows:
        if "items_sent" in row:
            continue
        partner = row["partner"]
        row.update(balance_cells(row["balance"]))
        row.update(
            country_name=labels.country(partner.country),
            kind_label=labels.kinds.get(partner.kind, partner.kind),
            status=partner.status,
            status_label=labels.statuses.get(partner.status, partner.status),
            measure_label=labels.measures[row["measure"]],
        )


class _Labels:
    """The labels of codes, each translated once for a whole table rather than per row
    (`get_kind_display` hashes every lazy label of the choices on every call)."""

    def __init__(self):
        self.kinds = {value: str(label) for value, label in Kind.choices}
        self.statuses = {value: str(label) for value, label in Status.choices}
        self.measures = {key: str(label) for key, label in MEASURE_LABELS.items()}
        self._countries = {}

    def country(self, code: str) -> str:
        name = self._countries.get(code)
        if name is None:
            name = self._countries[code] = str(countries.name(code)) or code
        return name


def balance_table(period: Period, filters: Filters, today: datetime.date) -> Table:
    rows = balance_rows(period, filters, today)
    total = total_of(row["balance"] for row in rows)
    totals = {
        "partner_code": _("Total"),
        **total.cells(),
        "last_sent_on": total.sent.last_on,
        "last_received_on": total.received.last_on,
    }
    return Table(
        balance_page_columns(),
        rows,
        totals,
        default_sort="partner_code",
        complete=complete_balance_rows,
        ready=("partner_code",),
    )


def _by_severity(row: dict):
    sent, received = row["compared_sent"], row["compared_received"]
    return (-len(row["flags"]), -imbalance_ratio(sent, received), -abs(sent - received))


def unbalanced_rows(rows: list[dict], limit: int | None = None) -> list[dict]:
    """The flagged rows, most out of balance first: most flags, then the largest ratio of
    one side to the other, then the largest difference; completed."""
    flagged = sorted((row for row in rows if row["flags"]), key=lambda row: row["partner_code"])
    flagged.sort(key=_by_severity)
    flagged = flagged if limit is None else flagged[:limit]
    complete_balance_rows(flagged)
    return flagged


def most_unbalanced(
    period: Period,
    limit: int = 10,
    *,
    filters: Filters | None = None,
    today: datetime.date | None = None,
) -> list[dict]:
    """The partners most out of balance in the period (for the dashboard). Two queries.

    Each row has `partner`, `balance` (a PartnerBalance), `flags` (each with `code` and
    `label`), `measure` (the one compared), `compared_sent`, `compared_received` and
    the cells of the balance table.
    """
    today = today or timezone.localdate()
    return unbalanced_rows(balance_rows(period, filters or Filters(), today), limit)


# One partner over the years ----------------------------------------------------------


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
    """Year by year from the year the exchange began (or the first counted shipment) to
    this year, with the running cumulative balance. One query."""
    found = counted_totals(Period(), {"year": by_year()}, Q(partner=partner))
    years = [key[0] for key in found]
    starts = [*years, *([partner.exchange_since.year] if partner.exchange_since else [])]
    first = min(starts, default=today.year)
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
            }
        )
    columns = [Column("year", _("Year"), YEAR), *measure_columns(), *cumulative_columns()]
    total = {"year": _("Total"), **cumulative.cells()}
    return Table(columns, rows, total, default_sort="year")


# Summaries by country, region, kind --------------------------------------------------

# The export column of each grouping's key, and its heading.
SUMMARY_KEYS = {"country": "country", "region": "region", "subregion": "subregion", "kind": "kind"}
SUMMARY_KEY_LABELS = {
    "country": _("Country"),
    "region": _("M49 region"),
    "subregion": _("M49 sub-region"),
    "kind": _("Kind"),
}
SUMMARY_DIMENSIONS = {
    "country": _("By country"),
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
    columns = [
        Column(name, SUMMARY_KEY_LABELS[by], TEXT),
        Column(f"{name}_name", _("Name"), TEXT),
        Column("partners", _("Partners"), INT),
        Column("active_partners", _("Active partners"), INT),
        Column("exchanging_partners", _("Partners exchanging in the period"), INT),
        *measure_columns(),
    ]
    return Table(columns, rows, total, default_sort=f"{name}_name")


# Trends ------------------------------------------------------------------------------


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


# Cost of exchange --------------------------------------------------------------------

COST_DIMENSIONS = {"partner": _("By partner"), "country": _("By country")}


def _cents(name: str):
    """A money field as whole cents, so that SQLite sums it exactly too."""
    return Cast(Round(F(name) * 100), BigIntegerField())


def _dispatched_in(period: Period) -> Q:
    condition = Q(direction=Direction.OUTGOING, status__in=COST_STATUSES)
    if period.start:
        condition &= Q(dispatched_on__gte=period.start)
    if period.end:
        condition &= Q(dispatched_on__lte=period.end)
    return condition


@dataclass
class Cost:
    shipments: int = 0
    postage: Decimal = Decimal(0)
    other: Decimal = Decimal(0)
    balance: Balance = field(default_factory=Balance)

    def add(self, other: "Cost") -> None:
        self.shipments += other.shipments
        self.postage += other.postage
        self.other += other.other
        self.balance.add(other.balance)

    def cells(self) -> dict:
        total = self.postage + self.other
        received = self.balance.received
        per_item = round_money(total / received.items) if received.items else None
        per_value = (
            (total / received.value).quantize(RATIO_PLACES, rounding=ROUND_HALF_UP)
            if received.value
            else None
        )
        return {
            "shipments_dispatched": self.shipments,
            "postage_cost": round_money(self.postage),
            "other_cost": round_money(self.other),
            "total_cost": round_money(total),
            "items_sent": self.balance.sent.items,
            "items_received": received.items,
            "value_received": received.value_rounded,
            "cost_per_item_received": per_item,
            "cost_per_value_received": per_value,
        }


def cost_columns() -> list[Column]:
    currency = settings.EXCHANGE_BASE_CURRENCY
    return [
        Column("shipments_dispatched", _("Shipments dispatched"), INT),
        Column("postage_cost", _("Postage (%(c)s)") % {"c": currency}, MONEY),
        Column("other_cost", _("Other costs (%(c)s)") % {"c": currency}, MONEY),
        Column("total_cost", _("Total cost (%(c)s)") % {"c": currency}, MONEY),
        Column("items_sent", _("Items sent"), INT),
        Column("items_received", _("Items received"), INT),
        Column("value_received", _("Value received (%(c)s)") % {"c": currency}, MONEY),
        Column("cost_per_item_received", _("Cost per item received"), MONEY),
        Column("cost_per_value_received", _("Cost per unit of value received"), RATIO),
    ]


def cost_table(period: Period, filters: Filters, by: str) -> Table:
    """Costs and receipts per partner (every matching one) or per country (those with
    costs or receipts). Two queries, three per partner with the partner list."""
    group_field = "partner_id" if by == "partner" else "partner__country"
    where = filters.shipments_q()
    costs = {}
    for row in (
        Shipment.objects.filter(_dispatched_in(period))
        .filter(where)
        .values(group_field)
        .annotate(
            n=Count("id"), postage=Sum(_cents("postage_cost")), other=Sum(_cents("other_cost"))
        )
        .order_by()
    ):
        costs[row[group_field]] = Cost(
            shipments=row["n"],
            postage=Decimal(row["postage"] or 0) / 100,
            other=Decimal(row["other"] or 0) / 100,
        )
    for (key,), balance in counted_totals(period, {"key": by_field(group_field)}, where).items():
        costs.setdefault(key, Cost()).balance = balance
    rows = []
    if by == "partner":
        for partner in filters.partners():
            cost = costs.get(partner.pk, Cost())
            rows.append(
                {
                    "partner_code": partner.code,
                    "partner_name": partner.name,
                    "country": partner.country.code,
                    "country_name": partner.country.name,
                    "partner": partner,
                    "cost": cost,
                    **cost.cells(),
                }
            )
        head = [
            Column("partner_code", _("Code"), PARTNER),
            Column("partner_name", _("Partner"), TEXT),
            Column("country", _("Country"), COUNTRY),
        ]
        default_sort = "partner_code"
    else:
        for code, cost in costs.items():
            rows.append(
                {
                    "country": code,
                    "country_name": countries.name(code),
                    "cost": cost,
                    **cost.cells(),
                }
            )
        head = [Column("country", _("Country"), COUNTRY)]
        default_sort = "country"
    total_cost = Cost()
    for row in rows:
        total_cost.add(row["cost"])
    first = head[0].key
    return Table(
        [*head, *cost_columns()],
        rows,
        {first: _("Total"), **total_cost.cells()},
        default_sort=default_sort,
    )
