"""Writes of a partner with its addresses and contacts: one function per action."""

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import ProtectedError
from django.utils.translation import gettext as _

from exchange.audit.deletion import delete_unless_refused
from exchange.audit.history import record_starting_state
from exchange.audit.versions import take_version
from partners.models import Address, Contact, Partner


def partner_save(*, partner: Partner, formsets=(), version: int | None = None, user=None):
    """Save the partner and its address and contact formsets in one transaction.

    `version` is the version the user started from: if anyone saved the partner since,
    nothing is saved (a ValidationError with code "conflict"). The admin, whose forms
    carry no version, gives none.
    """
    with transaction.atomic():
        if partner.pk:
            _record_starting_states(partner)
        if partner.pk and version is not None:
            partner.version = take_version(partner, version)
        _one_line_ending(partner)
        partner._history_user = user
        partner.save()
        for formset in formsets:
            formset.instance = partner
            partner_parts_save(formset=formset)
    return partner


def partner_parts_save(*, formset) -> None:
    """Save a partner's address or contact formset (the page's, or the admin's inline):
    a form that differs from the stored record only by its line endings is unchanged."""
    for form in formset.forms:
        _ignore_line_endings(form)
    formset.save()


def _record_starting_states(partner: Partner) -> None:
    """A partner loaded without history (the demo, bulk loads) gets a record of its
    stored state first, with its addresses and contacts, so that this save's record
    shows what changed, field by field."""
    on = partner.updated_at
    record_starting_state(Partner.objects.filter(pk=partner.pk), on=on)
    record_starting_state(Address.objects.filter(partner=partner), on=on)
    record_starting_state(Contact.objects.filter(partner=partner), on=on)


def _same_text(value) -> str | object:
    """Text with one line ending: browsers send a text area's line breaks as CR LF."""
    if isinstance(value, str):
        return value.replace("\r\n", "\n").replace("\r", "\n")
    return value


def _one_line_ending(obj: models.Model) -> None:
    for model_field in obj._meta.concrete_fields:
        if isinstance(model_field, models.TextField):
            name = model_field.attname
            setattr(obj, name, _same_text(getattr(obj, name)))


def _ignore_line_endings(form) -> None:
    """An address or contact form whose only difference from the stored record is CR LF
    for LF is unchanged: the formset then does not save it, and no "Address changed"
    is recorded when no address was touched."""
    if not form.is_bound or not hasattr(form, "cleaned_data"):
        return
    _one_line_ending(form.instance)
    # changed_data is a cached property: this replaces the value the formset reads.
    form.changed_data = [
        name
        for name in form.changed_data
        if name not in form.cleaned_data
        or name not in form.initial
        or _same_text(form.cleaned_data[name]) != _same_text(form.initial[name])
    ]


def partner_delete(*, partner: Partner, user=None) -> None:
    """Delete a partner without any record of exchange, or refuse (a ValidationError
    saying why and what to do instead), checked under a row lock so that no shipment
    can be recorded for it between the check and the deletion."""
    try:
        delete_unless_refused(partner, user=user)
    except ProtectedError as error:
        raise ValidationError(
            _("%(partner)s cannot be deleted: other records refer to it.")
            % {"partner": partner.code},
            code="protected",
        ) from error
