import datetime

import django_filters
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from exchange.programme.models import CulturalAgreement
from partners.filters import SEARCH_MAX_LENGTH, CountryFilter

EXPIRING_DAYS = 183  # six months


AGREEMENT_STATUSES = (
    ("in_force", _("In force")),
    ("expiring", _("Expiring within six months")),
    ("expired", _("Expired")),
    ("upcoming", _("Not yet in force")),
)


def agreement_status(agreement, today: datetime.date) -> str:
    """The agreement's key in AGREEMENT_STATUSES, as the list's status filter sees it."""
    if agreement.valid_from and agreement.valid_from > today:
        return "upcoming"
    if agreement.valid_to and agreement.valid_to < today:
        return "expired"
    if agreement.valid_to and agreement.valid_to <= today + datetime.timedelta(EXPIRING_DAYS):
        return "expiring"
    return "in_force"


class AgreementFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(method="search", label=_("Search"), max_length=SEARCH_MAX_LENGTH)
    country = CountryFilter(method="in_country")
    status = django_filters.ChoiceFilter(
        choices=AGREEMENT_STATUSES, method="with_status", label=_("Status"), empty_label=_("Any")
    )
    kind = django_filters.ChoiceFilter(
        choices=CulturalAgreement.Kind.choices, label=_("Kind"), empty_label=_("Any")
    )

    class Meta:
        model = CulturalAgreement
        fields = ["q", "country", "status", "kind"]

    def search(self, queryset, name, value):
        return queryset.search(value)

    def in_country(self, queryset, name, value):
        # Stored as comma-separated alpha-2 codes, so a code cannot match across two.
        return queryset.filter(countries__contains=value)

    def with_status(self, queryset, name, value):
        today = timezone.localdate()
        if value == "in_force":
            return queryset.in_force(today)
        if value == "expiring":
            return queryset.expiring(today, within_days=EXPIRING_DAYS)
        if value == "expired":
            return queryset.expired(today)
        return queryset.filter(valid_from__gt=today)
