"""The shipment list: filters, free text, sorting, totals and its queries."""

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import ItemFactory, PartnerFactory, ShipmentFactory, received, sent
from tests.shipments.views_helpers import LIST, references

pytestmark = pytest.mark.django_db


def test_list_filters_by_direction_several_statuses_partner_country_and_method(staff_client):
    gb = PartnerFactory(code="GB-BL", country="GB")
    fr = PartnerFactory(code="FR-BNF", country="FR")
    ShipmentFactory(reference="OUT-DRAFT", partner=gb, status="draft")
    ShipmentFactory(reference="OUT-PACKED", partner=fr, status="packed", method="air")
    sent(gb, datetime.date(2025, 3, 1), reference="OUT-SENT", method="surface")
    received(fr, datetime.date(2025, 4, 1), reference="IN-RCVD", method="air")

    def found(**params):
        return sorted(references(staff_client.get(LIST, params)))

    assert found(direction="incoming") == ["IN-RCVD"]
    assert found(status=["draft", "packed"]) == ["OUT-DRAFT", "OUT-PACKED"]
    assert found(partner="gb-bl") == ["OUT-DRAFT", "OUT-SENT"]
    assert found(country="FR") == ["IN-RCVD", "OUT-PACKED"]
    assert found(method="air", direction="outgoing") == ["OUT-PACKED"]


def test_list_dates_are_dispatch_or_receipt_dates_else_the_day_recorded(staff_client):
    partner = PartnerFactory()
    sent(partner, datetime.date(2024, 5, 1), reference="OUT-MAY")
    received(partner, datetime.date(2024, 6, 1), reference="IN-JUNE")
    ShipmentFactory(
        reference="OUT-DRAFT",
        partner=partner,
        created_at=datetime.datetime(2024, 7, 1, 10, tzinfo=datetime.UTC),
    )
    params = {"date_from": "2024-05-15", "date_to": "2024-07-01"}
    assert sorted(references(staff_client.get(LIST, params))) == ["IN-JUNE", "OUT-DRAFT"]
    page = staff_client.get(LIST).content.decode()
    assert "the dispatch date of outgoing shipments" in page


def test_free_text_finds_reference_title_and_isbn_with_or_without_hyphens(staff_client):
    shipment = ShipmentFactory(reference="OUT-2026-00042")
    ItemFactory(shipment=shipment, title="The Analects", isbn="9787101003130")
    ShipmentFactory(reference="OUT-2026-00043")
    for text in ("00042", "analects", "978-7-101-00313-0", "9787101003130"):
        assert references(staff_client.get(LIST, {"q": text})) == ["OUT-2026-00042"], text


def test_list_is_latest_first_and_sorts_by_whitelisted_keys(staff_client):
    partner = PartnerFactory()
    old = sent(partner, datetime.date(2020, 1, 1), reference="OUT-OLD")
    new = sent(partner, datetime.date(2025, 1, 1), reference="OUT-NEW")
    ItemFactory.create_batch(3, shipment=old)
    ItemFactory(shipment=new)
    assert references(staff_client.get(LIST)) == ["OUT-NEW", "OUT-OLD"]
    assert references(staff_client.get(LIST, {"sort": "date"})) == ["OUT-OLD", "OUT-NEW"]
    assert references(staff_client.get(LIST, {"sort": "-items"})) == ["OUT-OLD", "OUT-NEW"]
    assert references(staff_client.get(LIST, {"sort": "reference"})) == ["OUT-NEW", "OUT-OLD"]
    assert references(staff_client.get(LIST, {"sort": "notes"})) == ["OUT-NEW", "OUT-OLD"]


def test_list_totals_cover_the_whole_filtered_set_not_just_the_page(staff_client):
    partner = PartnerFactory(code="GB-BL")
    for day in range(1, 56):
        shipment = sent(partner, datetime.date(2024, 1, 1) + datetime.timedelta(days=day))
        ItemFactory(
            shipment=shipment, quantity=2, pages=10, unit_value=Decimal("0.10"), currency="USD"
        )
    other = sent(PartnerFactory(), datetime.date(2024, 1, 1))
    ItemFactory(shipment=other, quantity=100, unit_value=Decimal(1), currency="CNY")
    response = staff_client.get(LIST, {"partner": "GB-BL"})
    assert len(references(response)) == 50
    assert response.context["paginator"].count == 55
    totals = response.context["totals"]
    assert (totals["items"], totals["titles"], totals["pages"]) == (110, 55, 1100)
    assert totals["values"] == {"USD": Decimal("11.00")}
    page = response.content.decode()
    assert "11.00 USD" in page
    assert "CNY" not in page.split("totals-bar__values")[1].split("</dl>")[0]


def test_list_totals_of_a_large_set_are_added_up_when_asked(staff_client, monkeypatch):
    monkeypatch.setattr("shipments.views.TOTALS_AT_ONCE", 2)
    partner = PartnerFactory(code="GB-BL")
    for day in (1, 2, 3):
        shipment = sent(partner, datetime.date(2024, 1, day))
        ItemFactory(shipment=shipment, quantity=2, unit_value=Decimal(1), currency="USD")
    response = staff_client.get(LIST, {"partner": "GB-BL", "sort": "reference"})
    assert "totals" not in response.context
    page = response.content.decode()
    assert "Add them up" in page
    assert 'href="?partner=GB-BL&amp;sort=reference&amp;totals=1"' in page
    response = staff_client.get(LIST, {"partner": "GB-BL", "sort": "reference", "totals": "1"})
    assert response.context["totals"]["items"] == 6
    assert "6.00 USD" in response.content.decode()
    # Two shipments are added up at once.
    response = staff_client.get(LIST, {"partner": "GB-BL", "date_to": "2024-01-02"})
    assert response.context["totals"]["items"] == 4


@pytest.mark.parametrize("count", [2, 20])
def test_list_runs_a_fixed_number_of_queries(staff_client, django_assert_num_queries, count):
    for day in range(1, count + 1):
        shipment = sent(PartnerFactory(), datetime.date(2024, 1, day))
        ItemFactory.create_batch(2, shipment=shipment, unit_value=Decimal(1), currency="CNY")
    # session, user, permissions and groups; the count, the page of shipments with
    # their partners and item sums, the totals of the filtered set
    with django_assert_num_queries(6):
        response = staff_client.get(LIST, {"status": ["dispatched"], "sort": "-items"})
    assert len(response.context["object_list"]) == count


def test_list_filtered_by_status_is_not_distinct(staff_client):
    """A status is a column of the shipment: no SELECT DISTINCT, which computed every
    column of every match (item counts included) before the page was cut."""
    sent(PartnerFactory(), datetime.date(2024, 1, 1), reference="OUT-1")
    with CaptureQueriesContext(connection) as queries:
        response = staff_client.get(LIST, {"status": ["dispatched", "delivered"]})
    assert references(response) == ["OUT-1"]
    # (The totals count the shipments of each currency and rate: COUNT(DISTINCT …).)
    assert not any("SELECT DISTINCT" in query["sql"] for query in queries.captured_queries)


@pytest.mark.skipif(connection.vendor != "postgresql", reason="a PostgreSQL index")
def test_list_order_and_date_filters_are_served_by_the_shipment_date_index(staff_client):
    """The index of migration 0003 matches the list's query: were its expression to drift
    from `shipment_date()`, PostgreSQL could not use it (here, told to avoid the
    alternatives, a sequential scan and a sort)."""
    partner = PartnerFactory()
    sent(partner, datetime.date(2024, 1, 1))
    with CaptureQueriesContext(connection) as queries:
        staff_client.get(LIST)
        staff_client.get(LIST, {"date_from": "2024-01-01", "date_to": "2024-12-31"})
    view_queries = [
        query["sql"]
        for query in queries.captured_queries
        if query["sql"].startswith('SELECT "shipments_shipment"."id"')
    ]
    assert len(view_queries) == 2
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_sort = off")
        for sql in view_queries:
            cursor.execute(f"EXPLAIN {sql}")
            plan = "\n".join(row[0] for row in cursor.fetchall())
            assert "shipment_date_idx" in plan, plan
