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

    @property
    def rate_text(self) -> str:
        """The rate as pages show it: its digits, without trailing zeros."""
        return f"{self.rate.normalize():f}"

    def clean_fields(self, exclude=None):
        """The code upper-cased ("usd" is USD) and a rate of 0 or less refused in plain
        words, for every form (the application's and the admin's): a field's error
        here also keeps the database constraint's own name off the page."""
        if isinstance(self.currency, str):
            self.currency = self.currency.strip().upper()
        errors = {}
        try:
            super().clean_fields(exclude=exclude)
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        checked = "rate" not in (exclude or ()) and "rate" not in errors
        if checked and self.rate is not None and self.rate <= 0:
            errors["rate"] = [
                ValidationError(
                    _(
                        "The rate must be more than 0: it is how many units of the base "
                        "currency (%(base)s) one unit of this currency is worth."
                    ),
                    code="not_positive",
                    params={"base": settings.EXCHANGE_BASE_CURRENCY},
                )
            ]
        if errors:
            raise ValidationError(errors)

    def unique_error_message(self, model_class, unique_check):
        if set(unique_check) == {"currency", "valid_from"}:
            return ValidationError(
                _(
                    "%(currency)s already has a rate from %(date)s: change that rate, or "
                    "choose another date."
                ),
                code="unique_together",
                params={"currency": self.currency, "date": self.valid_from},
            )
        return super().unique_error_message(model_class, unique_check)

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
