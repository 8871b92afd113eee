import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django_countries.fields import CountryField
from simple_history.models import HistoricalRecords

from exchange.core.bilingual import in_language
from exchange.core.choices import Direction, Measure, QuickChoiceLabels
from exchange.core.countries import LibraryCountries, countries_named


class CulturalAgreementQuerySet(models.QuerySet):
    def in_force(self, on: datetime.date):
        return self.filter(Q(valid_from__isnull=True) | Q(valid_from__lte=on)).filter(
            Q(valid_to__isnull=True) | Q(valid_to__gte=on)
        )

    def expired(self, on: datetime.date):
        return self.filter(valid_to__lt=on)

    def expiring(self, on: datetime.date, within_days: int = 183):
        return self.in_force(on).filter(valid_to__lte=on + datetime.timedelta(days=within_days))

    def search(self, text: str):
        """By title in either language, reference, summary, or a counterpart country's
        name in English or Chinese: the agreement list's and the search page's rule."""
        text = " ".join(text.replace("\x00", " ").split())
        if not text:
            return self
        found = (
            Q(title__icontains=text)
            | Q(title_zh__icontains=text)
            | Q(reference__icontains=text)
            | Q(summary__icontains=text)
        )
        # Stored as comma-separated alpha-2 codes, so a code cannot match across two.
        for code in countries_named(text):
            found |= Q(countries__contains=code)
        return self.filter(found)


class CulturalAgreement(models.Model):
    class Kind(models.TextChoices):
        AGREEMENT = "agreement", _("Intergovernmental cultural agreement")
        PROGRAMME = "programme", _("Executive programme")
        LIBRARY = "library", _("Bilateral library agreement")

    title = models.CharField(_("title"), max_length=300)
    title_zh = models.CharField(_("title in Chinese"), max_length=300, blank=True)
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices, default=Kind.AGREEMENT)
    reference = models.CharField(_("reference"), max_length=64, blank=True)
    countries = CountryField(_("counterpart countries"), multiple=True, countries=LibraryCountries)
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
        return self.shown_title

    def get_absolute_url(self):
        return reverse("exchange:agreement_detail", args=[self.pk])

    @property
    def shown_title(self) -> str:
        """The title in the language of the page, else the other."""
        return in_language(self.title, self.title_zh)

    def deletion_refusal(self) -> str:
        obligations = self.obligations.count()
        if not obligations:
            return ""
        return ngettext(
            "“%(title)s” cannot be deleted: it has %(n)d obligation. When it is no longer in "
            "force, set the date it is valid to.",
            "“%(title)s” cannot be deleted: it has %(n)d obligations. When it is no longer in "
            "force, set the date it is valid to.",
            obligations,
        ) % {"title": self.title, "n": obligations}

    def clean(self):
        if self.valid_from and self.valid_to and self.valid_to < self.valid_from:
            raise ValidationError({"valid_to": _("The end date is before the start date.")})


# What a person enters of an obligation, on its page and in the admin.
OBLIGATION_FIELDS = [
    "partner",
    "direction",
    "measure",
    "target",
    "period",
    "description",
    "description_zh",
]


class Obligation(QuickChoiceLabels, models.Model):
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
    description_zh = models.TextField(_("description in Chinese"), blank=True)

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

    @property
    def shown_description(self) -> str:
        return in_language(self.description, self.description_zh)

    def deletion_refusal(self) -> str:
        shipments = self.shipments.count()
        if not shipments:
            return ""
        return ngettext(
            "This obligation cannot be deleted: %(n)d shipment serves it. When the agreement "
            "is no longer in force, set the date it is valid to.",
            "This obligation cannot be deleted: %(n)d shipments serve it. When the agreement "
            "is no longer in force, set the date it is valid to.",
            shipments,
        ) % {"n": shipments}

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
