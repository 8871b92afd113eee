"""Shipment references: `OUT-2026-00042`, `IN-2026-00007`.

A new shipment's reference is the next number of its direction and year: one more
than the highest handed out so far (kept in a counter row, so a deleted draft's number
is never handed out again) and than the highest of the year's well-formed references in
the database (an import may have brought higher ones). References of other forms
(`OUT-2026-X`, a partner's own) are ignored. The counter row is locked until the
shipment's transaction ends: two users creating shipments at once get two numbers.
"""

import re

from django.apps import apps
from django.db import models
from django.db.models.functions import Length

from exchange.core.codes import (
    validate_own_address,
    validate_url_part,
)

# The number has at least five digits (OUT-2026-00042), more after 99,999.
DIGITS = 5


class ReferenceCounter(models.Model):
    """The last number handed out for a prefix (`OUT-2026-`)."""

    prefix = models.CharField(max_length=16, unique=True)
    last = models.PositiveIntegerField(default=0)

    class Meta:
        app_label = "shipments"

    def __str__(self):
        return f"{self.prefix}{self.last}"


def reference_prefix(direction: str, year: int) -> str:
    return f"{'OUT' if direction == 'outgoing' else 'IN'}-{year}-"


def highest_number(prefix: str) -> int:
    """The highest number of the well-formed references with this prefix, or 0. A
    range scan of the reference index (on PostgreSQL its pattern operator class):
    the longest number first, then the highest of that length."""
    # Found by name: shipments.models imports this module (to register the counter).
    shipments = apps.get_model("shipments", "Shipment").objects
    well_formed = rf"^{re.escape(prefix)}[0-9]{{{DIGITS},}}$"
    last = (
        shipments.filter(reference__startswith=prefix, reference__regex=well_formed)
        .order_by(Length("reference").desc(), "-reference")
        .values_list("reference", flat=True)
        .first()
    )
    return int(last.removeprefix(prefix)) if last else 0


def next_reference(direction: str, year: int) -> str:
    """The next reference of the direction and year; call it inside the transaction
    that inserts the shipment (the counter stays locked until it ends)."""
    prefix = reference_prefix(direction, year)
    counter, _created = ReferenceCounter.objects.select_for_update().get_or_create(prefix=prefix)
    counter.last = max(counter.last, highest_number(prefix)) + 1
    counter.save(update_fields=["last"])
    return f"{prefix}{counter.last:0{DIGITS}d}"


def validate_reference(reference: str) -> None:
    """A reference is part of its shipment's web address: no "/", and not another
    page's."""
    validate_url_part(reference)
    validate_own_address(reference, "shipments:detail")
