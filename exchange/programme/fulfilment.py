"""How far each obligation of a cultural agreement is met, period by period.

An obligation's periods are the calendar years that overlap its agreement's validity.
What a period achieved comes from the balance rules (`exchange.balance.sums.counted_totals`):
the counted shipments of the obligation's partner or, where it names none, of every
partner in the agreement's countries, in the obligation's direction, read in its
measure (value rounded to cents after summing). Shipments count whether or not they
name the obligation.

States of an obligation in a period, judged on a given day:
- upcoming: the period has not begun;
- met: the target is reached (whenever that is);
- missed: the period is over and the target was not reached;
- at risk: the period is under way, less than half the target is met
  (`AT_RISK_MET_BELOW`), and at most a quarter of the period is left
  (`AT_RISK_TIME_LEFT`), counting today as a day left: in a calendar year that is
  from 2 October on (92 days are left on 1 October, 91 on the 2nd);
- on track: under way and none of the above.
"""

import datetime
from dataclasses import dataclass
from decimal import ROUND_DOWN, Decimal

from django.db.models import Q, TextChoices
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from exchange.balance.sums import by_field, by_year, counted_totals
from exchange.balance.totals import Period, Totals
from exchange.core.choices import Direction
from exchange.programme.models import Obligation

AT_RISK_MET_BELOW = Decimal("0.5")
AT_RISK_TIME_LEFT = Decimal("0.25")


class State(TextChoices):
    UPCOMING = "upcoming", _("Not started")
    ON_TRACK = "on_track", _("On track")
    AT_RISK = "at_risk", _("At risk")
    MET = "met", _("Met")
    MISSED = "missed", _("Not met")


@dataclass(frozen=True)
class Fulfilment:
    """One obligation in one period: its target, what was achieved, and its state."""

    obligation: Obligation
    period: Period
    achieved: int | Decimal
    today: datetime.date

    @property
    def year(self) -> int:
        return self.period.start.year

    @property
    def target(self) -> Decimal:
        return self.obligation.target

    @property
    def ratio(self) -> Decimal:
        return Decimal(self.achieved) / self.target

    @property
    def percent(self) -> int:
        """Whole percent, rounded down so that 99.6 % is not shown as met."""
        return int((self.ratio * 100).to_integral_value(rounding=ROUND_DOWN))

    @property
    def bar_percent(self) -> int:
        return min(self.percent, 100)

    @property
    def still_due(self) -> Decimal:
        return max(self.target - Decimal(self.achieved), Decimal(0))

    @property
    def days_total(self) -> int:
        return (self.period.end - self.period.start).days + 1

    @property
    def days_left(self) -> int:
        """Days left in the period, today included; all of them before it starts."""
        if self.today < self.period.start:
            return self.days_total
        if self.today > self.period.end:
            return 0
        return (self.period.end - self.today).days + 1

    @property
    def is_met(self) -> bool:
        return Decimal(self.achieved) >= self.target

    @property
    def state(self) -> str:
        if self.is_met:
            return State.MET
        if self.today < self.period.start:
            return State.UPCOMING
        if self.today > self.period.end:
            return State.MISSED
        if self.ratio < AT_RISK_MET_BELOW and (
            Decimal(self.days_left) <= AT_RISK_TIME_LEFT * self.days_total
        ):
            return State.AT_RISK
        return State.ON_TRACK

    @property
    def is_at_risk(self) -> bool:
        return self.state == State.AT_RISK

    def get_state_display(self) -> str:
        return State(self.state).label


def period_of(obligation: Obligation, year: int) -> Period:
    """The obligation's period in that year (every obligation is per calendar year)."""
    return Period.year(year)


def agreement_years(agreement, today: datetime.date) -> list[int]:
    """The years an agreement's obligations run, newest first, not beyond this year."""
    first = (agreement.valid_from or agreement.signed_on or today).year
    last = (agreement.valid_to or today).year
    last = max(min(last, today.year), first)
    return list(range(last, first - 1, -1))


def _valid_in_year(year: int) -> Q:
    """The obligation's agreement is valid for at least part of the year."""
    start, end = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    return (Q(agreement__valid_from__isnull=True) | Q(agreement__valid_from__lte=end)) & (
        Q(agreement__valid_to__isnull=True) | Q(agreement__valid_to__gte=start)
    )


def obligations_in_year(year: int):
    return (
        Obligation.objects.filter(_valid_in_year(year))
        .select_related("agreement", "partner")
        .order_by("agreement__title", "agreement_id", "id")
    )


def fulfilments(obligations, years, today: datetime.date | None = None) -> dict:
    """{(obligation id, year): Fulfilment} for every obligation and year given.

    One query whatever the number of obligations and years (one `counted_totals`
    grouped by partner, country and year). Obligations need their agreement loaded.
    """
    today = today or timezone.localdate()
    obligations, years = list(obligations), sorted(set(years))
    if not obligations or not years:
        return {}
    partner_ids = {o.partner_id for o in obligations if o.partner_id}
    countries = {c.code for o in obligations if not o.partner_id for c in o.agreement.countries}
    where = Q(partner_id__in=partner_ids) | Q(partner__country__in=countries)
    span = Period(datetime.date(years[0], 1, 1), datetime.date(years[-1], 12, 31))
    group = {
        "partner": by_field("partner_id"),
        "country": by_field("partner__country"),
        "year": by_year(),
    }
    by_partner, by_country = {}, {}
    for (partner_id, country, year), balance in counted_totals(span, group, where).items():
        for index, key in ((by_partner, (partner_id, year)), (by_country, (country, year))):
            index.setdefault(key, _Sides()).add(balance)
    result = {}
    for obligation in obligations:
        for year in years:
            if obligation.partner_id:
                sides = by_partner.get((obligation.partner_id, year), _Sides())
            else:
                sides = _Sides()
                for country in obligation.agreement.countries:
                    sides.add(by_country.get((country.code, year), _Sides()))
            totals = sides.sent if obligation.direction == Direction.OUTGOING else sides.received
            result[(obligation.pk, year)] = Fulfilment(
                obligation=obligation,
                period=period_of(obligation, year),
                achieved=totals.measure(obligation.measure),
                today=today,
            )
    return result


class _Sides:
    """Sent and received totals, summed exactly before any rounding."""

    def __init__(self):
        self.sent, self.received = Totals(), Totals()

    def add(self, balance) -> None:
        self.sent.add(balance.sent)
        self.received.add(balance.received)


def fulfilments_in_year(obligations, year: int, today: datetime.date | None = None) -> list:
    """One Fulfilment per obligation, in the obligations' order."""
    obligations = list(obligations)
    found = fulfilments(obligations, [year], today)
    return [found[(obligation.pk, year)] for obligation in obligations]


def at_risk(today: datetime.date | None = None) -> list[Fulfilment]:
    """This year's obligations at risk, of agreements valid this year. Two queries."""
    today = today or timezone.localdate()
    year = today.year
    return [f for f in fulfilments_in_year(obligations_in_year(year), year, today) if f.is_at_risk]


def obligations_counting(shipment) -> list[Obligation]:
    """The obligations a shipment counts towards, and the one it names. One query.

    Those of its partner, or naming no partner and whose agreement covers the
    partner's country, in its direction, whose agreement is valid in the year of
    the date it counts on (none while it does not count).
    """
    condition = Q(pk=shipment.obligation_id) if shipment.obligation_id else Q(pk__in=[])
    if shipment.counted_on:
        year = shipment.counted_on.year
        country = shipment.partner.country.code
        condition |= (
            Q(direction=shipment.direction)
            & (
                Q(partner_id=shipment.partner_id)
                | Q(partner__isnull=True, agreement__countries__contains=country)
            )
            & _valid_in_year(year)
        )
    return list(
        Obligation.objects.filter(condition)
        .select_related("agreement", "partner")
        .order_by("agreement__title", "id")
    )
