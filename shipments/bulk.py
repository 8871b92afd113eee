"""A step taken on many shipments at once (the lists' bulk actions).

Each shipment goes through the very service its own button calls (`shipment_step`),
all in one transaction: every shipment the step applies to is changed, with its
history and its status event, or, should anything fail, none is. The shipments the
step does not apply to are left as they are and listed with the reason.
"""

import copy
import datetime
import logging
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from exchange.core.choices import Direction
from exchange.core.logs import log_bulk
from shipments.models import Shipment
from shipments.services import shipment_step
from shipments.steps import Status

logger = logging.getLogger(__name__)

# The step that acknowledges a shipment: for ours, the partner's acknowledgement of
# receipt; for theirs, our acknowledgement to the partner.
ACKNOWLEDGING_STEP = {Direction.OUTGOING: "acknowledge", Direction.INCOMING: "confirm"}


@dataclass(frozen=True)
class Refusal:
    shipment: Shipment
    reason: str


@dataclass
class BulkResult:
    """What a bulk action did (`done`, in the order of their references) and what it
    refused, each with the reason."""

    done: list = field(default_factory=list)
    refused: list[Refusal] = field(default_factory=list)

    def refuse(self, shipment, reason: str) -> None:
        self.refused.append(Refusal(shipment, reason))


def lock_shipments(ids: Iterable[int]) -> list[Shipment]:
    """The shipments with these ids, locked in one query (in the order of their ids, so
    that two bulk actions never wait for each other), with their partners."""
    return list(
        Shipment.objects.select_for_update(of=("self",))
        .select_related("partner")
        .filter(pk__in=list(ids))
        .order_by("pk")
    )


def changed_since_chosen(shipment: Shipment, versions: dict[int, int] | None) -> str:
    """Why `shipment` is refused if it changed since the user chose it, else ""."""
    if versions is None or versions.get(shipment.pk, shipment.version) == shipment.version:
        return ""
    return _(
        "%(reference)s was changed by someone else after you chose it; it is now %(status)s."
    ) % {
        "reference": shipment.reference,
        "status": shipment.get_status_display().lower(),
    }


def step_refusal(shipment: Shipment, step: str, on: datetime.date) -> str:
    """Why the step does not apply to `shipment` on `on` (the model's own rules, tried on
    a copy), else ""."""
    if shipment.status == Status.ACKNOWLEDGED and step in ACKNOWLEDGING_STEP.values():
        if shipment.acknowledged_on:
            return _("Already acknowledged, on %(date)s.") % {
                "date": shipment.acknowledged_on.isoformat()
            }
        return _("Already acknowledged.")
    try:
        copy.copy(shipment).apply_step(step, on)
    except ValidationError as error:
        return error.messages[0]
    return ""


def shipments_acknowledge(
    *,
    ids: Iterable[int],
    on: datetime.date,
    user=None,
    note: str = "",
    versions: dict[int, int] | None = None,
) -> BulkResult:
    """Record the acknowledgement of each shipment on `on`: of an outgoing one, the
    partner's acknowledgement of its receipt; of an incoming one, ours to the partner.

    `versions` (id → version) are the versions the user chose the shipments at: one
    changed since is refused, as the single step refuses a shipment changed meanwhile.
    """
    result = BulkResult()
    with transaction.atomic():
        for shipment in lock_shipments(ids):
            step = ACKNOWLEDGING_STEP[shipment.direction]
            reason = changed_since_chosen(shipment, versions) or step_refusal(shipment, step, on)
            if reason:
                result.refuse(shipment, reason)
                continue
            shipment_step(shipment=shipment, step=step, on=on, user=user, note=note, locked=True)
            result.done.append(shipment)
    result.done.sort(key=lambda s: s.reference)
    result.refused.sort(key=lambda r: r.shipment.reference)
    log_bulk(
        logger, action="acknowledge", done=len(result.done), refused=len(result.refused), user=user
    )
    return result
