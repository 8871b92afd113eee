"""seed_demo: realistic demo data, the same for the same seed, loaded only once."""

import datetime
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.db import transaction

from exchange.claims.models import Claim
from exchange.core.roles import ADMINISTRATORS, HEADS, STAFF
from exchange.demo.seed import seed_demo
from exchange.programme.models import CulturalAgreement, Obligation
from exchange.rates.in_effect import currencies_without_rate
from exchange.rates.models import ExchangeRate
from partners.models import Address, Contact, Partner
from shipments.items import ShipmentItem
from shipments.models import Shipment
from shipments.steps import ShipmentEvent
from tests.factories import PartnerFactory

pytestmark = pytest.mark.django_db

UNTIL = datetime.date(2026, 6, 30)
SMALL = {"partners": 40, "years": 3, "scale": 0.3, "until": UNTIL}
SMALL_ARGS = ["--partners", "40", "--years", "3", "--scale", "0.3", "--until", "2026-06-30"]
MODELS = (Partner, Address, Contact, ExchangeRate, CulturalAgreement, Obligation)
MODELS += (Shipment, ShipmentItem, ShipmentEvent, Claim)


def snapshot() -> tuple:
    return (
        sorted(Partner.objects.values_list("code", flat=True)),
        sorted(Shipment.objects.values_list("reference", "status", "dispatched_on", "received_on")),
        sorted(
            ShipmentItem.objects.values_list(
                "shipment__reference", "title", "quantity", "unit_value", "currency"
            )
        ),
    )


def snapshot_of_a_fresh_run(**options) -> tuple:
    """What a run into the empty database makes; rolled back so that the next starts empty."""
    with transaction.atomic():
        seed_demo(**options)
        taken = snapshot()
        transaction.set_rollback(True)
    return taken


def row_counts() -> dict:
    return {model.__name__: model.objects.count() for model in MODELS}


def test_the_same_seed_gives_the_same_data():
    first = snapshot_of_a_fresh_run(**SMALL)
    second = snapshot_of_a_fresh_run(**SMALL)
    codes, references, items = first
    assert codes and references and items
    assert first == second


def test_another_seed_gives_other_data():
    assert snapshot_of_a_fresh_run(**SMALL, seed=1) != snapshot_of_a_fresh_run(**SMALL, seed=2)


def test_a_second_run_adds_nothing():
    call_command("seed_demo", *SMALL_ARGS, stdout=StringIO())
    loaded = row_counts()
    out = StringIO()
    call_command("seed_demo", *SMALL_ARGS, stdout=out)
    assert row_counts() == loaded
    assert "already loaded" in out.getvalue()


def test_it_makes_one_user_per_role_and_prints_the_logins():
    out = StringIO()
    call_command("seed_demo", *SMALL_ARGS, stdout=out)
    users = get_user_model().objects
    for username, group in (("staff", STAFF), ("head", HEADS), ("admin", ADMINISTRATORS)):
        user = users.get(username=username)
        assert user.check_password(f"demo-{username}-2026")
        assert list(user.groups.values_list("name", flat=True)) == [group]
        assert not user.is_superuser
        assert f"{username} / demo-{username}-2026" in out.getvalue()
    assert users.get(username="admin").is_staff
    assert not users.get(username="staff").is_staff


def test_it_leaves_existing_users_alone():
    get_user_model().objects.create_user("staff", password="chosen-by-the-user")
    seed_demo(**SMALL)
    assert get_user_model().objects.get(username="staff").check_password("chosen-by-the-user")


def test_a_small_demo_takes_national_libraries_first():
    seed_demo(**SMALL)
    assert set(Partner.objects.values_list("kind", flat=True)) == {"national"}
    assert Partner.objects.values("country").distinct().count() == 40


def test_every_counted_shipment_has_rates_for_its_currencies():
    seed_demo(**SMALL)
    counted = Shipment.objects.counted().prefetch_related("items")
    assert counted
    for shipment in counted:
        currencies = {item.currency for item in shipment.items.all() if item.unit_value}
        assert currencies_without_rate(currencies, shipment.counted_on) == [], shipment


def test_the_data_passes_model_validation():
    # bulk_create skips validation: check ISBNs, status dates, obligations and the rest.
    seed_demo(**SMALL)
    for model in (Partner, Address, Contact, CulturalAgreement, Obligation, Claim):
        for obj in model.objects.all():
            obj.full_clean()
    for shipment in Shipment.objects.select_related("partner", "obligation__agreement"):
        shipment.full_clean()
    for item in ShipmentItem.objects.all():
        item.full_clean(exclude=["shipment"])


def test_each_shipment_has_its_status_history():
    seed_demo(**SMALL)
    for shipment in Shipment.objects.prefetch_related("events"):
        events = sorted(shipment.events.all(), key=lambda event: event.at)
        assert events[0].status in ("draft", "expected")
        assert events[-1].status == shipment.status
        assert [event.on for event in events] == sorted(event.on for event in events)


def test_it_refuses_a_date_that_is_not_iso():
    with pytest.raises(CommandError, match="YYYY-MM-DD"):
        call_command("seed_demo", "--until", "30/06/2026", stdout=StringIO())


def test_the_default_size_spans_500_partners_in_117_countries():
    seed_demo(until=UNTIL)
    assert Partner.objects.count() >= 500
    assert Partner.objects.values("country").distinct().count() >= 117
    assert Shipment.objects.counted().filter(direction="outgoing").exists()
    assert Shipment.objects.counted().filter(direction="incoming").exists()


def test_if_empty_adds_nothing_to_a_database_that_has_partners(db):
    PartnerFactory(code="GB-BL")
    out = StringIO()
    call_command("seed_demo", "--if-empty", "--partners", "5", stdout=out)
    assert Partner.objects.count() == 1
    assert "no demo data" in out.getvalue()


def test_it_tells_each_step_as_it_goes():
    out = StringIO()
    call_command("seed_demo", *SMALL_ARGS, stdout=out)
    lines = out.getvalue().splitlines()
    steps = ["Partners, their", "Exchange rates", "Agreements", "Shipments over"]
    at = [next(i for i, line in enumerate(lines) if line.startswith(step)) for step in steps]
    assert at == sorted(at)
    written = [line for line in lines if line.endswith(" written")]
    assert "  Shipment: " in "\n".join(written) and "  Partner: " in "\n".join(written)
    assert lines.index(next(line for line in lines if line.startswith("  Partner:"))) < at[1]
