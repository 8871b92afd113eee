"""Writes of claims: recording one, and the partner's reply."""

from exchange.audit.history import save_with_history
from exchange.claims.models import Claim


def claim_record(*, claim: Claim, user=None) -> Claim:
    """A new claim, recorded by `user`."""
    claim.created_by = user
    return save_with_history(claim, user=user)


def claim_reply(*, claim: Claim, user=None) -> Claim:
    """The partner's reply to a claim (its text and date)."""
    return save_with_history(claim, user=user, update_fields=["reply", "replied_on"])
