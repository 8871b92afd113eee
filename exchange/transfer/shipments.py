"""`import_shipments FILE [--replace]`: docs/domain.md, "Import files", shipments.

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

import re
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext as _

from exchange.core.choices import Direction
from exchange.core.identifiers import clean_isbn, clean_issn
from exchange.rates.in_effect import currencies_without_rate, first_rate_days
from exchange.transfer.cells import Cells
from exchange.transfer.columns import (
    ANY_STATUS,
    DIRECTIONS,
    MATERIAL_TYPES,
    METHODS,
    shipment_statuses,
)
from exchange.transfer.drafts import Draft, ItemRow, Plan, write_plan
from exchange.transfer.imports import (
    Change,
    ImportResult,
    Problem,
    batched,
    check_stray,
    reason_for,
    run_import,
)
from exchange.transfer.reading import Row
from partners.models import Partner
from shipments.columns import ITEM_COLUMNS, SHIPMENT_COLUMNS, SHIPMENT_IMPORT_COLUMNS
from shipments.models import Shipment
from shipments.references import validate_reference
from shipments.steps import (
    COUNTED_INCOMING,
    DELIVERED_OUTGOING,
    DISPATCHED_OUTGOING,
    NOT_DISPATCHED_OUTGOING,
    NOT_RECEIVED_INCOMING,
)

ZERO = Decimal(0)
# TextChoices.values builds a new list on each use: once here, not once per row.
# As catalogues print them: "ISBN 978-…", "ISBN-13: 978-…", "ISSN 0317-8471".
PREFIX = re.compile(r"^IS[BS]N(-1[03])?:?\s*", re.IGNORECASE)


def import_shipments(
    stream,
    filename: str,
    *,
    dry_run: bool = False,
    replace: bool = False,
    user=None,
    encoding: str = "utf-8",
    reason: str = "",
    progress=None,
) -> ImportResult:
    """`replace` replaces the shipments whose reference exists. One that was dispatched
    or received is part of the record of exchange: only an administrator replaces it
    (the command is run by one), and only with a `reason`, kept in its history."""
    result = ImportResult(entity=_("shipments"), columns=SHIPMENT_IMPORT_COLUMNS)
    may_replace_sent = user is None or user.has_perm("shipments.replace_sent_shipment")
    rules = Replacing(replace, may_replace_sent, reason.strip())

    def check(rows, result):
        return _check(rows, result, rules)

    def write(plan: Plan):
        said = f"{reason_for(filename)}: {rules.reason}" if rules.reason else reason_for(filename)
        write_plan(plan, user=user, reason=said[:100])

    return run_import(
        result,
        stream,
        filename,
        check=check,
        write=write,
        dry_run=dry_run,
        encoding=encoding,
        kind="shipments",
        user=user,
        progress=progress,
    )


@dataclass(frozen=True)
class Replacing:
    """What an import may do to shipments that exist."""

    replace: bool
    may_replace_sent: bool
    reason: str

    def refusal(self, reference: str, sent: bool) -> str:
        if not self.replace:
            return _(
                "The shipment “%(reference)s” already exists; import with --replace "
                "(“Replace existing shipments”) to replace it."
            ) % {"reference": reference}
        if sent and not self.may_replace_sent:
            return _(
                "The shipment “%(reference)s” was dispatched or received and is part of the "
                "record of exchange: only an administrator may replace it, giving a reason."
            ) % {"reference": reference}
        if sent and not self.reason:
            return _(
                "The shipment “%(reference)s” was dispatched or received: give the reason "
                "for replacing it (--reason), which its history keeps."
            ) % {"reference": reference}
        return ""


# Checking -----------------------------------------------------------------------------


def _check(rows: Iterator[Row], result: ImportResult, rules: Replacing) -> Plan:
    drafts: dict[str, Draft] = {}
    problems = result.problems
    for row in rows:
        check_stray(row, problems)
        cells = Cells(row, problems)
        reference = cells.code("reference", max_length=32, validate=validate_reference)
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
    first_days = first_rate_days()
    existing, sent = _existing_references(list(drafts))
    for draft in drafts.values():
        _check_shipment(draft, problems, partners, first_days)
        refusal = rules.refusal(draft.reference, draft.reference in sent)
        if draft.reference in existing and refusal:
            problems.append(Problem(refusal, draft.first_row, "reference"))
        action = "replace" if draft.reference in existing else "create"
        result.changes.append(Change(action, draft.reference, tuple(draft.rows)))
        result.items += len(draft.items)
    return Plan(list(drafts.values()), partners, existing)


def _new_draft(reference: str, cells: Cells) -> Draft:
    before = len(cells.problems)
    direction = cells.choice("direction", DIRECTIONS, required=True)
    partner_code = cells.text("partner_code", max_length=32, required=True)
    status = cells.choice("status", shipment_statuses(direction), required=True)
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


def _comparable(cells: Cells) -> dict[str, str]:
    """The shipment columns as compared between rows (a code in any case, or its label,
    agrees with the code)."""
    values = {column: cells.raw(column) for column in SHIPMENT_COLUMNS[1:]}
    for column, choices in (("direction", DIRECTIONS), ("status", ANY_STATUS), ("method", METHODS)):
        values[column] = choices.code_of(values[column]) or values[column].lower()
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


def _existing_references(references: list[str]) -> tuple[dict[str, int], set[str]]:
    """{reference: pk} of the shipments that exist, and the references of those that
    were dispatched or received."""
    existing, sent = {}, set()
    for batch in batched(references):
        rows = Shipment.objects.filter(reference__in=batch).values_list(
            "reference", "pk", "dispatched_on", "received_on"
        )
        for reference, pk, dispatched_on, received_on in rows:
            existing[reference] = pk
            if dispatched_on or received_on:
                sent.add(reference)
    return existing, sent


def _check_shipment(draft: Draft, problems, partners, first_days) -> None:
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
        valued = {item.currency for item in draft.items if item.unit_value}
        missing = currencies_without_rate(valued, on, first_days)
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


# Writing ------------------------------------------------------------------------------
