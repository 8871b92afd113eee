"""Claims for many shipments at once: one claim per shipment, recorded through
`claim_record` as a single claim is, all in one transaction; the claims' letters
group them by partner (exchange.claims.letters).

Two kinds: asking a partner to confirm receipt of our shipments that it never
acknowledged (outgoing, dispatched or delivered), and claiming incoming shipments
still expected. A shipment of another kind, or already claimed that day, is refused
with the reason and left alone.
"""

import datetime
import logging
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Prefetch, prefetch_related_objects
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from exchange.claims.models import Claim
from exchange.claims.queries import AWAITING_CONFIRMATION
from exchange.claims.services import claim_record
from exchange.claims.wording import suggested_subject
from exchange.core.choices import Direction
from exchange.core.letters import letter_language
from exchange.core.logs import log_bulk
from partners.models import Contact
from shipments.bulk import BulkResult, lock_shipments

logger = logging.getLogger(__name__)
ASK_CONFIRMATION = "confirm"
CLAIM = "claim"
KINDS = (ASK_CONFIRMATION, CLAIM)


def claim_refusal(shipment, kind: str, claimed: set[int], on: datetime.date) -> str:
    """Why `shipment` cannot be claimed in this way, else ""."""
    values = {
        "reference": shipment.reference,
        "status": shipment.get_status_display().lower(),
        "date": on.isoformat(),
    }
    if kind == ASK_CONFIRMATION and shipment.direction != Direction.OUTGOING:
        return _("%(reference)s is an incoming shipment: claim it instead.") % values
    if kind == CLAIM and shipment.direction != Direction.INCOMING:
        return (
            _(
                "%(reference)s is an outgoing shipment: ask the partner to confirm its "
                "receipt instead."
            )
            % values
        )
    if kind == ASK_CONFIRMATION and shipment.status not in AWAITING_CONFIRMATION:
        return (
            _(
                "%(reference)s is %(status)s: only a shipment dispatched or delivered, and not yet "
                "acknowledged, can be asked about."
            )
            % values
        )
    if kind == CLAIM and shipment.status != "expected":
        return _("%(reference)s is %(status)s: only an expected shipment can be claimed.") % values
    if shipment.pk in claimed:
        return _("%(reference)s was already claimed on %(date)s.") % values
    return ""


def claims_for_shipments(
    *, ids: Iterable[int], kind: str, claimed_on: datetime.date, user=None
) -> BulkResult:
    """One claim per shipment that can be claimed in this way (`kind`), on `claimed_on`,
    worded in the language of the partner's letters. `done` are the claims."""
    if kind not in KINDS:
        raise ValueError(kind)
    if claimed_on > timezone.localdate():
        raise ValidationError(_("The date cannot be in the future."))
    ids = list(ids)
    result = BulkResult()
    with transaction.atomic():
        # Locked: two people claiming the same shipments at once make one claim each.
        shipments = lock_shipments(ids)
        prefetch_related_objects(
            shipments, Prefetch("partner__contacts", queryset=Contact.objects.order_by("id"))
        )
        claimed = set(
            Claim.objects.filter(shipment__in=ids, claimed_on=claimed_on).values_list(
                "shipment_id", flat=True
            )
        )
        for shipment in shipments:
            reason = claim_refusal(shipment, kind, claimed, claimed_on)
            if reason:
                result.refuse(shipment, reason)
                continue
            partner = shipment.partner
            with translation.override(letter_language(partner.main_contact())):
                subject = suggested_subject(partner, shipment)
            claim = Claim(
                partner=partner, shipment=shipment, claimed_on=claimed_on, subject=subject
            )
            result.done.append(claim_record(claim=claim, user=user, checked_relations=True))
    result.done.sort(key=lambda c: (c.partner.code, c.shipment.reference))
    result.refused.sort(key=lambda r: r.shipment.reference)
    log_bulk(logger, action=kind, done=len(result.done), refused=len(result.refused), user=user)
    return result
