"""Calendar arithmetic the rules share: the same day some months or years earlier."""

import calendar
import datetime


def months_before(day: datetime.date, months: int) -> datetime.date:
    """The same day `months` months earlier, or the month's last day if it has none."""
    index = day.year * 12 + day.month - 1 - months
    year, month = divmod(index, 12)
    month += 1
    return datetime.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def years_before(day: datetime.date, years: int) -> datetime.date:
    """The same day `years` years earlier; 29 February becomes the 28th."""
    return months_before(day, 12 * years)
