"""Exchange what we have for what we need (DOMAIN.md, "Offers, selections and wants"):
the exchange stock, offer lists made from it, partners' selections from them with
first-come reservation, partners' own offers and our wants. None of it counts in the
balance: only the shipments a selection or a partner's offer becomes count."""

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField
from simple_history.models import HistoricalRecords

from exchange.core.choices import QuickChoiceLabels
from exchange.core.countries import LibraryCountries
from exchange.offers.querysets import OfferListQuerySet, SelectionQuerySet, StockItemQuerySet
from shipments.items import Description

# Stock and offers ------------------------------------------------------------------


class StockItem(Description):
    """A title kept for exchange (our publications, books bought for exchange,
    duplicates), with the copies on hand."""

    subject = models.CharField(_("subject"), max_length=200, blank=True)
    copies = models.PositiveIntegerField(_("copies on hand"), default=0)
    note = models.TextField(_("note"), blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = StockItemQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("stock title")
        verbose_name_plural = _("exchange stock")
        ordering = ["title", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(copies__gte=0), name="stock_copies_not_negative"),
            models.CheckConstraint(condition=~Q(title=""), name="stock_title_not_empty"),
            models.CheckConstraint(condition=Q(unit_value__gte=0), name="stock_value_not_negative"),
            models.CheckConstraint(
                condition=Q(unit_value=0) | ~Q(currency=""), name="stock_value_has_currency"
            ),
        ]

    def get_absolute_url(self):
        return reverse("offers:stock_edit", args=[self.pk])


class OfferList(QuickChoiceLabels, models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        OPEN = "open", _("Open")
        CLOSED = "closed", _("Closed")

    reference = models.CharField(_("reference"), max_length=32, unique=True)
    title = models.CharField(_("title"), max_length=300)
    title_zh = models.CharField(_("title in Chinese"), max_length=300, blank=True)
    offered_on = models.DateField(_("date of the list"))
    reply_by = models.DateField(_("reply by"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=8, choices=Status.choices, default=Status.DRAFT
    )
    to_all_active = models.BooleanField(_("to all active partners"), default=False)
    partners = models.ManyToManyField(
        "partners.Partner", blank=True, related_name="offer_lists", verbose_name=_("partners")
    )
    countries = CountryField(
        _("countries and regions"), multiple=True, blank=True, countries=LibraryCountries
    )
    # Partner kinds, comma-separated codes (as the countries are stored).
    kinds = models.CharField(_("kinds of partner"), max_length=200, blank=True)
    note = models.TextField(_("note"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    objects = OfferListQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["created_at"])

    class Meta:
        verbose_name = _("offer list")
        verbose_name_plural = _("offer lists")
        ordering = ["-offered_on", "-id"]
        constraints = [
            models.CheckConstraint(condition=~Q(reference=""), name="offer_list_reference_set"),
            models.CheckConstraint(
                condition=Q(reply_by__isnull=True) | Q(reply_by__gte=models.F("offered_on")),
                name="offer_list_reply_after_offer",
            ),
        ]

    def __str__(self):
        return f"{self.reference} {self.title}"

    def get_absolute_url(self):
        return reverse("offers:list_detail", args=[self.pk])

    def addressees(self):
        """The partners that may choose from the list: the same rule as
        `OfferList.objects.addressed_to`, from the list's side."""
        from partners.models import Partner

        to = Q(pk__in=self.partners.values("pk"))
        if self.to_all_active:
            to |= Q(status="active")
        for code in self.countries:
            to |= Q(country=code.code)
        if self.kind_codes:
            to |= Q(kind__in=self.kind_codes)
        return Partner.objects.filter(to)

    @property
    def kind_codes(self) -> list[str]:
        return [code for code in self.kinds.split(",") if code]


class OfferLine(models.Model):
    """A numbered entry of an offer list: a stock title and the copies offered."""

    offer_list = models.ForeignKey(
        OfferList, on_delete=models.CASCADE, related_name="lines", verbose_name=_("offer list")
    )
    number = models.PositiveIntegerField(_("number"))
    stock_item = models.ForeignKey(
        StockItem, on_delete=models.PROTECT, related_name="offer_lines", verbose_name=_("title")
    )
    copies = models.PositiveIntegerField(
        _("copies offered"), default=1, validators=[MinValueValidator(1)]
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("offer line")
        verbose_name_plural = _("offer lines")
        ordering = ["offer_list", "number"]
        constraints = [
            models.UniqueConstraint(fields=["offer_list", "number"], name="offer_line_number"),
            models.UniqueConstraint(
                fields=["offer_list", "stock_item"], name="offer_line_title_once"
            ),
            models.CheckConstraint(condition=Q(copies__gte=1), name="offer_line_copies_positive"),
        ]

    def __str__(self):
        return f"{self.number}. {self.stock_item.title}"


# Selections ------------------------------------------------------------------------


class Selection(QuickChoiceLabels, models.Model):
    """A partner's request for copies of an offer list's titles."""

    class Status(models.TextChoices):
        REQUESTED = "requested", _("Requested")
        APPROVED = "approved", _("Approved")
        SHIPPED = "shipped", _("Shipped")
        DECLINED = "declined", _("Declined")

    class Source(models.TextChoices):
        PORTAL = "portal", _("The partner, in the portal")
        REPLY = "reply", _("A reply form")
        LETTER = "letter", _("A letter")
        EMAIL = "email", _("An e-mail")
        OTHER = "other", _("Other")

    offer_list = models.ForeignKey(
        OfferList, on_delete=models.PROTECT, related_name="selections", verbose_name=_("offer list")
    )
    partner = models.ForeignKey(
        "partners.Partner",
        on_delete=models.PROTECT,
        related_name="selections",
        verbose_name=_("partner"),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.REQUESTED
    )
    source = models.CharField(_("received as"), max_length=8, choices=Source.choices)
    source_note = models.CharField(_("source note"), max_length=300, blank=True)
    placed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("placed by"),
    )
    placed_at = models.DateTimeField(_("placed"), auto_now_add=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("approved by"),
    )
    approved_at = models.DateTimeField(_("approved"), null=True, blank=True)
    head_approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("department head who approved"),
    )
    head_approved_at = models.DateTimeField(
        _("approved by a department head"), null=True, blank=True
    )
    decided_note = models.CharField(_("reason"), max_length=300, blank=True)
    shipment = models.OneToOneField(
        "shipments.Shipment",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="selection",
        verbose_name=_("shipment"),
    )

    objects = SelectionQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["placed_at"])

    class Meta:
        verbose_name = _("selection")
        verbose_name_plural = _("selections")
        ordering = ["-placed_at", "-id"]
        permissions = [
            (
                "approve_selection_as_head",
                "Can approve a selection above the approval threshold",
            )
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="shipped") | Q(shipment__isnull=False),
                name="selection_shipped_has_shipment",
            ),
        ]

    def __str__(self):
        return f"{self.partner_id} · {self.offer_list_id} · {self.pk}"

    def get_absolute_url(self):
        return reverse("offers:selection_detail", args=[self.pk])


class SelectionLine(QuickChoiceLabels, models.Model):
    class Status(models.TextChoices):
        RESERVED = "reserved", _("Reserved")
        REFUSED = "refused", _("Refused: not enough copies")
        WITHDRAWN = "withdrawn", _("Withdrawn")
        DECLINED = "declined", _("Declined")
        SHIPPED = "shipped", _("Shipped")

    selection = models.ForeignKey(
        Selection, on_delete=models.CASCADE, related_name="lines", verbose_name=_("selection")
    )
    offer_line = models.ForeignKey(
        OfferLine,
        on_delete=models.PROTECT,
        related_name="selection_lines",
        verbose_name=_("offer line"),
    )
    requested = models.PositiveIntegerField(
        _("copies asked for"), validators=[MinValueValidator(1)]
    )
    # The copies the line holds while reserved (and took when shipped); 0 if refused.
    copies = models.PositiveIntegerField(_("copies reserved"), default=0)
    # When refused: the copies that were still available.
    available_then = models.PositiveIntegerField(_("copies then available"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("selection line")
        verbose_name_plural = _("selection lines")
        ordering = ["selection", "offer_line__number"]
        constraints = [
            models.UniqueConstraint(fields=["selection", "offer_line"], name="selection_line_once"),
            models.CheckConstraint(
                condition=Q(requested__gte=1), name="selection_line_asks_for_copies"
            ),
            models.CheckConstraint(
                condition=Q(copies__lte=models.F("requested")),
                name="selection_line_holds_what_was_asked",
            ),
            models.CheckConstraint(
                condition=~Q(status="refused") | Q(copies=0),
                name="selection_line_refused_holds_none",
            ),
        ]
        indexes = [models.Index(fields=["offer_line", "status"], name="selection_line_holding_idx")]

    def __str__(self):
        return f"{self.selection_id} · {self.offer_line_id} · {self.requested}"


# What partners offer, and what we want ----------------------------------------------


class PartnerOffer(QuickChoiceLabels, models.Model):
    """A partner's own list of titles it can send us."""

    class Status(models.TextChoices):
        OPEN = "open", _("Waiting for our choice")
        REQUESTED = "requested", _("Titles requested")
        CLOSED = "closed", _("Closed")

    partner = models.ForeignKey(
        "partners.Partner",
        on_delete=models.PROTECT,
        related_name="partner_offers",
        verbose_name=_("partner"),
    )
    title = models.CharField(_("title"), max_length=300)
    received_on = models.DateField(_("received on"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default="open")
    note = models.TextField(_("note"), blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("uploaded by"),
    )
    shipment = models.OneToOneField(
        "shipments.Shipment",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="partner_offer",
        verbose_name=_("expected shipment"),
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("partner offer")
        verbose_name_plural = _("partner offers")
        ordering = ["-received_on", "-id"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("offers:partner_offer_detail", args=[self.pk])


class PartnerOfferLine(Description):
    offer = models.ForeignKey(
        PartnerOffer, on_delete=models.CASCADE, related_name="lines", verbose_name=_("offer")
    )
    number = models.PositiveIntegerField(_("number"))
    quantity = models.PositiveIntegerField(
        _("quantity"), default=1, validators=[MinValueValidator(1)]
    )
    marked = models.BooleanField(_("wanted by us"), default=False)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("partner offer line")
        verbose_name_plural = _("partner offer lines")
        ordering = ["offer", "number"]
        constraints = [
            models.UniqueConstraint(fields=["offer", "number"], name="partner_offer_line_number"),
            models.CheckConstraint(condition=~Q(title=""), name="partner_offer_line_title_set"),
            models.CheckConstraint(
                condition=Q(quantity__gte=1), name="partner_offer_line_quantity_positive"
            ),
            models.CheckConstraint(
                condition=Q(unit_value=0) | ~Q(currency=""),
                name="partner_offer_line_value_has_currency",
            ),
        ]


class Want(models.Model):
    """A title we need (by ISBN, ISSN, or title, author and year), or a subject or a
    country whose publications we seek."""

    title = models.CharField(_("title"), max_length=500, blank=True)
    author = models.CharField(_("author"), max_length=255, blank=True)
    year = models.PositiveSmallIntegerField(_("year"), null=True, blank=True)
    isbn = models.CharField(_("ISBN"), max_length=13, blank=True, db_index=True)
    issn = models.CharField(_("ISSN"), max_length=8, blank=True)
    subject = models.CharField(_("subject"), max_length=200, blank=True)
    country = CountryField(_("country or region"), blank=True, countries=LibraryCountries)
    note = models.TextField(_("note"), blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    history = HistoricalRecords(excluded_fields=["created_at"])

    class Meta:
        verbose_name = _("wanted title")
        verbose_name_plural = _("wants")
        ordering = ["title", "id"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(title="", isbn="", issn="", subject="", country=""),
                name="want_says_what",
            ),
        ]

    def __str__(self):
        return self.title or self.isbn or self.issn or self.subject or str(self.country)
