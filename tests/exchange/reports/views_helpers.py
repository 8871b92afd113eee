"""The reports' addresses in every format, for the report pages' tests."""

import datetime

from django.urls import reverse

D = datetime.date
FORMATS = ("", "print", "csv", "xlsx")
REPORTS = {
    "balance": ("exchange:report_balance", {}),
    "partner": ("exchange:report_partner", {"code": "GB-BL"}),
    "summary_country": ("exchange:report_summary", {"by": "country"}),
    "summary_region": ("exchange:report_summary", {"by": "region"}),
    "summary_subregion": ("exchange:report_summary", {"by": "subregion"}),
    "summary_kind": ("exchange:report_summary", {"by": "kind"}),
    "trends": ("exchange:report_trends", {}),
    "costs_partner": ("exchange:report_costs", {"by": "partner"}),
    "costs_country": ("exchange:report_costs", {"by": "country"}),
}


def url(report: str, fmt: str = "", query: str = "") -> str:
    name, kwargs = REPORTS[report]
    path = reverse(name, kwargs={**kwargs, **({"fmt": fmt} if fmt else {})})
    return f"{path}?{query}" if query else path
