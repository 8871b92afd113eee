"""The words a claim suggests, in the language active when they are asked for (the
letter's): a first wording for staff to adjust, and the subject of a bulk claim."""

from django.utils.translation import gettext as _


def suggested_subject(partner, shipment) -> str:
    """A first wording of the claim, for staff to adjust."""
    if shipment and shipment.direction == "incoming":
        expected = shipment.expected_on.isoformat() if shipment.expected_on else ""
        return _(
            "The shipment %(reference)s, expected on %(date)s, has not reached us. "
            "Could you tell us when and how it was sent?"
        ) % {"reference": shipment.reference, "date": expected}
    if shipment:
        dispatched = shipment.dispatched_on.isoformat() if shipment.dispatched_on else ""
        return _(
            "We sent you the shipment %(reference)s on %(date)s and have had no "
            "acknowledgement of its receipt. Could you confirm that it arrived?"
        ) % {"reference": shipment.reference, "date": dispatched}
    if partner:
        return _(
            "We have received no publications from you for some time, while our own "
            "shipments continue. Could you let us know when we may expect your next shipment?"
        )
    return ""
