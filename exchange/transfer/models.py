"""An uploaded import file waiting for its confirmation."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

ENCODING_CHOICES = [("utf-8", "UTF-8"), ("gb18030", "GB18030")]


class PendingImport(models.Model):
    """An uploaded import file kept between its preview and the confirmation, with the
    choices made on upload and the preview worked out once, at upload.

    In the database, not on a disk or in a session, so any host can confirm it.
    """

    class Kind(models.TextChoices):
        PARTNERS = "partners", _("Partners")
        RATES = "rates", _("Exchange rates")
        SHIPMENTS = "shipments", _("Shipments")

    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    file_name = models.CharField(_("file name"), max_length=255)
    content = models.BinaryField(_("content"))
    encoding = models.CharField(
        _("encoding"), max_length=16, choices=ENCODING_CHOICES, default="utf-8"
    )
    replace = models.BooleanField(_("replace existing shipments"), default=False)
    reason = models.CharField(_("reason for replacing"), max_length=200, blank=True)
    # What the dry run found (exchange.transfer.preview), so that showing it again
    # costs nothing.
    preview = models.JSONField(_("preview"), null=True, blank=True)
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
            models.CheckConstraint(
                condition=Q(encoding__in=["utf-8", "gb18030"]),
                name="pending_import_encoding_valid",
            ),
        ]

    def __str__(self):
        return f"{self.kind}: {self.file_name}"
