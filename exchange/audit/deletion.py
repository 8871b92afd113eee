"""What may be deleted, and when not, why and what to do instead.

The records are the memory of decades of exchange: a partner with shipments, a
shipment that was dispatched or received, an agreement with obligations are kept
(the database protects them too, with PROTECT). Drafts, and incoming shipments that
never came, may be deleted. Each model says why one of its records may not be
deleted (`deletion_refusal()`, "" when it may); the web pages and the admin give
those reasons.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _


def delete_unless_refused(obj, *, user) -> None:
    """Delete the object, or raise a ValidationError (code "protected") with its
    refusal; checked under a row lock, so that nothing can come to depend on it between
    the check and the deletion."""
    with transaction.atomic():
        locked = type(obj)._default_manager.select_for_update().get(pk=obj.pk)
        refusal = locked.deletion_refusal()
        if refusal:
            raise ValidationError(refusal, code="protected")
        locked._history_user = user
        locked.delete()


class ExplainedDeletionAdmin:
    """Admin mixin: deleting a protected record (one, or several with the bulk action)
    shows Django's "cannot delete" page with our reason and what to do instead: at the
    top, above the related records that protect it, or as the list itself where no
    related record does (a dispatched shipment)."""

    def get_deleted_objects(self, objs, request):
        deleted, counts, perms_needed, protected = super().get_deleted_objects(objs, request)
        reasons = [reason for reason in (obj.deletion_refusal() for obj in objs) if reason]
        if not protected:
            return deleted, counts, perms_needed, reasons
        for reason in reasons[:5]:
            messages.error(request, reason)
        if len(reasons) > 5:
            messages.error(
                request, _("%(n)d more cannot be deleted either.") % {"n": len(reasons) - 5}
            )
        return deleted, counts, perms_needed, protected
