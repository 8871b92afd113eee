"""The shipment list's filters, reused by the exports ("export the filtered list").

The GET parameter names are a contract: the dashboard and the exports build links
with them (`q`, `direction`, `status` (repeatable), `partner`, `country`,
`date_from`, `date_to`, `method`, `sort`, `page`).
"""

import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from exchange.core.choices import Direction
from partners.filters import SEARCH_MAX_LENGTH, CountryFilter, PartnerChoiceFilter, SortFilter
from shipments.models import Shipment
from shipments.querysets import item_count_annotations
from shipments.steps import Status

DATE_HELP = _(
    "From and To are the dispatch date of outgoing shipments and the receipt date of "
    "incoming ones; for those not yet dispatched or received, the day they were recorded."
)


class ShipmentFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        method="search",
        max_length=SEARCH_MAX_LENGTH,
        label=_("Search"),
        help_text=_("Reference, tracking number, or an item's title, ISBN or ISSN."),
        widget=forms.TextInput(
            attrs={"type": "search", "placeholder": _("Reference, title or ISBN")}
        ),
    )
    direction = django_filters.ChoiceFilter(
        choices=Direction.choices, label=_("Direction"), empty_label=_("Both")
    )
    # Not `distinct` (django-filter's default): a status is a column of the shipment, so
    # no row can repeat, and SELECT DISTINCT would compute every column of every match
    # (the item counts included) before the page is cut.
    status = django_filters.MultipleChoiceFilter(
        choices=Status.choices,
        label=_("Status"),
        widget=forms.CheckboxSelectMultiple,
        distinct=False,
    )
    partner = PartnerChoiceFilter()
    country = CountryFilter(field_name="partner__country", label=_("Partner's country"))
    date_from = django_filters.DateFilter(
        field_name="shipment_date",
        lookup_expr="gte",
        label=_("From"),
        help_text=DATE_HELP,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    date_to = django_filters.DateFilter(
        field_name="shipment_date",
        lookup_expr="lte",
        label=_("To"),
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    method = django_filters.ChoiceFilter(
        choices=Shipment.Method.choices, label=_("Method"), empty_label=_("Any")
    )
    sort = SortFilter(
        keys={
            "reference": "reference",
            "direction": "direction",
            "partner": "partner__code",
            "status": "status",
            "date": "shipment_date",
            "method": "method",
            "items": "item_count",
            "titles": "title_count",
        },
        default="-date",
        tiebreak=("-created_at", "-pk"),
        # Added only when sorting by them and the queryset lacks them (for_list has them).
        annotations=item_count_annotations(),
    )

    class Meta:
        model = Shipment
        fields = []

    def __init__(self, data=None, queryset=None, **kwargs):
        # The date filters and the date sort need `shipment_date`, whatever queryset
        # the caller (the list, an export) starts from.
        queryset = Shipment.objects.all() if queryset is None else queryset
        super().__init__(data, queryset=queryset.with_date(), **kwargs)

    def search(self, queryset, name, value):
        return queryset.search(value)
