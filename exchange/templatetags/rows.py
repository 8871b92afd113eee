"""The long lists' rows, written in Python rather than by the template language, and
their filter forms, rendered once per query and language.

A list of fifty partners or shipments resolved some twenty template variables and tags
per row, a thousand lookups a page: most of the time of a list page that is not the
database (docs/benchmarks.md, "Where a page's time goes"). Here each row is one
`format_html` call, the labels translated once per page and the links made from one
`reverse`. The HTML is what the templates wrote (tests/exchange/test_rows.py).
"""

import threading
from collections import OrderedDict

from django import template
from django.contrib.humanize.templatetags.humanize import intcomma
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from exchange.core.choices import Direction
from exchange.templatetags.bulk import FORM_ID
from partners.models import Partner
from shipments.models import Shipment

register = template.Library()

MARK = "__row__"


def _url_maker(name: str):
    """`url(key)`: the URL of `name` for one key, from a single `reverse`."""
    pattern = reverse(name, args=[MARK])
    before, after = pattern.split(MARK)
    return lambda key: f"{before}{key}{after}"


def _labels(field) -> dict:
    return {value: str(label) for value, label in field.flatchoices}


@register.simple_tag
def partner_rows(partners):
    """The rows of the partner list."""
    url = _url_maker("partners:detail")
    kinds = _labels(Partner._meta.get_field("kind"))
    statuses = _labels(Partner._meta.get_field("status"))
    bases = _labels(Partner._meta.get_field("exchange_basis"))
    rows = []
    for partner in partners:
        name = partner.shown_name
        original = partner.name_original
        sub = (
            format_html('<span class="cell-sub">{}</span>', original)
            if original and original != name
            else ""
        )
        since = partner.exchange_since.strftime("%Y") if partner.exchange_since else "—"
        rows.append(
            format_html(
                '<tr><td class="nowrap"><a class="cell-main" href="{}">{}</a></td>'
                "<td>{}{}</td><td>{}</td>"
                '<td class="nowrap"><span class="mono">{}</span> {}</td><td>{}</td>'
                '<td><span class="badge badge--{}">{}</span></td><td>{}</td>'
                '<td class="num">{}</td></tr>',
                url(partner.code),
                partner.code,
                name,
                sub,
                kinds.get(partner.kind, partner.kind),
                partner.country.code,
                partner.country.name,
                partner.shown_city,
                partner.status,
                statuses.get(partner.status, partner.status),
                bases.get(partner.exchange_basis, partner.exchange_basis),
                since,
            )
        )
    return mark_safe("\n".join(rows))


@register.simple_tag
def shipment_rows(shipments, selectable=False, hide_partner=False):
    """The rows of a table of shipments (`Shipment.objects.for_list().with_date()`)."""
    shipment_url = _url_maker("shipments:detail")
    partner_url = _url_maker("partners:detail")
    statuses = _labels(Shipment._meta.get_field("status"))
    methods = _labels(Shipment._meta.get_field("method"))
    outgoing = format_html('<span class="direction direction--outgoing">{}</span>', _("Out"))
    incoming = format_html('<span class="direction direction--incoming">{}</span>', _("In"))
    not_yet = _("Recorded on; not yet dispatched or received")
    rows = []
    for shipment in shipments:
        cells = []
        if selectable:
            cells.append(_bulk_cell(shipment))
        cells.append(
            format_html(
                '<td class="nowrap"><a class="cell-main mono" href="{}">{}</a></td><td>{}</td>',
                shipment_url(shipment.reference),
                shipment.reference,
                outgoing if shipment.direction == Direction.OUTGOING else incoming,
            )
        )
        if not hide_partner:
            partner = shipment.partner
            cells.append(
                format_html(
                    '<td><a href="{}" class="mono">{}</a><span class="cell-sub">{}</span></td>',
                    partner_url(partner.code),
                    partner.code,
                    partner.shown_name,
                )
            )
        day = shipment.shipment_date.isoformat() if shipment.shipment_date else ""
        if not (shipment.dispatched_on or shipment.received_on):
            day = format_html('<span class="muted" title="{}">{}</span>', not_yet, day)
        cells.append(
            format_html(
                '<td><span class="badge badge--{}">{}</span></td><td class="num">{}</td>'
                '<td>{}</td><td class="num">{}</td><td class="num">{}</td>',
                shipment.status,
                statuses.get(shipment.status, shipment.status),
                day,
                methods.get(shipment.method, shipment.method) or "—",
                intcomma(shipment.item_count or 0),
                intcomma(shipment.title_count),
            )
        )
        rows.append(format_html("<tr>{}</tr>", mark_safe("".join(cells))))
    return mark_safe("\n".join(rows))


def _bulk_cell(shipment) -> str:
    label = _("Choose %(reference)s") % {"reference": shipment.reference}
    return format_html(
        '<td class="bulk-cell no-print"><input type="checkbox" name="selected" value="{}:{}"'
        ' form="{}" data-bulk-row aria-label="{}"></td>',
        shipment.pk,
        shipment.version,
        FORM_ID,
        label,
    )


# The filter forms kept by this process (about 20 kB each, a country list among them).
FILTER_FORMS_KEPT = 256
_filter_forms: OrderedDict = OrderedDict()
# The development server answers in threads: one at a time reorders the forms kept.
_filter_forms_lock = threading.Lock()


@register.simple_tag(takes_context=True)
def list_filter_form(context, form, reset_url):
    """includes/filter_form.html for the partner and shipment lists, rendered once per
    query and language in each process: their choices (countries and regions, kinds,
    statuses, methods) are the same for every user and every day, hundreds of options
    that Django renders a template each. Kept in the process, not the shared cache, so
    that a new release's form is never one an older one rendered."""
    request = context["request"]
    query = tuple(sorted((name, tuple(values)) for name, values in request.GET.lists()))
    # By name: django-filter makes a new form class for every request.
    kind = (type(form).__module__, type(form).__name__, tuple(form.fields))
    key = (kind, query, reset_url, get_language())
    with _filter_forms_lock:
        html = _filter_forms.get(key)
        if html is not None:
            _filter_forms.move_to_end(key)
            return html
    html = render_to_string(
        "includes/filter_form.html",
        {"form": form, "reset_url": reset_url, "request": request},
    )
    with _filter_forms_lock:
        _filter_forms[key] = html
        while len(_filter_forms) > FILTER_FORMS_KEPT:
            _filter_forms.popitem(last=False)
    return html
