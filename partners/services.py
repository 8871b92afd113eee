"""Writes of a partner with its addresses and contacts: one function per action."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import ProtectedError
from django.utils.translation import gettext as _

from exchange.audit.deletion import delete_unless_refused
from exchange.audit.versions import take_version
from partners.models import Partner


def partner_save(*, partner: Partner, formsets=(), version: int | None = None, user=None):
    """Save the partner and its address and contact formsets in one transaction.

    `version` is the version the user started from: if anyone saved the partner since,
    nothing is saved (a ValidationError with code "conflict"). The admin, whose forms
    carry no version, gives none.
    """
    with transaction.atomic():
        if partner.pk and version is not None:
            partner.version = take_version(partner, version)
        partner._history_user = user
        partner.save()
        for formset in formsets:
            formset.instance = partner
            formset.save()
    return partner


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
