"""`import_shipments FILE [--replace]`: DOMAIN.md "Import files", shipments.

One row per item; the rows with the same reference form one shipment and must agree
on its columns. A shipment's problems (its status and dates, its partner, a missing
rate, an existing reference) are named on its first row.

The file is checked with a fixed number of queries whatever its size (partners, rates
and existing references, the last in batches) and written with bulk inserts.

Dates: outgoing `dispatched_on` is the dispatch date; outgoing `received_on` is the
date the partner received it, kept as `delivered_on`, and only delivered or
acknowledged shipments have one. Incoming `received_on` is our date of receipt,
incoming `dispatched_on` the partner's dispatch date (optional).

A row whose item columns are all empty, alone under its reference, is a shipment
without items (an expected parcel whose contents are not known yet), so that every
export imports again.
"""

import datetime
import re
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from typing import NamedTuple

from django.conf import settings
from django.db.models import Min
from django.utils import timezone
from django.utils.translation import gettext as _

from exchange.imports import (
    Cells,
    Change,
    ImportResult,
    Problem,
    batched,
    bulk_create_with_history,
    bulk_update_with_history,
    check_stray,
    reason_for,
    run_import,
)
from exchange.models import Direction, ExchangeRate
from exchange.tabular import Row
from partners.models import Partner
from shipments.identifiers import clean_isbn, clean_issn
from shipments.models import (
    COUNTED_INCOMING,
    COUNTED_OUTGOING,
    DISPATCHED_OUTGOING,
    INCOMING_STATUSES,
    NOT_DISPATCHED_OUTGOING,
    NOT_RECEIVED_INCOMING,
    OUTGOING_STATUSES,
    Shipment,
    ShipmentEvent,
    ShipmentItem,
)

SHIPMENT_COLUMNS = (
    "reference",
    "direction",
    "partner_code",
    "status",
    "dispatched_on",
    "received_on",
    "method",
)
ITEM_COLUMNS = (
    "title",
    "author",
    "isbn",
    "issn",
    "material_type",
    "language",
    "year",
    "quantity",
    "pages",
    "unit_value",
    "currency",
)
SHIPMENT_IMPORT_COLUMNS = SHIPMENT_COLUMNS + ITEM_COLUMNS
# Outgoing statuses whose shipment reached the partner, so may have a date of receipt.
DELIVERED_OUTGOING = ("delivered", "acknowledged")
# Step dates that belong to a status's history; replacing with another status drops them.
OTHER_STEP_DATES = ("packed_on", "acknowledged_on", "cancelled_on", "lost_on", "returned_on")
# The Shipment fields a file sets (see Draft.shipment_fields).
SHIPMENT_FIELDS = ("direction", "status", "dispatched_on", "received_on", "delivered_on", "method")
ZERO = Decimal(0)
# TextChoices.values builds a new list on each use: once here, not once per row.
DIRECTIONS = tuple(Direction.values)
METHODS = tuple(Shipment.Method.values)
MATERIAL_TYPES = tuple(ShipmentItem.MaterialType.values)
# As catalogues print them: "ISBN 978-…", "ISBN-13: 978-…", "ISSN 0317-8471".
PREFIX = re.compile(r"^IS[BS]N(-1[03])?:?\s*", re.IGNORECASE)
SHIPMENTS_PER_BATCH = 500


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


def import_shipments(
    stream, filename: str, *, dry_run: bool = False, replace: bool = False, user=None
) -> ImportResult:
    result = ImportResult(entity=_("shipments"), columns=SHIPMENT_IMPORT_COLUMNS)

    def check(rows, result):
        return _check(rows, result, replace=replace)

    def write(plan: Plan):
        _write(plan, user=user, reason=reason_for(filename))

    return run_import(result, stream, filename, check=check, write=write, dry_run=dry_run)


# Checking -----------------------------------------------------------------------------


def _check(rows: Iterator[Row], result: ImportResult, *, replace: bool) -> Plan:
    drafts: dict[str, Draft] = {}
    problems = result.problems
    for row in rows:
        check_stray(row, problems)
        cells = Cells(row, problems)
        reference = cells.code("reference", max_length=32)
        draft = drafts.get(reference) if reference else None
        if reference and draft is None:
            draft = drafts[reference] = _new_draft(reference, cells)
        elif draft is not None:
            _compare(draft, cells)
        if all(cells.is_empty(column) for column in ITEM_COLUMNS):
            if draft is not None:
                draft.empty_rows.append(row.number)
                draft.rows.append(row.number)
            continue
        item = _item(cells)
        if draft is not None:
            draft.rows.append(row.number)
            if item is not None:
                draft.items.append(item)

    partners = dict(Partner.objects.values_list("code", "pk"))
    first_rate_on = dict(
        ExchangeRate.objects.values("currency")
        .annotate(first=Min("valid_from"))
        .values_list("currency", "first")
    )
    existing = _existing_references(list(drafts))
    for draft in drafts.values():
        _check_shipment(draft, problems, partners, first_rate_on)
        if draft.reference in existing and not replace:
            problems.append(
                Problem(
                    _(
                        "The shipment “%(reference)s” already exists; import with --replace "
                        "(“Replace existing shipments”) to replace it."
                    )
                    % {"reference": draft.reference},
                    draft.first_row,
                    "reference",
                )
            )
        action = "replace" if draft.reference in existing else "create"
        result.changes.append(Change(action, draft.reference, tuple(draft.rows)))
        result.items += len(draft.items)
    return Plan(list(drafts.values()), partners, existing)


def _new_draft(reference: str, cells: Cells) -> Draft:
    before = len(cells.problems)
    direction = cells.choice("direction", DIRECTIONS, required=True)
    partner_code = cells.text("partner_code", max_length=32, required=True)
    status = cells.choice("status", _statuses(direction), required=True)
    dispatched_on = cells.date("dispatched_on")
    received_on = cells.date("received_on")
    method = cells.choice("method", METHODS)
    broken = {problem.column for problem in cells.problems[before:]}
    return Draft(
        reference=reference,
        first_row=cells.row.number,
        compare=_comparable(cells),
        direction=direction,
        partner_code=partner_code,
        status=status,
        dispatched_on=dispatched_on,
        received_on=received_on,
        method=method,
        broken=broken,
    )


def _statuses(direction: str | None) -> tuple[str, ...]:
    if direction == Direction.OUTGOING:
        return OUTGOING_STATUSES
    if direction == Direction.INCOMING:
        return INCOMING_STATUSES
    return tuple(dict.fromkeys(OUTGOING_STATUSES + INCOMING_STATUSES))


def _comparable(cells: Cells) -> dict[str, str]:
    """The shipment columns as compared between rows (codes in any case agree)."""
    values = {column: cells.raw(column) for column in SHIPMENT_COLUMNS[1:]}
    for column in ("direction", "status", "method"):
        values[column] = values[column].lower()
    return values


def _compare(draft: Draft, cells: Cells) -> None:
    for column, value in _comparable(cells).items():
        if value != draft.compare[column] and column not in draft.disagreeing:
            draft.disagreeing.add(column)
            cells.problems.append(
                Problem(
                    _(
                        "The rows of shipment “%(reference)s” disagree: this row has "
                        "“%(first)s”, row %(row)d has “%(other)s”."
                    )
                    % {
                        "reference": draft.reference,
                        "first": draft.compare[column],
                        "row": cells.row.number,
                        "other": value,
                    },
                    draft.first_row,
                    column,
                )
            )


def _item(cells: Cells) -> ItemRow | None:
    before = len(cells.problems)
    unit_value = cells.decimal(
        "unit_value", places=2, minimum=ZERO, below=Decimal(10) ** 10, default=ZERO
    )
    item = ItemRow(
        title=cells.text("title", max_length=500, required=True),
        author=cells.text("author", max_length=255),
        isbn=cells.validated("isbn", lambda value: clean_isbn(PREFIX.sub("", value))),
        issn=cells.validated("issn", lambda value: clean_issn(PREFIX.sub("", value))),
        material_type=cells.choice("material_type", MATERIAL_TYPES, default="monograph"),
        language=sys.intern(cells.language("language")),
        year=cells.integer("year", minimum=1000, maximum=2999),
        quantity=cells.integer("quantity", minimum=1, required=True),
        pages=cells.integer("pages", minimum=0, default=0),
        unit_value=unit_value if unit_value else ZERO,
        currency=sys.intern(cells.currency("currency", required=bool(unit_value))),
    )
    return item if len(cells.problems) == before else None


def _existing_references(references: list[str]) -> dict[str, int]:
    existing = {}
    for batch in batched(references):
        existing.update(Shipment.objects.filter(reference__in=batch).values_list("reference", "pk"))
    return existing


def _check_shipment(draft: Draft, problems, partners, first_rate_on) -> None:
    def problem(column, message):
        problems.append(Problem(message, draft.first_row, column))

    for number in draft.empty_rows if len(draft.rows) > 1 else ():
        for column in ("title", "quantity"):
            problems.append(Problem(_("This cell cannot be empty."), number, column))
    if draft.partner_code and draft.partner_code not in partners:
        problem(
            "partner_code",
            _("No partner has the code “%(code)s”.") % {"code": draft.partner_code},
        )
    if not draft.direction or not draft.status:
        return
    for column, message in _date_problems(draft):
        problem(column, message)
    on = draft.counted_on
    if on and "dispatched_on" not in draft.broken and "received_on" not in draft.broken:
        missing = _currencies_without_rate(draft.items, on, first_rate_on)
        if missing:
            problem(
                "currency",
                _("There is no exchange rate for %(currencies)s on %(date)s.")
                % {"currencies": ", ".join(missing), "date": on.isoformat()},
            )


def _date_problems(draft: Draft) -> Iterator[tuple[str, str]]:
    """The status's dates: what it needs, and what it does not have."""
    status = {"status": draft.status}
    dispatched = draft.dispatched_on or "dispatched_on" in draft.broken
    received = draft.received_on or "received_on" in draft.broken
    if draft.direction == Direction.OUTGOING:
        if draft.status in DISPATCHED_OUTGOING and not dispatched:
            yield "dispatched_on", _("The status “%(status)s” needs a dispatch date.") % status
        if draft.status in NOT_DISPATCHED_OUTGOING and draft.dispatched_on:
            yield (
                "dispatched_on",
                _("The status “%(status)s” has no dispatch date; leave the cell empty.") % status,
            )
        if draft.received_on and draft.status not in DELIVERED_OUTGOING:
            yield (
                "received_on",
                _(
                    "An outgoing shipment that is “%(status)s” has no date of receipt; only "
                    "delivered and acknowledged ones do."
                )
                % status,
            )
    else:
        if draft.status in COUNTED_INCOMING and not received:
            yield "received_on", _("The status “%(status)s” needs a date of receipt.") % status
        if draft.status in NOT_RECEIVED_INCOMING and draft.received_on:
            yield (
                "received_on",
                _("The status “%(status)s” has no date of receipt; leave the cell empty.") % status,
            )
    if draft.dispatched_on and draft.received_on and draft.received_on < draft.dispatched_on:
        yield "received_on", _("The date of receipt is before the dispatch date.")


def _currencies_without_rate(items, on, first_rate_on) -> list[str]:
    """Like exchange.models.currencies_without_rate, from rates loaded once."""
    base = settings.EXCHANGE_BASE_CURRENCY
    needed = {item.currency for item in items if item.unit_value and item.currency != base}
    # No `on + 1 day` default: the last date there is (9999-12-31) has no next day.
    return sorted(code for code in needed if code not in first_rate_on or first_rate_on[code] > on)


# Writing ------------------------------------------------------------------------------


def _write(plan: Plan, *, user, reason: str) -> None:
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
