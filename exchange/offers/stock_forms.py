"""The filters and forms of the exchange stock's and the wants' pages (their lists, their
entry forms, their imports); the exports use the lists' filters, so that a download is
the list on the screen.

The GET parameter names are a contract, as the other lists': the stock list `q`,
`subject`, `language`, `year`, `year_from`, `year_to`, `material_type`, `availability`,
`sort`, `page`; the want list `q`, `subject`, `country`, `sort`, `page`.
"""

from decimal import Decimal

import django_filters
from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from exchange.core.forms import FiniteDecimalField
from exchange.core.identifiers import clean_isbn, clean_issn, identifier_forms
from exchange.offers.models import StockItem, Want
from exchange.transfer.models import ENCODING_CHOICES
from partners.filters import SEARCH_MAX_LENGTH, CountryFilter, SortFilter
from shipments.items import MaterialType


def _search_widget(placeholder) -> forms.TextInput:
    return forms.TextInput(attrs={"type": "search", "placeholder": placeholder})


def title_search(queryset, text: str, fields=("title", "author")):
    """Titles whose title or author holds the text, or whose ISBN or ISSN is the one typed
    (with or without hyphens; an ISBN-10 finds its ISBN-13 too)."""
    text = " ".join(text.replace("\x00", " ").split())
    if not text:
        return queryset
    condition = Q()
    for name in fields:
        condition |= Q(**{f"{name}__icontains": text})
    for form in identifier_forms(text):
        condition |= Q(isbn__icontains=form) | Q(issn__icontains=form)
    return queryset.filter(condition)


# The stock ------------------------------------------------------------------------


class Availability:
    AVAILABLE = "available"
    NONE = "none"
    CHOICES = [
        (AVAILABLE, _("Copies available")),
        (NONE, _("None available")),
    ]


class StockFilter(django_filters.FilterSet):
    """The stock list's filters, over `StockItem.objects.with_available()`."""

    q = django_filters.CharFilter(
        method="search",
        max_length=SEARCH_MAX_LENGTH,
        label=_("Search"),
        help_text=_("Title, author, ISBN or ISSN."),
        widget=_search_widget(_("Title, author or ISBN")),
    )
    subject = django_filters.CharFilter(
        field_name="subject", lookup_expr="icontains", label=_("Subject"), max_length=200
    )
    # A code as stored (ISO 639: "zh", "eng"), in either case.
    language = django_filters.CharFilter(
        method="filter_language",
        label=_("Language"),
        max_length=3,
        widget=forms.TextInput(attrs={"size": 4, "title": _("Language code (ISO 639)")}),
    )
    year = django_filters.NumberFilter(
        field_name="year",
        label=_("Year"),
        min_value=1000,
        max_value=2999,
        widget=forms.NumberInput(attrs={"min": "1000", "max": "2999"}),
    )
    year_from = django_filters.NumberFilter(
        field_name="year",
        lookup_expr="gte",
        label=_("Year from"),
        min_value=1000,
        max_value=2999,
        widget=forms.NumberInput(attrs={"min": "1000", "max": "2999"}),
    )
    year_to = django_filters.NumberFilter(
        field_name="year",
        lookup_expr="lte",
        label=_("Year to"),
        min_value=1000,
        max_value=2999,
        widget=forms.NumberInput(attrs={"min": "1000", "max": "2999"}),
    )
    material_type = django_filters.ChoiceFilter(
        choices=MaterialType.choices, label=_("Material type"), empty_label=_("Any")
    )
    availability = django_filters.ChoiceFilter(
        method="filter_availability",
        choices=Availability.CHOICES,
        label=_("Availability"),
        empty_label=_("All titles"),
    )
    sort = SortFilter(
        keys={"title": "title", "year": "year", "copies": "copies", "available": "available"},
        default="title",
    )

    class Meta:
        model = StockItem
        fields = []

    def search(self, queryset, name, value):
        return title_search(queryset, value)

    def filter_language(self, queryset, name, value):
        value = value.strip().lower()
        return queryset.filter(language=value) if value else queryset

    def filter_availability(self, queryset, name, value):
        if value == Availability.AVAILABLE:
            return queryset.filter(available__gt=0)
        if value == Availability.NONE:
            return queryset.filter(available__lte=0)
        return queryset


class IdentifierFields(forms.ModelForm):
    """ISBN and ISSN typed with hyphens or spaces, checked and kept compact (the model's
    fields are as long as the compact forms)."""

    isbn = forms.CharField(
        label=_("ISBN"),
        required=False,
        max_length=20,
        help_text=_("With or without hyphens; kept without."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "size": 17}),
    )
    issn = forms.CharField(
        label=_("ISSN"),
        required=False,
        max_length=9,
        widget=forms.TextInput(attrs={"autocomplete": "off", "size": 9}),
    )

    def clean_isbn(self):
        return clean_isbn(self.cleaned_data["isbn"])

    def clean_issn(self):
        return clean_issn(self.cleaned_data["issn"])


STOCK_FIELDS = [
    "title",
    "author",
    "publisher",
    "isbn",
    "issn",
    "material_type",
    "language",
    "year",
    "pages",
    "unit_value",
    "currency",
    "subject",
    "copies",
    "note",
]


class StockItemForm(IdentifierFields):
    pages = forms.IntegerField(
        label=_("Pages per copy"),
        required=False,
        min_value=0,
        widget=forms.NumberInput(attrs={"min": "0"}),
    )
    unit_value = FiniteDecimalField(
        label=_("Unit value"),
        required=False,
        min_value=Decimal(0),
        max_digits=12,
        decimal_places=2,
        widget=forms.NumberInput(attrs={"min": "0", "step": "0.01"}),
    )

    class Meta:
        model = StockItem
        fields = STOCK_FIELDS
        widgets = {
            "language": forms.TextInput(
                attrs={"list": "language-choices", "maxlength": "3", "autocomplete": "off"}
            ),
            "currency": forms.TextInput(
                attrs={"list": "currency-choices", "maxlength": "3", "autocomplete": "off"}
            ),
            "year": forms.NumberInput(attrs={"min": "1000", "max": "2999"}),
            "copies": forms.NumberInput(attrs={"min": "0"}),
            "note": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {
            "copies": _("The copies on hand, reserved ones included."),
        }

    def clean_language(self):
        return self.cleaned_data["language"].strip().lower()

    def clean_currency(self):
        return self.cleaned_data["currency"].strip().upper()

    def clean_pages(self):
        return self.cleaned_data["pages"] or 0

    def clean_unit_value(self):
        return self.cleaned_data["unit_value"] or Decimal(0)


# The fields "Fill in from our records" may fill (those `known_description` gives).
FILLED_FIELDS = (
    "title",
    "author",
    "publisher",
    "issn",
    "material_type",
    "language",
    "year",
    "pages",
)


def filled_in(data, known: dict) -> dict:
    """The form's typed values, with the empty ones of FILLED_FIELDS taken from `known`."""
    values = {name: data.get(name, "") for name in STOCK_FIELDS}
    for name in FILLED_FIELDS:
        if not str(values.get(name) or "").strip() and known.get(name) not in (None, ""):
            values[name] = known[name]
    return values


# Imports ----------------------------------------------------------------------------


class UploadForm(forms.Form):
    """A file to import all or nothing, or to check only."""

    file = forms.FileField(
        label=_("File"),
        help_text=_("CSV or Excel workbook (.xlsx) with a header row."),
    )
    encoding = forms.ChoiceField(
        label=_("Encoding of a CSV file"),
        choices=ENCODING_CHOICES,
        initial="utf-8",
        help_text=_("UTF-8 unless the file was saved by a Chinese spreadsheet program in GB18030."),
    )
    dry_run = forms.BooleanField(
        label=_("Check only"),
        required=False,
        help_text=_("Read and check the file, and write nothing."),
    )


# Wants ------------------------------------------------------------------------------


class WantFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        method="search",
        max_length=SEARCH_MAX_LENGTH,
        label=_("Search"),
        help_text=_("Title, author, ISBN or ISSN, or the note."),
        widget=_search_widget(_("Title, author or ISBN")),
    )
    subject = django_filters.CharFilter(
        field_name="subject", lookup_expr="icontains", label=_("Subject"), max_length=200
    )
    country = CountryFilter()
    sort = SortFilter(
        keys={
            "title": "title",
            "year": "year",
            "subject": "subject",
            "country": "country",
            "added": "created_at",
        },
        default="title",
    )

    class Meta:
        model = Want
        fields = []

    def search(self, queryset, name, value):
        return title_search(queryset, value, fields=("title", "author", "note"))


class WantForm(IdentifierFields):
    class Meta:
        model = Want
        fields = ["title", "author", "year", "isbn", "issn", "subject", "country", "note"]
        widgets = {
            "year": forms.NumberInput(attrs={"min": "1000", "max": "2999"}),
            "note": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {
            "title": _("With the author and year, when there is no ISBN or ISSN."),
        }

    def clean_year(self):
        year = self.cleaned_data["year"]
        if year is not None and not 1000 <= year <= 2999:
            raise ValidationError(_("Give a year between 1000 and 2999."), code="year")
        return year

    def clean(self):
        data = super().clean()
        if not any(data.get(name) for name in ("title", "isbn", "issn", "subject", "country")):
            raise ValidationError(
                _("Say what is wanted: a title, an ISBN or ISSN, a subject or a country."),
                code="says_nothing",
            )
        return data
