"""Report tables: headers that sort, and rows rendered by the kind of their column.

A table's body is rendered in one pass, each column's cells by a function chosen once:
a page of a hundred partners has 2,300 cells, and a template tag per cell cost more
than the report's queries.
"""

import datetime
from decimal import Decimal
from urllib.parse import quote

from django import template
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import get_format, number_format
from django.utils.html import conditional_escape, format_html
from django.utils.http import RFC3986_SUBDELIMS
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from exchange.core.bilingual import in_language
from exchange.core.kept import KeptHtml
from exchange.core.tables import DATE, INT, MONEY, RATIO
from exchange.reports.tables import CHOICE, COUNTRY, FLAGS, PARTNER, YEAR, header_rows

register = template.Library()

SAFE = RFC3986_SUBDELIMS + "/~:@"
DECIMALS = {INT: 0, MONEY: 2, RATIO: 4}
EMPTY = "<td></td>"


class NumberFormat:
    """Numbers grouped in the current language's format, like `number_format(…,
    force_grouping=True)`, with Python's own formatting where that gives the same text
    (groups of three; whole numbers and two-place decimals) and Django's elsewhere."""

    def __init__(self):
        separators = {",": get_format("THOUSAND_SEPARATOR"), ".": get_format("DECIMAL_SEPARATOR")}
        self.fast = get_format("NUMBER_GROUPING") == 3
        self.separators = str.maketrans(separators)

    def __call__(self, value, decimals: int) -> str:
        if self.fast and type(value) is int:
            return f"{value:,}".translate(self.separators)
        if self.fast and isinstance(value, Decimal) and value.as_tuple().exponent == -decimals:
            return f"{value:,.{decimals}f}".translate(self.separators)
        return number_format(value, decimals, force_grouping=True)


def cell_text(row: dict, column, numbers=None) -> str:
    """The cell as text on the page: grouped numbers, ISO dates, labels for codes."""
    value = row.get(column.key)
    if value is None or value == "":
        return ""
    if column.kind in DECIMALS and not isinstance(value, str):
        return (numbers or NumberFormat())(value, DECIMALS[column.kind])
    if column.kind == DATE and isinstance(value, datetime.date):
        return value.isoformat()
    if column.kind == COUNTRY:
        return str(row.get(f"{column.key}_name") or value)
    if column.kind == CHOICE:
        return str(row.get(f"{column.key}_label") or value)
    return str(value)


# The report filter forms kept by this process (a country and a region list each).
report_filter_forms = KeptHtml(256)


@register.simple_tag(takes_context=True)
def report_filter_form(context, form):
    """includes/report_filter_form.html, rendered once per form, query, day and language
    in each process: its choices are the same for every user."""
    request = context["request"]
    reset_url = context.get("reset_url", "")
    key = (
        type(form).__name__,
        tuple(form.fields),
        tuple(sorted((name, tuple(values)) for name, values in form.data.lists())),
        tuple(sorted((name, tuple(values)) for name, values in request.GET.lists())),
        reset_url,
        get_language(),
        timezone.localdate(),
    )
    return report_filter_forms.render(
        key,
        "includes/report_filter_form.html",
        {"form": form, "reset_url": reset_url, "request": request},
    )


@register.simple_tag(takes_context=True)
def report_head(context, table, sort: str = "", printing: bool = False):
    """The header rows of a report table: one, or for a table headed by measure two
    (the measures over their sides), sortable on screen."""

    def cell(column, label=None, rowspan=1):
        if printing:
            return format_html(
                '<th scope="col"{}{}>{}</th>',
                mark_safe(' class="num"') if column.numeric else "",
                format_html(' rowspan="{}"', rowspan) if rowspan > 1 else "",
                label or column.label,
            )
        return _header(context["request"].GET, column, sort, label, rowspan)

    if not table.grouped:
        return mark_safe(f"<tr>{''.join(cell(column) for column in table.columns)}</tr>")
    first, second = header_rows(table.columns)
    top = []
    for group in first:
        if "column" in group:
            top.append(cell(group["column"], rowspan=2))
        else:
            top.append(
                format_html(
                    '<th scope="colgroup" colspan="{}" class="report-group">{}</th>',
                    group["span"],
                    group["label"],
                )
            )
    bottom = [cell(side["column"], side["label"]) for side in second]
    return mark_safe(
        f'<tr class="report-head__groups">{"".join(top)}</tr>'
        f'<tr class="report-head__sides">{"".join(bottom)}</tr>'
    )


def _header(query, column, sort: str, label=None, rowspan: int = 1):
    """A column heading that sorts by the column, toggling the direction; numbers and
    dates start with the largest or latest. Sorting starts again from the first page.
    `label`: a shorter heading (under the measure's); the title says the whole."""
    if sort == column.key:
        state, next_sort = "ascending", f"-{column.key}"
    elif sort == f"-{column.key}":
        state, next_sort = "descending", column.key
    else:
        first_descending = column.kind in (*DECIMALS, DATE, FLAGS)
        state, next_sort = "", f"-{column.key}" if first_descending else column.key
    query = query.copy()
    query["sort"] = next_sort
    query.pop("page", None)
    return format_html(
        '<th scope="col" class="sortable{}"{}{}><a href="?{}" title="{}">{}'
        '<span class="sort-indicator" aria-hidden="true"></span></a></th>',
        " num" if column.numeric else "",
        format_html(' rowspan="{}"', rowspan) if rowspan > 1 else "",
        format_html(' aria-sort="{}"', state) if state else "",
        query.urlencode(),
        _("Sort by %(column)s") % {"column": column.label},
        label or column.label,
    )


@register.simple_tag
def report_rows(rows, columns):
    """The <tr> of each row."""
    numbers = NumberFormat()
    cells = [_cell_renderer(column, numbers) for column in columns]
    return mark_safe("".join(f"<tr>{''.join(cell(row) for cell in cells)}</tr>\n" for row in rows))


@register.simple_tag
def report_total(total: dict, columns):
    """The totals row: its first cell a heading, then the numbers and dates."""
    numbers = NumberFormat()
    first, *others = columns
    cells = [format_html('<th scope="row">{}</th>', cell_text(total, first, numbers))]
    for column in others:
        if column.kind in (*DECIMALS, DATE):
            cells.append(_cell_renderer(column, numbers)(total))
        else:
            cells.append(EMPTY)
    return mark_safe(f"<tr>{''.join(cells)}</tr>")


def _cell_renderer(column, numbers):
    """A function of a row giving the column's <td>, its markup worked out once."""
    key, escape = column.key, conditional_escape
    if column.kind == FLAGS:
        return _flags_cell
    if column.kind == PARTNER:
        # The partner report's address, with the code quoted as reverse() quotes it.
        url = reverse("exchange:report_partner", args=["CODE"]).replace("CODE", "{}")
        return lambda row: (
            f'<td class="nowrap"><a href="{escape(url.format(quote(row[key], safe=SAFE)))}">'
            f"{escape(row[key])}</a></td>"
        )
    if key == "partner_name":
        return _name_cell
    if column.kind == COUNTRY:
        return lambda row: (
            f'<td title="{escape(row.get(key) or "")}">{escape(cell_text(row, column))}</td>'
        )
    if column.kind in DECIMALS:
        decimals = DECIMALS[column.kind]

        def number(row):
            value = row.get(key)
            if value is None or value == "":
                return '<td class="num"></td>'
            if isinstance(value, str):
                return f'<td class="num">{escape(value)}</td>'
            negative = " negative" if value < 0 else ""
            return f'<td class="num{negative}">{escape(numbers(value, decimals))}</td>'

        return number
    if column.kind == DATE:
        return lambda row: f'<td class="nowrap">{escape(cell_text(row, column))}</td>'
    if column.kind == CHOICE:
        return lambda row: f"<td>{escape(cell_text(row, column))}</td>"
    if column.kind == YEAR:
        return _year_cell
    return lambda row: f"<td>{escape(cell_text(row, column))}</td>"


def _flags_cell(row) -> str:
    """The flags in their short form, that never wraps; the whole label as the title
    (and in the legend under the table)."""
    flags = row.get("flags")
    if not flags:
        return EMPTY
    items = "".join(
        f'<li class="badge flag flag--{conditional_escape(flag.code)}" '
        f'title="{conditional_escape(flag.label)}">'
        f"{conditional_escape(flag.short or flag.label)}</li>"
        for flag in flags
    )
    return f'<td class="nowrap"><ul class="flags">{items}</ul></td>'


def _year_cell(row) -> str:
    """A year; the year under way marked as counted so far."""
    year = conditional_escape(row.get("year"))
    if not row.get("partial"):
        return f'<td class="nowrap">{year}</td>'
    return (
        f'<td class="nowrap report-year--partial">{year} '
        f'<span class="badge partial-mark">{conditional_escape(_("so far"))}</span></td>'
    )


@register.filter
def report_number(value) -> str:
    """A figure of a report in running text, grouped as the tables group it: whole
    numbers as they are, values with 2 decimals."""
    if value is None or value == "":
        return ""
    decimals = 2 if isinstance(value, Decimal) else 0
    return NumberFormat()(value, decimals)


@register.filter
def shown_partner_name(row) -> str:
    """A report row's partner name in the page's language (the exports keep the English
    or romanised one)."""
    return in_language(row.get("partner_name") or "", getattr(row.get("partner"), "name_zh", ""))


def _name_cell(row) -> str:
    """The name in the page's language, and the original script where it differs."""
    partner = row.get("partner")
    name = shown_partner_name(row)
    original = getattr(partner, "name_original", "")
    if original and original != name:
        return (
            f'<td>{conditional_escape(name)}<span class="cell-sub">'
            f"{conditional_escape(original)}</span></td>"
        )
    return f"<td>{conditional_escape(name)}</td>"
