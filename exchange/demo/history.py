"""Shipments over the years: the days parcels leave each way for each partner, the steps
each takes and how far it has got by the last day, and the references they are given."""

import datetime
import math
import random
from collections import defaultdict

from exchange.demo.catalogue import Catalogue
from exchange.demo.context import Profile, Run
from exchange.demo.helpers import DAY, weighted
from exchange.demo.parcels import ShipmentPlan
from shipments.models import Shipment

METHODS = ("surface", "air", "courier", "diplomatic", "hand", "electronic")
METHOD_WEIGHTS = (52, 20, 12, 6, 5, 5)
# Days in transit, by method: (fewest, most).
TRANSIT = {
    "surface": (25, 90),
    "air": (6, 20),
    "courier": (3, 10),
    "diplomatic": (20, 60),
    "hand": (0, 3),
    "electronic": (0, 1),
}


def shipment_plans(run: Run, profiles: list[Profile]) -> list[ShipmentPlan]:
    """Every partner's shipments both ways, numbered; none for partners not yet exchanging."""
    rng = run.rng("shipments")
    years = range(run.first_day.year - 1, run.until.year + 1)
    catalogue = Catalogue(run.rng("catalogue"), years, run.base)
    plans = []
    for profile in profiles:
        if profile.start is None:
            continue
        for direction in ("outgoing", "incoming"):
            for day in shipment_days(rng, run, profile, direction):
                plan = make_plan(rng, run, catalogue, profile, direction, day)
                if plan:
                    plans.append(plan)
    number_references(plans)
    return plans


def shipment_days(
    rng: random.Random, run: Run, profile: Profile, direction: str
) -> list[datetime.date]:
    """The days parcels leave: about two a year each way, more or less by partner."""
    per_year = 2 * run.scale * profile.activity
    if direction == "incoming" and profile.partner.exchange_basis == "gift":
        per_year *= 0.3
    if per_year <= 0:
        return []
    # Planned shipments run past today (drafts), unless the exchange has stopped.
    ahead = 45 if profile.stop == run.until else -30
    last = profile.stop + ahead * DAY
    days, day = [], profile.start
    while True:
        day += DAY * math.ceil(rng.expovariate(per_year / 365))
        if day > last:
            return days
        days.append(day)


def make_plan(
    rng: random.Random,
    run: Run,
    catalogue: Catalogue,
    profile: Profile,
    direction: str,
    day: datetime.date,
):
    """The shipment that leaves on the day, as far as it has gone by `until`."""
    method = weighted(rng, METHODS, METHOD_WEIGHTS)
    arrival = day + DAY * rng.randint(*TRANSIT[method])
    steps = (outgoing_steps if direction == "outgoing" else incoming_steps)(rng, day, arrival)
    steps = [(status, on) for status, on in steps if on <= run.until]
    if not steps:
        return None
    return ShipmentPlan(run, catalogue, rng, profile, direction, method, (day, arrival), steps)


def outgoing_steps(rng: random.Random, day, arrival) -> list[tuple[str, datetime.date]]:
    """Every step it will take, from its draft to its end; cut at today by the caller."""
    created = day - DAY * rng.randint(3, 30)
    steps = [("draft", created)]
    packed = day - DAY * rng.randint(0, (day - created).days)
    fate = rng.random()
    if fate < 0.03:
        if rng.random() < 0.5:
            steps.append(("packed", packed))
        return [*steps, ("cancelled", steps[-1][1] + DAY * rng.randint(2, 30))]
    steps += [("packed", packed), ("dispatched", day)]
    if fate < 0.04:
        return [*steps, ("lost", day + DAY * rng.randint(60, 150))]
    if fate < 0.05:
        return [*steps, ("returned", day + DAY * rng.randint(30, 120))]
    if rng.random() < 0.85:
        steps.append(("delivered", arrival))
    if rng.random() < 0.75:
        steps.append(("acknowledged", arrival + DAY * rng.randint(5, 60)))
    return steps


def incoming_steps(rng: random.Random, day, expected) -> list[tuple[str, datetime.date]]:
    """Announced, then received and acknowledged; or cancelled, or late."""
    announced = day - DAY * rng.randint(0, 30)
    steps = [("expected", announced)]
    fate = rng.random()
    if fate < 0.03:
        return [*steps, ("cancelled", expected + DAY * rng.randint(20, 120))]
    late = fate < 0.10
    delay = rng.randint(60, 240) if late else rng.randint(-10, 25)
    received = max(announced + DAY, expected + DAY * delay)
    steps.append(("received", received))
    if rng.random() < 0.75:
        steps.append(("acknowledged", received + DAY * rng.randint(2, 45)))
    return steps


def number_references(plans: list) -> None:
    """References like OUT-2024-00042, numbered per year in the order they were made."""
    taken = defaultdict(int)
    for reference in Shipment.objects.values_list("reference", flat=True):
        prefix, _, number = reference.rpartition("-")
        if number.isdigit():
            taken[prefix] = max(taken[prefix], int(number))
    for plan in sorted(plans, key=lambda plan: plan.created):
        prefix = f"{'OUT' if plan.direction == 'outgoing' else 'IN'}-{plan.created.year}"
        taken[prefix] += 1
        plan.shipment.reference = f"{prefix}-{taken[prefix]:05d}"
