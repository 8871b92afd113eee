"""The forms and filters of the offer list and selection pages."""

import django_filters
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from exchange.core.widgets import DateInput
from exchange.offers.models import OfferLine, OfferList, Selection, StockItem
from partners.filters import SEARCH_MAX_LENGTH, PartnerChoiceFilter, SortFilter
from partners.models import Kind, Partner
from shipments.items import MaterialType

# Offer lists ------------------------------------------------------------------------


class OfferListFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        method="search",
        label=_("Search"),
        max_length=SEARCH_MAX_LENGTH,
        widget=forms.TextInput(attrs={"type": "search", "placeholder": _("Reference or title")}),
    )
    status = django_filters.ChoiceFilter(
        choices=OfferList.Status.choices, label=_("Status"), empty_label=_("Any")
    )
    sort = SortFilter(
        keys={
            "date": "offered_on",
            "reference": "reference",
            "titles": "title_count",
            "selections": "selection_count",
        },
        default="-date",
        tiebreak=("-pk",),
    )

    class Meta:
        model = OfferList
        fields = ["q", "status", "sort"]

    def search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(
            Q(reference__icontains=value) | Q(title__icontains=value) | Q(title_zh__icontains=value)
        )


class OfferListForm(forms.ModelForm):
    """A list and whom it is addressed to: all active partners, or chosen partners,
    countries and kinds (any of them)."""

    partners = forms.ModelMultipleChoiceField(
        label=_("Partners"),
        queryset=Partner.objects.none(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 10}),
        help_text=_("Active partners; hold Ctrl (⌘ on a Mac) to choose several."),
    )
    kind_choices = forms.MultipleChoiceField(
        label=_("Kinds of partner"),
        choices=Kind.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = OfferList
        fields = [
            "reference",
            "title",
            "title_zh",
            "offered_on",
            "reply_by",
            "to_all_active",
            "partners",
            "countries",
            "kind_choices",
            "note",
        ]
        widgets = {
            "title_zh": forms.TextInput(attrs={"lang": "zh-hans"}),
            "offered_on": DateInput(),
            "reply_by": DateInput(),
            "countries": forms.SelectMultiple(attrs={"size": 10}),
            "note": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Partners chosen before they stopped being active stay chosen.
        chosen = self.instance.partners.all() if self.instance.pk else Partner.objects.none()
        self.fields["partners"].queryset = Partner.objects.filter(
            Q(status="active") | Q(pk__in=chosen.values("pk"))
        ).order_by("code")
        self.fields["kind_choices"].initial = self.instance.kind_codes

    def clean(self):
        cleaned = super().clean()
        self.instance.kinds = ",".join(cleaned.get("kind_choices") or [])
        if not (
            cleaned.get("to_all_active")
            or cleaned.get("partners")
            or cleaned.get("countries")
            or cleaned.get("kind_choices")
        ):
            raise forms.ValidationError(
                _("Address the list to someone: all active partners, partners, countries or kinds.")
            )
        return cleaned


class StockChoiceFilter(django_filters.FilterSet):
    """The stock to choose a list's titles from."""

    q = django_filters.CharFilter(
        method="search",
        label=_("Search"),
        max_length=SEARCH_MAX_LENGTH,
        widget=forms.TextInput(
            attrs={"type": "search", "placeholder": _("Title, author, publisher or ISBN")}
        ),
    )
    subject = django_filters.CharFilter(
        lookup_expr="icontains", label=_("Subject"), max_length=SEARCH_MAX_LENGTH
    )
    language = django_filters.CharFilter(lookup_expr="iexact", label=_("Language"), max_length=3)
    year = django_filters.NumberFilter(label=_("Year"))
    material_type = django_filters.ChoiceFilter(
        choices=MaterialType.choices, label=_("Material type"), empty_label=_("Any")
    )
    available = django_filters.BooleanFilter(
        method="only_available",
        label=_("Available only"),
        widget=forms.CheckboxInput,
    )

    class Meta:
        model = StockItem
        fields = ["q", "subject", "language", "year", "material_type", "available"]

    def search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        digits = value.replace("-", "").replace(" ", "")
        return queryset.filter(
            Q(title__icontains=value)
            | Q(author__icontains=value)
            | Q(publisher__icontains=value)
            | Q(isbn__icontains=digits)
            | Q(issn__icontains=digits)
        )

    def only_available(self, queryset, name, value):
        return queryset.filter(available__gt=0) if value else queryset


# Selections -------------------------------------------------------------------------


class SelectionFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(
        choices=Selection.Status.choices, label=_("Status"), empty_label=_("Any")
    )
    awaiting = django_filters.ChoiceFilter(
        choices=[("head", _("A department head's approval"))],
        label=_("Waiting for"),
        empty_label=_("Anything"),
        method="filter_awaiting",
    )
    partner = PartnerChoiceFilter()
    offer_list = django_filters.ModelChoiceFilter(
        queryset=OfferList.objects.order_by("-offered_on", "-pk"),
        label=_("Offer list"),
        empty_label=_("Any"),
    )
    sort = SortFilter(
        keys={
            "placed": "placed_at",
            "partner": "partner__code",
            "list": "offer_list__reference",
            "status": "status",
        },
        default="-placed",
        tiebreak=("-pk",),
    )

    class Meta:
        model = Selection
        fields = ["status", "awaiting", "partner", "offer_list", "sort"]

    def filter_awaiting(self, queryset, name, value):
        return queryset.awaiting_head() if value == "head" else queryset


SOURCES = [(value, label) for value, label in Selection.Source.choices if value != "portal"]


class SelectionForm(forms.Form):
    """A partner's selection recorded by staff: the partner, how it came, and the copies
    asked for per entry (`copies_<line id>`, 0 for none)."""

    partner = forms.ModelChoiceField(
        label=_("Partner"),
        queryset=Partner.objects.filter(status="active").order_by("code"),
        to_field_name="code",
        empty_label=_("Choose the partner"),
    )
    source = forms.ChoiceField(label=_("Received as"), choices=SOURCES)
    note = forms.CharField(
        label=_("Note"),
        max_length=300,
        required=False,
        help_text=_("The letter's date or reference, the sender…"),
    )

    def __init__(self, *args, lines: list[OfferLine], **kwargs):
        super().__init__(*args, **kwargs)
        self.lines = lines
        for line in lines:
            self.fields[self.copies_name(line)] = forms.IntegerField(
                label=_("Copies of entry %(number)s") % {"number": line.number},
                min_value=0,
                max_value=10_000,
                required=False,
                initial=0,
                widget=forms.NumberInput(attrs={"class": "input--narrow"}),
            )

    @staticmethod
    def copies_name(line) -> str:
        return f"copies_{line.pk}"

    def line_fields(self):
        """(line, its copies field) per entry, for the table of entries."""
        return [(line, self[self.copies_name(line)]) for line in self.lines]

    def asked(self) -> list[tuple[OfferLine, int]]:
        return [
            (line, self.cleaned_data.get(self.copies_name(line)) or 0)
            for line in self.lines
            if self.cleaned_data.get(self.copies_name(line))
        ]

    def clean(self):
        cleaned = super().clean()
        if self.lines and not self.errors and not self.asked():
            raise forms.ValidationError(_("Ask for at least one title."))
        return cleaned


class DeclineForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=300, required=False)
