import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from exchange.claims.models import Claim
from exchange.core.widgets import DateInput
from partners.fields import PartnerChoiceField
from shipments.models import Shipment


def _not_in_future(day: datetime.date | None) -> None:
    if day and day > timezone.localdate():
        raise forms.ValidationError(_("The date cannot be in the future."))


class ClaimForm(forms.ModelForm):
    """A new claim: to a partner, optionally about one of its shipments."""

    partner = PartnerChoiceField(label=_("Partner"))
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
