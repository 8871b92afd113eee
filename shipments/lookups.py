"""The shipment form's questions to the server while a person types (JSON): whether an
ISBN is valid (anyone signed in); what we know of an ISBN or ISSN, whether it already
went to the partner, and which obligations the partner's shipments may serve (staff
only: they enter shipments; bad input is a 400 with a message saying what is wrong)."""

from django.core.exceptions import ValidationError
from django.http import JsonResponse
from django.utils.translation import gettext as _
from django.views import View

from exchange.core.choices import Direction
from exchange.core.identifiers import clean_isbn, clean_issn, format_isbn
from exchange.core.permissions import RoleRequiredMixin
from partners.models import Partner
from shipments.known import identifier_key, known_description, sent_before
from shipments.models import Shipment
from shipments.obligations import obligations_in_force, obligations_of_partner, partners_with_code


class BadInput(Exception):
    """A question the endpoint cannot answer: its message goes back with a 400."""


class LookupView(RoleRequiredMixin, View):
    permission_required = "shipments.add_shipment"

    def get(self, request):
        try:
            return JsonResponse(self.answer(request.GET))
        except BadInput as error:
            return JsonResponse({"message": str(error)}, status=400)

    def answer(self, query) -> dict:
        raise NotImplementedError

    @staticmethod
    def identifiers(query) -> tuple[str, str]:
        """The ISBN and ISSN asked about, compact; at least one of them."""
        try:
            isbn = clean_isbn(query.get("isbn", ""))
            issn = clean_issn(query.get("issn", ""))
        except ValidationError as error:
            raise BadInput(error.messages[0]) from error
        if not isbn and not issn:
            raise BadInput(_("Give an ISBN or an ISSN."))
        return isbn, issn

    @staticmethod
    def partner(query):
        code = query.get("partner", "").strip()
        if not code:
            raise BadInput(_("Give the partner's code."))
        partner = partners_with_code(code).first()
        if partner is None:
            raise BadInput(_("No partner has the code “%(code)s”.") % {"code": code[:32]})
        return partner


class KnownItemView(LookupView):
    """`?isbn=…` or `?issn=…` → the description of our latest item with it (one query)."""

    def answer(self, query):
        isbn, issn = self.identifiers(query)
        item = known_description(isbn=isbn, issn=issn)
        return {"found": item is not None, "item": item}


class SentBeforeView(LookupView):
    """`?partner=CODE&isbn=…` (or `issn`; `shipment=REF` left out) → the outgoing
    shipments that already took this title to the partner, latest first."""

    def answer(self, query):
        isbn, issn = self.identifiers(query)
        partner = self.partner(query)
        reference = query.get("shipment", "")[:32]
        this = Shipment.objects.filter(reference=reference).first() if reference else None
        found = sent_before(partner, [(isbn, issn)], exclude_shipment=this)
        shipments = found.get(identifier_key(isbn=isbn), [])
        shipments += [s for s in found.get(identifier_key(issn=issn), []) if s not in shipments]
        return {
            "shipments": [
                {
                    "reference": shipment.reference,
                    "url": shipment.get_absolute_url(),
                    "date": shipment.dispatched_on.isoformat(),
                    "status": shipment.get_status_display(),
                }
                for shipment in shipments
            ]
        }


class PartnerObligationsView(LookupView):
    """`?partner=CODE&direction=outgoing|incoming` → the obligations a shipment to or
    from that partner may serve, as the form offers them."""

    def answer(self, query):
        direction = query.get("direction", "")
        if direction not in Direction.values:
            raise BadInput(_("The direction is “outgoing” or “incoming”."))
        partner = self.partner(query)
        obligations = obligations_of_partner(
            obligations_in_force(direction), Partner.objects.filter(pk=partner.pk)
        )
        return {
            "obligations": [
                {"id": obligation.pk, "label": str(obligation)} for obligation in obligations
            ]
        }


class CheckIsbnView(RoleRequiredMixin, View):
    """`?isbn=…` → whether it is valid, compact and hyphenated, or why not (JSON)."""

    permission_required = "shipments.view_shipment"

    def get(self, request):
        value = request.GET.get("isbn", "")
        try:
            compact = clean_isbn(value)
        except ValidationError as error:
            return JsonResponse({"valid": False, "message": error.messages[0]})
        return JsonResponse({"valid": True, "isbn": compact, "formatted": format_isbn(compact)})
