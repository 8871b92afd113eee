"""A shipment's page history: the shipment and its items."""

from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from exchange.audit.history import PAGE_EVENTS, History, Part, object_history
from shipments.items import ShipmentItem


def shipment_history(shipment, limit: int | None = PAGE_EVENTS) -> History:
    return object_history(
        shipment,
        Part(
            ShipmentItem,
            "shipment",
            lambda r: _("Item “%(title)s”") % {"title": r.title},
            pgettext("the list of the titles in a shipment", "Items"),
        ),
        limit=limit,
    )
