"""Which obligations a shipment may serve, as a queryset: the choices of the shipment
form and of its page's partner lookup. `Shipment.clean` checks the same rule for one
shipment, with a message for each way an obligation does not fit.

The obligations are the programme's (`exchange.programme`, a layer above): their model
is reached through the shipment's foreign key, not imported.
"""

from django.db.models import Q, Subquery
from django.utils import timezone

from partners.models import Partner
from shipments.models import Shipment


def all_obligations():
    return Shipment._meta.get_field("obligation").related_model.objects


def obligations_in_force(direction: str, *, keep=None):
    """The obligations of this direction whose agreement is still in force (or has no
    end), and `keep` (the pk of the one a shipment serves already) whatever its dates."""
    today = timezone.localdate()
    return (
        all_obligations()
        .filter(direction=direction)
        .filter(
            Q(agreement__valid_to__isnull=True)
            | Q(agreement__valid_to__gte=today)
            | Q(pk=keep or None)
        )
        .select_related("agreement", "partner")
    )


def obligations_of_partner(obligations, partners):
    """Of `obligations`, those of the partner in `partners` (a queryset of one partner,
    used as a subquery, so no query is made here): the ones that name it, and the
    ones that name no partner of agreements of its country or of no country."""
    # A country list is stored as "CN,GB,US": two-letter codes between commas, so a
    # code is found in it only as itself.
    country = Subquery(partners.values("country")[:1])
    return obligations.filter(
        Q(partner__in=partners.values("pk"))
        | Q(partner__isnull=True)
        & (Q(agreement__countries="") | Q(agreement__countries__contains=country))
    )


def partners_with_code(code: str):
    """The partner with this code (any case), as a queryset: a subquery for the above."""
    code = code.split("·")[0].strip()
    if len(code) > Partner._meta.get_field("code").max_length or "\x00" in code:
        return Partner.objects.none()
    return Partner.objects.filter(code__iexact=code)
