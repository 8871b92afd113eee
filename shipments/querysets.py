"""Reads of shipments: the lists' loading, dates and totals."""

from decimal import Decimal

from django.apps import apps
from django.conf import settings
from django.db import connections, models
from django.db.models import Case, F, OuterRef, Q, Subquery, Value, When
from django.db.models.functions import Cast, Coalesce, Round, TruncDate

from exchange.core.identifiers import identifier_forms
from exchange.rates.in_effect import rate_in_effect_sql

# Sums of whole cents: exact on SQLite too, whose decimals are floats.
WHOLE = models.DecimalField(max_digits=38, decimal_places=0)
RATE = models.DecimalField(max_digits=18, decimal_places=6)


def all_items():
    """All items. Their model is defined beside Shipment (shipments.models), which uses
    these querysets: it is found by name rather than imported, so the two modules do not
    import each other."""
    return apps.get_model("shipments", "ShipmentItem").objects


def item_count_annotations() -> dict:
    """`item_count` (copies) and `title_count` (item lines) of each shipment."""
    items = all_items().filter(shipment=OuterRef("pk")).order_by().values("shipment")
    return {
        "item_count": Coalesce(
            Subquery(items.annotate(n=models.Sum("quantity")).values("n")), Value(0)
        ),
        "title_count": Coalesce(
            Subquery(items.annotate(n=models.Count("id")).values("n")), Value(0)
        ),
    }


def shipment_date(through: str = ""):
    """The dispatch date (outgoing) or receipt date (incoming), else the day recorded;
    indexed on PostgreSQL as the shipment list sorts by it (migration 0003). `through`:
    the path to the shipment from another model ("shipment__" from its items)."""
    step_date = Case(
        When(**{f"{through}direction": "outgoing"}, then=F(f"{through}dispatched_on")),
        When(**{f"{through}direction": "incoming"}, then=F(f"{through}received_on")),
        output_field=models.DateField(),
    )
    return Coalesce(step_date, TruncDate(f"{through}created_at"), output_field=models.DateField())


class ShipmentQuerySet(models.QuerySet):
    def counted(self):
        return self.filter(counted_on__isnull=False)

    def for_list(self):
        """With the partner, and the items and titles of each as `item_count` and
        `title_count`: subqueries, so a page of a long list sums only its own rows."""
        return self.select_related("partner").annotate(**item_count_annotations())

    def with_date(self):
        """`shipment_date`: the dispatch date (outgoing) or receipt date (incoming), else
        the day it was recorded. The lists show, sort and filter by it."""
        if "shipment_date" in self.query.annotations:
            return self
        return self.annotate(shipment_date=shipment_date())

    def item_totals(self) -> dict:
        """Items, titles, pages and value per currency of these shipments' items, and
        the value in the base currency (`in_base`), each line at the rate in effect on
        its shipment's date (`shipment_date`); the value of lines with no rate on that
        day is left out of it and told apart (`unrated`: per currency, the value and
        the shipments). Exact: whole cents times the rate in millionths."""
        base = settings.EXCHANGE_BASE_CURRENCY
        totals = {"items": 0, "titles": 0, "pages": 0, "values": {}, "in_base": Decimal(0)}
        unrated = {}
        for currency, items, titles, pages, cents, shipments, micro in self._sums_by_day():
            totals["items"] += items or 0
            totals["titles"] += titles
            totals["pages"] += pages or 0
            if not currency or not cents:
                continue
            value = Decimal(cents) / 100
            totals["values"][currency] = totals["values"].get(currency, Decimal(0)) + value
            if currency == base:
                totals["in_base"] += value
            elif micro is None:
                # A shipment has one date, so its lines of a currency share one group.
                known = unrated.setdefault(currency, {"value": Decimal(0), "shipments": 0})
                known["value"] += value
                known["shipments"] += shipments
            else:
                totals["in_base"] += Decimal(int(cents) * int(micro)) / 100_000_000
        totals["values"] = dict(sorted(totals["values"].items()))
        totals["unrated"] = dict(sorted(unrated.items()))
        totals["base_currency"] = base
        return totals

    def _sums_by_day(self) -> list[tuple]:
        """The lines' sums per currency and shipment date, with the rate in effect that
        day in millionths: the lines grouped first, the rate looked up once per group
        (not once per line: 2 million lookups at the benchmark's scale, 10 s). One
        query; the grouping is over a derived table, as the date is an expression of
        the shipment's columns that a subquery of a GROUP BY may not read."""
        lines = (
            all_items()
            .filter(shipment__in=self.order_by().values("pk"))
            .annotate(
                day=shipment_date("shipment__"),
                cents=Cast(Round(F("unit_value") * Value(Decimal(100))), WHOLE),
            )
            .values("currency", "day", "quantity", "pages", "cents", "shipment_id")
            .order_by()
        )
        inner, params = lines.query.sql_with_params()
        rate = rate_in_effect_sql("s.currency", "s.day")
        # Per shipment first, then per day: each a hash of its groups, where counting
        # the distinct shipments of a day would sort every line.
        sql = (
            "SELECT s.currency, SUM(s.items), SUM(s.titles), SUM(s.pages), SUM(s.cents),"
            f" COUNT(*), CAST(ROUND({rate} * 1000000) AS BIGINT)"
            " FROM (SELECT t.currency, t.day, SUM(t.quantity) AS items, COUNT(*) AS titles,"
            " SUM(t.pages * t.quantity) AS pages, SUM(t.cents * t.quantity) AS cents"
            f" FROM ({inner}) AS t GROUP BY t.currency, t.day, t.shipment_id) AS s"
            " GROUP BY s.currency, s.day"
        )
        with connections[lines.db].cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.fetchall()

    def search(self, text: str):
        """By reference, tracking number, or an item's title, ISBN or ISSN (typed with
        or without hyphens; an ISBN-10 finds its ISBN-13 too): the shipment list's and
        the search page's rule. Trigram-indexed on PostgreSQL (migration 0007)."""
        text = " ".join(text.replace("\x00", " ").split())
        if not text:
            return self
        items = Q(title__icontains=text)
        for form in identifier_forms(text):
            items |= Q(isbn__icontains=form) | Q(issn__icontains=form)
        matching_items = all_items().filter(items).values("shipment_id")
        return self.filter(
            Q(reference__icontains=text)
            | Q(tracking_number__icontains=text)
            | Q(pk__in=matching_items)
        )
