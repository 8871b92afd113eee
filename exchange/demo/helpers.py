"""Small helpers every part of the demo uses: weighted draws, exact decimals, days and
times, and the ASCII form of a name."""

import datetime
import itertools
import random
import re
import unicodedata
from decimal import Decimal
from functools import cache

from django.utils import timezone

DAY = datetime.timedelta(days=1)


def weighted(rng: random.Random, choices, weights: tuple):
    # The same draw as rng.choices(choices, weights), without summing the weights each time.
    return rng.choices(choices, cum_weights=cumulative(weights))[0]


@cache
def cumulative(weights: tuple) -> list:
    return list(itertools.accumulate(weights))


def decimal(number: float, places: int) -> Decimal:
    """A float from the random generator as an exact Decimal of so many places."""
    return Decimal(round(number * 10**places)) / 10**places


def add_years(day: datetime.date, years: int) -> datetime.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def random_day(rng: random.Random, first: datetime.date, last: datetime.date) -> datetime.date:
    return first + DAY * rng.randint(0, max(0, (last - first).days))


def aware(day: datetime.date, rng: random.Random, hour: int = 9) -> datetime.datetime:
    """A time in the working hour; later steps of a day get later hours, to sort right.

    Never in the future: the last day's steps are recorded no later than now.
    """
    time = datetime.time(hour, rng.randint(0, 59))
    moment = datetime.datetime.combine(day, time, tzinfo=timezone.get_default_timezone())
    return min(moment, timezone.now())


def ascii_fold(text: str) -> str:
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "", ascii_fold(text).lower()) or "library"
