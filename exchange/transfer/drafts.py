"""The shipments of an import file as drafts (a shipment's first-row fields and its
items), and writing them: new shipments created, existing ones replaced with their
items and history, in bulk."""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal
from typing import NamedTuple

from django.utils import timezone

from exchange.core.choices import Direction
from exchange.transfer.imports import (
    batched,
    bulk_create_with_history,
    bulk_update_with_history,
)
from shipments.items import ShipmentItem
from shipments.models import Shipment
from shipments.steps import (
    COUNTED_INCOMING,
    COUNTED_OUTGOING,
    ShipmentEvent,
)

SHIPMENTS_PER_BATCH = 500
# Step dates that belong to a status's history; replacing with another status drops them.
OTHER_STEP_DATES = ("packed_on", "acknowledged_on", "cancelled_on", "lost_on", "returned_on")


# The Shipment fields a file sets (see Draft.shipment_fields).
SHIPMENT_FIELDS = ("direction", "status", "dispatched_on", "received_on", "delivered_on", "method")


class ItemRow(NamedTuple):
    title: str
    author: str
    isbn: str
    issn: str
    material_type: str
    language: str
    year: int | None
    quantity: int
    pages: int
    unit_value: Decimal
    currency: str


@dataclass(slots=True)
class Draft:
    """One shipment as the file gives it: its first row's fields and its items."""

    reference: str
    first_row: int
    compare: dict[str, str]
    direction: str | None
    partner_code: str
    status: str | None
    dispatched_on: datetime.date | None
    received_on: datetime.date | None
    method: str | None
    # Columns whose cell on the first row has a problem: no rule is checked on them.
    broken: set[str]
    items: list[ItemRow] = field(default_factory=list)
    rows: list[int] = field(default_factory=list)
    empty_rows: list[int] = field(default_factory=list)
    disagreeing: set[str] = field(default_factory=set)

    @property
    def counted_on(self) -> datetime.date | None:
        if self.direction == Direction.OUTGOING and self.status in COUNTED_OUTGOING:
            return self.dispatched_on
        if self.direction == Direction.INCOMING and self.status in COUNTED_INCOMING:
            return self.received_on
        return None

    def shipment_fields(self) -> dict:
        outgoing = self.direction == Direction.OUTGOING
        return {
            "direction": self.direction,
            "status": self.status,
            "dispatched_on": self.dispatched_on,
            "received_on": None if outgoing else self.received_on,
            "delivered_on": self.received_on if outgoing else None,
            "method": self.method,
        }


@dataclass
class Plan:
    drafts: list[Draft]
    partners: dict[str, int]
    existing: dict[str, int]


def write_plan(plan: Plan, *, user, reason: str) -> None:
    today = timezone.localdate()
    replaced = [draft for draft in plan.drafts if draft.reference in plan.existing]
    created = [draft for draft in plan.drafts if draft.reference not in plan.existing]
    for batch in batched(replaced, SHIPMENTS_PER_BATCH):
        _replace(batch, plan, user=user, reason=reason, today=today)
    for batch in batched(created, SHIPMENTS_PER_BATCH):
        _create(batch, plan, user=user, reason=reason, today=today)


def _create(drafts: list[Draft], plan: Plan, *, user, reason, today) -> None:
    shipments = [
        Shipment(
            reference=draft.reference,
            partner_id=plan.partners[draft.partner_code],
            created_by=user,
            **draft.shipment_fields(),
        )
        for draft in drafts
    ]
    bulk_create_with_history(Shipment, shipments, user=user, reason=reason)
    _add_items_and_events(drafts, shipments, user=user, reason=reason, today=today)


def _replace(drafts: list[Draft], plan: Plan, *, user, reason, today) -> None:
    """Each shipment's fields from the file, and all its items."""
    shipments = Shipment.objects.in_bulk([plan.existing[draft.reference] for draft in drafts])
    now = timezone.now()
    updated = []
    for draft in drafts:
        shipment = shipments[plan.existing[draft.reference]]
        partner_id = plan.partners[draft.partner_code]
        if shipment.direction != draft.direction or shipment.partner_id != partner_id:
            shipment.obligation = None
        if shipment.status != draft.status:
            for name in OTHER_STEP_DATES:
                setattr(shipment, name, None)
        for name, value in draft.shipment_fields().items():
            setattr(shipment, name, value)
        shipment.partner_id = partner_id
        shipment.version += 1
        shipment.updated_at = now
        updated.append(shipment)
    fields = [*SHIPMENT_FIELDS, *OTHER_STEP_DATES, "partner", "obligation", "version", "updated_at"]
    bulk_update_with_history(Shipment, updated, fields, user=user, reason=reason)
    _delete_items(updated, user=user, reason=reason)
    _add_items_and_events(drafts, updated, user=user, reason=reason, today=today)


def _delete_items(shipments, *, user, reason) -> None:
    """Delete the shipments' items, with their deletion in the history, in bulk.

    QuerySet.delete() would send a signal, and so write a history row, per item.
    """
    items = ShipmentItem.objects.filter(shipment__in=shipments)
    history = ShipmentItem.history.model
    now = timezone.now()
    tracked = [f.attname for f in history.tracked_fields]
    history.objects.bulk_create(
        history(
            history_date=now,
            history_user=user,
            history_change_reason=reason,
            history_type="-",
            **{name: getattr(item, name) for name in tracked},
        )
        for item in items
    )
    items._raw_delete(items.db)


def _add_items_and_events(drafts, shipments, *, user, reason, today) -> None:
    items = [
        ShipmentItem(shipment=shipment, **item._asdict())
        for draft, shipment in zip(drafts, shipments, strict=True)
        for item in draft.items
    ]
    bulk_create_with_history(ShipmentItem, items, user=user, reason=reason)
    ShipmentEvent.objects.bulk_create(
        ShipmentEvent(
            shipment=shipment,
            status=shipment.status,
            on=draft.received_on or draft.dispatched_on or today,
            user=user,
            note=reason,
        )
        for draft, shipment in zip(drafts, shipments, strict=True)
    )
