"""Writes of agreements and obligations: checked whole, saved with their history."""

from django.db import transaction

from exchange.programme.models import CulturalAgreement, Obligation


def agreement_save(*, agreement: CulturalAgreement, user=None) -> CulturalAgreement:
    with transaction.atomic():
        agreement.full_clean()
        agreement._history_user = user
        agreement.save()
    return agreement


def obligation_save(*, obligation: Obligation, user=None) -> Obligation:
    with transaction.atomic():
        obligation.full_clean()
        obligation._history_user = user
        obligation.save()
    return obligation
