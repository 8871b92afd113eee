"""The steps of a partner's offer: the lines we want marked, then requested as one
expected incoming shipment from the partner (DOMAIN.md, "Offers, selections and
wants"). Each in one transaction with the offer locked."""

from django.db import transaction
from django.utils.translation import gettext as _

from exchange.core.choices import Direction
from exchange.offers.models import PartnerOffer
from exchange.offers.services import OfferError
from shipments.items import DESCRIPTION_FIELDS, ShipmentItem
from shipments.models import Shipment
from shipments.services import shipment_create


def request_marked(*, offer: PartnerOffer, user) -> Shipment:
    """The lines we marked become one expected incoming shipment from the partner (the
    request letter is printed from the offer's page)."""
    with transaction.atomic():
        offer = PartnerOffer.objects.select_for_update().get(pk=offer.pk)
        if offer.shipment_id:
            raise OfferError(_("The titles of this offer were already requested."))
        marked = list(offer.lines.filter(marked=True).order_by("number"))
        if not marked:
            raise OfferError(_("Mark the titles we want first."))
        items = [
            ShipmentItem(
                quantity=line.quantity, **{name: getattr(line, name) for name in DESCRIPTION_FIELDS}
            )
            for line in marked
        ]
        shipment = shipment_create(
            shipment=Shipment(
                direction=Direction.INCOMING,
                partner=offer.partner,
                status="expected",
                notes=_("Requested from the partner's offer “%(title)s”.") % {"title": offer.title},
            ),
            items=items,
            user=user,
        )
        offer.shipment = shipment
        offer.status = PartnerOffer.Status.REQUESTED
        offer._history_user = user
        offer.save()
    return shipment


def mark_lines(*, offer: PartnerOffer, marked_ids, user=None) -> int:
    """Mark exactly these lines of an offer not yet requested as wanted; returns how
    many are marked."""
    with transaction.atomic():
        offer = PartnerOffer.objects.select_for_update().get(pk=offer.pk)
        if offer.shipment_id:
            raise OfferError(_("The titles of this offer were already requested."))
        changed = []
        for line in offer.lines.all():
            wanted = line.pk in set(marked_ids)
            if line.marked != wanted:
                line.marked = wanted
                line._history_user = user
                changed.append(line)
        for line in changed:
            line.save(update_fields=["marked"])
        return offer.lines.filter(marked=True).count()
