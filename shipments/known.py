"""What our own items already tell about a title, by its ISBN or ISSN: its description
(the shipment form fills a new item from it; the exchange stock will too), and the
shipments that already sent it to a partner (the form warns, never refuses).

Identifiers are compact and valid (`exchange.core.identifiers.clean_isbn`/`clean_issn`);
an ISBN matches under its ISBN-13 and ISBN-10 forms, as items keep the form typed.
"""

from django.db.models import Q

from exchange.core.identifiers import isbn_forms
from shipments.querysets import all_items
from shipments.steps import DISPATCHED_OUTGOING

# The bibliographic fields of an item: what one copy of a title says of itself.
DESCRIPTION_FIELDS = (
    "title",
    "author",
    "publisher",
    "isbn",
    "issn",
    "material_type",
    "language",
    "year",
    "pages",
)


def identifier_filter(*, isbn: str = "", issn: str = "") -> Q:
    """Items with this ISBN (either form) or this ISSN; nothing when both are empty."""
    condition = Q(pk__in=[])
    if isbn:
        condition |= Q(isbn__in=isbn_forms(isbn))
    if issn:
        condition |= Q(issn=issn)
    return condition


def known_description(*, isbn: str = "", issn: str = "") -> dict | None:
    """The description of our latest item with this ISBN or ISSN, with the reference of
    its shipment (`source`), or None; one query."""
    if not isbn and not issn:
        return None
    row = (
        all_items()
        .filter(identifier_filter(isbn=isbn, issn=issn))
        .order_by("-id")
        .values(*DESCRIPTION_FIELDS, "shipment__reference")
        .first()
    )
    if row is None:
        return None
    row["source"] = row.pop("shipment__reference")
    return row


def identifier_key(*, isbn: str = "", issn: str = "") -> str:
    """One key per title: its ISBN-13, else its ISSN."""
    if isbn:
        return isbn_forms(isbn)[0]
    return issn


def sent_before(partner, identifiers, *, exclude_shipment=None) -> dict[str, list]:
    """The outgoing shipments that already took each title to `partner`, latest first:
    `identifiers` are (isbn, issn) pairs; the answer maps `identifier_key` to the
    shipments (dispatched, whatever became of them since). One query."""
    condition = Q(pk__in=[])
    for isbn, issn in identifiers:
        condition |= identifier_filter(isbn=isbn, issn=issn)
    rows = (
        all_items()
        .filter(condition)
        .filter(
            shipment__partner=partner,
            shipment__direction="outgoing",
            shipment__status__in=DISPATCHED_OUTGOING,
        )
        .select_related("shipment")
        .order_by("-shipment__dispatched_on", "-shipment_id")
    )
    if exclude_shipment is not None and exclude_shipment.pk:
        rows = rows.exclude(shipment=exclude_shipment)
    found: dict[str, list] = {}
    for item in rows:
        for key in {identifier_key(isbn=item.isbn), identifier_key(issn=item.issn)} - {""}:
            shipments = found.setdefault(key, [])
            if item.shipment not in shipments:
                shipments.append(item.shipment)
    return found
