"""The obligations of a year and their fulfilment as a file: CSV for programs (column
keys, codes), XLSX for people (headed in the page's language, labels, and a sheet
saying which year and choices it shows and when it was made); both through the one
writer (exchange.core.tables)."""

from django.utils.translation import gettext_lazy as _

from exchange.core.choices import Direction, Measure
from exchange.core.tables import DATE, INT, MONEY, TEXT, Column, csv_chunks, xlsx_file
from exchange.programme.fulfilment import State

OBLIGATION_EXPORT_COLUMNS = [
    Column("year", _("Year"), INT),
    Column("agreement", _("Agreement"), TEXT),
    Column("agreement_reference", _("Reference"), TEXT),
    Column("countries", _("Countries and regions"), TEXT),
    Column("partner_code", _("Partner"), TEXT),
    Column("direction", _("Direction"), TEXT),
    Column("measure", _("Measure"), TEXT),
    Column("target", _("Target per year"), MONEY),
    Column("achieved", _("Achieved"), MONEY),
    Column("percent", _("Percent met"), INT),
    Column("still_due", _("Still due"), MONEY),
    Column("days_left", _("Days left"), INT),
    Column("state", _("State"), TEXT),
    Column("period_end", _("Period ends"), DATE),
]


def obligation_values(fulfilment, *, labels: bool) -> list:
    """One obligation in its year, in the columns' order; `labels`: the words shown
    (the title in the page's language, direction, measure and state in words) instead
    of the codes."""
    obligation = fulfilment.obligation
    agreement = obligation.agreement
    direction, measure, state = obligation.direction, obligation.measure, fulfilment.state
    if labels:
        direction = Direction(direction).label
        measure = Measure(measure).label
        state = State(state).label
    return [
        fulfilment.year,
        agreement.shown_title if labels else agreement.title,
        agreement.reference,
        ", ".join(country.code for country in agreement.countries),
        obligation.partner.code if obligation.partner_id else "",
        direction,
        measure,
        obligation.target,
        fulfilment.achieved,
        fulfilment.percent,
        fulfilment.still_due,
        fulfilment.days_left,
        state,
        fulfilment.period.end,
    ]


def obligations_file(fulfilments, fmt: str, *, title: str, about):
    """The CSV (for programs: its chunks, written as sent) or the XLSX (for people: a
    temporary file) of a list of fulfilments, for `file_response`."""
    if fmt == "csv":
        return csv_chunks(
            OBLIGATION_EXPORT_COLUMNS, (obligation_values(f, labels=False) for f in fulfilments)
        )
    rows = [obligation_values(f, labels=True) for f in fulfilments]
    return xlsx_file(
        OBLIGATION_EXPORT_COLUMNS,
        rows,
        title=title,
        labels=True,
        about=about,
        about_title=str(_("About")),
    )
