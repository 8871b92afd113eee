from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from exchange.core.codes import validate_currency


class ExchangeRate(models.Model):
    currency = models.CharField(_("currency"), max_length=3, validators=[validate_currency])
    valid_from = models.DateField(_("valid from"))
    rate = models.DecimalField(
        _("rate"),
        max_digits=18,
        decimal_places=6,
        help_text=_("How many base-currency units one unit of the currency is worth."),
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("exchange rate")
        verbose_name_plural = _("exchange rates")
        ordering = ["currency", "-valid_from"]
        constraints = [
            models.UniqueConstraint(
                fields=["currency", "valid_from"], name="rate_unique_per_currency_and_day"
            ),
            models.CheckConstraint(condition=Q(rate__gt=0), name="rate_positive"),
        ]

    def __str__(self):
        return f"{self.currency} {self.valid_from}: {self.rate}"

    def clean(self):
        if self.currency == settings.EXCHANGE_BASE_CURRENCY:
            raise ValidationError(
                {
                    "currency": _("%(currency)s is the base currency; its rate is always 1.")
                    % {"currency": self.currency}
                }
            )


# The columns of the rates import and export file.
RATE_COLUMNS = ("currency", "valid_from", "rate")
