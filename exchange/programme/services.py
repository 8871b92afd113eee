"""Writes of agreements and obligations: checked whole, saved with their history."""

from exchange.audit.history import save_with_history
from exchange.programme.models import CulturalAgreement, Obligation


def agreement_save(*, agreement: CulturalAgreement, user=None) -> CulturalAgreement:
    return save_with_history(agreement, user=user)


def obligation_save(*, obligation: Obligation, user=None) -> Obligation:
    return save_with_history(obligation, user=user)
