"""The rate in effect (docs/domain.md): the rate of a currency on a day is the one with the
latest valid-from on or before that day; the base currency converts at 1 and has no
row. A currency has a rate on a day from the first valid-from of its rates on.

Every caller reads the rule from here: the balance's sums (the ORM expression), the
summary's triggers (the SQL fragment), and the checks that refuse to count a valued
item without a rate (the services one shipment at a time, the imports from the first
days loaded once).
"""

import datetime
from collections.abc import Iterable

from django.conf import settings
from django.db.models import Min, Subquery

from exchange.rates.models import ExchangeRate

RATE_TABLE = ExchangeRate._meta.db_table


def rate_in_effect(currency, on) -> Subquery:
    """The rate of `currency` in effect on `on`, both expressions (e.g. OuterRef), as a
    subquery; NULL where the currency has no rate yet on that day."""
    rates = ExchangeRate.objects.filter(currency=currency, valid_from__lte=on)
    return Subquery(rates.order_by("-valid_from").values("rate")[:1])


def rate_in_effect_sql(currency: str, on: str) -> str:
    """The same as SQL, `currency` and `on` being SQL expressions of the outer query."""
    return (
        f"(SELECT r.rate FROM {RATE_TABLE} AS r WHERE r.currency = {currency}"
        f" AND r.valid_from <= {on} ORDER BY r.valid_from DESC LIMIT 1)"
    )


def first_rate_days(currencies: Iterable[str] | None = None) -> dict[str, datetime.date]:
    """The day from which each currency has a rate (one query; all currencies if None)."""
    rates = ExchangeRate.objects.all()
    if currencies is not None:
        rates = rates.filter(currency__in=set(currencies))
    first = rates.values("currency").annotate(first=Min("valid_from")).order_by()
    return dict(first.values_list("currency", "first"))


def currencies_without_rate(
    currencies: Iterable[str], on: datetime.date, first_days: dict | None = None
) -> list[str]:
    """The currencies (other than the base) that have no rate in effect on the day;
    `first_days` from `first_rate_days()` where many days are checked."""
    needed = {code for code in currencies if code and code != settings.EXCHANGE_BASE_CURRENCY}
    if not needed:
        return []
    if first_days is None:
        first_days = first_rate_days(needed)
    # Compared with the first day rather than `on + 1 day`: 9999-12-31 has no next day.
    return sorted(code for code in needed if code not in first_days or first_days[code] > on)
