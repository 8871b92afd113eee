"""The one question a bulk action asks before it runs: the date (and a note for the
shipments' history)."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from exchange.core.dates import validate_date_in_range


class BulkActionForm(forms.Form):
    on = forms.DateField(
        label=_("Date"),
        validators=[validate_date_in_range],
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    note = forms.CharField(label=_("Note"), required=False, max_length=255)

    def __init__(self, *args, date_label="", with_note=True, **kwargs):
        super().__init__(*args, **kwargs)
        today = timezone.localdate()
        self.fields["on"].initial = today
        self.fields["on"].widget.attrs["max"] = today.isoformat()
        if date_label:
            self.fields["on"].label = date_label
        if not with_note:
            del self.fields["note"]

    def clean_on(self):
        on = self.cleaned_data["on"]
        if on > timezone.localdate():
            raise forms.ValidationError(_("The date cannot be in the future."))
        return on
