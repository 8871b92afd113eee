"""Uploads waiting for confirmation: previewed once, a few per user, purged."""

import datetime
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from exchange.transfer.kinds import ImportKind
from exchange.transfer.models import PendingImport
from tests.exchange.transfer import hostile_files as hostile
from tests.exchange.transfer.views_helpers import preview_url, shipments_file, upload

pytestmark = pytest.mark.django_db


def test_the_preview_is_worked_out_once_at_upload_not_at_every_view(staff_client, monkeypatch):
    response = upload(staff_client, "shipments", shipments_file())
    runs = []
    original = ImportKind.run
    monkeypatch.setattr(ImportKind, "run", lambda *a, **k: runs.append(1) or original(*a, **k))
    for _view in range(3):
        assert staff_client.get(preview_url(response)).status_code == 200
    assert runs == []


def test_each_user_keeps_the_last_few_uploads(staff_client, staff_user, settings):
    settings.EXCHANGE_IMPORT_PENDING_PER_USER = 3
    for n in range(5):
        upload(staff_client, "shipments", shipments_file(name=f"list-{n}.csv"))
    kept = PendingImport.objects.filter(user=staff_user).order_by("created_at")
    assert [p.file_name for p in kept] == ["list-2.csv", "list-3.csv", "list-4.csv"]


def test_the_purge_deletes_uploads_older_than_the_setting(staff_client, settings):
    settings.EXCHANGE_IMPORT_PENDING_HOURS = 2
    upload(staff_client, "shipments", shipments_file(name="old.csv"))
    upload(staff_client, "shipments", shipments_file(name="new.csv"))
    PendingImport.objects.filter(file_name="old.csv").update(
        created_at=timezone.now() - datetime.timedelta(hours=3)
    )
    call_command("purge_imports", stdout=io.StringIO())
    assert list(PendingImport.objects.values_list("file_name", flat=True)) == ["new.csv"]


def test_a_broken_workbook_uploaded_is_one_problem_on_the_preview(admin_client):
    response = upload(
        admin_client, "partners", SimpleUploadedFile("p.xlsx", hostile.truncated_sheet())
    )
    page = admin_client.get(preview_url(response))
    assert page.status_code == 200
    assert "The file is not an Excel workbook (.xlsx) that can be read." in page.content.decode()


def test_the_import_page_shows_the_limits(admin_client, settings):
    settings.EXCHANGE_IMPORT_MAX_ROWS = 12345
    page = admin_client.get(reverse("exchange:import_partners")).content.decode()
    assert "12,345 rows" in page
