"""Template helpers of the programme pages: obligations and their fulfilment."""

from django import template
from django.conf import settings
from django.utils import timezone
from django.utils.translation import pgettext_lazy

from exchange.programme.filters import AGREEMENT_STATUSES, agreement_status
from exchange.programme.fulfilment import fulfilments, obligations_counting

register = template.Library()

# The unit after a number ("100 items"): in Chinese a measure word (100 册), not the
# column heading (册数).
UNITS = {
    "items": pgettext_lazy("unit after a number: 100 items", "items"),
    "titles": pgettext_lazy("unit after a number: 100 titles", "titles"),
    "pages": pgettext_lazy("unit after a number: 100 pages", "pages"),
}


@register.filter
def measure_unit(obligation) -> str:
    """How the obligation's target reads: "items", "pages" … or the base currency."""
    if obligation.measure == "value":
        return settings.EXCHANGE_BASE_CURRENCY
    return str(UNITS[obligation.measure])


@register.inclusion_tag("includes/shipment_obligations_list.html")
def shipment_obligations(shipment):
    """The obligations a shipment counts towards (and the one it names), with progress.

    Three queries: the obligations, then their fulfilment in the year the shipment
    counts (this year while it does not count).
    """
    today = timezone.localdate()
    year = shipment.counted_on.year if shipment.counted_on else today.year
    obligations = obligations_counting(shipment)
    found = fulfilments(obligations, [year], today)
    return {
        "shipment": shipment,
        "year": year,
        "rows": [
            {
                "obligation": obligation,
                "fulfilment": found[(obligation.pk, year)],
                "named": obligation.pk == shipment.obligation_id,
            }
            for obligation in obligations
        ],
    }


@register.inclusion_tag("includes/agreement_status.html")
def agreement_status_badge(agreement):
    """In force, expiring within six months, expired or not yet in force."""
    status = agreement_status(agreement, timezone.localdate())
    return {"status": status, "label": dict(AGREEMENT_STATUSES)[status]}
