"""The printed documents of a shipment: the dispatch note that goes in the parcel and
the acknowledgement of what we received, in the language of the partner's contact."""

from django.views.generic import DetailView

from exchange.core.choices import Direction
from exchange.core.letters import letter_context
from exchange.core.models import LetterKind
from exchange.core.permissions import RoleRequiredMixin
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
