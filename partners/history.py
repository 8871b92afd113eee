"""A partner's page history: the partner, its addresses and its contacts."""

from django.utils.translation import gettext as _

from exchange.audit.history import PAGE_EVENTS, History, Part, object_history
from partners.models import Address, Contact


def partner_history(partner, limit: int | None = PAGE_EVENTS) -> History:
    return object_history(
        partner,
        Part(
            Address,
            "partner",
            lambda r: _("Address (%(kind)s)") % {"kind": r.get_kind_display().lower()},
            _("Addresses"),
        ),
        Part(Contact, "partner", lambda r: _("Contact %(name)s") % {"name": r.name}, _("Contacts")),
        limit=limit,
    )
