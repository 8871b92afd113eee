"""Shipment entry: the shipment's details, its items (a formset), and the status steps."""

import uuid
from decimal import Decimal

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.forms import BaseInlineFormSet, inlineformset_factory
from django.forms.models import ModelChoiceIterator
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from exchange.core.choices import Direction
from exchange.core.forms import FiniteDecimalField
from exchange.core.identifiers import clean_isbn, clean_issn
from partners.fields import PartnerChoiceField
from partners.models import Partner
from shipments.columns import ITEM_FIELDS
from shipments.items import ShipmentItem
from shipments.known import identifier_key, sent_before
from shipments.models import Shipment
from shipments.obligations import obligations_in_force, obligations_of_partner, partners_with_code


class OfferedChoices(ModelChoiceIterator):
    """The choices of a model choice field from another queryset than the one it
    validates against."""

    def __init__(self, field, queryset):
        super().__init__(field)
        self.queryset = queryset


class ShipmentForm(forms.ModelForm):
    partner = PartnerChoiceField(
        label=_("Partner"), help_text=_("Type the partner's code or name and pick it.")
    )
    received_on = forms.DateField(
        label=_("Received on"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("Fill in when the parcel has arrived: it is then recorded as received."),
    )

    class Meta:
        model = Shipment
        fields = [
            "partner",
            "obligation",
            "expected_on",
            "method",
            "tracking_number",
            "parcels",
            "weight_kg",
            "postage_cost",
            "other_cost",
            "notes",
        ]
        widgets = {
            "expected_on": forms.DateInput(attrs={"type": "date"}),
            "notes": forms.Textarea(attrs={"rows": 2}),
            "weight_kg": forms.NumberInput(attrs={"step": "0.001", "min": "0"}),
            "postage_cost": forms.NumberInput(attrs={"step": "0.01", "min": "0"}),
            "other_cost": forms.NumberInput(attrs={"step": "0.01", "min": "0"}),
            "parcels": forms.NumberInput(attrs={"min": "0"}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        shipment = self.instance
        if shipment.is_outgoing:
            # Outgoing: the tracking number comes with the dispatch step.
            for name in ("expected_on", "tracking_number", "received_on"):
                del self.fields[name]
        else:
            # Incoming: the partner pays the postage.
            del self.fields["postage_cost"]
            if shipment.status != Shipment.Status.EXPECTED:
                del self.fields["received_on"]
        if shipment.pk:
            # The version the user starts from: a save made meanwhile by someone else
            # refuses this one (shipment_update) instead of silently undoing it.
            self.fields["version"] = forms.IntegerField(
                widget=forms.HiddenInput, initial=shipment.version
            )
        else:
            # This form, once: sent again (a double click, a reload), it shows the
            # shipment it created rather than creating another (shipment_create).
            self.fields["form_token"] = forms.UUIDField(
                widget=forms.HiddenInput, initial=uuid.uuid4, required=False
            )
        if shipment.partner_id:
            self.initial["partner"] = shipment.partner
        elif not self.initial.get("partner"):
            self.fields["partner"].widget.attrs["autofocus"] = True
        today = timezone.localdate()
        self._offer_obligations(shipment)
        self.fields["obligation"].help_text = _("The agreement obligation it serves, if any.")
        self.fields["obligation"].empty_label = _("None")
        self.fields["method"].choices = [("", _("Not decided yet")), *Shipment.Method.choices]
        if "received_on" in self.fields:
            self.fields["received_on"].widget.attrs["max"] = today.isoformat()
        for name in ("postage_cost", "other_cost"):
            if name in self.fields:
                self.fields[name].required = False

    def _offer_obligations(self, shipment):
        """Validated against every obligation of the direction in force, so one that
        does not fit the partner gets `Shipment.clean`'s own message; offered: those of
        the partner, once it is known (the page asks again when the partner changes)."""
        field = self.fields["obligation"]
        field.queryset = obligations_in_force(shipment.direction, keep=shipment.obligation_id)
        if self.is_bound:
            partners = partners_with_code(str(self.data.get(self.add_prefix("partner"), "")))
        elif shipment.partner_id:
            partners = Partner.objects.filter(pk=shipment.partner_id)
        elif self.initial.get("partner"):
            partners = partners_with_code(str(self.initial["partner"]))
        else:
            return
        field.widget.choices = OfferedChoices(
            field, obligations_of_partner(field.queryset, partners)
        )

    def clean_postage_cost(self):
        return self.cleaned_data["postage_cost"] or Decimal(0)

    def clean_other_cost(self):
        return self.cleaned_data["other_cost"] or Decimal(0)

    def clean_partner(self):
        partner = self.cleaned_data["partner"]
        if partner.is_ended and partner.pk != self.instance.partner_id:
            raise ValidationError(
                _(
                    "The exchange with %(partner)s has ended: no new shipments can be "
                    "recorded for it."
                ),
                code="partner_ended",
                params={"partner": partner.code},
            )
        return partner


class ItemForm(forms.ModelForm):
    # The shipments that already took this title to the partner (note_sent_before).
    sent_before = ()

    # ISBN and ISSN are typed with hyphens and stored compact, so the form's fields are
    # longer than the model's.
    isbn = forms.CharField(
        label=_("ISBN"),
        required=False,
        max_length=20,
        widget=forms.TextInput(attrs={"autocomplete": "off", "data-isbn": "", "size": 17}),
    )
    issn = forms.CharField(
        label=_("ISSN"),
        required=False,
        max_length=9,
        widget=forms.TextInput(attrs={"autocomplete": "off", "data-issn": "", "size": 9}),
    )
    quantity = forms.IntegerField(
        label=_("Quantity"),
        initial=1,
        min_value=1,
        error_messages={
            "min_value": _("The quantity must be at least 1."),
            "required": _("Give the number of copies."),
        },
        widget=forms.NumberInput(attrs={"min": "1", "data-quantity": ""}),
    )
    pages = forms.IntegerField(
        label=_("Pages"),
        required=False,
        min_value=0,
        widget=forms.NumberInput(attrs={"min": "0", "data-pages": ""}),
    )
    unit_value = FiniteDecimalField(
        label=_("Unit value"),
        required=False,
        min_value=Decimal(0),
        max_digits=12,
        decimal_places=2,
        widget=forms.NumberInput(attrs={"min": "0", "step": "0.01", "data-unit-value": ""}),
    )

    class Meta:
        model = ShipmentItem
        fields = ITEM_FIELDS
        widgets = {
            "title": forms.TextInput(attrs={"data-title": ""}),
            "language": forms.TextInput(
                attrs={"list": "language-choices", "maxlength": "3", "autocomplete": "off"}
            ),
            "currency": forms.TextInput(
                attrs={
                    "list": "currency-choices",
                    "maxlength": "3",
                    "autocomplete": "off",
                    "data-currency": "",
                }
            ),
            "year": forms.NumberInput(attrs={"min": "1000", "max": "2999"}),
        }

    def __init__(self, *args, default_currency: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["currency"].initial = default_currency
        self.fields["material_type"].initial = ShipmentItem.MaterialType.MONOGRAPH

    def sent_before_message(self) -> str:
        """The warning, once saved, about a title that already went to the partner."""
        latest = self.sent_before[0]
        return _(
            "“%(title)s” had already been sent to this partner on %(date)s in %(reference)s."
        ) % {
            "title": self.cleaned_data["title"],
            "date": latest.dispatched_on.isoformat(),
            "reference": latest.reference,
        }

    def identifiers(self) -> tuple[str, str]:
        """The item's valid ISBN and ISSN as typed (compact), or as saved."""
        if not self.is_bound:
            return self.instance.isbn, self.instance.issn
        data = getattr(self, "cleaned_data", {})
        return data.get("isbn", ""), data.get("issn", "")

    def clean_isbn(self):
        return clean_isbn(self.cleaned_data["isbn"])

    def clean_issn(self):
        return clean_issn(self.cleaned_data["issn"])

    def clean_language(self):
        return self.cleaned_data["language"].strip().lower()

    def clean_currency(self):
        return self.cleaned_data["currency"].strip().upper()

    def clean_pages(self):
        return self.cleaned_data["pages"] or 0

    def clean_unit_value(self):
        return self.cleaned_data["unit_value"] or Decimal(0)


class BaseItemFormSet(BaseInlineFormSet):
    def __init__(self, *args, require_items: bool = False, **kwargs):
        self.require_items = require_items
        super().__init__(*args, **kwargs)

    def clean(self):
        super().clean()
        if self.require_items and not any(
            (form.instance.pk or form.has_changed()) and not self._should_delete_form(form)
            for form in self.forms
        ):
            raise ValidationError(_("Add at least one item."), code="no_items")

    def note_sent_before(self, partner, shipment) -> list:
        """Set `sent_before` on each item form, the shipments that already took its
        title to the partner (a warning: sending a title twice may be meant); and
        return the forms that have some. One query, none without an ISBN or ISSN."""
        typed = {
            form: form.identifiers()
            for form in self.forms
            if any(form.identifiers()) and not (form.is_bound and self._should_delete_form(form))
        }
        if not typed or not shipment.is_outgoing:
            return []
        found = sent_before(partner, typed.values(), exclude_shipment=shipment)
        noted = []
        for form, (isbn, issn) in typed.items():
            shipments = found.get(identifier_key(isbn=isbn), []) + [
                earlier
                for earlier in found.get(identifier_key(issn=issn), [])
                if earlier not in found.get(identifier_key(isbn=isbn), [])
            ]
            form.sent_before = shipments
            if shipments:
                noted.append(form)
        return noted

    def mark_missing_rates(self, missing: list[str], message) -> None:
        """Show a missing-rate error on the currency of each item valued in it."""
        for form in self.forms:
            data = getattr(form, "cleaned_data", {})
            if data.get("currency") in missing and data.get("unit_value"):
                form.add_error("currency", message)


# Items typed on one page; longer lists are imported. A posted form count is capped
# here, so a forged count cannot make the page build thousands of forms.
MAX_ITEMS = 500


def item_formset(extra: int):
    return inlineformset_factory(
        Shipment,
        ShipmentItem,
        form=ItemForm,
        formset=BaseItemFormSet,
        extra=extra,
        can_delete=True,
        max_num=MAX_ITEMS,
        absolute_max=MAX_ITEMS,
        validate_max=True,
    )


def default_currency(direction: str) -> str:
    """What we send is valued in our own currency; what we receive varies."""
    return settings.EXCHANGE_BASE_CURRENCY if direction == Direction.OUTGOING else ""


class StepForm(forms.Form):
    """The date of a status step, and a note for the history."""

    on = forms.DateField(widget=forms.DateInput(attrs={"type": "date"}))
    note = forms.CharField(label=_("Note"), required=False, max_length=255)

    def __init__(self, *args, shipment: Shipment, step, **kwargs):
        super().__init__(*args, **kwargs)
        today = timezone.localdate()
        field = Shipment._meta.get_field(step.date_field)
        self.fields["on"].label = str(field.verbose_name).capitalize()
        self.fields["on"].initial = today
        self.fields["on"].widget.attrs.update({"max": today.isoformat(), "autofocus": True})
        if step.name == "dispatch":
            self.fields["method"] = forms.ChoiceField(
                label=_("Dispatch method"),
                choices=Shipment.Method.choices,
                initial=shipment.method or Shipment.Method.SURFACE,
            )
            self.fields["tracking_number"] = forms.CharField(
                label=_("Tracking number"),
                required=False,
                max_length=64,
                initial=shipment.tracking_number,
            )
            self.order_fields(["on", "method", "tracking_number", "note"])
