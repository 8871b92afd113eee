"""The letters of many claims printed together: one letter per partner listing the
shipments claimed, each in the language of the partner's contact, one per page."""

from dataclasses import dataclass, field
from itertools import groupby

from django.db.models import Prefetch
from django.http import Http404
from django.views.generic import TemplateView

from exchange.claims.models import Claim
from exchange.core.choices import Direction
from exchange.core.letters import letter_language, shared_letter_context
from exchange.core.models import LetterKind
from exchange.core.permissions import RoleRequiredMixin
from partners.models import Contact

# More claims than a bulk claim makes at once (exchange.bulk.selection.MAX_AT_ONCE).
MAX_CLAIMS = 500


@dataclass
class ClaimLetter:
    """One partner's letter: its claims about our shipments (asking for confirmation)
    and about theirs (not received)."""

    partner: object
    contact: object
    address: object
    language: str
    claims: list = field(default_factory=list)

    @property
    def outgoing(self) -> list:
        return [c for c in self.claims if c.shipment.direction == Direction.OUTGOING]

    @property
    def incoming(self) -> list:
        return [c for c in self.claims if c.shipment.direction == Direction.INCOMING]

    @property
    def claimed_on(self):
        return max(c.claimed_on for c in self.claims)

    @property
    def reference(self) -> str:
        return ", ".join(str(c.pk) for c in sorted(self.claims, key=lambda c: c.pk))


def claim_letters(ids) -> list[ClaimLetter]:
    """The letters of the claims `ids` that concern a shipment, by partner code."""
    claims = (
        Claim.objects.filter(pk__in=list(ids), shipment__isnull=False)
        .select_related("partner", "shipment", "created_by")
        .prefetch_related(
            "partner__addresses",
            Prefetch("partner__contacts", queryset=Contact.objects.order_by("id")),
        )
        .order_by("partner__code", "shipment__direction", "shipment__reference")
    )
    letters = []
    for _code, group in groupby(claims, key=lambda claim: claim.partner.code):
        group = list(group)
        partner = group[0].partner
        contact = partner.main_contact()
        letters.append(
            ClaimLetter(
                partner=partner,
                contact=contact,
                address=partner.shipping_address(),
                language=letter_language(contact),
                claims=group,
            )
        )
    return letters


def parse_ids(text: str) -> list[int]:
    """ "12,13,15" → [12, 13, 15]; anything else is no page."""
    parts = [part for part in text.split(",") if part]
    if not parts or len(parts) > MAX_CLAIMS or not all(p.isascii() and p.isdigit() for p in parts):
        raise Http404
    return [int(part) for part in parts]


class ClaimLettersView(RoleRequiredMixin, TemplateView):
    """`?claims=12,13,15`: their letters, one per partner, to print."""

    permission_required = "shipments.view_claim"
    template_name = "exchange/claim_letters.html"

    def get_context_data(self, **kwargs):
        letters = claim_letters(parse_ids(self.request.GET.get("claims", "")))
        if not letters:
            raise Http404
        first_claim = letters[0].claims[0]
        return super().get_context_data(
            letters=letters,
            claim_count=sum(len(letter.claims) for letter in letters),
            **shared_letter_context(self.request, LetterKind.CLAIM, first_claim.created_by),
            **kwargs,
        )
