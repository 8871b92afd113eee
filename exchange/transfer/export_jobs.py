"""The partner and shipment lists' downloads as jobs, when they have more rows than
JOBS_SYNC_ROWS: the same export functions as the synchronous download, with the
list's filters (its query string), so the file is the same."""

from django.http import QueryDict
from django.utils.translation import gettext as _

from exchange.jobs.runner import Outcome, job_function
from exchange.transfer.exports import (
    export_filename,
    export_partners,
    export_shipments,
    shipment_row_count,
)
from partners.filters import PartnerFilter
from partners.models import Partner
from shipments.filters import ShipmentFilter
from shipments.models import Shipment


def partners_of(query: str):
    return PartnerFilter(QueryDict(query), queryset=Partner.objects.all()).qs


def shipments_of(query: str):
    return ShipmentFilter(QueryDict(query), queryset=Shipment.objects.all()).qs


def partner_rows(query: str) -> int:
    return partners_of(query).count()


def shipment_rows(query: str) -> int:
    return shipment_row_count(shipments_of(query))


@job_function
def export_list(job, progress, *, entity: str, query: str, fmt: str) -> Outcome:
    if entity == "partners":
        records = partners_of(query)
        progress(0, records.count(), force=True)
        content = export_partners(records, fmt, user=job.owner, progress=progress)
    else:
        records = shipments_of(query)
        progress(0, shipment_row_count(records), force=True)
        content = export_shipments(records, fmt, user=job.owner, progress=progress)
    return Outcome(
        content=content,
        file_name=export_filename(entity, fmt),
        file_format=fmt,
        summary=_("%(rows)s rows exported.") % {"rows": f"{progress.done:,}"},
    )


def list_label(entity: str, fmt: str) -> str:
    names = {"partners": _("Partners"), "shipments": _("Shipments")}
    return _("%(list)s, all rows (%(format)s)") % {"list": names[entity], "format": fmt.upper()}
