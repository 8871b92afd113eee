"""The whole demo shipment list exported as a job: started from the shipment list, its
progress bar seen moving, the workbook downloaded and equal to the synchronous export."""

import io
import threading
import time
import zipfile

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import connections

from exchange.jobs.health import beat
from exchange.jobs.models import Job
from exchange.jobs.runner import run
from exchange.transfer import exports
from shipments.models import Shipment
from tests.e2e.conftest import sign_in

pytestmark = pytest.mark.e2e


@pytest.fixture
def worker(live_server):
    """A job worker in a thread of this process, with a connection of its own to the
    live server's database (a file: tests/e2e/conftest.py)."""
    stop = threading.Event()

    def work():
        try:
            while not stop.is_set():
                beat("e2e")
                for pk in list(Job.objects.filter(state="queued").values_list("pk", flat=True)):
                    run(pk, worker="e2e")
                stop.wait(0.2)
        finally:
            connections.close_all()

    thread = threading.Thread(target=work, daemon=True)
    thread.start()
    yield
    stop.set()
    thread.join(timeout=30)


@pytest.fixture
def demo():
    """The whole demo (`seed_demo`, as `make run` loads it): some 22,000 shipments."""
    call_command("seed_demo", stdout=io.StringIO())


def bar(page) -> tuple[int, int]:
    return page.eval_on_selector("progress", "e => [Number(e.value), Number(e.max)]")


def bar_past(page, done: int, seconds: float = 15) -> tuple[int, int]:
    """The bar once past `done` rows (read as the page shows it, polled by its script)."""
    until = time.monotonic() + seconds
    while (value := bar(page))[0] <= done and time.monotonic() < until:
        page.wait_for_timeout(200)
    return value


def sheets(content: bytes) -> dict:
    """A workbook's parts but its properties (which carry the time it was written)."""
    with zipfile.ZipFile(io.BytesIO(content)) as workbook:
        return {
            name: workbook.read(name) for name in workbook.namelist() if name != "docProps/core.xml"
        }


def test_the_whole_demo_shipment_list_exports_as_a_job_with_a_moving_progress_bar(
    page, screenshot, staff_user, demo, worker
):
    shipments = Shipment.objects.count()
    assert shipments > settings.JOBS_SYNC_ROWS
    expected = sheets(exports.export_shipments(Shipment.objects.all(), "xlsx"))
    sign_in(page, "staff")
    page.goto("/shipments/export/?format=xlsx")
    page.wait_for_url("**/jobs/*/")
    assert page.locator("h1").inner_text() == "Shipments, all rows (XLSX)"
    first = bar_past(page, 0)
    screenshot(page, "jobs-1-export-started")
    second = bar_past(page, first[0])
    screenshot(page, "jobs-2-export-moving")
    # The bar counts the file's rows: one per item (a shipment without items, one).
    rows = first[1]
    assert rows == second[1] > shipments and 0 < first[0] < second[0] < rows
    assert "No worker is running" not in page.inner_text("main")
    page.get_by_role("link", name="Download").wait_for(timeout=60_000)
    screenshot(page, "jobs-3-export-done")
    assert f"{rows:,} rows exported." in page.inner_text("main")
    with page.expect_download() as download:
        page.get_by_role("link", name="Download").click()
    with open(download.value.path(), "rb") as file:
        assert sheets(file.read()) == expected
    page.goto("/jobs/")
    assert "Done" in page.inner_text("table")
