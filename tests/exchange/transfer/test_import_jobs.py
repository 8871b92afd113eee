"""A long file imported through the web as jobs: the preview read by a job, then the
confirmation, with the import's summary or its problems as the job's result."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from exchange.jobs.models import Job
from exchange.rates.models import ExchangeRate
from exchange.transfer.models import PendingImport
from tests.exchange.import_files import csv_bytes

pytestmark = pytest.mark.django_db

RATES = ["currency", "valid_from", "rate"]


@pytest.fixture
def long_files(settings):
    settings.JOBS_SYNC_ROWS = 2
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


def rates_file(rows):
    return SimpleUploadedFile("rates.csv", csv_bytes(RATES, rows))


GOOD = [["USD", f"2024-01-{day:02}", "7.1"] for day in range(1, 6)]


def test_a_long_file_is_previewed_then_imported_by_jobs(admin_client, long_files):
    response = admin_client.post(reverse("exchange:import_rates"), {"file": rates_file(GOOD)})
    preview_job = Job.objects.get()
    pending = PendingImport.objects.get()
    assert response["Location"] == reverse("jobs:detail", args=[preview_job.pk])
    assert preview_job.state == Job.State.DONE and preview_job.rows_total == 6
    assert preview_job.next_url == reverse("exchange:import_preview", args=[pending.pk])
    assert pending.preview["ok"] and not ExchangeRate.objects.exists()
    page = admin_client.get(preview_job.next_url).content.decode()
    assert "2024-01-05" in page

    response = admin_client.post(reverse("exchange:import_confirm", args=[pending.pk]))
    confirm_job = Job.objects.latest("pk")
    assert response["Location"] == reverse("jobs:detail", args=[confirm_job.pk])
    assert confirm_job.state == Job.State.DONE and confirm_job.summary
    assert ExchangeRate.objects.count() == 5
    assert not PendingImport.objects.exists()
    page = admin_client.get(response["Location"]).content.decode()
    assert confirm_job.summary in page and reverse("rates:list") in page


def test_a_long_file_with_problems_fails_to_import_with_its_problems(admin_client, long_files):
    bad = [*GOOD, ["USD", "2024-02-01", "-1"]]
    admin_client.post(reverse("exchange:import_rates"), {"file": rates_file(bad)})
    pending = PendingImport.objects.get()
    assert not pending.preview["ok"]
    admin_client.post(reverse("exchange:import_confirm", args=[pending.pk]))
    job = Job.objects.latest("pk")
    assert job.state == Job.State.FAILED and job.problems
    assert not ExchangeRate.objects.exists()
    assert "row 7" in job.problems[0]
    page = admin_client.get(reverse("jobs:detail", args=[job.pk])).content.decode()
    assert job.problems[0] in page
    assert reverse("exchange:import_preview", args=[pending.pk]) in page


def test_a_short_file_is_previewed_at_once(admin_client, settings):
    response = admin_client.post(reverse("exchange:import_rates"), {"file": rates_file(GOOD)})
    assert response["Location"].startswith("/programme/import/")
    assert not Job.objects.exists()
    assert PendingImport.objects.get().preview is not None


def test_another_users_upload_is_not_confirmed_by_a_job(
    admin_client, long_files, django_user_model
):
    from exchange.jobs.services import start_job
    from exchange.transfer.import_jobs import import_confirm

    admin_client.post(reverse("exchange:import_rates"), {"file": rates_file(GOOD)})
    other = django_user_model.objects.create_user("other")
    job = start_job(
        user=other,
        kind="import",
        label="x",
        task=import_confirm,
        pending=PendingImport.objects.get().pk,
    )
    assert job.state == Job.State.FAILED and "upload the file again" in job.error
    assert not ExchangeRate.objects.exists()
