"""A report of more partners than JOBS_SYNC_ROWS is downloaded through a job: the file
is the synchronous download's."""

import io
import zipfile

import pytest
from django.urls import reverse

from exchange.jobs.files import file_content
from exchange.jobs.models import Job
from tests.factories import ItemFactory, PartnerFactory, sent
from tests.i18n_helpers import chinese

pytestmark = pytest.mark.django_db


@pytest.fixture
def partners(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    import datetime

    for n in range(4):
        partner = PartnerFactory(code=f"GB-P{n}", country="GB", kind="public")
        ItemFactory(shipment=sent(partner, datetime.date(2025, 3, n + 1)), quantity=n + 1)
    PartnerFactory(code="JP-NDL", country="JP")


def sheets(xlsx: bytes) -> dict:
    with zipfile.ZipFile(io.BytesIO(xlsx)) as archive:
        return {n: archive.read(n) for n in archive.namelist() if "sheet1" in n}


@pytest.mark.parametrize(
    ("name", "kwargs"),
    [("exchange:report_balance", {}), ("exchange:report_costs", {"by": "partner"})],
)
def test_a_long_report_is_made_by_a_job_equal_to_the_download(
    head_client, settings, partners, name, kwargs
):
    query = {"period": "all", "country": "GB", "sort": "-items_sent"}
    url = reverse(name, kwargs={**kwargs, "fmt": "csv"})
    at_once = head_client.get(url, query)
    assert at_once.status_code == 200 and not Job.objects.exists()
    settings.JOBS_SYNC_ROWS = 3
    response = head_client.get(url, query)
    job = Job.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/jobs/{job.pk}/"
    assert job.state == Job.State.DONE and job.rows_total == 4 and job.kind == "report"
    assert file_content(job) == at_once.content
    assert at_once["Content-Disposition"] == f'attachment; filename="{job.file_name}"'


def test_a_long_report_as_xlsx_in_chinese_is_the_same_workbook(head_client, settings, partners):
    url = reverse("exchange:report_balance", kwargs={"fmt": "xlsx"})
    client = chinese(head_client)
    at_once = client.get(url, {"period": "all"})
    settings.JOBS_SYNC_ROWS = 3
    client.get(url, {"period": "all"})
    job = Job.objects.get()
    assert job.language == "zh-hans"
    assert sheets(file_content(job)) == sheets(at_once.content)


def test_a_short_filter_of_a_long_report_is_downloaded_at_once(head_client, settings, partners):
    settings.JOBS_SYNC_ROWS = 3
    url = reverse("exchange:report_balance", kwargs={"fmt": "csv"})
    assert head_client.get(url, {"period": "all", "country": "JP"}).status_code == 200
    assert not Job.objects.exists()


def test_the_small_reports_are_never_jobs(head_client, settings, partners):
    settings.JOBS_SYNC_ROWS = 0
    url = reverse("exchange:report_summary", kwargs={"by": "country", "fmt": "csv"})
    assert head_client.get(url, {"period": "all"}).status_code == 200
    assert not Job.objects.exists()
