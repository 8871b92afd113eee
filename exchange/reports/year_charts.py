"""The year-by-year chart of the partner and trends reports: sent against received per
year in one measure, the running balance where the table has it, and the year under
way marked as partial."""

from django.utils.translation import gettext as _

from exchange.balance.export import MEASURE_LABELS
from exchange.balance.totals import MEASURES
from exchange.reports.charts import Chart, Series, bar_chart


def chart_measure(request, default: str) -> str:
    measure = request.GET.get("measure", "")
    return measure if measure in MEASURES else default


def measure_chart(title: str, rows: list[dict], measure: str) -> Chart:
    """Sent against received per year, from the rows' own (rounded) figures, with the
    cumulative balance as a line when the rows have it."""
    categories = [str(row["year"]) for row in rows]
    series = [
        Series(_("Sent"), "sent", [row[f"{measure}_sent"] for row in rows]),
        Series(_("Received"), "received", [row[f"{measure}_received"] for row in rows]),
    ]
    cumulative = f"{measure}_cumulative"
    line = None
    if rows and cumulative in rows[0]:
        line = Series(_("Cumulative balance"), "cumulative", [row[cumulative] for row in rows])
    partial = frozenset(index for index, row in enumerate(rows) if row.get("partial"))
    note = ""
    if partial:
        years = ", ".join(categories[index] for index in sorted(partial))
        note = _("Hatched: %(year)s, under way, so far") % {"year": years}
    return bar_chart(
        title,
        categories,
        series,
        line=line,
        partial=partial,
        partial_label=_("so far"),
        partial_note=note,
    )


def measure_links(request, current: str) -> list[dict]:
    links = []
    for measure in MEASURES:
        query = request.GET.copy()
        query["measure"] = measure
        links.append(
            {
                "measure": measure,
                "label": MEASURE_LABELS[measure],
                "href": f"?{query.urlencode()}",
                "current": measure == current,
            }
        )
    return links


def add_year_chart(request, context: dict, default_measure: str) -> None:
    """The chart of sent against received per year, and the links to switch its measure."""
    table = context.get("table")
    if table is None:
        return
    measure = chart_measure(request, default_measure)
    rows = sorted(table.rows, key=lambda row: row["year"])
    context["chart"] = measure_chart(
        _("%(measure)s sent and received per year") % {"measure": MEASURE_LABELS[measure]},
        rows,
        measure,
    )
    context["measure_links"] = measure_links(request, measure)
    context["partial_rows"] = [row for row in rows if row.get("partial")]
