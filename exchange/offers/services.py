"""Every step of offers and selections, each in one transaction with the rows it
decides on locked (DOMAIN.md, "Offers, selections and wants").

Reservation is first come, first served: the stock titles a selection asks for are
locked (in id order, so that two selections never wait for each other), then each
line is reserved if the copies it asks for are still available, otherwise refused
with the copies that were. Under READ COMMITTED each statement after the lock sees
what the selections that held it committed, so two partners asking for the last copy
at the same moment get it once. SQLite writes one transaction at a time.
"""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F, Max, Q, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from exchange.core.choices import Direction
from exchange.offers.models import (
    OfferLine,
    OfferList,
    Selection,
    SelectionLine,
    StockItem,
)
from exchange.rates.models import ExchangeRate
from shipments.items import DESCRIPTION_FIELDS, ShipmentItem
from shipments.models import Shipment
from shipments.services import shipment_create

HEAD_PERMISSION = "exchange.approve_selection_as_head"
STAFF_PERMISSION = "exchange.change_selection"


class OfferError(ValidationError):
    """A step refused, with the reason to show."""


# Stock ------------------------------------------------------------------------------


def held_copies(stock_ids) -> dict[int, int]:
    """Copies reserved by selections not yet shipped or declined, per stock title."""
    rows = (
        SelectionLine.objects.filter(
            offer_line__stock_item__in=stock_ids, status=SelectionLine.Status.RESERVED
        )
        .values("offer_line__stock_item")
        .annotate(held=Sum("copies"))
        .order_by()
    )
    return {row["offer_line__stock_item"]: row["held"] for row in rows}


def taken_by_line(line_ids) -> dict[int, int]:
    """Copies an offer line gave: reserved or shipped (its offer is for so many)."""
    taken = Q(status__in=(SelectionLine.Status.RESERVED, SelectionLine.Status.SHIPPED))
    rows = (
        SelectionLine.objects.filter(taken, offer_line__in=line_ids)
        .values("offer_line")
        .annotate(taken=Sum("copies"))
        .order_by()
    )
    return {row["offer_line"]: row["taken"] for row in rows}


def stock_save(*, item: StockItem, user=None) -> StockItem:
    """Save a stock title; its copies on hand never below those reserved."""
    with transaction.atomic():
        if item.pk:
            StockItem.objects.select_for_update().filter(pk=item.pk).first()
            held = held_copies([item.pk]).get(item.pk, 0)
            if item.copies < held:
                raise OfferError(
                    {
                        "copies": _(
                            "%(held)s copies are reserved by selections: keep at least %(held)s."
                        )
                        % {"held": held}
                    }
                )
        item.full_clean()
        item._history_user = user
        item.save()
    return item


# Offer lists ------------------------------------------------------------------------


def offer_list_save(*, offer_list: OfferList, partners, user=None) -> OfferList:
    """Save a list and the partners it is addressed to; a list addressed to nobody
    (not to all active partners, no partner, country or kind) is refused."""
    partners = list(partners)
    if not (offer_list.to_all_active or partners or offer_list.countries or offer_list.kinds):
        raise OfferError(
            _("Address the list to someone: all active partners, partners, countries or kinds.")
        )
    with transaction.atomic():
        if offer_list.pk is None:
            offer_list.created_by = user
        offer_list.full_clean(exclude=["created_by"])
        offer_list._history_user = user
        offer_list.save()
        offer_list.partners.set(partners)
    return offer_list


def offer_list_add_titles(*, offer_list: OfferList, copies: dict, user=None) -> list[OfferLine]:
    """Add stock titles to a list not yet closed, numbered after its last entry:
    `copies` maps stock ids to the copies offered (at most those available)."""
    with transaction.atomic():
        offer_list = OfferList.objects.select_for_update().get(pk=offer_list.pk)
        if offer_list.status == OfferList.Status.CLOSED:
            raise OfferError(_("The list is closed: nothing can be added to it."))
        items = StockItem.objects.with_available().in_bulk(list(copies))
        present = set(offer_list.lines.values_list("stock_item", flat=True))
        number = offer_list.lines.aggregate(last=Max("number"))["last"] or 0
        lines = []
        for stock_id in sorted(copies, key=lambda pk: (items[pk].title, pk)):
            if stock_id in present:
                continue
            if copies[stock_id] > max(items[stock_id].available, 0):
                raise OfferError(
                    _("“%(title)s”: %(available)s copies are available, not %(copies)s.")
                    % {
                        "title": items[stock_id].title,
                        "available": max(items[stock_id].available, 0),
                        "copies": copies[stock_id],
                    }
                )
            number += 1
            line = OfferLine(
                offer_list=offer_list,
                number=number,
                stock_item=items[stock_id],
                copies=copies[stock_id],
            )
            line.full_clean(exclude=["offer_list", "stock_item"])
            lines.append(line)
        OfferLine.objects.bulk_create(lines)
        OfferLine.history.bulk_history_create(lines, default_user=user)
    return lines


def offer_list_step(*, offer_list: OfferList, to: str, user=None) -> OfferList:
    """draft → open → closed (a closed list may be opened again)."""
    allowed = {
        OfferList.Status.DRAFT: {OfferList.Status.OPEN},
        OfferList.Status.OPEN: {OfferList.Status.CLOSED},
        OfferList.Status.CLOSED: {OfferList.Status.OPEN},
    }
    with transaction.atomic():
        offer_list = OfferList.objects.select_for_update().get(pk=offer_list.pk)
        if to not in allowed[offer_list.status]:
            raise OfferError(
                _("This list cannot go from “%(from)s” to “%(to)s”.")
                % {
                    "from": offer_list.get_status_display(),
                    "to": OfferList.Status(to).label,
                }
            )
        if to == OfferList.Status.OPEN and not offer_list.lines.exists():
            raise OfferError(_("Add titles to the list before opening it."))
        offer_list.status = to
        offer_list._history_user = user
        offer_list.save(update_fields=["status"])
    return offer_list


# Selections -------------------------------------------------------------------------


@dataclass(frozen=True)
class Asked:
    offer_line: OfferLine
    copies: int


def place_selection(
    *, offer_list: OfferList, partner, asked: list[Asked], source: str, note="", user=None
) -> Selection:
    """A partner's selection, each line reserved at once if the copies remain (of the
    title's stock and of the copies the list offers), otherwise refused with the copies
    still available."""
    if not asked:
        raise OfferError(_("Ask for at least one title."))
    if len({a.offer_line.pk for a in asked}) != len(asked):
        raise OfferError(_("Each title once in a selection."))
    with transaction.atomic():
        offer_list = OfferList.objects.select_for_update().get(pk=offer_list.pk)
        if offer_list.status != OfferList.Status.OPEN:
            raise OfferError(_("The list is not open: nothing can be chosen from it."))
        if not OfferList.objects.addressed_to(partner).filter(pk=offer_list.pk).exists():
            raise OfferError(_("This list is not addressed to this partner."))
        lines = {line.pk: line for line in offer_list.lines.select_related("stock_item")}
        if any(a.offer_line.pk not in lines for a in asked):
            raise OfferError(_("A title asked for is not on this list."))
        stock_ids = sorted({lines[a.offer_line.pk].stock_item_id for a in asked})
        # The lock that makes first come, first served.
        on_hand = dict(
            StockItem.objects.select_for_update()
            .filter(pk__in=stock_ids)
            .order_by("pk")
            .values_list("pk", "copies")
        )
        held = held_copies(stock_ids)
        taken = taken_by_line(list(lines))
        selection = Selection(
            offer_list=offer_list, partner=partner, source=source, source_note=note, placed_by=user
        )
        selection._history_user = user
        selection.full_clean(exclude=["placed_by"])
        selection.save()
        made = []
        for a in asked:
            line = lines[a.offer_line.pk]
            stock = line.stock_item_id
            available = max(
                0,
                min(
                    on_hand[stock] - held.get(stock, 0),
                    line.copies - taken.get(line.pk, 0),
                ),
            )
            if a.copies <= available:
                made.append(
                    SelectionLine(
                        selection=selection,
                        offer_line=line,
                        requested=a.copies,
                        copies=a.copies,
                        status=SelectionLine.Status.RESERVED,
                    )
                )
                held[stock] = held.get(stock, 0) + a.copies
                taken[line.pk] = taken.get(line.pk, 0) + a.copies
            else:
                made.append(
                    SelectionLine(
                        selection=selection,
                        offer_line=line,
                        requested=a.copies,
                        copies=0,
                        available_then=available,
                        status=SelectionLine.Status.REFUSED,
                    )
                )
        for line in made:
            line.full_clean(exclude=["selection", "offer_line"])
        SelectionLine.objects.bulk_create(made)
        SelectionLine.history.bulk_history_create(made, default_user=user)
    return selection


def _locked(selection: Selection) -> Selection:
    return Selection.objects.select_for_update().get(pk=selection.pk)


def withdraw_line(*, line: SelectionLine, user=None) -> SelectionLine:
    """The partner (or staff for it) withdraws a line, until the selection is approved."""
    with transaction.atomic():
        selection = _locked(line.selection)
        line = SelectionLine.objects.select_for_update().get(pk=line.pk)
        if selection.status != Selection.Status.REQUESTED:
            raise OfferError(_("The selection is approved: its lines can no longer be withdrawn."))
        if line.status != SelectionLine.Status.RESERVED:
            raise OfferError(_("Only a reserved line can be withdrawn."))
        line.status = SelectionLine.Status.WITHDRAWN
        line._history_user = user
        line.save(update_fields=["status"])
    return line


def selection_value(selection: Selection, on: datetime.date | None = None) -> Decimal | None:
    """The reserved copies' value in the base currency at the rates in effect on `on`
    (today); None when a currency has no rate then."""
    on = on or timezone.localdate()
    base = settings.EXCHANGE_BASE_CURRENCY
    sums = (
        SelectionLine.objects.filter(selection=selection, status=SelectionLine.Status.RESERVED)
        .values("offer_line__stock_item__currency")
        .annotate(value=Sum(F("copies") * F("offer_line__stock_item__unit_value")))
        .order_by()
    )
    total = Decimal(0)
    for row in sums:
        currency, value = row["offer_line__stock_item__currency"], row["value"] or Decimal(0)
        if not value:
            continue
        if currency == base:
            total += value
            continue
        rate = (
            ExchangeRate.objects.filter(currency=currency, valid_from__lte=on)
            .order_by("-valid_from")
            .values_list("rate", flat=True)
            .first()
        )
        if rate is None:
            return None
        total += value * rate
    return total.quantize(Decimal("0.01"))


def needs_head(selection: Selection) -> bool:
    """Above the threshold, or of a value unknown for want of a rate."""
    value = selection_value(selection)
    return value is None or value > Decimal(settings.EXCHANGE_APPROVAL_THRESHOLD)


def approve(*, selection: Selection, user) -> Selection:
    """Staff approve; above the threshold a department head approves as well (in
    either order). Approved once every approval it needs is given."""
    with transaction.atomic():
        selection = _locked(selection)
        if selection.status != Selection.Status.REQUESTED:
            raise OfferError(_("Only a requested selection can be approved."))
        if not selection.lines.filter(status=SelectionLine.Status.RESERVED).exists():
            raise OfferError(_("Nothing is reserved in this selection: decline it instead."))
        head_needed = needs_head(selection)
        now = timezone.now()
        acted = False
        if user.has_perm(STAFF_PERMISSION) and selection.approved_by_id is None:
            selection.approved_by, selection.approved_at, acted = user, now, True
        if head_needed and user.has_perm(HEAD_PERMISSION) and selection.head_approved_by_id is None:
            selection.head_approved_by, selection.head_approved_at, acted = user, now, True
        if not acted:
            raise PermissionDenied(_("There is no approval of yours to give here."))
        if selection.approved_by_id and (selection.head_approved_by_id or not head_needed):
            selection.status = Selection.Status.APPROVED
        selection._history_user = user
        selection.save()
    return selection


def decline(*, selection: Selection, user, note: str = "") -> Selection:
    """Refuse a selection not yet shipped: its reserved copies are free again."""
    with transaction.atomic():
        selection = _locked(selection)
        if selection.status not in (Selection.Status.REQUESTED, Selection.Status.APPROVED):
            raise OfferError(_("Only a selection not yet shipped can be declined."))
        for line in selection.lines.filter(status=SelectionLine.Status.RESERVED):
            line.status = SelectionLine.Status.DECLINED
            line._history_user = user
            line.save(update_fields=["status"])
        selection.status = Selection.Status.DECLINED
        selection.decided_note = note
        selection._history_user = user
        selection.save()
    return selection


def ship(*, selection: Selection, user) -> Shipment:
    """An approved selection becomes one draft outgoing shipment to its partner, an item
    per reserved line (copies, pages and value from the stock); the copies leave the
    stock on hand and the reservation ends."""
    with transaction.atomic():
        selection = _locked(selection)
        if selection.status != Selection.Status.APPROVED:
            raise OfferError(_("Only an approved selection can be shipped."))
        lines = list(
            selection.lines.filter(status=SelectionLine.Status.RESERVED)
            .select_related("offer_line__stock_item")
            .order_by("offer_line__number")
        )
        stock_ids = sorted({line.offer_line.stock_item_id for line in lines})
        stock = StockItem.objects.select_for_update().order_by("pk").in_bulk(stock_ids)
        items = [
            ShipmentItem(
                quantity=line.copies,
                **{
                    name: getattr(stock[line.offer_line.stock_item_id], name)
                    for name in DESCRIPTION_FIELDS
                },
            )
            for line in lines
        ]
        shipment = shipment_create(
            shipment=Shipment(
                direction=Direction.OUTGOING,
                partner=selection.partner,
                status="draft",
                notes=_("From selection %(number)s of offer list %(list)s.")
                % {"number": selection.pk, "list": selection.offer_list.reference},
            ),
            items=items,
            user=user,
        )
        for line in lines:
            item = stock[line.offer_line.stock_item_id]
            item.copies -= line.copies
            line.status = SelectionLine.Status.SHIPPED
            line._history_user = user
            line.save(update_fields=["status"])
        for item in stock.values():
            item._history_user = user
            item.save(update_fields=["copies", "updated_at"])
        selection.status = Selection.Status.SHIPPED
        selection.shipment = shipment
        selection._history_user = user
        selection.save()
    return shipment
