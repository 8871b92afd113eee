"""The weekly digest of what is overdue, by e-mail, to each user who asked for one
(`UserPreference.overdue_digest`) and has an e-mail address: among the shipments and
claims they recorded, the incoming shipments overdue, our shipments never
acknowledged, and the claims awaiting a reply; in the user's language, with links. A
user with nothing overdue gets no e-mail. Four queries whatever the number of users."""

import datetime
import logging
from collections import defaultdict
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMessage, get_connection
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from exchange.claims.queries import awaiting_reply, overdue_incoming, to_confirm
from exchange.core.logs import log_event
from exchange.core.preferences import supported

logger = logging.getLogger(__name__)
# Lines listed per section; the rest are counted, and the section's page lists them all.
SHOWN = 20


@dataclass
class Digest:
    overdue: list = field(default_factory=list)
    to_confirm: list = field(default_factory=list)
    claims: list = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.overdue or self.to_confirm or self.claims)

    def sections(self) -> dict:
        """Each section's first lines and how many more there are."""
        return {
            name: {"shown": found[:SHOWN], "more": max(len(found) - SHOWN, 0)}
            for name, found in vars(self).items()
        }


def recipients():
    return (
        get_user_model()
        .objects.filter(is_active=True, preference__overdue_digest=True)
        .exclude(email="")
        .select_related("preference")
        .order_by("pk")
    )


def digests(users, today: datetime.date) -> dict[int, Digest]:
    """Each user's digest: three queries for all of them."""
    ids = [user.pk for user in users]
    found = defaultdict(Digest)
    for shipment in overdue_incoming(today).filter(created_by__in=ids):
        found[shipment.created_by_id].overdue.append(shipment)
    for shipment in to_confirm(today).filter(created_by__in=ids):
        found[shipment.created_by_id].to_confirm.append(shipment)
    claims = awaiting_reply().filter(created_by__in=ids).select_related("partner", "shipment")
    for claim in claims.order_by("claimed_on", "pk"):
        found[claim.created_by_id].claims.append(claim)
    return found


def site_url(path: str) -> str:
    return settings.EXCHANGE_SITE_URL.rstrip("/") + path


def message(user, digest: Digest, today: datetime.date) -> EmailMessage:
    language = user.preference.language
    with translation.override(language if supported(language) else settings.LANGUAGE_CODE):
        subject = _("What is overdue, week of %(date)s") % {"date": today.isoformat()}
        body = render_to_string(
            "ops/overdue_digest.txt",
            {
                "user": user,
                "digest": digest.sections(),
                "today": today,
                "site": site_url(""),
                "claims_url": site_url(reverse("exchange:claims")),
                "to_confirm_url": site_url(reverse("exchange:to_confirm")),
                "claim_list_url": site_url(reverse("exchange:claim_list")),
            },
        )
    return EmailMessage(subject, body, to=[user.email])


def send_overdue_digests(today: datetime.date | None = None) -> int:
    today = today or timezone.localdate()
    users = list(recipients())
    found = digests(users, today)
    messages = [message(user, found[user.pk], today) for user in users if found.get(user.pk)]
    sent = get_connection().send_messages(messages) if messages else 0
    log_event(logger, "digest", recipients=len(users), sent=sent)
    return sent
