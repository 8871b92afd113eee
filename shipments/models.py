"""Shipments (parcels, consignments) and the items in them.

A shipment's status moves only through the steps of `shipments.steps.STEPS`;
`Shipment.apply_step` is the single place that checks and applies one. `counted_on` is
computed by the database from status and dates: it is the date on which the shipment
counts in the balance of exchange, or NULL when it does not count.
"""

import datetime
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Case, F, Q, Value, When
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from exchange.core.choices import Direction, QuickChoiceLabels
from shipments.items import ShipmentItem  # noqa: F401 (defined there, registered here)
from shipments.querysets import ShipmentQuerySet
from shipments.references import (
    ReferenceCounter,  # noqa: F401 (registers the model)
    validate_reference,
)
from shipments.steps import (
    COUNTED_INCOMING,
    COUNTED_OUTGOING,
    DISPATCHED_OUTGOING,
    INCOMING_STATUSES,
    NOT_DISPATCHED_OUTGOING,
    NOT_RECEIVED_INCOMING,
    OUTGOING_STATUSES,
    STEPS,
    Status,
    Step,
)


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
    # The new-shipment form that created it: a form sent twice creates one shipment.
    form_token = models.UUIDField(null=True, blank=True, editable=False)
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

    history = HistoricalRecords(excluded_fields=["counted_on", "form_token"])
    objects = ShipmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("shipment")
        verbose_name_plural = _("shipments")
        permissions = [
            (
                "replace_sent_shipment",
                _("Can replace, by import, a shipment that was dispatched or received"),
            )
        ]
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
            # References by prefix (the next OUT-2026- number): PostgreSQL's pattern
            # operator class, which LIKE 'prefix%' can use whatever the collation.
            models.Index(
                fields=["reference"],
                name="shipment_reference_like_idx",
                opclasses=["varchar_pattern_ops"],
            ),
            # On PostgreSQL also `shipment_date_idx`, by the list's date (migration
            # 0003): SQLite cannot index its NULLS LAST order.
        ]
        constraints = [
            models.CheckConstraint(condition=~Q(reference=""), name="shipment_reference_not_empty"),
            # Partial: a unique index without rebuilding the table on SQLite (which would
            # drop the balance summary's triggers on it).
            models.UniqueConstraint(
                fields=["form_token"],
                condition=Q(form_token__isnull=False),
                name="shipment_form_token_unique",
            ),
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

    conflict_message = _(
        "%(who)s changed this shipment at %(at)s, while you were editing it. Nothing "
        "was saved: check your changes against theirs and save again."
    )

    def deletion_refusal(self) -> str:
        """Why the shipment cannot be deleted, with what to do instead; "" if it can."""
        if self.dispatched_on or self.received_on:
            if self.is_outgoing:
                message = gettext(
                    "%(reference)s was dispatched on %(date)s and counts in the record of "
                    "exchange: it cannot be deleted. If it never arrived, mark it lost or "
                    "returned."
                )
                on = self.dispatched_on
            else:
                message = gettext(
                    "%(reference)s was received on %(date)s and counts in the record of "
                    "exchange: it cannot be deleted."
                )
                on = self.received_on
            return message % {"reference": self.reference, "date": on.isoformat()}
        if not self.is_deletable:
            return gettext(
                "%(reference)s is %(status)s: it cannot be deleted. If it will not be sent, "
                "cancel it instead."
            ) % {"reference": self.reference, "status": self.get_status_display().lower()}
        claims = self.claims.count()
        if claims:
            return ngettext(
                "%(reference)s cannot be deleted: %(n)d claim refers to it.",
                "%(reference)s cannot be deleted: %(n)d claims refer to it.",
                claims,
            ) % {"reference": self.reference, "n": claims}
        return ""

    def clean(self):
        """The status's dates, with the messages the database constraints cannot give."""
        errors = {}
        try:
            validate_reference(self.reference)
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
