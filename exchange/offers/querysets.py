"""The exchange's querysets: what a stock title has available, which lists a partner
may choose from, which selections wait for a department head."""

from django.db import models
from django.db.models import Q, Sum
from django.db.models.functions import Coalesce


class StockItemQuerySet(models.QuerySet):
    def with_available(self):
        """`reserved`: copies held by selections not yet shipped or declined;
        `available`: copies on hand less those, never below 0."""
        reserved = Coalesce(
            Sum(
                "offer_lines__selection_lines__copies",
                # SelectionLine.Status.RESERVED (models imports this module).
                filter=Q(offer_lines__selection_lines__status="reserved"),
            ),
            0,
        )
        return self.annotate(reserved=reserved).annotate(
            available=models.F("copies") - models.F("reserved")
        )


class OfferListQuerySet(models.QuerySet):
    def addressed_to(self, partner):
        """The lists a partner may choose from: addressed to all active partners (when
        it is one), to it, to its country or to its kind."""
        everyone = Q(to_all_active=True) if partner.status == "active" else Q(pk__in=[])
        return self.filter(
            everyone
            | Q(partners=partner)
            | Q(countries__contains=partner.country.code)
            | Q(kinds__contains=partner.kind)
        ).distinct()


class SelectionQuerySet(models.QuerySet):
    def awaiting_head(self):
        """Approved by staff and still requested: waiting for a department head's
        approval (asked for above the threshold)."""
        return self.filter(status="requested", approved_by__isnull=False)
