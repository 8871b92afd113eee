"""The all-partners balance as the balance CSV of docs/domain.md (or XLSX), and the
balance's columns that the reports show.

The web export and `manage.py balance_report` both call `balance_report`, so they
give the same bytes for the same filters.
"""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from exchange.balance.sums import partner_balances
from exchange.balance.totals import MEASURE_CELLS, Period, total_of
from exchange.core.regions import countries_in
from exchange.core.tables import DATE, INT, MONEY, TEXT, Column, csv_text, xlsx_bytes
from partners.models import Partner

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
    """`items_sent` … `value_balance`, in the order of docs/domain.md."""
    return [
        Column(key, MEASURE_SIDE_LABELS[key], MONEY if key.startswith("value") else INT)
        for key in MEASURE_CELLS
    ]


def balance_columns() -> list[Column]:
    """The columns of the balance CSV (docs/domain.md)."""
    return [
        Column("partner_code", gettext_lazy("Code"), TEXT),
        Column("partner_name", gettext_lazy("Partner"), TEXT),
        Column("country", gettext_lazy("Country or region"), TEXT),
        Column("kind", gettext_lazy("Kind"), TEXT),
        *measure_columns(),
        Column("last_sent_on", gettext_lazy("Last sent on"), DATE),
        Column("last_received_on", gettext_lazy("Last received on"), DATE),
    ]


BALANCE_KEYS = tuple(column.key for column in balance_columns())


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
    """One partner's balance as the cells of the balance CSV (docs/domain.md) by column
    (values rounded, dates as dates). `row.partner` has the partner's code, name,
    country code and kind: a named row of `Partner.objects.values_list(…, named=True)`."""
    return dict(zip(BALANCE_KEYS, balance_values(row), strict=True))


def balance_values(row) -> tuple:
    """One partner's balance as the values of the columns of docs/domain.md, in their order."""
    partner = row.partner
    return (
        partner.code,
        partner.name,
        partner.country,
        partner.kind,
        *row.cell_values(),
        row.sent.last_on,
        row.received.last_on,
    )


def balance_csv(rows) -> str:
    return csv_text(balance_columns(), (balance_values(row) for row in rows))


def balance_xlsx(rows) -> bytes:
    total = total_of(rows)
    total_values = (
        _("Total"),
        None,
        None,
        None,
        *total.cell_values(),
        total.sent.last_on,
        total.received.last_on,
    )
    values = [balance_values(row) for row in rows]
    return xlsx_bytes(balance_columns(), values, title=_("Balance of exchange"), total=total_values)


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
