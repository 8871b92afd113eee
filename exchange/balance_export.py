"""The all-partners balance as the DOMAIN.md CSV and as XLSX.

Used by the web export and `manage.py balance_report`, so both give the same bytes.
"""

import csv
import io

from openpyxl import Workbook
from openpyxl.styles import Font

from exchange.balance import CSV_COLUMNS, Balance, Period, partner_balances, total_of
from partners.models import Partner


def balance_partners(*, country: str = "", kind: str = "", status: str = "", basis: str = ""):
    """The partners a balance report covers, by code, whatever their status by default."""
    partners = Partner.objects.order_by("code")
    if country:
        partners = partners.filter(country=country.strip().upper())
    if kind:
        partners = partners.filter(kind=kind)
    if status:
        partners = partners.filter(status=status)
    if basis:
        partners = partners.filter(exchange_basis=basis)
    return partners


def _iso(day) -> str:
    return day.isoformat() if day else ""


def csv_row(row) -> list:
    """One partner's balance in the DOMAIN.md columns; values with exactly 2 decimals."""
    partner = row.partner
    cells = [partner.code, partner.name, partner.country.code, partner.kind]
    for measure in ("items", "titles", "pages", "value"):
        cells += [row.sent.measure(measure), row.received.measure(measure), row.difference(measure)]
    cells += [_iso(row.sent.last_on), _iso(row.received.last_on)]
    return [f"{cell:.2f}" if i in (13, 14, 15) else cell for i, cell in enumerate(cells)]


def write_balance_csv(rows, out) -> None:
    writer = csv.writer(out)
    writer.writerow(CSV_COLUMNS)
    writer.writerows(csv_row(row) for row in rows)


def balance_csv(rows) -> str:
    out = io.StringIO(newline="")
    write_balance_csv(rows, out)
    return out.getvalue()


def balance_xlsx(rows, *, title: str = "Balance") -> bytes:
    """Numbers as numbers, dates as dates, a bold frozen header and a totals row."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = title[:31]
    sheet.append(CSV_COLUMNS)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    sheet.freeze_panes = "A2"
    for row in rows:
        sheet.append(_xlsx_cells(row, row.partner))
    total = total_of(rows)
    sheet.append(_xlsx_cells(total, None))
    for cell in sheet[sheet.max_row]:
        cell.font = Font(bold=True)
    _format_columns(sheet)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def _xlsx_cells(row: Balance, partner) -> list:
    if partner is None:
        cells = ["Total", "", "", ""]
    else:
        cells = [partner.code, partner.name, partner.country.code, partner.kind]
    for measure in ("items", "titles", "pages", "value"):
        cells += [row.sent.measure(measure), row.received.measure(measure), row.difference(measure)]
    cells += [row.sent.last_on, row.received.last_on]
    return cells


def _format_columns(sheet) -> None:
    for column in sheet.iter_cols(min_row=2, min_col=5, max_col=16):
        number_format = "0.00" if column[0].column in (14, 15, 16) else "0"
        for cell in column:
            cell.number_format = number_format
    for column in sheet.iter_cols(min_row=2, min_col=17, max_col=18):
        for cell in column:
            cell.number_format = "yyyy-mm-dd"
    sheet.column_dimensions["B"].width = 40


def balance_report(*, period: Period, country="", kind="", status="", basis="", fmt="csv"):
    """The all-partners balance for the filters, as CSV text or XLSX bytes."""
    rows = partner_balances(
        balance_partners(country=country, kind=kind, status=status, basis=basis), period
    )
    return balance_csv(rows) if fmt == "csv" else balance_xlsx(rows)
