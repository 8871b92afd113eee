"""Choosing a partner: one text field over the partner search, for every form and
filter that names a partner (claims, shipments, the reports' lookup, the lists).

With JavaScript (static/js/autocomplete.js) the input is an ARIA combobox listing the
partners that `partners:lookup` finds as one types; without it, a plain text input
whose code or name the server resolves (`Partner.objects.named`): the code, or the
one partner a name finds.
"""

from django import forms
from django.core.exceptions import ValidationError
from django.urls import reverse_lazy
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from partners.models import Partner
from partners.search import clean_text, code_part

# How many partners a name that finds several lists in its error.
LISTED = 5


class PartnerAutocomplete(forms.TextInput):
    """A text input with a list box the script fills; the strings the script shows come
    from the page (data- attributes), so it has none of its own."""

    def __init__(self, attrs=None):
        defaults = {
            "role": "combobox",
            "aria-autocomplete": "list",
            "aria-expanded": "false",
            "autocomplete": "off",
            "spellcheck": "false",
            "data-autocomplete": reverse_lazy("partners:lookup"),
            "data-msg-none": _("No partner matches."),
            "data-msg-count": _("Partners found: %(n)s. Up and down arrows to choose."),
            "placeholder": _("Code or name"),
        }
        super().__init__({**defaults, **(attrs or {})})

    def render(self, name, value, attrs=None, renderer=None):
        attrs = dict(attrs or {})
        listbox = f"{attrs.get('id') or self.attrs.get('id') or 'id_' + name}-options"
        attrs["aria-controls"] = listbox
        field = super().render(name, value, attrs, renderer)
        return format_html(
            '<div class="autocomplete">{}<ul class="autocomplete__list" id="{}" '
            'role="listbox" hidden></ul></div>',
            field,
            listbox,
        )


def partner_label(partner: Partner) -> str:
    """How a chosen partner reads in the input, and is read back: "GB-BL · British
    Library" (`Partner.__str__`)."""
    return str(partner)


def resolve_partner(text: str, queryset=None) -> Partner:
    """The partner that `text` names (its code, "code · name" as the list writes it, or
    a name that finds exactly one), or ValidationError saying what it found."""
    queryset = Partner.objects.all() if queryset is None else queryset
    typed = str(text)
    text = clean_text(code_part(typed))
    # A NUL is part of no code or name (and PostgreSQL refuses it in a query).
    found = [] if "\x00" in typed else list(queryset.named(text).best_first(text)[: LISTED + 1])
    if len(found) == 1:
        return found[0]
    if not found:
        raise ValidationError(
            _("No partner has the code or a name “%(text)s”."),
            code="invalid_choice",
            params={"text": text[:100]},
        )
    codes = ", ".join(partner.code for partner in found[:LISTED])
    more = "…" if len(found) > LISTED else ""
    raise ValidationError(
        _(
            "“%(text)s” names several partners (%(codes)s%(more)s): choose one from the "
            "list, or type its code."
        ),
        code="ambiguous",
        params={"text": text[:100], "codes": codes, "more": more},
    )


class PartnerChoiceField(forms.ModelChoiceField):
    widget = PartnerAutocomplete

    def __init__(self, *, queryset=None, **kwargs):
        super().__init__(
            queryset=Partner.objects.all() if queryset is None else queryset,
            to_field_name="code",
            **kwargs,
        )

    def prepare_value(self, value):
        if isinstance(value, Partner):
            return partner_label(value)
        return super().prepare_value(value)

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if isinstance(value, Partner):
            return value
        return resolve_partner(value, self.queryset)
