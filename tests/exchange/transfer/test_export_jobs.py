"""A list longer than JOBS_SYNC_ROWS is exported by a job: the same file as the
synchronous export, its progress counted in rows."""

import io
import zipfile

import pytest
from django.urls import reverse

from exchange.jobs.files import file_content
from exchange.jobs.models import Job
from exchange.transfer.exports import export_partners, export_shipments
from partners.models import Partner
from shipments.models import Shipment
from tests.exchange.transfer.views_helpers import DAY
from tests.factories import ItemFactory, PartnerFactory, ShipmentFactory, sent

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("british_library_and_usd_rate")]


@pytest.fixture
def long_lists(settings):
    """Lists "long" past 3 rows; tasks run as they are queued."""
    settings.JOBS_SYNC_ROWS = 3
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    partner = Partner.objects.get(code="GB-BL")
    for n in range(3):
        shipment = sent(partner, DAY, reference=f"OUT-{n}")
        ItemFactory(shipment=shipment, title=f"=Book {n}")
        ItemFactory(shipment=shipment)
    ShipmentFactory(partner=partner, reference="OUT-EMPTY")  # one row without items
    for _ in range(3):
        PartnerFactory()


def members(xlsx: bytes) -> dict:
    """A workbook's parts, but for the time it was made."""
    with zipfile.ZipFile(io.BytesIO(xlsx)) as archive:
        return {n: archive.read(n) for n in archive.namelist() if n != "docProps/core.xml"}


def test_a_long_shipment_list_is_exported_by_a_job_equal_to_the_synchronous_file(
    staff_client, staff_user, long_lists
):
    response = staff_client.get(reverse("shipments:export"))
    job = Job.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/jobs/{job.pk}/"
    assert (job.owner, job.state, job.kind) == (staff_user, Job.State.DONE, "export")
    assert (job.rows_done, job.rows_total) == (7, 7)
    assert file_content(job) == export_shipments(Shipment.objects.all())
    download = staff_client.get(reverse("jobs:download", args=[job.pk]))
    assert b"".join(download.streaming_content) == export_shipments(Shipment.objects.all())
    assert job.file_name.startswith("shipments-") and job.file_name.endswith(".csv")
    assert "7 rows exported." in staff_client.get(response["Location"]).content.decode()


def test_the_job_keeps_the_lists_filters_and_format(head_client, long_lists):
    head_client.get(reverse("shipments:export"), {"status": "dispatched", "format": "xlsx"})
    job = Job.objects.get()
    expected = export_shipments(Shipment.objects.filter(status="dispatched"), "xlsx")
    assert job.rows_total == 6 and job.file_format == "xlsx"
    assert members(file_content(job)) == members(expected)


def test_a_long_partner_list_is_exported_by_a_job(head_client, long_lists):
    response = head_client.get(reverse("partners:export"))
    job = Job.objects.get()
    assert response.status_code == 302
    assert job.rows_total == Partner.objects.count() == 4
    assert file_content(job) == export_partners(Partner.objects.all())


def test_a_short_list_is_still_downloaded_at_once(head_client, long_lists):
    PartnerFactory(code="JP-NDL", country="JP")
    response = head_client.get(reverse("partners:export"), {"country": "jp"})
    assert response.status_code == 200
    assert response.getvalue() == export_partners(Partner.objects.filter(code="JP-NDL"))
    assert not Job.objects.exists()


def test_anonymous_users_start_no_export(anon_client, long_lists):
    assert anon_client.get(reverse("shipments:export")).status_code == 302
    assert not Job.objects.exists()
