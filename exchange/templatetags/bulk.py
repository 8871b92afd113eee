"""The bulk form of a list (exchange.bulk): `{% bulk_form scope total "acknowledge letters" %}`
above a table whose rows carry `{% bulk_checkbox shipment %}`."""

from django import template

from exchange.bulk.actions import ACTIONS
from exchange.bulk.selection import FILTER_PARAMETERS, MAX_AT_ONCE

register = template.Library()

FORM_ID = "bulk-form"


@register.inclusion_tag("includes/bulk_form.html", takes_context=True)
def bulk_form(context, scope: str, total: int, actions: str):
    """The form: the list's filters (for "all matching"), the actions the user may take."""
    request, user = context["request"], context["user"]
    return {
        "form_id": FORM_ID,
        "scope": scope,
        "total": total,
        "limit": MAX_AT_ONCE,
        "csrf_token": context.get("csrf_token"),
        "filters": [
            (name, value)
            for name, values in request.GET.lists()
            if name in FILTER_PARAMETERS and name not in ("page", "sort")
            for value in values
            if value
        ],
        "actions": [
            ACTIONS[name] for name in actions.split() if user.has_perm(ACTIONS[name].permission)
        ],
    }


@register.inclusion_tag("includes/bulk_checkbox.html")
def bulk_checkbox(shipment):
    return {"form_id": FORM_ID, "shipment": shipment}
