from django import forms
from django.utils.translation import gettext_lazy as _

from exchange.core.choices import Direction
from exchange.core.widgets import DateInput
from exchange.programme.fulfilment import State
from exchange.programme.models import OBLIGATION_FIELDS, CulturalAgreement, Obligation
from partners.models import Partner


class AgreementForm(forms.ModelForm):
    class Meta:
        model = CulturalAgreement
        fields = [
            "title",
            "title_zh",
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
            "title_zh": forms.TextInput(attrs={"lang": "zh-hans"}),
        }


class ObligationForm(forms.ModelForm):
    """An obligation of one agreement; its partner is chosen among those of its countries."""

    class Meta:
        model = Obligation
        fields = OBLIGATION_FIELDS
        widgets = {
            "description": forms.Textarea(attrs={"rows": 3}),
            "description_zh": forms.Textarea(attrs={"rows": 3, "lang": "zh-hans"}),
        }

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
