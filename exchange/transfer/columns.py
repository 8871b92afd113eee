"""What each column of an import file holds, as the import page lists it: its format
and, for a choice column, the values it accepts (`Choices`: the codes, or the labels
the application shows, in English or Chinese). The imports read their choice columns
through the same `Choices`, so the page and the check cannot disagree."""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from exchange.core.choices import Direction
from exchange.transfer.cells import Choices
from partners.models import Basis, Kind
from partners.models import Status as PartnerStatus
from shipments.items import ShipmentItem
from shipments.models import Shipment
from shipments.steps import INCOMING_STATUSES, OUTGOING_STATUSES
from shipments.steps import Status as ShipmentStatus

PARTNER_KINDS = Choices(Kind.choices)
PARTNER_STATUSES = Choices(PartnerStatus.choices)
EXCHANGE_BASES = Choices(Basis.choices)
DIRECTIONS = Choices(Direction.choices)
OUTGOING = Choices((code, ShipmentStatus(code).label) for code in OUTGOING_STATUSES)
INCOMING = Choices((code, ShipmentStatus(code).label) for code in INCOMING_STATUSES)
# Before the direction is known (a row whose direction has a problem).
ANY_STATUS = Choices(
    (code, ShipmentStatus(code).label)
    for code in dict.fromkeys(OUTGOING_STATUSES + INCOMING_STATUSES)
)
METHODS = Choices(Shipment.Method.choices)
MATERIAL_TYPES = Choices(ShipmentItem.MaterialType.choices)


def shipment_statuses(direction: str | None) -> Choices:
    if direction == Direction.OUTGOING:
        return OUTGOING
    if direction == Direction.INCOMING:
        return INCOMING
    return ANY_STATUS


@dataclass(frozen=True)
class Column:
    name: str
    format: str
    # (heading or "", the values) for a choice column: statuses per direction.
    choices: tuple[tuple[str, Choices], ...] = ()


TEXT = _("Text.")
DATE = _("A date: YYYY-MM-DD, or a date cell.")

PARTNER_FILE = {
    column.name: column
    for column in (
        Column(
            "code",
            _(
                "The partner's short code (e.g. GB-BL): letters, digits, “-”, “_” and "
                "“.”. A row whose code exists updates that partner."
            ),
        ),
        Column("name", _("The name in English or romanised.")),
        Column("name_original", _("The name in the original script.")),
        Column("kind", _("One of the values below."), (("", PARTNER_KINDS),)),
        Column("country", _("ISO 3166-1 alpha-2 code (e.g. GB, JP), either case.")),
        Column("city", TEXT),
        Column("status", _("One of the values below."), (("", PARTNER_STATUSES),)),
        Column("exchange_since", DATE),
        Column("exchange_basis", _("One of the values below, or empty."), (("", EXCHANGE_BASES),)),
        Column("website", _("A web address (https:// is added where missing).")),
        Column("email", _("An email address.")),
        Column("name_zh", _("The name in Chinese.")),
        Column("city_zh", _("The city in Chinese.")),
    )
}

RATE_FILE = {
    column.name: column
    for column in (
        Column("currency", _("ISO 4217 code (e.g. USD), either case; not the base currency.")),
        Column("valid_from", DATE),
        Column("rate", _("A number more than 0, at most 6 decimals, with a dot for decimals.")),
    )
}

SHIPMENT_FILE = {
    column.name: column
    for column in (
        Column(
            "reference",
            _(
                "The shipment's reference (e.g. OUT-2026-00042): letters, digits, “-”, "
                "“_” and “.”. The rows with the same reference form one shipment."
            ),
        ),
        Column("direction", _("One of the values below."), (("", DIRECTIONS),)),
        Column("partner_code", _("The code of an existing partner.")),
        Column(
            "status",
            _("One of the values of the shipment's direction."),
            ((_("Outgoing"), OUTGOING), (_("Incoming"), INCOMING)),
        ),
        Column(
            "dispatched_on",
            _(
                "A date: YYYY-MM-DD. Required for an outgoing shipment that was "
                "dispatched (also if later lost or returned)."
            ),
        ),
        Column(
            "received_on",
            _(
                "A date: YYYY-MM-DD. Required for a received incoming shipment; for an "
                "outgoing one, the day the partner received it."
            ),
        ),
        Column("method", _("One of the values below, or empty."), (("", METHODS),)),
        Column("title", TEXT),
        Column("author", TEXT),
        Column("isbn", _("ISBN-10 or ISBN-13, with or without hyphens.")),
        Column("issn", _("ISSN (e.g. 0317-8471).")),
        Column(
            "material_type",
            _("One of the values below; empty is monograph."),
            (("", MATERIAL_TYPES),),
        ),
        Column("language", _("ISO 639 code (e.g. en, zh, ru).")),
        Column("year", _("A whole number (e.g. 2024).")),
        Column("quantity", _("A whole number, at least 1.")),
        Column("pages", _("Pages per copy: a whole number, 0 or more; empty is 0.")),
        Column("unit_value", _("A number, 0 or more, at most 2 decimals; empty is 0.")),
        Column("currency", _("ISO 4217 code (e.g. USD); required where unit_value is not 0.")),
    )
}
