"""A long export as a job: started from the shipment list, its progress bar seen
moving, the file downloaded and equal to the synchronous export."""

import threading
import time

import pytest
from django.db import connections

from exchange.jobs.health import beat
from exchange.jobs.models import Job
from exchange.jobs.runner import run
from exchange.transfer import exports
from shipments.items import ShipmentItem
from shipments.models import Shipment
from tests.e2e.conftest import sign_in
from tests.factories import PartnerFactory

pytestmark = pytest.mark.e2e

ROWS = 240


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
def long_list(settings, monkeypatch):
    """A list past JOBS_SYNC_ROWS, each row taking a little while, so the bar moves."""
    settings.JOBS_SYNC_ROWS = 50
    partner = PartnerFactory(code="GB-BL", country="GB")
    shipments = Shipment.objects.bulk_create(
        Shipment(
            reference=f"OUT-2026-{n:05}", direction="outgoing", partner=partner, status="draft"
        )
        for n in range(ROWS)
    )
    ShipmentItem.objects.bulk_create(
        ShipmentItem(shipment=shipment, title=f"Book {n}", quantity=1, material_type="monograph")
        for n, shipment in enumerate(shipments)
    )
    real = exports.reporting

    def slowly(items, progress=None, total=None, every=1):
        # Every row told, and each a little slow: the job writes its progress once a second.
        for row in real(items, progress, total, every=1):
            if progress is not None:
                time.sleep(0.03)
            yield row

    monkeypatch.setattr(exports, "reporting", slowly)


def bar(page) -> tuple[int, int]:
    return page.eval_on_selector("progress", "e => [Number(e.value), Number(e.max)]")


def bar_past(page, done: int, seconds: float = 15) -> tuple[int, int]:
    """The bar once past `done` rows (read as the page shows it, polled by its script)."""
    until = time.monotonic() + seconds
    while (value := bar(page))[0] <= done and time.monotonic() < until:
        page.wait_for_timeout(200)
    return value


def test_a_long_export_runs_as_a_job_with_a_moving_progress_bar(
    page, screenshot, staff_user, long_list, worker
):
    expected = exports.export_shipments(Shipment.objects.all())
    sign_in(page, "staff")
    page.goto("/shipments/export/?format=csv")
    page.wait_for_url("**/jobs/*/")
    assert page.locator("h1").inner_text() == "Shipments, all rows (CSV)"
    first = bar_past(page, 0)
    screenshot(page, "jobs-1-export-started")
    second = bar_past(page, first[0] + 20)
    screenshot(page, "jobs-2-export-moving")
    assert first[1] == second[1] == ROWS and 0 < first[0] < second[0] < ROWS
    assert "No worker is running" not in page.inner_text("main")
    page.get_by_role("link", name="Download").wait_for(timeout=30_000)
    screenshot(page, "jobs-3-export-done")
    assert f"{ROWS} rows exported." in page.inner_text("main")
    with page.expect_download() as download:
        page.get_by_role("link", name="Download").click()
    with open(download.value.path(), "rb") as file:
        assert file.read() == expected
    page.goto("/jobs/")
    assert "Done" in page.inner_text("table")
