"""The long lists' rows, written in Python rather than by the template language, and
their filter forms, rendered once per query and language.

A list of fifty partners or shipments resolved some twenty template variables and tags
per row, a thousand lookups a page: most of the time of a list page that is not the
database (docs/benchmarks.md, "Where a page's time goes"). Here each row is one
`format_html` call, the labels translated once per page and the links made from one
`reverse`. The HTML is what the templates wrote (tests/exchange/test_rows.py).
"""

from html import escape

from django import template
from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from exchange.core.bilingual import in_language_now
from exchange.core.choices import Direction
from exchange.core.countries import country_names
from exchange.core.kept import KeptHtml
from exchange.templatetags.bulk import FORM_ID
from exchange.templatetags.report_tags import NumberFormat
from partners.models import Partner
from shipments.models import Shipment

register = template.Library()

MARK = "__row__"


def e(value) -> str:
    """Escaped as Django escapes (`django.utils.html.escape`), without its wrappers."""
    return escape(str(value))


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
    names = country_names()
    shown = in_language_now()
    rows = []
    for partner in partners:
        name = shown(partner.name, partner.name_zh)
        city = shown(partner.city, partner.city_zh)
        original = partner.name_original
        sub = ""
        if original and original != name:
            sub = f'<span class="cell-sub">{e(original)}</span>'
        since = partner.exchange_since.strftime("%Y") if partner.exchange_since else "—"
        # The code as stored: the descriptor makes a Country object on each read.
        country = partner.__dict__["country"]
        rows.append(
            f'<tr><td class="nowrap"><a class="cell-main" href="{e(url(partner.code))}">'
            f"{e(partner.code)}</a></td><td>{e(name)}{sub}</td>"
            f"<td>{e(kinds.get(partner.kind, partner.kind))}</td>"
            f'<td class="nowrap"><span class="mono">{e(country)}</span>'
            f" {e(names.get(country, country))}</td><td>{e(city)}</td>"
            f'<td><span class="badge badge--{e(partner.status)}">'
            f"{e(statuses.get(partner.status, partner.status))}</span></td>"
            f"<td>{e(bases.get(partner.exchange_basis, partner.exchange_basis))}</td>"
            f'<td class="num">{since}</td></tr>'
        )
    return mark_safe("\n".join(rows))


@register.simple_tag
def shipment_rows(shipments, selectable=False, hide_partner=False):
    """The rows of a table of shipments (`Shipment.objects.for_list().with_date()`)."""
    shipment_url = _url_maker("shipments:detail")
    partner_url = _url_maker("partners:detail")
    statuses = _labels(Shipment._meta.get_field("status"))
    methods = _labels(Shipment._meta.get_field("method"))
    out, into = e(_("Out")), e(_("In"))  # outside the f-strings, where xgettext sees them
    outgoing = f'<span class="direction direction--outgoing">{out}</span>'
    incoming = f'<span class="direction direction--incoming">{into}</span>'
    not_yet = e(_("Recorded on; not yet dispatched or received"))
    shown = in_language_now()
    number = NumberFormat()
    rows = []
    for shipment in shipments:
        cells = [_bulk_cell(shipment)] if selectable else []
        url = e(shipment_url(shipment.reference))
        direction = outgoing if shipment.direction == Direction.OUTGOING else incoming
        cells.append(
            f'<td class="nowrap"><a class="cell-main mono" href="{url}">'
            f"{e(shipment.reference)}</a></td><td>{direction}</td>"
        )
        if not hide_partner:
            partner = shipment.partner
            name = shown(partner.name, partner.name_zh)
            cells.append(
                f'<td><a href="{e(partner_url(partner.code))}" class="mono">{e(partner.code)}</a>'
                f'<span class="cell-sub">{e(name)}</span></td>'
            )
        day = shipment.shipment_date.isoformat() if shipment.shipment_date else ""
        if not (shipment.dispatched_on or shipment.received_on):
            day = f'<span class="muted" title="{not_yet}">{day}</span>'
        method = methods.get(shipment.method, shipment.method) or "—"
        cells.append(
            f'<td><span class="badge badge--{e(shipment.status)}">'
            f"{e(statuses.get(shipment.status, shipment.status))}</span></td>"
            f'<td class="num">{day}</td><td>{e(method)}</td>'
            f'<td class="num">{number(shipment.item_count or 0, 0)}</td>'
            f'<td class="num">{number(shipment.title_count, 0)}</td>'
        )
        rows.append(f"<tr>{''.join(cells)}</tr>")
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
filter_forms = KeptHtml(256)


@register.simple_tag(takes_context=True)
def list_filter_form(context, form, reset_url):
    """includes/filter_form.html for the partner and shipment lists, rendered once per
    query and language in each process: their choices (countries and regions, kinds,
    statuses, methods) are the same for every user and every day."""
    request = context["request"]
    query = tuple(sorted((name, tuple(values)) for name, values in request.GET.lists()))
    # By name: django-filter makes a new form class for every request.
    kind = (type(form).__module__, type(form).__name__, tuple(form.fields))
    return filter_forms.render(
        (kind, query, reset_url, get_language()),
        "includes/filter_form.html",
        {"form": form, "reset_url": reset_url, "request": request},
    )
