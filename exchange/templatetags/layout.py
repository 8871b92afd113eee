"""The page header's navigation, rendered once per language, role and section.

Nine links, each a `reverse`, a translation and a permission check: the same HTML for
every user of a role on every page of a section, so each process keeps it
(docs/benchmarks.md, "Where a page's time goes").
"""

from django import template
from django.utils.translation import get_language

from exchange.core.kept import KeptHtml

register = template.Library()

# The permissions the navigation asks about; what a user has of them picks the links.
NAV_PERMISSIONS = (
    "exchange.view_offerlist",
    "exchange.view_culturalagreement",
    "shipments.view_claim",
    "exchange.view_reports",
    "shipments.add_shipment",
    "partners.add_partner",
    "exchange.add_exchangerate",
    "exchange.change_exchangerate",
)
navigations = KeptHtml(512)


@register.simple_tag(takes_context=True)
def main_nav(context):
    """includes/main_nav.html for the signed-in user and the page shown."""
    request, user = context["request"], context["user"]
    match = request.resolver_match
    allowed = frozenset(name for name in NAV_PERMISSIONS if user.has_perm(name))
    section = match.namespace if match else ""
    url_name = match.url_name if match else ""
    return navigations.render(
        (get_language(), section, url_name, allowed, user.is_staff),
        "includes/main_nav.html",
        {"allowed": allowed, "section": section, "url_name": url_name, "is_staff": user.is_staff},
    )
