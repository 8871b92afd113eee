"""The reports, under programme/reports/ in the exchange namespace.

Each report has its page at `…/` and, with the same query string, its print view and
downloads at `…/print/`, `…/csv/` and `…/xlsx/` (the same URL name, with `fmt`).
"""

from django.urls import path, register_converter

from exchange.reports import views as views


class Choice:
    """A path segment from a fixed list."""

    def __init__(self, *values):
        self.regex = "|".join(values)

    def to_python(self, value):
        return value

    def to_url(self, value):
        return value


class FormatConverter(Choice):
    def __init__(self):
        super().__init__("print", "csv", "xlsx")


class SummaryConverter(Choice):
    def __init__(self):
        super().__init__("country", "region", "subregion", "kind")


class CostConverter(Choice):
    def __init__(self):
        super().__init__("partner", "country")


register_converter(FormatConverter, "report_format")
register_converter(SummaryConverter, "summary")
register_converter(CostConverter, "cost")

urlpatterns = [
    path("", views.ReportsIndexView.as_view(), name="reports"),
    path("balance/", views.BalanceReportView.as_view(), name="report_balance"),
    path(
        "balance/<report_format:fmt>/",
        views.BalanceReportView.as_view(),
        name="report_balance",
    ),
    path("partner/", views.PartnerLookupView.as_view(), name="report_partner_lookup"),
    path("partner/<str:code>/", views.PartnerReportView.as_view(), name="report_partner"),
    path(
        "partner/<str:code>/<report_format:fmt>/",
        views.PartnerReportView.as_view(),
        name="report_partner",
    ),
    path("summary/<summary:by>/", views.SummaryReportView.as_view(), name="report_summary"),
    path(
        "summary/<summary:by>/<report_format:fmt>/",
        views.SummaryReportView.as_view(),
        name="report_summary",
    ),
    path("trends/", views.TrendsReportView.as_view(), name="report_trends"),
    path("trends/<report_format:fmt>/", views.TrendsReportView.as_view(), name="report_trends"),
    path("costs/<cost:by>/", views.CostReportView.as_view(), name="report_costs"),
    path(
        "costs/<cost:by>/<report_format:fmt>/",
        views.CostReportView.as_view(),
        name="report_costs",
    ),
]
