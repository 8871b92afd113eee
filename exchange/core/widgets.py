"""Widgets shared by the apps' forms."""

from html import escape

from django import forms
from django.utils.safestring import mark_safe


class QuickSelect(forms.Select):
    """A <select> of hundreds of options (countries, regions) written in Python: Django
    renders a template per option, which took longer than the report under the form."""

    def render(self, name, value, attrs=None, renderer=None):
        selected = set(self.format_value(value))

        def option(value, label) -> str:
            value = str(value)
            mark = " selected" if value in selected else ""
            return f'<option value="{escape(value)}"{mark}>{escape(str(label))}</option>'

        attrs = "".join(_attribute(*item) for item in self.build_attrs(self.attrs, attrs).items())
        parts = [f'<select name="{escape(name)}"{attrs}>']
        for value, label in self.choices:
            if isinstance(label, (list, tuple)):  # a group of options
                parts.append(f'<optgroup label="{escape(str(value))}">')
                parts += (option(*choice) for choice in label)
                parts.append("</optgroup>")
            else:
                parts.append(option(value, label))
        parts.append("</select>")
        return mark_safe("\n".join(parts))


def _attribute(name: str, value) -> str:
    """As Django's widgets/attrs.html writes it: True alone, False not at all."""
    if value is True:
        return f" {name}"
    return "" if value is False else f' {name}="{escape(str(value))}"'


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")
