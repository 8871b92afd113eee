"""What staff chase: the "to claim" and "to confirm" lists.

To claim:
- an incoming shipment still `expected` after its expected date (from the day after);
- an active partner we send to that has sent nothing: we have a counted outgoing
  shipment dated within the last `EXCHANGE_CLAIM_AFTER_MONTHS` months (default 12),
  they have no counted incoming one in that window (a shipment counted exactly on the
  first day of the window still counts), and the exchange began before the window.

To confirm: an outgoing shipment `dispatched` or `delivered` (so never acknowledged)
whose dispatch date is more than `EXCHANGE_CONFIRM_AFTER_DAYS` days ago (default 120).

"Counted" is the database's `Shipment.counted_on`, the balance rules' own definition.
The conditions are Q objects so that the dashboard counts exactly what the lists show.
"""

import datetime

from django.conf import settings
from django.db.models import Exists, OuterRef, Q, Subquery
from django.utils import timezone

from exchange.claims.models import Claim
from exchange.core.choices import Direction
from exchange.core.dates import months_before
from partners.models import Partner
from shipments.models import Shipment

AWAITING_CONFIRMATION = ("dispatched", "delivered")


def claim_window_start(today: datetime.date, months: int | None = None) -> datetime.date:
    if months is None:
        months = settings.EXCHANGE_CLAIM_AFTER_MONTHS
    return months_before(today, months)


def confirm_cutoff(today: datetime.date, days: int | None = None) -> datetime.date:
    """Shipments dispatched before this date are to be confirmed."""
    if days is None:
        days = settings.EXCHANGE_CONFIRM_AFTER_DAYS
    return today - datetime.timedelta(days=days)


def overdue_q(today: datetime.date) -> Q:
    return Q(direction=Direction.INCOMING, status="expected", expected_on__lt=today)


def to_confirm_q(today: datetime.date, days: int | None = None) -> Q:
    return Q(
        direction=Direction.OUTGOING,
        status__in=AWAITING_CONFIRMATION,
        dispatched_on__lt=confirm_cutoff(today, days),
    )


def _latest_claim():
    return Subquery(
        Claim.objects.filter(shipment=OuterRef("pk"))
        .order_by("-claimed_on")
        .values("claimed_on")[:1]
    )


def overdue_incoming(today: datetime.date | None = None):
    """Incoming shipments still expected after their expected date, oldest first."""
    today = today or timezone.localdate()
    return (
        Shipment.objects.filter(overdue_q(today))
        .select_related("partner")
        .annotate(last_claimed_on=_latest_claim())
        .order_by("expected_on", "reference")
    )


def silent_partners(today: datetime.date | None = None, months: int | None = None):
    """Active partners we send to that have sent nothing counted in the window."""
    today = today or timezone.localdate()
    start = claim_window_start(today, months)
    counted = Shipment.objects.filter(partner=OuterRef("pk"), counted_on__gte=start)
    last_received = (
        Shipment.objects.filter(partner=OuterRef("pk"), direction=Direction.INCOMING)
        .counted()
        .order_by("-counted_on")
        .values("counted_on")[:1]
    )
    last_claim = (
        Claim.objects.filter(partner=OuterRef("pk")).order_by("-claimed_on").values("claimed_on")
    )
    return (
        Partner.objects.active()
        .filter(Q(exchange_since__isnull=True) | Q(exchange_since__lt=start))
        .filter(Exists(counted.filter(direction=Direction.OUTGOING)))
        .exclude(Exists(counted.filter(direction=Direction.INCOMING)))
        .annotate(
            last_received_on=Subquery(last_received),
            last_claimed_on=Subquery(last_claim[:1]),
        )
        .order_by("code")
    )


def to_confirm(today: datetime.date | None = None, days: int | None = None):
    """Outgoing shipments dispatched long ago and never acknowledged, the most recently
    dispatched first: those are still worth chasing."""
    today = today or timezone.localdate()
    return (
        Shipment.objects.filter(to_confirm_q(today, days))
        .select_related("partner")
        .annotate(last_claimed_on=_latest_claim())
        .order_by("-dispatched_on", "-reference")
    )


def awaiting_reply():
    return Claim.objects.filter(replied_on__isnull=True)
