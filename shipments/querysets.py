"""Reads of shipments: the lists' loading, dates and totals."""

from decimal import Decimal

from django.apps import apps
from django.conf import settings
from django.db import models
from django.db.models import Case, F, OuterRef, Q, Subquery, Value, When
from django.db.models.functions import Cast, Coalesce, Round, TruncDate

from exchange.core.identifiers import identifier_forms
from exchange.rates.in_effect import rate_in_effect

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
        the shipments). One query, grouped by currency and rate; values summed as whole
        cents, exact on SQLite too, and converted as Decimal here."""
        base = settings.EXCHANGE_BASE_CURRENCY
        cents = Cast(Round(F("unit_value") * Value(Decimal(100))), WHOLE)
        rows = (
            all_items()
            .filter(shipment__in=self.order_by().values("pk"))
            .annotate(on=shipment_date("shipment__"))
            .annotate(
                rate=Case(
                    When(currency=base, then=Value(Decimal(1))),
                    default=rate_in_effect(OuterRef("currency"), OuterRef("on")),
                    output_field=RATE,
                )
            )
            .values("currency", "rate")
            .annotate(
                n_items=models.Sum("quantity"),
                n_titles=models.Count("id"),
                n_pages=models.Sum(F("pages") * F("quantity")),
                n_cents=models.Sum(cents * F("quantity"), output_field=WHOLE),
                n_shipments=models.Count("shipment", distinct=True),
            )
            .order_by("currency")
        )
        totals = {"items": 0, "titles": 0, "pages": 0, "values": {}, "in_base": Decimal(0)}
        unrated = {}
        for row in rows:
            totals["items"] += row["n_items"] or 0
            totals["titles"] += row["n_titles"]
            totals["pages"] += row["n_pages"] or 0
            if not row["currency"] or not row["n_cents"]:
                continue
            value = Decimal(row["n_cents"]) / 100
            currency = row["currency"]
            totals["values"][currency] = totals["values"].get(currency, Decimal(0)) + value
            if row["rate"] is None:
                # A shipment has one date, so its lines of a currency share one group.
                known = unrated.setdefault(currency, {"value": Decimal(0), "shipments": 0})
                known["value"] += value
                known["shipments"] += row["n_shipments"]
            else:
                totals["in_base"] += value * row["rate"]
        totals["unrated"] = unrated
        totals["base_currency"] = base
        return totals

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
