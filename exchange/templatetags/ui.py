"""Template helpers for the page layout: the user's role, sortable headers, formatting."""

from django import template
from django.utils.translation import gettext as _

from exchange.core.bilingual import in_language
from exchange.core.codes import language_name as _language_name
from exchange.core.identifiers import format_isbn, format_issn
from exchange.core.preferences import NAME_KEY
from exchange.core.roles import ROLE_LABELS, role_of

register = template.Library()


@register.simple_tag
def role_label(user) -> str:
    """The signed-in user's role as shown in the header ("Department head")."""
    return ROLE_LABELS.get(role_of(user), "")


@register.simple_tag(takes_context=True)
def user_name(context) -> str:
    """The signed-in user's name in the page's language: the Chinese one read at sign-in,
    else the account's full name, else its user name."""
    request, user = context["request"], context["user"]
    english = user.get_full_name() or user.get_username()
    return in_language(english, request.session.get(NAME_KEY, ""))


@register.inclusion_tag("includes/sort_header.html", takes_context=True)
def sort_header(context, key: str, label: str, numeric: bool = False):
    """A column header that sorts the list by `key`, toggling the direction.

    The current sort comes from the `sort` GET parameter, else the view's
    `default_sort`. The link keeps every other filter and drops the page.
    """
    request = context["request"]
    current = request.GET.get("sort") or context.get("default_sort", "")
    if current == key:
        state, next_sort = "ascending", f"-{key}"
    elif current == f"-{key}":
        state, next_sort = "descending", key
    else:
        # Numbers and dates are most often wanted largest or latest first.
        state, next_sort = "", f"-{key}" if numeric else key
    query = request.GET.copy()
    query["sort"] = next_sort
    query.pop("page", None)
    title = _("Sort by %(column)s") % {"column": label}
    return {
        "href": f"?{query.urlencode()}",
        "label": label,
        "state": state,
        "numeric": numeric,
        "title": title,
    }


@register.filter
def isbn(value: str) -> str:
    return format_isbn(value)


@register.filter
def issn(value: str) -> str:
    return format_issn(value)


@register.filter
def language_name(code: str) -> str:
    """`zh` → "Chinese", in the user's language."""
    return _language_name(code)
