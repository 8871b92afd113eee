"""Acknowledging many shipments at once (shipments.bulk): each through shipment_step,
in one transaction; what was done, what was refused and why."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from shipments import services
from shipments.bulk import shipments_acknowledge
from shipments.models import Shipment
from shipments.steps import ShipmentEvent
from tests.factories import PartnerFactory, ShipmentFactory, received, sent

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()
DAY = datetime.timedelta(days=1)
LONG_AGO = TODAY - 200 * DAY


@pytest.fixture
def backlog():
    """Two of ours awaiting acknowledgement, one of theirs received; a draft, an
    acknowledged one and an expected one that cannot be acknowledged."""
    partner = PartnerFactory(code="GB-BL")
    return {
        "dispatched": sent(partner, LONG_AGO, reference="OUT-2026-00010"),
        "delivered": sent(
            partner, LONG_AGO, reference="OUT-2026-00011", status="delivered", delivered_on=LONG_AGO
        ),
        "received": received(partner, LONG_AGO, reference="IN-2026-00010"),
        "draft": ShipmentFactory(partner=partner, reference="OUT-2026-00012"),
        "acknowledged": sent(
            partner,
            LONG_AGO,
            reference="OUT-2026-00013",
            status="acknowledged",
            acknowledged_on=LONG_AGO,
        ),
        "expected": ShipmentFactory(
            partner=partner, direction="incoming", status="expected", reference="IN-2026-00011"
        ),
    }


def ids(*shipments):
    return [s.pk for s in shipments]


def test_it_acknowledges_ours_and_confirms_theirs_and_refuses_the_rest_with_reasons(
    backlog, staff_user
):
    result = shipments_acknowledge(ids=ids(*backlog.values()), on=TODAY, user=staff_user)

    assert [s.reference for s in result.done] == [
        "IN-2026-00010",
        "OUT-2026-00010",
        "OUT-2026-00011",
    ]
    refused = {r.shipment.reference: r.reason for r in result.refused}
    assert set(refused) == {"OUT-2026-00012", "OUT-2026-00013", "IN-2026-00011"}
    assert "draft" in refused["OUT-2026-00012"]
    assert refused["OUT-2026-00013"] == f"Already acknowledged, on {LONG_AGO.isoformat()}."
    assert "expected" in refused["IN-2026-00011"]
    statuses = dict(Shipment.objects.values_list("reference", "status"))
    assert statuses["OUT-2026-00010"] == statuses["IN-2026-00010"] == "acknowledged"
    assert statuses["OUT-2026-00012"] == "draft"
    assert statuses["IN-2026-00011"] == "expected"


def test_each_shipment_history_records_the_step_as_the_single_action_does(backlog, staff_user):
    shipment = backlog["dispatched"]
    shipments_acknowledge(ids=[shipment.pk], on=TODAY, user=staff_user, note="batch of May")

    shipment.refresh_from_db()
    assert (shipment.status, shipment.acknowledged_on, shipment.version) == (
        "acknowledged",
        TODAY,
        2,
    )
    event = ShipmentEvent.objects.get(shipment=shipment)
    assert (event.status, event.on, event.user, event.note) == (
        "acknowledged",
        TODAY,
        staff_user,
        "batch of May",
    )
    latest = shipment.history.first()
    assert (latest.status, latest.history_user) == ("acknowledged", staff_user)
    assert (
        backlog["draft"].history.count() == 0 or backlog["draft"].history.first().status == "draft"
    )


def test_a_date_before_the_dispatch_or_in_the_future_is_refused_per_shipment(backlog, staff_user):
    late = sent(PartnerFactory(), TODAY - DAY, reference="OUT-2026-00020")
    result = shipments_acknowledge(
        ids=ids(late, backlog["dispatched"]), on=TODAY - 2 * DAY, user=staff_user
    )
    assert [s.reference for s in result.done] == ["OUT-2026-00010"]
    assert [r.shipment.reference for r in result.refused] == ["OUT-2026-00020"]
    assert "before" in result.refused[0].reason

    future = shipments_acknowledge(ids=ids(backlog["delivered"]), on=TODAY + DAY, user=staff_user)
    assert future.done == [] and "future" in future.refused[0].reason


def test_a_shipment_changed_since_it_was_chosen_is_refused(backlog, staff_user):
    shipment = backlog["dispatched"]
    Shipment.objects.filter(pk=shipment.pk).update(version=5)

    result = shipments_acknowledge(
        ids=[shipment.pk], on=TODAY, user=staff_user, versions={shipment.pk: 1}
    )

    assert result.done == []
    assert "changed by someone else" in result.refused[0].reason
    assert Shipment.objects.get(pk=shipment.pk).status == "dispatched"


def test_an_error_on_any_shipment_writes_nothing_at_all(backlog, staff_user, monkeypatch):
    real_create = ShipmentEvent.objects.create
    calls = []

    def failing_create(**kwargs):
        calls.append(kwargs)
        if len(calls) == 2:
            raise RuntimeError("disk full")
        return real_create(**kwargs)

    monkeypatch.setattr(ShipmentEvent.objects, "create", failing_create)
    chosen = ids(backlog["dispatched"], backlog["delivered"], backlog["received"])

    with pytest.raises(RuntimeError):
        shipments_acknowledge(ids=chosen, on=TODAY, user=staff_user)

    assert not Shipment.objects.filter(pk__in=chosen, status="acknowledged").exists()
    assert not ShipmentEvent.objects.exists()


def test_the_single_step_is_the_service_called(backlog, staff_user, monkeypatch):
    called = []
    real = services.shipment_step

    def spy(**kwargs):
        called.append(kwargs["shipment"].reference)
        return real(**kwargs)

    monkeypatch.setattr("shipments.bulk.shipment_step", spy)
    shipments_acknowledge(ids=ids(backlog["dispatched"], backlog["received"]), on=TODAY)
    assert sorted(called) == ["IN-2026-00010", "OUT-2026-00010"]


@pytest.mark.parametrize("n", [1, 11])
def test_each_more_shipment_costs_only_its_three_writes(staff_user, n):
    partner = PartnerFactory()
    chosen = [sent(partner, LONG_AGO).pk for _ in range(n)]
    with CaptureQueriesContext(connection) as queries:
        shipments_acknowledge(ids=chosen, on=TODAY, user=staff_user)
    # The transaction (savepoint, release) and one query locking and loading every
    # shipment with its partner; then per shipment only its UPDATE, its historical
    # record and its status event.
    assert len(queries) == 3 + 3 * n
