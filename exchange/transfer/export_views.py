"""Downloads of the partner and shipment lists (with the lists' filters) and of the
rates, in the import files' columns, CSV or XLSX."""

from django.conf import settings
from django.contrib import admin
from django.http import Http404
from django.shortcuts import redirect
from django.utils.translation import gettext_lazy
from django.views import View

from exchange.core.permissions import RoleRequiredMixin
from exchange.core.tables import CONTENT_TYPES
from exchange.core.views import file_response
from exchange.jobs.services import start_job
from exchange.rates.models import ExchangeRate
from exchange.transfer.export_jobs import export_list, list_label
from exchange.transfer.exports import (
    export_filename,
    shipment_row_count,
    stream_partners,
    stream_rates,
    stream_shipments,
)
from partners.filters import PartnerFilter
from partners.models import Partner
from shipments.filters import ShipmentFilter
from shipments.models import Shipment


def requested_format(request) -> str:
    fmt = request.GET.get("format", "csv")
    if fmt not in CONTENT_TYPES:
        raise Http404
    return fmt


def as_job(request, entity: str, fmt: str):
    """A list too long to download at once: exported by a job, whose page shows it."""
    job = start_job(
        user=request.user,
        kind="export",
        label=list_label(entity, fmt),
        task=export_list,
        entity=entity,
        query=request.GET.urlencode(),
        fmt=fmt,
    )
    return redirect("jobs:detail", pk=job.pk)


class PartnerExportView(RoleRequiredMixin, View):
    """The partner list's rows (same filters) in the import's columns."""

    permission_required = "partners.view_partner"

    def get(self, request):
        fmt = requested_format(request)
        partners = PartnerFilter(request.GET, queryset=Partner.objects.all()).qs
        if partners.count() > settings.JOBS_SYNC_ROWS:
            return as_job(request, "partners", fmt)
        content = stream_partners(partners, fmt, user=request.user)
        return file_response(content, fmt, export_filename("partners", fmt))


class ShipmentExportView(RoleRequiredMixin, View):
    """The shipment list's rows (same filters), one row per item, in the import's columns."""

    permission_required = "shipments.view_shipment"

    def get(self, request):
        fmt = requested_format(request)
        shipments = ShipmentFilter(request.GET, queryset=Shipment.objects.all()).qs
        if shipment_row_count(shipments) > settings.JOBS_SYNC_ROWS:
            return as_job(request, "shipments", fmt)
        content = stream_shipments(shipments, fmt, user=request.user)
        return file_response(content, fmt, export_filename("shipments", fmt))


@admin.action(description=gettext_lazy("Export the selected rates (CSV)"))
def export_rates_csv(modeladmin, request, queryset):
    content = stream_rates(queryset, "csv", user=request.user)
    return file_response(content, "csv", export_filename("rates", "csv"))


@admin.action(description=gettext_lazy("Export the selected rates (XLSX)"))
def export_rates_xlsx(modeladmin, request, queryset):
    content = stream_rates(queryset, "xlsx", user=request.user)
    return file_response(content, "xlsx", export_filename("rates", "xlsx"))


class RateExportView(RoleRequiredMixin, View):
    permission_required = "exchange.view_exchangerate"

    def get(self, request):
        fmt = requested_format(request)
        content = stream_rates(ExchangeRate.objects.all(), fmt, user=request.user)
        return file_response(content, fmt, export_filename("rates", fmt))
