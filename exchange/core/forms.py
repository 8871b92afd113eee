"""Form fields shared by the capabilities' forms."""

from django import forms
from django.core.exceptions import ValidationError


class FiniteDecimalField(forms.DecimalField):
    """Django's DecimalField, refusing "NaN" and "sNaN" as it reads them: a signalling NaN
    would otherwise raise when a formset compares the value with the initial one."""

    def to_python(self, value):
        number = super().to_python(value)
        if number is not None and not number.is_finite():
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        return number
