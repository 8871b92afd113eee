"""Writes of exchange rates. A rate changes the value of every counted item in its
currency from its valid-from to the next one: the balance summary's triggers recompute
those months in the same transaction (exchange.balance.triggers)."""

from django.db import transaction

from exchange.audit.history import save_with_history
from exchange.rates.models import ExchangeRate


def rate_save(*, rate: ExchangeRate, user=None) -> ExchangeRate:
    return save_with_history(rate, user=user)


def rate_delete(*, rate: ExchangeRate, user=None) -> None:
    with transaction.atomic():
        rate._history_user = user
        rate.delete()
