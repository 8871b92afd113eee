"""Two people saving the same record cannot undo each other's changes.

A partner or shipment carries a `version`, sent with its form. A save moves it on
from the version the user saw, or is refused with what others changed meanwhile;
the user's input is kept and the form moves on to the current version, so that
saving again, having seen their changes, is deliberate.
"""

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from exchange.audit.history import History, changes_since


def take_version(obj, seen: int) -> int:
    """The next version of `obj`, if it is still at the version the user saw; else a
    ValidationError (code "conflict"). The conditional UPDATE locks the row, so of two
    saves from one version the second finds nothing to update, on any database."""
    manager = type(obj)._default_manager
    if manager.filter(pk=obj.pk, version=seen).update(version=seen + 1):
        return seen + 1
    raise conflict_error(manager.get(pk=obj.pk), seen)


def conflict_error(current, seen: int) -> ValidationError:
    """The refusal of a save made from a version someone else has since replaced by
    `current`, in the words of the model's `conflict_message` (who, and at what time);
    `params["version"]` is the current version."""
    latest = changes_since(current, seen).events
    who = latest[0].who if latest else _("Someone else")
    at = timezone.localtime(latest[0].at if latest else current.updated_at)
    message = current.conflict_message % {"who": who, "at": at.strftime("%Y-%m-%d %H:%M")}
    return ValidationError(message, code="conflict", params={"version": current.version})


def refused_changes(form, current) -> History:
    """After a refused save: what others saved since the form's version; the form
    moves on to the current version and keeps the user's input."""
    seen = form.cleaned_data["version"]
    form.data = form.data.copy()
    form.data[form.add_prefix("version")] = current.version
    return changes_since(current, seen)
