"""What the dashboard counts of the exchange: selections to approve and to ship,
partners' offers waiting for our choice, wanted titles on offer."""

from django.db.models import Count, Q

from exchange.offers.matching import match_keys
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


def wanted_on_offer() -> list[tuple[PartnerOfferLine, Want]]:
    """The lines of partners' offers waiting for our choice that hold a wanted title,
    each with a want it matches (DOMAIN.md's rules). Two queries."""
    by_key = {}
    for want in Want.objects.exclude(title="", isbn="", issn="").order_by("pk"):
        for key in match_keys(isbn=want.isbn, issn=want.issn, title=want.title, year=want.year):
            by_key.setdefault(key, want)
    lines = PartnerOfferLine.objects.filter(offer__status=PartnerOffer.Status.OPEN)
    found = []
    for line in lines.select_related("offer__partner").order_by("offer", "number"):
        keys = match_keys(isbn=line.isbn, issn=line.issn, title=line.title, year=line.year)
        want = next((by_key[key] for key in sorted(keys) if key in by_key), None)
        if want is not None:
            found.append((line, want))
    return found
