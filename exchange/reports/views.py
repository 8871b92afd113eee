"""The report pages, each with CSV and XLSX exports and a print view.

Every view needs `exchange.view_reports` (all three roles hold it). A report URL takes
an optional format: `…/` is the page, `…/print/`, `…/csv/` and `…/xlsx/` the print view
and the downloads, all with the page's filters (its query string).
"""

import logging
from dataclasses import asdict

from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import HttpResponseBadRequest
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from exchange.balance.export import MEASURE_LABELS, balance_report
from exchange.balance.unrated import missing_rates
from exchange.core.logs import log_export
from exchange.core.permissions import RoleRequiredMixin
from exchange.core.tables import content_bytes, csv_chunks, xlsx_file
from exchange.core.views import file_response
from exchange.reports.balance import balance_table, unbalanced_rows
from exchange.reports.cache import cached_table
from exchange.reports.costs import COST_DIMENSIONS, cost_table
from exchange.reports.flags import FLAG_BY_CODE, basis_default, basis_measure
from exchange.reports.forms import ReportFilterForm, period_label, period_slug
from exchange.reports.jobs import start_report_job
from exchange.reports.partner import partner_years_table
from exchange.reports.summaries import SUMMARY_DIMENSIONS, summary_table, trends_table
from exchange.reports.tables import (
    ALL_YEARS,
    THIS_YEAR,
    Table,
    reference_day,
)
from exchange.reports.year_charts import add_year_chart
from partners.fields import PartnerAutocomplete
from partners.models import Partner
from partners.search import SEARCH_MAX_LENGTH

logger = logging.getLogger(__name__)
VIEW_REPORTS = "exchange.view_reports"
# Rows of a report table on one screen, as in the other lists: a page of 2,000 partners
# took longer to render than the report to compute, and no one reads it without sorting.
REPORT_PAGE_SIZE = 50


class ReportsIndexView(RoleRequiredMixin, TemplateView):
    permission_required = VIEW_REPORTS
    template_name = "exchange/reports/index.html"

    def get_context_data(self, **kwargs):
        partner_field = PartnerAutocomplete(
            attrs={"id": "report-partner-code", "required": True}
        ).render("code", "")
        return super().get_context_data(
            summaries=SUMMARY_DIMENSIONS,
            costs=COST_DIMENSIONS,
            partner_field=partner_field,
            **kwargs,
        )


class PartnerLookupView(RoleRequiredMixin, View):
    """The index's "report for partner" box: the partner's code or name, resolved by the
    partner search. One partner: its report; several: a list to choose from; none: back
    to the reports, saying so."""

    permission_required = VIEW_REPORTS
    template_name = "exchange/reports/partner_choose.html"
    # The partners a name may list; past them, the user types more of it.
    LISTED = 50

    def get(self, request):
        text = request.GET.get("code", "")[:SEARCH_MAX_LENGTH].strip()
        partners = Partner.objects.named(text).best_first(text)
        found = list(partners[: self.LISTED + 1]) if text else []
        if len(found) == 1:
            return redirect("exchange:report_partner", code=found[0].code)
        if not found:
            message = (
                _("No partner has the code or a name “%(text)s”.") % {"text": text}
                if text
                else _("Type a partner's code or name.")
            )
            messages.error(request, message)
            return redirect("exchange:reports")
        context = {"text": text, "partners": found[: self.LISTED], "more": len(found) > self.LISTED}
        return TemplateResponse(request, self.template_name, context)


class ReportView(RoleRequiredMixin, TemplateView):
    """A report page; the `fmt` URL argument gives its print view and its downloads."""

    permission_required = VIEW_REPORTS
    url_name = ""
    default_period = THIS_YEAR
    with_period = True
    with_filters = True
    with_measures = True

    # A report whose rows are partners: downloaded with more than JOBS_SYNC_ROWS of them,
    # its file is made by a job (exchange.reports.jobs).
    partner_rows = False

    def get(self, request, *args, fmt: str = "html", **kwargs):
        self.fmt = fmt
        if not self.prepare(request):
            if fmt in ("csv", "xlsx"):
                return HttpResponseBadRequest(
                    "\n".join(f"{k}: {' '.join(v)}" for k, v in self.form.errors.items()),
                    content_type="text/plain; charset=utf-8",
                )
            return self.render_to_response(self.get_context_data(table=None))
        if fmt in ("csv", "xlsx"):
            if self.partner_rows and self.filters.partners().count() > settings.JOBS_SYNC_ROWS:
                return start_report_job(self, fmt)
            return self.download(self.file_content(fmt), fmt)
        table = self.shown(cached_table(self, self.table))
        sort = table.sort(request.GET.get("sort", ""))
        context = self.get_context_data(table=table, sort=sort, **self.page_of(table))
        return self.render_to_response(context)

    def prepare(self, request) -> bool:
        """Read the filters; False when they are not valid (the form says why)."""
        self.today = timezone.localdate()
        self.form = ReportFilterForm(
            request.GET,
            default_period=self.default_period,
            with_period=self.with_period,
            with_filters=self.with_filters,
            with_measures=self.with_measures,
        )
        if not self.form.is_valid():
            return False
        self.period = self.form.report_period(self.today)
        self.filters = self.form.report_filters()
        self.measures = self.form.report_measures(self.default_measure())
        return True

    def file_content(self, fmt: str) -> bytes:
        return content_bytes(self.csv() if fmt == "csv" else self.xlsx())

    # What each report defines ---------------------------------------------------------

    def title(self) -> str:
        raise NotImplementedError

    def table(self) -> Table:
        raise NotImplementedError

    def file_name(self) -> str:
        raise NotImplementedError

    def warnings_where(self):
        return self.filters.shipments_q()

    def default_measure(self) -> str:
        """Shown when no measure is ticked: that of the exchange basis filtered on."""
        return basis_default(self.filters.basis)

    # Shared --------------------------------------------------------------------------

    def shown(self, table: Table) -> Table:
        """The table with the columns of the measures chosen (all of a report without)."""
        return table.only(self.measures) if self.with_measures else table

    def page_of(self, table: Table) -> dict:
        """The rows on screen, a page at a time (the totals row stays that of every row);
        printed, every row, a table per measure: each fits across the paper."""
        if self.fmt == "print":
            rows = table.completed(table.rows)
            if not self.with_measures:
                return {"rows": rows, "printed": [(None, table)]}
            printed = [(MEASURE_LABELS[m], table.only([m])) for m in self.measures]
            return {"rows": rows, "printed": printed}
        page = Paginator(table.rows, REPORT_PAGE_SIZE).get_page(self.request.GET.get("page"))
        return {
            "rows": table.completed(page.object_list),
            "page_obj": page,
            "is_paginated": page.has_other_pages(),
        }

    def sorted_table(self) -> Table:
        table = self.table()
        table.sort(self.request.GET.get("sort", ""))
        table.completed(table.rows)
        return table

    def csv(self):
        """Every column, named by its key, whatever the measures shown: for programs."""
        table = self.sorted_table()
        self.rows_exported = len(table.rows)
        rows = (table.export_values(row) for row in table.rows)
        return csv_chunks(table.export_columns, rows)

    def xlsx(self):
        """For people: the measures shown, headed in the page's language, and a sheet
        saying what the figures are."""
        table = self.shown(self.sorted_table())
        self.rows_exported = len(table.rows)
        rows = [table.shown_values(row) for row in table.rows]
        total = table.shown_values(table.total)
        return xlsx_file(
            table.export_columns,
            rows,
            title=self.title(),
            total=total,
            labels=True,
            about=self.about(),
            about_title=_("About"),
        )

    def about(self) -> list[tuple[str, str]]:
        """The second sheet of a workbook: what, when, for which period and partners."""
        lines = [(_("Report"), self.title())]
        if self.with_period:
            lines.append((_("Period"), period_label(self.period)))
        lines += [(str(label), str(value)) for label, value in self.filters.described()]
        if self.with_filters and not self.filters.described():
            lines.append((_("Partners"), _("All partners")))
        if self.with_measures:
            shown = ", ".join(str(MEASURE_LABELS[m]) for m in self.measures)
            lines.append((_("Measures shown"), shown))
        lines += [
            (_("Values in"), settings.EXCHANGE_BASE_CURRENCY),
            (_("Made on"), timezone.localtime().strftime("%Y-%m-%d %H:%M")),
        ]
        return lines

    def download(self, content, fmt: str) -> HttpResponseBase:
        kind = self.request.resolver_match.url_name.removeprefix("report_")
        user = self.request.user
        log_export(logger, kind=kind, rows=self.rows_exported, fmt=fmt, user=user)
        return file_response(content, fmt, f"{self.file_name()}.{fmt}")

    def url_kwargs(self) -> dict:
        return {key: value for key, value in self.kwargs.items() if key != "fmt"}

    def format_url(self, fmt: str | None) -> str:
        kwargs = self.url_kwargs() | ({"fmt": fmt} if fmt else {})
        url = reverse(self.url_name, kwargs=kwargs)
        query = self.request.GET.urlencode()
        return f"{url}?{query}" if query else url

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        valid = context.get("table") is not None
        context.update(
            title=self.title(),
            form=self.form,
            printing=self.fmt == "print",
            page_url=self.format_url(None),
            print_url=self.format_url("print"),
            csv_url=self.format_url("csv"),
            xlsx_url=self.format_url("xlsx"),
            reset_url=reverse(self.url_name, kwargs=self.url_kwargs()),
            generated_at=timezone.localtime(),
            today=self.today,
            base_currency=settings.EXCHANGE_BASE_CURRENCY,
        )
        if valid:
            context.update(
                period=self.period,
                period_label=period_label(self.period) if self.with_period else "",
                filters_described=self.filters.described(),
                missing_rates=missing_rates(self.period, self.warnings_where()),
            )
        return context


class BalanceReportView(ReportView):
    """Every partner that matches the filters, as in the balance CSV (docs/domain.md),
    with the flags."""

    template_name = "exchange/reports/balance.html"
    url_name = "exchange:report_balance"
    partner_rows = True

    def title(self):
        return _("Balance of exchange by partner")

    def file_name(self):
        return f"balance_{period_slug(self.period)}"

    def table(self):
        return balance_table(self.period, self.filters, self.today)

    def csv(self):
        # The very function `manage.py balance_report` calls: byte for byte the same.
        text = balance_report(period=self.period, fmt="csv", **asdict(self.filters))
        self.rows_exported = text.count("\r\n") - 1
        return text.encode("utf-8")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if context.get("table") is not None:
            context["unbalanced"] = unbalanced_rows(context["table"].rows, limit=10)
            context["reference_day"] = reference_day(self.period, self.today)
            context["flag_legend"] = list(FLAG_BY_CODE.values())
        return context


class PartnerReportView(ReportView):
    """One partner year by year from its first counted year, with a chart."""

    template_name = "exchange/reports/partner.html"
    url_name = "exchange:report_partner"
    with_period = False
    with_filters = False

    def get(self, request, *args, **kwargs):
        self.partner = get_object_or_404(Partner, code=kwargs["code"])
        return super().get(request, *args, **kwargs)

    def title(self):
        return _("Balance of exchange with %(partner)s, year by year") % {
            "partner": self.partner.code
        }

    def file_name(self):
        return f"partner_{self.partner.code}"

    def table(self):
        return partner_years_table(self.partner, self.today)

    def warnings_where(self):
        return Q(partner=self.partner)

    def default_measure(self):
        return basis_measure(self.partner)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["partner"] = self.partner
        if context.get("table") is not None:
            add_year_chart(self.request, context, self.measures[0])
        return context


class SummaryReportView(ReportView):
    """By country, UN M49 region or sub-region, or institution kind."""

    template_name = "exchange/reports/summary.html"
    url_name = "exchange:report_summary"

    def title(self):
        labels = {
            "country": _("Balance of exchange by country and region"),
            "region": _("Balance of exchange by world region"),
            "subregion": _("Balance of exchange by sub-region"),
            "kind": _("Balance of exchange by institution kind"),
        }
        return labels[self.kwargs["by"]]

    def file_name(self):
        return f"summary_{self.kwargs['by']}_{period_slug(self.period)}"

    def table(self):
        return summary_table(self.period, self.filters, self.kwargs["by"])

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            by=self.kwargs["by"], summaries=SUMMARY_DIMENSIONS, **kwargs
        )


class TrendsReportView(ReportView):
    """The whole exchange per year, as a table and a chart."""

    template_name = "exchange/reports/trends.html"
    url_name = "exchange:report_trends"
    default_period = ALL_YEARS

    def title(self):
        return _("Trends: the exchange per year")

    def file_name(self):
        return f"trends_{period_slug(self.period)}"

    def table(self):
        return trends_table(self.period, self.filters, self.today)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if context.get("table") is not None:
            add_year_chart(self.request, context, self.measures[0])
        return context


class CostReportView(ReportView):
    """What the exchange costs, per partner or per country, next to what came in."""

    template_name = "exchange/reports/costs.html"
    url_name = "exchange:report_costs"
    # Its columns are costs per item, page or unit of value received, all of them read
    # together: it has no measures to choose.
    with_measures = False

    @property
    def partner_rows(self):
        return self.kwargs["by"] == "partner"

    def title(self):
        if self.kwargs["by"] == "partner":
            return _("Cost of exchange by partner")
        return _("Cost of exchange by country and region")

    def file_name(self):
        return f"costs_{self.kwargs['by']}_{period_slug(self.period)}"

    def table(self):
        return cost_table(self.period, self.filters, self.kwargs["by"])

    def get_context_data(self, **kwargs):
        return super().get_context_data(by=self.kwargs["by"], costs=COST_DIMENSIONS, **kwargs)
