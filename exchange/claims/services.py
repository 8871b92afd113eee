"""Writes of claims: recording one, and the partner's reply."""

from django.db import transaction

from exchange.claims.models import Claim


def claim_record(*, claim: Claim, user=None) -> Claim:
    """A new claim, recorded by `user`."""
    with transaction.atomic():
        claim.created_by = user
        claim.full_clean()
        claim._history_user = user
        claim.save()
    return claim


def claim_reply(*, claim: Claim, user=None) -> Claim:
    """The partner's reply to a claim (its text and date)."""
    with transaction.atomic():
        claim.full_clean()
        claim._history_user = user
        claim.save(update_fields=["reply", "replied_on"])
    return claim
