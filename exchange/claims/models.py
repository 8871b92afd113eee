"""A claim to a partner for something not received (or not acknowledged).

The model belongs to the shipments app (`app_label`), as it always has: its table,
history table and permissions keep their names (`shipments_claim`,
`shipments.add_claim`); its code lives here, with the rest of the claims."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class Claim(models.Model):
    """A claim to a partner for something not received (or not acknowledged)."""

    partner = models.ForeignKey(
        "partners.Partner",
        on_delete=models.PROTECT,
        related_name="claims",
        verbose_name=_("partner"),
    )
    shipment = models.ForeignKey(
        "shipments.Shipment",
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
        app_label = "shipments"
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
