"""The reports' filters (period, country or region, kind, status, exchange basis) and
the words and file names a period is shown with."""

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from exchange.balance.export import MEASURE_LABELS
from exchange.balance.totals import MEASURES, Period
from exchange.core.countries import country_choices
from exchange.core.dates import EARLIEST, LATEST, validate_date_in_range
from exchange.core.regions import area_choices
from exchange.core.widgets import QuickSelect
from exchange.reports.tables import (
    CUSTOM,
    PERIOD_CHOICES,
    Filters,
    preset_period,
)
from partners.models import Basis, Kind, Status


class CountryCodeField(forms.ChoiceField):
    """An ISO 3166-1 alpha-2 code, in either case."""

    def to_python(self, value):
        return super().to_python(value).strip().upper()


DATE_ATTRIBUTES = {"type": "date", "min": EARLIEST.isoformat(), "max": LATEST.isoformat()}


class ReportFilterForm(forms.Form):
    period = forms.ChoiceField(label=gettext_lazy("Period"), choices=PERIOD_CHOICES, required=False)
    start = forms.DateField(
        label=gettext_lazy("From"),
        required=False,
        widget=forms.DateInput(attrs=DATE_ATTRIBUTES),
        validators=[validate_date_in_range],
    )
    end = forms.DateField(
        label=gettext_lazy("To"),
        required=False,
        widget=forms.DateInput(attrs=DATE_ATTRIBUTES),
        validators=[validate_date_in_range],
    )
    country = CountryCodeField(
        label=gettext_lazy("Country or region"), required=False, widget=QuickSelect
    )
    region = forms.ChoiceField(label=gettext_lazy("Region"), required=False, widget=QuickSelect)
    kind = forms.ChoiceField(
        label=gettext_lazy("Kind"),
        required=False,
        choices=[("", gettext_lazy("All kinds")), *Kind.choices],
    )
    status = forms.ChoiceField(
        label=gettext_lazy("Partner status"),
        required=False,
        choices=[("", gettext_lazy("Any status")), *Status.choices],
    )
    basis = forms.ChoiceField(
        label=gettext_lazy("Exchange basis"),
        required=False,
        choices=[("", gettext_lazy("Any basis")), *Basis.choices],
    )

    measures = forms.MultipleChoiceField(
        label=gettext_lazy("Measures shown"),
        required=False,
        choices=list(MEASURE_LABELS.items()),
        widget=forms.CheckboxSelectMultiple(attrs={"class": "report-measure-choice"}),
    )

    def __init__(
        self, data, *, default_period: str, with_period=True, with_filters=True, with_measures=True
    ):
        data = data.copy()
        if not data.get("period"):
            # Dates without a period are a custom range; nothing is the report's default.
            data["period"] = CUSTOM if data.get("start") or data.get("end") else default_period
        super().__init__(data)
        self.fields["country"].choices = [("", _("All countries and regions")), *country_choices()]
        self.fields["region"].choices = [("", _("All regions")), *area_choices()]
        if not with_period:
            for name in ("period", "start", "end"):
                del self.fields[name]
        if not with_filters:
            for name in ("country", "region", "kind", "status", "basis"):
                del self.fields[name]
        if not with_measures:
            del self.fields["measures"]

    def clean(self):
        data = super().clean()
        if "period" not in self.fields:
            return data
        start, end = data.get("start"), data.get("end")
        # An unknown period is already an error of its field, and not in `data`.
        if data.get("period") == CUSTOM and start and end and end < start:
            self.add_error("end", _("The end of the period is before its start."))
        return data

    def report_period(self, today) -> Period:
        data = self.cleaned_data
        if "period" not in data:
            return Period()
        if data["period"] == CUSTOM:
            return Period(data.get("start"), data.get("end"))
        return preset_period(data["period"], today)

    def report_measures(self, default: str) -> tuple[str, ...]:
        """The measures ticked, in their usual order; none ticked is the default one."""
        chosen = set(self.cleaned_data.get("measures") or ())
        return tuple(m for m in MEASURES if m in chosen) or (default,)

    def report_filters(self) -> Filters:
        names = ("country", "region", "kind", "status", "basis")
        return Filters(**{name: self.cleaned_data.get(name, "") for name in names})


def period_label(period: Period) -> str:
    if period.start and period.end:
        return f"{period.start.isoformat()} – {period.end.isoformat()}"
    if period.start:
        return _("From %(date)s") % {"date": period.start.isoformat()}
    if period.end:
        return _("Up to %(date)s") % {"date": period.end.isoformat()}
    return _("All dates")


def period_slug(period: Period) -> str:
    start = period.start.isoformat() if period.start else "start"
    end = period.end.isoformat() if period.end else "end"
    return f"{start}_{end}"
