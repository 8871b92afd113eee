"""Shipments (parcels, consignments) and the items in them.

A shipment's status moves only through the steps in `STEPS`; `Shipment.apply_step`
is the single place that checks and applies one. `counted_on` is computed by the
database from status and dates: it is the date on which the shipment counts in
the balance of exchange, or NULL when it does not count.
"""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Case, F, OuterRef, Q, Subquery, Value, When
from django.db.models.functions import Cast, Coalesce, Round, TruncDate
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from exchange.choices import QuickChoiceLabels
from exchange.codes import validate_currency, validate_language, validate_url_part
from exchange.models import Direction
from shipments.identifiers import validate_isbn, validate_issn


class Status(models.TextChoices):
    # In context: "Received" is also a column of the balance, worded apart in Chinese.
    DRAFT = "draft", pgettext_lazy("shipment status", "Draft")
    PACKED = "packed", pgettext_lazy("shipment status", "Packed")
    DISPATCHED = "dispatched", pgettext_lazy("shipment status", "Dispatched")
    DELIVERED = "delivered", pgettext_lazy("shipment status", "Delivered")
    ACKNOWLEDGED = "acknowledged", pgettext_lazy("shipment status", "Acknowledged")
    CANCELLED = "cancelled", pgettext_lazy("shipment status", "Cancelled")
    LOST = "lost", pgettext_lazy("shipment status", "Lost")
    RETURNED = "returned", pgettext_lazy("shipment status", "Returned")
    EXPECTED = "expected", pgettext_lazy("shipment status", "Expected")
    RECEIVED = "received", pgettext_lazy("shipment status", "Received")


OUTGOING_STATUSES = ("draft", "packed", "dispatched", "delivered", "acknowledged")
OUTGOING_STATUSES += ("cancelled", "lost", "returned")
INCOMING_STATUSES = ("expected", "received", "acknowledged", "cancelled")
# The balance rules: which statuses count, per direction (DOMAIN.md).
COUNTED_OUTGOING = ("dispatched", "delivered", "acknowledged")
COUNTED_INCOMING = ("received", "acknowledged")
# Outgoing statuses that were dispatched, so carry a dispatch date, counted or not.
DISPATCHED_OUTGOING = (*COUNTED_OUTGOING, "lost", "returned")
NOT_DISPATCHED_OUTGOING = ("draft", "packed", "cancelled")
NOT_RECEIVED_INCOMING = ("expected", "cancelled")
_WHOLE = models.DecimalField(max_digits=38, decimal_places=0)


@dataclass(frozen=True)
class Step:
    name: str
    label: str
    direction: str
    sources: tuple[str, ...]
    target: str
    date_field: str


STEPS = {
    step.name: step
    for step in (
        Step("pack", _("Pack"), "outgoing", ("draft",), "packed", "packed_on"),
        Step("dispatch", _("Dispatch"), "outgoing", ("packed",), "dispatched", "dispatched_on"),
        Step(
            "deliver", _("Mark delivered"), "outgoing", ("dispatched",), "delivered", "delivered_on"
        ),
        Step(
            "acknowledge",
            _("Record the partner's acknowledgement"),
            "outgoing",
            ("dispatched", "delivered"),
            "acknowledged",
            "acknowledged_on",
        ),
        Step("cancel", _("Cancel"), "outgoing", ("draft", "packed"), "cancelled", "cancelled_on"),
        Step("lose", _("Mark lost"), "outgoing", ("dispatched",), "lost", "lost_on"),
        Step(
            "return",
            _("Mark returned"),
            "outgoing",
            ("dispatched", "delivered"),
            "returned",
            "returned_on",
        ),
        Step("receive", _("Receive"), "incoming", ("expected",), "received", "received_on"),
        Step(
            "confirm",
            _("Acknowledge receipt to the partner"),
            "incoming",
            ("received",),
            "acknowledged",
            "acknowledged_on",
        ),
        Step(
            "cancel_incoming", _("Cancel"), "incoming", ("expected",), "cancelled", "cancelled_on"
        ),
    )
}


def item_count_annotations() -> dict:
    """`item_count` (copies) and `title_count` (item lines) of each shipment."""
    items = ShipmentItem.objects.filter(shipment=OuterRef("pk")).order_by().values("shipment")
    return {
        "item_count": Coalesce(
            Subquery(items.annotate(n=models.Sum("quantity")).values("n")), Value(0)
        ),
        "title_count": Coalesce(
            Subquery(items.annotate(n=models.Count("id")).values("n")), Value(0)
        ),
    }


def shipment_date():
    """The dispatch date (outgoing) or receipt date (incoming), else the day recorded;
    indexed on PostgreSQL as the shipment list sorts by it (migration 0003)."""
    step_date = Case(
        When(direction="outgoing", then=F("dispatched_on")),
        When(direction="incoming", then=F("received_on")),
        output_field=models.DateField(),
    )
    return Coalesce(step_date, TruncDate("created_at"), output_field=models.DateField())


class ShipmentQuerySet(models.QuerySet):
    def counted(self):
        return self.filter(counted_on__isnull=False)

    def for_list(self):
        """With the partner, and the items and titles of each as `item_count` and
        `title_count`: subqueries, so a page of a long list sums only its own rows."""
        return self.select_related("partner").annotate(**item_count_annotations())

    def with_date(self):
        """`shipment_date`: the dispatch date (outgoing) or receipt date (incoming), else
        the day it was recorded. The lists show, sort and filter by it."""
        if "shipment_date" in self.query.annotations:
            return self
        return self.annotate(shipment_date=shipment_date())

    def item_totals(self) -> dict:
        """Items, titles, pages and value per currency of these shipments' items, in
        one query. Values are summed as whole cents, exact on SQLite too."""
        cents = Cast(Round(F("unit_value") * Value(Decimal(100))), _WHOLE)
        rows = (
            ShipmentItem.objects.filter(shipment__in=self.order_by().values("pk"))
            .values("currency")
            .annotate(
                n_items=models.Sum("quantity"),
                n_titles=models.Count("id"),
                n_pages=models.Sum(F("pages") * F("quantity")),
                n_cents=models.Sum(cents * F("quantity"), output_field=_WHOLE),
            )
            .order_by("currency")
        )
        totals = {"items": 0, "titles": 0, "pages": 0, "values": {}}
        for row in rows:
            totals["items"] += row["n_items"] or 0
            totals["titles"] += row["n_titles"]
            totals["pages"] += row["n_pages"] or 0
            if row["currency"] and row["n_cents"]:
                totals["values"][row["currency"]] = Decimal(row["n_cents"]) / 100
        return totals

    def search(self, text: str):
        text = text.strip()
        if not text:
            return self
        matching_items = ShipmentItem.objects.filter(
            Q(title__icontains=text) | Q(isbn__icontains=text.replace("-", ""))
        ).values("shipment_id")
        return self.filter(Q(reference__icontains=text) | Q(pk__in=matching_items))


class Shipment(QuickChoiceLabels, models.Model):
    class Method(models.TextChoices):
        SURFACE = "surface", _("Surface mail")
        AIR = "air", _("Airmail")
        COURIER = "courier", _("Courier")
        DIPLOMATIC = "diplomatic", _("Diplomatic bag")
        HAND = "hand", _("By hand")
        ELECTRONIC = "electronic", _("Electronic")

    Status = Status
    Direction = Direction

    reference = models.CharField(_("reference"), max_length=32, unique=True)
    direction = models.CharField(_("direction"), max_length=8, choices=Direction.choices)
    partner = models.ForeignKey(
        "partners.Partner",
        on_delete=models.PROTECT,
        related_name="shipments",
        verbose_name=_("partner"),
    )
    status = models.CharField(_("status"), max_length=16, choices=Status.choices)
    expected_on = models.DateField(_("expected on"), null=True, blank=True)
    packed_on = models.DateField(_("packed on"), null=True, blank=True)
    dispatched_on = models.DateField(_("dispatched on"), null=True, blank=True)
    delivered_on = models.DateField(_("delivered on"), null=True, blank=True)
    received_on = models.DateField(_("received on"), null=True, blank=True)
    acknowledged_on = models.DateField(_("acknowledged on"), null=True, blank=True)
    cancelled_on = models.DateField(_("cancelled on"), null=True, blank=True)
    lost_on = models.DateField(_("reported lost on"), null=True, blank=True)
    returned_on = models.DateField(_("returned on"), null=True, blank=True)
    method = models.CharField(
        _("dispatch method"), max_length=16, choices=Method.choices, blank=True
    )
    tracking_number = models.CharField(_("tracking number"), max_length=64, blank=True)
    parcels = models.PositiveIntegerField(_("number of parcels"), default=1)
    weight_kg = models.DecimalField(
        _("weight (kg)"),
        max_digits=9,
        decimal_places=3,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal(0))],
    )
    postage_cost = models.DecimalField(
        _("postage cost"),
        max_digits=12,
        decimal_places=2,
        default=Decimal(0),
        validators=[MinValueValidator(Decimal(0))],
        help_text=_("In the base currency."),
    )
    other_cost = models.DecimalField(
        _("other shipping costs"),
        max_digits=12,
        decimal_places=2,
        default=Decimal(0),
        validators=[MinValueValidator(Decimal(0))],
        help_text=_("Packing, customs, insurance; in the base currency."),
    )
    obligation = models.ForeignKey(
        "exchange.Obligation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="shipments",
        verbose_name=_("obligation served"),
    )
    notes = models.TextField(_("notes"), blank=True)
    counted_on = models.GeneratedField(
        expression=Case(
            When(Q(direction="outgoing", status__in=COUNTED_OUTGOING), then=F("dispatched_on")),
            When(Q(direction="incoming", status__in=COUNTED_INCOMING), then=F("received_on")),
            default=Value(None),
            output_field=models.DateField(),
        ),
        output_field=models.DateField(),
        db_persist=True,
        verbose_name=_("counted on"),
    )
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now, editable=False)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    history = HistoricalRecords(excluded_fields=["counted_on"])
    objects = ShipmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("shipment")
        verbose_name_plural = _("shipments")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(
                fields=["partner", "direction", "counted_on"], name="shipment_balance_idx"
            ),
            # By date first: the raw days at the ends of a report's period (the summary
            # holds whole months) are a date range in both directions.
            models.Index(fields=["counted_on", "direction"], name="shipment_counted_on_idx"),
            models.Index(fields=["direction", "status"], name="shipment_status_idx"),
            models.Index(fields=["dispatched_on"], name="shipment_dispatched_idx"),
            models.Index(fields=["received_on"], name="shipment_received_idx"),
            # On PostgreSQL also `shipment_date_idx`, by the list's date (migration
            # 0003): SQLite cannot index its NULLS LAST order.
        ]
        constraints = [
            models.CheckConstraint(condition=~Q(reference=""), name="shipment_reference_not_empty"),
            models.CheckConstraint(
                condition=Q(direction="outgoing", status__in=OUTGOING_STATUSES)
                | Q(direction="incoming", status__in=INCOMING_STATUSES),
                name="shipment_status_valid_for_direction",
            ),
            models.CheckConstraint(
                condition=~Q(direction="outgoing", status__in=DISPATCHED_OUTGOING)
                | Q(dispatched_on__isnull=False),
                name="shipment_dispatched_has_date",
            ),
            models.CheckConstraint(
                condition=~Q(direction="outgoing", status__in=NOT_DISPATCHED_OUTGOING)
                | Q(dispatched_on__isnull=True),
                name="shipment_undispatched_has_no_date",
            ),
            models.CheckConstraint(
                condition=~Q(direction="incoming", status__in=COUNTED_INCOMING)
                | Q(received_on__isnull=False),
                name="shipment_received_has_date",
            ),
            models.CheckConstraint(
                condition=~Q(direction="incoming", status__in=NOT_RECEIVED_INCOMING)
                | Q(received_on__isnull=True),
                name="shipment_unreceived_has_no_date",
            ),
            models.CheckConstraint(
                condition=Q(postage_cost__gte=0) & Q(other_cost__gte=0),
                name="shipment_costs_not_negative",
            ),
            models.CheckConstraint(
                condition=Q(weight_kg__isnull=True) | Q(weight_kg__gte=0),
                name="shipment_weight_not_negative",
            ),
        ]

    def __str__(self):
        return self.reference

    def get_absolute_url(self):
        return reverse("shipments:detail", args=[self.reference])

    @property
    def is_outgoing(self) -> bool:
        return self.direction == Direction.OUTGOING

    @property
    def is_counted(self) -> bool:
        if self.is_outgoing:
            return self.status in COUNTED_OUTGOING
        return self.status in COUNTED_INCOMING

    @property
    def balance_date(self) -> datetime.date | None:
        """The date it counts on (its dispatch or receipt date) if it counts."""
        if not self.is_counted:
            return None
        return self.dispatched_on if self.is_outgoing else self.received_on

    @property
    def is_editable(self) -> bool:
        """Items and details can change until the shipment leaves or arrives."""
        return self.status in ("draft", "packed", "expected")

    @property
    def is_deletable(self) -> bool:
        return self.status in ("draft", "expected", "cancelled") and not (
            self.dispatched_on or self.received_on
        )

    def clean(self):
        """The status's dates, with the messages the database constraints cannot give."""
        errors = {}
        try:
            validate_url_part(self.reference)
        except ValidationError as error:
            errors["reference"] = error
        if self.is_outgoing and self.status not in OUTGOING_STATUSES:
            errors["status"] = _("This is not a status of an outgoing shipment.")
        if not self.is_outgoing and self.status not in INCOMING_STATUSES:
            errors["status"] = _("This is not a status of an incoming shipment.")
        if self.is_outgoing and self.status in DISPATCHED_OUTGOING and not self.dispatched_on:
            errors["dispatched_on"] = _("A dispatched shipment needs its dispatch date.")
        if self.is_outgoing and self.status in NOT_DISPATCHED_OUTGOING and self.dispatched_on:
            errors["dispatched_on"] = _("A shipment that was not dispatched has no dispatch date.")
        if not self.is_outgoing and self.status in COUNTED_INCOMING and not self.received_on:
            errors["received_on"] = _("A received shipment needs its date of receipt.")
        if not self.is_outgoing and self.status in NOT_RECEIVED_INCOMING and self.received_on:
            errors["received_on"] = _("A shipment not yet received has no date of receipt.")
        if self.obligation_id and self.partner_id:
            errors.update(self._obligation_errors())
        if errors:
            raise ValidationError(errors)

    def _obligation_errors(self) -> dict:
        obligation = self.obligation
        if obligation.direction != self.direction:
            return {"obligation": _("This obligation is for the other direction.")}
        if obligation.partner_id and obligation.partner_id != self.partner_id:
            return {"obligation": _("This obligation is for another partner.")}
        countries = obligation.agreement.countries
        if not obligation.partner_id and countries and self.partner.country not in countries:
            return {"obligation": _("This partner is not in the agreement's countries.")}
        return {}

    def allowed_steps(self) -> list[Step]:
        return [
            step
            for step in STEPS.values()
            if step.direction == self.direction and self.status in step.sources
        ]

    def apply_step(self, name: str, on: datetime.date) -> None:
        """Move to the next status, or raise ValidationError saying why not.

        Only sets fields: saving, locking and history are the service's job.
        """
        step = STEPS.get(name)
        if step is None:
            raise ValidationError(_("Unknown step “%(step)s”.") % {"step": name})
        if step.direction != self.direction:
            raise ValidationError(
                _("“%(step)s” is not a step of an %(direction)s shipment.")
                % {"step": step.label, "direction": self.get_direction_display()}
            )
        if self.status not in step.sources:
            raise ValidationError(
                _("A shipment that is %(status)s cannot be changed by “%(step)s”.")
                % {"status": self.get_status_display().lower(), "step": step.label}
            )
        if on is None:
            raise ValidationError({step.date_field: _("Give the date.")})
        if on > timezone.localdate():
            raise ValidationError({step.date_field: _("The date cannot be in the future.")})
        earliest = (
            self.dispatched_on if name in ("deliver", "acknowledge", "lose", "return") else None
        )
        if name == "confirm":
            earliest = self.received_on
        if earliest and on < earliest:
            raise ValidationError(
                {step.date_field: _("The date is before %(date)s.") % {"date": earliest}}
            )
        self.status = step.target
        setattr(self, step.date_field, on)


class ShipmentItem(QuickChoiceLabels, models.Model):
    class MaterialType(models.TextChoices):
        MONOGRAPH = "monograph", _("Monograph")
        SERIAL = "serial", _("Serial")
        MAP = "map", _("Map")
        AUDIOVISUAL = "audiovisual", _("Audiovisual")
        ELECTRONIC = "electronic", _("Electronic")
        OTHER = "other", _("Other")

    shipment = models.ForeignKey(
        Shipment, on_delete=models.CASCADE, related_name="items", verbose_name=_("shipment")
    )
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
    quantity = models.PositiveIntegerField(
        _("quantity"), default=1, validators=[MinValueValidator(1)]
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

    def __str__(self):
        return self.title

    @property
    def total_pages(self) -> int:
        return self.pages * self.quantity

    @property
    def total_value(self) -> Decimal:
        return self.unit_value * self.quantity

    def clean(self):
        if self.unit_value and not self.currency:
            raise ValidationError({"currency": _("Give the currency of the unit value.")})


class ShipmentEvent(models.Model):
    """One step in a shipment's status history."""

    shipment = models.ForeignKey(
        Shipment, on_delete=models.CASCADE, related_name="events", verbose_name=_("shipment")
    )
    status = models.CharField(_("status"), max_length=16, choices=Status.choices)
    on = models.DateField(_("date"))
    at = models.DateTimeField(_("recorded at"), default=timezone.now)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("by"),
    )
    note = models.CharField(_("note"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("status change")
        verbose_name_plural = _("status history")
        ordering = ["shipment", "at", "id"]

    def __str__(self):
        return f"{self.shipment} → {self.status} ({self.on})"


class Claim(models.Model):
    """A claim to a partner for something not received (or not acknowledged)."""

    partner = models.ForeignKey(
        "partners.Partner",
        on_delete=models.PROTECT,
        related_name="claims",
        verbose_name=_("partner"),
    )
    shipment = models.ForeignKey(
        Shipment,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="claims",
        verbose_name=_("shipment"),
    )
    claimed_on = models.DateField(_("claimed on"), default=timezone.localdate)
    subject = models.TextField(_("what was claimed"))
    reply = models.TextField(_("reply"), blank=True)
    replied_on = models.DateField(_("replied on"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    created_at = models.DateTimeField(_("recorded at"), default=timezone.now, editable=False)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("claim")
        verbose_name_plural = _("claims")
        ordering = ["-claimed_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(replied_on__isnull=True) | Q(replied_on__gte=F("claimed_on")),
                name="claim_reply_after_claim",
            ),
        ]

    def __str__(self):
        return f"{self.partner.code} {self.claimed_on}"

    @property
    def is_awaiting_reply(self) -> bool:
        return self.replied_on is None
