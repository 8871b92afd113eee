"""The figures of the balance of exchange (docs/domain.md): a period, one direction's
totals, and the balance of sent and received, with the rounding rules: values are
summed exactly and rounded half up to 2 places only when shown, the value balance being
the rounded value sent minus the rounded value received, so that every row adds up."""

import datetime
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import (
    Q,
)

CENT = Decimal("0.01")


# unit values have 2 decimals and rates 6: a line's value is an integer of 10⁻⁸ units.
VALUE_SCALE = Decimal(10) ** -8


MEASURES = ("items", "titles", "pages", "value")


# items_sent, items_received, items_balance, titles_sent … value_balance (docs/domain.md)
MEASURE_CELLS = [f"{m}_{side}" for m in MEASURES for side in ("sent", "received", "balance")]


def round_money(value: Decimal) -> Decimal:
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class Period:
    """From and to, both inclusive; either may be open (None)."""

    start: datetime.date | None = None
    end: datetime.date | None = None

    @classmethod
    def year(cls, year: int) -> "Period":
        return cls(datetime.date(year, 1, 1), datetime.date(year, 12, 31))

    def q(self, prefix: str = "") -> Q:
        """The counted-date condition, for Shipment (prefix "") or items ("shipment__")."""
        condition = Q(**{f"{prefix}counted_on__isnull": False})
        if self.start:
            condition &= Q(**{f"{prefix}counted_on__gte": self.start})
        if self.end:
            condition &= Q(**{f"{prefix}counted_on__lte": self.end})
        return condition


@dataclass
class Totals:
    """One direction's measures. `value` is exact, in the base currency."""

    items: int = 0
    titles: int = 0
    pages: int = 0
    value: Decimal = Decimal(0)
    shipments: int = 0
    last_on: datetime.date | None = None

    def add(self, other: "Totals") -> None:
        self.items += other.items
        self.titles += other.titles
        self.pages += other.pages
        self.value += other.value
        self.shipments += other.shipments
        if other.last_on and (self.last_on is None or other.last_on > self.last_on):
            self.last_on = other.last_on

    @property
    def value_rounded(self) -> Decimal:
        return round_money(self.value)

    def measure(self, name: str):
        return self.value_rounded if name == "value" else getattr(self, name)


@dataclass
class Balance:
    """Sent and received for one partner (or group), and their differences."""

    sent: Totals = field(default_factory=Totals)
    received: Totals = field(default_factory=Totals)

    def add(self, other: "Balance") -> None:
        self.sent.add(other.sent)
        self.received.add(other.received)

    def difference(self, measure: str):
        """Sent − received; for value, of the rounded figures so every row adds up."""
        return self.sent.measure(measure) - self.received.measure(measure)

    @property
    def items_balance(self) -> int:
        return self.difference("items")

    @property
    def titles_balance(self) -> int:
        return self.difference("titles")

    @property
    def pages_balance(self) -> int:
        return self.difference("pages")

    @property
    def value_balance(self) -> Decimal:
        return self.difference("value")

    @property
    def is_empty(self) -> bool:
        return not (self.sent.shipments or self.received.shipments)

    def cell_values(self) -> tuple:
        """The twelve measure cells in the order of `MEASURE_CELLS`, values rounded."""
        sent, received = self.sent, self.received
        value_sent, value_received = sent.value_rounded, received.value_rounded
        return (
            sent.items,
            received.items,
            sent.items - received.items,
            sent.titles,
            received.titles,
            sent.titles - received.titles,
            sent.pages,
            received.pages,
            sent.pages - received.pages,
            value_sent,
            value_received,
            value_sent - value_received,
        )

    def cells(self) -> dict:
        """The twelve measure columns (`items_sent` … `value_balance`), values rounded."""
        return dict(zip(MEASURE_CELLS, self.cell_values(), strict=True))


@dataclass
class PartnerBalance(Balance):
    partner: object = None


def total_of(rows) -> Balance:
    total = Balance()
    for row in rows:
        total.add(row)
    return total
