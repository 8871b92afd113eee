"""Writes of claims: recording one, and the partner's reply."""

from exchange.audit.history import save_with_history
from exchange.claims.models import Claim


def claim_record(*, claim: Claim, user=None, checked_relations: bool = False) -> Claim:
    """A new claim, recorded by `user`. `checked_relations`: the caller loaded its
    partner and shipment in the transaction it holds (a bulk claim,
    exchange.claims.bulk), so they are not looked up again."""
    claim.created_by = user
    return save_with_history(claim, user=user, checked_relations=checked_relations)


def claim_reply(*, claim: Claim, user=None) -> Claim:
    """The partner's reply to a claim (its text and date)."""
    return save_with_history(claim, user=user, update_fields=["reply", "replied_on"])
