"""Reading the balance summary: which questions it answers (groupings and conditions it
holds), which of its rows make up a period (whole months, years and all time; the days
at either end come from the raw rows), the valued lines left without a rate, and the
base currency and data version the triggers keep (exchange.balance.triggers)."""

import calendar
import datetime
import operator
from functools import reduce

from django.db import connection, connections
from django.db.models import CharField, Q
from django.db.models.expressions import RawSQL

from exchange.balance.models import UnratedValue
from exchange.balance.sql import BASE_VIEW, VERSION

# The SQL of each database ---------------------------------------------------------------


def installed_base_currency(using=None) -> str:
    """The base currency the triggers convert at 1."""
    with _connection(using).cursor() as cursor:
        cursor.execute(f"SELECT currency FROM {BASE_VIEW}")
        return cursor.fetchone()[0]


def data_version(using=None) -> int:
    """A number that changes with every committed change of partners, shipments, items
    or rates: a cache key part for figures computed from them."""
    with _connection(using).cursor() as cursor:
        cursor.execute(f"SELECT n FROM {VERSION} WHERE id = 1")
        return cursor.fetchone()[0]


def _connection(using):
    return connections[using] if using else connection


# Rebuilding from scratch, and the reference the tests compare with ---------------------


# Reading: which rows of the summary make up a period ----------------------------------


def answers(group: dict, where: Q) -> bool:
    """Whether the summary can answer: groupings it holds (partner fields, direction,
    year) and shipment conditions on the partner and direction only."""
    return all(getattr(g, "summary", None) is not None for g in group.values()) and _on_partner(
        where
    )


def _on_partner(where: Q) -> bool:
    for child in where.children:
        if isinstance(child, Q):
            if not _on_partner(child):
                return False
        elif not _partner_lookup(*child):
            return False
    return True


def _partner_lookup(lookup: str, value) -> bool:
    """partner, partner_id or direction with any lookup, or a plain field of the partner
    (partner__country__in): what BalanceSummary rows can be filtered on as they are."""
    from partners.models import Partner

    if hasattr(value, "resolve_expression") and not hasattr(value, "query"):
        return False  # an F() or OuterRef() would name another field of Shipment
    name, *rest = lookup.split("__")
    if name in ("partner_id", "direction"):
        return True
    if name != "partner":
        return False
    if not rest or rest[0] in ("in", "exact", "isnull", "pk", "id"):
        return True
    try:
        field = Partner._meta.get_field(rest[0])
    except Exception:
        return False
    return field.concrete and not field.is_relation


class _Unsupported(Exception):
    pass


def date_ranges(where: Q) -> tuple[list | None, Q]:
    """The conditions of a shipment filter on `counted_on` as disjoint closed intervals
    ((start, end), None where open), and the rest of the filter: ([(None, None)], where)
    when it has none, (None, where) when they cannot be told apart from the rest (a
    date in an OR with something else)."""
    try:
        if _is_dates(where):
            return _intervals(where), Q()
        if where.connector != Q.AND or where.negated:
            return [(None, None)], where
        intervals, rest = [(None, None)], Q()
        for child in where.children:
            if _is_dates(child):
                intervals = _intersect(intervals, _intervals(child))
            else:
                rest &= child if isinstance(child, Q) else Q(child)
        if not _on_partner(rest) and _mentions_dates(rest):
            return None, where
        return intervals, rest
    except _Unsupported:
        return None, where


def _is_dates(node) -> bool:
    if isinstance(node, Q):
        return bool(node.children) and not node.negated and all(map(_is_dates, node.children))
    return node[0].split("__")[0] == "counted_on"


def _mentions_dates(node) -> bool:
    if isinstance(node, Q):
        return any(map(_mentions_dates, node.children))
    return node[0].split("__")[0] == "counted_on"


def _intervals(node) -> list:
    if isinstance(node, Q):
        parts = [_intervals(child) for child in node.children]
        if node.connector == Q.OR:
            return _union([interval for part in parts for interval in part])
        return reduce(_intersect, parts)
    lookup, value = node
    kind = lookup.partition("__")[2] or "exact"
    if kind == "isnull":
        return [] if value else [(None, None)]
    values = value if kind == "range" else [value]
    if not all(type(day) is datetime.date for day in values):
        raise _Unsupported
    one = datetime.timedelta(days=1)
    if kind == "range":
        return _union([tuple(values)])
    bounds = {
        "exact": lambda: (value, value),
        "lte": lambda: (None, value),
        "lt": lambda: (None, value - one),
        "gte": lambda: (value, None),
        "gt": lambda: (value + one, None),
    }
    if kind not in bounds:
        raise _Unsupported
    return _union([bounds[kind]()])


def _union(intervals: list) -> list:
    """Sorted, with those that overlap or touch merged; empty ones dropped."""
    low = datetime.date.min
    intervals = sorted(
        (i for i in intervals if i[0] is None or i[1] is None or i[0] <= i[1]),
        key=lambda i: i[0] or low,
    )
    merged = []
    for start, end in intervals:
        if merged:
            last_start, last_end = merged[-1]
            if last_end is None or (start or low) <= last_end + datetime.timedelta(days=1):
                ends = None if last_end is None or end is None else max(last_end, end)
                merged[-1] = (last_start, ends)
                continue
        merged.append((start, end))
    return merged


def _intersect(left: list, right: list) -> list:
    found = []
    for a_start, a_end in left:
        for b_start, b_end in right:
            start = max((d for d in (a_start, b_start) if d), default=None)
            end = min((d for d in (a_end, b_end) if d), default=None)
            if start is None or end is None or start <= end:
                found.append((start, end))
    return _union(found)


def within(period, ranges: list) -> list[tuple]:
    """The parts of the period inside the date ranges, as (start, end) pairs."""
    return _intersect([(period.start, period.end)], ranges)


def split(period, by_years: bool) -> tuple[Q | None, list]:
    """(the condition on summary rows for the whole months of the period, or None; the
    parts at either end that are not whole months, as Periods to sum from raw rows)."""
    from exchange.balance.totals import Period

    start, end = period.start, period.end
    raw = []
    if start and start.day != 1:
        month_end = _month_end(start)
        if end and end <= month_end:
            return None, [period]
        raw.append(Period(start, month_end))
        start = month_end + datetime.timedelta(days=1)
    if end and end != _month_end(end):
        first = end.replace(day=1)
        raw.append(Period(first, end))
        end = first - datetime.timedelta(days=1)
    if start and end and start > end:
        return None, raw
    if start is None and end is None:
        return (Q(year__gt=0, month=0) if by_years else Q(year=0)), raw
    conditions = []
    first_year = None if start is None else start.year + (start.month != 1)
    last_year = None if end is None else end.year - (end.month != 12)
    if first_year is None or last_year is None or first_year <= last_year:
        years = Q(year__gt=0, month=0)
        if first_year is not None:
            years &= Q(year__gte=first_year)
        if last_year is not None:
            years &= Q(year__lte=last_year)
        conditions.append(years)
    if start and start.month != 1:
        last_month = end.month if end and end.year == start.year else 12
        conditions.append(Q(year=start.year, month__gte=start.month, month__lte=last_month))
    if end and end.month != 12 and not (start and start.year == end.year and start.month != 1):
        first_month = start.month if start and start.year == end.year else 1
        conditions.append(Q(year=end.year, month__gte=first_month, month__lte=end.month))
    return reduce(operator.or_, conditions), raw


def _month_end(day):
    return day.replace(day=calendar.monthrange(day.year, day.month)[1])


def unrated_pairs(condition: Q, limit: int) -> tuple[list, str]:
    """((currency, day) pairs of the unrated lines that match, the base currency the
    summary was built for), in one query: the base comes as one more row, so it is known
    even when there is no unrated line."""
    pairs = (
        UnratedValue.objects.filter(condition)
        .values_list("currency", "counted_on")
        .distinct()
        .order_by("currency", "counted_on")[:limit]
    )
    sql, params = pairs.query.sql_with_params()
    with connections[pairs.db].cursor() as cursor:
        cursor.execute(
            f"SELECT 0, currency, counted_on FROM ({sql}) AS u"
            f" UNION ALL SELECT 1, currency, NULL FROM {BASE_VIEW} ORDER BY 1, 2, 3",
            params,
        )
        rows = cursor.fetchall()
    base = next(currency for kind, currency, _day in rows if kind == 1)
    found = [(currency, _date(day)) for kind, currency, day in rows if kind == 0]
    return found, base


def _date(value) -> datetime.date:
    """A date as the database gives it to a raw cursor (SQLite: ISO text)."""
    return value if isinstance(value, datetime.date) else datetime.date.fromisoformat(value)


def installed_base():
    """The base currency the summary was built for, as an expression (on every row, so
    that readers can tell at no cost whether it is still the setting's)."""
    return RawSQL(f"(SELECT currency FROM {BASE_VIEW})", [], output_field=CharField())
