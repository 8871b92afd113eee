"""The partner list's filters; `SortFilter` and `CountryFilter` serve the other lists too.

The GET parameter names are a contract: the dashboard and the exports build links
with them (`q`, `country`, `kind`, `status`, `basis`, `sort`, `page`).
"""

import django_filters
from django import forms
from django.db.models import F
from django.utils.translation import gettext_lazy as _
from django_filters.fields import ChoiceField

from exchange.core.bilingual import in_chinese
from exchange.core.countries import countries
from exchange.core.widgets import QuickSelect
from partners.fields import PartnerAutocomplete
from partners.models import Basis, Kind, Partner, Status
from partners.quality import MISSING_CHOICES, partners_missing
from partners.search import SEARCH_MAX_LENGTH


class SortFilter(django_filters.CharFilter):
    """`?sort=key` or `?sort=-key` over a whitelist of keys, then a tiebreak.

    `keys` maps the parameter's keys to fields or annotations; `annotations` are
    added only when their key is chosen and the queryset does not have them yet.

    An unknown key falls back to the default rather than emptying the list; empty
    values sort last either way, so a list never starts with blanks.
    """

    def __init__(
        self, *, keys: dict[str, str], default: str, tiebreak=("pk",), annotations=None, **kwargs
    ):
        self.keys = keys
        self.default = default
        self.tiebreak = tuple(tiebreak)
        self.annotations = annotations or {}
        kwargs.setdefault("label", _("Sort"))
        super().__init__(**kwargs)

    def filter(self, qs, value):
        value = (value or "").strip()
        if value.lstrip("-") not in self.keys:
            value = self.default
        name = self.field_for(value.lstrip("-"))
        if name in self.annotations and name not in qs.query.annotations:
            qs = qs.annotate(**{name: self.annotations[name]})
        field = F(name)
        order = field.desc(nulls_last=True) if value.startswith("-") else field.asc(nulls_last=True)
        return qs.order_by(order, *self.tiebreak)

    def field_for(self, key: str) -> str:
        return self.keys[key]


class NameSortFilter(SortFilter):
    """In Chinese, the name sorts as it is shown: the Chinese name (else the English one)
    in pinyin order."""

    def field_for(self, key: str) -> str:
        if key == "name" and in_chinese():
            return "name_pinyin"
        return super().field_for(key)


class UpperSelect(QuickSelect):
    """Shows `gb` as the option `GB` chosen; the 250 countries written in Python."""

    def format_value(self, value):
        return [str(v).upper() for v in super().format_value(value)]


class CountryChoiceField(ChoiceField):
    """An alpha-2 code in either case (`gb` or `GB`)."""

    widget = UpperSelect

    def to_python(self, value):
        return super().to_python(value).upper()


class CountryFilter(django_filters.ChoiceFilter):
    field_class = CountryChoiceField

    def __init__(self, **kwargs):
        kwargs.setdefault("choices", lambda: [(code, name) for code, name in countries])
        kwargs.setdefault("label", _("Country or region"))
        kwargs.setdefault("empty_label", _("Any"))
        super().__init__(**kwargs)


class PartnerChoiceFilter(django_filters.CharFilter):
    """A partner typed by its code or name, with the autocomplete: the partner with that
    code if there is one, else every partner the text finds (`Partner.objects.named`)."""

    def __init__(self, **kwargs):
        kwargs.setdefault("field_name", "partner")
        kwargs.setdefault("label", _("Partner"))
        kwargs.setdefault("max_length", SEARCH_MAX_LENGTH)
        kwargs.setdefault("widget", PartnerAutocomplete)
        super().__init__(**kwargs)

    def filter(self, qs, value):
        if not (value or "").strip():
            return qs
        return qs.filter(**{f"{self.field_name}__in": Partner.objects.named(value)})


class PartnerFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        method="search",
        max_length=SEARCH_MAX_LENGTH,
        label=_("Search"),
        help_text=_("Code, any form of the name, city, or country in English or Chinese."),
        widget=forms.TextInput(
            attrs={"type": "search", "placeholder": _("Code, name, city or country")}
        ),
    )
    country = CountryFilter()
    kind = django_filters.ChoiceFilter(choices=Kind.choices, label=_("Kind"), empty_label=_("Any"))
    status = django_filters.ChoiceFilter(
        choices=Status.choices, label=_("Status"), empty_label=_("Any")
    )
    basis = django_filters.ChoiceFilter(
        field_name="exchange_basis",
        choices=Basis.choices,
        label=_("Exchange basis"),
        empty_label=_("Any"),
    )
    # The dashboard's data-quality figures link here (partners.quality).
    missing = django_filters.ChoiceFilter(
        choices=MISSING_CHOICES, method="with_missing", label=_("Missing"), empty_label=_("Any")
    )
    sort = NameSortFilter(
        keys={
            "code": "code",
            "name": "name",
            "kind": "kind",
            "country": "country",
            "city": "city",
            "status": "status",
            "basis": "exchange_basis",
            "since": "exchange_since",
        },
        default="code",
        tiebreak=("code",),
    )

    class Meta:
        model = Partner
        fields = []

    def search(self, queryset, name, value):
        return queryset.search(value)

    def with_missing(self, queryset, name, value):
        return queryset.filter(partners_missing(value))
