"""The balance of exchange: the one implementation of the rules of docs/domain.md.

Every page, export, command and the dashboard get their numbers from here.

- A shipment counts when the database's `Shipment.counted_on` is set: outgoing
  dispatched/delivered/acknowledged on its dispatch date, incoming
  received/acknowledged on its received date.
- items = sum of quantities; titles = item lines; pages = sum of pages × quantity;
  value = sum of unit value × quantity × the rate in effect on the shipment's date
  (latest valid-from on or before it; the base currency is 1).
- Values are summed exactly and rounded half up to 2 places only for display.

Sums run in the database, a fixed number of queries whatever the size. Values are
summed as integers of 10⁻⁸ base units (cents × micro-rate) so that SQLite, whose
decimals are floats, gives the same exact figures as PostgreSQL.

Reports do not slow down as the history grows: whole months, years and all time are
read from the balance summary (exchange.balance.summary, kept exact by database triggers), and
only the days at either end of a period that are not a whole month from the raw rows.
Groupings and conditions the summary does not hold (a shipment field other than the
partner and direction, a condition on dates) are summed from the raw rows, by the same
rules: `raw_counted_totals` is also the reference the summary is rebuilt from and
checked against.
"""

import operator
from collections.abc import Callable
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from decimal import Decimal
from functools import reduce

from django.conf import settings
from django.db.models import (
    BigIntegerField,
    Case,
    CharField,
    Count,
    DateField,
    F,
    Func,
    Max,
    OuterRef,
    Q,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Cast, Coalesce, ExtractMonth, ExtractYear, Round

from exchange.balance import summary
from exchange.balance.models import BalanceSummary
from exchange.balance.totals import VALUE_SCALE, Balance, PartnerBalance, Period, Totals
from exchange.core.choices import Direction
from exchange.rates.in_effect import rate_in_effect
from shipments.items import ShipmentItem
from shipments.models import Shipment


def _whole(expression):
    """Rounded to a whole number and cast to an integer type.

    On SQLite decimals are floats and CAST(… AS NUMERIC) keeps a float a float, so only
    an INTEGER cast makes the products and sums below exact there; PostgreSQL sums
    bigints as numeric, exactly. A line may reach 9.2 × 10¹⁸ units (92 billion in the
    base currency), the sum of all lines as much on SQLite and without limit elsewhere.
    """
    return Cast(Round(expression), _WHOLE)


_WHOLE = BigIntegerField()


def _rate_micro():
    """The rate in effect on the item's shipment's date, in millionths; base is 10⁶."""
    rate = rate_in_effect(OuterRef("currency"), OuterRef("shipment__counted_on"))
    return Case(
        When(currency=settings.EXCHANGE_BASE_CURRENCY, then=Value(1_000_000)),
        default=Coalesce(_whole(rate * Value(1_000_000)), Value(0)),
        output_field=_WHOLE,
    )


def line_value_units():
    """unit value × quantity × rate, as an integer of 10⁻⁸ base units."""
    return Case(
        When(unit_value=0, then=Value(0)),
        default=_line_cents() * _rate_micro(),
        output_field=_WHOLE,
    )


def _line_cents():
    """unit value × quantity, as an integer of cents of the line's currency."""
    return _whole(F("unit_value") * Value(100)) * F("quantity")


class _RateOfGroup(Func):
    """`_rate_micro()` in a query grouped by the item's currency and its shipment's
    counted date: one rate per group, by which the group's cents are multiplied (the
    same integer as the sum of each line times it). Not itself a GROUP BY term, which
    would look the rate up again for every line."""

    template = "%(expressions)s"
    output_field = _WHOLE

    def __init__(self):
        super().__init__(_rate_micro())

    def get_group_by_cols(self):
        return []


_RAW_ONLY = ContextVar("raw_only", default=False)


@contextmanager
def raw_only():
    """Within it, every sum comes from the raw rows: what the tests and the benchmark
    compare the summary with."""
    token = _RAW_ONLY.set(True)
    try:
        yield
    finally:
        _RAW_ONLY.reset(token)


def use_summary(group: dict, where: Q) -> bool:
    return not _RAW_ONLY.get() and summary.answers(group, where)


def counted_totals(period: Period, group: dict, where: Q | None = None) -> dict:
    """Totals per group key and direction: {key: Balance}, in one query.

    `group` maps names to groupings (`by_field("partner_id")`, `by_year()`);
    `where` filters shipments. The key is the tuple of the group's values.
    """
    where = where or Q()
    ranges, rest = summary.date_ranges(where)
    if ranges is None or not use_summary(group, rest):
        return raw_counted_totals(period, group, where)
    # Conditions on the counted date (this year and last year to the same day, say)
    # become periods: whole months of each from the summary, their ends from raw rows.
    by_years = any(g.by_time for g in group.values())
    wholes, edges = [], []
    for start, end in summary.within(period, ranges):
        whole, raw_ends = summary.split(Period(start, end), by_years)
        wholes += [whole] if whole is not None else []
        edges += raw_ends
    if not wholes and not edges:
        return raw_counted_totals(period, group, where)
    parts = []
    if wholes:
        whole = reduce(operator.or_, wholes)
        parts.append(_summary_sums(whole, group, rest))
    if edges:
        on_items = reduce(operator.or_, (edge.q("shipment__") for edge in edges))
        on_shipments = reduce(operator.or_, (edge.q() for edge in edges))
        parts += [_item_sums(on_items, group, rest), _shipment_sums(on_shipments, group, rest)]
    try:
        return _merged(_union(parts), len(group))
    except _SummaryOfAnotherBase:
        # EXCHANGE_BASE_CURRENCY changed and `rebuild_summary` has not run yet: the
        # summary's values are in the old base. Exact, if slow, until it has.
        return raw_counted_totals(period, group, where)


def raw_counted_totals(period: Period, group: dict, where: Q | None = None) -> dict:
    """counted_totals from the raw rows alone: the reference implementation."""
    where = where or Q()
    items = _item_sums(period.q("shipment__"), group, where)
    shipments = _shipment_sums(period.q(), group, where)
    return _merged(items.union(shipments, all=True), len(group))


def _union(querysets):
    first, *others = querysets
    return first.union(*others, all=True) if others else first


def _summary_sums(condition: Q, group: dict, where: Q):
    """The sums of the summary rows, in the columns of the raw ones."""

    def side(direction: str) -> dict:
        on_side = Q(direction=direction)
        # Counts summed as bigints (PostgreSQL would give numerics); values as numerics,
        # so that no total overflows.
        counts = {
            name: AsFetched(Cast(Sum(name, filter=on_side), _WHOLE))
            for name in ("items", "titles", "pages", "shipments")
        }
        return {
            **counts,
            "value": AsFetched(Sum("value", filter=on_side)),
            "last_on": Max("last_on", filter=on_side),
        }

    return _sums(
        BalanceSummary.objects.filter(condition).filter(where),
        {name: g.summary for name, g in group.items()},
        Max(summary.installed_base()),
        side,
    )


def _item_sums(condition: Q, group: dict, where: Q):
    # Grouped by time or not at all (a year against the last, a period's total), the
    # lines are summed per currency and day first, so that the rate is looked up once
    # per currency and day rather than once per line: thousands of lookups for the days
    # at the ends of a period. Grouped by partner or country, that would multiply the
    # rows instead, so there each line's value is summed.
    per_day = all(g.by_time for g in group.values())

    def side(direction: str) -> dict:
        on_side = Q(shipment__direction=direction)
        if per_day:
            value = _RateOfGroup() * Sum(_line_cents(), output_field=_WHOLE, filter=on_side)
        else:
            value = Sum(line_value_units(), output_field=_WHOLE, filter=on_side)
        return {
            "items": AsFetched(Sum("quantity", filter=on_side)),
            "titles": AsFetched(Count("id", filter=on_side)),
            "pages": AsFetched(Sum(F("pages") * F("quantity"), filter=on_side)),
            "value": AsFetched(value),
            "shipments": _NONE,
            "last_on": _NO_DATE,
        }

    return _sums(
        ShipmentItem.objects.filter(condition).filter(where_on_items(where)),
        {name: g("shipment__") for name, g in group.items()},
        Value(settings.EXCHANGE_BASE_CURRENCY, output_field=CharField()),
        side,
        also_by=("currency", "shipment__counted_on") if per_day else (),
    )


def _shipment_sums(condition: Q, group: dict, where: Q):
    def side(direction: str) -> dict:
        on_side = Q(direction=direction)
        return {
            **dict.fromkeys(("items", "titles", "pages", "value"), _NONE),
            "shipments": AsFetched(Count("id", filter=on_side)),
            "last_on": Max("counted_on", filter=on_side),
        }

    return _sums(
        Shipment.objects.filter(condition).filter(where),
        {name: g("") for name, g in group.items()},
        Value(None, output_field=CharField()),
        side,
    )


def _sums(rows, group: dict, base, side, also_by=()):
    """Rows grouped by the group's values (and by the fields `also_by`, not selected),
    with the base currency of their values and `side(direction)`'s sums for each
    direction, in the columns of `_columns`."""
    sums = {f"{name}_{key}": sum_ for key, d in SIDES for name, sum_ in side(d).items()}
    return (
        rows.annotate(**{f"g_{name}": expression for name, expression in group.items()})
        .values(*(f"g_{name}" for name in group), *also_by)
        .annotate(n_base=base, **sums)
        .order_by()
        .values_list(*_columns(group))
    )


class AsFetched(Func):
    """An integer sum as the database gives it (an int, or a Decimal from PostgreSQL's
    numeric sums), which the merge adds exactly: no conversion per row, which took a
    third of the time of reading a few thousand rows."""

    template = "%(expressions)s"
    output_field = BigIntegerField()
    convert_value = staticmethod(Func._convert_value_noop)


_NONE = Value(None, output_field=BigIntegerField())
_NO_DATE = Value(None, output_field=DateField())

# Every sums query has the same columns: the group's values; n_base, the base currency
# the values are in (the summary's, the setting for raw items, none for raw shipments);
# then the measures of each direction. Item sums leave the shipment columns empty,
# shipment sums the item columns; summary rows fill both. So a report's sums are one
# query, a UNION ALL of the parts, with one row per group.
SIDES = (("sent", Direction.OUTGOING), ("received", Direction.INCOMING))
MEASURE_SUMS = ("items", "titles", "pages", "value", "shipments", "last_on")


def _columns(group: dict) -> list[str]:
    sides = [f"{name}_{key}" for key, _direction in SIDES for name in MEASURE_SUMS]
    return [*(f"g_{n}" for n in group), "n_base", *sides]


def _merged(rows, width: int) -> dict:
    """{key: Balance} from rows of sums (tuples in the columns of `_columns`); a key
    comes several times, from the summary, the raw items and the raw shipments of the
    ends of a period."""
    result = {}
    base = settings.EXCHANGE_BASE_CURRENCY
    sent_from, received_from = width + 1, width + 1 + len(MEASURE_SUMS)
    for row in rows:
        key = row[:width]
        balance = result.get(key)
        if balance is None:
            balance = result[key] = Balance()
        n_base = row[width]
        if n_base is not None and n_base != base:
            raise _SummaryOfAnotherBase
        _add(balance.sent, row[sent_from:received_from])
        _add(balance.received, row[received_from:])
    return result


def _add(totals: Totals, sums: tuple) -> None:
    items, titles, pages, value, shipments, last_on = sums
    if titles:  # item lines on this side (none in shipment sums)
        totals.items += items or 0
        totals.titles += titles
        totals.pages += pages or 0
        if value:
            totals.value += Decimal(value) * VALUE_SCALE
    if shipments:
        totals.shipments += shipments
        if last_on and (totals.last_on is None or last_on > totals.last_on):
            totals.last_on = last_on


class _SummaryOfAnotherBase(Exception):
    pass


@dataclass(frozen=True)
class Grouping:
    """A grouping of counted_totals: its expression on Shipment given a path prefix
    ("" or "shipment__"), and on summary rows (None where the summary does not hold it).
    `by_time`: it needs the year of each row, so all-time summary rows will not do."""

    expression: Callable
    summary: object = None
    by_time: bool = False

    def __call__(self, prefix: str):
        return self.expression(prefix)


def by_field(path: str) -> Grouping:
    """Group by a Shipment field path, e.g. by_field("partner__country")."""
    on_partner = path in ("partner", "partner_id", "direction") or path.startswith("partner__")
    return Grouping(lambda prefix: F(f"{prefix}{path}"), F(path) if on_partner else None)


def by_year() -> Grouping:
    return Grouping(lambda prefix: ExtractYear(f"{prefix}counted_on"), F("year"), by_time=True)


def by_month() -> Grouping:
    return Grouping(lambda prefix: ExtractMonth(f"{prefix}counted_on"), by_time=True)


def where_on_items(where: Q) -> Q:
    """A Shipment filter re-rooted on ShipmentItem."""
    rebased = Q()
    rebased.connector = where.connector
    rebased.negated = where.negated
    for child in where.children:
        if isinstance(child, Q):
            rebased.children.append(where_on_items(child))
        else:
            lookup, value = child
            rebased.children.append((f"shipment__{lookup}", value))
    return rebased


def partner_balances(partners, period: Period) -> list[PartnerBalance]:
    """One row per partner of the queryset (in its order), zeros where nothing counted.

    Two queries: the partners; the item sums with the shipment counts and dates.
    """
    totals = counted_totals(
        period, {"partner": by_field("partner_id")}, Q(partner__in=partners.values("pk"))
    )
    rows = []
    for partner in partners:
        found = totals.get((partner.pk,))
        if found is None:
            rows.append(PartnerBalance(partner=partner))
        else:
            rows.append(PartnerBalance(sent=found.sent, received=found.received, partner=partner))
    return rows
