"""The printed documents of a shipment: the dispatch note that goes in the parcel and
the acknowledgement of what we received, in the language of the partner's contact;
one at a time, or many printed together (one per page)."""

from django.utils.translation import gettext as _
from django.views.generic import DetailView

from exchange.core.choices import Direction
from exchange.core.letters import letter_context, letter_language, shared_letter_context
from exchange.core.models import LetterKind
from exchange.core.permissions import RoleRequiredMixin
from shipments.bulk import Refusal
from shipments.models import Shipment
from shipments.totals import shipment_totals


class PrintedDocumentView(RoleRequiredMixin, DetailView):
    """A letter or list to print (A4, static/css/print.css), addressed from the
    partner's records."""

    permission_required = "shipments.view_shipment"
    slug_field = "reference"
    slug_url_kwarg = "reference"
    direction = ""
    kind = ""
    statuses: tuple[str, ...] = ()

    def get_queryset(self):
        return (
            Shipment.objects.filter(direction=self.direction, status__in=self.statuses)
            .select_related("partner")
            .prefetch_related("items", "partner__addresses", "partner__contacts")
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        partner = self.object.partner
        contact = partner.main_contact()
        context.update(
            totals=shipment_totals(self.object),
            address=partner.shipping_address(),
            contact=contact,
            **letter_context(self.request, contact, self.kind),
        )
        return context


class DispatchNoteView(PrintedDocumentView):
    template_name = "shipments/dispatch_note.html"
    kind = LetterKind.DISPATCH_NOTE
    direction = Direction.OUTGOING
    statuses = tuple(Shipment.Status.values)


class AcknowledgementView(PrintedDocumentView):
    template_name = "shipments/acknowledgement.html"
    kind = LetterKind.ACKNOWLEDGEMENT
    direction = Direction.INCOMING
    statuses = (Shipment.Status.RECEIVED, Shipment.Status.ACKNOWLEDGED)


# The letter each direction prints for a shipment, and the statuses it needs.
LETTERS = {
    Direction.OUTGOING: (DispatchNoteView.kind, DispatchNoteView.statuses),
    Direction.INCOMING: (AcknowledgementView.kind, AcknowledgementView.statuses),
}


def shipment_letters(request, ids) -> tuple[list[dict], list[Refusal]]:
    """The dispatch notes and acknowledgements of these shipments, each in the language
    of its partner's contact, by partner and reference; and those that have none (an
    incoming shipment not received), with the reason. A constant number of queries."""
    shipments = (
        Shipment.objects.filter(pk__in=list(ids))
        .select_related("partner")
        .prefetch_related("items", "partner__addresses", "partner__contacts")
        .order_by("partner__code", "reference")
    )
    shared = {kind: shared_letter_context(request, kind) for kind, _statuses in LETTERS.values()}
    letters, refused = [], []
    for shipment in shipments:
        kind, statuses = LETTERS[shipment.direction]
        if shipment.status not in statuses:
            reason = _("%(reference)s is %(status)s: it has no letter to print yet.") % {
                "reference": shipment.reference,
                "status": shipment.get_status_display().lower(),
            }
            refused.append(Refusal(shipment, reason))
            continue
        contact = shipment.partner.main_contact()
        letters.append(
            {
                "kind": kind,
                "shipment": shipment,
                "totals": shipment_totals(shipment),
                "address": shipment.partner.shipping_address(),
                "contact": contact,
                "language": letter_language(contact),
                **shared[kind],
            }
        )
    return letters, refused
