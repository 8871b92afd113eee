"""`import_partners FILE`: docs/domain.md, "Import files", partners.

A row whose code exists updates that partner; an empty cell clears that field.
Addresses, contacts and notes are not in the file and are left as they are; so are the
Chinese forms (`name_zh`, `city_zh`) when the file does not have their columns.
"""

from collections.abc import Iterator
from functools import cache

from django.core.exceptions import ValidationError
from django.core.validators import EmailValidator, URLValidator
from django.utils import timezone
from django.utils.translation import gettext as _

from exchange.core.countries import countries
from exchange.transfer.cells import Cells
from exchange.transfer.columns import EXCHANGE_BASES, PARTNER_KINDS, PARTNER_STATUSES
from exchange.transfer.imports import (
    Change,
    ImportResult,
    batched,
    bulk_write_with_history,
    check_stray,
    reason_for,
    run_import,
)
from exchange.transfer.reading import Row
from partners.models import (
    PARTNER_CHINESE_COLUMNS,
    PARTNER_COLUMNS,
    Partner,
    validate_partner_code,
)
from partners.similar import Candidate, look_alike_message, look_alikes

# The fields a file sets, in the order of its columns.
FIELDS = list(PARTNER_COLUMNS)


@cache
def country_codes() -> frozenset[str]:
    return frozenset(code for code, _name in countries)


def import_partners(
    stream,
    filename: str,
    *,
    dry_run: bool = False,
    user=None,
    encoding: str = "utf-8",
    progress=None,
) -> ImportResult:
    result = ImportResult(
        entity=_("partners"), columns=PARTNER_COLUMNS, optional=PARTNER_CHINESE_COLUMNS
    )
    reason = reason_for(filename)

    def write(plan):
        fields = [*FIELDS, *PARTNER_CHINESE_COLUMNS, "name_pinyin", "version", "updated_at"]
        for partner in [*plan[0], *plan[1]]:
            partner.set_name_pinyin()
        bulk_write_with_history(Partner, plan, fields, user=user, reason=reason)

    return run_import(
        result,
        stream,
        filename,
        check=_check,
        write=write,
        dry_run=dry_run,
        encoding=encoding,
        kind="partners",
        user=user,
        progress=progress,
    )


def _check(rows: Iterator[Row], result: ImportResult):
    parsed: list[tuple[int, dict]] = []
    first_row: dict[str, int] = {}
    for row in rows:
        check_stray(row, result.problems)
        values = _partner_values(Cells(row, result.problems))
        if values is None:
            continue
        code = values["code"]
        if code in first_row:
            Cells(row, result.problems).error(
                "code",
                _("“%(code)s” is already on row %(row)d.") % {"code": code, "row": first_row[code]},
            )
            continue
        first_row[code] = row.number
        parsed.append((row.number, values))

    existing = {}
    for codes in batched(list(first_row)):
        existing.update((p.code, p) for p in Partner.objects.filter(code__in=codes))
    now = timezone.now()
    creates, updates = [], []
    for number, values in parsed:
        partner = existing.get(values["code"])
        if partner is None:
            creates.append(Partner(**values))
            action = "create"
        elif any(getattr(partner, name) != value for name, value in values.items()):
            for name, value in values.items():
                setattr(partner, name, value)
            partner.version += 1
            partner.updated_at = now
            updates.append(partner)
            action = "update"
        else:
            action = "unchanged"
        result.changes.append(Change(action, values["code"], (number,)))
    result.warnings += _look_alike_warnings([*creates, *updates])
    return creates, updates


def _look_alike_warnings(partners: list[Partner]) -> list[str]:
    candidates = [Candidate(p.code, p.name, str(p.country)) for p in partners]
    found = look_alikes(candidates)
    return [look_alike_message(code, alike) for code, alike in found.items()]


def _partner_values(cells: Cells) -> dict | None:
    """The row's field values, or None when a cell has a problem."""
    before = len(cells.problems)
    values = {
        "code": cells.code("code", max_length=32, validate=validate_partner_code),
        "name": cells.text("name", max_length=255, required=True),
        "name_original": cells.text("name_original", max_length=255),
        "kind": cells.choice("kind", PARTNER_KINDS, required=True),
        "country": _country(cells),
        "city": cells.text("city", max_length=128),
        "status": cells.choice("status", PARTNER_STATUSES, required=True),
        "exchange_since": cells.date("exchange_since"),
        "exchange_basis": cells.choice("exchange_basis", EXCHANGE_BASES),
        "website": _website(cells),
        "email": _email(cells),
    }
    if "name_zh" in cells.row.values:
        values["name_zh"] = cells.text("name_zh", max_length=255)
    if "city_zh" in cells.row.values:
        values["city_zh"] = cells.text("city_zh", max_length=128)
    return values if len(cells.problems) == before else None


def _country(cells: Cells) -> str:
    value = cells.raw("country").upper()
    if not value:
        cells.error("country", _("This cell cannot be empty."))
    elif value not in country_codes():
        cells.error(
            "country",
            _("“%(value)s” is not an ISO 3166-1 alpha-2 country code.")
            % {"value": cells.raw("country")},
        )
    return value


def _website(cells: Cells) -> str:
    value = cells.raw("website")
    if value and "://" not in value:
        # What people type ("www.bl.uk") is a web address; Django's forms do the same.
        value = f"https://{value}"
    try:
        if len(value) > 200 or "\x00" in value:
            raise ValidationError("too long or a null character")
        if value:
            URLValidator()(value)
    except ValidationError:
        cells.error(
            "website",
            _("“%(value)s” is not a web address.") % {"value": cells.raw("website")},
        )
    return value


def _email(cells: Cells) -> str:
    value = cells.text("email", max_length=254)
    try:
        if value:
            EmailValidator()(value)
    except ValidationError:
        cells.error("email", _("“%(value)s” is not an email address.") % {"value": value})
    return value
