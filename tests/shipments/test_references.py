"""New shipments' references: the next number of the direction and year, whatever
other references were imported, never one handed out before."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from shipments.items import ShipmentItem
from shipments.models import Shipment
from shipments.references import ReferenceCounter, highest_number, next_reference
from shipments.services import shipment_create, shipment_delete
from tests.factories import PartnerFactory, ShipmentFactory

pytestmark = pytest.mark.django_db
YEAR = timezone.localdate().year


def create_outgoing() -> Shipment:
    shipment = Shipment(direction="outgoing", status="draft", partner=PartnerFactory())
    return shipment_create(shipment=shipment, items=[ShipmentItem(title="A title")])


def test_a_reference_of_another_form_does_not_stop_new_shipments():
    ShipmentFactory(reference=f"OUT-{YEAR}-X")
    ShipmentFactory(reference=f"OUT-{YEAR}-ZZZZZ")
    assert create_outgoing().reference == f"OUT-{YEAR}-00001"
    assert create_outgoing().reference == f"OUT-{YEAR}-00002"


def test_the_next_number_follows_the_highest_well_formed_reference_of_the_year():
    for reference in (f"OUT-{YEAR}-00041", f"OUT-{YEAR}-00007", f"OUT-{YEAR - 1}-00900"):
        ShipmentFactory(reference=reference)
    ShipmentFactory(reference=f"IN-{YEAR}-00300", direction="incoming", status="expected")
    assert next_reference("outgoing", YEAR) == f"OUT-{YEAR}-00042"
    assert next_reference("incoming", YEAR) == f"IN-{YEAR}-00301"


def test_a_deleted_drafts_number_is_never_handed_out_again():
    first = create_outgoing()
    shipment_delete(shipment=first)
    assert create_outgoing().reference == f"OUT-{YEAR}-00002"


def test_a_higher_number_imported_since_is_followed():
    create_outgoing()
    ShipmentFactory(reference=f"OUT-{YEAR}-00500")
    assert create_outgoing().reference == f"OUT-{YEAR}-00501"


def test_numbers_go_on_past_99999():
    ShipmentFactory(reference=f"OUT-{YEAR}-99999")
    assert next_reference("outgoing", YEAR) == f"OUT-{YEAR}-100000"
    ShipmentFactory(reference=f"OUT-{YEAR}-100000")
    assert next_reference("outgoing", YEAR) == f"OUT-{YEAR}-100001"


def test_the_counter_keeps_the_last_number_of_each_direction_and_year():
    create_outgoing()
    create_outgoing()
    assert ReferenceCounter.objects.get(prefix=f"OUT-{YEAR}-").last == 2


@pytest.mark.skipif(connection.vendor != "postgresql", reason="a PostgreSQL index")
def test_the_highest_number_is_found_with_the_reference_pattern_index():
    ShipmentFactory(reference=f"OUT-{YEAR}-00041")
    with CaptureQueriesContext(connection) as queries:
        highest_number(f"OUT-{YEAR}-")
    (sql,) = [query["sql"] for query in queries.captured_queries]
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute(f"EXPLAIN {sql}")
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "shipment_reference_like_idx" in plan, plan
