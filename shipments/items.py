"""The items of a shipment: one title each, with its bibliographic description, copies,
pages and value (docs/domain.md, Shipments)."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from exchange.core.choices import QuickChoiceLabels
from exchange.core.codes import validate_currency, validate_language
from exchange.core.identifiers import validate_isbn, validate_issn


class MaterialType(models.TextChoices):
    MONOGRAPH = "monograph", _("Monograph")
    SERIAL = "serial", _("Serial")
    MAP = "map", _("Map")
    AUDIOVISUAL = "audiovisual", _("Audiovisual")
    ELECTRONIC = "electronic", _("Electronic")
    OTHER = "other", _("Other")


class Description(QuickChoiceLabels, models.Model):
    """A title as the import files describe it (DOMAIN.md, the shipment-item columns
    but the quantity): a shipment's item, a title of the exchange stock, a line of a
    partner's offer."""

    MaterialType = MaterialType

    title = models.CharField(_("title"), max_length=500)
    author = models.CharField(_("author"), max_length=255, blank=True)
    publisher = models.CharField(_("publisher"), max_length=255, blank=True)
    isbn = models.CharField(
        _("ISBN"), max_length=13, blank=True, db_index=True, validators=[validate_isbn]
    )
    issn = models.CharField(_("ISSN"), max_length=8, blank=True, validators=[validate_issn])
    material_type = models.CharField(
        _("material type"),
        max_length=16,
        choices=MaterialType.choices,
        default=MaterialType.MONOGRAPH,
    )
    language = models.CharField(
        _("language"), max_length=3, blank=True, validators=[validate_language]
    )
    year = models.PositiveSmallIntegerField(
        _("year"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1000), MaxValueValidator(2999)],
    )
    pages = models.PositiveIntegerField(_("pages per copy"), default=0)
    unit_value = models.DecimalField(
        _("unit value"),
        max_digits=12,
        decimal_places=2,
        default=Decimal(0),
        validators=[MinValueValidator(Decimal(0))],
    )
    currency = models.CharField(
        _("currency"), max_length=3, blank=True, validators=[validate_currency]
    )

    class Meta:
        abstract = True

    def __str__(self):
        return self.title

    def clean(self):
        if self.unit_value and not self.currency:
            raise ValidationError({"currency": _("Give the currency of the unit value.")})


# The fields of a Description, in the order of the import files.
DESCRIPTION_FIELDS = (
    "title",
    "author",
    "publisher",
    "isbn",
    "issn",
    "material_type",
    "language",
    "year",
    "pages",
    "unit_value",
    "currency",
)


class ShipmentItem(Description):
    shipment = models.ForeignKey(
        "shipments.Shipment",
        on_delete=models.CASCADE,
        related_name="items",
        verbose_name=_("shipment"),
    )
    quantity = models.PositiveIntegerField(
        _("quantity"), default=1, validators=[MinValueValidator(1)]
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("shipment item")
        verbose_name_plural = _("shipment items")
        ordering = ["shipment", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(quantity__gte=1), name="item_quantity_at_least_one"),
            models.CheckConstraint(condition=Q(pages__gte=0), name="item_pages_not_negative"),
            models.CheckConstraint(condition=Q(unit_value__gte=0), name="item_value_not_negative"),
            models.CheckConstraint(
                condition=Q(unit_value=0) | ~Q(currency=""), name="item_value_has_currency"
            ),
            models.CheckConstraint(condition=~Q(title=""), name="item_title_not_empty"),
        ]
        # The valued items of a currency, found without reading every item: the
        # administrators' "currencies without any rate" (exchange.dashboard).
        indexes = [
            models.Index(
                fields=["currency"], condition=Q(unit_value__gt=0), name="item_valued_currency_idx"
            )
        ]

    @property
    def total_pages(self) -> int:
        return self.pages * self.quantity

    @property
    def total_value(self) -> Decimal:
        return self.unit_value * self.quantity
