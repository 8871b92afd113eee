"""The jobs pages as each role: the owner sees theirs, administrators every one, others
nothing (404); the progress as JSON; the download; cancelling."""

import pytest
from django.urls import reverse

from exchange.jobs.health import beat
from exchange.jobs.models import Job
from exchange.jobs.services import start_job
from tests.exchange.jobs.sample import count_to


@pytest.fixture
def done_job(immediate, staff_user):
    return start_job(user=staff_user, kind="export", label="Numbers to five", task=count_to, n=5)


@pytest.fixture
def waiting_job(staff_user):
    return start_job(user=staff_user, kind="export", label="Numbers to three", task=count_to, n=3)


def test_my_jobs_lists_the_owners_jobs_only(clients, done_job):
    assert "Numbers to five" in clients["staff"].get(reverse("jobs:list")).content.decode()
    assert "Numbers to five" not in clients["head"].get(reverse("jobs:list")).content.decode()
    page = clients["admin"].get(reverse("jobs:list")).content.decode()
    assert "Numbers to five" in page and "Li Wei" in page  # every user's, with who
    assert clients["anonymous"].get(reverse("jobs:list")).status_code == 302


def test_my_jobs_pins_its_queries(staff_client, done_job, django_assert_num_queries):
    # session, user, permissions and groups, the count, the jobs
    with django_assert_num_queries(5):
        staff_client.get(reverse("jobs:list"))


@pytest.mark.parametrize(
    ("role", "status"), [("anonymous", 302), ("staff", 200), ("head", 404), ("admin", 200)]
)
def test_a_jobs_page_is_its_owners_and_the_administrators(clients, done_job, role, status):
    for name in ("jobs:detail", "jobs:status", "jobs:download"):
        response = clients[role].get(reverse(name, args=[done_job.pk]))
        assert response.status_code == status, name


def test_a_finished_jobs_page_offers_its_file(staff_client, done_job):
    page = staff_client.get(reverse("jobs:detail", args=[done_job.pk])).content.decode()
    assert reverse("jobs:download", args=[done_job.pk]) in page
    assert "Counted to 5." in page and "5 of 5 rows" in page
    assert 'value="5"' in page
    assert "job-progress.js" not in page and "refresh" not in page
    download = staff_client.get(reverse("jobs:download", args=[done_job.pk]))
    assert b"".join(download.streaming_content) == b"0,1,2,3,4"
    assert download["Content-Disposition"] == 'attachment; filename="count.csv"'


def test_a_running_jobs_page_follows_its_progress(staff_client, waiting_job):
    Job.objects.filter(pk=waiting_job.pk).update(state="running", rows_done=2, rows_total=3)
    page = staff_client.get(reverse("jobs:detail", args=[waiting_job.pk])).content.decode()
    assert 'max="3" value="2"' in page and "2 of 3 rows" in page
    assert "js/job-progress.js" in page
    assert '<noscript><meta http-equiv="refresh" content="2"></noscript>' in page
    assert reverse("jobs:status", args=[waiting_job.pk]) in page
    assert "Cancel the job" in page
    progress = staff_client.get(reverse("jobs:status", args=[waiting_job.pk])).json()
    assert progress == {
        "state": "running",
        "state_label": "Running",
        "finished": False,
        "rows_done": 2,
        "rows_total": 3,
        "percent": 66,
        "text": "2 of 3 rows",
    }


def test_a_waiting_job_without_a_worker_says_so(staff_client, waiting_job):
    url = reverse("jobs:detail", args=[waiting_job.pk])
    assert "No worker is running" in staff_client.get(url).content.decode()
    beat("w1")
    assert "No worker is running" not in staff_client.get(url).content.decode()


def test_a_failed_jobs_page_says_why(immediate, staff_client, staff_user):
    job = start_job(user=staff_user, kind="export", label="N", task=count_to, n=3, fail_at=2)
    page = staff_client.get(reverse("jobs:detail", args=[job.pk])).content.decode()
    assert "The job failed." in page and "ZeroDivisionError" in page
    assert reverse("jobs:download", args=[job.pk]) not in page


@pytest.mark.parametrize(
    ("role", "status", "cancelled"),
    [("anonymous", 302, False), ("staff", 302, True), ("head", 404, False), ("admin", 302, True)],
)
def test_cancelling_a_job(clients, waiting_job, role, status, cancelled):
    response = clients[role].post(reverse("jobs:cancel", args=[waiting_job.pk]))
    assert response.status_code == status
    waiting_job.refresh_from_db()
    assert (waiting_job.state == Job.State.CANCELLED) is cancelled
    assert clients[role].get(reverse("jobs:cancel", args=[waiting_job.pk])).status_code in (
        302,
        404,
        405,
    )


def test_a_cancelled_job_says_so(staff_client, waiting_job):
    response = staff_client.post(reverse("jobs:cancel", args=[waiting_job.pk]), follow=True)
    page = response.content.decode()
    assert "The job is cancelled." in page and "nothing of it was kept" in page


def test_a_running_job_does_not_say_no_worker_runs(staff_client, waiting_job):
    Job.objects.filter(pk=waiting_job.pk).update(state="running")
    page = staff_client.get(reverse("jobs:detail", args=[waiting_job.pk])).content.decode()
    assert "No worker is running" not in page
