"""The balance summary stays exact after bulk writes, raw SQL, seed_demo and concurrent writers."""

import io
import threading
import time
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.db import connection, connections, transaction

from exchange.balance.models import BalanceSummary, UnratedValue
from exchange.balance.totals import Period
from exchange.balance.unrated import missing_rates
from exchange.rates.models import ExchangeRate
from shipments.items import ShipmentItem
from shipments.models import Shipment
from tests.exchange.balance.summary_helpers import POSTGRESQL, D, assert_exact
from tests.factories import ItemFactory, PartnerFactory, RateFactory, sent

pytestmark = pytest.mark.django_db


def test_bulk_create_bulk_update_raw_delete_and_raw_sql_keep_it_exact(history):
    british = history["british"]
    shipments = Shipment.objects.bulk_create(
        Shipment(
            reference=f"OUT-BULK-{n}",
            direction="outgoing",
            partner=british,
            status="dispatched",
            dispatched_on=D(2024, 1, 1 + n),
        )
        for n in range(3)
    )
    ShipmentItem.objects.bulk_create(
        ShipmentItem(
            shipment=shipment, title="b", quantity=2, unit_value=Decimal("1.11"), currency="USD"
        )
        for shipment in shipments
    )
    assert_exact()
    for shipment in shipments:
        shipment.dispatched_on = D(2023, 12, 31)
    Shipment.objects.bulk_update(shipments, ["dispatched_on"])
    assert_exact()
    doomed = ShipmentItem.objects.filter(shipment__in=shipments[:2])
    doomed._raw_delete(doomed.db)
    assert_exact()
    with connection.cursor() as cursor:
        cursor.execute("UPDATE shipments_shipmentitem SET quantity = quantity + 1")
        cursor.execute("UPDATE exchange_exchangerate SET rate = rate * 2 WHERE currency = 'USD'")
        cursor.execute("DELETE FROM shipments_shipmentitem WHERE currency = 'EUR'")
        cursor.execute(
            "UPDATE shipments_shipment SET status = 'returned' WHERE reference = 'OUT-BULK-2'"
        )
    assert_exact()


def test_seed_demo_leaves_it_exact():
    call_command(
        "seed_demo",
        "--partners",
        "8",
        "--years",
        "2",
        "--scale",
        "0.2",
        "--until",
        "2026-06-30",
        stdout=io.StringIO(),
    )
    assert Shipment.objects.counted().exists()
    assert_exact([Period(), Period.year(2025), Period(D(2025, 3, 10), D(2026, 2, 14))])


def test_a_rate_deleted_after_the_fact_shows_as_missing_until_it_is_back(history):
    rate = ExchangeRate.objects.get(currency="EUR")
    rate.delete()
    assert missing_rates(Period()) == [("EUR", D(2024, 1, 3)), ("EUR", D(2024, 2, 5))]
    assert UnratedValue.objects.count() == 2
    assert_exact()
    RateFactory(currency="EUR", valid_from=D(2024, 1, 10), rate=Decimal("8"))
    assert missing_rates(Period()) == [("EUR", D(2024, 1, 3))]
    assert_exact()


@POSTGRESQL
@pytest.mark.django_db(transaction=True)
def test_a_truncate_recomputes_everything(history):
    with connection.cursor() as cursor:
        cursor.execute("TRUNCATE exchange_exchangerate")
    assert_exact()
    with connection.cursor() as cursor:
        cursor.execute("TRUNCATE shipments_shipmentitem")
    assert not BalanceSummary.objects.filter(items__gt=0).exists()
    assert_exact()


# Concurrent writers (PostgreSQL) ------------------------------------------------------


def _in_thread(work):
    """Run `work` in a thread of its own (its own connection and transaction)."""
    errors = []

    def run():
        try:
            with transaction.atomic():
                work()
        except Exception as error:  # pragma: no cover - reported below
            errors.append(error)
        finally:
            connections.close_all()

    thread = threading.Thread(target=run)
    thread.start()
    return thread, errors


@POSTGRESQL
@pytest.mark.django_db(transaction=True)
def test_an_item_added_while_its_shipment_moves_to_another_partner_lands_there(rates):
    first, second = PartnerFactory(code="AA-1"), PartnerFactory(code="BB-2")
    shipment = sent(first, D(2024, 1, 20))
    ItemFactory(shipment=shipment, quantity=1)
    with transaction.atomic():
        Shipment.objects.filter(pk=shipment.pk).update(partner=second)
        # Sees the shipment still with the first partner; waits for its lock.
        thread, errors = _in_thread(
            lambda: ShipmentItem.objects.create(shipment_id=shipment.pk, title="t", quantity=5)
        )
        time.sleep(0.5)
    thread.join(10)
    assert not errors
    assert_exact([Period()])
    assert BalanceSummary.objects.get(partner=second, year=0).items == 6


@POSTGRESQL
@pytest.mark.django_db(transaction=True)
def test_a_rate_changed_while_items_are_added_converts_them_at_the_new_rate(rates):
    partner = PartnerFactory(code="AA-1")
    shipment = sent(partner, D(2024, 2, 1))
    with transaction.atomic():
        ItemFactory(shipment=shipment, quantity=1, unit_value=Decimal("1"), currency="USD")
        thread, errors = _in_thread(
            lambda: ExchangeRate.objects.filter(valid_from=D(2024, 1, 15)).update(rate=Decimal("8"))
        )
        time.sleep(0.5)
    thread.join(10)
    assert not errors
    assert_exact([Period()])
    assert BalanceSummary.objects.get(partner=partner, year=0).value == 8 * 10**8
