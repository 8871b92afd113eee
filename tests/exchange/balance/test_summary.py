"""The balance summary is exact after every kind of write, and reports read it.

Exact means: the stored rows equal a recomputation from the raw rows by
exchange.balance's reference implementation, and every balance (the CSV byte for
byte) is the same from the summary as from the raw rows alone. Checked after random
sequences of changes, and after each write path: the services, the imports (with and
without --replace), the admin, bulk operations, raw SQL, seed_demo and the rebuild.
"""

import datetime
import io
import threading
import time
from decimal import Decimal

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from django.db import connection, connections, transaction
from django.db.models import Q
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from exchange.balance import rebuild, summary
from exchange.balance.export import balance_report
from exchange.balance.models import BalanceSummary, UnratedValue
from exchange.balance.sums import by_field, by_year, counted_totals, partner_balances, raw_only
from exchange.balance.totals import Period
from exchange.balance.unrated import missing_rates
from exchange.rates.models import ExchangeRate
from exchange.transfer.partners import import_partners
from exchange.transfer.rates import import_rates
from exchange.transfer.shipments import import_shipments
from partners.models import Partner
from shipments import services
from shipments.columns import SHIPMENT_IMPORT_COLUMNS
from shipments.models import Shipment, ShipmentItem
from tests.exchange.import_files import csv_bytes, run_command, table
from tests.factories import (
    ItemFactory,
    ObligationFactory,
    PartnerFactory,
    RateFactory,
    ShipmentFactory,
    received,
    sent,
)
from tests.html_forms import form_data

pytestmark = pytest.mark.django_db

D = datetime.date
POSTGRESQL = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="PostgreSQL's statement triggers and locks"
)
# Whole months, years, open ends, a month's inside, and edges across a year's end.
PERIODS = [
    Period(),
    Period.year(2024),
    Period(D(2023, 12, 1), D(2024, 2, 29)),
    Period(D(2023, 12, 15), D(2024, 2, 10)),
    Period(D(2024, 2, 3), D(2024, 2, 20)),
    Period(None, D(2024, 1, 31)),
    Period(D(2024, 1, 16), None),
    Period(D(2023, 1, 1), D(2024, 12, 31)),
]


def assert_exact(periods=PERIODS):
    """The summary is what the raw rows make it, and reports read the same from it."""
    stored, expected = rebuild.stored_rows(), rebuild.expected_rows()
    assert stored == expected
    assert_reports_read_as_raw(periods)
    # As the dashboard asks: this year and last year to the same day, by year.
    where = Q(counted_on__lte=D(2023, 12, 20)) | Q(counted_on__gte=D(2024, 1, 10))
    group = {"year": by_year(), "country": by_field("partner__country")}
    found = counted_totals(Period(D(2023, 1, 1), D(2024, 12, 31)), group, where)
    with raw_only():
        assert counted_totals(Period(D(2023, 1, 1), D(2024, 12, 31)), group, where) == found


def assert_reports_read_as_raw(periods):
    """Balances, the CSV and missing rates: the same as from the raw rows alone."""
    partners = Partner.objects.order_by("code")
    for period in periods:
        fast = [_figures(row) for row in partner_balances(partners, period)]
        csv = balance_report(period=period, fmt="csv")
        with raw_only():
            assert [_figures(row) for row in partner_balances(partners, period)] == fast
            assert balance_report(period=period, fmt="csv") == csv
        assert _missing(period) == missing_rates(period)


def _figures(row) -> tuple:
    return tuple(
        (side.items, side.titles, side.pages, side.value, side.shipments, side.last_on)
        for side in (row.sent, row.received)
    )


def _missing(period):
    with raw_only():
        return missing_rates(period)


@pytest.fixture
def rates():
    RateFactory(currency="USD", valid_from=D(2023, 1, 1), rate=Decimal("7.000000"))
    RateFactory(currency="USD", valid_from=D(2024, 1, 15), rate=Decimal("7.123457"))
    RateFactory(currency="EUR", valid_from=D(2023, 6, 1), rate=Decimal("7.800000"))


@pytest.fixture
def history(rates):
    """Two partners, a few months either side of a year's end, every kind of shipment."""
    british = PartnerFactory(code="GB-BL", country="GB")
    french = PartnerFactory(code="FR-BNF", country="FR", kind="university")
    for day, partner in ((D(2023, 12, 14), british), (D(2024, 1, 16), french)):
        shipment = sent(partner, day)
        ItemFactory(
            shipment=shipment, quantity=2, pages=100, unit_value=Decimal("9.99"), currency="USD"
        )
        ItemFactory(
            shipment=shipment, quantity=1, pages=50, unit_value=Decimal("3.50"), currency="CNY"
        )
        ItemFactory(
            shipment=received(partner, day + datetime.timedelta(days=20)),
            quantity=3,
            unit_value=Decimal("12.00"),
            currency="EUR",
        )
    ItemFactory(shipment=ShipmentFactory(partner=british, status="draft"), quantity=9)
    sent(french, D(2024, 2, 29), status="acknowledged")  # counted, without items
    return {"british": british, "french": french}


# Random sequences of changes ----------------------------------------------------------

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


# Each write path ----------------------------------------------------------------------


def test_services_create_update_step_and_delete_keep_it_exact(history, staff_user):
    british = history["british"]
    shipment = services.shipment_create(
        shipment=Shipment(direction="outgoing", partner=british, status="packed"),
        items=[
            ShipmentItem(title="A", quantity=2, pages=30, unit_value=Decimal("5"), currency="USD")
        ],
        user=staff_user,
    )
    shipment = services.shipment_step(
        shipment=shipment, step="dispatch", on=D(2024, 1, 31), user=staff_user
    )
    assert_exact()
    incoming = Shipment(
        direction="incoming", partner=british, status="expected", reference="IN-S-1"
    )
    incoming = services.shipment_create(
        shipment=incoming, items=[ShipmentItem(title="B", quantity=1)], user=staff_user
    )
    item = incoming.items.get()
    item.quantity = 4
    services.shipment_update(
        shipment=incoming,
        items=[item, ShipmentItem(title="C", quantity=1, unit_value=Decimal("2"), currency="EUR")],
        user=staff_user,
        received_on=D(2024, 2, 1),
    )
    assert_exact()
    services.shipment_step(shipment=shipment, step="lose", on=D(2024, 2, 2), user=staff_user)
    assert_exact()


SHIPMENT_ROW = {
    "reference": "OUT-IMP-1",
    "direction": "outgoing",
    "partner_code": "GB-BL",
    "status": "dispatched",
    "dispatched_on": "2024-01-20",
    "title": "Imported",
    "quantity": "2",
    "pages": "10",
    "unit_value": "4.25",
    "currency": "USD",
}


def _shipments_file(*rows):
    return io.BytesIO(
        csv_bytes(SHIPMENT_IMPORT_COLUMNS, table(SHIPMENT_IMPORT_COLUMNS, SHIPMENT_ROW, *rows))
    )


def test_imports_with_and_without_replace_keep_it_exact(history):
    created = import_shipments(
        _shipments_file(
            {},
            {"title": "Second"},
            {
                "reference": "IN-IMP-1",
                "direction": "incoming",
                "status": "received",
                "dispatched_on": "",
                "received_on": "2023-12-31",
            },
        ),
        "s.csv",
    )
    assert created.written
    assert_exact()
    replaced = import_shipments(
        _shipments_file(
            {
                "partner_code": "FR-BNF",
                "dispatched_on": "2024-02-15",
                "quantity": "5",
                "currency": "EUR",
            }
        ),
        "s.csv",
        replace=True,
    )
    assert replaced.written
    assert_exact()
    lost = import_shipments(_shipments_file({"status": "lost"}), "s.csv", replace=True)
    assert lost.written
    assert_exact()


def test_the_import_commands_keep_it_exact(history):
    status, _out, err = run_command("import_shipments", _shipments_file({}).getvalue(), "s.csv")
    assert status == 0, err
    content = _shipments_file({"dispatched_on": "2023-11-30"}).getvalue()
    assert run_command("import_shipments", content, "s.csv", "--replace")[0] == 0
    rates = csv_bytes(
        ["currency", "valid_from", "rate"],
        [["USD", "2023-12-01", "6.5"], ["USD", "2024-01-15", "7.5"]],
    )
    assert run_command("import_rates", rates, "r.csv")[0] == 0
    assert_exact()


def test_rate_imports_that_add_and_change_rates_keep_it_exact(history):
    rows = [["EUR", "2024-01-20", "8.1"], ["USD", "2024-01-15", "7.2"], ["GBP", "2023-01-01", "9"]]
    result = import_rates(io.BytesIO(csv_bytes(["currency", "valid_from", "rate"], rows)), "r.csv")
    assert result.written
    assert_exact()


def test_partner_imports_change_the_names_in_the_csv_and_nothing_else(history):
    columns = [
        "code",
        "name",
        "name_original",
        "kind",
        "country",
        "city",
        "status",
        "exchange_since",
        "exchange_basis",
        "website",
        "email",
    ]
    row = ["GB-BL", "The British Library", "", "national", "GB", "", "active", "", "", "", ""]
    before = rebuild.stored_rows()
    assert import_partners(io.BytesIO(csv_bytes(columns, [row])), "p.csv").written
    assert rebuild.stored_rows() == before
    assert "The British Library" in balance_report(period=Period(), fmt="csv")
    assert_exact()


@pytest.fixture
def superuser_client(db):
    user = User.objects.create_superuser("root", "root@example.org", "x-secret-pass-9")
    client = Client()
    client.force_login(user)
    return client


def test_admin_adds_edits_and_deletes_shipments_with_their_items(history, superuser_client):
    shipment = history["british"].shipments.counted().filter(direction="outgoing").get()
    url = reverse("admin:shipments_shipment_change", args=[shipment.pk])
    data = form_data(superuser_client.get(url).content.decode(), "items-TOTAL_FORMS")
    data["dispatched_on"] = "2024-01-02"
    data["items-0-quantity"] = "7"
    data["items-1-DELETE"] = "on"
    response = superuser_client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:3000]
    assert_exact()
    data = form_data(superuser_client.get(url).content.decode(), "items-TOTAL_FORMS")
    data["items-TOTAL_FORMS"] = str(int(data["items-TOTAL_FORMS"]) + 1)
    new = int(data["items-TOTAL_FORMS"]) - 1
    data.update(
        {
            f"items-{new}-title": "Added in the admin",
            f"items-{new}-quantity": "3",
            f"items-{new}-pages": "0",
            f"items-{new}-unit_value": "1.50",
            f"items-{new}-currency": "EUR",
            f"items-{new}-material_type": "monograph",
        }
    )
    assert superuser_client.post(url, data).status_code == 302
    assert_exact()
    # Taken back to a draft (it never left), then deleted, as the admin allows.
    data = form_data(superuser_client.get(url).content.decode(), "items-TOTAL_FORMS")
    data.update(status="draft", dispatched_on="", delivered_on="", acknowledged_on="")
    response = superuser_client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:3000]
    assert_exact()
    delete = reverse("admin:shipments_shipment_delete", args=[shipment.pk])
    response = superuser_client.post(delete, {"post": "yes"})
    assert response.status_code == 302, response.content.decode()[-3000:]
    assert not Shipment.objects.filter(pk=shipment.pk).exists()
    assert_exact()


def test_admin_edits_items_and_rates_and_deletes_in_bulk(history, superuser_client):
    item = ShipmentItem.objects.filter(currency="USD").first()
    url = reverse("admin:shipments_shipmentitem_change", args=[item.pk])
    data = form_data(superuser_client.get(url).content.decode(), "title")
    data.update(quantity="11", unit_value="1.00", currency="EUR")
    assert superuser_client.post(url, data).status_code == 302
    assert_exact()
    rate = ExchangeRate.objects.get(currency="USD", valid_from=D(2024, 1, 15))
    url = reverse("admin:exchange_exchangerate_change", args=[rate.pk])
    data = form_data(superuser_client.get(url).content.decode(), "rate")
    data.update(valid_from="2023-12-10", rate="6.900000")
    assert superuser_client.post(url, data).status_code == 302
    assert_exact()
    add = reverse("admin:exchange_exchangerate_add")
    data = {"currency": "GBP", "valid_from": "2023-01-01", "rate": "9.000000"}
    assert superuser_client.post(add, data).status_code == 302
    assert_exact()
    # As shipments that never left or came, which may be deleted.
    french = history["french"].shipments
    french.filter(direction="outgoing").update(status="draft", dispatched_on=None)
    french.filter(direction="incoming").update(status="expected", received_on=None)
    changelist = reverse("admin:shipments_shipment_changelist")
    uncounted = list(Shipment.objects.filter(counted_on=None).values_list("pk", flat=True))
    response = superuser_client.post(
        changelist, {"action": "delete_selected", "_selected_action": uncounted, "post": "yes"}
    )
    assert response.status_code == 302
    assert not Shipment.objects.filter(counted_on=None).exists()
    rates = reverse("admin:exchange_exchangerate_changelist")
    every_rate = list(ExchangeRate.objects.values_list("pk", flat=True))
    superuser_client.post(
        rates, {"action": "delete_selected", "_selected_action": every_rate, "post": "yes"}
    )
    assert not ExchangeRate.objects.exists()
    assert_exact()


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


def test_rebuild_summary_repairs_a_damaged_summary(history):
    BalanceSummary.objects.filter(year=0).update(items=0)
    BalanceSummary.objects.filter(month=3).delete()
    out = io.StringIO()
    call_command("rebuild_summary", stdout=out)
    assert "summary rows" in out.getvalue()
    assert_exact()


def test_rebuild_summary_takes_the_base_currency_of_the_settings(history, settings):
    assert summary.installed_base_currency() == "CNY"
    settings.EXCHANGE_BASE_CURRENCY = "EUR"
    call_command("rebuild_summary", stdout=io.StringIO())
    assert summary.installed_base_currency() == "EUR"
    assert_exact()
    sent(history["british"], D(2024, 2, 1)).items.create(
        title="In euros", quantity=1, unit_value=Decimal("10"), currency="EUR"
    )
    assert_exact()


def test_before_the_rebuild_a_changed_base_currency_is_summed_from_raw_rows(history, settings):
    settings.EXCHANGE_BASE_CURRENCY = "USD"  # the summary was built for CNY
    assert_reports_read_as_raw(PERIODS)
    partners = Partner.objects.order_by("code")
    # 3.50 CNY lines now need a rate, and 9.99 USD ones count at 1.
    assert missing_rates(Period()) == [("CNY", D(2023, 12, 14)), ("CNY", D(2024, 1, 16))]
    [_fr, british] = partner_balances(partners, Period.year(2023))
    assert british.sent.value == Decimal("19.98")


@pytest.mark.django_db(transaction=True)
def test_the_data_version_moves_with_each_committed_change(history):
    before = summary.data_version()
    ItemFactory(shipment=Shipment.objects.counted().first(), quantity=1)
    after_item = summary.data_version()
    assert after_item > before
    Partner.objects.filter(pk=history["british"].pk).update(name="Renamed")
    after_partner = summary.data_version()
    assert after_partner > after_item
    with transaction.atomic():
        ExchangeRate.objects.filter(currency="USD").update(rate=Decimal("9"))
        Shipment.objects.filter(direction="incoming").update(notes="checked")
    assert summary.data_version() > after_partner


# Reading ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("period", "whole", "edges"),
    [
        (Period(), "all", []),
        (Period.year(2024), "years 2024-2024", []),
        (Period(D(2023, 3, 1), D(2025, 8, 31)), "years 2024-2024; 2023 3-12; 2025 1-8", []),
        (Period(D(2024, 3, 1), D(2024, 8, 31)), "2024 3-8", []),
        (Period(D(2024, 1, 1), D(2024, 8, 31)), "2024 1-8", []),
        (Period(D(2024, 3, 1), D(2024, 12, 31)), "2024 3-12", []),
        (Period(None, D(2024, 6, 30)), "years -2023; 2024 1-6", []),
        (Period(D(2024, 2, 1), None), "years 2025-; 2024 2-12", []),
        (Period(D(2024, 2, 10), D(2024, 2, 20)), None, [(D(2024, 2, 10), D(2024, 2, 20))]),
        (
            Period(D(2023, 12, 15), D(2024, 1, 10)),
            None,
            [(D(2023, 12, 15), D(2023, 12, 31)), (D(2024, 1, 1), D(2024, 1, 10))],
        ),
        (
            Period(D(2023, 11, 15), D(2024, 2, 10)),
            "2023 12-12; 2024 1-1",
            [(D(2023, 11, 15), D(2023, 11, 30)), (D(2024, 2, 1), D(2024, 2, 10))],
        ),
    ],
)
def test_a_period_is_whole_years_and_months_from_the_summary_and_raw_days_at_its_ends(
    period, whole, edges
):
    condition, raw = summary.split(period, by_years=False)
    assert [(edge.start, edge.end) for edge in raw] == edges
    assert _describe(condition) == whole


def _describe(condition) -> str | None:
    """The summary rows a condition selects, in words, read from its lookups."""
    if condition is None:
        return None
    parts = []
    for part in condition.children if condition.connector == "OR" else [condition]:
        lookups = dict(part.children) if isinstance(part, Q) else dict([part])
        if lookups.get("year") == 0:
            parts.append("all")
        elif lookups.get("month") == 0:
            low, high = lookups.get("year__gte", ""), lookups.get("year__lte", "")
            parts.append(f"years {low}-{high}")
        else:
            parts.append(f"{lookups['year']} {lookups['month__gte']}-{lookups['month__lte']}")
    return "; ".join(parts)


def test_a_period_grouped_by_year_reads_year_rows_not_all_time_rows():
    condition, raw = summary.split(Period(), by_years=True)
    assert raw == []
    assert dict(condition.children) == {"year__gt": 0, "month": 0}


def _sql_of(function) -> str:
    with CaptureQueriesContext(connection) as queries:
        function()
    return " ".join(query["sql"] for query in queries)


def test_reports_read_the_summary_and_raw_rows_only_for_partial_months(history):
    partners = Partner.objects.order_by("code")
    whole = _sql_of(lambda: partner_balances(partners, Period.year(2024)))
    assert "exchange_balancesummary" in whole
    assert "shipments_shipmentitem" not in whole
    partial = _sql_of(lambda: partner_balances(partners, Period(D(2024, 1, 10), None)))
    assert "exchange_balancesummary" in partial
    assert "shipments_shipmentitem" in partial


def test_groupings_and_conditions_the_summary_lacks_are_summed_from_raw_rows(history):
    obligation = ObligationFactory(partner=history["british"])
    Shipment.objects.filter(partner=history["british"]).update(obligation=obligation)
    by_obligation = _sql_of(lambda: counted_totals(Period(), {"o": by_field("obligation_id")}, Q()))
    assert "exchange_balancesummary" not in by_obligation
    where = Q(obligation=obligation)
    found = counted_totals(Period(), {"year": by_year()}, where)
    with raw_only():
        assert counted_totals(Period(), {"year": by_year()}, where) == found
    either = Q(partner=history["french"]) | Q(counted_on__gte=D(2024, 1, 1))
    assert "exchange_balancesummary" not in _sql_of(lambda: counted_totals(Period(), {}, either))
    found = counted_totals(Period(), {}, either)
    with raw_only():
        assert counted_totals(Period(), {}, either) == found


@pytest.mark.parametrize(
    "where",
    [
        Q(counted_on__lte=D(2023, 12, 20)) | Q(counted_on__gte=D(2024, 1, 10)),
        Q(counted_on__gt=D(2023, 12, 14)) & Q(counted_on__lt=D(2024, 2, 5)),
        Q(counted_on__range=(D(2024, 1, 1), D(2024, 2, 29))),
        Q(counted_on__gte=D(2023, 12, 1), counted_on__lte=D(2024, 1, 16)),
        Q(partner__country="FR") & Q(counted_on__gte=D(2024, 1, 1)),
        Q(counted_on__isnull=False),
    ],
)
def test_conditions_on_the_counted_date_become_periods_read_from_the_summary(history, where):
    period = Period(D(2023, 1, 1), D(2024, 12, 31))
    group = {"year": by_year(), "partner": by_field("partner_id")}
    sql = _sql_of(lambda: counted_totals(period, group, where))
    assert "exchange_balancesummary" in sql
    found = counted_totals(period, group, where)
    with raw_only():
        assert counted_totals(period, group, where) == found
    assert found


def test_date_conditions_are_intervals_and_the_rest_of_the_filter():
    day = D(2024, 1, 10)
    assert summary.date_ranges(Q()) == ([(None, None)], Q())
    assert summary.date_ranges(Q(counted_on__lt=day) | Q(counted_on__gt=day)) == (
        [(None, D(2024, 1, 9)), (D(2024, 1, 11), None)],
        Q(),
    )
    assert summary.date_ranges(Q(counted_on__lte=day) | Q(counted_on__gte=D(2024, 1, 11)))[0] == [
        (None, None)
    ]
    ranges, rest = summary.date_ranges(Q(partner_id=3) & Q(counted_on__gte=day))
    assert (ranges, rest) == ([(day, None)], Q(partner_id=3))
    assert summary.date_ranges(Q(counted_on__gte=day) & Q(counted_on__lt=day))[0] == []
    either = Q(partner_id=3) | Q(counted_on__gte=day)
    assert summary.date_ranges(either)[0] == [(None, None)]  # and the summary cannot answer it
    assert not summary.answers({}, summary.date_ranges(either)[1])


def test_groupings_by_country_kind_and_year_agree_with_the_raw_rows(history):
    group = {
        "country": by_field("partner__country"),
        "kind": by_field("partner__kind"),
        "year": by_year(),
    }
    where = Q(partner__country__in=["GB", "FR"]) | Q(partner_id__in=[0])
    for period in PERIODS:
        found = counted_totals(period, group, where)
        with raw_only():
            assert counted_totals(period, group, where) == found


@pytest.mark.parametrize(
    "period", [Period.year(2024), Period(D(2024, 1, 10), D(2024, 2, 20)), Period()]
)
def test_partner_balances_take_two_queries_whatever_the_period(
    history, period, django_assert_num_queries
):
    # The partners; the item sums and the shipment counts and dates (summary and raw ends).
    with django_assert_num_queries(2):
        assert len(partner_balances(Partner.objects.order_by("code"), period)) == 2
    for n in range(10):
        ItemFactory(shipment=sent(PartnerFactory(), D(2024, 1, 20 + n % 5)), quantity=n + 1)
    with django_assert_num_queries(2):
        assert len(partner_balances(Partner.objects.order_by("code"), period)) == 12


def test_missing_rates_read_the_unrated_lines_in_one_query(history, django_assert_num_queries):
    ExchangeRate.objects.filter(currency="EUR").delete()
    with django_assert_num_queries(1):
        assert missing_rates(Period(D(2024, 1, 1), D(2024, 1, 31))) == [("EUR", D(2024, 1, 3))]
    with django_assert_num_queries(1):
        assert missing_rates(Period(), Q(partner=history["french"])) == [("EUR", D(2024, 2, 5))]


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
