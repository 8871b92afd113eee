"""The exchange's files, imported all or nothing like the others (DOMAIN.md, "Import
files": every problem as `row N, column C: message`, nothing written unless all is
well), and exported in the columns they import.

- Stock: the shipment-item columns with `copies` and `subject` (`quantity`, where a file
  has it, is the copies when `copies` is empty).
- A partner's offer: the shipment-item columns (`publisher` too, where given).
- Wants: `title, author, year, isbn, issn, subject, country, note`; a row says at
  least what it wants (a title, an identifier, a subject or a country).
"""

from collections.abc import Iterator
from decimal import Decimal

from django.utils.translation import gettext as _

from exchange.core.identifiers import clean_isbn, clean_issn
from exchange.core.tables import Column, named_columns
from exchange.offers.models import PartnerOffer, PartnerOfferLine, StockItem, Want
from exchange.transfer.cells import Cells
from exchange.transfer.columns import MATERIAL_TYPES
from exchange.transfer.imports import (
    ImportResult,
    Problem,
    bulk_create_with_history,
    check_stray,
    reason_for,
    run_import,
)
from exchange.transfer.partners import country_codes
from exchange.transfer.reading import Row
from exchange.transfer.shipments import PREFIX
from shipments.columns import ITEM_COLUMNS

ZERO = Decimal(0)
DESCRIBED = tuple(c for c in ITEM_COLUMNS if c != "quantity")
STOCK_COLUMNS = (*DESCRIBED, "copies", "subject")
STOCK_OPTIONAL = ("quantity", "publisher")
OFFER_COLUMNS = ITEM_COLUMNS
OFFER_OPTIONAL = ("publisher",)
WANT_COLUMNS = ("title", "author", "year", "isbn", "issn", "subject", "country", "note")
INT_COLUMNS = ("year", "pages", "quantity", "copies")


def description(cells: Cells) -> dict:
    """A title's bibliographic fields from the item columns (problems noted)."""
    unit_value = cells.decimal(
        "unit_value", places=2, minimum=ZERO, below=Decimal(10) ** 10, default=ZERO
    )
    values = {
        "title": cells.text("title", max_length=500, required=True),
        "author": cells.text("author", max_length=255),
        "isbn": cells.validated("isbn", lambda value: clean_isbn(PREFIX.sub("", value))),
        "issn": cells.validated("issn", lambda value: clean_issn(PREFIX.sub("", value))),
        "material_type": cells.choice("material_type", MATERIAL_TYPES, default="monograph"),
        "language": cells.language("language"),
        "year": cells.integer("year", minimum=1000, maximum=2999),
        "pages": cells.integer("pages", minimum=0, default=0),
        "unit_value": unit_value or ZERO,
        "currency": cells.currency("currency", required=bool(unit_value)),
    }
    if "publisher" in cells.row.values:
        values["publisher"] = cells.text("publisher", max_length=255)
    return values


def _rows(rows: Iterator[Row], result: ImportResult, build) -> list:
    """`build(cells)` for each row; the objects of rows without problems."""
    made = []
    for row in rows:
        check_stray(row, result.problems)
        cells = Cells(row, result.problems)
        before = len(result.problems)
        built = build(cells)
        if len(result.problems) == before:
            made.append(built)
    return made


# Stock ------------------------------------------------------------------------------


def _stock_item(cells: Cells) -> StockItem:
    values = description(cells)
    copies = cells.integer("copies", minimum=0)
    if copies is None and "quantity" in cells.row.values:
        copies = cells.integer("quantity", minimum=0)
    return StockItem(
        **values,
        copies=copies or 0,
        subject=cells.text("subject", max_length=200),
    )


def import_stock(stream, filename: str, *, user=None, dry_run=False, encoding="utf-8"):
    """New stock titles from a file, each row one title."""
    result = ImportResult(_("stock titles"), STOCK_COLUMNS, STOCK_OPTIONAL)

    def check(rows, result):
        items = _rows(rows, result, _stock_item)
        result.items = len(items)
        return items

    def write(items):
        bulk_create_with_history(StockItem, items, user=user, reason=reason_for(filename))

    return run_import(
        result, stream, filename, check=check, write=write, dry_run=dry_run,
        encoding=encoding, kind="stock", user=user,
    )  # fmt: skip


def stock_columns() -> list[Column]:
    return named_columns((*STOCK_COLUMNS, "publisher"), {name: "int" for name in INT_COLUMNS})


def stock_values(item: StockItem) -> tuple:
    return (*(getattr(item, name) for name in DESCRIBED), item.copies, item.subject, item.publisher)


# A partner's offer ------------------------------------------------------------------


def _offer_line(cells: Cells) -> PartnerOfferLine:
    quantity = cells.integer("quantity", minimum=1, default=1)
    return PartnerOfferLine(**description(cells), quantity=quantity or 1)


def import_partner_offer(
    stream, filename: str, *, offer: PartnerOffer, user=None, dry_run=False, encoding="utf-8"
):
    """The lines of a partner's offer (already saved, without lines) from its file."""
    result = ImportResult(_("offered titles"), OFFER_COLUMNS, OFFER_OPTIONAL)

    def check(rows, result):
        lines = _rows(rows, result, _offer_line)
        result.items = len(lines)
        if not lines and not result.problems:
            result.problems.append(_problem(_("The file has no title.")))
        return lines

    def write(lines):
        for number, line in enumerate(lines, start=1):
            line.offer, line.number = offer, number
        bulk_create_with_history(PartnerOfferLine, lines, user=user, reason=reason_for(filename))

    return run_import(
        result, stream, filename, check=check, write=write, dry_run=dry_run,
        encoding=encoding, kind="partner_offer", user=user,
    )  # fmt: skip


def _problem(message: str) -> Problem:
    return Problem(str(message))


# Wants ------------------------------------------------------------------------------


def _want(cells: Cells) -> Want:
    want = Want(
        title=cells.text("title", max_length=500),
        author=cells.text("author", max_length=255),
        year=cells.integer("year", minimum=1000, maximum=2999),
        isbn=cells.validated("isbn", lambda value: clean_isbn(PREFIX.sub("", value))),
        issn=cells.validated("issn", lambda value: clean_issn(PREFIX.sub("", value))),
        subject=cells.text("subject", max_length=200),
        country=_country(cells),
        note=cells.text("note", max_length=5000),
    )
    if not any((want.title, want.isbn, want.issn, want.subject, want.country)):
        cells.error(
            "title", _("Say what is wanted: a title, an ISBN or ISSN, a subject or a country.")
        )
    return want


def _country(cells: Cells) -> str:
    value = cells.raw("country").upper()
    if value and value not in country_codes():
        cells.error(
            "country",
            _("“%(value)s” is not an ISO 3166-1 alpha-2 country code.")
            % {"value": cells.raw("country")},
        )
        return ""
    return value


def import_wants(stream, filename: str, *, user=None, dry_run=False, encoding="utf-8"):
    result = ImportResult(_("wanted titles"), WANT_COLUMNS)

    def check(rows, result):
        wants = _rows(rows, result, _want)
        result.items = len(wants)
        return wants

    def write(wants):
        bulk_create_with_history(Want, wants, user=user, reason=reason_for(filename))

    return run_import(
        result, stream, filename, check=check, write=write, dry_run=dry_run,
        encoding=encoding, kind="wants", user=user,
    )  # fmt: skip


def want_columns() -> list[Column]:
    return named_columns(WANT_COLUMNS, {"year": "int"})


def want_values(want: Want) -> tuple:
    return tuple(
        str(want.country.code or "") if name == "country" else getattr(want, name)
        for name in WANT_COLUMNS
    )
