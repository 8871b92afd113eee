"""When a scheduled job is due: "daily at HH:MM" or "weekly on <Day> at HH:MM", in the
site's time zone (TIME_ZONE)."""

import datetime
import re
from dataclasses import dataclass

from django.core.exceptions import ImproperlyConfigured
from django.utils import timezone

DAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
PATTERN = re.compile(
    r"^(?:daily|weekly on (?P<day>[a-z]+)) at (?P<hour>[01]?\d|2[0-3]):(?P<minute>[0-5]\d)$"
)


@dataclass(frozen=True)
class When:
    time: datetime.time
    weekday: int | None = None  # Monday is 0; None: every day

    @classmethod
    def parse(cls, text: str) -> "When":
        found = PATTERN.match(" ".join(text.lower().split()))
        day = found and found["day"]
        if not found or (day and day not in DAYS):
            raise ImproperlyConfigured(
                f"{text!r} is not a schedule: write “daily at 02:00” or "
                "“weekly on Monday at 07:00”."
            )
        time = datetime.time(int(found["hour"]), int(found["minute"]))
        return cls(time, DAYS.index(day) if day else None)

    def latest_due(self, now: datetime.datetime) -> datetime.datetime:
        """The latest moment at or before `now` when it was due (aware, local time)."""
        local = timezone.localtime(now)
        day = local.date()
        if self.weekday is not None:
            day -= datetime.timedelta(days=(day.weekday() - self.weekday) % 7)
        due = timezone.make_aware(datetime.datetime.combine(day, self.time))
        if due > local:
            due -= datetime.timedelta(days=1 if self.weekday is None else 7)
            due = timezone.make_aware(datetime.datetime.combine(due.date(), self.time))
        return due
