"""Reads of shipments: the lists' loading, dates and totals."""

from decimal import Decimal

from django.apps import apps
from django.db import models
from django.db.models import Case, F, OuterRef, Q, Subquery, Value, When
from django.db.models.functions import Cast, Coalesce, Round, TruncDate

from exchange.core.identifiers import identifier_forms

# Sums of whole cents: exact on SQLite too, whose decimals are floats.
WHOLE = models.DecimalField(max_digits=38, decimal_places=0)


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


def shipment_date():
    """The dispatch date (outgoing) or receipt date (incoming), else the day recorded;
    indexed on PostgreSQL as the shipment list sorts by it (migration 0003)."""
    step_date = Case(
        When(direction="outgoing", then=F("dispatched_on")),
        When(direction="incoming", then=F("received_on")),
        output_field=models.DateField(),
    )
    return Coalesce(step_date, TruncDate("created_at"), output_field=models.DateField())


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
        """Items, titles, pages and value per currency of these shipments' items, in
        one query. Values are summed as whole cents, exact on SQLite too."""
        cents = Cast(Round(F("unit_value") * Value(Decimal(100))), WHOLE)
        rows = (
            all_items()
            .filter(shipment__in=self.order_by().values("pk"))
            .values("currency")
            .annotate(
                n_items=models.Sum("quantity"),
                n_titles=models.Count("id"),
                n_pages=models.Sum(F("pages") * F("quantity")),
                n_cents=models.Sum(cents * F("quantity"), output_field=WHOLE),
            )
            .order_by("currency")
        )
        totals = {"items": 0, "titles": 0, "pages": 0, "values": {}}
        for row in rows:
            totals["items"] += row["n_items"] or 0
            totals["titles"] += row["n_titles"]
            totals["pages"] += row["n_pages"] or 0
            if row["currency"] and row["n_cents"]:
                totals["values"][row["currency"]] = Decimal(row["n_cents"]) / 100
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
