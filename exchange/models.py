"""The programme: cultural agreements, their obligations, and exchange rates."""

import datetime
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField
from simple_history.models import HistoricalRecords

from exchange.codes import validate_currency


class Direction(models.TextChoices):
    OUTGOING = "outgoing", _("Outgoing (we send)")
    INCOMING = "incoming", _("Incoming (we receive)")


class Measure(models.TextChoices):
    ITEMS = "items", _("Items")
    TITLES = "titles", _("Titles")
    PAGES = "pages", _("Pages")
    VALUE = "value", _("Value")


class CulturalAgreementQuerySet(models.QuerySet):
    def in_force(self, on: datetime.date):
        return self.filter(Q(valid_from__isnull=True) | Q(valid_from__lte=on)).filter(
            Q(valid_to__isnull=True) | Q(valid_to__gte=on)
        )

    def expired(self, on: datetime.date):
        return self.filter(valid_to__lt=on)

    def expiring(self, on: datetime.date, within_days: int = 183):
        return self.in_force(on).filter(valid_to__lte=on + datetime.timedelta(days=within_days))


class CulturalAgreement(models.Model):
    class Kind(models.TextChoices):
        AGREEMENT = "agreement", _("Intergovernmental cultural agreement")
        PROGRAMME = "programme", _("Executive programme")
        LIBRARY = "library", _("Bilateral library agreement")

    title = models.CharField(_("title"), max_length=300)
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices, default=Kind.AGREEMENT)
    reference = models.CharField(_("reference"), max_length=64, blank=True)
    countries = CountryField(_("counterpart countries"), multiple=True)
    signed_on = models.DateField(_("signed on"), null=True, blank=True)
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_to = models.DateField(_("valid to"), null=True, blank=True)
    summary = models.TextField(_("text or summary"), blank=True)

    history = HistoricalRecords()
    objects = CulturalAgreementQuerySet.as_manager()

    class Meta:
        verbose_name = _("cultural agreement")
        verbose_name_plural = _("cultural agreements")
        ordering = ["-valid_from", "title"]
        permissions = [("view_reports", _("Can view the balance-of-exchange reports"))]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_from__isnull=True)
                | Q(valid_to__isnull=True)
                | Q(valid_to__gte=models.F("valid_from")),
                name="agreement_valid_to_after_valid_from",
            ),
            models.UniqueConstraint(
                fields=["reference"],
                condition=~Q(reference=""),
                name="agreement_reference_unique",
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("exchange:agreement_detail", args=[self.pk])

    def clean(self):
        if self.valid_from and self.valid_to and self.valid_to < self.valid_from:
            raise ValidationError({"valid_to": _("The end date is before the start date.")})


class Obligation(models.Model):
    class Period(models.TextChoices):
        YEAR = "year", _("Calendar year")

    agreement = models.ForeignKey(
        CulturalAgreement,
        on_delete=models.PROTECT,
        related_name="obligations",
        verbose_name=_("agreement"),
    )
    partner = models.ForeignKey(
        "partners.Partner",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="obligations",
        verbose_name=_("partner"),
        help_text=_("Leave empty for all partners in the agreement's countries."),
    )
    direction = models.CharField(_("direction"), max_length=8, choices=Direction.choices)
    measure = models.CharField(_("measure"), max_length=8, choices=Measure.choices)
    target = models.DecimalField(
        _("target per period"),
        max_digits=14,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0.01"))],
    )
    period = models.CharField(
        _("period"), max_length=8, choices=Period.choices, default=Period.YEAR
    )
    description = models.TextField(_("description"), blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("obligation")
        verbose_name_plural = _("obligations")
        ordering = ["agreement", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(target__gt=0), name="obligation_target_positive"),
            models.CheckConstraint(
                condition=Q(direction__in=["outgoing", "incoming"]),
                name="obligation_direction_valid",
            ),
            models.CheckConstraint(
                condition=Q(measure__in=["items", "titles", "pages", "value"]),
                name="obligation_measure_valid",
            ),
        ]

    def __str__(self):
        who = self.partner.code if self.partner_id else _("all partners")
        return f"{self.agreement}: {self.get_direction_display()} {self.target} " + (
            f"{self.get_measure_display()} ({who})"
        )

    def clean(self):
        if (
            self.partner_id
            and self.agreement_id
            and self.agreement.countries
            and self.partner.country not in self.agreement.countries
        ):
            raise ValidationError(
                {"partner": _("This partner is not in the agreement's countries.")}
            )


class ExchangeRateQuerySet(models.QuerySet):
    def in_effect(self, currency: str, on: datetime.date):
        """The rate with the latest valid-from on or before the date, or None."""
        return self.filter(currency=currency, valid_from__lte=on).order_by("-valid_from").first()


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
    objects = ExchangeRateQuerySet.as_manager()

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


def currencies_without_rate(currencies, on: datetime.date) -> list[str]:
    """The currencies (other than the base) that have no rate in effect on the date."""
    needed = {code for code in currencies if code and code != settings.EXCHANGE_BASE_CURRENCY}
    if not needed:
        return []
    covered = set(
        ExchangeRate.objects.filter(currency__in=needed, valid_from__lte=on)
        .values_list("currency", flat=True)
        .distinct()
    )
    return sorted(needed - covered)


class PendingImport(models.Model):
    """An uploaded import file kept between its preview and the confirmation.

    In the database, not on a disk or in a session, so any host can confirm it.
    """

    class Kind(models.TextChoices):
        PARTNERS = "partners", _("Partners")
        RATES = "rates", _("Exchange rates")
        SHIPMENTS = "shipments", _("Shipments")

    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    file_name = models.CharField(_("file name"), max_length=255)
    content = models.BinaryField(_("content"))
    replace = models.BooleanField(_("replace existing shipments"), default=False)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("uploaded by"),
    )
    created_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("pending import")
        verbose_name_plural = _("pending imports")
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=["partners", "rates", "shipments"]),
                name="pending_import_kind_valid",
            ),
        ]

    def __str__(self):
        return f"{self.kind}: {self.file_name}"


class UserPreference(models.Model):
    """What a user chose for themselves: the language of the interface.

    Read once at sign-in into the session (exchange.preferences), so pages cost no
    extra query; changed by the language switcher.
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="preference",
        verbose_name=_("user"),
    )
    language = models.CharField(_("language"), max_length=16, choices=settings.LANGUAGES)

    class Meta:
        verbose_name = _("user preference")
        verbose_name_plural = _("user preferences")

    def __str__(self):
        return f"{self.user}: {self.language}"


class BalanceSummary(models.Model):
    """The counted totals of one partner in one direction over a month, a year or all
    time, so that reports read a few thousand rows however long the history.

    Written only by database triggers, in the transaction of every change of shipments,
    items and rates (exchange.summary), and by `manage.py rebuild_summary`. A row
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
