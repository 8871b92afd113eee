"""Calendar arithmetic the rules share: the same day some months or years earlier;
the range of dates the application takes."""

import calendar
import datetime

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# A date outside these is a typing mistake (a report "to 0001-01-01"), and date
# arithmetic at the ends of Python's calendar (years 1 and 9999) would fail.
EARLIEST = datetime.date(1000, 1, 1)
LATEST = datetime.date(2999, 12, 31)


def validate_date_in_range(value: datetime.date | None) -> None:
    if value is not None and not EARLIEST <= value <= LATEST:
        raise ValidationError(
            _("Give a date between %(earliest)s and %(latest)s."),
            code="date_out_of_range",
            params={"earliest": EARLIEST.isoformat(), "latest": LATEST.isoformat()},
        )


def months_before(day: datetime.date, months: int) -> datetime.date:
    """The same day `months` months earlier, or the month's last day if it has none."""
    index = day.year * 12 + day.month - 1 - months
    year, month = divmod(index, 12)
    month += 1
    return datetime.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def years_before(day: datetime.date, years: int) -> datetime.date:
    """The same day `years` years earlier; 29 February becomes the 28th."""
    return months_before(day, 12 * years)
