"""A currency's rate over time as a small SVG step line, worked out here so that the
template only draws it (no script, nothing from the internet)."""

import datetime
from dataclasses import dataclass
from decimal import Decimal

WIDTH, HEIGHT, MARGIN = 600, 160, 8


@dataclass(frozen=True)
class RateChart:
    points: str  # the polyline's "x,y x,y …"
    width: int
    height: int
    lowest: Decimal
    highest: Decimal
    first: datetime.date
    last: datetime.date


def rate_chart(rates, until: datetime.date) -> RateChart | None:
    """The step line of (valid_from, rate) pairs, oldest first, drawn until `until` (or
    the last valid-from, if later): a rate holds until the next one. None for fewer
    than one rate."""
    steps = sorted((rate.valid_from, rate.rate) for rate in rates)
    if not steps:
        return None
    first, last = steps[0][0], max(until, steps[-1][0])
    lowest = min(value for _, value in steps)
    highest = max(value for _, value in steps)
    days = max((last - first).days, 1)
    spread = highest - lowest

    # Coordinates of a drawing, not money: floats are fine here.
    def x(day):
        return MARGIN + (WIDTH - 2 * MARGIN) * (day - first).days / days

    def y(value):
        if not spread:
            return HEIGHT / 2
        return HEIGHT - MARGIN - (HEIGHT - 2 * MARGIN) * float((value - lowest) / spread)

    coordinates = []
    for index, (day, value) in enumerate(steps):
        if index:
            coordinates.append((x(day), y(steps[index - 1][1])))
        coordinates.append((x(day), y(value)))
    coordinates.append((x(last), y(steps[-1][1])))
    points = " ".join(f"{px:.1f},{py:.1f}" for px, py in coordinates)
    return RateChart(points, WIDTH, HEIGHT, lowest, highest, first, last)
