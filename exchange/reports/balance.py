"""The balance report: every partner that matches the filters, with its flags; and the
partners most out of balance, for the dashboard."""

import datetime

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from exchange.balance.export import (
    MEASURE_LABELS,
    balance_cells,
    balance_columns,
)
from exchange.balance.sums import partner_balances
from exchange.balance.totals import Period, total_of
from exchange.core.countries import country_names
from exchange.core.dates import years_before
from exchange.core.tables import Column
from exchange.reports.flags import (
    QUIET_YEARS,
    basis_measure,
    imbalance_flags,
    imbalance_ratio,
    last_received_until_expression,
)
from exchange.reports.tables import CHOICE, COUNTRY, FLAGS, PARTNER, Filters, Table, reference_day
from partners.models import Kind, Partner, Status

# How the page shows some of the balance CSV's columns (exported as their plain value).
PAGE_KINDS = {"partner_code": PARTNER, "country": COUNTRY, "kind": CHOICE}


def balance_page_columns() -> list[Column]:
    """The balance CSV's columns, with the partner's status after its kind and the
    imbalance flags last."""
    columns = [
        Column(column.key, column.label, PAGE_KINDS.get(column.key, column.kind))
        for column in balance_columns()
    ]
    status = columns.index(next(c for c in columns if c.key == "kind")) + 1
    columns.insert(status, Column("status", _("Status"), CHOICE))
    return [*columns, Column("flags", _("Out of balance"), FLAGS)]


# What a balance row needs of its partner: read as named tuples, not model instances,
# which cost several times as much for the 2,000 rows of a national library.
BALANCE_PARTNER_FIELDS = (
    "pk",
    "code",
    "name",
    "name_zh",
    "name_original",
    "country",
    "kind",
    "status",
    "exchange_basis",
    "exchange_since",
)


def balance_rows(period: Period, filters: Filters, today: datetime.date) -> list[dict]:
    """One light row per matching partner, by code: the partner, its balance, its flags
    and the measure they compare; `complete_balance_rows` adds the cells. Two queries,
    and a third for partners with no receipt in the period up to the reference day."""
    on = reference_day(period, today)
    partners = filters.partners().values_list(*BALANCE_PARTNER_FIELDS, named=True)
    balances = partner_balances(partners, period)
    last_received = last_receipts(balances, on)
    cutoff = years_before(on, QUIET_YEARS)
    rows = []
    for balance in balances:
        partner = balance.partner
        measure = basis_measure(partner)
        sent, received = balance.sent.measure(measure), balance.received.measure(measure)
        rows.append(
            {
                "partner_code": partner.code,
                "partner": partner,
                "balance": balance,
                "flags": imbalance_flags(
                    partner, sent, received, last_received.get(partner.pk), cutoff
                ),
                "measure": measure,
                "compared_sent": sent,
                "compared_received": received,
            }
        )
    return rows


def last_receipts(balances, on: datetime.date) -> dict:
    """Each partner's latest counted receipt up to `on` (pk → date; none if none ever).

    `on` is at most the period's end, so a receipt in the period up to `on` is the latest
    up to `on` of all: only the other partners are looked up (one query), each with
    an index's last entry, instead of all 2,000 of a national library."""
    found, others = {}, []
    for balance in balances:
        last_on = balance.received.last_on
        if last_on is not None and last_on <= on:
            found[balance.partner.pk] = last_on
        else:
            others.append(balance.partner.pk)
    if others:
        found.update(
            (pk, last_on)
            for pk, last_on in Partner.objects.filter(pk__in=others)
            .annotate(last_on=last_received_until_expression(on))
            .filter(last_on__isnull=False)
            .values_list("pk", "last_on")
        )
    return found


def complete_balance_rows(rows: list[dict]) -> None:
    """Add to balance rows, in place, the cells of the page and the exports."""
    labels = _Labels()
    for row in rows:
        if "items_sent" in row:
            continue
        partner = row["partner"]
        row.update(balance_cells(row["balance"]))
        row.update(
            country_name=labels.country(partner.country),
            kind_label=labels.kinds.get(partner.kind, partner.kind),
            status=partner.status,
            status_label=labels.statuses.get(partner.status, partner.status),
            measure_label=labels.measures[row["measure"]],
        )


class _Labels:
    """The labels of codes, each translated once for a whole table rather than per row
    (`get_kind_display` hashes every lazy label of the choices on every call)."""

    def __init__(self):
        self.kinds = {value: str(label) for value, label in Kind.choices}
        self.statuses = {value: str(label) for value, label in Status.choices}
        self.measures = {key: str(label) for key, label in MEASURE_LABELS.items()}
        self._countries = country_names()

    def country(self, code: str) -> str:
        return self._countries.get(code) or code


def balance_table(period: Period, filters: Filters, today: datetime.date) -> Table:
    rows = balance_rows(period, filters, today)
    total = total_of(row["balance"] for row in rows)
    totals = {
        "partner_code": _("Total"),
        **total.cells(),
        "last_sent_on": total.sent.last_on,
        "last_received_on": total.received.last_on,
    }
    return Table(
        balance_page_columns(),
        rows,
        totals,
        default_sort="partner_code",
        complete=complete_balance_rows,
        ready=("partner_code",),
    )


def _by_severity(row: dict):
    sent, received = row["compared_sent"], row["compared_received"]
    return (-len(row["flags"]), -imbalance_ratio(sent, received), -abs(sent - received))


def unbalanced_rows(rows: list[dict], limit: int | None = None) -> list[dict]:
    """The flagged rows, most out of balance first: most flags, then the largest ratio of
    one side to the other, then the largest difference; completed."""
    flagged = sorted((row for row in rows if row["flags"]), key=lambda row: row["partner_code"])
    flagged.sort(key=_by_severity)
    flagged = flagged if limit is None else flagged[:limit]
    complete_balance_rows(flagged)
    return flagged


def most_unbalanced(
    period: Period,
    limit: int = 10,
    *,
    filters: Filters | None = None,
    today: datetime.date | None = None,
) -> list[dict]:
    """The partners most out of balance in the period (for the dashboard). Two queries.

    Each row has `partner`, `balance` (a PartnerBalance), `flags` (each with `code` and
    `label`), `measure` (the one compared), `compared_sent`, `compared_received` and
    the cells of the balance table.
    """
    today = today or timezone.localdate()
    return unbalanced_rows(balance_rows(period, filters or Filters(), today), limit)
