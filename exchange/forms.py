"""Forms of the programme pages: agreements, obligations, claims."""

import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from exchange.fulfilment import State
from exchange.models import CulturalAgreement, Direction, Obligation
from partners.models import Partner
from shipments.models import Claim, Shipment


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


class AgreementForm(forms.ModelForm):
    class Meta:
        model = CulturalAgreement
        fields = [
            "title",
            "kind",
            "reference",
            "countries",
            "signed_on",
            "valid_from",
            "valid_to",
            "summary",
        ]
        widgets = {
            "countries": forms.SelectMultiple(attrs={"size": 10}),
            "signed_on": DateInput(),
            "valid_from": DateInput(),
            "valid_to": DateInput(),
            "summary": forms.Textarea(attrs={"rows": 8}),
        }


class ObligationForm(forms.ModelForm):
    """An obligation of one agreement; its partner is chosen among those of its countries."""

    class Meta:
        model = Obligation
        fields = ["partner", "direction", "measure", "target", "period", "description"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, agreement: CulturalAgreement, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.agreement = agreement
        codes = [country.code for country in agreement.countries]
        self.fields["partner"].queryset = Partner.objects.filter(country__in=codes).order_by("code")
        self.fields["partner"].empty_label = _("All partners in the agreement's countries")


class ObligationListForm(forms.Form):
    """The obligations page's choices: a year and, optionally, a state and direction."""

    year = forms.TypedChoiceField(label=_("Year"), coerce=int, required=False)
    state = forms.ChoiceField(
        label=_("State"), choices=[("", _("Any"))] + State.choices, required=False
    )
    direction = forms.ChoiceField(
        label=_("Direction"), choices=[("", _("Both"))] + Direction.choices, required=False
    )

    def __init__(self, *args, years: list[int], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [(year, str(year)) for year in years]


def _not_in_future(day: datetime.date | None) -> None:
    if day and day > timezone.localdate():
        raise forms.ValidationError(_("The date cannot be in the future."))


class ClaimForm(forms.ModelForm):
    """A new claim: to a partner, optionally about one of its shipments."""

    partner = forms.ModelChoiceField(
        label=_("Partner"), queryset=Partner.objects.order_by("code"), to_field_name="code"
    )
    shipment = forms.ModelChoiceField(
        label=_("Shipment reference"),
        queryset=Shipment.objects.all(),
        to_field_name="reference",
        required=False,
        widget=forms.TextInput(attrs={"placeholder": "IN-2026-00001"}),
        error_messages={"invalid_choice": _("There is no shipment with this reference.")},
        help_text=_("Leave empty for a claim about the exchange as a whole."),
    )

    class Meta:
        model = Claim
        fields = ["partner", "shipment", "claimed_on", "subject"]
        widgets = {"claimed_on": DateInput(), "subject": forms.Textarea(attrs={"rows": 5})}

    def clean_claimed_on(self):
        claimed_on = self.cleaned_data["claimed_on"]
        _not_in_future(claimed_on)
        return claimed_on

    def clean(self):
        cleaned = super().clean()
        partner, shipment = cleaned.get("partner"), cleaned.get("shipment")
        if partner and shipment and shipment.partner_id != partner.pk:
            self.add_error("shipment", _("This shipment is of another partner."))
        return cleaned


class ClaimReplyForm(forms.ModelForm):
    """The partner's reply to a claim."""

    class Meta:
        model = Claim
        fields = ["reply", "replied_on"]
        widgets = {"replied_on": DateInput(), "reply": forms.Textarea(attrs={"rows": 5})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reply"].required = True
        self.fields["replied_on"].required = True

    def clean_replied_on(self):
        replied_on = self.cleaned_data["replied_on"]
        _not_in_future(replied_on)
        if replied_on and replied_on < self.instance.claimed_on:
            raise forms.ValidationError(
                _("The reply cannot come before the claim (%(date)s).")
                % {"date": self.instance.claimed_on.isoformat()}
            )
        return replied_on
