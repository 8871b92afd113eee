"""Report table cells, rendered by the kind of their column."""

import datetime

from django import template
from django.urls import reverse
from django.utils.formats import number_format
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from exchange.balance_export import DATE, INT, MONEY, RATIO
from exchange.reports import CHOICE, COUNTRY, FLAGS, PARTNER

register = template.Library()

DECIMALS = {INT: 0, MONEY: 2, RATIO: 4}
EMPTY = mark_safe("<td></td>")


def cell_text(row: dict, column) -> str:
    """The cell as text on the page: grouped numbers, ISO dates, labels for codes."""
    value = row.get(column.key)
    if value is None or value == "":
        return ""
    if column.kind in DECIMALS and not isinstance(value, str):
        return number_format(value, DECIMALS[column.kind], force_grouping=True)
    if column.kind == DATE and isinstance(value, datetime.date):
        return value.isoformat()
    if column.kind == COUNTRY:
        return str(row.get(f"{column.key}_name") or value)
    if column.kind == CHOICE:
        return str(row.get(f"{column.key}_label") or value)
    return str(value)


@register.simple_tag(takes_context=True)
def report_header(context, column, sort: str):
    """A column heading that sorts by the column, toggling the direction; numbers and
    dates start with the largest or latest."""
    if sort == column.key:
        state, next_sort = "ascending", f"-{column.key}"
    elif sort == f"-{column.key}":
        state, next_sort = "descending", column.key
    else:
        first_descending = column.kind in (*DECIMALS, DATE, FLAGS)
        state, next_sort = "", f"-{column.key}" if first_descending else column.key
    query = context["request"].GET.copy()
    query["sort"] = next_sort
    return format_html(
        '<th scope="col" class="sortable{}"{}><a href="?{}" title="{}">{}'
        '<span class="sort-indicator" aria-hidden="true"></span></a></th>',
        " num" if column.numeric else "",
        format_html(' aria-sort="{}"', state) if state else "",
        query.urlencode(),
        _("Sort by %(column)s") % {"column": column.label},
        column.label,
    )


@register.simple_tag
def report_cell(row: dict, column, total: bool = False, first: bool = False):
    """One <td> of a report table; the totals row's first cell is its heading <th>."""
    value = row.get(column.key)
    if total and first:
        return format_html('<th scope="row">{}</th>', cell_text(row, column))
    if total and column.kind not in (*DECIMALS, DATE):
        return EMPTY
    if column.kind == FLAGS:
        flags = format_html_join(
            "", '<li class="badge flag flag--{}">{}</li>', ((f.code, f.label) for f in value or ())
        )
        return format_html('<td><ul class="flags">{}</ul></td>', flags) if value else EMPTY
    if column.kind == PARTNER and not total:
        url = reverse("exchange:report_partner", args=[value])
        return format_html('<td class="nowrap"><a href="{}">{}</a></td>', url, value)
    if column.key == "partner_name" and not total:
        # Both forms of the name where the original script differs (not in exports).
        original = getattr(row.get("partner"), "name_original", "")
        if original and original != value:
            return format_html('<td>{}<span class="cell-sub">{}</span></td>', value, original)
    # Short labels stay on one line (in Chinese a cell would otherwise break between
    # every character: 大/学/图/书/馆).
    classes = ["nowrap"] if column.kind in (DATE, CHOICE) else []
    if column.kind in DECIMALS:
        classes.append("num")
        if not isinstance(value, str) and value is not None and value < 0:
            classes.append("negative")
    if column.kind == COUNTRY:
        return format_html('<td title="{}">{}</td>', value, cell_text(row, column))
    if classes:
        return format_html('<td class="{}">{}</td>', " ".join(classes), cell_text(row, column))
    return format_html("<td>{}</td>", cell_text(row, column))
