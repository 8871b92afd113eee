"""Administrators rebuild the balance summary and back up the database as jobs."""

import pytest
from django.urls import reverse

from exchange.balance.models import BalanceSummary
from exchange.jobs.models import Job
from tests.factories import ItemFactory, PartnerFactory, sent


@pytest.fixture
def immediate(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


def test_an_administrator_rebuilds_the_summary_as_a_job(admin_client, immediate):
    import datetime

    ItemFactory(shipment=sent(PartnerFactory(), datetime.date(2025, 3, 1)))
    expected = BalanceSummary.objects.count()
    BalanceSummary.objects.all().delete()
    response = admin_client.post(reverse("maintenance"), {"action": "rebuild_summary"})
    job = Job.objects.get()
    assert response["Location"] == reverse("jobs:detail", args=[job.pk])
    assert job.state == Job.State.DONE and job.kind == "maintenance"
    assert BalanceSummary.objects.count() == expected > 0
    assert f"Rebuilt {expected} summary rows" in job.summary


def test_an_administrator_backs_up_the_database_as_a_job(
    admin_client, immediate, monkeypatch, tmp_path
):
    from exchange.audit import backups

    monkeypatch.setattr(backups, "default_path", lambda: tmp_path / "b.sqlite3")
    monkeypatch.setattr(backups, "backup", lambda path: path.write_bytes(b"x" * 10))
    admin_client.post(reverse("maintenance"), {"action": "backup"})
    job = Job.objects.get()
    assert job.state == Job.State.DONE and str(tmp_path / "b.sqlite3") in job.summary


@pytest.mark.parametrize(("role", "status"), [("staff", 403), ("head", 403), ("anonymous", 302)])
def test_only_administrators_start_maintenance(clients, role, status, immediate):
    response = clients[role].post(reverse("maintenance"), {"action": "rebuild_summary"})
    assert response.status_code == status
    assert not Job.objects.exists()


def test_the_page_offers_both(admin_client):
    page = admin_client.get(reverse("maintenance")).content.decode()
    assert 'value="rebuild_summary"' in page and 'value="backup"' in page
