"""After any random sequence of changes the balance summary equals a recomputation."""

from decimal import Decimal

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from exchange.balance.models import BalanceSummary
from exchange.rates.models import ExchangeRate
from shipments.items import ShipmentItem
from shipments.models import Shipment
from tests.exchange.balance.summary_helpers import D, assert_exact
from tests.factories import PartnerFactory, received, sent

pytestmark = pytest.mark.django_db


DAYS = st.dates(min_value=D(2023, 11, 20), max_value=D(2024, 3, 10))
CURRENCIES = st.sampled_from(["", "USD", "EUR", "GBP", "CNY"])
OPERATIONS = st.one_of(
    st.tuples(st.just("create"), st.integers(0, 2), st.booleans(), DAYS, st.integers(0, 3)),
    st.tuples(
        st.just("item"),
        st.integers(0, 99),
        st.integers(1, 4),
        CURRENCIES,
        st.sampled_from(["0", "0.01", "12.34", "99999.99"]),
    ),
    st.tuples(
        st.just("edit item"), st.integers(0, 99), st.integers(1, 5), st.integers(0, 900), CURRENCIES
    ),
    st.tuples(st.just("move item"), st.integers(0, 99), st.integers(0, 99)),
    st.tuples(st.just("delete item"), st.integers(0, 99)),
    st.tuples(
        st.just("step"),
        st.integers(0, 99),
        st.sampled_from(["count", "uncount", "lose", "acknowledge"]),
        DAYS,
    ),
    st.tuples(st.just("redate"), st.integers(0, 99), DAYS),
    st.tuples(st.just("repartner"), st.integers(0, 99), st.integers(0, 2)),
    st.tuples(st.just("delete shipment"), st.integers(0, 99)),
    st.tuples(
        st.just("add rate"),
        st.sampled_from(["USD", "EUR", "GBP"]),
        DAYS,
        st.sampled_from(["0.5", "7.1", "9.123456"]),
    ),
    st.tuples(st.just("rate value"), st.integers(0, 99), st.sampled_from(["0.1", "8.25"])),
    st.tuples(st.just("rate date"), st.integers(0, 99), DAYS),
    st.tuples(st.just("rate currency"), st.integers(0, 99), st.sampled_from(["USD", "GBP"])),
    st.tuples(st.just("delete rate"), st.integers(0, 99)),
    st.tuples(st.just("bulk"), st.sampled_from(["quantities", "statuses", "delete drafts"])),
)


def _pick(queryset, index):
    objects = list(queryset.order_by("pk"))
    return objects[index % len(objects)] if objects else None


def apply(operation, partners) -> None:
    kind, *args = operation
    shipments = Shipment.objects.all()
    if kind == "create":
        partner, outgoing, day, lines = partners[args[0]], args[1], args[2], args[3]
        maker = sent if outgoing else received
        shipment = maker(partner, day)
        ShipmentItem.objects.bulk_create(
            ShipmentItem(
                shipment=shipment,
                title=f"T{n}",
                quantity=n + 1,
                pages=10 * n,
                unit_value=Decimal(n),
                currency="USD" if n else "",
            )
            for n in range(lines)
        )
    elif kind == "item" and (shipment := _pick(shipments, args[0])):
        quantity, currency, value = args[1], args[2], Decimal(args[3])
        ShipmentItem.objects.create(
            shipment=shipment,
            title="x",
            quantity=quantity,
            pages=7,
            unit_value=value if currency else 0,
            currency=currency,
        )
    elif kind == "edit item" and (item := _pick(ShipmentItem.objects, args[0])):
        item.quantity, item.pages = args[1], args[2]
        if args[3] or not item.unit_value:
            item.currency = args[3]
        item.save()
    elif kind == "move item" and (item := _pick(ShipmentItem.objects, args[0])):
        ShipmentItem.objects.filter(pk=item.pk).update(shipment=_pick(shipments, args[1]))
    elif kind == "delete item" and (item := _pick(ShipmentItem.objects, args[0])):
        item.delete()
    elif kind == "step" and (shipment := _pick(shipments, args[0])):
        _step(shipment, args[1], args[2])
    elif kind == "redate" and (shipment := _pick(shipments.counted(), args[0])):
        field = "dispatched_on" if shipment.is_outgoing else "received_on"
        shipments.filter(pk=shipment.pk).update(**{field: args[1]})
    elif kind == "repartner" and (shipment := _pick(shipments, args[0])):
        shipment.partner = partners[args[1]]
        shipment.save(update_fields=["partner"])
    elif kind == "delete shipment" and (shipment := _pick(shipments, args[0])):
        shipment.delete()
    elif kind == "add rate":
        ExchangeRate.objects.update_or_create(
            currency=args[0], valid_from=args[1], defaults={"rate": Decimal(args[2])}
        )
    elif kind.startswith("rate ") and (rate := _pick(ExchangeRate.objects, args[0])):
        field = {"rate value": "rate", "rate date": "valid_from", "rate currency": "currency"}
        value = Decimal(args[1]) if kind == "rate value" else args[1]
        taken = ExchangeRate.objects.filter(
            currency=value if kind == "rate currency" else rate.currency,
            valid_from=value if kind == "rate date" else rate.valid_from,
        ).exclude(pk=rate.pk)
        if kind == "rate value" or not taken.exists():
            setattr(rate, field[kind], value)
            rate.save()
    elif kind == "delete rate" and (rate := _pick(ExchangeRate.objects, args[0])):
        rate.delete()
    elif kind == "bulk":
        _bulk(args[0])


def _step(shipment, step, day) -> None:
    """Moves between counted and uncounted statuses, keeping the database's rules."""
    if shipment.is_outgoing:
        targets = {
            "count": ("dispatched", day),
            "uncount": ("draft", None),
            "lose": ("lost", day),
            "acknowledge": ("acknowledged", day),
        }
        status, dispatched = targets[step]
        Shipment.objects.filter(pk=shipment.pk).update(status=status, dispatched_on=dispatched)
    else:
        status, day = {
            "count": ("received", day),
            "uncount": ("expected", None),
            "lose": ("cancelled", None),
            "acknowledge": ("acknowledged", day),
        }[step]
        shipment.status, shipment.received_on = status, day
        shipment.save()


def _bulk(what: str) -> None:
    if what == "quantities":
        ShipmentItem.objects.filter(quantity__lt=3).update(quantity=3, pages=1)
    elif what == "statuses":
        Shipment.objects.filter(direction="outgoing", status="dispatched").update(
            status="delivered"
        )
    else:
        Shipment.objects.filter(counted_on__isnull=True).delete()


PROPERTY = settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@PROPERTY
@given(operations=st.lists(OPERATIONS, max_size=14))
def test_after_any_sequence_of_changes_the_summary_equals_a_recomputation(history, operations):
    partners = [history["british"], history["french"], PartnerFactory.build()]
    with transaction.atomic():
        partners[2].save()
        for operation in operations:
            apply(operation, partners)
        assert_exact()
        transaction.set_rollback(True)


def test_the_history_fixture_is_exact_from_the_start(history):
    assert BalanceSummary.objects.filter(year=0).count() == 4
    assert_exact()
