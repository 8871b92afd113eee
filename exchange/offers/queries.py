"""What the dashboard counts of the exchange: selections to approve and to ship,
partners' offers waiting for our choice, wanted titles on offer."""

from django.db.models import Count, Q

from exchange.offers.matching import described, match_keys
from exchange.offers.models import PartnerOffer, PartnerOfferLine, Selection, Want


def selection_counts() -> dict:
    """One query: requested, approved, and requested with staff's approval given (so
    waiting for a department head's)."""
    awaiting_head = Q(pk__in=Selection.objects.awaiting_head().values("pk"))
    return Selection.objects.aggregate(
        to_approve=Count("pk", filter=Q(status=Selection.Status.REQUESTED)),
        to_ship=Count("pk", filter=Q(status=Selection.Status.APPROVED)),
        awaiting_head=Count("pk", filter=awaiting_head),
    )


def offers_waiting() -> int:
    return PartnerOffer.objects.filter(status=PartnerOffer.Status.OPEN).count()


def wanted_on_offer() -> list[tuple[PartnerOfferLine, list[Want]]]:
    """The lines of partners' open offers that hold a wanted title (DOMAIN.md: the same
    ISBN-13 or ISSN, otherwise the same normalised title and year), each with the wants
    it matches, by partner. Two queries, the matching in Python."""
    by_key: dict[tuple, list[Want]] = {}
    for want in Want.objects.order_by("title", "pk"):
        for key in match_keys(**described(want)):
            by_key.setdefault(key, []).append(want)
    lines = (
        PartnerOfferLine.objects.filter(offer__status=PartnerOffer.Status.OPEN)
        .select_related("offer__partner")
        .order_by("offer__partner__code", "-offer__received_on", "offer_id", "number")
    )
    found = []
    for line in lines:
        matched = []
        for key in sorted(match_keys(**described(line))):
            matched.extend(want for want in by_key.get(key, []) if want not in matched)
        if matched:
            found.append((line, matched))
    return found
