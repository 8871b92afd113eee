"""Imbalance flags: a partner that receives far more than it sends, or the reverse, or
that has sent nothing for years, judged on the measure of its exchange basis."""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import OuterRef, Subquery
from django.utils.translation import gettext_lazy as _

from exchange.core.choices import Direction
from partners.models import Basis, Status
from shipments.models import Shipment

IMBALANCE_FACTOR = 2


QUIET_YEARS = 3


BASIS_MEASURES = {Basis.PIECE: "items", Basis.PAGE: "pages", Basis.VALUE: "value"}


@dataclass(frozen=True)
class Flag:
    code: str
    label: str
    short: str = ""


RECEIVES_MORE = "receives_more"


SENDS_MORE = "sends_more"


NOTHING_RECEIVED = "nothing_received"


FLAG_LABELS = {
    RECEIVES_MORE: _("Received more than twice what was sent"),
    SENDS_MORE: _("Sent more than twice what was received"),
    NOTHING_RECEIVED: _("Nothing received for three years"),
}


# What a table cell shows, so that a flag never wraps; the legend under the table and
# each flag's title give the whole label.
FLAG_SHORT_LABELS = {
    RECEIVES_MORE: _("Receives more"),
    SENDS_MORE: _("Sends more"),
    NOTHING_RECEIVED: _("3 years silent"),
}


FLAG_BY_CODE = {
    code: Flag(code, label, FLAG_SHORT_LABELS[code]) for code, label in FLAG_LABELS.items()
}


def basis_measure(partner) -> str:
    return BASIS_MEASURES.get(partner.exchange_basis, "items")


def basis_default(basis: str) -> str:
    """The measure shown by default for partners of an exchange basis (any basis: items,
    the measure of piece-for-piece, the commonest)."""
    return BASIS_MEASURES.get(basis, "items")


def imbalance_flags(partner, sent, received, last_received, cutoff: datetime.date) -> list[Flag]:
    """How the exchange with a partner is out of balance, if it is.

    `sent` and `received` in the period, on the partner's basis measure (the rounded
    value for a priced exchange, as shown). "Nothing received for three years" is for
    active partners only, judged on a reference day whose `cutoff` is three years
    before: the last receipt up to that day is on or before the cutoff, or there was
    none and the exchange began on or before it.
    """
    if partner.exchange_basis == Basis.GIFT:
        return []
    flags = []
    if received > IMBALANCE_FACTOR * sent:
        flags.append(FLAG_BY_CODE[RECEIVES_MORE])
    if sent > IMBALANCE_FACTOR * received:
        flags.append(FLAG_BY_CODE[SENDS_MORE])
    if partner.status == Status.ACTIVE and (
        (last_received is not None and last_received <= cutoff)
        or (
            last_received is None
            and partner.exchange_since is not None
            and partner.exchange_since <= cutoff
        )
    ):
        flags.append(FLAG_BY_CODE[NOTHING_RECEIVED])
    return flags


def imbalance_ratio(sent, received) -> Decimal:
    """The larger side over the smaller (infinite when one side is nothing, 0 when both)."""
    small, large = sorted((sent, received))
    if not large:
        return Decimal(0)
    return Decimal("Infinity") if not small else Decimal(large) / Decimal(small)


def last_received_until_expression(on: datetime.date):
    """The date of the partner's latest counted receipt up to `on`, ever."""
    return Subquery(
        Shipment.objects.filter(
            partner=OuterRef("pk"),
            direction=Direction.INCOMING,
            counted_on__isnull=False,
            counted_on__lte=on,
        )
        .order_by("-counted_on")
        .values("counted_on")[:1]
    )
