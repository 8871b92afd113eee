"""Editing a partner with its addresses and contacts (administrators)."""

from django import forms
from django.forms import inlineformset_factory
from django.utils.translation import gettext_lazy as _

from partners.models import (
    PARTNER_CHINESE_COLUMNS,
    PARTNER_COLUMNS,
    Address,
    Contact,
    Partner,
    validate_partner_code,
)


class PartnerForm(forms.ModelForm):
    website = forms.URLField(label=_("Website"), required=False, assume_scheme="https")

    class Meta:
        model = Partner
        fields = [*PARTNER_COLUMNS, *PARTNER_CHINESE_COLUMNS, "notes"]
        widgets = {
            "exchange_since": forms.DateInput(attrs={"type": "date"}),
            "notes": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            # The version the user starts from: a save made meanwhile by someone else
            # refuses this one instead of silently undoing it.
            self.fields["version"] = forms.IntegerField(
                widget=forms.HiddenInput, initial=self.instance.version
            )

    def clean_code(self):
        code = self.cleaned_data["code"].strip().upper()
        # Here as well as in Partner.clean, so that a refused code never reaches the
        # partner the page links to.
        validate_partner_code(code)
        return code


class AddressForm(forms.ModelForm):
    class Meta:
        model = Address
        fields = ["kind", "recipient", "lines", "city", "postcode", "country"]
        widgets = {"lines": forms.Textarea(attrs={"rows": 2})}


class ContactForm(forms.ModelForm):
    class Meta:
        model = Contact
        fields = ["name", "role", "role_zh", "email", "phone", "language"]
        widgets = {
            "language": forms.TextInput(attrs={"list": "language-choices", "size": 4}),
        }

    def clean_language(self):
        return self.cleaned_data["language"].strip().lower()


# A posted form count is capped, so a forged one cannot make the page build thousands.
LIMITS = {"max_num": 50, "absolute_max": 50, "validate_max": True}
AddressFormSet = inlineformset_factory(
    Partner, Address, form=AddressForm, extra=0, can_delete=True, **LIMITS
)
ContactFormSet = inlineformset_factory(
    Partner, Contact, form=ContactForm, extra=0, can_delete=True, **LIMITS
)
