"""Writes of exchange rates. A rate changes the value of every counted item in its
currency from its valid-from to the next one: the balance summary's triggers recompute
those months in the same transaction (exchange.balance.triggers)."""

from django.db import transaction

from exchange.rates.models import ExchangeRate


def rate_save(*, rate: ExchangeRate, user=None) -> ExchangeRate:
    with transaction.atomic():
        rate.full_clean()
        rate._history_user = user
        rate.save()
    return rate


def rate_delete(*, rate: ExchangeRate, user=None) -> None:
    with transaction.atomic():
        rate._history_user = user
        rate.delete()
