"""Writes that touch a shipment and its items or history: one function per action."""

import datetime

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from exchange.audit.deletion import delete_unless_refused
from exchange.audit.versions import conflict_error
from exchange.rates.in_effect import currencies_without_rate
from shipments.items import ShipmentItem
from shipments.models import Shipment
from shipments.references import next_reference
from shipments.steps import STEPS, ShipmentEvent

# Steps after which the shipment counts, so every valued item needs a rate.
COUNTING_STEPS = ("dispatch", "receive")


def check_rates(items, on: datetime.date) -> None:
    """Refuse to count a shipment whose valued items have a currency with no rate."""
    currencies = {item.currency for item in items if item.unit_value and item.currency}
    missing = currencies_without_rate(currencies, on)
    if missing:
        # `missing` in params lets a form mark the items in those currencies.
        raise ValidationError(
            _("There is no exchange rate for %(currencies)s on %(date)s. Add one first."),
            code="missing_rate",
            params={"currencies": ", ".join(missing), "date": on.isoformat(), "missing": missing},
        )


class AlreadyCreated(Exception):
    """The form that creates this shipment was sent again (a double click, a reload)."""

    def __init__(self, shipment: Shipment):
        super().__init__(shipment.reference)
        self.shipment = shipment


def shipment_create(
    *, shipment: Shipment, items, user=None, received_on=None, form_token=None
) -> Shipment:
    """Save a new shipment with its items and its first history entry.

    `items` are unsaved ShipmentItem objects. The reference is generated when empty.
    `received_on` records a new incoming shipment as received that day (the parcel
    is on the desk), checked as the receive step is. `form_token` names the form that
    was filled in: sent again, it creates nothing and raises AlreadyCreated.
    """
    refuse_a_second_time(form_token)
    shipment.form_token = form_token
    with transaction.atomic():
        if received_on is not None:
            shipment.apply_step("receive", received_on)
        generate = not shipment.reference
        if generate:
            shipment.reference = next_reference(shipment.direction, timezone.localdate().year)
        shipment.created_by = user
        shipment._history_user = user
        # A form sent twice is AlreadyCreated (above, or on insert), not a field error.
        shipment.full_clean(exclude=["form_token", *(["reference"] if generate else [])])
        for item in items:
            item.shipment = shipment
            item.full_clean(exclude=["shipment"])
        if shipment.balance_date:
            check_rates(items, shipment.balance_date)
        _insert(shipment, generate)
        for item in items:
            item.shipment = shipment
        ShipmentItem.objects.bulk_create(items)
        # bulk_create sends no signal: the items' history is written in bulk too.
        ShipmentItem.history.bulk_history_create(
            items, default_user=user, default_date=timezone.now()
        )
        ShipmentEvent.objects.create(
            shipment=shipment,
            status=shipment.status,
            on=shipment.balance_date or timezone.localdate(),
            user=user,
            note=_("Created"),
        )
    return shipment


def refuse_a_second_time(form_token) -> None:
    if form_token is None:
        return
    existing = Shipment.objects.filter(form_token=form_token).first()
    if existing is not None:
        raise AlreadyCreated(existing)


def _insert(shipment: Shipment, generated: bool, attempts: int = 5) -> None:
    """Insert the shipment; a generated reference taken meanwhile by another user's
    shipment is generated again rather than refused."""
    for _attempt in range(attempts):
        try:
            with transaction.atomic():
                shipment.save(force_insert=True)
            return
        except IntegrityError as error:
            shipment.pk = None
            # The same form, sent twice at once: the other request created it.
            refuse_a_second_time(shipment.form_token)
            taken = Shipment.objects.filter(reference=shipment.reference).exists()
            if not taken:
                raise
            if not generated:
                raise ValidationError(
                    {"reference": _("This reference is already in use.")}
                ) from error
            shipment.reference = next_reference(shipment.direction, timezone.localdate().year)
    raise ValidationError({"reference": _("No free reference was found; try again.")})


def shipment_update(
    *,
    shipment: Shipment,
    items=(),
    deleted_items=(),
    user=None,
    received_on=None,
    version: int | None = None,
) -> Shipment:
    """Save the changed details and items of a shipment that has not left or arrived.

    `shipment` carries the new field values; `items` are new or changed ShipmentItem
    objects and `deleted_items` those to remove. `received_on` records an expected
    incoming shipment as received that day, once its items are in. `version` is the
    version the user started from: if anyone saved the shipment since, nothing is
    saved (a ValidationError with code "conflict").
    """
    with transaction.atomic():
        locked = Shipment.objects.select_for_update().get(pk=shipment.pk)
        if not locked.is_editable:
            raise ValidationError(
                _("A shipment that is %(status)s can no longer be changed.")
                % {"status": locked.get_status_display().lower()}
            )
        if version is not None and locked.version != version:
            raise conflict_error(locked, version)
        if locked.status != shipment.status:
            raise ValidationError(
                _("Someone else changed this shipment meanwhile; it is now %(status)s.")
                % {"status": locked.get_status_display().lower()}
            )
        if received_on is not None:
            shipment.apply_step("receive", received_on)
        shipment.full_clean()
        for item in items:
            item.shipment = shipment
            item.full_clean(exclude=["shipment"])
        shipment.version = locked.version + 1
        shipment._history_user = user
        shipment.save()
        doomed = [item.pk for item in deleted_items if item.pk]
        # One by one, so that each removal is in the history with its user.
        for item in ShipmentItem.objects.filter(shipment=shipment, pk__in=doomed):
            item._history_user = user
            item.delete()
        for item in items:
            item._history_user = user
            item.save()
        if received_on is not None:
            check_rates(shipment.items.all(), received_on)
            ShipmentEvent.objects.create(
                shipment=shipment, status=shipment.status, on=received_on, user=user
            )
    shipment.refresh_from_db(fields=["counted_on"])
    return shipment


def shipment_step(
    *,
    shipment: Shipment,
    step: str,
    on: datetime.date,
    user=None,
    method: str = "",
    tracking_number: str = "",
    note: str = "",
    locked: bool = False,
) -> Shipment:
    """Apply one status step under a row lock, so two clicks make one change.

    `locked`: the caller already holds the row lock, in the transaction it opened, and
    `shipment` is the row as locked (a bulk action locks all its rows in one query and
    checks each step first); no savepoint is made: a refusal undoes the caller's
    transaction.
    """
    with transaction.atomic(savepoint=not locked):
        if locked:
            current = shipment
        else:
            current = Shipment.objects.select_for_update().get(pk=shipment.pk)
            if current.status != shipment.status:
                raise ValidationError(
                    _("Someone else changed this shipment meanwhile; it is now %(status)s.")
                    % {"status": current.get_status_display().lower()}
                )
        was_counted = current.is_counted
        current.apply_step(step, on)
        if step in COUNTING_STEPS:
            check_rates(current.items.all(), on)
        update_fields = ["status", STEPS[step].date_field, "version", "updated_at"]
        if step == "dispatch":
            current.method = method or current.method
            current.tracking_number = tracking_number or current.tracking_number
            update_fields += ["method", "tracking_number"]
        current.version += 1
        current._history_user = user
        current.save(update_fields=update_fields)
        ShipmentEvent.objects.create(
            shipment=current, status=current.status, on=on, user=user, note=note
        )
    # The database computes counted_on: read it back only where the step changed it.
    if current.is_counted != was_counted:
        current.refresh_from_db(fields=["counted_on"])
    return current


def shipment_delete(*, shipment: Shipment, user=None) -> None:
    """Delete a draft, or an incoming shipment that never came; refuse any other
    (ValidationError saying why and what to do instead), checked under a row lock."""
    delete_unless_refused(shipment, user=user)
