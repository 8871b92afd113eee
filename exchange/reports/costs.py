"""What the exchange costs per partner or country, next to what came in."""

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.db.models import BigIntegerField, Count, F, Q, Sum
from django.db.models.functions import Cast, Round
from django.utils.translation import gettext_lazy as _

from exchange.balance.sums import by_field, counted_totals
from exchange.balance.totals import Balance, Period, round_money
from exchange.core.choices import Direction
from exchange.core.countries import countries
from exchange.core.tables import INT, MONEY, RATIO, TEXT, Column
from exchange.reports.tables import COUNTRY, PARTNER, Filters, Table
from shipments.models import Shipment
from shipments.steps import DISPATCHED_OUTGOING

# Outgoing shipments whose costs count: every one that left, arrived or not.
COST_STATUSES = DISPATCHED_OUTGOING


RATIO_PLACES = Decimal("0.0001")


COST_DIMENSIONS = {"partner": _("By partner"), "country": _("By country or region")}


def _cents(name: str):
    """A money field as whole cents, so that SQLite sums it exactly too."""
    return Cast(Round(F(name) * 100), BigIntegerField())


def _dispatched_in(period: Period) -> Q:
    condition = Q(direction=Direction.OUTGOING, status__in=COST_STATUSES)
    if period.start:
        condition &= Q(dispatched_on__gte=period.start)
    if period.end:
        condition &= Q(dispatched_on__lte=period.end)
    return condition


@dataclass
class Cost:
    shipments: int = 0
    postage: Decimal = Decimal(0)
    other: Decimal = Decimal(0)
    balance: Balance = field(default_factory=Balance)

    def add(self, other: "Cost") -> None:
        self.shipments += other.shipments
        self.postage += other.postage
        self.other += other.other
        self.balance.add(other.balance)

    def cells(self) -> dict:
        total = self.postage + self.other
        received = self.balance.received
        per_item = round_money(total / received.items) if received.items else None
        per_value = (
            (total / received.value).quantize(RATIO_PLACES, rounding=ROUND_HALF_UP)
            if received.value
            else None
        )
        return {
            "shipments_dispatched": self.shipments,
            "postage_cost": round_money(self.postage),
            "other_cost": round_money(self.other),
            "total_cost": round_money(total),
            "items_sent": self.balance.sent.items,
            "items_received": received.items,
            "value_received": received.value_rounded,
            "cost_per_item_received": per_item,
            "cost_per_value_received": per_value,
        }


def cost_columns() -> list[Column]:
    currency = settings.EXCHANGE_BASE_CURRENCY
    return [
        Column("shipments_dispatched", _("Shipments dispatched"), INT),
        Column("postage_cost", _("Postage (%(c)s)") % {"c": currency}, MONEY),
        Column("other_cost", _("Other costs (%(c)s)") % {"c": currency}, MONEY),
        Column("total_cost", _("Total cost (%(c)s)") % {"c": currency}, MONEY),
        Column("items_sent", _("Items sent"), INT),
        Column("items_received", _("Items received"), INT),
        Column("value_received", _("Value received (%(c)s)") % {"c": currency}, MONEY),
        Column("cost_per_item_received", _("Cost per item received"), MONEY),
        Column("cost_per_value_received", _("Cost per unit of value received"), RATIO),
    ]


def cost_table(period: Period, filters: Filters, by: str) -> Table:
    """Costs and receipts per partner (every matching one) or per country (those with
    costs or receipts). Two queries, three per partner with the partner list."""
    group_field = "partner_id" if by == "partner" else "partner__country"
    where = filters.shipments_q()
    costs = {}
    for row in (
        Shipment.objects.filter(_dispatched_in(period))
        .filter(where)
        .values(group_field)
        .annotate(
            n=Count("id"), postage=Sum(_cents("postage_cost")), other=Sum(_cents("other_cost"))
        )
        .order_by()
    ):
        costs[row[group_field]] = Cost(
            shipments=row["n"],
            postage=Decimal(row["postage"] or 0) / 100,
            other=Decimal(row["other"] or 0) / 100,
        )
    for (key,), balance in counted_totals(period, {"key": by_field(group_field)}, where).items():
        costs.setdefault(key, Cost()).balance = balance
    rows = []
    if by == "partner":
        for partner in filters.partners():
            cost = costs.get(partner.pk, Cost())
            rows.append(
                {
                    "partner_code": partner.code,
                    "partner_name": partner.name,
                    "country": partner.country.code,
                    "country_name": partner.country.name,
                    "partner": partner,
                    "cost": cost,
                    **cost.cells(),
                }
            )
        head = [
            Column("partner_code", _("Code"), PARTNER),
            Column("partner_name", _("Partner"), TEXT),
            Column("country", _("Country or region"), COUNTRY),
        ]
        default_sort = "partner_code"
    else:
        for code, cost in costs.items():
            rows.append(
                {
                    "country": code,
                    "country_name": countries.name(code),
                    "cost": cost,
                    **cost.cells(),
                }
            )
        head = [Column("country", _("Country or region"), COUNTRY)]
        default_sort = "country"
    total_cost = Cost()
    for row in rows:
        total_cost.add(row["cost"])
    first = head[0].key
    return Table(
        [*head, *cost_columns()],
        rows,
        {first: _("Total"), **total_cost.cells()},
        default_sort=default_sort,
    )
