"""What may be deleted, and when not, why and what to do instead.

The records are the memory of decades of exchange: a partner with shipments, a
shipment that was dispatched or received, an agreement with obligations are kept
(the database protects them too, with PROTECT). Drafts, and incoming shipments that
never came, may be deleted. The web pages and the admin give the same reasons.
"""

from django.contrib import messages
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from exchange.models import CulturalAgreement, Obligation
from partners.models import Partner
from shipments.models import Shipment


def partner_refusal(partner: Partner) -> str:
    """Why the partner cannot be deleted, with what to do instead; "" if it can."""
    shipments = partner.shipments.count()
    claims = partner.claims.count()
    obligations = partner.obligations.count()
    if not (shipments or claims or obligations):
        return ""
    counts = [
        ngettext("%(n)d shipment", "%(n)d shipments", shipments) % {"n": shipments},
        ngettext("%(n)d claim", "%(n)d claims", claims) % {"n": claims},
        ngettext("%(n)d obligation", "%(n)d obligations", obligations) % {"n": obligations},
    ]
    kept = [text for n, text in zip((shipments, claims, obligations), counts, strict=True) if n]
    return _(
        "%(partner)s has %(records)s and cannot be deleted: the record of exchange is kept. "
        "To stop exchanging with it, end the partnership: set its status to “Ended”."
    ) % {"partner": partner.code, "records": ", ".join(kept)}


def shipment_refusal(shipment: Shipment) -> str:
    """Why the shipment cannot be deleted, with what to do instead; "" if it can."""
    if shipment.dispatched_on or shipment.received_on:
        if shipment.is_outgoing:
            message = _(
                "%(reference)s was dispatched on %(date)s and counts in the record of "
                "exchange: it cannot be deleted. If it never arrived, mark it lost or returned."
            )
            on = shipment.dispatched_on
        else:
            message = _(
                "%(reference)s was received on %(date)s and counts in the record of "
                "exchange: it cannot be deleted."
            )
            on = shipment.received_on
        return message % {"reference": shipment.reference, "date": on.isoformat()}
    if not shipment.is_deletable:
        return _(
            "%(reference)s is %(status)s: it cannot be deleted. If it will not be sent, "
            "cancel it instead."
        ) % {"reference": shipment.reference, "status": shipment.get_status_display().lower()}
    claims = shipment.claims.count()
    if claims:
        return ngettext(
            "%(reference)s cannot be deleted: %(n)d claim refers to it.",
            "%(reference)s cannot be deleted: %(n)d claims refer to it.",
            claims,
        ) % {"reference": shipment.reference, "n": claims}
    return ""


def agreement_refusal(agreement: CulturalAgreement) -> str:
    obligations = agreement.obligations.count()
    if not obligations:
        return ""
    return ngettext(
        "“%(title)s” cannot be deleted: it has %(n)d obligation. When it is no longer in "
        "force, set the date it is valid to.",
        "“%(title)s” cannot be deleted: it has %(n)d obligations. When it is no longer in "
        "force, set the date it is valid to.",
        obligations,
    ) % {"title": agreement.title, "n": obligations}


def obligation_refusal(obligation: Obligation) -> str:
    shipments = obligation.shipments.count()
    if not shipments:
        return ""
    return ngettext(
        "This obligation cannot be deleted: %(n)d shipment serves it. When the agreement "
        "is no longer in force, set the date it is valid to.",
        "This obligation cannot be deleted: %(n)d shipments serve it. When the agreement "
        "is no longer in force, set the date it is valid to.",
        shipments,
    ) % {"n": shipments}


REFUSALS = {
    Partner: partner_refusal,
    Shipment: shipment_refusal,
    CulturalAgreement: agreement_refusal,
    Obligation: obligation_refusal,
}


class ExplainedDeletionAdmin:
    """Admin mixin: deleting a protected record (one, or several with the bulk action)
    shows Django's "cannot delete" page with our reason and what to do instead: at the
    top, above the related records that protect it, or as the list itself where no
    related record does (a dispatched shipment)."""

    def get_deleted_objects(self, objs, request):
        deleted, counts, perms_needed, protected = super().get_deleted_objects(objs, request)
        refusal = REFUSALS[self.model]
        reasons = [reason for reason in (refusal(obj) for obj in objs) if reason]
        if not protected:
            return deleted, counts, perms_needed, reasons
        for reason in reasons[:5]:
            messages.error(request, reason)
        if len(reasons) > 5:
            messages.error(
                request, _("%(n)d more cannot be deleted either.") % {"n": len(reasons) - 5}
            )
        return deleted, counts, perms_needed, protected
