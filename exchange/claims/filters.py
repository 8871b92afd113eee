import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from exchange.claims.models import Claim
from partners.filters import SEARCH_MAX_LENGTH, PartnerChoiceFilter
from shipments.filters import ShipmentFilter


class ClaimFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(method="search", label=_("Search"), max_length=SEARCH_MAX_LENGTH)
    awaiting = django_filters.ChoiceFilter(
        choices=(("1", _("Awaiting a reply")), ("0", _("Answered"))),
        method="by_reply",
        label=_("Reply"),
        empty_label=_("Any"),
    )
    partner = PartnerChoiceFilter()

    class Meta:
        model = Claim
        fields = ["q", "awaiting", "partner"]

    def search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(
            Q(subject__icontains=value)
            | Q(reply__icontains=value)
            | Q(partner__code__icontains=value)
            | Q(partner__name__icontains=value)
            | Q(partner__name_zh__icontains=value)
            | Q(shipment__reference__icontains=value)
        )

    def by_reply(self, queryset, name, value):
        return queryset.filter(replied_on__isnull=value == "1")


class WorklistFilter(ShipmentFilter):
    """The shipment list's filters on a list whose direction, status and order are its
    own (to confirm): the same parameters, so its bulk form's "all matching" finds
    what it shows (exchange.bulk.selection)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("direction", "status", "sort"):
            del self.filters[name]
