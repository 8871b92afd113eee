"""Checks on partner records for administrators: the conditions behind the dashboard's
figures and the partner list's `missing` filter, so both count the same partners."""

import datetime

from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from exchange.core.dates import months_before
from partners.models import Address, Contact, Partner

DORMANT_MONTHS = 36

MISSING_CHOICES = (
    ("address", _("No address to ship to")),
    ("contact", _("No contact person")),
    ("shipments", _("No counted shipment in three years")),
)


def partners_missing(what: str, today: datetime.date | None = None) -> Q:
    """The condition on Partner for one of MISSING_CHOICES.

    - address: neither a shipping nor a postal address (`shipping_address()` is None);
    - contact: no contact person;
    - shipments: no counted shipment, either way, in the last three years (after the
      day three years ago), and the exchange began before then (or its start is unknown).
    """
    today = today or timezone.localdate()
    if what == "address":
        return ~Exists(Address.objects.filter(partner=OuterRef("pk")))
    if what == "contact":
        return ~Exists(Contact.objects.filter(partner=OuterRef("pk")))
    if what == "shipments":
        start = months_before(today, DORMANT_MONTHS)
        # The shipments app sits above this one: its model is reached through the
        # relation it declares (`Shipment.partner`, related name `shipments`).
        shipments = Partner._meta.get_field("shipments").related_model.objects
        recent = shipments.filter(partner=OuterRef("pk"), counted_on__gt=start)
        return ~Exists(recent) & (Q(exchange_since__isnull=True) | Q(exchange_since__lte=start))
    raise ValueError(what)
