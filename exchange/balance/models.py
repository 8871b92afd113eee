from django.db import models
from django.db.models import Q

from exchange.core.choices import Direction


class BalanceSummary(models.Model):
    """The counted totals of one partner in one direction over a month, a year or all
    time, so that reports read a few thousand rows however long the history.

    Written only by database triggers, in the transaction of every change of shipments,
    items and rates (exchange.balance.triggers), and by `manage.py rebuild_summary`. A row
    exists while at least one shipment counts in it.
    - month 1–12 of a year; month 0 the whole year; year 0 and month 0 all time;
    - `value` in 10⁻⁸ base-currency units, each line converted at the rate in effect
      on its shipment's date, as exchange.balance sums it.
    """

    partner = models.ForeignKey(
        "partners.Partner", on_delete=models.DO_NOTHING, related_name="+", db_index=False
    )
    direction = models.CharField(max_length=8, choices=Direction.choices)
    year = models.PositiveSmallIntegerField()
    month = models.PositiveSmallIntegerField()
    items = models.BigIntegerField()
    titles = models.BigIntegerField()
    pages = models.BigIntegerField()
    value = models.BigIntegerField()
    shipments = models.BigIntegerField()
    last_on = models.DateField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["partner", "direction", "year", "month"], name="summary_unique_bucket"
            ),
            models.CheckConstraint(
                condition=Q(month__lte=12) & (Q(year__gt=0) | Q(month=0)),
                name="summary_month_of_a_year",
            ),
        ]
        indexes = [models.Index(fields=["year", "month"], name="summary_period_idx")]

    def __str__(self):
        return f"{self.partner_id} {self.direction} {self.year}-{self.month}"


class UnratedValue(models.Model):
    """Counted valued item lines whose currency had no rate on their shipment's date,
    per partner, direction, currency and day: what `missing_rates` reports. Kept by
    the same triggers as BalanceSummary; normally empty."""

    partner = models.ForeignKey(
        "partners.Partner", on_delete=models.DO_NOTHING, related_name="+", db_index=False
    )
    direction = models.CharField(max_length=8, choices=Direction.choices)
    currency = models.CharField(max_length=3)
    counted_on = models.DateField()
    lines = models.BigIntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["partner", "direction", "currency", "counted_on"],
                name="unrated_unique_day",
            ),
        ]
        indexes = [models.Index(fields=["counted_on"], name="unrated_day_idx")]

    def __str__(self):
        return f"{self.currency} {self.counted_on}"
