"""Exports: the all-partners balance as the DOMAIN.md CSV, and any report table as
CSV or XLSX.

The web export and `manage.py balance_report` both call `balance_report`, so they
give the same bytes for the same filters.
"""

import csv
import io
from dataclasses import dataclass
from decimal import Decimal

from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl import Workbook
from openpyxl.styles import Font

from exchange.balance import CSV_COLUMNS, MEASURES, Period, partner_balances, total_of
from exchange.regions import countries_in
from partners.models import Partner

TEXT, INT, MONEY, RATIO, DATE = "text", "int", "money", "ratio", "date"
NUMBER_FORMATS = {INT: "0", MONEY: "0.00", RATIO: "0.0000", DATE: "yyyy-mm-dd"}


@dataclass(frozen=True)
class Column:
    """A column of a report: its export name, its label on the page, its kind of value."""

    key: str
    label: object
    kind: str = INT

    @property
    def numeric(self) -> bool:
        return self.kind in (INT, MONEY, RATIO)


MEASURE_LABELS = {
    "items": gettext_lazy("Items"),
    "titles": gettext_lazy("Titles"),
    "pages": gettext_lazy("Pages"),
    "value": gettext_lazy("Value"),
}
# Whole labels, not a measure and a side put together: word order differs by language.
MEASURE_SIDE_LABELS = {
    "items_sent": gettext_lazy("Items sent"),
    "items_received": gettext_lazy("Items received"),
    "items_balance": gettext_lazy("Items balance"),
    "titles_sent": gettext_lazy("Titles sent"),
    "titles_received": gettext_lazy("Titles received"),
    "titles_balance": gettext_lazy("Titles balance"),
    "pages_sent": gettext_lazy("Pages sent"),
    "pages_received": gettext_lazy("Pages received"),
    "pages_balance": gettext_lazy("Pages balance"),
    "value_sent": gettext_lazy("Value sent"),
    "value_received": gettext_lazy("Value received"),
    "value_balance": gettext_lazy("Value balance"),
}


def measure_columns() -> list[Column]:
    """`items_sent` … `value_balance`, in the DOMAIN.md order."""
    return [
        Column(
            f"{measure}_{side}",
            MEASURE_SIDE_LABELS[f"{measure}_{side}"],
            MONEY if measure == "value" else INT,
        )
        for measure in MEASURES
        for side in ("sent", "received", "balance")
    ]


def balance_columns() -> list[Column]:
    """The DOMAIN.md balance CSV columns."""
    return [
        Column("partner_code", gettext_lazy("Code"), TEXT),
        Column("partner_name", gettext_lazy("Partner"), TEXT),
        Column("country", gettext_lazy("Country"), TEXT),
        Column("kind", gettext_lazy("Kind"), TEXT),
        *measure_columns(),
        Column("last_sent_on", gettext_lazy("Last sent on"), DATE),
        Column("last_received_on", gettext_lazy("Last received on"), DATE),
    ]


def balance_partners(
    *, country: str = "", region: str = "", kind: str = "", status: str = "", basis: str = ""
):
    """The partners a balance report covers, by code, whatever their status by default."""
    partners = Partner.objects.order_by("code")
    if country:
        partners = partners.filter(country=country.strip().upper())
    if region:
        partners = partners.filter(country__in=sorted(countries_in(region)))
    if kind:
        partners = partners.filter(kind=kind)
    if status:
        partners = partners.filter(status=status)
    if basis:
        partners = partners.filter(exchange_basis=basis)
    return partners


def balance_cells(row) -> dict:
    """One partner's balance as DOMAIN.md cells (values rounded, dates as dates).

    `row.partner` has the partner's code, name, country code and kind: a named row of
    `Partner.objects.values_list(…, named=True)`.
    """
    partner = row.partner
    return {
        "partner_code": partner.code,
        "partner_name": partner.name,
        "country": partner.country,
        "kind": partner.kind,
        **row.cells(),
        "last_sent_on": row.sent.last_on,
        "last_received_on": row.received.last_on,
    }


def _iso(value) -> str:
    return value.isoformat()


# How a cell of each kind is written where str() would not do; None is always empty.
CSV_TEXT = {MONEY: "{:.2f}".format, RATIO: "{:.4f}".format, DATE: _iso}


def table_csv(columns: list[Column], rows: list[dict]) -> str:
    """CSV text by the csv module's defaults (\\r\\n line ends); no totals row.

    The csv module writes None as empty and anything else as str(); only money, ratios
    and dates are formatted first.
    """
    out = io.StringIO(newline="")
    writer = csv.writer(out)
    keys = [column.key for column in columns]
    writer.writerow(keys)
    formatted = [(i, CSV_TEXT[c.kind]) for i, c in enumerate(columns) if c.kind in CSV_TEXT]
    for row in rows:
        cells = [row.get(key) for key in keys]
        for index, text in formatted:
            if cells[index] is not None:
                cells[index] = text(cells[index])
        writer.writerow(cells)
    return out.getvalue()


def table_xlsx(columns: list[Column], rows: list[dict], total: dict | None, title: str) -> bytes:
    """Numbers as numeric cells, dates as date cells, a bold frozen header, a totals row."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _sheet_title(title)
    sheet.append([column.key for column in columns])
    for row in rows:
        sheet.append([_xlsx_value(row.get(column.key), column.kind) for column in columns])
    if total is not None:
        sheet.append([_xlsx_value(total.get(column.key), column.kind) for column in columns])
        for cell in sheet[sheet.max_row]:
            cell.font = Font(bold=True)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    sheet.freeze_panes = "A2"
    for index, column in enumerate(columns, start=1):
        number_format = NUMBER_FORMATS.get(column.kind)
        cells = next(sheet.iter_cols(min_col=index, max_col=index, min_row=2))
        if number_format:
            for cell in cells:
                cell.number_format = number_format
        letter = sheet.cell(row=1, column=index).column_letter
        width = max([len(column.key), *(len(str(cell.value or "")) for cell in cells)])
        sheet.column_dimensions[letter].width = min(max(width + 2, 10), 50)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def _xlsx_value(value, kind: str):
    if isinstance(value, Promise):  # a lazily translated label, "Total"
        return str(value)
    if kind in (MONEY, RATIO) and value is not None:
        return Decimal(value)
    return value


def _sheet_title(title: str) -> str:
    cleaned = "".join(" " if char in "[]:*?/\\" else char for char in str(title))
    return cleaned[:31] or "Report"


def balance_csv(rows) -> str:
    """The DOMAIN.md CSV, written straight from each row: the csv module writes ints,
    Decimals rounded to cents and dates as the contract has them, and None as empty.
    The same text as `table_csv` of the `balance_cells`, at a third of the cost."""
    out = io.StringIO(newline="")
    writer = csv.writer(out)
    writer.writerow(CSV_COLUMNS)
    writer.writerows(
        (
            row.partner.code,
            row.partner.name,
            row.partner.country,
            row.partner.kind,
            *row.cell_values(),
            row.sent.last_on,
            row.received.last_on,
        )
        for row in rows
    )
    return out.getvalue()


def balance_xlsx(rows) -> bytes:
    total = total_of(rows)
    total_cells = {
        "partner_code": _("Total"),
        **total.cells(),
        "last_sent_on": total.sent.last_on,
        "last_received_on": total.received.last_on,
    }
    cells = [balance_cells(row) for row in rows]
    return table_xlsx(balance_columns(), cells, total_cells, _("Balance of exchange"))


def balance_report(
    *, period: Period, country="", region="", kind="", status="", basis="", fmt="csv"
):
    """The all-partners balance for the filters, as CSV text or XLSX bytes."""
    partners = balance_partners(
        country=country, region=region, kind=kind, status=status, basis=basis
    )
    fields = ("pk", "code", "name", "country", "kind")
    rows = partner_balances(partners.values_list(*fields, named=True), period)
    # By code in code-point order whatever the database's collation (a PostgreSQL in
    # en_US.UTF-8 would skip the hyphens of "GB-BL").
    rows.sort(key=lambda row: row.partner.code)
    return balance_csv(rows) if fmt == "csv" else balance_xlsx(rows)
