from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from exchange.rates.models import RATE_COLUMNS, ExchangeRate


class RateForm(forms.ModelForm):
    """A rate: the code in any case ("usd" is USD, the model upper-cases it), checked
    against ISO 4217; a rate of 0 or less refused in plain words (the model's check)."""

    class Meta:
        model = ExchangeRate
        fields = list(RATE_COLUMNS)
        widgets = {
            "currency": forms.TextInput(
                attrs={"list": "currency-choices", "size": 4, "autocapitalize": "characters"}
            ),
            "valid_from": forms.DateInput(attrs={"type": "date"}),
            "rate": forms.TextInput(attrs={"inputmode": "decimal"}),
        }
        help_texts = {"currency": _("ISO 4217 code, e.g. USD, EUR, JPY.")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["rate"].help_text = _(
            "How many %(base)s one unit of the currency is worth, at most 6 decimals."
        ) % {"base": settings.EXCHANGE_BASE_CURRENCY}

    def clean_currency(self):
        return self.cleaned_data["currency"].strip().upper()
